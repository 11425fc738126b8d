// Table-driven, as owners.test.ts: the supplier rules. Each case builds its own supplier; a case whose
// exception names a unit gets a unit of its own, so that exception covers no other case's supplier.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { appoint, evaluateRule, exceptionFor, ruleFixture, type FoundFinding, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { suppliersCurrentAssessment } from './suppliers-current-assessment.ts';
import { suppliersDeviationsLinked } from './suppliers-deviations-linked.ts';

type Expected = 'passes' | 'open' | 'covered';
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<string>;
  readonly expected: Expected;
  readonly reason?: RegExp;
  readonly accountable?: 'person' | 'siro';
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let questionnaire: string;
let serial = 0;

async function unit(): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('organisation_units').values({ code: `SU${serial}`, name: `Unit ${serial}`, unit_type: 'team', parent_id: f.units.AGENCY }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A supplier reaching an asset, a service, both or nothing, optionally with an SRO. */
async function supplier(input: { reaches?: 'asset' | 'service' | 'nothing'; unitId?: string; sro?: string } = {}): Promise<string> {
  serial += 1;
  const unitId = input.unitId ?? f.units.TEAM;
  const { id } = await f.db.insertInto('suppliers').values({ reference: `SUP-T${serial}`, name: `Supplier ${serial}`, unit_id: unitId }).returning('id').executeTakeFirstOrThrow();
  const reaches = input.reaches ?? 'asset';
  if (reaches === 'asset') {
    const asset = await f.db.insertInto('information_assets').values({ reference: `IA-S${serial}`, name: `Asset ${serial}`, unit_id: unitId, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
    await f.db.insertInto('supplier_assets').values({ supplier_id: id, asset_id: asset.id }).execute();
  }
  if (reaches === 'service') {
    const service = await f.db.insertInto('technology_services').values({ reference: `SVC-S${serial}`, name: `Service ${serial}`, unit_id: unitId, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow();
    await f.db.insertInto('supplier_services').values({ supplier_id: id, service_id: service.id }).execute();
  }
  if (input.sro) await appoint(f.db, { role: 'senior-responsible-officer', personId: input.sro, record: { type: 'supplier', id } });
  return id;
}

async function assessment(supplierId: string, input: { status?: 'in-progress' | 'sent-to-supplier' | 'answered' | 'completed'; completedOn?: string; reassessOn?: string | null } = {}): Promise<string> {
  serial += 1;
  const status = input.status ?? 'completed';
  const completed = status === 'completed';
  const row = await f.db
    .insertInto('supplier_assessments')
    .values({ reference: `ASM-T${serial}`, supplier_id: supplierId, questionnaire_id: questionnaire, status, completed_on: completed ? (input.completedOn ?? '2026-01-10') : null, reassess_on: completed ? (input.reassessOn === undefined ? '2027-01-10' : input.reassessOn) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function risk(): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('risks').values({ reference: `R-S${serial}`, title: 'Supplier shortfall', unit_id: f.units.TEAM, owner_person_id: f.person, inherent_likelihood: 3, inherent_impact: 3, residual_likelihood: 3, residual_impact: 3, treatment: 'reduce', status: 'open', review_on: '2027-01-01' }).returning('id').executeTakeFirstOrThrow()).id;
}

async function deviation(input: { linked: boolean; status?: 'open' | 'resolved'; unitId?: string; sro?: string }): Promise<string> {
  const supplierId = await supplier({ ...(input.unitId ? { unitId: input.unitId } : {}), ...(input.sro ? { sro: input.sro } : {}) });
  const assessmentId = await assessment(supplierId, { status: 'answered' });
  const row = await f.db
    .insertInto('supplier_deviations')
    .values({ supplier_id: supplierId, assessment_id: assessmentId, kind: 'answer', description: 'Does not encrypt backups', risk_id: input.linked ? await risk() : null, status: input.status ?? 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const assessmentCases: Case[] = [
  { name: 'a supplier reaching an asset with an assessment completed and not yet due passes', build: async () => supplier().then(async (id) => (await assessment(id), id)), expected: 'passes' },
  { name: 'a supplier reaching a service with no assessment fails', build: () => supplier({ reaches: 'service' }), expected: 'open', reason: /^No security assessment, though it can reach departmental information$/ },
  {
    name: 'an assessment past its reassessment date is not current',
    build: async () => {
      const id = await supplier();
      await assessment(id, { completedOn: '2025-06-01', reassessOn: '2026-06-14' });
      return id;
    },
    expected: 'open',
    reason: /^No current security assessment: ASM-T\d+ was due for reassessment on 2026-06-14$/,
  },
  { name: 'an assessment due for reassessment today is still current', build: async () => supplier().then(async (id) => (await assessment(id, { reassessOn: '2026-06-15' }), id)), expected: 'passes' },
  { name: 'an assessment still in progress does not count', build: async () => supplier().then(async (id) => (await assessment(id, { status: 'sent-to-supplier' }), id)), expected: 'open', reason: /^No completed security assessment: ASM-T\d+ is sent to supplier$/ },
  {
    name: 'a lapsed assessment followed by a current one passes',
    build: async () => {
      const id = await supplier();
      await assessment(id, { completedOn: '2024-01-01', reassessOn: '2025-01-01' });
      await assessment(id, { completedOn: '2026-03-01', reassessOn: '2026-09-01' });
      return id;
    },
    expected: 'passes',
  },
  { name: 'a supplier that reaches no departmental information is not checked', build: () => supplier({ reaches: 'nothing' }), expected: 'passes' },
  { name: 'the supplier’s SRO is accountable', build: () => supplier({ sro: f.person }), expected: 'open', accountable: 'person' },
  { name: 'without an SRO the managing unit’s SIRO is accountable', build: () => supplier(), expected: 'open', accountable: 'siro' },
  {
    name: 'a failing supplier under an exception for SISP-007 and its managing unit is covered',
    build: async (fx) => {
      const unitId = await unit();
      await exceptionFor(fx, { requirementKey: 'SISP-007', scopeType: 'unit', scopeId: unitId, expiresOn: '2026-12-31' });
      return supplier({ unitId });
    },
    expected: 'covered',
  },
  {
    name: 'an expired exception for its managing unit covers nothing',
    build: async (fx) => {
      const unitId = await unit();
      await exceptionFor(fx, { requirementKey: 'SISP-007', scopeType: 'unit', scopeId: unitId, expiresOn: '2026-06-14' });
      return supplier({ unitId });
    },
    expected: 'open',
  },
  {
    name: 'an exception for the unit above the managing unit covers nothing',
    build: async (fx) => {
      const unitId = await unit();
      await exceptionFor(fx, { requirementKey: 'SISP-007', scopeType: 'unit', scopeId: f.units.AGENCY, expiresOn: '2026-12-31' });
      return supplier({ unitId });
    },
    expected: 'open',
  },
];

const deviationCases: Case[] = [
  { name: 'an open deviation linked to a risk passes', build: () => deviation({ linked: true }), expected: 'passes' },
  { name: 'an open deviation with no risk fails', build: () => deviation({ linked: false }), expected: 'open', reason: /^Open deviation not linked to a risk \(found by ASM-T\d+\)$/ },
  { name: 'a resolved deviation with no risk is not checked', build: () => deviation({ linked: false, status: 'resolved' }), expected: 'passes' },
  { name: 'the supplier’s SRO is accountable', build: () => deviation({ linked: false, sro: f.person }), expected: 'open', accountable: 'person' },
  { name: 'without an SRO the supplier unit’s SIRO is accountable', build: () => deviation({ linked: false }), expected: 'open', accountable: 'siro' },
  {
    name: 'an unlinked deviation under an exception for SISP-007 and the supplier’s unit is covered',
    build: async (fx) => {
      const unitId = await unit();
      await exceptionFor(fx, { requirementKey: 'SISP-007', scopeType: 'unit', scopeId: unitId, expiresOn: '2026-12-31' });
      return deviation({ linked: false, unitId });
    },
    expected: 'covered',
  },
  {
    name: 'an expired exception for the supplier’s unit covers nothing',
    build: async (fx) => {
      const unitId = await unit();
      await exceptionFor(fx, { requirementKey: 'SISP-007', scopeType: 'unit', scopeId: unitId, expiresOn: '2026-03-31' });
      return deviation({ linked: false, unitId });
    },
    expected: 'open',
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  questionnaire = (await f.db.insertInto('questionnaires').values({ code: 'Q-TEST', title: 'Supplier security' }).returning('id').executeTakeFirstOrThrow()).id;
});
after(async () => handle.close());

for (const { rule, cases } of [
  { rule: suppliersCurrentAssessment, cases: assessmentCases },
  { rule: suppliersDeviationsLinked, cases: deviationCases },
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
        const finding = findings.find((x) => x.recordId === built.get(c.name));
        if (c.expected === 'passes') return assert.equal(finding, undefined, `expected no finding, got ${JSON.stringify(finding)}`);
        assert.ok(finding, 'expected a finding');
        assert.equal(finding.status, c.expected);
        assert.equal(finding.exceptionId !== null, c.expected === 'covered');
        if (c.reason) assert.match(finding.reason, c.reason);
        if (c.accountable) assert.equal(finding.accountablePersonId, c.accountable === 'person' ? f.person : f.siro);
      });
    }
  });
}
