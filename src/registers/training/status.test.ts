import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Course } from './entity.ts';
import { courseStatus, personStatus } from './status.ts';

const course = (code: string, audience: Course['audience'], roleCode: string | null = null, validityMonths = 12): Course => ({ id: code, code, title: code, description: '', audience, roleCode, validityMonths });
const annual = course('ANNUAL', 'everyone');
const iao = course('IAO', 'appointment', 'information-asset-owner', 24);
const admin = course('ADMIN', 'access-role', 'administrator');
const today = '2026-06-15';
const none = { appointmentRoles: new Set<string>(), accessRoles: new Set<string>() };

describe('training status', () => {
  test('complete, due soon within 30 days of expiry, overdue on and after expiry, never done', () => {
    assert.equal(courseStatus(annual, '2026-01-10', today).status, 'complete');
    assert.equal(courseStatus(annual, '2025-07-15', today).status, 'due-soon');
    assert.equal(courseStatus(annual, '2025-07-16', today).status, 'complete');
    assert.equal(courseStatus(annual, '2025-06-15', today).status, 'overdue');
    assert.equal(courseStatus(annual, '2024-01-01', today).status, 'overdue');
    assert.deepEqual(courseStatus(annual, null, today), { course: annual, status: 'never-done', lastCompletedOn: null, expiresOn: null });
    assert.equal(courseStatus(iao, '2024-08-01', today).expiresOn, '2026-08-01');
  });

  test('role courses are required only of those who hold the role', () => {
    assert.deepEqual(personStatus([annual, iao, admin], none, new Map(), today).map((s) => s.course.code), ['ANNUAL']);
    const roles = { appointmentRoles: new Set(['information-asset-owner']), accessRoles: new Set(['administrator']) };
    assert.deepEqual(personStatus([annual, iao, admin], roles, new Map(), today).map((s) => [s.course.code, s.status]), [['ANNUAL', 'never-done'], ['IAO', 'never-done'], ['ADMIN', 'never-done']]);
  });

  test('the latest completion counts, and a date after today is ignored', () => {
    const done = new Map([['ANNUAL', ['2024-01-01', '2026-02-01', '2027-01-01']]]);
    const [status] = personStatus([annual], none, done, today);
    assert.equal(status!.lastCompletedOn, '2026-02-01');
    assert.equal(status!.status, 'complete');
  });
});
