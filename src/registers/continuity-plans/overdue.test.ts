import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { missed, planStanding } from './overdue.ts';

const plan = { status: 'approved' as const, testingIntervalMonths: 12 };
const today = '2026-11-28';

describe('when a continuity plan is overdue for a continuity-exercise', () => {
  test('a plan never exercised is overdue', () => {
    assert.deepEqual(planStanding(plan, null, 0, today), { code: 'never-exercised', overdue: true, dueOn: null, reason: 'Never exercised' });
  });
  test('a plan whose last exercise is older than its interval is overdue; on the due day it is still in date', () => {
    assert.equal(planStanding(plan, { exercisedOn: '2025-11-27', result: 'passed' }, 0, today).code, 'overdue');
    assert.equal(planStanding(plan, { exercisedOn: '2025-11-28', result: 'passed' }, 0, today).code, 'in-date');
    assert.equal(planStanding({ ...plan, testingIntervalMonths: 6 }, { exercisedOn: '2026-05-01', result: 'passed' }, 0, today).code, 'overdue');
  });
  test('a recent exercise that failed is overdue while its actions are open, and in date once they are closed', () => {
    const failed = { exercisedOn: '2026-10-01', result: 'failed' as const };
    const open = planStanding(plan, failed, 2, today);
    assert.equal(open.overdue, true);
    assert.match(open.reason, /failed and 2 of its actions are still open/);
    assert.equal(planStanding(plan, failed, 0, today).code, 'in-date');
    assert.equal(planStanding(plan, { exercisedOn: '2026-10-01', result: 'passed-with-issues' }, 2, today).code, 'in-date');
  });
  test('a recent passed exercise is in date, due again after the interval', () => {
    assert.deepEqual(planStanding(plan, { exercisedOn: '2026-03-31', result: 'passed' }, 0, today), { code: 'in-date', overdue: false, dueOn: '2027-03-31', reason: 'Next exercise due by 2027-03-31' });
  });
  test('a retired plan is never overdue', () => {
    assert.equal(planStanding({ ...plan, status: 'retired' }, null, 0, today).overdue, false);
  });
  test('an achieved time misses its objective only when it was measured and is longer', () => {
    assert.equal(missed(5, 4), true);
    assert.equal(missed(4, 4), false);
    assert.equal(missed(null, 4), false);
  });
});
