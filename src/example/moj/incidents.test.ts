import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleIncidents } from './incidents.ts';

let t: TestContext;
const actor = systemActor('example');

before(async () => {
  t = await createTestContext();
  await firstRunSetup(t.database.db, testConfig({ CUSTODIAN_EXAMPLE: 'moj' }), t.clock);
});
after(async () => t.close());

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
