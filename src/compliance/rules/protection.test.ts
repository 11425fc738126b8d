// Table-driven, as owners.test.ts: each case builds its own records in one database, then the rule runs
// once over all of them and each case's record is checked. One set of baselines serves every case:
// every service needs CTL-T-MFA (technology) and CTL-P-JML (process); a service holding OFFICIAL-SENSITIVE
// information also needs CTL-T-CRY; a critical one CTL-T-BCK.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { appoint, evaluateRule, exceptionFor, ruleFixture, type FoundFinding, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { assetsSensitiveProcessing } from './assets-sensitive-processing.ts';
import { servicesRequiredControls } from './services-required-controls.ts';

type Expected = 'passes' | 'open' | 'covered';
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<string>;
  readonly expected: Expected;
  readonly reason?: RegExp;
  /** Who the finding names as accountable: 'person' (the record's owner), 'other', or 'siro'. */
  readonly accountable?: 'person' | 'other' | 'siro';
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let other: string;
let serial = 0;
const controls: Record<string, string> = {};
type Status = 'implemented' | 'not-applicable' | 'partial' | 'not-started';

async function unit(parent: string): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('organisation_units').values({ code: `U${serial}`, name: `Unit ${serial}`, unit_type: 'team', parent_id: parent }).returning('id').executeTakeFirstOrThrow()).id;
}

async function service(input: { criticality?: string; unitId?: string; owners?: { sro?: string; tso?: string } } = {}): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('technology_services').values({ reference: `SVC-P${serial}`, name: `Service ${serial}`, unit_id: input.unitId ?? f.units.TEAM, hosting: 'saas', criticality: input.criticality ?? 'medium' }).returning('id').executeTakeFirstOrThrow();
  if (input.owners?.sro) await appoint(f.db, { role: 'senior-responsible-officer', personId: input.owners.sro, record: { type: 'technology-service', id: row.id } });
  if (input.owners?.tso) await appoint(f.db, { role: 'technology-service-owner', personId: input.owners.tso, record: { type: 'technology-service', id: row.id } });
  return row.id;
}

async function asset(input: { sensitive?: boolean; personalData?: boolean; iao?: string; services?: readonly string[] } = {}): Promise<string> {
  serial += 1;
  const row = await f.db
    .insertInto('information_assets')
    .values({ reference: `IA-P${serial}`, name: `Asset ${serial}`, unit_id: f.units.TEAM, classification_tier: 'OFFICIAL', sensitive: input.sensitive ?? false, personal_data: input.personalData ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.iao) await appoint(f.db, { role: 'information-asset-owner', personId: input.iao, record: { type: 'information-asset', id: row.id } });
  for (const serviceId of input.services ?? []) await f.db.insertInto('service_assets').values({ service_id: serviceId, asset_id: row.id }).execute();
  return row.id;
}

async function implement(code: string, target: { serviceId?: string; unitId?: string }, status: Status = 'implemented'): Promise<void> {
  await f.db
    .insertInto('control_implementations')
    .values({ control_id: controls[code]!, service_id: target.serviceId ?? null, unit_id: target.unitId ?? null, status, not_applicable_reason: status === 'not-applicable' ? 'Covered by the platform' : null, status_on: '2026-01-01' })
    .execute();
}

/** A service with every control of the every-service baseline implemented for it. */
async function compliantService(input: Parameters<typeof service>[0] = {}): Promise<string> {
  const id = await service(input);
  await implement('CTL-T-MFA', { serviceId: id });
  await implement('CTL-P-JML', { serviceId: id });
  return id;
}

const serviceCases: Case[] = [
  { name: 'a service with every required control implemented passes', build: () => compliantService(), expected: 'passes' },
  { name: 'a service with nothing recorded fails, naming each missing control', build: () => service(), expected: 'open', reason: /^Required controls not implemented: CTL-P-JML \(not recorded\), CTL-T-MFA \(not recorded\)$/ },
  {
    name: 'a control not applicable (with its reason) counts as met',
    build: async () => {
      const id = await service();
      await implement('CTL-T-MFA', { serviceId: id }, 'not-applicable');
      await implement('CTL-P-JML', { serviceId: id });
      return id;
    },
    expected: 'passes',
  },
  {
    name: 'a partial control fails, saying it is partial',
    build: async () => {
      const id = await service();
      await implement('CTL-T-MFA', { serviceId: id }, 'partial');
      await implement('CTL-P-JML', { serviceId: id });
      return id;
    },
    expected: 'open',
    reason: /^Required controls not implemented: CTL-T-MFA \(partial\)$/,
  },
  {
    name: 'a process control implemented at a unit above the service’s counts',
    build: async () => {
      const parent = await unit(f.units.AGENCY);
      const id = await service({ unitId: await unit(parent) });
      await implement('CTL-T-MFA', { serviceId: id });
      await implement('CTL-P-JML', { unitId: parent });
      return id;
    },
    expected: 'passes',
  },
  {
    name: 'a technology control recorded for the unit does not count for its services',
    build: async () => {
      const u = await unit(f.units.AGENCY);
      const id = await service({ unitId: u });
      await implement('CTL-T-MFA', { unitId: u });
      await implement('CTL-P-JML', { serviceId: id });
      return id;
    },
    expected: 'open',
    reason: /CTL-T-MFA \(not recorded\)$/,
  },
  {
    name: 'the service’s own record of a process control wins over its unit’s',
    build: async () => {
      const u = await unit(f.units.AGENCY);
      const id = await service({ unitId: u });
      await implement('CTL-T-MFA', { serviceId: id });
      await implement('CTL-P-JML', { unitId: u });
      await implement('CTL-P-JML', { serviceId: id }, 'not-started');
      return id;
    },
    expected: 'open',
    reason: /^Required controls not implemented: CTL-P-JML \(not started\)$/,
  },
  { name: 'a service with no assets needs only the every-service baseline', build: () => compliantService(), expected: 'passes' },
  {
    name: 'a service holding OFFICIAL-SENSITIVE information needs encryption too',
    build: async () => {
      const id = await compliantService();
      await asset({ sensitive: true, services: [id] });
      return id;
    },
    expected: 'open',
    reason: /^Required controls not implemented: CTL-T-CRY \(not recorded\)$/,
  },
  { name: 'a critical service needs backups too', build: () => compliantService({ criticality: 'critical' }), expected: 'open', reason: /CTL-T-BCK/ },
  { name: 'the SRO is accountable', build: () => service({ owners: { sro: f.person, tso: other } }), expected: 'open', accountable: 'person' },
  { name: 'without an SRO the TSO is accountable', build: () => service({ owners: { tso: other } }), expected: 'open', accountable: 'other' },
  { name: 'without either the unit’s SIRO is accountable', build: () => service(), expected: 'open', accountable: 'siro' },
  {
    name: 'a failing service under an exception for SISP-005 and this service is covered',
    build: async (fx) => {
      const id = await service();
      await exceptionFor(fx, { requirementKey: 'SISP-005', scopeType: 'service', scopeId: id, expiresOn: '2026-12-31' });
      return id;
    },
    expected: 'covered',
  },
  {
    name: 'an expired exception for this service covers nothing',
    build: async (fx) => {
      const id = await service();
      await exceptionFor(fx, { requirementKey: 'SISP-005', scopeType: 'service', scopeId: id, expiresOn: '2026-06-01' });
      return id;
    },
    expected: 'open',
  },
  {
    name: 'an exception for another requirement covers nothing',
    build: async (fx) => {
      const id = await service();
      await exceptionFor(fx, { requirementKey: 'SISP-003', scopeType: 'service', scopeId: id, expiresOn: '2026-12-31' });
      return id;
    },
    expected: 'open',
  },
];

const assetCases: Case[] = [
  {
    name: 'a SENSITIVE asset processed only by services with their controls passes',
    build: async () => {
      const s = await compliantService();
      await implement('CTL-T-CRY', { serviceId: s });
      return asset({ sensitive: true, services: [s] });
    },
    expected: 'passes',
  },
  {
    name: 'a SENSITIVE asset processed by a service missing a control fails, naming the service and the control',
    build: async () => asset({ sensitive: true, services: [await compliantService()] }),
    expected: 'open',
    reason: /^Processed by services missing required controls: SVC-P\d+ Service \d+ lacks CTL-T-CRY \(not recorded\)$/,
  },
  { name: 'a personal-data asset processed by a failing service fails', build: async () => asset({ personalData: true, services: [await service()] }), expected: 'open', reason: /CTL-P-JML \(not recorded\), CTL-T-MFA \(not recorded\)/ },
  { name: 'an asset neither SENSITIVE nor personal is not checked, whatever its services', build: async () => asset({ services: [await service()] }), expected: 'passes' },
  { name: 'a SENSITIVE asset no service processes passes', build: () => asset({ sensitive: true }), expected: 'passes' },
  {
    name: 'of two services only the failing one is named',
    build: async () => {
      const good = await compliantService();
      await implement('CTL-T-CRY', { serviceId: good });
      const bad = await service();
      const id = await asset({ sensitive: true, services: [good, bad] });
      const reference = async (sid: string) => (await f.db.selectFrom('technology_services').select('reference').where('id', '=', sid).executeTakeFirstOrThrow()).reference;
      named.set(id, { named: await reference(bad), notNamed: await reference(good) });
      return id;
    },
    expected: 'open',
    reason: /^Processed by services missing required controls: SVC-P\d+ Service \d+ lacks CTL-P-JML \(not recorded\), CTL-T-CRY \(not recorded\), CTL-T-MFA \(not recorded\)$/,
  },
  { name: 'the asset’s IAO is accountable', build: async () => asset({ sensitive: true, iao: f.person, services: [await service()] }), expected: 'open', accountable: 'person' },
  { name: 'without an IAO the unit’s SIRO is accountable', build: async () => asset({ sensitive: true, services: [await service()] }), expected: 'open', accountable: 'siro' },
  {
    name: 'a failing asset under an exception for SISP-003 and this asset is covered',
    build: async (fx) => {
      const id = await asset({ personalData: true, services: [await service()] });
      await exceptionFor(fx, { requirementKey: 'SISP-003', scopeType: 'asset', scopeId: id, expiresOn: '2026-12-31' });
      return id;
    },
    expected: 'covered',
  },
  {
    name: 'an expired exception for this asset covers nothing',
    build: async (fx) => {
      const id = await asset({ personalData: true, services: [await service()] });
      await exceptionFor(fx, { requirementKey: 'SISP-003', scopeType: 'asset', scopeId: id, expiresOn: '2026-05-31' });
      return id;
    },
    expected: 'open',
  },
  {
    name: 'an exception for a service that processes the asset does not cover the asset',
    build: async (fx) => {
      const s = await service();
      const id = await asset({ personalData: true, services: [s] });
      await exceptionFor(fx, { requirementKey: 'SISP-003', scopeType: 'service', scopeId: s, expiresOn: '2026-12-31' });
      return id;
    },
    expected: 'open',
  },
];

/** By asset, the service its reason must name and the one it must not, for the case of two services. */
const named = new Map<string, { named: string; notNamed: string }>();

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  other = await f.person2('Olive Other');
  for (const [code, kind] of [['CTL-T-MFA', 'technology'], ['CTL-P-JML', 'process'], ['CTL-T-CRY', 'technology'], ['CTL-T-BCK', 'technology']] as const) {
    controls[code] = (await f.db.insertInto('controls').values({ code, title: code, kind }).returning('id').executeTakeFirstOrThrow()).id;
  }
  const baseline = async (code: string, values: { min_tier_rank?: number; requires_sensitive?: boolean; min_criticality?: 'critical' }, codes: readonly string[]) => {
    const { id } = await f.db.insertInto('baselines').values({ code, name: code, min_tier_rank: null, requires_sensitive: null, requires_personal_data: null, descriptor: null, min_criticality: null, ...values }).returning('id').executeTakeFirstOrThrow();
    for (const c of codes) await f.db.insertInto('baseline_controls').values({ baseline_id: id, control_id: controls[c]! }).execute();
  };
  await baseline('BL-ALL', {}, ['CTL-T-MFA', 'CTL-P-JML']);
  await baseline('BL-OS', { min_tier_rank: 1, requires_sensitive: true }, ['CTL-T-CRY']);
  await baseline('BL-CRIT', { min_criticality: 'critical' }, ['CTL-T-BCK']);
});
after(async () => handle.close());

for (const { rule, cases } of [
  { rule: servicesRequiredControls, cases: serviceCases },
  { rule: assetsSensitiveProcessing, cases: assetCases },
] satisfies Array<{ rule: ComplianceRule; cases: Case[] }>) {
  describe(`compliance rule ${rule.id} (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
    const built = new Map<string, string>();
    let findings: FoundFinding[] = [];
    before(async () => {
      for (const c of cases) built.set(c.name, await c.build(f));
      findings = await evaluateRule(f.db, rule);
    });
    for (const c of cases) {
      test(c.name, () => {
        const id = built.get(c.name)!;
        const finding = findings.find((x) => x.recordId === id);
        if (c.expected === 'passes') return assert.equal(finding, undefined, `expected no finding, got ${JSON.stringify(finding)}`);
        assert.ok(finding, 'expected a finding');
        assert.equal(finding.status, c.expected);
        assert.equal(finding.exceptionId !== null, c.expected === 'covered');
        if (c.reason) assert.match(finding.reason, c.reason);
        const services = named.get(id);
        if (services) {
          assert.ok(finding.reason.includes(`${services.named} `), `expected ${services.named} in ${finding.reason}`);
          assert.ok(!finding.reason.includes(`${services.notNamed} `), `expected no ${services.notNamed} in ${finding.reason}`);
        }
        if (c.accountable) assert.equal(finding.accountablePersonId, { person: f.person, other, siro: f.siro }[c.accountable]);
      });
    }
  });
}
