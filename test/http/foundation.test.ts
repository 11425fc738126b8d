import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, createAccount } from '../support/identity.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

describe('foundation pages and API', () => {
  test('/health answers ok with the engine in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: t.database.engine });
  });

  test('the home page carries the protective marking and the service name, and lists no register to someone signed out', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal((res.body.match(/OFFICIAL-SENSITIVE/g) ?? []).length, 2, 'marking at top and bottom');
    assert.match(res.body, /<title>Home - Custodian<\/title>/);
    assert.doesNotMatch(res.body, /href="\/organisation"/);
    assert.doesNotMatch(res.body, /href="\/audit"/);
    assert.match(res.body, /href="\/sign-in"/);
    assert.match(res.body, /href="\/accessibility"/);
    assert.match(res.body, /href="\/privacy"/);
  });

  test('pages send a strict content security policy whose nonce is on the inline script', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = res.headers['content-security-policy'] as string;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.ok(!csp.includes('unsafe-inline'));
    assert.ok(res.body.includes(`nonce="${nonce}"`));
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('front-end assets are served locally', async () => {
    for (const url of ['/govuk/govuk-frontend.min.css', '/govuk/govuk-frontend.min.js', '/moj/moj-frontend.min.css', '/static/app.js', '/assets/images/favicon.svg']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/govuk/all.bundle.js' })).statusCode, 404);
  });

  test('the accessibility statement and privacy notice exist', async () => {
    assert.match((await t.app.inject({ method: 'GET', url: '/accessibility' })).body, /Accessibility statement for Custodian/);
    assert.match((await t.app.inject({ method: 'GET', url: '/privacy' })).body, /Privacy notice/);
  });

  test('an unknown page is a GOV.UK "Page not found", an unknown API path is problem+json', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Page not found/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    assert.equal(api.statusCode, 404);
    assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(api.json().code, 'not_found');
  });

  test('the OpenAPI document is 3.1, lists the API and hides the pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/organisation-units']);
    assert.ok(doc.paths['/health']);
    assert.equal(doc.paths['/'], undefined);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
  });

  test('a bad id is a 400 that says what an id looks like (once the caller may ask at all)', async () => {
    await createAccount(t, 'id-reader@example.gov.uk');
    const token = await apiToken(t, 'id-reader@example.gov.uk', { readOnly: true });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisation-units/123', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'bad_id');
    assert.match(body.detail, /UUID/);
    assert.equal(body.requestId, res.headers['x-request-id']);
  });

  test('the API needs a token, before anything else about the request is judged', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisation-units' });
    assert.equal(res.statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/organisation-units/123' })).statusCode, 401, 'not 400: a stranger learns nothing about ids');
    assert.equal(res.json().code, 'unauthenticated');
  });

  test('a well-formed id that matches nothing is a 404', async () => {
    await createAccount(t, 'reader@example.gov.uk');
    const token = await apiToken(t, 'reader@example.gov.uk', { readOnly: true });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisation-units/0f8fad5b-d9cb-469f-a165-70867728950e', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'not_found');
  });
});
