import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { loadExampleAssets, MOJ_ASSETS } from '../../src/example/moj/assets.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let staff: Browser;
let hmppsId: string;

before(async () => {
  // The MoJ example as first-run setup loads it (a copy of one load: test/support/template.ts).
  t = await createTestApp({ example: 'moj' });
  // First-run setup may already load the example assets; either way, loading them again adds nothing.
  await loadExampleAssets(t.services, systemActor('example'));
  assert.deepEqual(await loadExampleAssets(t.services, systemActor('example')), { created: 0, unchanged: MOJ_ASSETS.length }, 'loading the example again adds nothing');
  security = await signedInAs(t, 'assets-sig@example.gov.uk', ['security_team']);
  staff = await signedInAs(t, 'assets-member@example.gov.uk');
  hmppsId = (await t.database.db.selectFrom('organisation_units').select('id').where('code', '=', 'HMPPS-PRISONS').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

const form = (over: Record<string, string> = {}) => ({
  name: 'Visits bookings',
  reference: '',
  description: '',
  unitId: hmppsId,
  owner: 'ellen.wing@example.justice.gov.uk',
  classificationTier: 'OFFICIAL',
  sensitive: 'yes',
  handlingInstruction: 'MOJ USE ONLY',
  embargoEndsOn: '',
  descriptors: 'PERSONAL DATA',
  personalData: 'yes',
  confidentialityImpact: 'high',
  integrityImpact: 'medium',
  availabilityImpact: 'medium',
  retention: '2 years',
  ...over,
});

describe('the information assets pages', () => {
  test('the list shows the example with owners and labels, filters, sorts and pages', async () => {
    const page = await staff.request('GET', '/information-assets');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Prisoner records/);
    assert.match(page.body, /OFFICIAL-SENSITIVE - MOJ USE ONLY - PERSONAL DATA/);
    assert.match(page.body, /Ellen Wing/);
    assert.match(page.body, /OFFICIAL-SENSITIVE - EMBARGOED - MARKET SENSITIVE/);
    const filtered = await staff.request('GET', '/information-assets?unit=LAA&tier=OFFICIAL');
    assert.match(filtered.body, /Legal aid applications/);
    assert.doesNotMatch(filtered.body, /Prisoner records/);
    const secret = await staff.request('GET', '/information-assets?sort=tier');
    assert.ok(secret.body.indexOf('Security intelligence reports') < secret.body.indexOf('Intranet news pages'), 'SECRET sorts first by classification');
    assert.match(secret.body, /aria-sort="descending"/);
    const byReference = await staff.request('GET', '/information-assets?sort=reference');
    assert.ok(byReference.body.indexOf('HMCTS-IA-0001') < byReference.body.indexOf('MOJ-IA-0001'));
    assert.match((await staff.request('GET', '/information-assets?search=payroll')).body, /1 match/);
    assert.match((await staff.request('GET', '/information-assets?owner=pete.turnkey%40example.justice.gov.uk')).body, /2 match/);
    assert.equal((await staff.request('GET', '/information-assets?sort=colour')).statusCode, 400);
  });

  test('the list pages 50 at a time', async () => {
    const result = await t.services.informationAssets.list(systemActor('t'), {});
    assert.ok(result.total <= 50);
    const page2 = await staff.request('GET', '/information-assets?page=2');
    assert.equal(page2.statusCode, 200, 'a page beyond the last shows the last');
  });

  test('one asset shows its label, IAO and services; staff may not change it', async () => {
    const asset = (await t.services.informationAssets.list(systemActor('t'), { search: 'HMPPS-IA-0001' })).assets[0]!;
    const page = await staff.request('GET', `/information-assets/${asset.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Prisoner records/);
    assert.match(page.body, /Ellen Wing/);
    assert.match(page.body, /Technology services that store or process it/);
    assert.doesNotMatch(page.body, /\/edit"/);
    assert.equal((await staff.request('GET', `/information-assets/${asset.id}/edit`)).statusCode, 403);
    assert.equal((await staff.request('GET', '/information-assets/new')).statusCode, 403);
  });

  test('the form re-renders with every error by field, then adds the asset', async () => {
    const page = await security.request('GET', '/information-assets/new');
    assert.equal(page.statusCode, 200);
    const bad = await security.post('/information-assets', form({ name: '', owner: 'nobody@example.gov.uk', sensitive: '', handlingInstruction: 'RECIPIENTS ONLY' }), '/information-assets/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    for (const field of ['name', 'owner', 'handlingInstruction']) assert.match(bad.body, new RegExp(`href="#${field}"`));
    assert.match(bad.body, /RECIPIENTS ONLY goes only with OFFICIAL-SENSITIVE/);
    const embargo = await security.post('/information-assets', form({ handlingInstruction: 'EMBARGOED' }), '/information-assets/new');
    assert.equal(embargo.statusCode, 400);
    assert.match(embargo.body, /href="#embargoEndsOn"/);
    const good = await security.post('/information-assets', form(), '/information-assets/new');
    assert.equal(good.statusCode, 303, good.body.slice(0, 500));
    const shown = await security.request('GET', good.headers.location as string);
    assert.match(shown.body, /OFFICIAL-SENSITIVE - MOJ USE ONLY - PERSONAL DATA/);
    assert.match(shown.body, /Change Visits bookings/);
  });

  test('the IAO changes their own asset’s details on a form without unit or IAO', async () => {
    const iao = await signedInAs(t, 'iao-http@example.gov.uk');
    const person = await t.database.db.selectFrom('people').select('id').where('email', '=', 'iao-http@example.gov.uk').executeTakeFirstOrThrow();
    const id = await t.services.informationAssets.create(systemActor('t'), { name: 'Kitchen rota', unitId: hmppsId, owner: person.id, classificationTier: 'OFFICIAL', sensitive: false, handlingInstruction: null, embargoEndsOn: null, descriptors: [], confidentialityImpact: 'low', integrityImpact: 'low', availabilityImpact: 'low', personalData: false });
    const edit = await iao.request('GET', `/information-assets/${id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.doesNotMatch(edit.body, /name="owner"/);
    const saved = await iao.post(`/information-assets/${id}`, form({ name: 'Kitchen rota 2027', sensitive: '', handlingInstruction: '', descriptors: '', personalData: 'no', unitId: 'ignored', owner: 'ignored' }), `/information-assets/${id}/edit`);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    assert.equal((await t.services.informationAssets.get(systemActor('t'), id)).name, 'Kitchen rota 2027');
  });

  test('the CSV export escapes formulas, carries the marking, and is audited as one event', async () => {
    await t.services.informationAssets.create(systemActor('t'), { name: '=HYPERLINK("http://evil")', unitId: hmppsId, owner: 'ellen.wing@example.justice.gov.uk', classificationTier: 'OFFICIAL', sensitive: false, handlingInstruction: null, embargoEndsOn: null, descriptors: [], confidentialityImpact: 'low', integrityImpact: 'low', availabilityImpact: 'low', personalData: false });
    const before = (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'information-assets.exported').execute()).length;
    const csv = await staff.request('GET', '/information-assets.csv?unit=HMPPS-PRISONS');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="information-assets.csv"/);
    assert.match(csv.body, /^protective marking,reference,name,description,unit,information asset owner,classification/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil""\)"/);
    assert.match(csv.body, /OFFICIAL-SENSITIVE,HMPPS-IA-0001,Prisoner records/);
    assert.doesNotMatch(csv.body, /Legal aid applications/);
    const after = (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'information-assets.exported').execute()).length;
    assert.equal(after, before + 1);
  });

  test('the classification vocabulary page lists tiers, instructions by marking, and descriptors', async () => {
    const page = await staff.request('GET', '/information-assets/classification');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /OFFICIAL-SENSITIVE<\/td><td class="govuk-table__cell">HMG USE ONLY, MOJ USE ONLY, EMBARGOED, RECIPIENTS ONLY/);
    assert.match(page.body, /LEGAL PROFESSIONAL PRIVILEGE/);
  });
});

describe('changing the classification vocabulary', () => {
  test('the security team adds a descriptor, which assets may then carry; mistakes re-render; staff may not', async () => {
    const page = await security.request('GET', '/information-assets/classification');
    assert.match(page.body, /Add a descriptor/);
    assert.doesNotMatch((await staff.request('GET', '/information-assets/classification')).body, /Add a descriptor/);
    const bad = await security.post('/information-assets/classification/descriptors', { code: 'personal data', label: '' }, '/information-assets/classification');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /PERSONAL DATA is already in the vocabulary/);
    assert.match(bad.body, /href="#label"/);
    const before = (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'classification-descriptor.added').execute()).length;
    const added = await security.post('/information-assets/classification/descriptors', { code: 'Policy sensitive', label: 'Policy in development' }, '/information-assets/classification');
    assert.equal(added.statusCode, 303, added.body.slice(0, 400));
    assert.equal((await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'classification-descriptor.added').execute()).length, before + 1);
    assert.match((await staff.request('GET', '/information-assets/classification')).body, /POLICY SENSITIVE/);
    const id = await t.services.informationAssets.create(systemActor('t'), { name: 'Draft policy papers', unitId: hmppsId, owner: 'ellen.wing@example.justice.gov.uk', classificationTier: 'OFFICIAL', sensitive: true, handlingInstruction: null, embargoEndsOn: null, descriptors: ['POLICY SENSITIVE'], confidentialityImpact: 'medium', integrityImpact: 'medium', availabilityImpact: 'low', personalData: false });
    assert.equal((await t.services.informationAssets.get(systemActor('t'), id)).label, 'OFFICIAL-SENSITIVE - POLICY SENSITIVE');
    assert.equal((await staff.post('/information-assets/classification/descriptors', { code: 'STAFF ONLY', label: 'x' }, '/information-assets/classification')).statusCode, 403);
  });
});

describe('importing information assets on the upload page', () => {
  const upload = async (browser: Browser, csvText: string, dryRun: boolean) => {
    const page = await browser.request('GET', '/information-assets/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const boundary = '----custodian-test-boundary';
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
      ...(dryRun ? [`--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\nyes\r\n`] : []),
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="assets.csv"\r\nContent-Type: text/csv\r\n\r\n${csvText}\r\n`,
      `--${boundary}--\r\n`,
    ];
    return t.app.inject({
      method: 'POST',
      url: '/information-assets/import',
      remoteAddress: browser.address,
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: parts.join(''),
    });
  };
  const header = 'reference,name,unit,information asset owner,classification,personal data\n';

  test('a dry run shows what would change; errors are listed by line and column; a real run imports', async () => {
    assert.equal((await security.request('GET', '/information-assets/import')).statusCode, 200);
    const good = `${header}HMPPS-IA-0100,Visitor logs,HMPPS-PRISONS,ellen.wing@example.justice.gov.uk,OFFICIAL-SENSITIVE - HMG USE ONLY - PERSONAL DATA,yes\n`;
    const dry = await upload(security, good, true);
    assert.equal(dry.statusCode, 200, dry.body.slice(0, 300));
    assert.match(dry.body, /The file is ready to import/);
    const bad = await upload(security, `${header}X-1,Thing,NOWHERE,ellen.wing@example.justice.gov.uk,OFFICIAL - RECIPIENTS ONLY,no\n`, false);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Unit code NOWHERE is not in the organisation/);
    assert.match(bad.body, /RECIPIENTS ONLY goes only with OFFICIAL-SENSITIVE/);
    const real = await upload(security, good, false);
    assert.match(real.body, /Information assets imported/);
    assert.equal((await t.services.informationAssets.list(systemActor('t'), { search: 'HMPPS-IA-0100' })).total, 1);
    assert.equal((await upload(staff, good, true)).statusCode, 403, 'a member of staff cannot import');
  });
});

describe('the information assets API', () => {
  const api = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${await apiToken(t, email)}` }, ...(payload ? { payload } : {}) });

  test('lists with filters and page size, gets, creates and updates; refuses unknown fields and mistakes', async () => {
    const list = await api('assets-member@example.gov.uk', 'GET', '/information-assets?tier=SECRET&pageSize=200');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((a: { reference: string }) => a.reference), ['HMPPS-IA-0004']);
    assert.equal((await api('assets-member@example.gov.uk', 'GET', '/information-assets?pageSize=201')).statusCode, 400);
    const body = { name: 'API asset', unitId: hmppsId, owner: 'ellen.wing@example.justice.gov.uk', classificationTier: 'OFFICIAL', sensitive: true, handlingInstruction: 'RECIPIENTS ONLY', descriptors: ['PERSONAL DATA'], personalData: true };
    const created = await api('assets-sig@example.gov.uk', 'POST', '/information-assets', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().label, 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA');
    const id = created.json().id as string;
    const got = await api('assets-member@example.gov.uk', 'GET', `/information-assets/${id}`);
    assert.equal(got.json().owner.name, 'Ellen Wing');
    assert.deepEqual(got.json().services, []);
    const updated = await api('assets-sig@example.gov.uk', 'PUT', `/information-assets/${id}`, { ...body, reference: created.json().reference, handlingInstruction: 'HMG USE ONLY' });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().label, 'OFFICIAL-SENSITIVE - HMG USE ONLY - PERSONAL DATA');
    const wrong = await api('assets-sig@example.gov.uk', 'POST', '/information-assets', { ...body, sensitive: false });
    assert.equal(wrong.statusCode, 400);
    assert.ok(wrong.json().errors.some((p: { field: string }) => p.field === 'handlingInstruction'), wrong.body);
    assert.equal((await api('assets-sig@example.gov.uk', 'POST', '/information-assets', { ...body, colour: 'red' })).statusCode, 400);
    assert.equal((await api('assets-member@example.gov.uk', 'POST', '/information-assets', body)).statusCode, 403);
    assert.equal((await api('assets-member@example.gov.uk', 'PUT', `/information-assets/${id}`, body)).statusCode, 403);
  });
});
