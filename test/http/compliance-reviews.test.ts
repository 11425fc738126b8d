// The compliance-review pages and API through app.inject: planning with mistakes (400 and the error
// summary) and without; starting, recording results, raising a finding and its action, completing;
// the report and CSV exports; the JSON API with a bad body; and someone without the action refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let staff: Browser;
let reviewId = '';

const reviewIdOf = (location: string | string[] | number | undefined) => /^\/compliance-reviews\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? assert.fail(`not a review page: ${String(location)}`);
const reviewForm = (fields: Record<string, string> = {}) => ({
  title: 'Case system against the security policy',
  service: 'SVC-0001',
  unit: '',
  source: 'TSP',
  requirements: 'TSP-001 TSP-002',
  lead: 'security@example.gov.uk',
  plannedOn: '2026-12-15',
  ...fields,
});

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = (await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'The Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow()).id;
  const agency = (await db.insertInto('organisation_units').values({ code: 'AGENCY', name: 'The Agency', unit_type: 'executive_agency', parent_id: dept }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: agency, hosting: 'saas', criticality: 'high' }).execute();
  const document = (await db.insertInto('documents').values({ tier: 2, title: 'Test security policy', unit_id: dept, key_prefix: 'TSP' }).returning('id').executeTakeFirstOrThrow()).id;
  for (const n of [1, 2, 3]) await db.insertInto('requirements').values({ key: `TSP-00${n}`, source_type: 'policy-statement', document_id: document, text: `Statement ${n} must be met.` }).execute();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  await createAccount(t, 'staff@example.gov.uk');
  staff = new Browser(t.app);
  await staff.post('/sign-in', { email: 'staff@example.gov.uk', password: TEST_PASSWORD });
});
after(async () => t.close());

describe('compliance-review pages', () => {
  test('a review form with mistakes comes back with the error summary; a good one plans the review and opens its page', async () => {
    const bad = await security.post('/compliance-reviews', reviewForm({ title: '', service: 'SVC-9999', requirements: 'TSP-009', lead: '', plannedOn: 'soon' }), '/compliance-reviews/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#title">Enter the review’s title/);
    assert.match(bad.body, /No technology service has the reference SVC-9999/);
    assert.match(bad.body, /The source has no active requirement with the key TSP-009/);
    assert.match(bad.body, /Enter the lead reviewer’s email or staff number/);
    assert.match(bad.body, /href="#plannedOn">Enter the planned date as YYYY-MM-DD/);

    const created = await security.post('/compliance-reviews', reviewForm(), '/compliance-reviews/new');
    assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
    reviewId = reviewIdOf(created.headers.location);
    const page = await security.request('GET', `/compliance-reviews/${reviewId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Requirements to review \(2\)/);
    assert.match(page.body, /Start the review/);
  });

  test('the reviewer starts the review, records results (a shortfall needs a note), raises a finding with an action, and completes it', async () => {
    const started = await security.post(`/compliance-reviews/${reviewId}/start`, {}, `/compliance-reviews/${reviewId}`);
    assert.equal(started.statusCode, 303);
    const page = await security.request('GET', `/compliance-reviews/${reviewId}`);
    const itemIds = [...page.body.matchAll(/href="\/compliance-reviews\/[0-9a-f-]{36}\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    assert.equal(itemIds.length, 2);

    const early = await security.post(`/compliance-reviews/${reviewId}/complete`, { conclusion: '' }, `/compliance-reviews/${reviewId}/complete`);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /Record a result for every checklist item first: 2 have none \(TSP-001, TSP-002\)/);

    const itemUrl = (i: number) => `/compliance-reviews/${reviewId}/items/${itemIds[i]}`;
    const noNote = await security.post(itemUrl(0), { result: 'not-met', note: '' }, itemUrl(0));
    assert.equal(noNote.statusCode, 400);
    assert.match(noNote.body, /href="#note">Say what falls short of the requirement/);
    assert.equal((await security.post(itemUrl(0), { result: 'not-met', note: 'No owner appointed' }, itemUrl(0))).statusCode, 303);
    assert.equal((await security.post(itemUrl(1), { result: 'met', note: '' }, itemUrl(1))).statusCode, 303);

    const badFinding = await security.post(`/compliance-reviews/${reviewId}/findings`, { severity: '', description: '', item: '' }, `/compliance-reviews/${reviewId}/findings/new`);
    assert.equal(badFinding.statusCode, 400);
    assert.match(badFinding.body, /href="#severity">Choose the finding’s severity/);
    const finding = await security.post(`/compliance-reviews/${reviewId}/findings`, { severity: 'major', description: 'The case system has no owner.', item: 'TSP-001' }, `/compliance-reviews/${reviewId}/findings/new`);
    assert.equal(finding.statusCode, 303);
    const findingId = /#finding-([0-9a-f-]{36})$/.exec(String(finding.headers.location))?.[1] ?? assert.fail('no finding');
    const actionUrl = `/compliance-reviews/${reviewId}/findings/${findingId}/actions`;
    const badAction = await security.post(actionUrl, { title: 'Appoint an owner', owner: 'nobody@example.gov.uk', dueOn: '2027-01-31' }, `${actionUrl}/new`);
    assert.equal(badAction.statusCode, 400);
    assert.match(badAction.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    assert.equal((await security.post(actionUrl, { title: 'Appoint an owner', owner: 'staff@example.gov.uk', dueOn: '2027-01-31' }, `${actionUrl}/new`)).statusCode, 303);

    const completed = await security.post(`/compliance-reviews/${reviewId}/complete`, { conclusion: 'One major finding.' }, `/compliance-reviews/${reviewId}/complete`);
    assert.equal(completed.statusCode, 303);
    assert.equal(completed.headers.location, `/compliance-reviews/${reviewId}/report`);
    const report = await security.request('GET', `/compliance-reviews/${reviewId}/report`);
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /One major finding\./);
    assert.match(report.body, /Appoint an owner/);
    assert.match(report.body, /1 remediation action is still open/);
    assert.doesNotMatch(report.body, /Draft: the review is not completed/);
    const frozen = await security.post(itemUrl(1), { result: 'not-met', note: 'Changed' }, `/compliance-reviews/${reviewId}`);
    assert.equal(frozen.statusCode, 422);
  });

  test('the list filters by status and unit; the CSV exports are attachments', async () => {
    assert.match((await security.request('GET', '/compliance-reviews?status=completed&unit=DEPT')).body, /Case system against the security policy/);
    assert.doesNotMatch((await security.request('GET', '/compliance-reviews?status=planned')).body, /Case system against the security policy/);
    const wrong = await security.request('GET', '/compliance-reviews?unit=NOPE&status=done');
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /No unit has the code NOPE/);
    const checklist = await security.request('GET', `/compliance-reviews/${reviewId}/checklist.csv`);
    assert.equal(checklist.statusCode, 200);
    assert.match(String(checklist.headers['content-disposition']), /attachment/);
    assert.match(checklist.body, /TSP-001,Statement 1 must be met\.,Not met,No owner appointed/);
    assert.match((await security.request('GET', `/compliance-reviews/${reviewId}/findings.csv`)).body, /F1,Major,TSP-001,The case system has no owner\.,ACT-\d+,Appoint an owner/);
  });

  test('someone without the action sees no review and is refused the forms; a member of staff who leads a review sees it, and only it', async () => {
    const list = await staff.request('GET', '/compliance-reviews');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /No reviews match/);
    assert.doesNotMatch(list.body, /Plan a compliance-review/);
    assert.equal((await staff.request('GET', `/compliance-reviews/${reviewId}`)).statusCode, 403);
    assert.equal((await staff.request('GET', `/compliance-reviews/${reviewId}/report`)).statusCode, 403);
    assert.equal((await staff.request('GET', `/compliance-reviews/${reviewId}/findings.csv`)).statusCode, 403);
    assert.equal((await staff.request('GET', '/compliance-reviews/new')).statusCode, 403);
    const csrf = await staff.csrf('/');
    assert.equal((await staff.request('POST', '/compliance-reviews', { _csrf: csrf, ...reviewForm() })).statusCode, 403);

    const led = await security.post('/compliance-reviews', reviewForm({ title: 'Led by a member of staff', lead: 'staff@example.gov.uk' }), '/compliance-reviews/new');
    const ledId = reviewIdOf(led.headers.location);
    assert.match((await staff.request('GET', '/compliance-reviews')).body, /Led by a member of staff/);
    const page = await staff.request('GET', `/compliance-reviews/${ledId}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Start the review/);
    assert.equal((await staff.request('POST', `/compliance-reviews/${ledId}/start`, { _csrf: csrf })).statusCode, 403);
  });
});

describe('compliance-review API', () => {
  test('plan, start, record, find, act and complete through the API; a bad body is 400 with the message; a read-only token is refused', async () => {
    const headers = { authorization: `Bearer ${await apiToken(t, 'security@example.gov.uk')}`, 'content-type': 'application/json' };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/compliance-reviews', headers, payload: { title: 'API review', source: 'NOPE', lead: 'security@example.gov.uk', plannedOn: '2027-01-10', unit: 'AGENCY' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /No policy document or framework has the code NOPE/);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/compliance-reviews', headers, payload: { title: 'API review', source: 'TSP', requirements: ['TSP-003'], lead: 'security@example.gov.uk', plannedOn: '2027-01-10', unit: 'AGENCY' } });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/compliance-reviews/${id}/start`, headers: { authorization: headers.authorization } })).statusCode, 204);
    const review = (await t.app.inject({ method: 'GET', url: `/api/v1/compliance-reviews/${id}`, headers })).json() as { status: string; checklist: Array<{ id: string; requirementKey: string }> };
    assert.deepEqual([review.status, review.checklist.map((i) => i.requirementKey)], ['in-progress', ['TSP-003']]);
    const badResult = await t.app.inject({ method: 'PUT', url: `/api/v1/compliance-reviews/${id}/items/${review.checklist[0]!.id}`, headers, payload: { result: 'partly-met' } });
    assert.equal(badResult.statusCode, 400);
    assert.match(badResult.body, /Say what falls short of the requirement/);
    assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/compliance-reviews/${id}/items/${review.checklist[0]!.id}`, headers, payload: { result: 'partly-met', note: 'Half done' } })).statusCode, 204);
    const finding = await t.app.inject({ method: 'POST', url: `/api/v1/compliance-reviews/${id}/findings`, headers, payload: { severity: 'minor', description: 'Half done', item: 'TSP-003' } });
    assert.equal(finding.statusCode, 201);
    const action = await t.app.inject({ method: 'POST', url: `/api/v1/compliance-reviews/${id}/findings/${(finding.json() as { id: string }).id}/actions`, headers, payload: { title: 'Finish it', owner: 'staff@example.gov.uk', dueOn: '2027-02-01' } });
    assert.equal(action.statusCode, 201);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/compliance-reviews/${id}/complete`, headers, payload: {} })).statusCode, 204);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/compliance-reviews?status=completed', headers })).json() as { items: Array<{ id: string }> };
    assert.equal(list.items.length, 2);

    const readOnly = { authorization: `Bearer ${await apiToken(t, 'security@example.gov.uk', { readOnly: true })}`, 'content-type': 'application/json' };
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/compliance-reviews', headers: readOnly, payload: { title: 'x', source: 'TSP', lead: 'security@example.gov.uk', plannedOn: '2027-01-10', unit: 'AGENCY' } })).statusCode, 403);
  });
});
