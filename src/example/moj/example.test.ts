// The MoJ example, loaded once by first-run setup as `npm start` does, then each register's part of it
// checked: what it holds, and that loading it again changes nothing. One file, because loading the
// whole example is most of the cost of each check (about 15 s of CPU on PGlite).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleCafAssessments } from './caf-assessments.ts';
import { loadExampleComplianceReviews } from './compliance-reviews.ts';
import { loadExampleContinuity } from './continuity.ts';
import { loadExampleIncidents } from './incidents.ts';
import { loadExampleSupplierAssessments } from './supplier-assessments.ts';
import { loadExampleSuppliers } from './suppliers.ts';

let t: TestContext;
const actor = systemActor('example');

before(async () => {
  t = await createTestContext();
  await firstRunSetup(t.database.db, testConfig({ CUSTODIAN_EXAMPLE: 'moj' }), t.clock);
});
after(async () => t.close());

describe('the MoJ example’s continuity plans', () => {
  test('plans in date, overdue, failed with open actions and never exercised; loading again changes nothing', async () => {
    const first = await loadExampleContinuity(t.services, actor);
    const plans = await t.services.continuityPlans.list(actor);
    assert.equal(plans.length, first.created + first.unchanged);
    const standing = (title: string) => plans.find((p) => p.title === title)?.standing.code;
    assert.equal(standing('Prison case management system disaster recovery'), 'in-date');
    assert.equal(standing('Legal aid digital applications business continuity'), 'overdue');
    assert.equal(standing('Common Platform disaster recovery'), 'overdue');
    assert.equal(plans.find((p) => p.title === 'Common Platform disaster recovery')?.openActions, 2);
    assert.equal(standing('Microsoft 365 backup'), 'never-exercised');
    const again = await loadExampleContinuity(t.services, actor);
    assert.deepEqual(again, { created: 0, unchanged: plans.length });
  });
});

describe('the MoJ example’s incidents', () => {
  test('every stage, a breach near its ICO deadline and one past it, a near miss, closed ones with lessons and actions; loading again changes nothing', async () => {
    // First-run setup has loaded them with the rest of the example.
    assert.equal((await t.services.incidents.list(actor, {}, 1)).total, 7);
    const { incidents } = await t.services.incidents.list(actor, {}, 1);
    assert.deepEqual([...new Set(incidents.map((i) => i.stage))].sort(), ['closed', 'contained', 'eradicated', 'recovered', 'reported', 'triaged']);
    const near = incidents.find((i) => i.title === 'Prisoner list emailed to the wrong address')!;
    assert.deepEqual([near.ico.hoursLeft, near.ico.overdue], [12, false]);
    assert.equal(incidents.find((i) => i.title === 'Probation case notes visible to another region')?.ico.overdue, true);
    assert.ok(incidents.some((i) => i.kind === 'near-miss'));
    const closed = await t.services.incidents.get(actor, incidents.find((i) => i.title === 'Court hearing list published with a victim’s address')!.id);
    assert.deepEqual([closed.stage, closed.ico.decision?.outcome, closed.actions.length, closed.lessons !== null], ['closed', 'report', 2, true]);
    const trend = await t.services.incidents.trend(actor, {});
    assert.ok(trend.months.filter((_, i) => trend.incidents[i]! + trend.nearMisses[i]! > 0).length >= 3);
    assert.deepEqual(await loadExampleIncidents(t.services, actor), { created: 0, unchanged: 7 });
  });
});

describe('the MoJ example’s supplier assessments', () => {
  test('without the example suppliers only the questionnaire loads', async () => {
    const bare = await createTestContext();
    try {
      assert.deepEqual(await loadExampleSupplierAssessments(bare.services, actor), { created: 1, unchanged: 0 });
      assert.equal((await bare.database.db.selectFrom('supplier_assessments').select('id').execute()).length, 0);
    } finally {
      await bare.close();
    }
  });

  test('with them: one completed with every deviation linked to a risk, one sent to the supplier, one in progress; loading again changes nothing', async () => {
    // First-run setup may load the suppliers (and these assessments) already; both loads are idempotent.
    await loadExampleSuppliers(t.services, actor);
    await loadExampleSupplierAssessments(t.services, actor);
    const rows = await t.database.db
      .selectFrom('supplier_assessments as a')
      .innerJoin('suppliers as s', 's.id', 'a.supplier_id')
      .select(['s.name', 'a.status', 'a.result', 'a.reassess_on', 'a.id'])
      .orderBy('s.name')
      .execute();
    assert.deepEqual(rows.map((r) => [r.name, r.status]), [['CGI', 'sent-to-supplier'], ['Perimeter Vision Ltd', 'completed'], ['Shared Services Connected Ltd (SSCL)', 'in-progress']]);
    const completed = rows.find((r) => r.status === 'completed')!;
    assert.equal(completed.result, 'meets-with-deviations');
    const deviations = await t.database.db.selectFrom('supplier_deviations').select(['kind', 'risk_id']).where('assessment_id', '=', completed.id).execute();
    assert.deepEqual(deviations.map((d) => d.kind).sort(), ['answer', 'answer', 'certificate', 'control']);
    assert.ok(deviations.every((d) => d.risk_id !== null));
    assert.equal(new Set(deviations.map((d) => d.risk_id)).size, 2);
    assert.equal((await t.database.db.selectFrom('supplier_questionnaire_links').select('id').execute()).length, 1);
    assert.deepEqual(await loadExampleSupplierAssessments(t.services, actor), { created: 0, unchanged: 4 });
  });
});

describe('the MoJ example’s compliance-reviews', () => {
  test('a completed review with a mix of results, major, minor and observation findings and remediation actions; a planned one; loading again changes nothing', async () => {
    const reviews = await t.services.complianceReviews.list(actor);
    assert.deepEqual(reviews.map((r) => r.status).sort(), ['completed', 'planned']);
    const completed = await t.services.complianceReviews.get(actor, reviews.find((r) => r.status === 'completed')!.id);
    assert.equal(completed.serviceReference, 'SVC-0001');
    assert.equal(completed.counts.results.none, 0);
    assert.ok(completed.counts.results.met > 0 && completed.counts.results['partly-met'] > 0 && completed.counts.results['not-met'] > 0 && completed.counts.results['not-applicable'] > 0);
    assert.deepEqual(completed.counts.severities, { major: 1, minor: 2, observation: 1 });
    const actions = completed.findings.flatMap((f) => f.actions);
    assert.equal(actions.length, 4);
    assert.deepEqual(actions.map((a) => a.status).sort(), ['done', 'open', 'open', 'open']);
    assert.equal(completed.counts.openActions, 3);
    const planned = reviews.find((r) => r.status === 'planned')!;
    assert.equal(planned.plannedOn > '2026-11-28', true);
    assert.equal((await t.services.complianceReviews.get(actor, planned.id)).preview.length, 4);
    const before = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.deepEqual(await loadExampleComplianceReviews(t.services, actor), { created: 0, unchanged: 2 });
    const after = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });
});

describe('the MoJ example’s CAF self-assessment', () => {
  test('a critical service against Baseline: part pre-filled with its evidence, part answered by the assessor, a gap to the target; loading again changes nothing', async () => {
    await loadExampleCafAssessments(t.services, actor);
    const [summary, ...others] = await t.services.cafAssessments.list(actor);
    assert.equal(others.length, 0);
    assert.equal(summary!.serviceReference, 'SVC-0001');
    assert.equal(summary!.serviceCriticality, 'critical');
    assert.equal(summary!.profile, 'baseline');
    const a = await t.services.cafAssessments.get(actor, summary!.id);
    const fromRegisters = a.outcomes.filter((o) => o.source === 'registers');
    assert.ok(fromRegisters.length > 0, 'some outcomes are pre-filled and not yet confirmed');
    assert.ok(fromRegisters.every((o) => o.evidence.some((e) => e.supports)), 'each pre-filled outcome shows the evidence behind it');
    const b2c = a.outcomes.find((o) => o.key === 'B2.c')!;
    assert.deepEqual([b2c.source, b2c.status, b2c.proposedStatus], ['assessor', 'achieved', 'achieved'], 'the assessor confirmed the registers’ proposal');
    assert.ok(b2c.evidence.some((e) => e.url?.startsWith('https://')));
    assert.equal(a.outcomes.filter((o) => o.source === 'assessor').length, 6);
    assert.ok(a.totals.below >= 3, `a visible gap to the target (below: ${a.totals.below})`);
    assert.ok(a.totals.notAssessed > 0);
    assert.ok(a.outcomes.some((o) => o.evidence.some((e) => e.kind === 'finding' && !e.supports)), 'the engine’s open findings on the service count against an outcome');
    const events = (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;
    assert.deepEqual(await loadExampleCafAssessments(t.services, actor), { created: 0, unchanged: 1 });
    assert.equal((await t.database.db.selectFrom('audit_events').select('seq').execute()).length, events);
  });
});
