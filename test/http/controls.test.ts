import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let staff: Browser;
let tso: Browser;
const ids: Record<string, string> = {};
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function multipart(browser: Browser, url: string, csrfFrom: string, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const page = await browser.request('GET', csrfFrom);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----custodian-controls-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: csrf, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: browser.address,
    headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  ids.dept = dept.id;
  for (const key of ['SISP-001', 'SISP-002']) await db.insertInto('requirements').values({ key, source_type: 'policy-statement', text: `Statement ${key}`, status: 'active' }).execute();
  ids.svc = (await db.insertInto('technology_services').values({ reference: 'SVC-1', name: 'Case system', unit_id: dept.id, hosting: 'saas', criticality: 'critical' }).returning('id').executeTakeFirstOrThrow()).id;
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  staff = await signedInAs(t, 'staff@example.gov.uk');
  tso = await signedInAs(t, 'tso@example.gov.uk');
  const tsoPerson = await db.selectFrom('people').select('id').where('email', '=', 'tso@example.gov.uk').executeTakeFirstOrThrow();
  await db.insertInto('appointments').values({ role_code: 'technology-service-owner', person_id: tsoPerson.id, record_type: 'technology-service', record_id: ids.svc, starts_on: '2025-01-01' }).execute();
});
after(async () => t.close());

describe('controls pages', () => {
  test('the catalogue: a form with mistakes shows the error summary (400); a good one creates the control', async () => {
    assert.equal((await security.request('GET', '/controls/new')).statusCode, 200);
    assert.equal((await staff.request('GET', '/controls/new')).statusCode, 403);
    const bad = await security.post('/controls', { code: 'bad code', title: '', kind: 'technology', requirements: 'SISP-404' }, '/controls/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /SISP-404 is not a requirement key/);
    assert.match(bad.body, /href="#code"/);
    const good = await security.post('/controls', { code: 'CTL-ACC-01', title: 'Multi-factor authentication', kind: 'technology', owner: 'security@example.gov.uk', requirements: 'SISP-001, SISP-002' }, '/controls/new');
    assert.equal(good.statusCode, 303);
    ids.mfa = good.headers.location!.split('/').pop()!;
    const page = await staff.request('GET', `/controls/${ids.mfa}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Statement SISP-002/);
    const list = await staff.request('GET', '/controls?kind=technology&search=factor');
    assert.match(list.body, /CTL-ACC-01/);
    assert.doesNotMatch((await staff.request('GET', '/controls?kind=people')).body, /CTL-ACC-01/);
    assert.equal((await security.request('GET', `/controls/${ids.mfa}/edit`)).statusCode, 200);
  });

  test('baselines: created on a form, listed with their conditions in words; the service then requires the control', async () => {
    assert.equal((await security.request('GET', '/baselines/new')).statusCode, 200);
    const bad = await security.post('/baselines', { code: 'BL-CRIT', name: '', controls: 'CTL-NONE' }, '/baselines/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /CTL-NONE is not the code of a control/);
    const good = await security.post('/baselines', { code: 'BL-CRIT', name: 'Critical services', minCriticality: 'critical', controls: 'CTL-ACC-01' }, '/baselines/new');
    assert.equal(good.statusCode, 303);
    const list = await staff.request('GET', '/baselines');
    assert.match(list.body, /Services of criticality critical or higher/);
    const required = await t.services.controls.forService({ kind: 'system', name: 't' }, ids.svc!);
    assert.deepEqual(required.required.map((r) => [r.code, r.baselines]), [['CTL-ACC-01', ['Critical services']]]);
  });

  test('the TSO records the implementation for their service, adds a file as evidence and downloads it back as an attachment', async () => {
    const form = await tso.request('GET', `/control-implementations/new?control=${ids.mfa}&service=${ids.svc}`);
    assert.equal(form.statusCode, 200);
    assert.equal((await staff.request('GET', `/control-implementations/new?control=${ids.mfa}&service=${ids.svc}`)).statusCode, 403);
    const noReason = await tso.post('/control-implementations', { control: ids.mfa!, service: ids.svc!, status: 'not-applicable' }, `/control-implementations/new?control=${ids.mfa}&service=${ids.svc}`);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why the control does not apply/);
    const created = await tso.post('/control-implementations', { control: ids.mfa!, service: ids.svc!, status: 'partial', owner: 'tso@example.gov.uk' }, `/control-implementations/new?control=${ids.mfa}&service=${ids.svc}`);
    assert.equal(created.statusCode, 303);
    ids.impl = created.headers.location!.split('/').pop()!;
    const detail = `/control-implementations/${ids.impl}`;

    const refused = await multipart(tso, `${detail}/evidence`, detail, { kind: 'file', reviewBy: '2027-06-30' }, { name: 'evil.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>\u0000') });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /evil\.pdf is not a file type Custodian accepts/);
    const uploaded = await multipart(tso, `${detail}/evidence`, detail, { kind: 'file', note: 'Pen test report', reviewBy: '2027-06-30' }, { name: 'pen test.pdf', type: 'application/pdf', bytes: PDF });
    assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 500));
    const page = await staff.request('GET', detail);
    const evidenceId = /href="\/evidence\/([0-9a-f-]+)\/file"/.exec(page.body)?.[1];
    assert.ok(evidenceId, 'the evidence links to its file');
    const download = await staff.request('GET', `/evidence/${evidenceId}/file`);
    assert.equal(download.statusCode, 200);
    assert.match(download.headers['content-disposition'] as string, /^attachment; filename="pen test\.pdf"/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(createHash('sha256').update(download.rawPayload).digest('hex'), createHash('sha256').update(PDF).digest('hex'));

    const link = await tso.post(detail, { status: 'implemented', owner: 'tso@example.gov.uk', statusOn: '2026-11-27' });
    assert.equal(link.statusCode, 303);
    assert.match((await staff.request('GET', detail)).body, /Implemented/);
  });

  test('export: a CSV attachment, audited; import: the upload page with a dry run', async () => {
    const csv = await staff.request('GET', '/control-implementations.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    assert.match(csv.headers['content-disposition'] as string, /^attachment; filename="control-implementations\.csv"/);
    assert.equal(csv.body.split('\r\n')[0], 'control,service,unit,status,not applicable reason,owner,status on,evidence,evidence review overdue');
    assert.match(csv.body, /CTL-ACC-01,SVC-1,,implemented,,tso@example\.gov\.uk,2026-11-27,1,0/);
    assert.ok(await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'control-implementations.exported').executeTakeFirst());

    assert.equal((await security.request('GET', '/control-implementations/import')).statusCode, 200);
    const header = 'control,service,unit,status,not applicable reason,owner,status on,evidence link,evidence note,evidence review by\r\n';
    const dry = await multipart(security, '/control-implementations/import', '/control-implementations/import', { dryRun: 'yes' }, { name: 'c.csv', type: 'text/csv', bytes: Buffer.from(`${header}CTL-ACC-01,SVC-1,,implemented,,,,https://wiki.example/mfa,,2027-01-01\r\n`) });
    assert.equal(dry.statusCode, 200, dry.body.slice(0, 400));
    assert.match(dry.body, /The file is ready to import/);
    const bad = await multipart(security, '/control-implementations/import', '/control-implementations/import', { dryRun: 'yes' }, { name: 'c.csv', type: 'text/csv', bytes: Buffer.from(`${header}CTL-NOPE,SVC-1,,implemented,,,,,,\r\n`) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /No control has the code CTL-NOPE/);
  });
});

describe('controls API', () => {
  test('lists, creates and changes controls; records status and evidence through the API', async () => {
    const token = await t.services.accounts.createTokenForEmail('security@example.gov.uk', { name: 'api' });
    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as object } : {}) });
    const list = await api('GET', '/controls?kind=technology');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items.map((c: { code: string }) => c.code), ['CTL-ACC-01']);
    const created = await api('POST', '/controls', { code: 'CTL-TRN-01', title: 'Security training', kind: 'people', requirementKeys: ['SISP-001'] });
    assert.equal(created.statusCode, 201);
    const invalid = await api('POST', '/controls', { code: 'CTL-TRN-01', title: 'Again', kind: 'people', requirementKeys: ['SISP-999'] });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.headers['content-type'] as string, /^application\/problem\+json/);
    const unit = await api('POST', '/control-implementations', { controlId: created.json().id, unitId: ids.dept, status: 'implemented' });
    assert.equal(unit.statusCode, 201, unit.body);
    const status = await api('PUT', `/control-implementations/${ids.impl}/status`, { status: 'not-applicable', notApplicableReason: 'Replaced by SSO' });
    assert.equal(status.statusCode, 200, status.body);
    assert.equal(status.json().status, 'not-applicable');
    const evidence = await api('POST', `/control-implementations/${ids.impl}/evidence`, { kind: 'link', url: 'ftp://x', reviewBy: '2027-01-01' });
    assert.equal(evidence.statusCode, 400);
    assert.equal((await api('POST', `/control-implementations/${ids.impl}/evidence`, { kind: 'link', url: 'https://wiki.example/sso', reviewBy: '2027-01-01' })).statusCode, 201);
    const filtered = await api('GET', `/control-implementations?service=${ids.svc}&status=not-applicable`);
    assert.deepEqual(filtered.json().items.map((i: { control: { code: string }; evidence: number }) => [i.control.code, i.evidence]), [['CTL-ACC-01', 2]]);
    assert.equal((await api('GET', `/control-implementations/${ids.impl}`)).json().evidenceItems.length, 2);
    assert.equal((await api('GET', '/baselines')).json().items[0].conditions, 'Services of criticality critical or higher');
  });
});

describe('the MoJ example controls', () => {
  test('first-run setup loads them after the assets and services, ties controls to the strategic policy, derive required controls, and load again unchanged', async () => {
    const { loadExampleAssets } = await import('../../src/example/moj/assets.ts');
    const { loadExampleServices } = await import('../../src/example/moj/services.ts');
    const { loadExampleControls, MOJ_CONTROLS, MOJ_BASELINES } = await import('../../src/example/moj/controls.ts');
    // First-run setup loads the assets, the services and then the controls.
    const example = await createTestApp({ example: 'moj' });
    try {
      const system = { kind: 'system', name: 'example' } as const;
      const controls = await example.database.db.selectFrom('controls').select('code').execute();
      assert.equal(controls.length, MOJ_CONTROLS.length);
      assert.equal((await example.database.db.selectFrom('baselines').select('id').execute()).length, MOJ_BASELINES.length);
      for (const load of [loadExampleAssets, loadExampleServices, loadExampleControls]) assert.equal((await load(example.services, system)).created, 0, 'loading again creates nothing');
      const training = await example.database.db.selectFrom('controls').select('id').where('code', '=', 'CTL-PPL-01').executeTakeFirstOrThrow();
      const control = await example.services.controls.get(system, training.id);
      assert.ok(control.requirements.some((r) => /training/i.test(r.text)), JSON.stringify(control.requirements));
      const prisonCase = await example.database.db.selectFrom('technology_services').select('id').where('reference', '=', 'SVC-0001').executeTakeFirstOrThrow();
      const required = await example.services.controls.forService(system, prisonCase.id);
      const codes = required.required.map((r) => r.code);
      for (const code of ['CTL-ACC-01', 'CTL-BCK-01', 'CTL-CRY-01', 'CTL-LOG-01']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
      assert.equal(required.required.find((r) => r.code === 'CTL-ACC-01')?.implementation?.evidence, 1);
    } finally {
      await example.close();
    }
  });
});
