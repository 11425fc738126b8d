import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let reader: Browser;
let team: Browser;
let documentId: string;

const putInRootUnit = async (email: string) => {
  await t.database.db.updateTable('people').set({ unit_id: await rootUnitId(t) }).where('email', '=', email).execute();
};

before(async () => {
  t = await createTestApp();
  reader = await signedInAs(t, 'reader@example.gov.uk');
  team = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  await putInRootUnit('reader@example.gov.uk');
  const imported = await t.services.documents.importDocument(systemActor('test'), { sourceName: 'clear-desk.md', markdown: '# Clear Desk Policy\n\nStaff must clear their desks.\n', unitId: await rootUnitId(t) });
  documentId = imported.documentId;
  await t.services.acknowledgements.setAudience(systemActor('test'), documentId, { audience: 'everyone' });
});
after(async () => {
  await t.close();
});

describe('acknowledging documents in the browser and through the API', () => {
  test('a member of staff sees the document to acknowledge, acknowledges it, and it is gone', async () => {
    const list = await reader.request('GET', '/library/acknowledgements');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`<a class="govuk-link" href="/library/${documentId}#acknowledgement">Clear Desk Policy</a>`));

    const done = await reader.post(`/library/${documentId}/acknowledge`, {}, '/library/acknowledgements');
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/library/${documentId}#acknowledgement`);

    const after = await reader.request('GET', '/library/acknowledgements');
    assert.doesNotMatch(after.body, /Clear Desk Policy/);
    assert.match(after.body, /You have nothing to acknowledge/);
    const stored = await t.database.db.selectFrom('document_acknowledgements').innerJoin('people', 'people.id', 'document_acknowledgements.person_id').select('people.email').where('document_id', '=', documentId).execute();
    assert.deepEqual(stored.map((r) => r.email), ['reader@example.gov.uk']);
  });

  test('the security team sees coverage and downloads it as CSV; staff may not', async () => {
    const page = await team.request('GET', `/library/${documentId}/acknowledgements`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /reader@example\.gov\.uk/);
    assert.match(page.body, /<meter [^>]*value="100"/, 'the one person in the unit has acknowledged');
    assert.match(page.body, new RegExp(`href="/library/${documentId}/acknowledgements.csv"`));

    const csv = await team.request('GET', `/library/${documentId}/acknowledgements.csv`);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.headers['content-disposition'] as string, /^attachment; filename=".+\.csv"$/);
    const lines = csv.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'Name,Email,Unit code,Unit,Status,Version acknowledged,Acknowledged at');
    assert.ok(lines.some((l) => l.startsWith('reader,reader@example.gov.uk,') && l.includes(',Acknowledged,1,')), lines.join('\n'));
    const exported = await t.database.db.selectFrom('audit_events').select('actor_label').where('action', '=', 'document-acknowledgements.exported').executeTakeFirstOrThrow();
    assert.match(exported.actor_label, /security@example\.gov\.uk/);

    assert.equal((await reader.request('GET', `/library/${documentId}/acknowledgements`)).statusCode, 403);
    assert.equal((await reader.request('GET', `/library/${documentId}/acknowledgements.csv`)).statusCode, 403);
    assert.equal((await reader.request('GET', `/library/${documentId}/audience`)).statusCode, 403);
  });

  test('the audience form shows what to correct, then saves', async () => {
    const form = await team.request('GET', `/library/${documentId}/audience`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<input class="govuk-radios__input" id="audience-2" name="audience" type="radio" value="everyone" checked/);

    const wrong = await team.post(`/library/${documentId}/audience`, { audience: 'unit', unitId: '' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /<a href="#unitId">Choose the unit whose people must acknowledge the document<\/a>/);
    assert.match(wrong.body, /<title>Error: /);

    const saved = await team.post(`/library/${documentId}/audience`, { audience: 'role', roleCode: 'siro', unitId: '' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/library/${documentId}#acknowledgement`);
    const document = await t.database.db.selectFrom('documents').select(['acknowledgement_audience', 'acknowledgement_role_code']).where('id', '=', documentId).executeTakeFirstOrThrow();
    assert.deepEqual(document, { acknowledgement_audience: 'role', acknowledgement_role_code: 'siro' });
  });

  test('coverage shows a page of people at a time, and can show only those outstanding', async () => {
    const root = await rootUnitId(t);
    await t.services.acknowledgements.setAudience(systemActor('test'), documentId, { audience: 'everyone' });
    await t.database.db
      .insertInto('people')
      .values(Array.from({ length: 230 }, (_, i) => ({ display_name: `Outstanding ${String(i).padStart(3, '0')}`, email: `outstanding${i}@example.gov.uk`, unit_id: root })))
      .execute();
    const first = await team.request('GET', `/library/${documentId}/acknowledgements`);
    assert.equal(first.statusCode, 200);
    assert.equal((first.body.match(/@example\.gov\.uk<\/span>/g) ?? []).length, 100, 'a hundred people on a page');
    assert.match(first.body, /page 1 of 3/);
    assert.match(first.body, /govuk-pagination/);
    const outstanding = await team.request('GET', `/library/${documentId}/acknowledgements?show=outstanding&page=3`);
    assert.match(outstanding.body, /230 people, page 3 of 3/);
    assert.doesNotMatch(outstanding.body, /reader@example\.gov\.uk/, 'the person who acknowledged is not outstanding');
    assert.equal((await team.request('GET', `/library/${documentId}/acknowledgements?show=nobody`)).statusCode, 400);
  });

  test('the API lists, acknowledges (201, then 200) and reports coverage', async () => {
    const imported = await t.services.documents.importDocument(systemActor('test'), { sourceName: 'passwords.md', markdown: '# Password Standard\n\nStaff must use a password manager.\n', unitId: await rootUnitId(t) });
    const api = async (method: 'GET' | 'POST' | 'PUT', url: string, email: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${await apiToken(t, email)}` }, ...(payload ? { payload } : {}) });
    const set = await api('PUT', `/documents/${imported.documentId}/audience`, 'security@example.gov.uk', { audience: 'everyone' });
    assert.deepEqual(set.json(), { audience: 'everyone', unitId: null, roleCode: null });

    const mine = await api('GET', '/me/acknowledgements', 'reader@example.gov.uk');
    assert.deepEqual((mine.json().items as Array<{ title: string; version: number }>).map((d) => [d.title, d.version]), [['Password Standard', 1]]);
    assert.equal((await api('POST', `/documents/${imported.documentId}/acknowledgements`, 'reader@example.gov.uk')).statusCode, 201);
    assert.equal((await api('POST', `/documents/${imported.documentId}/acknowledgements`, 'reader@example.gov.uk')).statusCode, 200);

    const coverage = await api('GET', `/documents/${imported.documentId}/acknowledgements`, 'security@example.gov.uk');
    assert.equal(coverage.statusCode, 200);
    assert.equal(coverage.json().totals.acknowledged, 1);
    assert.equal((await api('GET', `/documents/${imported.documentId}/acknowledgements`, 'reader@example.gov.uk')).statusCode, 403);
  });
});
