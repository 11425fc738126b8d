import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { serviceFixture, type ServiceFixture } from '../../src/registers/technology-services/test-fixtures.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let f: ServiceFixture;
let team: Browser;
const admin = systemActor('test');

before(async () => {
  t = await createTestApp();
  f = await serviceFixture(t.database.db);
  for (let i = 1; i <= 55; i++) {
    await t.services.technologyServices.create(admin, { reference: `SVC-${String(i).padStart(3, '0')}`, name: `Service ${String(i).padStart(3, '0')}`, unitId: i % 2 ? f.opsId : f.hrId, hosting: i % 3 ? 'saas' : 'hybrid', criticality: i === 7 ? 'critical' : 'low', technologyServiceOwner: i === 9 ? 'cy@example.gov.uk' : 'S1', seniorResponsibleOfficer: 'S2', assets: i === 1 ? ['IA-4'] : [] });
  }
  team = await signedInAs(t, 'sig@example.gov.uk', ['security_team']);
});
after(async () => t.close());

describe('technology services pages and API', () => {
  test('the list filters, sorts and pages 50 at a time', async () => {
    const first = await team.request('GET', '/technology-services');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /55 match/);
    assert.equal((first.body.match(/href="\/technology-services\/[0-9a-f-]{36}"/g) ?? []).length, 50);
    const second = await team.request('GET', '/technology-services?page=2');
    assert.equal((second.body.match(/href="\/technology-services\/[0-9a-f-]{36}"/g) ?? []).length, 5);
    assert.match((await team.request('GET', '/technology-services?criticality=critical')).body, /1 match[\s\S]*Service 007/);
    assert.match((await team.request('GET', '/technology-services?tier=SECRET')).body, /1 match[\s\S]*Service 001/);
    assert.match((await team.request('GET', '/technology-services?tso=cy%40example.gov.uk')).body, /1 match[\s\S]*Service 009/);
    const desc = await team.request('GET', '/technology-services?sort=name&order=desc');
    assert.ok(desc.body.indexOf('Service 055') < desc.body.indexOf('Service 054'));
    assert.match(desc.body, /aria-sort="descending"/);
  });

  test('a form with mistakes re-renders with the error summary (400); a good one redirects', async () => {
    const bad = await team.post('/technology-services', { reference: '', name: '', unitId: '', technologyServiceOwner: 'nobody@example.gov.uk', seniorResponsibleOfficer: '', assets: 'IA-404' }, '/technology-services/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /IA-404 is not an information asset reference/);
    const good = await team.post('/technology-services', { reference: 'SVC-NEW', name: 'New', unitId: f.opsId, hosting: 'saas', criticality: 'low', technologyServiceOwner: 'S1', seniorResponsibleOfficer: 'S2', assets: 'IA-2, IA-3', standards: 'NETSTD' }, '/technology-services/new');
    assert.equal(good.statusCode, 303);
    const page = await team.request('GET', good.headers.location as string);
    assert.match(page.body, /OFFICIAL-SENSITIVE - MOJ USE ONLY - RECIPIENTS ONLY - PERSONAL DATA - COMMERCIAL/);
    assert.match(page.body, /Controls/);
  });

  test('the export is a CSV attachment', async () => {
    const res = await team.request('GET', '/technology-services.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="technology-services.csv"/);
    assert.match(res.body, /^reference,name,purpose,unit/);
  });

  test('the import page offers the upload with a dry-run tick box', async () => {
    const res = await team.request('GET', '/technology-services/import');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(res.body, /name="dryRun"/);
  });

  test('the API lists, reads, adds and changes services with strict bodies', async () => {
    const token = await apiToken(t, 'sig@example.gov.uk');
    const headers = { authorization: `Bearer ${token}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/technology-services?hosting=hybrid&sort=reference', headers });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().total, 18);
    const body = { reference: 'SVC-API', name: 'API service', unitId: f.opsId, hosting: 'public-cloud', criticality: 'medium', technologyServiceOwner: 'S1', seniorResponsibleOfficer: 'S2', assets: ['IA-1'] };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/technology-services', headers, payload: body });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().classification, 'OFFICIAL - FOR PUBLIC RELEASE');
    const id = created.json().id as string;
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/technology-services', headers, payload: { ...body, reference: 'SVC-X', extra: 1 } })).statusCode, 400);
    const changed = await t.app.inject({ method: 'PUT', url: `/api/v1/technology-services/${id}`, headers, payload: { ...body, name: 'Renamed', assets: [] } });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual([changed.json().name, changed.json().classification], ['Renamed', null]);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/technology-services/${id}`, headers })).json().tso.email, 'ada@example.gov.uk');
  });
});
