import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ActionRepository } from '../../src/registers/actions/repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let owner: Browser;
let other: Browser;
const ids: Record<string, string> = {};
const RISK = '3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

before(async () => {
  t = await createTestApp();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  owner = await signedInAs(t, 'owner@example.gov.uk');
  other = await signedInAs(t, 'other@example.gov.uk');
  ids.unit = await rootUnitId(t);
  ids.owner = (await t.database.db.selectFrom('people').select('id').where('email', '=', 'owner@example.gov.uk').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

describe('actions pages', () => {
  test('a form with mistakes shows the error summary (400); a good one creates the action (303)', async () => {
    assert.equal((await security.request('GET', '/actions/new')).statusCode, 200);
    assert.equal((await owner.request('GET', '/actions/new')).statusCode, 403);
    const bad = await security.post('/actions', { unitId: ids.unit!, title: '', owner: 'nobody@example.gov.uk', dueOn: '2026-11-01' }, '/actions/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    for (const field of ['title', 'owner', 'dueOn']) assert.match(bad.body, new RegExp(`href="#${field}"`));
    assert.match(bad.body, /No one in the people register has the email or staff number nobody@example\.gov\.uk/);
    const good = await security.post('/actions', { unitId: ids.unit!, title: 'Renew the TLS certificate', owner: 'owner@example.gov.uk', dueOn: '2026-12-15' }, '/actions/new');
    assert.equal(good.statusCode, 303);
    ids.action = good.headers.location!.split('/').pop()!;
    const page = await security.request('GET', `/actions/${ids.action}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /ACT-0001/);
    assert.match(page.body, /Added directly/);
    assert.equal((await security.request('GET', `/actions/${ids.action}/edit`)).statusCode, 200);
  });

  test('an action raised by a record keeps its source and the record’s unit', async () => {
    const url = `/actions/new?sourceType=risk&sourceId=${RISK}&unitId=${ids.unit}`;
    const form = await security.request('GET', url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Raised by a risk/);
    const created = await security.post('/actions', { sourceType: 'risk', sourceId: RISK, unitId: ids.unit!, title: 'Treat the risk', owner: 'OTHER@example.gov.uk', dueOn: '2027-01-31' }, url);
    assert.equal(created.statusCode, 303, created.body.slice(0, 400));
    const [action] = await new ActionRepository(t.database.db).actionsFor('risk', [RISK]);
    assert.equal(action?.title, 'Treat the risk');
    assert.equal(action?.unitId, ids.unit);
  });

  test('the owner records progress; staff who do not own it get 403', async () => {
    const detail = `/actions/${ids.action}`;
    const list = await owner.request('GET', '/actions');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Your actions/);
    assert.match(list.body, /Renew the TLS certificate/);
    assert.doesNotMatch(list.body, /Treat the risk/, 'another person’s action');
    const page = await owner.request('GET', detail);
    assert.match(page.body, /Record progress/);
    assert.doesNotMatch(page.body, /value="cancelled"/, 'only the security team cancels');
    assert.equal((await owner.post(`${detail}/progress`, { status: 'in-progress', progressNote: 'Request raised with the supplier' }, detail)).statusCode, 303);
    const back = await owner.post(`${detail}/progress`, { status: 'open' }, detail);
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /There is a problem/);
    assert.match(back.body, /cannot go back to open/);
    assert.match((await owner.request('GET', detail)).body, /Request raised with the supplier/);

    assert.equal((await other.request('GET', detail)).statusCode, 403);
    assert.equal((await other.post(`${detail}/progress`, { status: 'done' }, '/actions')).statusCode, 403);
    assert.equal((await other.request('GET', `${detail}/edit`)).statusCode, 403);

    assert.equal((await owner.post(`${detail}/progress`, { status: 'done', progressNote: 'Renewed' }, detail)).statusCode, 303);
    const final = await owner.post(`${detail}/progress`, { status: 'in-progress' }, '/actions');
    assert.equal(final.statusCode, 422);
    assert.match(final.body, /a done action is final/);
  });

  test('overdue actions carry a red tag and can be filtered', async () => {
    await new ActionRepository(t.database.db).insertAction({ title: 'Long overdue review', description: '', ownerPersonId: ids.owner!, unitId: ids.unit!, dueOn: '2026-10-01', source: null, createdBy: 'test' });
    const list = await owner.request('GET', '/actions?overdue=yes');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Long overdue review/);
    assert.match(list.body, /govuk-tag--red">Overdue/);
    assert.doesNotMatch(list.body.split('Actions you can see')[1] ?? '', /Renew the TLS certificate/, 'done: not overdue');
  });

  test('the CSV export escapes a title that a spreadsheet would run as a formula', async () => {
    assert.equal((await security.post('/actions', { unitId: ids.unit!, title: '=HYPERLINK("http://evil.example","Click")', owner: 'owner@example.gov.uk', dueOn: '2027-02-01' }, '/actions/new')).statusCode, 303);
    const csv = await owner.request('GET', '/actions.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    assert.match(csv.headers['content-disposition'] as string, /^attachment; filename="actions\.csv"/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)"/);
    assert.doesNotMatch(csv.body, /Treat the risk/, 'the owner exports only their own');
  });
});

describe('actions API', () => {
  test('adds, changes, lists and records progress through the API; each person sees what is theirs', async () => {
    const token = await t.services.accounts.createTokenForEmail('security@example.gov.uk', { name: 'api' });
    const ownerToken = await t.services.accounts.createTokenForEmail('owner@example.gov.uk', { name: 'api', readOnly: true });
    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, bearer = token) => t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
    const created = await api('POST', '/actions', { title: 'Close the firewall rule', owner: 'owner@example.gov.uk', dueOn: '2027-03-01', unitId: ids.unit, source: { type: 'review-finding', id: RISK } });
    assert.equal(created.statusCode, 201, created.body);
    assert.match(created.json().reference, /^ACT-\d{4}$/);
    const id = created.json().id as string;
    const invalid = await api('POST', '/actions', { title: 'x', owner: 'nobody@example.gov.uk', dueOn: '2020-01-01', unitId: ids.unit });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.headers['content-type'] as string, /^application\/problem\+json/);
    const changed = await api('PUT', `/actions/${id}`, { title: 'Close the old firewall rule', owner: 'OWNER@example.gov.uk', dueOn: '2027-03-15' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().dueOn, '2027-03-15');
    const mine = await api('GET', '/actions?status=open', undefined, ownerToken);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.ok(mine.json().items.every((a: { ownerPersonId: string }) => a.ownerPersonId === ids.owner));
    assert.ok(mine.json().items.some((a: { id: string }) => a.id === id), 'a read-only token reads its holder’s actions');
    assert.equal((await api('POST', `/actions/${id}/progress`, { status: 'done' }, ownerToken)).statusCode, 403, 'read-only');
    const progressed = await api('POST', `/actions/${id}/progress`, { status: 'cancelled', progressNote: 'The rule was removed with the old network' });
    assert.equal(progressed.statusCode, 200, progressed.body);
    assert.equal(progressed.json().status, 'cancelled');
    const filtered = await api('GET', '/actions?sourceType=review-finding');
    assert.deepEqual(filtered.json().items.map((a: { id: string }) => a.id), [id]);
  });
});
