import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type PersonActor } from '../../access/actor.ts';
import type { AccessRole } from '../../access/catalogue.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { apiToken, createAccount } from '../../../test/support/identity.ts';

// The test clock's today is 28 November 2026.
const TODAY = '2026-11-28';
const setup = systemActor('test');
let t: TestContext;
let rootId: string;
let agencyId: string;
let team: PersonActor;
let staff: PersonActor;
let ownerId: string;

const events = async () => (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;
const documentRow = (id: string) => t.database.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const errorCode = (code: string, field?: string) => (error: unknown) => isAppError(error) && error.code === code && (field === undefined || error.problems.some((p) => p.field === field));

async function actorFor(email: string, roles: readonly AccessRole[]): Promise<PersonActor> {
  await createAccount(t, email, roles);
  const actor = await t.services.accounts.resolveToken(await apiToken(t, email));
  assert.ok(actor, `an actor for ${email}`);
  return actor;
}

let imported = 0;
/** A published document with two statements (so two requirements), due for review on the given date. */
async function documentDue(nextReviewOn: string, options: { unitId?: string; ownerPersonId?: string; cycle?: number } = {}): Promise<string> {
  const n = ++imported;
  const { documentId } = await t.services.documents.importDocument(setup, {
    sourceName: `review-${n}.md`,
    markdown: `# Review test policy ${n}\n\nStaff must lock their screens.\n\nManagers must approve access requests.\n`,
    unitId: options.unitId ?? rootId,
  });
  await t.database.db
    .updateTable('documents')
    .set({ next_review_on: nextReviewOn, owner_person_id: options.ownerPersonId ?? null, ...(options.cycle ? { review_cycle_months: options.cycle } : {}) })
    .where('id', '=', documentId)
    .execute();
  return documentId;
}

before(async () => {
  t = await createTestContext();
  rootId = (await t.database.db.insertInto('organisation_units').values({ code: 'MOJ', name: 'Ministry of Justice', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow()).id;
  agencyId = (await t.database.db.insertInto('organisation_units').values({ code: 'HMPPS', name: 'HM Prison and Probation Service', unit_type: 'executive_agency', parent_id: rootId }).returning('id').executeTakeFirstOrThrow()).id;
  team = await actorFor('sig@example.gov.uk', ['security_team']);
  staff = await actorFor('member@example.gov.uk', []);
  ownerId = (await createAccount(t, 'owner@example.gov.uk')).personId;
});
after(async () => {
  await t.close();
});

describe(`document reviews (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the queue labels documents overdue, due within 60 days (inclusive) and later, soonest first', async () => {
    const overdue = await documentDue('2026-11-27');
    const dueToday = await documentDue(TODAY);
    const dueLast = await documentDue('2027-01-27');
    const later = await documentDue('2027-01-28');
    const { items } = await t.services.documentReviews.queue(staff, {});
    const standing = (id: string) => items.find((i) => i.id === id);
    assert.deepEqual([overdue, dueToday, dueLast, later].map((id) => [standing(id)?.standing, standing(id)?.daysUntilDue]), [
      ['overdue', -1],
      ['due', 0],
      ['due', 60],
      ['later', 61],
    ]);
    assert.equal(standing(overdue)?.unitName, 'Ministry of Justice');
    assert.equal(standing(overdue)?.lastReview, null);
    assert.equal(standing(overdue)?.canRecordReview, false, 'a member of staff may not record reviews');
    const order = items.map((i) => i.nextReviewOn);
    assert.deepEqual(order, [...order].sort(), 'soonest first');
  });

  test('the queue filters by owner and by unit, and offers only owners and units that have documents', async () => {
    const owned = await documentDue('2027-03-01', { ownerPersonId: ownerId });
    const inAgency = await documentDue('2027-03-02', { unitId: agencyId });
    const byOwner = await t.services.documentReviews.queue(team, { ownerPersonId: ownerId });
    assert.deepEqual(byOwner.items.map((i) => [i.id, i.ownerName]), [[owned, 'owner']]);
    const byUnit = await t.services.documentReviews.queue(team, { unitId: agencyId });
    assert.deepEqual(byUnit.items.map((i) => i.id), [inAgency]);
    assert.ok(byUnit.items.every((i) => i.canRecordReview), 'the security team records reviews throughout the organisation');
    assert.deepEqual(byOwner.owners, [{ id: ownerId, name: 'owner' }]);
    assert.deepEqual(byOwner.units.map((u) => u.name), ['HM Prison and Probation Service', 'Ministry of Justice']);
  });

  test('no change sets the next review to the date reviewed plus the cycle, with one audit event', async () => {
    const id = await documentDue('2026-12-01', { cycle: 24 });
    const before = await events();
    const reviewId = await t.services.documentReviews.recordReview(team, id, { outcome: 'no-change', notes: '', reviewedOn: '2026-11-20' });
    assert.equal(await events(), before + 1);
    assert.equal((await documentRow(id)).next_review_on, '2028-11-20');
    const history = await t.services.documentReviews.history(staff, id);
    assert.deepEqual(history.map((r) => [r.id, r.outcome, r.reviewedOn, r.nextReviewOn, r.reviewedBy]), [[reviewId, 'no-change', '2026-11-20', '2028-11-20', 'sig <sig@example.gov.uk> (API token)']]);
    const event = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'document-review.recorded').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(event.record_id, id);
    const stored = await t.database.db.selectFrom('document_reviews').select('reviewed_by_person_id').where('id', '=', reviewId).executeTakeFirstOrThrow();
    assert.equal(stored.reviewed_by_person_id, team.personId);
    const queued = (await t.services.documentReviews.queue(team, {})).items.find((i) => i.id === id);
    assert.deepEqual([queued?.standing, queued?.lastReview], ['later', { reviewedOn: '2026-11-20', outcome: 'no-change' }]);
  });

  test('a chosen next review date is kept; history is newest first', async () => {
    const id = await documentDue('2026-12-01');
    await t.services.documentReviews.recordReview(team, id, { outcome: 'no-change', notes: '', reviewedOn: '2026-11-01' });
    await t.services.documentReviews.recordReview(team, id, { outcome: 'revise', notes: 'Name the new access tool.', nextReviewOn: '2027-05-31' });
    assert.equal((await documentRow(id)).next_review_on, '2027-05-31');
    const history = await t.services.documentReviews.history(team, id);
    assert.deepEqual(history.map((r) => [r.reviewedOn, r.outcome, r.notes]), [
      [TODAY, 'revise', 'Name the new access tool.'],
      ['2026-11-01', 'no-change', ''],
    ]);
  });

  test('mistakes are refused field by field and write nothing', async () => {
    const id = await documentDue('2026-12-01');
    const before = await events();
    const refuse = (input: { outcome: string; notes: string; reviewedOn?: string; nextReviewOn?: string }, field: string) => assert.rejects(t.services.documentReviews.recordReview(team, id, input), errorCode('validation_failed', field), field);
    await refuse({ outcome: 'revise', notes: '  ' }, 'notes');
    await refuse({ outcome: 'approved', notes: '' }, 'outcome');
    await refuse({ outcome: 'no-change', notes: '', reviewedOn: '2026-11-29' }, 'reviewedOn');
    await refuse({ outcome: 'no-change', notes: '', reviewedOn: '2026-02-30' }, 'reviewedOn');
    await refuse({ outcome: 'no-change', notes: '', nextReviewOn: TODAY }, 'nextReviewOn');
    await refuse({ outcome: 'no-change', notes: '', nextReviewOn: '2031-11-29' }, 'nextReviewOn');
    await refuse({ outcome: 'retire', notes: '', nextReviewOn: '2027-11-28' }, 'nextReviewOn');
    assert.equal(await events(), before);
    assert.equal((await t.database.db.selectFrom('document_reviews').select('id').where('document_id', '=', id).execute()).length, 0);
    assert.equal((await documentRow(id)).next_review_on, '2026-12-01');
  });

  test('retiring a document retires its requirements and takes it out of the queue', async () => {
    const id = await documentDue('2026-11-01');
    const active = async () => (await t.database.db.selectFrom('requirements').select('id').where('document_id', '=', id).where('status', '=', 'active').execute()).length;
    assert.equal(await active(), 2);
    const before = await events();
    await t.services.documentReviews.recordReview(team, id, { outcome: 'retire', notes: 'Replaced by the access control standard.' });
    assert.equal(await events(), before + 1);
    const document = await documentRow(id);
    assert.deepEqual([document.status, document.next_review_on], ['retired', null]);
    assert.equal(await active(), 0);
    assert.ok(!(await t.services.documentReviews.queue(team, {})).items.some((i) => i.id === id));
    assert.deepEqual((await t.services.documentReviews.history(team, id)).map((r) => [r.outcome, r.nextReviewOn]), [['retire', null]]);
    await assert.rejects(t.services.documentReviews.recordReview(team, id, { outcome: 'no-change', notes: '' }), errorCode('invalid_state'), 'a retired document is not reviewed');
    assert.equal(await events(), before + 1);
  });

  test('a member of staff may not record a review', async () => {
    const id = await documentDue('2026-12-01');
    const before = await events();
    await assert.rejects(t.services.documentReviews.recordReview(staff, id, { outcome: 'no-change', notes: '' }), errorCode('forbidden'));
    assert.equal(await events(), before);
  });

  test('an unknown document is not found', async () => {
    await assert.rejects(t.services.documentReviews.history(team, '00000000-0000-4000-8000-000000000000'), errorCode('not_found'));
    await assert.rejects(t.services.documentReviews.recordReview(team, 'not-an-id', { outcome: 'no-change', notes: '' }), errorCode('not_found'));
  });
});
