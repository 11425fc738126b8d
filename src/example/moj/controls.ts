// The MoJ example's controls: a catalogue of people, process and technology controls tied to the
// strategic policy's statements, baselines that derive each service's required controls, and a few
// implementations with evidence. Idempotent by code: controls and baselines already there are left as
// they are, and implementations are recorded only where none exists.
import type { Actor } from '../../access/actor.ts';
import { ImplementationRepository } from '../../registers/controls/implementation.repository.ts';
import { ControlRepository } from '../../registers/controls/repository.ts';
import type { Services } from '../../services.ts';

const D = '@example.justice.gov.uk';

/** Statements of the strategic policy, found by their words: their keys come from the seed's import. */
const MEETS = {
  classified: 'identified, classified and protected',
  services: 'technology services are protected',
  incidents: 'incidents',
  suppliers: 'supplier or partner',
  risks: 'security risks are identified',
  backups: 'back-up',
  training: 'information security training',
  roleTraining: 'role-specific security training',
  disclosure: 'unauthorised or accidental disclosure',
} as const;
type Meets = keyof typeof MEETS;

interface ExampleControl {
  readonly code: string;
  readonly title: string;
  readonly kind: 'people' | 'process' | 'technology';
  readonly description: string;
  readonly owner: string;
  readonly meets: readonly Meets[];
}

export const MOJ_CONTROLS: readonly ExampleControl[] = [
  { code: 'CTL-PPL-01', title: 'Annual information security training', kind: 'people', description: 'Everyone completes the security e-learning on joining and every year after.', owner: `amie.alekna${D}`, meets: ['training', 'disclosure'] },
  { code: 'CTL-PPL-02', title: 'Role-specific security training', kind: 'people', description: 'Administrators, developers and information asset owners take training for their role.', owner: `amie.alekna${D}`, meets: ['roleTraining'] },
  { code: 'CTL-PPL-03', title: 'Clear desk and clear screen', kind: 'people', description: 'Papers are locked away and screens locked when unattended.', owner: `amie.alekna${D}`, meets: ['disclosure'] },
  { code: 'CTL-PRC-01', title: 'Joiners, movers and leavers', kind: 'process', description: 'Access is granted on joining, changed on moving and removed on the day a person leaves.', owner: `amie.alekna${D}`, meets: ['services', 'disclosure'] },
  { code: 'CTL-PRC-02', title: 'Supplier security assurance', kind: 'process', description: 'Suppliers with access to departmental information are assessed before contract and every year.', owner: `amie.alekna${D}`, meets: ['suppliers'] },
  { code: 'CTL-PRC-03', title: 'Incident response', kind: 'process', description: 'Security incidents and near misses are reported, triaged and reviewed for lessons.', owner: `amie.alekna${D}`, meets: ['incidents'] },
  { code: 'CTL-PRC-04', title: 'Information classification and handling', kind: 'process', description: 'Information is marked and handled according to the Government Security Classifications.', owner: `amie.alekna${D}`, meets: ['classified'] },
  { code: 'CTL-ACC-01', title: 'Multi-factor authentication', kind: 'technology', description: 'Every user signs in with a second factor; administrators with a phishing-resistant one.', owner: `amie.alekna${D}`, meets: ['services'] },
  { code: 'CTL-CRY-01', title: 'Encryption at rest', kind: 'technology', description: 'Data stores and backups are encrypted with keys the department controls.', owner: `amie.alekna${D}`, meets: ['services', 'classified'] },
  { code: 'CTL-LOG-01', title: 'Security logging and monitoring', kind: 'technology', description: 'Security events are sent to the central SIEM and alerts are acted on.', owner: `amie.alekna${D}`, meets: ['services', 'incidents'] },
  { code: 'CTL-BCK-01', title: 'Backups and restore testing', kind: 'technology', description: 'Backups are taken, kept off-site and restored in a test at least every six months.', owner: `amie.alekna${D}`, meets: ['backups'] },
  { code: 'CTL-VUL-01', title: 'Vulnerability scanning and patching', kind: 'technology', description: 'Services are scanned every week; critical vulnerabilities are fixed within 14 days.', owner: `amie.alekna${D}`, meets: ['services', 'risks'] },
];

export const MOJ_BASELINES = [
  { code: 'BL-ALL', name: 'Every technology service', description: 'The minimum for anything the department runs.', minTier: null, requiresSensitive: null, requiresPersonalData: null, descriptor: null, minCriticality: null, controlCodes: ['CTL-ACC-01', 'CTL-VUL-01', 'CTL-PRC-01'] },
  { code: 'BL-OS-PD', name: 'OFFICIAL-SENSITIVE personal data', description: 'Services processing OFFICIAL-SENSITIVE personal data.', minTier: 'OFFICIAL', requiresSensitive: true, requiresPersonalData: true, descriptor: null, minCriticality: null, controlCodes: ['CTL-CRY-01', 'CTL-LOG-01', 'CTL-PRC-02'] },
  { code: 'BL-CRIT', name: 'Critical services', description: 'Services whose loss would stop the justice system working.', minTier: null, requiresSensitive: null, requiresPersonalData: null, descriptor: null, minCriticality: 'critical', controlCodes: ['CTL-BCK-01', 'CTL-LOG-01', 'CTL-PRC-03'] },
  { code: 'BL-SECRET', name: 'SECRET services', description: 'Services processing SECRET information.', minTier: 'SECRET', requiresSensitive: null, requiresPersonalData: null, descriptor: null, minCriticality: null, controlCodes: ['CTL-CRY-01', 'CTL-LOG-01', 'CTL-PPL-02'] },
] as const;

/** A few implementations with evidence, on the example's services (by reference) and units (by code). */
const MOJ_IMPLEMENTATIONS = [
  { control: 'CTL-ACC-01', service: 'SVC-0001', status: 'implemented', owner: `ellen.wing${D}`, statusOn: '2026-09-01', evidence: { url: 'https://security-guidance.example.justice.gov.uk/mfa/prison-case-management', note: 'Azure AD conditional access policy export', reviewBy: '2027-09-01' } },
  { control: 'CTL-CRY-01', service: 'SVC-0001', status: 'implemented', owner: `ellen.wing${D}`, statusOn: '2026-06-15', evidence: { note: 'RDS and S3 encrypted with customer-managed KMS keys; checked at the IT health check.', reviewBy: '2026-10-31' } },
  { control: 'CTL-LOG-01', service: 'SVC-0001', status: 'partial', owner: `ellen.wing${D}`, statusOn: '2026-10-01', evidence: null },
  { control: 'CTL-ACC-01', service: 'SVC-0004', status: 'implemented', owner: `uma.seal${D}`, statusOn: '2026-05-20', evidence: { url: 'https://security-guidance.example.justice.gov.uk/mfa/common-platform', note: null, reviewBy: '2027-05-20' } },
  { control: 'CTL-BCK-01', service: 'SVC-0008', status: 'not-applicable', reason: 'Microsoft 365 retention and the supplier’s resilience cover it; see the supplier assurance record.', owner: `felix.lattice${D}`, statusOn: '2026-04-01', evidence: null },
  { control: 'CTL-PPL-01', unit: 'MOJ', status: 'partial', owner: `amie.alekna${D}`, statusOn: '2026-11-01', evidence: { note: '87% completion across the department at the end of October.', reviewBy: '2027-01-31' } },
] as const;

export async function loadExampleControls(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const db = services.context.db;
  const catalogue = new ControlRepository(db);
  const places = new ImplementationRepository(db);
  let created = 0;
  let unchanged = 0;
  const keys = new Map<Meets, string>();
  for (const [name, words] of Object.entries(MEETS) as Array<[Meets, string]>) {
    const key = await catalogue.requirementKeyMentioning(words);
    if (key) keys.set(name, key);
  }
  const ownerKnown = async (email: string) => ((await catalogue.findPerson(email)) ? email : null);

  for (const control of MOJ_CONTROLS) {
    if (await catalogue.controlIdByCode(control.code)) {
      unchanged++;
      continue;
    }
    const requirementKeys = [...new Set(control.meets.flatMap((m) => (keys.has(m) ? [keys.get(m)!] : [])))];
    await services.controls.create(actor, { code: control.code, title: control.title, kind: control.kind, description: control.description, owner: await ownerKnown(control.owner), requirementKeys });
    created++;
  }
  for (const baseline of MOJ_BASELINES) {
    if (await catalogue.baselineIdByCode(baseline.code)) {
      unchanged++;
      continue;
    }
    await services.controls.createBaseline(actor, baseline);
    created++;
  }
  for (const row of MOJ_IMPLEMENTATIONS) {
    const controlId = await catalogue.controlIdByCode(row.control);
    const serviceId = 'service' in row ? await places.serviceIdByReference(row.service) : undefined;
    const unitId = 'unit' in row ? (await places.findUnitByCode(row.unit))?.id : undefined;
    if (!controlId || (!serviceId && !unitId)) continue;
    if (await places.existing(controlId, { serviceId: serviceId ?? null, unitId: unitId ?? null })) {
      unchanged++;
      continue;
    }
    const id = await services.controls.implementations.record(actor, { controlId, serviceId: serviceId ?? null, unitId: unitId ?? null }, { status: row.status, notApplicableReason: 'reason' in row ? row.reason : null, owner: await ownerKnown(row.owner), statusOn: row.statusOn });
    if (row.evidence) {
      const evidence = row.evidence;
      const url = 'url' in evidence ? evidence.url : null;
      // The example's review-by dates are fixed; one already past shows as "review overdue", as intended.
      await places.insertEvidence({ implementationId: id, kind: url ? 'link' : 'note', url, note: evidence.note, fileId: null, reviewBy: evidence.reviewBy, addedBy: 'Example data', addedByPersonId: null });
    }
    created++;
  }
  return { created, unchanged };
}
