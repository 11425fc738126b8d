import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleCafAssessments } from './caf-assessments.ts';

let t: TestContext;
const actor = systemActor('example');

before(async () => {
  t = await createTestContext();
  await firstRunSetup(t.database.db, testConfig({ CUSTODIAN_EXAMPLE: 'moj' }), t.clock);
});
after(async () => t.close());

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
    const events = (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;
    assert.deepEqual(await loadExampleCafAssessments(t.services, actor), { created: 0, unchanged: 1 });
    assert.equal((await t.database.db.selectFrom('audit_events').select('seq').execute()).length, events);
  });
});
