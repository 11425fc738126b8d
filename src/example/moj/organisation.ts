// The Ministry of Justice as the built-in example: data a department can change, not assumptions.
//
// The units are real: the MoJ, its 5 executive agencies and the arm's length bodies that GOV.UK's MoJ
// organisation page lists ("35 agencies and public bodies"), grouped and classified as that page groups
// them. The business areas and teams under MoJ HQ, HMPPS and HMCTS are a simplified, illustrative
// picture of the department's internal structure, enough to show appointments and the walk up the tree.
// The people and appointments are in ./people.ts.
//
// Order matters: every unit comes after its parent (the loader resolves parents as it goes).
export interface ExampleUnit {
  /** Unique; uppercase letters, digits, `_` and `-`, at most 32 characters. Imports refer to units by it. */
  readonly code: string;
  readonly name: string;
  /** A `unit_types` code: department, executive_agency, executive_ndpb, advisory_ndpb, tribunal_ndpb, other_alb, directorate, business_area, team. */
  readonly unitType: string;
  /** The parent's code; null only for the root. */
  readonly parent: string | null;
  /** Has an Accounting Officer of its own, accountable to the MoJ's Principal Accounting Officer. */
  readonly hasOwnAccountingOfficer: boolean;
}

export const MOJ_UNITS: readonly ExampleUnit[] = [
  // The department.
  { code: 'MOJ', name: 'Ministry of Justice', unitType: 'department', parent: null, hasOwnAccountingOfficer: true },

  // Executive agencies (5): each has its own Accounting Officer.
  { code: 'HMPPS', name: 'HM Prison and Probation Service', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'HMCTS', name: 'HM Courts & Tribunals Service', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'LAA', name: 'Legal Aid Agency', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'OPG', name: 'Office of the Public Guardian', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'CICA', name: 'Criminal Injuries Compensation Authority', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },

  // Executive non-departmental public bodies (7): each has its own Accounting Officer (its chief executive).
  { code: 'CAFCASS', name: 'Cafcass (Children and Family Court Advisory and Support Service)', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'CCRC', name: 'Criminal Cases Review Commission', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'IMA', name: "Independent Monitoring Authority for the Citizens' Rights Agreements", unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'JAC', name: 'Judicial Appointments Commission', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'LSB', name: 'Legal Services Board', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'PAROLE', name: 'Parole Board', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'YJB', name: 'Youth Justice Board for England and Wales', unitType: 'executive_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: true },

  // Advisory non-departmental public bodies (13): no Accounting Officer of their own; the MoJ funds and supports them.
  { code: 'ACJP', name: 'Advisory Committees on Justices of the Peace', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'CJC', name: 'Civil Justice Council', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'CPRC', name: 'Civil Procedure Rule Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'CRIMPRC', name: 'Criminal Procedure Rule Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'FJC', name: 'Family Justice Council', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'FPRC', name: 'Family Procedure Rule Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'IAPDC', name: 'Independent Advisory Panel on Deaths in Custody', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  // Listed under the MoJ on GOV.UK; some government lists place it with the business department (Insolvency Service). Kept here as GOV.UK has it.
  { code: 'IRC', name: 'Insolvency Rules Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'LAWCOM', name: 'Law Commission', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'OPRC', name: 'Online Procedure Rule Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  // Sponsored by the MoJ; its secretariat is provided by the Office of Manpower Economics.
  { code: 'PSPRB', name: 'Prison Service Pay Review Body', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'SENTCOUNCIL', name: 'Sentencing Council for England and Wales', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'TPC', name: 'Tribunal Procedure Committee', unitType: 'advisory_ndpb', parent: 'MOJ', hasOwnAccountingOfficer: false },

  // Tribunal NDPBs: GOV.UK lists none for the MoJ today (the tribunals themselves are run by HMCTS), so none here.

  // Other arm's length bodies (10), as GOV.UK's "Other" group.
  { code: 'ASJ', name: 'Academy for Social Justice', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'HMIPRISONS', name: 'HM Inspectorate of Prisons', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'HMIPROBATION', name: 'HM Inspectorate of Probation', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  // GOV.UK lists the Independent Monitoring Boards under "Other"; some Cabinet Office lists have classed them as an advisory NDPB.
  { code: 'IMB', name: 'Independent Monitoring Boards', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'JACO', name: 'Judicial Appointments and Conduct Ombudsman', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'JO', name: 'Judicial Office', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  // GOV.UK lists it under "Other"; its board, the Office for Legal Complaints, is an executive NDPB with its own Accounting Officer (the Chief Ombudsman).
  { code: 'LEO', name: 'Legal Ombudsman', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'OSPT', name: 'Official Solicitor and Public Trustee', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'PPO', name: 'Prisons and Probation Ombudsman', unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'VC', name: "Victims' Commissioner", unitType: 'other_alb', parent: 'MOJ', hasOwnAccountingOfficer: false },

  // MoJ HQ and its business areas (illustrative structure; the SIG is the policy's Security and Information Group).
  { code: 'MOJ-HQ', name: 'Ministry of Justice HQ', unitType: 'directorate', parent: 'MOJ', hasOwnAccountingOfficer: false },
  { code: 'MOJ-COO', name: 'Chief Operating Officer Group', unitType: 'business_area', parent: 'MOJ-HQ', hasOwnAccountingOfficer: false },
  { code: 'MOJ-SIG', name: 'Security and Information Group', unitType: 'business_area', parent: 'MOJ-HQ', hasOwnAccountingOfficer: false },
  { code: 'MOJ-SIG-CYBER', name: 'Cyber Security', unitType: 'team', parent: 'MOJ-SIG', hasOwnAccountingOfficer: false },
  { code: 'MOJ-DIGITAL', name: 'Justice Digital (Digital and Technology)', unitType: 'business_area', parent: 'MOJ-HQ', hasOwnAccountingOfficer: false },
  { code: 'MOJ-DIGITAL-HOSTING', name: 'Hosting and Platforms', unitType: 'team', parent: 'MOJ-DIGITAL', hasOwnAccountingOfficer: false },
  { code: 'MOJ-FIN', name: 'Finance', unitType: 'business_area', parent: 'MOJ-HQ', hasOwnAccountingOfficer: false },

  // Inside HMPPS (illustrative).
  { code: 'HMPPS-PRISONS', name: 'Prisons', unitType: 'business_area', parent: 'HMPPS', hasOwnAccountingOfficer: false },
  { code: 'HMPPS-PROBATION', name: 'Probation Service', unitType: 'business_area', parent: 'HMPPS', hasOwnAccountingOfficer: false },
  { code: 'HMPPS-PROB-NW', name: 'Probation Service North West', unitType: 'team', parent: 'HMPPS-PROBATION', hasOwnAccountingOfficer: false },

  // Inside HMCTS (illustrative).
  { code: 'HMCTS-OPS', name: 'Operations', unitType: 'business_area', parent: 'HMCTS', hasOwnAccountingOfficer: false },
  { code: 'HMCTS-DIGITAL', name: 'Digital and Technology Services', unitType: 'business_area', parent: 'HMCTS', hasOwnAccountingOfficer: false },
];
