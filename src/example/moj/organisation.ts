// The Ministry of Justice as the built-in example: data a department can change, not assumptions.
// Issue 03 adds the arm's length bodies, business areas, people and appointments.
export interface ExampleUnit {
  readonly code: string;
  readonly name: string;
  readonly unitType: string;
  readonly parent: string | null;
  readonly hasOwnAccountingOfficer: boolean;
}

export const MOJ_UNITS: readonly ExampleUnit[] = [
  { code: 'MOJ', name: 'Ministry of Justice', unitType: 'department', parent: null, hasOwnAccountingOfficer: true },
  { code: 'HMPPS', name: 'HM Prison and Probation Service', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'HMCTS', name: 'HM Courts & Tribunals Service', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'LAA', name: 'Legal Aid Agency', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'OPG', name: 'Office of the Public Guardian', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
  { code: 'CICA', name: 'Criminal Injuries Compensation Authority', unitType: 'executive_agency', parent: 'MOJ', hasOwnAccountingOfficer: true },
];
