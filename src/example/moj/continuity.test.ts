import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleContinuity } from './continuity.ts';

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
