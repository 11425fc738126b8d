// The scoped form of each protection rule: evaluate fully, change one record, re-evaluate only what the
// change reaches (as the watcher does from the audit trail) and check that only the reached subject's
// finding changed: the others were not even re-checked (their last-seen time stays the full run's).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { ComplianceEngine } from '../evaluate.ts';
import { ComplianceRepository } from '../repository.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { NOW, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { assetsSensitiveProcessing } from './assets-sensitive-processing.ts';
import { servicesRequiredControls } from './services-required-controls.ts';
import { suppliersCurrentAssessment } from './suppliers-current-assessment.ts';
import { suppliersDeviationsLinked } from './suppliers-deviations-linked.ts';

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let mfa: string;
let questionnaire: string;
let serial = 0;

async function service(): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('technology_services').values({ reference: `SVC-Q${serial}`, name: `Service ${serial}`, unit_id: f.units.TEAM, hosting: 'saas', criticality: 'medium' }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A SENSITIVE asset processed by a new service, which lacks the control every service needs. */
async function sensitiveAsset(): Promise<{ asset: string; service: string }> {
  serial += 1;
  const serviceId = await service();
  const { id } = await f.db.insertInto('information_assets').values({ reference: `IA-Q${serial}`, name: `Asset ${serial}`, unit_id: f.units.TEAM, classification_tier: 'OFFICIAL', sensitive: true }).returning('id').executeTakeFirstOrThrow();
  await f.db.insertInto('service_assets').values({ service_id: serviceId, asset_id: id }).execute();
  return { asset: id, service: serviceId };
}

async function implementMfa(serviceId: string): Promise<string> {
  return (await f.db.insertInto('control_implementations').values({ control_id: mfa, service_id: serviceId, status: 'implemented', status_on: '2026-06-01' }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A supplier reaching an asset, with no assessment. */
async function supplier(): Promise<string> {
  serial += 1;
  const { id } = await f.db.insertInto('suppliers').values({ reference: `SUP-Q${serial}`, name: `Supplier ${serial}`, unit_id: f.units.TEAM }).returning('id').executeTakeFirstOrThrow();
  const asset = await f.db.insertInto('information_assets').values({ reference: `IA-QS${serial}`, name: `Asset ${serial}`, unit_id: f.units.TEAM, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
  await f.db.insertInto('supplier_assets').values({ supplier_id: id, asset_id: asset.id }).execute();
  return id;
}

async function assessment(supplierId: string, status: 'answered' | 'completed'): Promise<string> {
  serial += 1;
  const completed = status === 'completed';
  return (await f.db.insertInto('supplier_assessments').values({ reference: `ASM-Q${serial}`, supplier_id: supplierId, questionnaire_id: questionnaire, status, completed_on: completed ? '2026-06-10' : null, reassess_on: completed ? '2027-06-10' : null }).returning('id').executeTakeFirstOrThrow()).id;
}

/** An open deviation not linked to a risk, with the assessment that found it. */
async function unlinkedDeviation(): Promise<{ deviation: string; assessment: string }> {
  const supplierId = await supplier();
  const assessmentId = await assessment(supplierId, 'answered');
  const { id } = await f.db.insertInto('supplier_deviations').values({ supplier_id: supplierId, assessment_id: assessmentId, kind: 'answer', description: 'No MFA for administrators' }).returning('id').executeTakeFirstOrThrow();
  return { deviation: id, assessment: assessmentId };
}

interface ScopedCase {
  readonly name: string;
  readonly rule: ComplianceRule;
  /** Builds two failing subjects: the one the change will reach and one it will not. */
  readonly build: () => Promise<{ reached: string; untouched: string; context: Record<string, string> }>;
  /** Makes the change; returns what the audit trail would name: the record type and id. */
  readonly change: (context: Record<string, string>) => Promise<[string, string]>;
  /** When the change re-checks more than the reached subject (the currently failing ones), only statuses are compared. */
  readonly rechecksFailing?: boolean;
}

const cases: ScopedCase[] = [
  {
    name: 'services.required-controls: a control implemented for one service re-checks that service only',
    rule: servicesRequiredControls,
    build: async () => {
      const [a, b] = [await service(), await service()];
      return { reached: a, untouched: b, context: { service: a } };
    },
    change: async (c) => ['control_implementation', await implementMfa(c.service!)],
  },
  {
    name: 'assets.sensitive-processing: a control implemented for one asset’s service re-checks that asset only',
    rule: assetsSensitiveProcessing,
    build: async () => {
      const [a, b] = [await sensitiveAsset(), await sensitiveAsset()];
      return { reached: a.asset, untouched: b.asset, context: { service: a.service } };
    },
    change: async (c) => ['control_implementation', await implementMfa(c.service!)],
  },
  {
    name: 'assets.sensitive-processing: a service no longer processing an asset clears the asset’s finding',
    rule: assetsSensitiveProcessing,
    build: async () => {
      const [a, b] = [await sensitiveAsset(), await sensitiveAsset()];
      return { reached: a.asset, untouched: b.asset, context: { service: a.service, asset: a.asset } };
    },
    change: async (c) => {
      await f.db.deleteFrom('service_assets').where('service_id', '=', c.service!).where('asset_id', '=', c.asset!).execute();
      return ['technology-service', c.service!];
    },
    rechecksFailing: true,
  },
  {
    name: 'suppliers.current-assessment: an assessment completed re-checks its supplier only',
    rule: suppliersCurrentAssessment,
    build: async () => {
      const [a, b] = [await supplier(), await supplier()];
      return { reached: a, untouched: b, context: { supplier: a } };
    },
    change: async (c) => ['supplier-assessment', await assessment(c.supplier!, 'completed')],
  },
  {
    name: 'suppliers.deviations-linked: a deviation linked to a risk re-checks that deviation only',
    rule: suppliersDeviationsLinked,
    build: async () => {
      const [a, b] = [await unlinkedDeviation(), await unlinkedDeviation()];
      return { reached: a.deviation, untouched: b.deviation, context: { deviation: a.deviation } };
    },
    change: async (c) => {
      serial += 1;
      const risk = await f.db.insertInto('risks').values({ reference: `R-Q${serial}`, title: 'Supplier shortfall', unit_id: f.units.TEAM, owner_person_id: f.person, inherent_likelihood: 2, inherent_impact: 2, residual_likelihood: 2, residual_impact: 2, treatment: 'reduce', review_on: '2027-01-01' }).returning('id').executeTakeFirstOrThrow();
      await f.db.updateTable('supplier_deviations').set({ risk_id: risk.id }).where('id', '=', c.deviation!).execute();
      return ['supplier-deviation', c.deviation!];
    },
  },
  {
    name: 'suppliers.deviations-linked: a deviation an assessment’s evaluation removed has its finding resolved',
    rule: suppliersDeviationsLinked,
    build: async () => {
      const [a, b] = [await unlinkedDeviation(), await unlinkedDeviation()];
      return { reached: a.deviation, untouched: b.deviation, context: { deviation: a.deviation, assessment: a.assessment } };
    },
    change: async (c) => {
      await f.db.deleteFrom('supplier_deviations').where('id', '=', c.deviation!).execute();
      return ['supplier-assessment', c.assessment!];
    },
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  mfa = (await f.db.insertInto('controls').values({ code: 'CTL-Q-MFA', title: 'MFA', kind: 'technology' }).returning('id').executeTakeFirstOrThrow()).id;
  const baseline = await f.db.insertInto('baselines').values({ code: 'BL-Q-ALL', name: 'Every service' }).returning('id').executeTakeFirstOrThrow();
  await f.db.insertInto('baseline_controls').values({ baseline_id: baseline.id, control_id: mfa }).execute();
  questionnaire = (await f.db.insertInto('questionnaires').values({ code: 'Q-SCOPED', title: 'Supplier security' }).returning('id').executeTakeFirstOrThrow()).id;
});
after(async () => handle.close());

async function findingsOf(rule: ComplianceRule) {
  const rows = await f.db.selectFrom('compliance_findings').select(['record_id', 'status', 'changed_at']).where('rule_id', '=', rule.id).execute();
  return new Map(rows.map((r) => [r.record_id, { status: r.status, changed: r.changed_at.getTime() }]));
}

describe(`protection rules, scoped re-evaluation (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  for (const c of cases) {
    test(c.name, async () => {
      const { reached, untouched, context } = await c.build();
      const clock = fixedClock(NOW);
      const engine = new ComplianceEngine(f.db, clock, new AuditTrail(f.db, clock), [c.rule]);
      await engine.evaluate(systemActor('test'), 'test');
      const before = await findingsOf(c.rule);
      assert.equal(before.get(reached)?.status, 'open');
      assert.equal(before.get(untouched)?.status, 'open');

      const [type, id] = await c.change(context);
      const changes = { byType: new Map([[type, new Set([id])]]) };
      const scopes = await engine.scopesFor(changes);
      assert.equal(scopes.length, 1);
      assert.ok(scopes[0]!.scope?.includes(reached), 'the scope reaches the changed subject');
      if (!c.rechecksFailing) assert.deepEqual(scopes[0]!.scope, [reached]);
      clock.set(new Date(NOW.getTime() + 60_000));
      const run = await engine.reevaluate(changes);
      assert.equal(run?.kind, 'scoped');

      const afterRun = await findingsOf(c.rule);
      assert.equal(afterRun.get(reached)?.status, 'resolved');
      for (const [recordId, was] of before) {
        if (recordId === reached) continue;
        const now = afterRun.get(recordId)!;
        assert.equal(now.status, was.status, `finding ${recordId} kept its status`);
        if (!c.rechecksFailing) assert.equal(now.changed, was.changed, `finding ${recordId} changed outside the scope`);
      }
    });
  }

  test('every statement of affectedBy runs, and those through units and imports reach what they should', async () => {
    const repository = new ComplianceRepository(f.db);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const rule of [servicesRequiredControls, assetsSensitiveProcessing, suppliersCurrentAssessment, suppliersDeviationsLinked]) {
      for (const [type, affects] of Object.entries(rule.affectedBy)) {
        if (typeof affects !== 'function') continue;
        assert.ok(Array.isArray(await repository.affectedSubjects(affects([unknown]))), `${rule.id} ${type}`);
      }
    }
    const reach = (rule: ComplianceRule, type: string, ids: string[]) => {
      const affects = rule.affectedBy[type];
      assert.equal(typeof affects, 'function');
      return repository.affectedSubjects((affects as Exclude<typeof affects, 'self' | 'all' | undefined>)(ids));
    };
    // A process control recorded for the agency reaches every service of the team below it, and their assets.
    const { asset, service: serviceId } = await sensitiveAsset();
    const jml = (await f.db.insertInto('controls').values({ code: 'CTL-Q-JML', title: 'Joiners and leavers', kind: 'process' }).returning('id').executeTakeFirstOrThrow()).id;
    const atAgency = (await f.db.insertInto('control_implementations').values({ control_id: jml, unit_id: f.units.AGENCY, status: 'implemented', status_on: '2026-06-01' }).returning('id').executeTakeFirstOrThrow()).id;
    assert.ok((await reach(servicesRequiredControls, 'control_implementation', [atAgency])).includes(serviceId));
    assert.ok((await reach(assetsSensitiveProcessing, 'control_implementation', [atAgency])).includes(asset));
    assert.ok((await reach(servicesRequiredControls, 'organisation-unit', [f.units.AGENCY])).includes(serviceId));
    assert.ok((await reach(servicesRequiredControls, 'information-asset', [asset])).includes(serviceId));
    // An import of control implementations reaches every service; an import of people none.
    const batch = async (kind: string) => (await f.db.insertInto('import_batches').values({ kind, file_name: 'x.csv', sha256: 'a'.repeat(64) }).returning('id').executeTakeFirstOrThrow()).id;
    const services = (await f.db.selectFrom('technology_services').select('id').execute()).length;
    assert.equal((await reach(servicesRequiredControls, 'import_batch', [await batch('control-implementations')])).length, services);
    assert.deepEqual(await reach(servicesRequiredControls, 'import_batch', [await batch('people')]), []);
  });
});
