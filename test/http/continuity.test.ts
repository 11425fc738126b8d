// The continuity pages through app.inject: the list with its filters, chart and CSV; a plan's page with
// its exercises and their gap actions; the plan and exercise forms with mistakes (400 and the error
// summary); and a stranger kept away from someone else's plan.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let owner: Browser;
let stranger: Browser;
let planId = '';

const planIdOf = (location: string | string[] | number | undefined) => /^\/continuity\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? assert.fail(`not a plan page: ${String(location)}`);
const planForm = (fields: Record<string, string> = {}) => ({
  title: 'Case system disaster recovery',
  kind: 'disaster-recovery',
  service: 'SVC-0001',
  unit: '',
  owner: 'owner@example.gov.uk',
  rtoHours: '4',
  rpoHours: '1',
  backupArrangements: 'Nightly snapshots',
  documentUrl: 'https://example.gov.uk/plans/case-dr',
  testingIntervalMonths: '12',
  status: 'approved',
  ...fields,
});

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = (await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'The Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow()).id;
  const agency = (await db.insertInto('organisation_units').values({ code: 'AGENCY', name: 'The Agency', unit_type: 'executive_agency', parent_id: dept }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: agency, hosting: 'saas', criticality: 'high' }).execute();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  for (const name of ['owner', 'stranger']) await createAccount(t, `${name}@example.gov.uk`);
  const browser = async (name: string) => {
    const b = new Browser(t.app);
    await b.post('/sign-in', { email: `${name}@example.gov.uk`, password: TEST_PASSWORD });
    return b;
  };
  owner = await browser('owner');
  stranger = await browser('stranger');
});
after(async () => t.close());

describe('continuity pages', () => {
  test('a plan form with mistakes comes back with the error summary; a good one adds the plan and opens its page', async () => {
    const bad = await owner.post('/continuity', planForm({ title: '', service: 'SVC-9999', rtoHours: 'soon', testingIntervalMonths: '0' }), '/continuity/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#title">Enter the plan’s title/);
    assert.match(bad.body, /No technology service has the reference SVC-9999/);
    assert.match(bad.body, /Enter the recovery time objective in hours/);
    assert.match(bad.body, /Enter how often the plan is exercised/);

    const created = await owner.post('/continuity', planForm(), '/continuity/new');
    assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
    planId = planIdOf(created.headers.location);
    const page = await owner.request('GET', `/continuity/${planId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Case system disaster recovery/);
    assert.match(page.body, /Overdue for a continuity-exercise: Never exercised/);
    assert.match(page.body, /This plan has never been exercised/);
  });

  test('an exercise form with mistakes comes back with the error summary; a failed exercise raises its gap actions', async () => {
    const bad = await owner.post(`/continuity/${planId}/exercises`, { kind: 'restore-test', exercisedOn: '2026-02-30', scenario: '', result: '' }, `/continuity/${planId}/exercises/new`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#exercisedOn">Enter the date of the exercise/);
    assert.match(bad.body, /Enter the scenario the exercise tested/);

    const recorded = await owner.post(
      `/continuity/${planId}/exercises`,
      { kind: 'failover', exercisedOn: '2026-11-01', scenario: 'Fail over to the second region', participants: 'Platform team', result: 'failed', achievedRtoHours: '9', achievedRpoHours: '0.5', gaps: 'DNS change took hours', evidence: 'Test log', 'actions-0-title': 'Lower the DNS time to live', 'actions-0-dueOn': '2027-01-31' },
      `/continuity/${planId}/exercises/new`,
    );
    assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 2000));
    const page = await owner.request('GET', `/continuity/${planId}`);
    assert.match(page.body, /9 hours: missed the objective of 4 hours/);
    assert.match(page.body, /Lower the DNS time to live/);
    assert.match(page.body, /failed and 1 of its actions is still open/);
  });

  test('the owner uploads the plan document from its page and downloads it; an empty upload comes back with the error summary', async () => {
    const empty = await owner.upload(`/continuity/${planId}/document`, {}, {}, `/continuity/${planId}`);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#document">Choose the plan document to upload/);
    const uploaded = await owner.upload(`/continuity/${planId}/document`, {}, { document: { name: 'dr-plan.txt', type: 'text/plain', bytes: Buffer.from('The disaster recovery plan.\n') } }, `/continuity/${planId}`);
    assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 2000));
    assert.match((await owner.request('GET', `/continuity/${planId}`)).body, /href="\/continuity\/[0-9a-f-]{36}\/document">dr-plan.txt<\/a>/);
    const download = await owner.request('GET', `/continuity/${planId}/document`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, 'The disaster recovery plan.\n');
    assert.equal((await stranger.request('GET', `/continuity/${planId}/document`)).statusCode, 403);
  });

  test('the list shows the plan overdue with the chart and its table, filters and exports', async () => {
    const list = await security.request('GET', '/continuity');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Case system disaster recovery/);
    assert.match(list.body, /1 plan is overdue/);
    assert.match(list.body, /<svg class="custodian-chart__svg/);
    assert.match(list.body, /Continuity plans by exercise standing, per agency/);
    assert.match((await security.request('GET', '/continuity?overdue=no')).body, /No plans match/);
    assert.match((await security.request('GET', '/continuity?kind=backup')).body, /No plans match/);
    const wrong = await security.request('GET', '/continuity?unit=NOPE');
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /No unit has the code NOPE/);
    const csv = await security.request('GET', '/continuity.csv?overdue=yes');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /Case system disaster recovery/);
  });

  test('a stranger sees none of it and may not open the plan', async () => {
    assert.equal((await stranger.request('GET', `/continuity/${planId}`)).statusCode, 403);
    const list = await stranger.request('GET', '/continuity');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Case system disaster recovery/);
  });
});
