import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let author: Browser;
let approver: Browser;
let staff: Browser;
let unitId: string;

before(async () => {
  t = await createTestApp();
  author = await signedInAs(t, 'author@example.gov.uk', ['security_team']);
  approver = await signedInAs(t, 'cso@example.gov.uk');
  staff = await signedInAs(t, 'reader@example.gov.uk');
  unitId = await rootUnitId(t);
  const cso = await t.database.db.selectFrom('people').select('id').where('email', '=', 'cso@example.gov.uk').executeTakeFirstOrThrow();
  await t.database.db.insertInto('appointments').values({ role_code: 'chief-security-officer', person_id: cso.id, unit_id: unitId, starts_on: '2025-01-01' }).execute();
});
after(async () => {
  await t.close();
});

const CONTENT = '# Clear desk standard\n\nStaff must lock away papers marked OFFICIAL-SENSITIVE.\n';
const documentIdFrom = (location: string | undefined) => /\/library\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

describe('drafting, approving and publishing in the pages', () => {
  let id = '';

  test('a mistake on the new-document form comes back with the error summary and what was typed', async () => {
    const page = await author.post('/library/new', { title: '', tier: '3', unitId: '', owner: 'nobody@example.gov.uk', classification: 'OFFICIAL', reviewCycleMonths: '0', content: CONTENT }, '/library/new');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /govuk-error-summary/);
    for (const message of ['Enter a title', 'No one in the people register has the email or staff number nobody@example.gov.uk']) assert.match(page.body, new RegExp(message));
    assert.match(page.body, /Staff must lock away papers/, 'the text typed is kept');
  });

  test('the security team adds a tier 3 draft, which readers cannot see the text of yet', async () => {
    const created = await author.post('/library/new', { title: 'Clear desk standard', tier: '3', unitId, owner: 'author@example.gov.uk', classification: 'OFFICIAL', reviewCycleMonths: '12', content: CONTENT }, '/library/new');
    assert.equal(created.statusCode, 303);
    id = documentIdFrom(created.headers.location as string);
    const page = await author.request('GET', `/library/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Draft in progress/);
    assert.match(page.body, /Send version 1 for approval/);
    assert.match(page.body, /cso, Chief Security Officer for Test organisation/);
    const reader = await staff.request('GET', `/library/${id}`);
    assert.doesNotMatch(reader.body, /Send version 1 for approval/);
    assert.match(reader.body, /None published yet/);
  });

  test('the author sends it; the author may not approve it; the approver does; the author publishes', async () => {
    assert.equal((await author.post(`/library/${id}/submit`, {}, `/library/${id}`)).statusCode, 303);
    const authorView = await author.request('GET', `/library/${id}`);
    assert.match(authorView.body, /You wrote this draft, so someone else/);
    assert.doesNotMatch(authorView.body, /Record the decision/);

    const refused = await approver.post(`/library/${id}/decision`, { outcome: 'return', comment: '' }, `/library/${id}`);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Say why you are returning the draft/);

    // The author also holds the approving role, for a moment: still refused, and told why on the page.
    const me = await t.database.db.selectFrom('people').select('id').where('email', '=', 'author@example.gov.uk').executeTakeFirstOrThrow();
    const appointment = await t.database.db.insertInto('appointments').values({ role_code: 'chief-security-officer', person_id: me.id, unit_id: unitId, starts_on: '2020-01-01' }).returning('id').executeTakeFirstOrThrow();
    const selfApproval = await author.post(`/library/${id}/decision`, { outcome: 'approve', comment: '' }, `/library/${id}`);
    assert.equal(selfApproval.statusCode, 403);
    assert.match(selfApproval.body, /You wrote version 1, so you cannot approve it/);
    await t.database.db.deleteFrom('appointments').where('id', '=', appointment.id).execute();

    const approved = await approver.post(`/library/${id}/decision`, { outcome: 'approve', comment: 'Approved for the department.' }, `/library/${id}`);
    assert.equal(approved.statusCode, 303);
    assert.equal((await author.post(`/library/${id}/publish`, {}, `/library/${id}`)).statusCode, 303);
    const published = await staff.request('GET', `/library/${id}`);
    assert.match(published.body, /1, published/);
    assert.match(published.body, /Approved<\/strong> by cso/);
    assert.match(published.body, /Staff must lock away papers marked OFFICIAL-SENSITIVE/);
  });

  test('the owner starts version 2 from the published text; an unchanged text is refused', async () => {
    const form = await author.request('GET', `/library/${id}/draft`);
    assert.match(form.body, /Start a new version/);
    const same = await author.post(`/library/${id}/draft`, { content: CONTENT, summaryOfChange: 'No change', material: 'false' }, `/library/${id}/draft`);
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /same as the published version 1/);
    const saved = await author.post(`/library/${id}/draft`, { content: `${CONTENT}\nStaff should clear their desks daily.\n`, summaryOfChange: 'Daily clearing', material: 'true' }, `/library/${id}/draft`);
    assert.equal(saved.statusCode, 303);
    const page = await author.request('GET', `/library/${id}`);
    assert.match(page.body, /Compare the draft with version 1/);
    const compare = await author.request('GET', `/library/${id}/compare?from=1&to=2`);
    assert.equal(compare.statusCode, 200);
    assert.match(compare.body, /Staff should clear their desks daily/);
  });

  test('a member of staff cannot add documents or change details', async () => {
    assert.equal((await staff.request('GET', '/library/new')).statusCode, 403);
    assert.equal((await staff.request('GET', `/library/${id}/edit`)).statusCode, 403);
    const draft = await staff.post(`/library/${id}/draft`, { content: 'x', summaryOfChange: 'x', material: 'true' }, `/library/${id}`);
    assert.equal(draft.statusCode, 403);
  });

  test('the API takes a document from draft to published, and validates what it is sent', async () => {
    const authorToken = await apiToken(t, 'author@example.gov.uk');
    const approverToken = await apiToken(t, 'cso@example.gov.uk');
    const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const bad = await call(authorToken, 'POST', '/documents', { title: 'x', tier: 9, unitId, content: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_failed');
    const created = await call(authorToken, 'POST', '/documents', { title: 'Password guidance', tier: 4, unitId, content: '# Password guidance\n\nStaff must use a password manager.\n' });
    assert.equal(created.statusCode, 201);
    const docId = created.json().id as string;
    await call(authorToken, 'PUT', '/document-approving-roles/4', { roleCode: 'chief-security-officer' });
    assert.equal((await call(authorToken, 'POST', `/documents/${docId}/submit`)).statusCode, 204);
    assert.equal((await call(authorToken, 'POST', `/documents/${docId}/decision`, { outcome: 'approve' })).statusCode, 403);
    assert.equal((await call(approverToken, 'POST', `/documents/${docId}/decision`, { outcome: 'approve' })).statusCode, 204);
    const published = await call(authorToken, 'POST', `/documents/${docId}/publish`);
    assert.deepEqual(published.json(), { version: 1 });
    const document = (await call(approverToken, 'GET', `/documents/${docId}`)).json();
    assert.equal(document.status, 'published');
    assert.equal(document.published.number, 1);
    assert.equal(document.draft, null);
    assert.deepEqual(document.statements.map((s: { text: string }) => s.text), ['Staff must use a password manager.']);
  });
});
