import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let team: Browser;
let staff: Browser;
let teamToken: string;
let staffToken: string;
let imported = 0;

async function documentDue(nextReviewOn: string): Promise<{ id: string; title: string }> {
  const title = `Review journey policy ${++imported}`;
  const { documentId } = await t.services.documents.importDocument(systemActor('test'), { sourceName: `journey-${imported}.md`, markdown: `# ${title}\n\nStaff must lock their screens.\n`, unitId: await rootUnitId(t) });
  await t.database.db.updateTable('documents').set({ next_review_on: nextReviewOn }).where('id', '=', documentId).execute();
  return { id: documentId, title };
}

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

before(async () => {
  t = await createTestApp();
  team = await signedInAs(t, 'sig@example.gov.uk', ['security_team']);
  staff = await signedInAs(t, 'member@example.gov.uk');
  teamToken = await apiToken(t, 'sig@example.gov.uk');
  staffToken = await apiToken(t, 'member@example.gov.uk');
});
after(async () => {
  await t.close();
});

describe('document reviews through the pages and the API', () => {
  test('the queue shows overdue and due documents, with the link to record a review only for the security team', async () => {
    const overdue = await documentDue('2026-10-01');
    const due = await documentDue('2026-12-15');
    const page = await team.request('GET', '/library/reviews');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Overdue \(1\)/);
    assert.match(page.body, /Due in the next 60 days \(1\)/);
    assert.ok(page.body.indexOf(overdue.title) < page.body.indexOf(due.title), 'overdue comes first');
    assert.match(page.body, /govuk-tag--red">Overdue by 58 days/);
    assert.match(page.body, /govuk-tag--yellow">Due in 17 days/);
    assert.ok(page.body.includes(`href="/library/${overdue.id}/review"`));

    const seen = await staff.request('GET', '/library/reviews?ownerPersonId=&unitId=');
    assert.equal(seen.statusCode, 200);
    assert.ok(seen.body.includes(`href="/library/${overdue.id}"`));
    assert.ok(!seen.body.includes('/review"'), 'staff are not offered the form');
    assert.equal((await staff.request('GET', '/library/reviews?unitId=nonsense')).statusCode, 400);
  });

  test('the security team records a review through the form and sees it in the history', async () => {
    const doc = await documentDue('2026-11-30');
    const form = await team.request('GET', `/library/${doc.id}/review`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /cycle of 12 months/);
    const saved = await team.post(`/library/${doc.id}/review`, { outcome: 'no-change', notes: 'Still right.', 'reviewedOn-day': '20', 'reviewedOn-month': '11', 'reviewedOn-year': '2026' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/library/${doc.id}#reviews`);
    const history = await api('GET', `/documents/${doc.id}/reviews`, staffToken);
    assert.equal(history.statusCode, 200);
    assert.deepEqual(
      history.json().items.map((r: { outcome: string; reviewedOn: string; nextReviewOn: string; notes: string }) => [r.outcome, r.reviewedOn, r.nextReviewOn, r.notes]),
      [['no-change', '2026-11-20', '2027-11-20', 'Still right.']],
    );
  });

  test('mistakes re-render the form with the error summary, linked to each field, keeping what was typed', async () => {
    const doc = await documentDue('2026-11-30');
    const page = await team.post(`/library/${doc.id}/review`, { outcome: 'revise', notes: '', 'reviewedOn-day': '31', 'reviewedOn-month': '2', 'reviewedOn-year': '2026' }, `/library/${doc.id}/review`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /There is a problem/);
    assert.match(page.body, /href="#reviewedOn-day">Date reviewed must be a real date/);
    assert.match(page.body, /<input[^>]*govuk-input--error[^>]*name="reviewedOn-day"[^>]*value="31"/, "the day typed is kept, marked as wrong");
    assert.match(page.body, /value="revise" checked/);

    const partial = await team.post(`/library/${doc.id}/review`, { outcome: 'no-change', notes: '', 'nextReviewOn-day': '1' }, `/library/${doc.id}/review`);
    assert.equal(partial.statusCode, 400);
    assert.match(partial.body, /href="#nextReviewOn-day">Next review date must include a month and year/);

    const noNotes = await team.post(`/library/${doc.id}/review`, { outcome: 'revise', notes: '' }, `/library/${doc.id}/review`);
    assert.match(noNotes.body, /href="#notes">Enter what must change in the document/);
    assert.equal((await api('GET', `/documents/${doc.id}/reviews`, teamToken)).json().items.length, 0);
  });

  test('a member of staff may not see or send the form', async () => {
    const doc = await documentDue('2026-11-30');
    assert.equal((await staff.request('GET', `/library/${doc.id}/review`)).statusCode, 403);
    const sent = await staff.post(`/library/${doc.id}/review`, { outcome: 'no-change', notes: '' }, '/library/reviews');
    assert.equal(sent.statusCode, 403);
    assert.match(sent.body, /You do not have permission/, "refused for want of access, not for the form");
  });

  test('the API lists the queue, validates a review and records it with 201', async () => {
    const doc = await documentDue('2026-12-01');
    const queue = await api('GET', '/document-reviews', staffToken);
    assert.equal(queue.statusCode, 200);
    const item = queue.json().items.find((i: { id: string }) => i.id === doc.id);
    assert.deepEqual([item?.standing, item?.daysUntilDue, item?.canRecordReview], ['due', 3, false]);

    assert.equal((await api('POST', `/documents/${doc.id}/reviews`, teamToken, { outcome: 'no-change', reviewer: 'me' })).statusCode, 400, 'unknown fields are refused');
    assert.equal((await api('POST', `/documents/${doc.id}/reviews`, teamToken, { outcome: 'keep' })).statusCode, 400);
    const future = await api('POST', `/documents/${doc.id}/reviews`, teamToken, { outcome: 'no-change', reviewedOn: '2027-01-01' });
    assert.equal(future.statusCode, 400);
    assert.deepEqual((future.json().errors as Array<{ field: string }>).map((e) => e.field), ['reviewedOn']);
    assert.equal((await api('POST', `/documents/${doc.id}/reviews`, staffToken, { outcome: 'no-change' })).statusCode, 403);

    const created = await api('POST', `/documents/${doc.id}/reviews`, teamToken, { outcome: 'retire', notes: 'Superseded.' });
    assert.equal(created.statusCode, 201);
    const { id } = created.json() as { id: string };
    const history = (await api('GET', `/documents/${doc.id}/reviews`, teamToken)).json().items as Array<{ id: string; outcome: string }>;
    assert.deepEqual(history.map((r) => [r.id, r.outcome]), [[id, 'retire']]);
    const after = (await api('GET', '/document-reviews', teamToken)).json().items as Array<{ id: string }>;
    assert.ok(!after.some((i) => i.id === doc.id), 'a retired document leaves the queue');
  });
});
