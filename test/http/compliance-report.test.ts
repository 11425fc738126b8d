// The compliance report through app.inject: the report and its filters (a bad filter is a clear 400,
// never a 500), grouping by person, covered findings counted and a link to them, the CSV export (escaped,
// audited), the printable page, a finding's page with a fix planned on it, and the findings API.
// The organisation: DEPT > AGENCY > TEAM; a service in TEAM with an SRO (pat) and no TSO; an asset in
// AGENCY with no IAO (the SIRO at DEPT accountable), later covered by an exception.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { appoint, ensureRequirement, exceptionFor, type RuleFixture } from '../support/compliance.ts';
import { apiToken, createAccount } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';
import { createUnitTree, type UnitTree } from '../support/organisation.ts';

let t: TestApp;
let units: UnitTree;
let security: Browser;
let pat: Browser;
let stranger: Browser;
const people: Record<string, string> = {};
let serviceId = '';
let assetId = '';
let serviceFinding = '';

const personId = async (email: string) => (await t.database.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const findingOf = async (recordId: string) => (await t.database.db.selectFrom('compliance_findings').select('id').where('record_id', '=', recordId).executeTakeFirstOrThrow()).id;

before(async () => {
  t = await createTestApp({ now: '2026-11-28T09:00:00Z' });
  const db = t.database.db;
  units = await createUnitTree(db);
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  for (const name of ['pat', 'siro', 'stranger']) {
    await createAccount(t, `${name}@example.gov.uk`);
    people[name] = await personId(`${name}@example.gov.uk`);
  }
  await appoint(db, { role: 'siro', personId: people.siro!, unitId: units.DEPT });
  await ensureRequirement(db, 'SISP-004');
  await ensureRequirement(db, 'SISP-005');
  serviceId = (await db.insertInto('technology_services').values({ reference: 'SVC-H1', name: 'Case system', unit_id: units.TEAM, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow()).id;
  await appoint(db, { role: 'senior-responsible-officer', personId: people.pat!, record: { type: 'technology-service', id: serviceId } });
  assetId = (await db.insertInto('information_assets').values({ reference: 'IA-H1', name: 'Agency files', unit_id: units.AGENCY, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.services.compliance.evaluate(systemActor('test'), 'test');
  serviceFinding = await findingOf(serviceId);
  pat = new Browser(t.app);
  await pat.post('/sign-in', { email: 'pat@example.gov.uk', password: 'correct horse battery staple' });
  stranger = new Browser(t.app);
  await stranger.post('/sign-in', { email: 'stranger@example.gov.uk', password: 'correct horse battery staple' });
});
after(async () => t.close());

describe('the report', () => {
  test('the security team sees each open finding with its record, requirement, evidence, age and the chain above', async () => {
    const page = await security.request('GET', '/compliance/report');
    assert.equal(page.statusCode, 200, page.body.slice(0, 2000));
    assert.match(page.body, /<h1 class="govuk-heading-l">Requirements unmet with no accepted risk<\/h1>/);
    assert.match(page.body, new RegExp(`href="/technology-services/${serviceId}">SVC-H1 Case system</a>`));
    assert.match(page.body, new RegExp(`href="/information-assets/${assetId}">IA-H1 Agency files</a>`));
    assert.match(page.body, /No current Technology Service Owner/);
    assert.match(page.body, /SISP-005/);
    assert.match(page.body, new RegExp(`href="/compliance/findings/${serviceFinding}">See the finding`));
    assert.match(page.body, /Senior Information Risk Owner: siro/);
    assert.match(page.body, /0 days/);
    assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--m">Prison Operations<\/caption>/, 'grouped by unit');
    assert.doesNotMatch(page.body, /non-compliant/i);

    const byPerson = await security.request('GET', '/compliance/report?view=person');
    assert.equal(byPerson.statusCode, 200);
    assert.match(byPerson.body, /<caption class="govuk-table__caption govuk-table__caption--m">pat<\/caption>/, 'grouped by accountable person');
    assert.match(byPerson.body, /Group by unit/);
  });

  test('a member of staff sees their own findings, and only those', async () => {
    const page = await pat.request('GET', '/compliance/report');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /These are the findings you are accountable for/);
    assert.match(page.body, /SVC-H1 Case system/);
    assert.doesNotMatch(page.body, /IA-H1/);
    const none = await stranger.request('GET', '/compliance/report');
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /0 findings match/);
  });

  test('filters narrow the report; a bad filter is named in the error summary with a 400', async () => {
    const team = await security.request('GET', '/compliance/report?unit=TEAM&severity=high&rule=services.owners&requirement=SISP-005&person=pat%40example.gov.uk');
    assert.equal(team.statusCode, 200, team.body.slice(0, 1500));
    assert.match(team.body, /SVC-H1/);
    assert.doesNotMatch(team.body, /IA-H1/);
    assert.match(team.body, /1 finding matches/);
    const older = await security.request('GET', '/compliance/report?openForMoreThanDays=5');
    assert.match(older.body, /0 findings match/, 'nothing has been open for more than 5 days');

    const bad = await security.request('GET', '/compliance/report?unit=NOWHERE&severity=dire&openForMoreThanDays=ten');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#unit">No unit has the code NOWHERE/);
    assert.match(bad.body, /href="#severity">Choose a severity: high, medium, low/);
    assert.match(bad.body, /href="#openForMoreThanDays">Enter the number of days as a whole number/);
    for (const url of ['/compliance/report?colour=red', '/compliance/report?page=0', '/compliance/report.csv?rule=nope', '/compliance/report/print?view=sideways']) {
      const res = await security.request('GET', url);
      assert.equal(res.statusCode, 400, `${url}: ${res.statusCode}`);
    }
  });

  test('covered findings are counted, with a link to see them', async () => {
    const fixture: RuleFixture = { db: t.database.db, units, person: people.pat!, siro: people.siro!, person2: async () => people.pat! };
    await exceptionFor(fixture, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: assetId, expiresOn: '2027-06-30' });
    await t.services.compliance.evaluate(systemActor('test'), 'test');
    const open = await security.request('GET', '/compliance/report');
    assert.doesNotMatch(open.body, /IA-H1/, 'a covered finding is not unmet without an accepted risk');
    assert.match(open.body, /1 more finding is not met but covered by an exception backed by an accepted risk: <a class="govuk-link" href="\/compliance\/report\?status=covered">see the covered findings<\/a>/);
    const covered = await security.request('GET', '/compliance/report?status=covered');
    assert.equal(covered.statusCode, 200);
    assert.match(covered.body, /Findings covered by an exception/);
    assert.match(covered.body, /IA-H1 Agency files/);
    assert.doesNotMatch(covered.body, /SVC-H1/);
    const finding = await security.request('GET', `/compliance/findings/${await findingOf(assetId)}`);
    assert.match(finding.body, /Covered by an exception/);
    assert.match(finding.body, /href="\/risk-exceptions\/[0-9a-f-]{36}">EX-T\d+<\/a>, until 30 June 2027/);
  });
});

describe('exports', () => {
  test('the CSV has every matching line, escaped, and taking it is audited', async () => {
    const res = await security.request('GET', '/compliance/report.csv?unit=TEAM');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="compliance-report.csv"/);
    const lines = res.body.trim().split('\r\n');
    assert.match(lines[0]!, /^finding,status,unit,unit code,accountable person,accountable email,record type,record,requirement,/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`^${serviceFinding},open,Prison Operations,TEAM,pat,pat@example.gov.uk,Technology service,SVC-H1 Case system,SISP-005,`));
    const event = await t.database.db.selectFrom('audit_events').select(['metadata', 'actor_label']).where('action', '=', 'compliance.report-exported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(event.metadata, { format: 'csv', filters: { unit: 'TEAM' }, count: 1 });
    assert.match(event.actor_label, /security@example.gov.uk/);
  });

  test('the printable page has no navigation, every line, and the marking at top and bottom', async () => {
    const res = await security.request('GET', '/compliance/report/print?view=person');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /govuk-service-navigation/);
    assert.doesNotMatch(res.body, /govuk-footer/);
    assert.equal(res.body.match(/class="custodian-marking/g)?.length, 2);
    assert.match(res.body, /SVC-H1 Case system/);
    assert.match(res.body, /grouped by accountable person/);
  });
});

describe('a finding', () => {
  test('its page shows the evidence and history; the accountable person plans a fix, mistakes listed first', async () => {
    const page = await pat.request('GET', `/compliance/findings/${serviceFinding}`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 1500));
    assert.match(page.body, /SVC-H1 Case system: not met/);
    assert.match(page.body, /services.owners/);
    assert.match(page.body, /id="owner" name="owner" type="text" spellcheck="false" value="pat@example.gov.uk"/, 'the owner defaults to the accountable person');
    assert.match(page.body, /href="\/risk-exceptions\/new\?requirement=SISP-005&amp;scopeType=service&amp;scope=SVC-H1">Ask for an exception/);
    // The link opens the exception form with the requirement and scope already filled in.
    const ask = await pat.request('GET', '/risk-exceptions/new?requirement=SISP-005&scopeType=service&scope=SVC-H1');
    assert.equal(ask.statusCode, 200, ask.body.slice(0, 1500));
    assert.match(ask.body, /name="requirement"[^>]*value="SISP-005"/);
    assert.match(ask.body, /name="scope"[^>]*value="SVC-H1"/);
    assert.match(ask.body, /<option value="service" selected>/);

    const bad = await pat.post(`/compliance/findings/${serviceFinding}/actions`, { title: '', owner: 'ghost@example.gov.uk', dueOn: '2026-02-30' }, `/compliance/findings/${serviceFinding}`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#title">Enter what is to be done/);
    assert.match(bad.body, /href="#owner">No one in the people register has the email or staff number ghost@example.gov.uk/);
    assert.match(bad.body, /href="#dueOn">Enter the due date as a real date/);

    const good = await pat.post(`/compliance/findings/${serviceFinding}/actions`, { title: 'Appoint a TSO', owner: 'pat@example.gov.uk', dueOn: '2027-01-31' }, `/compliance/findings/${serviceFinding}`);
    assert.equal(good.statusCode, 303, good.body.slice(0, 1500));
    const after = await pat.request('GET', String(good.headers.location));
    assert.match(after.body, /The fix was planned as action ACT-\d{4}/);
    assert.match(after.body, /Appoint a TSO/);
  });

  test('someone neither accountable nor reading its unit may not see it or plan a fix', async () => {
    assert.equal((await stranger.request('GET', `/compliance/findings/${serviceFinding}`)).statusCode, 403);
    const refused = await stranger.post(`/compliance/findings/${serviceFinding}/actions`, { title: 'Mine', owner: 'stranger@example.gov.uk', dueOn: '2027-01-31' }, '/compliance/report');
    assert.equal(refused.statusCode, 403);
    assert.equal((await security.request('GET', '/compliance/findings/not-an-id')).statusCode, 400);
  });
});

describe('the findings API', () => {
  test('lists findings with the same filters and gives one with its history; each reader sees theirs', async () => {
    const token = await apiToken(t, 'security@example.gov.uk', { readOnly: true });
    const api = (url: string, bearer = token) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${bearer}` } });
    const list = await api('/compliance/findings?status=open&unit=TEAM');
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json() as { items: Array<{ id: string; record: { href: string }; requirement: { key: string }; chain: unknown[] }>; total: number };
    assert.equal(body.total, 1);
    assert.equal(body.items[0]!.record.href, `/technology-services/${serviceId}`);
    assert.equal(body.items[0]!.requirement.key, 'SISP-005');
    assert.equal(body.items[0]!.chain.length, 4);

    const bad = await api('/compliance/findings?unit=NOWHERE&severity=dire');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /severity/);
    const unknown = await api('/compliance/findings?person=ghost@example.gov.uk');
    assert.equal(unknown.statusCode, 400);
    assert.match((unknown.json() as { detail: string }).detail, /No one in the people register/);

    const one = await api(`/compliance/findings/${serviceFinding}`);
    assert.equal(one.statusCode, 200);
    const finding = one.json() as { status: string; history: Array<{ status: string }>; actions: Array<{ title: string }> };
    assert.equal(finding.status, 'open');
    assert.deepEqual(finding.history.map((h) => h.status), ['open']);
    assert.deepEqual(finding.actions.map((a) => a.title), ['Appoint a TSO']);

    const strangerToken = await apiToken(t, 'stranger@example.gov.uk');
    assert.equal(((await api('/compliance/findings', strangerToken)).json() as { total: number }).total, 0);
    assert.equal((await api(`/compliance/findings/${serviceFinding}`, strangerToken)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/compliance/findings' })).statusCode, 401);
  });
});
