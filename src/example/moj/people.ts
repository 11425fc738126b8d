// People and appointments in the Ministry of Justice example.
//
// The seed's named people come from the MoJ Strategic Information Security Policy: the Director General-
// Chief Operating Officer (DG-COO) James McEwen, the board member with the security remit; the Chief
// Security Officer Amie Alekna; and Minister Argar, whose portfolio includes cyber security. They are
// recorded only as the policy names them (no staff numbers, line managers or deputies are invented for
// them); their emails use the example domain and their appointments' start dates are placeholders,
// because the policy gives none. The Prime Minister and the Cabinet Secretary appear as offices, not names.
//
// All other names are illustrative (`illustrative: true`): fictional people with fictional surnames, at
// the reserved domain example.justice.gov.uk. They show a working accountability chain with some gaps
// left on purpose, so that Annex A (the bodies with their own Accounting Officer) has something to flag:
//   - Legal Services Board (LSB) and Legal Ombudsman (LEO): an Accounting Officer but no board member
//     with the security remit;
//   - Judicial Appointments Commission (JAC): its Accounting Officer appointment ended on 2026-06-30 and
//     nobody succeeded to it;
//   - Legal Aid Agency (LAA): the SIRO's deputy, Rory Parchment, has left (status 'left').
// Rosa Selection (JAC) stays active in another post; Rory Parchment is the one leaver.
export interface ExamplePerson {
  key: string;
  displayName: string;
  /** Lower case (the database requires it). */
  email: string;
  staffNumber: string | null;
  unitCode: string;
  personType: 'staff' | 'contractor' | 'third_party';
  jobTitle: string;
  lineManagerKey: string | null;
  status: 'active' | 'left';
  illustrative: boolean;
}

export interface ExampleAppointment {
  /** An `accountable_roles` code. */
  roleCode: string;
  /** Null for an external office held by name only (the Prime Minister, the Cabinet Secretary). */
  personKey: string | null;
  holderName: string | null;
  /** Null for external offices. */
  unitCode: string | null;
  /** YYYY-MM-DD */
  startsOn: string;
  endsOn: string | null;
  deputyKey: string | null;
  illustrative: boolean;
}

const D = '@example.justice.gov.uk';

export const MOJ_PEOPLE: readonly ExamplePerson[] = [
  // Named in the seed (not illustrative). Minister Argar is recorded as 'staff', the closest person type for a minister.
  { key: 'james-mcewen', displayName: 'James McEwen', email: `james.mcewen${D}`, staffNumber: null, unitCode: 'MOJ-COO', personType: 'staff', jobTitle: 'Director General-Chief Operating Officer (DG-COO)', lineManagerKey: null, status: 'active', illustrative: false },
  { key: 'amie-alekna', displayName: 'Amie Alekna', email: `amie.alekna${D}`, staffNumber: null, unitCode: 'MOJ-SIG', personType: 'staff', jobTitle: 'Chief Security Officer', lineManagerKey: null, status: 'active', illustrative: false },
  { key: 'minister-argar', displayName: 'Minister Argar', email: `minister.argar${D}`, staffNumber: null, unitCode: 'MOJ', personType: 'staff', jobTitle: 'Minister (portfolio includes cyber security)', lineManagerKey: null, status: 'active', illustrative: false },

  // MoJ HQ (illustrative).
  { key: 'helen-keystone', displayName: 'Helen Keystone', email: `helen.keystone${D}`, staffNumber: 'EX100001', unitCode: 'MOJ-HQ', personType: 'staff', jobTitle: 'Permanent Secretary', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'quentin-register', displayName: 'Quentin Register', email: `quentin.register${D}`, staffNumber: 'EX100002', unitCode: 'MOJ-COO', personType: 'staff', jobTitle: 'Director, Information Risk', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'dana-consent', displayName: 'Dana Consent', email: `dana.consent${D}`, staffNumber: 'EX100003', unitCode: 'MOJ-COO', personType: 'staff', jobTitle: 'Data Protection Officer', lineManagerKey: 'quentin-register', status: 'active', illustrative: true },
  { key: 'tariq-tally', displayName: 'Tariq Tally', email: `tariq.tally${D}`, staffNumber: 'EX100004', unitCode: 'MOJ-COO', personType: 'staff', jobTitle: 'Information Assurance Manager, COO Group', lineManagerKey: 'quentin-register', status: 'active', illustrative: true },

  // Security and Information Group (illustrative, apart from the Chief Security Officer above).
  { key: 'ruth-cipher', displayName: 'Ruth Cipher', email: `ruth.cipher${D}`, staffNumber: 'EX100010', unitCode: 'MOJ-SIG', personType: 'staff', jobTitle: 'Deputy Director, Security and Information Group', lineManagerKey: 'amie-alekna', status: 'active', illustrative: true },
  { key: 'ines-compass', displayName: 'Ines Compass', email: `ines.compass${D}`, staffNumber: 'EX100011', unitCode: 'MOJ-SIG', personType: 'staff', jobTitle: 'Information Assurance Manager', lineManagerKey: 'ruth-cipher', status: 'active', illustrative: true },
  { key: 'sam-beacon', displayName: 'Sam Beacon', email: `sam.beacon${D}`, staffNumber: 'EX100012', unitCode: 'MOJ-SIG-CYBER', personType: 'staff', jobTitle: 'Head of Cyber Security', lineManagerKey: 'ruth-cipher', status: 'active', illustrative: true },
  { key: 'lena-lantern', displayName: 'Lena Lantern', email: `lena.lantern${D}`, staffNumber: 'EX100013', unitCode: 'MOJ-SIG-CYBER', personType: 'staff', jobTitle: 'Security Analyst', lineManagerKey: 'sam-beacon', status: 'active', illustrative: true },
  { key: 'victor-vault', displayName: 'Victor Vault', email: `victor.vault${D}`, staffNumber: 'CX200001', unitCode: 'MOJ-SIG-CYBER', personType: 'contractor', jobTitle: 'Penetration Tester (contractor)', lineManagerKey: 'sam-beacon', status: 'active', illustrative: true },

  // Justice Digital (illustrative).
  { key: 'grace-harbour', displayName: 'Grace Harbour', email: `grace.harbour${D}`, staffNumber: 'EX100020', unitCode: 'MOJ-DIGITAL', personType: 'staff', jobTitle: 'Chief Digital and Information Officer', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'mei-anchor', displayName: 'Mei Anchor', email: `mei.anchor${D}`, staffNumber: 'EX100021', unitCode: 'MOJ-DIGITAL', personType: 'staff', jobTitle: 'Head of Information Assurance, Justice Digital', lineManagerKey: 'grace-harbour', status: 'active', illustrative: true },
  { key: 'felix-lattice', displayName: 'Felix Lattice', email: `felix.lattice${D}`, staffNumber: 'EX100022', unitCode: 'MOJ-DIGITAL-HOSTING', personType: 'staff', jobTitle: 'Head of Hosting and Platforms', lineManagerKey: 'grace-harbour', status: 'active', illustrative: true },
  // In a team with no IA Lead of its own: the nearest is Justice Digital's (Mei Anchor), found by walking up.
  { key: 'nina-rivet', displayName: 'Nina Rivet', email: `nina.rivet${D}`, staffNumber: 'EX100023', unitCode: 'MOJ-DIGITAL-HOSTING', personType: 'staff', jobTitle: 'Platform Engineer', lineManagerKey: 'felix-lattice', status: 'active', illustrative: true },
  { key: 'carl-spanner', displayName: 'Carl Spanner', email: `carl.spanner${D}`, staffNumber: 'CX200002', unitCode: 'MOJ-DIGITAL-HOSTING', personType: 'contractor', jobTitle: 'Cloud Engineer (contractor)', lineManagerKey: 'felix-lattice', status: 'active', illustrative: true },
  { key: 'tess-relay', displayName: 'Tess Relay', email: `tess.relay${D}`, staffNumber: null, unitCode: 'MOJ-DIGITAL', personType: 'third_party', jobTitle: 'Service Desk Engineer (managed service supplier)', lineManagerKey: null, status: 'active', illustrative: true },

  // Finance (illustrative).
  { key: 'ada-ledger', displayName: 'Ada Ledger', email: `ada.ledger${D}`, staffNumber: 'EX100030', unitCode: 'MOJ-FIN', personType: 'staff', jobTitle: 'Chief Financial Officer', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'owen-quill', displayName: 'Owen Quill', email: `owen.quill${D}`, staffNumber: 'EX100031', unitCode: 'MOJ-FIN', personType: 'staff', jobTitle: 'Finance Business Partner', lineManagerKey: 'ada-ledger', status: 'active', illustrative: true },

  // HMPPS (illustrative).
  { key: 'marcus-warden', displayName: 'Marcus Warden', email: `marcus.warden${D}`, staffNumber: 'EX100040', unitCode: 'HMPPS', personType: 'staff', jobTitle: 'Chief Executive, HMPPS', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'nadia-bolt', displayName: 'Nadia Bolt', email: `nadia.bolt${D}`, staffNumber: 'EX100041', unitCode: 'HMPPS', personType: 'staff', jobTitle: 'Chief Operating Officer, HMPPS', lineManagerKey: 'marcus-warden', status: 'active', illustrative: true },
  { key: 'pete-turnkey', displayName: 'Pete Turnkey', email: `pete.turnkey${D}`, staffNumber: 'EX100042', unitCode: 'HMPPS', personType: 'staff', jobTitle: 'Director of Security, HMPPS', lineManagerKey: 'marcus-warden', status: 'active', illustrative: true },
  { key: 'ellen-wing', displayName: 'Ellen Wing', email: `ellen.wing${D}`, staffNumber: 'EX100043', unitCode: 'HMPPS-PRISONS', personType: 'staff', jobTitle: 'Head of Information Assurance, Prisons', lineManagerKey: 'nadia-bolt', status: 'active', illustrative: true },
  { key: 'zara-probity', displayName: 'Zara Probity', email: `zara.probity${D}`, staffNumber: 'EX100044', unitCode: 'HMPPS-PROBATION', personType: 'staff', jobTitle: 'Chief Probation Officer', lineManagerKey: 'marcus-warden', status: 'active', illustrative: true },
  { key: 'callum-hearth', displayName: 'Callum Hearth', email: `callum.hearth${D}`, staffNumber: 'EX100045', unitCode: 'HMPPS-PROBATION', personType: 'staff', jobTitle: 'Information Assurance Manager, Probation', lineManagerKey: 'zara-probity', status: 'active', illustrative: true },
  { key: 'hugo-pennant', displayName: 'Hugo Pennant', email: `hugo.pennant${D}`, staffNumber: 'EX100046', unitCode: 'HMPPS-PROB-NW', personType: 'staff', jobTitle: 'Head of Probation Delivery Unit', lineManagerKey: 'zara-probity', status: 'active', illustrative: true },
  // Nearest IA Lead is the Probation Service's (Callum Hearth), found by walking up from the team.
  { key: 'iris-lanyard', displayName: 'Iris Lanyard', email: `iris.lanyard${D}`, staffNumber: 'EX100047', unitCode: 'HMPPS-PROB-NW', personType: 'staff', jobTitle: 'Probation Officer', lineManagerKey: 'hugo-pennant', status: 'active', illustrative: true },

  // HMCTS (illustrative).
  { key: 'olivia-gavel', displayName: 'Olivia Gavel', email: `olivia.gavel${D}`, staffNumber: 'EX100050', unitCode: 'HMCTS', personType: 'staff', jobTitle: 'Chief Executive, HMCTS', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'rajesh-docket', displayName: 'Rajesh Docket', email: `rajesh.docket${D}`, staffNumber: 'EX100051', unitCode: 'HMCTS-DIGITAL', personType: 'staff', jobTitle: 'Chief Digital and Information Officer, HMCTS', lineManagerKey: 'olivia-gavel', status: 'active', illustrative: true },
  { key: 'sofia-summons', displayName: 'Sofia Summons', email: `sofia.summons${D}`, staffNumber: 'EX100052', unitCode: 'HMCTS-OPS', personType: 'staff', jobTitle: 'Director of Operations, HMCTS', lineManagerKey: 'olivia-gavel', status: 'active', illustrative: true },
  { key: 'theo-bench', displayName: 'Theo Bench', email: `theo.bench${D}`, staffNumber: 'EX100053', unitCode: 'HMCTS-OPS', personType: 'staff', jobTitle: 'Information Assurance Manager, Operations', lineManagerKey: 'sofia-summons', status: 'active', illustrative: true },
  { key: 'uma-seal', displayName: 'Uma Seal', email: `uma.seal${D}`, staffNumber: 'EX100054', unitCode: 'HMCTS-DIGITAL', personType: 'staff', jobTitle: 'Head of Information Assurance, Digital and Technology Services', lineManagerKey: 'rajesh-docket', status: 'active', illustrative: true },
  { key: 'yusuf-kernel', displayName: 'Yusuf Kernel', email: `yusuf.kernel${D}`, staffNumber: 'CX200003', unitCode: 'HMCTS-DIGITAL', personType: 'contractor', jobTitle: 'Software Developer (contractor)', lineManagerKey: 'uma-seal', status: 'active', illustrative: true },

  // Legal Aid Agency (illustrative). Rory Parchment has left; he is still named as a deputy (a deliberate gap).
  { key: 'fiona-counsel', displayName: 'Fiona Counsel', email: `fiona.counsel${D}`, staffNumber: 'EX100060', unitCode: 'LAA', personType: 'staff', jobTitle: 'Chief Executive, Legal Aid Agency', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'george-brief', displayName: 'George Brief', email: `george.brief${D}`, staffNumber: 'EX100061', unitCode: 'LAA', personType: 'staff', jobTitle: 'Director of Digital, Legal Aid Agency', lineManagerKey: 'fiona-counsel', status: 'active', illustrative: true },
  { key: 'hannah-writ', displayName: 'Hannah Writ', email: `hannah.writ${D}`, staffNumber: 'EX100062', unitCode: 'LAA', personType: 'staff', jobTitle: 'Director of Operations, Legal Aid Agency', lineManagerKey: 'fiona-counsel', status: 'active', illustrative: true },
  { key: 'rory-parchment', displayName: 'Rory Parchment', email: `rory.parchment${D}`, staffNumber: 'EX100063', unitCode: 'LAA', personType: 'staff', jobTitle: 'Deputy Director, Information Risk', lineManagerKey: 'hannah-writ', status: 'left', illustrative: true },

  // Office of the Public Guardian and Criminal Injuries Compensation Authority (illustrative).
  { key: 'ian-steward', displayName: 'Ian Steward', email: `ian.steward${D}`, staffNumber: 'EX100070', unitCode: 'OPG', personType: 'staff', jobTitle: 'Public Guardian and Chief Executive', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'jas-mandate', displayName: 'Jas Mandate', email: `jas.mandate${D}`, staffNumber: 'EX100071', unitCode: 'OPG', personType: 'staff', jobTitle: 'Director of Digital and Data, OPG', lineManagerKey: 'ian-steward', status: 'active', illustrative: true },
  { key: 'julia-remedy', displayName: 'Julia Remedy', email: `julia.remedy${D}`, staffNumber: 'EX100080', unitCode: 'CICA', personType: 'staff', jobTitle: 'Chief Executive, CICA', lineManagerKey: 'helen-keystone', status: 'active', illustrative: true },
  { key: 'kwame-award', displayName: 'Kwame Award', email: `kwame.award${D}`, staffNumber: 'EX100081', unitCode: 'CICA', personType: 'staff', jobTitle: 'Head of Operations, CICA', lineManagerKey: 'julia-remedy', status: 'active', illustrative: true },

  // Executive NDPBs and the Legal Ombudsman (illustrative). Their chief executives answer to their own boards,
  // not to an MoJ line manager, so they have none here.
  { key: 'liam-guardian', displayName: 'Liam Guardian', email: `liam.guardian${D}`, staffNumber: 'EX100090', unitCode: 'CAFCASS', personType: 'staff', jobTitle: 'Chief Executive, Cafcass', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'maya-welfare', displayName: 'Maya Welfare', email: `maya.welfare${D}`, staffNumber: 'EX100091', unitCode: 'CAFCASS', personType: 'staff', jobTitle: 'Director of Resources, Cafcass', lineManagerKey: 'liam-guardian', status: 'active', illustrative: true },
  { key: 'noor-appeal', displayName: 'Noor Appeal', email: `noor.appeal${D}`, staffNumber: 'EX100092', unitCode: 'CCRC', personType: 'staff', jobTitle: 'Chief Executive, CCRC', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'oscar-review', displayName: 'Oscar Review', email: `oscar.review${D}`, staffNumber: 'EX100093', unitCode: 'CCRC', personType: 'staff', jobTitle: 'Director of Finance and Corporate Services, CCRC', lineManagerKey: 'noor-appeal', status: 'active', illustrative: true },
  { key: 'priya-accord', displayName: 'Priya Accord', email: `priya.accord${D}`, staffNumber: 'EX100094', unitCode: 'IMA', personType: 'staff', jobTitle: 'Chief Executive, IMA', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'quinn-treaty', displayName: 'Quinn Treaty', email: `quinn.treaty${D}`, staffNumber: 'EX100095', unitCode: 'IMA', personType: 'staff', jobTitle: 'Head of Corporate Services, IMA', lineManagerKey: 'priya-accord', status: 'active', illustrative: true },
  // Was acting Chief Executive and Accounting Officer of the JAC until 2026-06-30; nobody has been appointed since (a deliberate gap).
  { key: 'rosa-selection', displayName: 'Rosa Selection', email: `rosa.selection${D}`, staffNumber: 'EX100096', unitCode: 'JAC', personType: 'staff', jobTitle: 'Director of Corporate Services, JAC', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'sean-merit', displayName: 'Sean Merit', email: `sean.merit${D}`, staffNumber: 'EX100097', unitCode: 'JAC', personType: 'staff', jobTitle: 'Head of Digital and Information, JAC', lineManagerKey: 'rosa-selection', status: 'active', illustrative: true },
  { key: 'tom-charter', displayName: 'Tom Charter', email: `tom.charter${D}`, staffNumber: 'EX100098', unitCode: 'LSB', personType: 'staff', jobTitle: 'Chief Executive, Legal Services Board', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'una-licence', displayName: 'Una Licence', email: `una.licence${D}`, staffNumber: 'EX100099', unitCode: 'PAROLE', personType: 'staff', jobTitle: 'Chief Executive, Parole Board', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'vik-hearing', displayName: 'Vik Hearing', email: `vik.hearing${D}`, staffNumber: 'EX100100', unitCode: 'PAROLE', personType: 'staff', jobTitle: 'Director of Corporate Services, Parole Board', lineManagerKey: 'una-licence', status: 'active', illustrative: true },
  { key: 'wendy-steer', displayName: 'Wendy Steer', email: `wendy.steer${D}`, staffNumber: 'EX100101', unitCode: 'YJB', personType: 'staff', jobTitle: 'Chief Executive, YJB', lineManagerKey: null, status: 'active', illustrative: true },
  { key: 'xander-pathway', displayName: 'Xander Pathway', email: `xander.pathway${D}`, staffNumber: 'EX100102', unitCode: 'YJB', personType: 'staff', jobTitle: 'Director of Corporate Services, YJB', lineManagerKey: 'wendy-steer', status: 'active', illustrative: true },
  { key: 'yasmin-redress', displayName: 'Yasmin Redress', email: `yasmin.redress${D}`, staffNumber: 'EX100103', unitCode: 'LEO', personType: 'staff', jobTitle: 'Chief Ombudsman, Legal Ombudsman', lineManagerKey: null, status: 'active', illustrative: true },
];

type Appt = ExampleAppointment;
/** An illustrative appointment to a unit. */
function at(roleCode: string, unitCode: string, personKey: string, startsOn: string, extra: Partial<Pick<Appt, 'endsOn' | 'deputyKey'>> = {}): Appt {
  return { roleCode, personKey, holderName: null, unitCode, startsOn, endsOn: extra.endsOn ?? null, deputyKey: extra.deputyKey ?? null, illustrative: true };
}

// The seed gives no start dates: SEED_START is a placeholder for the appointments it names.
const SEED_START = '2024-01-01';

export const MOJ_APPOINTMENTS: readonly ExampleAppointment[] = [
  // GovS 007's chain above the department, as offices (no office holder is named).
  { roleCode: 'prime-minister', personKey: null, holderName: 'The Prime Minister', unitCode: null, startsOn: SEED_START, endsOn: null, deputyKey: null, illustrative: false },
  { roleCode: 'cabinet-secretary', personKey: null, holderName: 'The Cabinet Secretary', unitCode: null, startsOn: SEED_START, endsOn: null, deputyKey: null, illustrative: false },

  // Named in the seed (not illustrative).
  { roleCode: 'security-board-member', personKey: 'james-mcewen', holderName: null, unitCode: 'MOJ', startsOn: SEED_START, endsOn: null, deputyKey: null, illustrative: false },
  { roleCode: 'chief-security-officer', personKey: 'amie-alekna', holderName: null, unitCode: 'MOJ', startsOn: SEED_START, endsOn: null, deputyKey: null, illustrative: false },
  { roleCode: 'cyber-minister', personKey: 'minister-argar', holderName: null, unitCode: 'MOJ', startsOn: SEED_START, endsOn: null, deputyKey: null, illustrative: false },

  // The department (illustrative): Permanent Secretary and Principal Accounting Officer, SIRO, DPO.
  at('permanent-secretary', 'MOJ', 'helen-keystone', '2023-04-03'),
  at('accounting-officer', 'MOJ', 'helen-keystone', '2023-04-03'),
  at('siro', 'MOJ', 'quentin-register', '2023-09-01', { deputyKey: 'ines-compass' }),
  at('data-protection-officer', 'MOJ', 'dana-consent', '2024-02-12'),

  // Information Assurance Leads for the business areas (teams have none: walk up to the business area).
  at('information-assurance-lead', 'MOJ-COO', 'tariq-tally', '2024-05-01'),
  at('information-assurance-lead', 'MOJ-SIG', 'ines-compass', '2023-06-05', { deputyKey: 'lena-lantern' }),
  at('information-assurance-lead', 'MOJ-DIGITAL', 'mei-anchor', '2023-10-02'),
  at('information-assurance-lead', 'MOJ-FIN', 'owen-quill', '2025-01-06'),
  at('information-assurance-lead', 'HMPPS-PRISONS', 'ellen-wing', '2024-03-18'),
  at('information-assurance-lead', 'HMPPS-PROBATION', 'callum-hearth', '2024-07-01'),
  at('information-assurance-lead', 'HMCTS-OPS', 'theo-bench', '2023-11-13'),
  at('information-assurance-lead', 'HMCTS-DIGITAL', 'uma-seal', '2024-09-02'),

  // Executive agencies (illustrative): Accounting Officer, board member with the security remit, SIRO.
  at('accounting-officer', 'HMPPS', 'marcus-warden', '2023-05-01'),
  at('security-board-member', 'HMPPS', 'nadia-bolt', '2023-07-03'),
  at('siro', 'HMPPS', 'pete-turnkey', '2023-07-03'),
  at('accounting-officer', 'HMCTS', 'olivia-gavel', '2023-08-14'),
  at('security-board-member', 'HMCTS', 'rajesh-docket', '2024-01-08'),
  at('siro', 'HMCTS', 'sofia-summons', '2024-01-08', { deputyKey: 'theo-bench' }),
  at('accounting-officer', 'LAA', 'fiona-counsel', '2023-03-01'),
  at('security-board-member', 'LAA', 'george-brief', '2023-09-18'),
  // Gap: the deputy (Rory Parchment) has left.
  at('siro', 'LAA', 'hannah-writ', '2023-09-18', { deputyKey: 'rory-parchment' }),
  at('accounting-officer', 'OPG', 'ian-steward', '2024-04-02'),
  at('security-board-member', 'OPG', 'jas-mandate', '2024-06-03'),
  at('siro', 'OPG', 'jas-mandate', '2024-06-03'),
  at('accounting-officer', 'CICA', 'julia-remedy', '2023-02-06'),
  at('security-board-member', 'CICA', 'kwame-award', '2023-10-09'),
  at('siro', 'CICA', 'kwame-award', '2023-10-09'),

  // Executive NDPBs and the Legal Ombudsman (illustrative).
  at('accounting-officer', 'CAFCASS', 'liam-guardian', '2023-04-17'),
  at('security-board-member', 'CAFCASS', 'maya-welfare', '2023-06-12'),
  at('accounting-officer', 'CCRC', 'noor-appeal', '2024-01-15'),
  at('security-board-member', 'CCRC', 'oscar-review', '2024-03-04'),
  at('accounting-officer', 'IMA', 'priya-accord', '2023-11-01'),
  at('security-board-member', 'IMA', 'quinn-treaty', '2024-02-01'),
  // Gap: the JAC's Accounting Officer appointment has ended and nobody has succeeded.
  at('accounting-officer', 'JAC', 'rosa-selection', '2024-03-01', { endsOn: '2026-06-30' }),
  at('security-board-member', 'JAC', 'sean-merit', '2024-05-20'),
  // Gap: the Legal Services Board has no board member with the security remit.
  at('accounting-officer', 'LSB', 'tom-charter', '2023-07-10'),
  at('accounting-officer', 'PAROLE', 'una-licence', '2025-02-03'),
  at('security-board-member', 'PAROLE', 'vik-hearing', '2025-03-03'),
  at('accounting-officer', 'YJB', 'wendy-steer', '2023-09-04'),
  at('security-board-member', 'YJB', 'xander-pathway', '2023-12-04'),
  // Gap: the Legal Ombudsman has no board member with the security remit.
  at('accounting-officer', 'LEO', 'yasmin-redress', '2024-10-01'),
];
