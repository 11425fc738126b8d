import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { supplierFixture, type SupplierFixture } from '../../src/registers/suppliers/supplier-test-fixtures.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let f: SupplierFixture;
let team: Browser;
let acmeId: string;
const admin = systemActor('test');

before(async () => {
  t = await createTestApp();
  f = await supplierFixture(t.database.db);
  for (let i = 1; i <= 53; i++) {
    await t.services.suppliers.create(admin, { name: `Supplier ${String(i).padStart(3, '0')}`, unit: i % 2 ? 'OPS' : 'HR', seniorResponsibleOfficer: 'S1', ...(i === 7 ? { services: 'SVC-CRIT' } : {}) });
  }
  acmeId = await t.services.suppliers.create(admin, { name: 'Acme Hosting', companyNumber: 'AB123456', unit: 'OPS', seniorResponsibleOfficer: 'ada@example.gov.uk', seniorBusinessOwner: 'S2', assets: 'IA-2', services: 'SVC-LOW', controls: 'CTL-A, CTL-B', appliedControls: 'CTL-A' });
  await t.services.suppliers.parts.addCertification(admin, acmeId, { scheme: 'cyber-essentials', certificateNumber: 'CE-OLD', expiresOn: '2026-10-01' });
  await t.services.suppliers.parts.addCertification(admin, acmeId, { scheme: 'iso-27001', certificateNumber: 'ISO-SOON', expiresOn: '2026-12-20' });
  await t.services.suppliers.parts.addContract(admin, acmeId, { reference: 'CON-77', title: 'Managed hosting', unit: 'OPS', startsOn: '2025-04-01', valueBand: '1m-10m' });
  const db = t.database.db;
  const assessment = await db.insertInto('supplier_assessments').values({ reference: 'SA-0001', supplier_id: acmeId, questionnaire_id: f.questionnaireId, status: 'completed', result: 'meets-with-deviations', completed_on: '2026-06-01', reassess_on: '2026-12-01' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('supplier_deviations').values({ supplier_id: acmeId, assessment_id: assessment.id, kind: 'control', description: 'Control B not applied', risk_id: f.riskId }).execute();
  team = await signedInAs(t, 'sig@example.gov.uk', ['security_team']);
});
after(async () => t.close());

const links = (body: string) => (body.match(/href="\/suppliers\/[0-9a-f-]{36}"/g) ?? []).length;

describe('suppliers pages and API', () => {
  test('the list filters and pages 50 at a time', async () => {
    const first = await team.request('GET', '/suppliers');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /54 suppliers match/);
    assert.equal(links(first.body), 50);
    assert.equal(links((await team.request('GET', '/suppliers?page=2')).body), 4);
    assert.match((await team.request('GET', '/suppliers?criticality=critical')).body, /1 supplier matches[\s\S]*Supplier 007/);
    const expiring = await team.request('GET', '/suppliers?certificates=expiring&withinDays=30');
    assert.match(expiring.body, /1 supplier matches[\s\S]*Acme Hosting[\s\S]*1 expired[\s\S]*1 expiring/);
    assert.match((await team.request('GET', '/suppliers?deviations=open')).body, /1 supplier matches[\s\S]*Acme Hosting/);
    assert.match((await team.request('GET', '/suppliers?assessment=never&unit=HR')).body, /26 suppliers match/);
    assert.match((await team.request('GET', '/suppliers?search=ab1234')).body, /1 supplier matches/);
    const emptyForm = await team.request('GET', '/suppliers?search=&unit=&criticality=&assessment=&certificates=&withinDays=&deviations=');
    assert.equal(emptyForm.statusCode, 200);
    assert.match(emptyForm.body, /54 suppliers match/);
  });

  test('the supplier page shows its reach, criticality, owners, parts, assessments, deviations and risks', async () => {
    const page = await team.request('GET', `/suppliers/${acmeId}`);
    assert.equal(page.statusCode, 200);
    for (const text of ['AB123456', 'OFFICIAL-SENSITIVE', 'High \\(derived from what it reaches\\)', 'ADA \\(ada@example.gov.uk\\)', 'BOB', 'href="/technology-services/', 'CON-77', 'Expired', 'Expires in 22 days', 'Not applied', 'href="/supplier-assessments/', 'Control B not applied', `href="/risks/${f.riskId}"`, 'Set the criticality']) {
      assert.match(page.body, new RegExp(text));
    }
  });

  test('a form with mistakes re-renders with the error summary (400); a good one redirects', async () => {
    const bad = await team.post('/suppliers', { name: '', companyNumber: 'short', unit: '', seniorResponsibleOfficer: 'nobody@example.gov.uk', assets: 'IA-404' }, '/suppliers/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /IA-404 is not an information asset reference/);
    assert.match(bad.body, /href="#companyNumber"/);
    const good = await team.post('/suppliers', { name: 'New Partner', unit: 'OPS', seniorResponsibleOfficer: 'S3', assets: 'IA-4' }, '/suppliers/new');
    assert.equal(good.statusCode, 303);
    const page = await team.request('GET', good.headers.location as string);
    assert.match(page.body, /SECRET/);
    const badContract = await team.post(`/suppliers/${acmeId}/contracts`, { reference: 'CON-77', title: '', unit: 'OPS', startsOn: 'tomorrow', valueBand: '' }, `/suppliers/${acmeId}/contracts/new`);
    assert.equal(badContract.statusCode, 400);
    assert.match(badContract.body, /Another contract already has the reference CON-77/);
    const override = await team.post(`/suppliers/${acmeId}/criticality`, { override: 'critical', reason: '' }, `/suppliers/${acmeId}/criticality`);
    assert.equal(override.statusCode, 400);
    assert.match(override.body, /href="#reason"/);
  });

  test('the SRO manages their own supplier; someone else is refused it', async () => {
    const sro = await signedInAs(t, 'ada@example.gov.uk');
    const list = await sro.request('GET', '/suppliers');
    assert.match(list.body, /Acme Hosting/);
    const edit = await sro.request('GET', `/suppliers/${acmeId}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.doesNotMatch(edit.body, /name="seniorResponsibleOfficer"/);
    const added = await sro.post(`/suppliers/${acmeId}/subprocessors`, { name: 'Backup Co', country: 'Ireland', purpose: 'Backups' }, `/suppliers/${acmeId}/subprocessors/new`);
    assert.equal(added.statusCode, 303);
    assert.match((await sro.request('GET', `/suppliers/${acmeId}`)).body, /Backup Co/);
    const stranger = await signedInAs(t, 'cy@example.gov.uk');
    assert.equal((await stranger.request('GET', `/suppliers/${acmeId}`)).statusCode, 403);
    const theirs = await stranger.request('GET', '/suppliers');
    assert.match(theirs.body, /1 supplier matches[\s\S]*New Partner/, 'they see only the supplier they are the SRO of');
    assert.doesNotMatch(theirs.body, /Acme Hosting/);
    const nobody = await signedInAs(t, 'someone@example.gov.uk');
    assert.match((await nobody.request('GET', '/suppliers')).body, /You have none/);
  });

  test('exports are CSV attachments, and the upload page checks a file in a dry run', async () => {
    const res = await team.request('GET', '/suppliers.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="suppliers.csv"/);
    assert.match(res.body, /^reference,name,company number,contact name,contact email,unit,sro,senior business owner,assets,services/);
    assert.match((await team.request('GET', '/supplier-contracts.csv')).body, /CON-77,SUP-\d{4},Managed hosting,OPS,2025-04-01,,1m-10m/);
    const form = await team.request('GET', '/suppliers/import');
    assert.match(form.body, /enctype="multipart\/form-data"/);
    const csv = Buffer.from('name,unit,sro\r\nUploaded Ltd,OPS,S1\r\nBroken Ltd,NOPE,S1\r\n');
    const bad = await team.upload('/suppliers/import', { dryRun: 'yes' }, { file: { name: 'suppliers.csv', type: 'text/csv', bytes: csv } }, '/suppliers/import');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The file has errors[\s\S]*Unit code NOPE/);
    const good = await team.upload('/suppliers/import', { dryRun: 'yes' }, { file: { name: 'suppliers.csv', type: 'text/csv', bytes: Buffer.from('name,unit,sro\r\nUploaded Ltd,OPS,S1\r\n') } }, '/suppliers/import');
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /The file is ready to import/);
    assert.equal(await t.services.suppliers.findByName(admin, 'Uploaded Ltd'), undefined);
    const contracts = await team.upload('/supplier-contracts/import', { dryRun: 'yes' }, { file: { name: 'contracts.csv', type: 'text/csv', bytes: Buffer.from('reference,supplier,title,unit,starts on,ends on,value band\r\nCON-90,AB123456,Support,OPS,2026-01-01,,under-10k\r\n') } }, '/supplier-contracts/import');
    assert.equal(contracts.statusCode, 200);
    assert.match(contracts.body, /New contracts/);
  });

  test('the API lists, reads, adds and changes suppliers with strict bodies', async () => {
    const headers = { authorization: `Bearer ${await apiToken(t, 'sig@example.gov.uk')}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/suppliers?criticality=high', headers });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items.map((s: { name: string }) => s.name), ['Acme Hosting']);
    const body = { name: 'API Partner', unit: 'OPS', seniorResponsibleOfficer: 'S1', services: ['SVC-CRIT'] };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/suppliers', headers, payload: body });
    assert.equal(created.statusCode, 201);
    assert.deepEqual([created.json().criticality, created.json().reference.startsWith('SUP-')], ['critical', true]);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/suppliers', headers, payload: { ...body, name: 'X', extra: 1 } })).statusCode, 400);
    const id = created.json().id as string;
    const changed = await t.app.inject({ method: 'PUT', url: `/api/v1/suppliers/${id}/criticality`, headers, payload: { override: 'medium', reason: 'Read-only access only' } });
    assert.deepEqual([changed.statusCode, changed.json().criticality, changed.json().derivedCriticality], [200, 'medium', 'critical']);
  });
});
