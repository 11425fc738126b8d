import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleComplianceReviews } from './compliance-reviews.ts';

let t: TestContext;
const actor = systemActor('example');

before(async () => {
  t = await createTestContext();
  // First-run setup loads the whole example, this register's reviews included, through the services.
  await firstRunSetup(t.database.db, testConfig({ CUSTODIAN_EXAMPLE: 'moj' }), t.clock);
});
after(async () => t.close());

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
