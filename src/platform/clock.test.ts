import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, addMonths, londonDate, londonMidnight } from './clock.ts';

describe('calendar dates in Europe/London', () => {
  test('adding months keeps the day, or takes the last day of a shorter month', () => {
    assert.equal(addMonths('2026-11-28', 12), '2027-11-28');
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-12-15', 3), '2027-03-15');
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
  });

  test('adding days crosses months and years', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });

  test('a London date and midnight follow British Summer Time', () => {
    assert.equal(londonDate(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(londonMidnight('2026-07-01').toISOString(), '2026-06-30T23:00:00.000Z');
    assert.equal(londonMidnight('2026-12-01').toISOString(), '2026-12-01T00:00:00.000Z');
  });
});
