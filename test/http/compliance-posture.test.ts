// Posture, runs, "run now" and the home dashboards through app.inject. The organisation: DEPT >
// AGENCY > TEAM, a SIRO at DEPT; an asset with its IAO (who is also a member of staff with an
// action), an asset with none, and a service with an SRO and no TSO (a finding the SRO answers for).
// The security team runs the rules from the web (audited); a member of staff may not. Each role's
// home page shows its own section, each number a link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUnitTree, type UnitTree } from '../support/organisation.ts';
import { createAccount } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let units: UnitTree;
let security: Browser;
let staff: Browser;
let iao: Browser;
let sro: Browser;
const people: Record<string, string> = {};

const personId = async (email: string) => (await t.database.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const appoint = (role: string, person: string, record: { type: string; id: string } | null, unitId: string | null = null) =>
  t.database.db.insertInto('appointments').values({ role_code: role, person_id: person, unit_id: unitId, record_type: record?.type ?? null, record_id: record?.id ?? null, starts_on: '2025-01-01' }).execute();

before(async () => {
  t = await createTestApp({ now: '2026-06-15T09:00:00Z' });
  const db = t.database.db;
  units = await createUnitTree(db);
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  for (const name of ['staff', 'iao', 'sro', 'siro']) {
    await createAccount(t, `${name}@example.gov.uk`);
    people[name] = await personId(`${name}@example.gov.uk`);
  }
  await appoint('siro', people.siro!, null, units.DEPT);
  const owned = await db.insertInto('information_assets').values({ reference: 'IA-H1', name: 'Prison records', unit_id: units.TEAM, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
  await appoint('information-asset-owner', people.iao!, { type: 'information-asset', id: owned.id });
  await db.insertInto('information_assets').values({ reference: 'IA-H2', name: 'Orphaned spreadsheet', unit_id: units.AGENCY, classification_tier: 'OFFICIAL' }).execute();
  const service = await db.insertInto('technology_services').values({ reference: 'SVC-H1', name: 'Case system', unit_id: units.TEAM, purpose: '', hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow();
  await appoint('senior-responsible-officer', people.sro!, { type: 'technology-service', id: service.id });
  await t.services.actions.create(systemActor('test setup'), { title: 'Complete security training', description: '', owner: 'staff@example.gov.uk', dueOn: '2026-07-01', unitId: units.TEAM });
  // Signed in after their appointments exist, so each holds the access they give.
  const browser = async (name: string) => {
    const b = new Browser(t.app);
    await b.post('/sign-in', { email: `${name}@example.gov.uk`, password: 'correct horse battery staple' });
    return b;
  };
  staff = await browser('staff');
  iao = await browser('iao');
  sro = await browser('sro');
});
after(async () => t.close());

describe('posture pages', () => {
  test('before any run, /compliance says there is no posture yet', async () => {
    const page = await security.request('GET', '/compliance');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The rules have not been run over everything yet, so there is no posture to show/);
  });

  test('a member of staff may not run the rules; the security team runs them from the web, audited, and sees the banner', async () => {
    assert.equal((await staff.post('/compliance/evaluate', {}, '/')).statusCode, 403);
    const noToken = await security.request('POST', '/compliance/evaluate', {});
    assert.equal(noToken.statusCode, 403, 'a form without its CSRF token is refused');

    const ran = await security.post('/compliance/evaluate', {}, '/compliance');
    assert.equal(ran.statusCode, 303);
    const location = String(ran.headers.location);
    assert.match(location, /^\/compliance\?evaluated=[0-9a-f-]{36}$/);
    const runId = location.split('=')[1]!;
    const event = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'compliance.evaluated').where('record_id', '=', runId).executeTakeFirst();
    assert.ok(event, 'the run is in the audit trail');
    assert.equal(event.actor_id, await personId('security@example.gov.uk'));
    assert.equal((event.metadata as { trigger: string }).trigger, 'web');

    const page = await security.request('GET', location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /The rules were run: \d+ rules/);
  });

  test('/compliance shows the department’s posture with the tables, unmet counts linked to the report', async () => {
    const page = await security.request('GET', '/compliance');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /met, or covered by an exception in force/i);
    assert.match(page.body, /Read from the last full run/);
    for (const caption of ['By requirement', 'By register', 'Each rule’s results', 'contributing outcomes']) assert.ok(page.body.includes(caption), caption);
    assert.match(page.body, /SISP-004/);
    assert.match(page.body, /href="\/compliance\/report\?requirement=SISP-004"/);
    assert.match(page.body, /href="\/compliance\/report\?rule=services.owners"/);
    assert.match(page.body, /A3\.a/);
    assert.match(page.body, /<svg class="custodian-chart__svg/);
    assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--s">Checks met, or covered by an exception in force<\/caption>/, 'the trend chart has its data table');
  });

  test('a unit filter narrows the posture and keeps the unit on the report links; a bad unit or date is a clear 400', async () => {
    const team = await security.request('GET', '/compliance?unit=TEAM');
    assert.equal(team.statusCode, 200);
    assert.match(team.body, /Prison Operations and the units below it/);
    assert.match(team.body, /href="\/compliance\/report\?unit=TEAM&amp;rule=services.owners"/);

    const badUnit = await security.request('GET', '/compliance?unit=NOPE');
    assert.equal(badUnit.statusCode, 400);
    assert.match(badUnit.body, /There is a problem/);
    assert.match(badUnit.body, /there is no unit NOPE you may see/);
    for (const asAt of ['2026-13-01', 'last week', '2030-01-01']) {
      const bad = await security.request('GET', `/compliance?asAt=${encodeURIComponent(asAt)}`);
      assert.equal(bad.statusCode, 400, asAt);
      assert.match(bad.body, /href="#asAt"/);
    }
  });

  test('as at a date before the first run says so plainly; as at today names the run it reads', async () => {
    const early = await security.request('GET', '/compliance?asAt=2026-01-01');
    assert.equal(early.statusCode, 200);
    assert.match(early.body, /There was no full run of the rules on or before 1 January 2026: the first was on/);
    const today = await security.request('GET', '/compliance?asAt=2026-06-15');
    assert.equal(today.statusCode, 200);
    assert.match(today.body, /Read from the last full run on or before 15 June 2026: the run of/);
    assert.match(today.body, /Findings as they stood on 15 June 2026/);
    assert.match(today.body, /href="\/compliance\/findings\/[0-9a-f-]{36}">IA-H2 Orphaned spreadsheet/);
  });

  test('/compliance/runs lists the runs with their kind, trigger and counts; staff may not see it', async () => {
    const page = await security.request('GET', '/compliance/runs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Every rule/);
    assert.match(page.body, /Run from this site/);
    assert.match(page.body, /Run the rules now/);
    assert.equal((await staff.request('GET', '/compliance/runs')).statusCode, 403);
    assert.equal((await staff.request('GET', '/compliance')).statusCode, 403);
  });
});

describe('home dashboards', () => {
  test('the security team sees the posture, its numbers as links, the severity chart with its table', async () => {
    const home = await security.request('GET', '/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Security posture/);
    assert.match(home.body, /href="\/compliance\/report">\d+<span class="govuk-visually-hidden"> Open findings/);
    assert.match(home.body, /href="\/risks\?status=awaiting-decision">0/);
    assert.match(home.body, /href="\/actions\?overdue=yes">0/);
    assert.match(home.body, /Incidents awaiting a decision on telling the ICO/);
    assert.match(home.body, /Findings by severity/);
    assert.match(home.body, /<h2 class="govuk-heading-m">Registers<\/h2>/, 'the registers are still listed');
  });

  test('an Information Asset Owner sees their assets and the findings on them, not the security section', async () => {
    const home = await iao.request('GET', '/');
    assert.match(home.body, /Your information assets/);
    assert.match(home.body, /IA-H1 Prison records/);
    assert.doesNotMatch(home.body, /Security posture/);
  });

  test('an SRO sees their service with its finding and the finding they answer for', async () => {
    const home = await sro.request('GET', '/');
    assert.match(home.body, /Your technology services and decisions/);
    assert.match(home.body, /SVC-H1 Case system/);
    assert.match(home.body, /Senior Responsible Officer/);
    assert.match(home.body, /Findings you are accountable for: 1/);
    assert.match(home.body, /No current Technology Service Owner/);
  });

  test('a member of staff sees their own work and the incident link, and no other section', async () => {
    const home = await staff.request('GET', '/');
    assert.match(home.body, /Your work/);
    assert.match(home.body, /Findings you are accountable for: 0/);
    assert.match(home.body, /Complete security training/);
    assert.match(home.body, /href="\/report-an-incident"/);
    assert.doesNotMatch(home.body, /Security posture|Your information assets|Your technology services/);
  });

  test('someone signed out sees no dashboard', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    assert.doesNotMatch(home.body, /Your work|Security posture/);
  });
});
