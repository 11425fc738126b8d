// CAF self-assessments through app.inject: the start form with mistakes (400 and the error summary),
// the assessment page by objective, an outcome's form with its indicators and evidence, the gap page
// with its chart and table, the CSV and printable page; the JSON API with bad input (400 and the
// message); and a person who is not an assessor refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { loadBuiltInFrameworks } from '../../src/registers/frameworks/built-in.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, createAccount, rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let assessor: Browser;
let stranger: Browser;
let assessorToken = '';
let strangerToken = '';
let securityToken = '';
let id = '';

const api = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const root = await rootUnitId(t);
  await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: root, hosting: 'saas', criticality: 'critical' }).execute();
  await db.insertInto('technology_services').values({ reference: 'SVC-0002', name: 'Intranet', unit_id: root, hosting: 'saas', criticality: 'medium' }).execute();
  await loadBuiltInFrameworks(t.services.frameworks, systemActor('test'), (code) => t.services.frameworks.holds(code));
  const outcome = (await db.selectFrom('requirements').select('id').where('key', '=', 'B2.c').where('framework_id', 'is not', null).executeTakeFirstOrThrow()).id;
  const control = (await db.insertInto('controls').values({ code: 'CTL-MFA', title: 'Multi-factor authentication', kind: 'technology' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('control_requirements').values({ control_id: control, requirement_id: outcome }).execute();
  const service = (await db.selectFrom('technology_services').select('id').where('reference', '=', 'SVC-0001').executeTakeFirstOrThrow()).id;
  const impl = (await db.insertInto('control_implementations').values({ control_id: control, service_id: service, status: 'implemented', status_on: '2026-09-01' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('control_evidence').values({ implementation_id: impl, kind: 'link', url: 'https://example.gov.uk/mfa-export', review_by: '2027-09-01', added_by: 'test' }).execute();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  assessor = await signedInAs(t, 'assessor@example.gov.uk');
  stranger = await signedInAs(t, 'stranger@example.gov.uk');
  await createAccount(t, 'auditor@example.gov.uk', ['auditor']);
  assessorToken = await apiToken(t, 'assessor@example.gov.uk');
  strangerToken = await apiToken(t, 'stranger@example.gov.uk');
  securityToken = await apiToken(t, 'security@example.gov.uk');
});
after(async () => t.close());

describe('CAF self-assessment pages', () => {
  test('the start form says what to fix; a good one starts the assessment, pre-filled', async () => {
    const bad = await security.post('/caf-assessments', { service: 'SVC-0002', profile: '', dueOn: '2027-02-30', assessors: 'nobody@example.gov.uk' }, '/caf-assessments/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#service">SVC-0002 Intranet is of medium criticality/);
    assert.match(bad.body, /href="#profile">Choose the GovAssure profile/);
    assert.match(bad.body, /href="#dueOn">Enter the date the assessment is due/);
    assert.match(bad.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    const started = await security.post('/caf-assessments', { service: 'SVC-0001', profile: 'baseline', dueOn: '2027-01-31', assessors: 'assessor@example.gov.uk' }, '/caf-assessments/new');
    assert.equal(started.statusCode, 303, started.body.slice(0, 2000));
    id = /^\/caf-assessments\/([0-9a-f-]{36})$/.exec(String(started.headers.location))?.[1] ?? assert.fail(String(started.headers.location));
    const page = await assessor.request('GET', `/caf-assessments/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Objective A: /);
    assert.match(page.body, /B2.c [^<]*<\/a>/);
    assert.match(page.body, /From the registers, not yet confirmed/);
  });

  test('an outcome shows its target, indicators and the registers’ evidence; a bad answer comes back with the error summary', async () => {
    const page = await assessor.request('GET', `/caf-assessments/${id}/outcomes/B2.c`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Target \(GovAssure Baseline\)/);
    assert.match(page.body, /href="https:\/\/example.gov.uk\/mfa-export"/);
    assert.match(page.body, /The registers propose achieved/);
    assert.match(page.body, /name="indicators" type="checkbox" value="B2.c.A.1"|value="B2.c.A.1"/);
    const bad = await assessor.post(`/caf-assessments/${id}/outcomes/A1.a`, { status: 'achieved', justification: '' }, `/caf-assessments/${id}/outcomes/A1.a`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#justification">Say why the outcome has this status/);
    const saved = await assessor.post(`/caf-assessments/${id}/outcomes/A1.a`, { status: 'not-achieved', justification: 'No board-level owner yet', indicators: 'A1.a.NA.1' }, `/caf-assessments/${id}/outcomes/A1.a`);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    const after = await assessor.request('GET', `/caf-assessments/${id}/outcomes/A1.a`);
    assert.match(after.body, /No board-level owner yet/);
  });

  test('submitting too early comes back with the error summary; the pre-fill is refreshed from the page', async () => {
    const early = await assessor.post(`/caf-assessments/${id}/submit`, {}, `/caf-assessments/${id}`);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /href="#outcomes">Assess every contributing outcome before submitting/);
    assert.match(early.body, /id="outcomes"/);
    const refreshed = await assessor.post(`/caf-assessments/${id}/prefill`, {}, `/caf-assessments/${id}`);
    assert.equal(refreshed.statusCode, 303, refreshed.body.slice(0, 2000));
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'caf-assessment.prefilled').execute();
    assert.equal(events.length, 1);
    assert.equal((await security.post(`/caf-assessments/${id}/complete`, {}, `/caf-assessments/${id}`)).statusCode, 422);
  });

  test('a person who is not an assessor may neither see nor answer it', async () => {
    assert.equal((await stranger.request('GET', `/caf-assessments/${id}`)).statusCode, 403);
    const refused = await stranger.post(`/caf-assessments/${id}/outcomes/A1.b`, { status: 'achieved', justification: 'x' }, '/caf-assessments');
    assert.equal(refused.statusCode, 403);
    assert.doesNotMatch((await stranger.request('GET', '/caf-assessments')).body, /SVC-0001/);
  });

  test('the gap page draws the chart with its table and lists the outcomes below target; CSV and print', async () => {
    const gap = await security.request('GET', `/caf-assessments/${id}/gap`);
    assert.equal(gap.statusCode, 200);
    assert.match(gap.body, /<svg class="custodian-chart__svg/);
    assert.match(gap.body, /<caption[^>]*>Contributing outcomes against the GovAssure Baseline profile, by objective/);
    assert.match(gap.body, /Outcomes below target \(1\)/);
    assert.match(gap.body, /A1.a [^<]*<\/a>/);
    const csv = await security.request('GET', `/caf-assessments/${id}/export.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /A1.a,[^\r\n]*,Achieved,Not achieved,Below target/);
    const print = await security.request('GET', `/caf-assessments/${id}/print`);
    assert.equal(print.statusCode, 200);
    assert.match(print.body, /No board-level owner yet/);
  });
});

describe('CAF self-assessment API', () => {
  test('bad input is refused with a message that says what to fix', async () => {
    const start = await api(securityToken, 'POST', '/caf-assessments', { service: 'SVC-0002', profile: 'baseline', dueOn: '2027-01-31', assessors: ['assessor@example.gov.uk'] });
    assert.equal(start.statusCode, 400);
    assert.match(start.body, /SVC-0002 Intranet is of medium criticality/);
    const unknown = await api(assessorToken, 'PUT', `/caf-assessments/${id}/outcomes/A1.b`, { status: 'achieved', justification: 'Seen', indicators: { 'Z.9': true } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Z.9 is not an indicator of A1.b/);
    const extra = await api(assessorToken, 'PUT', `/caf-assessments/${id}/outcomes/A1.b`, { status: 'achieved', colour: 'red' });
    assert.equal(extra.statusCode, 400);
    const early = await api(assessorToken, 'POST', `/caf-assessments/${id}/submit`);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /Assess every contributing outcome before submitting/);
  });

  test('the assessor records an outcome; a non-assessor is refused; the assessment reads back with its gap', async () => {
    const ok = await api(assessorToken, 'PUT', `/caf-assessments/${id}/outcomes/B2.c`, { status: 'achieved', justification: 'Confirmed from the conditional access export', indicators: { 'B2.c.A.1': true } });
    assert.equal(ok.statusCode, 204, ok.body);
    const refused = await api(strangerToken, 'PUT', `/caf-assessments/${id}/outcomes/B2.c`, { status: 'not-achieved', justification: 'No' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await api(strangerToken, 'GET', `/caf-assessments/${id}`)).statusCode, 403);
    const read = await api(assessorToken, 'GET', `/caf-assessments/${id}`);
    assert.equal(read.statusCode, 200);
    const body = read.json() as { outcomes: Array<{ key: string; status: string; source: string; proposedStatus: string; gap: string }>; totals: { below: number } };
    const b2c = body.outcomes.find((o) => o.key === 'B2.c')!;
    assert.deepEqual([b2c.status, b2c.source, b2c.proposedStatus, b2c.gap], ['achieved', 'assessor', 'achieved', 'meets']);
    assert.equal(body.totals.below, 1);
    const list = await api(assessorToken, 'GET', '/caf-assessments');
    assert.deepEqual((list.json() as { items: Array<{ id: string }> }).items.map((i) => i.id), [id]);
  });

  test('the security team changes the assessors; a stranger may not; the new assessor may then answer', async () => {
    assert.equal((await api(strangerToken, 'PUT', `/caf-assessments/${id}/assessors`, { assessors: ['stranger@example.gov.uk'] })).statusCode, 403);
    const bad = await api(securityToken, 'PUT', `/caf-assessments/${id}/assessors`, { assessors: ['nobody@example.gov.uk'] });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    const page = await security.post(`/caf-assessments/${id}/assessors`, { assessors: '' }, `/caf-assessments/${id}`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /href="#assessors">Enter the email or staff number of at least one assessor/);
    const ok = await api(securityToken, 'PUT', `/caf-assessments/${id}/assessors`, { assessors: ['assessor@example.gov.uk', 'stranger@example.gov.uk'] });
    assert.equal(ok.statusCode, 204, ok.body);
    const answered = await api(strangerToken, 'PUT', `/caf-assessments/${id}/outcomes/A2.a`, { status: 'partially-achieved', justification: 'Risk register holds the service’s risks' });
    assert.equal(answered.statusCode, 204, answered.body);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'caf-assessment.assessors-changed').execute();
    assert.equal(events.length, 1);
  });
});

