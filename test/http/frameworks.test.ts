import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALPHA, BETA, CAF_V1, mappingSet } from '../fixtures/frameworks/service-fixtures.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let staff: Browser;
const yamlFile = (file: { fileName: string; text: string }) => ({ name: file.fileName, type: 'application/yaml', bytes: Buffer.from(file.text) });

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  const svc = await db.insertInto('technology_services').values({ reference: 'SVC-1', name: 'Case system', unit_id: dept.id, hosting: 'saas', criticality: 'critical' }).returning('id').executeTakeFirstOrThrow();
  const control = await db.insertInto('controls').values({ code: 'CTL-ACC-01', title: 'Multi-factor authentication', kind: 'technology' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('control_implementations').values({ control_id: control.id, service_id: svc.id, status: 'implemented', status_on: '2026-10-01' }).execute();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  staff = await signedInAs(t, 'staff@example.gov.uk');
});
after(async () => t.close());

describe('frameworks pages', () => {
  test('the upload page imports a framework; a bad file shows every problem and imports nothing', async () => {
    assert.equal((await staff.request('GET', '/frameworks/import')).statusCode, 403);
    const none = await security.upload('/frameworks/import', {}, {}, '/frameworks/import');
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose the framework file to import/);
    const bad = await security.upload('/frameworks/import', {}, { file: { name: 'caf.yaml', type: 'application/yaml', bytes: Buffer.from('objectives:\n  A:\n    title: [unclosed\n') } }, '/frameworks/import');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.equal((await t.services.frameworks.list({ kind: 'system', name: 't' })).length, 0);
    const good = await security.upload('/frameworks/import', {}, { file: yamlFile(CAF_V1) }, '/frameworks/import');
    assert.equal(good.statusCode, 200, good.body.slice(0, 400));
    assert.match(good.body, /Framework imported/);
    assert.match(good.body, /Of which assessable/);
  });

  test('a mapping set and the frameworks it joins, then a control mapped on the requirement page shows on both frameworks and the control', async () => {
    for (const file of [ALPHA, BETA, mappingSet([{ source: '1.1', target: 'X.1', relationship: 'equal' }])]) {
      const res = await security.upload('/frameworks/import', {}, { file: yamlFile(file) }, '/frameworks/import');
      assert.equal(res.statusCode, 200, res.body.slice(0, 400));
    }
    const list = await staff.request('GET', '/frameworks');
    assert.match(list.body, /alpha framework/);
    const alphaId = /href="\/frameworks\/([0-9a-f-]{36})">alpha framework/.exec(list.body)![1]!;
    const betaId = /href="\/frameworks\/([0-9a-f-]{36})">beta framework/.exec(list.body)![1]!;
    const alphaPage = await staff.request('GET', `/frameworks/${alphaId}`);
    assert.equal(alphaPage.statusCode, 200, alphaPage.body.slice(0, 2000));
    const requirementId = new RegExp(`href="/frameworks/${alphaId}/requirements/([0-9a-f-]{36})">1\\.1<`).exec(alphaPage.body)![1]!;
    const requirementUrl = `/frameworks/${alphaId}/requirements/${requirementId}`;
    assert.equal((await staff.post(`${requirementUrl}/controls`, { control: 'CTL-ACC-01' }, requirementUrl)).statusCode, 403);
    const wrong = await security.post(`${requirementUrl}/controls`, { control: 'CTL-NOPE' }, requirementUrl);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /No control has the code CTL-NOPE/);
    const mapped = await security.post(`${requirementUrl}/controls`, { control: 'ctl-acc-01' }, requirementUrl);
    assert.equal(mapped.statusCode, 303);
    const betaPage = await staff.request('GET', `/frameworks/${betaId}`);
    assert.match(betaPage.body, /1 of 1 assessable requirements \(100%\) have at least one implemented control/);
    assert.match(betaPage.body, /through mappings: <a class="govuk-link" href="\/controls\/[0-9a-f-]{36}">CTL-ACC-01/);
    assert.match(betaPage.body, /Coverage by technology service/);
    const controlId = /href="\/controls\/([0-9a-f-]{36})">CTL-ACC-01/.exec(betaPage.body)![1]!;
    const controlPage = await staff.request('GET', `/controls/${controlId}`);
    assert.match(controlPage.body, /Framework requirements it helps meet/);
    assert.match(controlPage.body, /Through Alpha to Beta: alpha framework 1\.1 \(equal\)/);
    const csv = await staff.request('GET', `/frameworks/${alphaId}/control-mappings.csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.body, /alpha,1\.1,CTL-ACC-01/);
    const removed = await security.post(`${requirementUrl}/controls/${controlId}/remove`, {}, requirementUrl);
    assert.equal(removed.statusCode, 303);
    assert.doesNotMatch((await staff.request('GET', `/frameworks/${betaId}`)).body, /through mappings/);
  });

  test('GovAssure targets: listed per outcome, set on the outcome’s page', async () => {
    const list = await staff.request('GET', '/frameworks');
    const cafId = /href="\/frameworks\/([0-9a-f-]{36})">NCSC Cyber Assessment Framework/.exec(list.body)![1]!;
    const targets = await staff.request('GET', `/frameworks/${cafId}/targets`);
    assert.equal(targets.statusCode, 200);
    assert.match(targets.body, /Partially achieved/);
    const outcomeId = new RegExp(`href="/frameworks/${cafId}/requirements/([0-9a-f-]{36})">A1.b<`).exec(targets.body)![1]!;
    const url = `/frameworks/${cafId}/requirements/${outcomeId}`;
    const bad = await security.post(`${url}/targets`, { baseline: 'mostly', enhanced: 'achieved' }, url);
    assert.equal(bad.statusCode, 400);
    const good = await security.post(`${url}/targets`, { baseline: 'achieved', enhanced: 'achieved' }, url);
    assert.equal(good.statusCode, 303);
    assert.match((await staff.request('GET', `/frameworks/${cafId}/targets`)).body, /The department/);
  });

  test('the bulk mapping upload: a dry run reports without writing', async () => {
    const csv = Buffer.from('framework,requirement,control\r\nalpha,1.2,CTL-ACC-01\r\nalpha,9.9,CTL-ACC-01\r\n');
    const bad = await security.upload('/frameworks/control-mappings/import', { dryRun: 'yes' }, { file: { name: 'm.csv', type: 'text/csv', bytes: csv } }, '/frameworks/control-mappings/import');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /9\.9 is not a requirement of alpha/);
    const good = await security.upload('/frameworks/control-mappings/import', {}, { file: { name: 'm.csv', type: 'text/csv', bytes: Buffer.from('framework,requirement,control\r\nalpha,1.2,CTL-ACC-01\r\n') } }, '/frameworks/control-mappings/import');
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /Control mappings imported/);
  });

  test('the API imports a file and reports coverage', async () => {
    const token = await (await import('../support/identity.ts')).apiToken(t, 'security@example.gov.uk');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers, payload: { fileName: 'x.json', content: '{"catalog": {}}' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_failed');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks', headers });
    const beta = list.json().items.find((f: { code: string }) => f.code === 'beta');
    const coverage = await t.app.inject({ method: 'GET', url: `/api/v1/frameworks/${beta.id}/coverage`, headers });
    assert.equal(coverage.statusCode, 200);
    assert.equal(coverage.json().total, 1);
  });
});
