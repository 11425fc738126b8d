// The incidents pages through app.inject: reporting from the start page through one form to the
// reference (mistakes first); the register with its charts (SVG with a table of the same numbers) and
// timings; an incident's page for its handler and for an auditor (personal data restricted); triage and
// the ICO countdown; the ICO decision refused to anyone but the Data Protection Officer, in the error
// summary; closing refused until the lessons and a corrective action are recorded; the CSV export and the
// quarterly return; and the API. The organisation: DEPT > AGENCY > TEAM; the clock is fixed at
// 2026-11-28 09:00 UTC (GMT, so London's wall clock reads the same).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUnitTree } from '../support/organisation.ts';
import { apiToken, createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let auditor: Browser;
let reporter: Browser;
let colleague: Browser;
let dpo: Browser;
const units: Record<string, string> = {};
let incidentPath = '';
let reference = '';

const DETAILS = '/report-an-incident/details';
/** A good report: happened yesterday afternoon, found out this morning, personal data involved. */
const report = (fields: Record<string, string> = {}) => ({
  title: 'Case file emailed to the wrong solicitor',
  description: 'A case file was sent to a solicitor with a similar name.',
  'occurredAt-day': '27',
  'occurredAt-month': '11',
  'occurredAt-year': '2026',
  occurredAtTime: '14:30',
  'awareAt-day': '28',
  'awareAt-month': '11',
  'awareAt-year': '2026',
  awareAtTime: '08:00',
  affectedInformation: 'Prisoner case files',
  personalData: 'yes',
  personalDataDetails: 'Prisoner A1234BC: name, date of birth and offence history',
  actionsTaken: 'Asked the solicitor to delete it',
  ...fields,
});

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  Object.assign(units, await createUnitTree(db));

  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  auditor = await signedInAs(t, 'auditor@example.gov.uk', ['auditor']);
  for (const name of ['reporter', 'colleague', 'dpo']) await createAccount(t, `${name}@example.gov.uk`);
  await db.updateTable('people').set({ unit_id: units.TEAM! }).where('email', 'in', ['reporter@example.gov.uk', 'colleague@example.gov.uk']).execute();
  const dpoPerson = await db.selectFrom('people').select('id').where('email', '=', 'dpo@example.gov.uk').executeTakeFirstOrThrow();
  await db.insertInto('appointments').values({ role_code: 'data-protection-officer', person_id: dpoPerson.id, unit_id: units.DEPT!, starts_on: '2025-01-01' }).execute();
  const browser = async (name: string) => {
    const b = new Browser(t.app);
    await b.post('/sign-in', { email: `${name}@example.gov.uk`, password: TEST_PASSWORD });
    return b;
  };
  reporter = await browser('reporter');
  colleague = await browser('colleague');
  dpo = await browser('dpo');
});
after(async () => t.close());

describe('reporting an incident', () => {
  test('the home page and the start page lead to the one short form', async () => {
    const home = await reporter.request('GET', '/');
    assert.match(home.body, /href="\/report-an-incident"[^>]*>\s*Report an incident/);
    const start = await reporter.request('GET', '/report-an-incident');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /<h1 class="govuk-heading-l">Report an information security incident or near miss<\/h1>/);
    assert.match(start.body, /href="\/report-an-incident\/details"[^>]*class="govuk-button govuk-button--start"|class="govuk-button govuk-button--start"[^>]*href="\/report-an-incident\/details"/);
    assert.match(start.body, /within 24 hours/);
    const form = await reporter.request('GET', DETAILS);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="awareAt-day" type="text" value="28"/, 'finding out starts at today');
    assert.match(form.body, /name="awareAtTime" type="text" spellcheck="false" value="09:00"/);
    assert.doesNotMatch(form.body, /data-aria-controls|govuk-radios__conditional/, 'no conditional reveals');
  });

  test('a report with mistakes comes back with the error summary and what was typed', async () => {
    const blank = await reporter.post(DETAILS, { title: '', description: '', 'awareAt-day': '', 'awareAt-month': '', 'awareAt-year': '', awareAtTime: '' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /<title>Error: /);
    assert.match(blank.body, /There is a problem/);
    assert.match(blank.body, /href="#title">Enter a short title that says what happened/);
    assert.match(blank.body, /href="#description">Describe what happened/);
    assert.match(blank.body, /href="#occurredAt">Enter when it happened/);
    assert.match(blank.body, /href="#awareAt">Enter when you found out about it/);
    assert.match(blank.body, /href="#personalData">Say whether personal data is involved: yes, no or not sure/);

    const wrongDate = await reporter.post(DETAILS, report({ 'occurredAt-day': '31', 'occurredAt-month': '2', awareAtTime: '25:00', 'occurredAt-year': '' }));
    assert.equal(wrongDate.statusCode, 400);
    assert.match(wrongDate.body, /href="#occurredAt">The date it happened must include a year/);
    assert.match(wrongDate.body, /href="#awareAtTime">Enter the time as hours and minutes/);
    assert.match(wrongDate.body, /value="Case file emailed to the wrong solicitor"/, 'what was typed is kept');
    assert.match(wrongDate.body, /name="personalData" type="radio" value="yes" checked/);

    const future = await reporter.post(DETAILS, report({ 'awareAt-day': '29' }));
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /href="#awareAt">When you found out cannot be in the future/);
  });

  test('a good report gets its reference on the confirmation page', async () => {
    const sent = await reporter.post(DETAILS, report());
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 2000));
    const confirmation = String(sent.headers.location);
    assert.match(confirmation, /^\/report-an-incident\/reported\/[0-9a-f-]{36}$/);
    const page = await reporter.request('GET', confirmation);
    assert.equal(page.statusCode, 200);
    reference = /Your reference is<br><strong>(INC-\d+)<\/strong>/.exec(page.body)?.[1] ?? assert.fail(`no reference on the page: ${page.body.slice(0, 3000)}`);
    assert.match(page.body, /govuk-panel--confirmation/);
    assert.match(page.body, /What happens next/);
    assert.match(page.body, /Data Protection Officer will decide within 72 hours/);
    incidentPath = `/incidents/${confirmation.split('/').pop()}`;

    const mine = await reporter.request('GET', '/incidents');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /Your reports/);
    assert.match(mine.body, new RegExp(`href="${incidentPath}">${reference}`));
    assert.equal((await reporter.request('GET', incidentPath)).statusCode, 200, 'the reporter sees their own report');
    assert.equal((await colleague.request('GET', incidentPath)).statusCode, 403, 'a colleague does not');
  });
});

describe('handling an incident', () => {
  test('the security team sees the personal data and the ICO countdown; an auditor sees it restricted', async () => {
    const page = await security.request('GET', incidentPath);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Prisoner A1234BC: name, date of birth and offence history/);
    assert.match(page.body, /Possible personal data breach: 71 hours left to decide whether to tell the ICO/);
    assert.match(page.body, /To be triaged by 29 November 2026 at 09:00 GMT/);
    assert.match(page.body, /Save the triage/);

    const audited = await auditor.request('GET', incidentPath);
    assert.equal(audited.statusCode, 200);
    assert.doesNotMatch(audited.body, /A1234BC/);
    assert.match(audited.body, /<strong class="govuk-tag govuk-tag--grey custodian-incident-tag">Restricted<\/strong> Personal data is shown only to/);
    assert.doesNotMatch(audited.body, /Save the triage/, 'no handling forms for a reader');
  });

  test('triage with mistakes, then triage and assign the handler', async () => {
    const bad = await security.post(`${incidentPath}/triage`, { triageKind: 'incident', triageType: '', triageSeverity: '' }, incidentPath);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#triageCategory">Choose the category/);
    assert.match(bad.body, /href="#triageType">Choose the type of incident/);
    assert.match(bad.body, /href="#triageSeverity">Choose the severity/);

    const triaged = await security.post(`${incidentPath}/triage`, { triageKind: 'incident', triageCategory: 'confidentiality', triageType: 'misdirected', triageSeverity: 'high', triagePersonalData: 'yes', triageHandler: 'colleague@example.gov.uk' }, incidentPath);
    assert.equal(triaged.statusCode, 303, triaged.body.slice(0, 2000));
    assert.equal(triaged.headers.location, `${incidentPath}#triage`);
    const page = await colleague.request('GET', incidentPath);
    assert.equal(page.statusCode, 200, 'the handler now sees it');
    assert.match(page.body, /Triaged less than an hour after it was reported/);
    assert.match(page.body, /Information sent to the wrong recipient/);
    assert.match(page.body, /Move the stage/);
    assert.match(page.body, /A1234BC/, 'the handler needs the personal data');

  });

  test('a breach found out more than 72 hours ago shows the countdown as overdue, in red', async () => {
    const late = await reporter.post(DETAILS, report({ title: 'Visitor list left on a train', 'occurredAt-day': '24', occurredAtTime: '7am', 'awareAt-day': '24', personalData: 'not-sure' }));
    assert.equal(late.statusCode, 303, late.body.slice(0, 2000));
    const path = `/incidents/${String(late.headers.location).split('/').pop()}`;
    const page = await security.request('GET', path);
    assert.match(page.body, /<strong class="govuk-tag govuk-tag--red custodian-incident-tag">Overdue<\/strong>\s*Possible personal data breach: the decision on telling the ICO is overdue by 25 hours/);
    assert.match(page.body, /The 72 hours from finding out ended at 27 November 2026 at 08:00 GMT/);
    const overdue = await security.request('GET', '/incidents?icoOverdue=yes');
    assert.match(overdue.body, /1 incident matches/);
    assert.match(overdue.body, /Visitor list left on a train/);
    assert.match(overdue.body, /ICO decision overdue/);
  });

  test('the handler moves the stage and adds a restricted note the auditor cannot read', async () => {
    const moved = await colleague.post(`${incidentPath}/stage`, { advanceStage: 'contained', advanceNote: 'Solicitor confirmed deletion' }, incidentPath);
    assert.equal(moved.statusCode, 303, moved.body.slice(0, 2000));
    const noted = await colleague.post(`${incidentPath}/notes`, { noteText: 'Prisoner A1234BC told by letter', noteRestricted: 'yes' }, incidentPath);
    assert.equal(noted.statusCode, 303, noted.body.slice(0, 2000));
    const empty = await colleague.post(`${incidentPath}/notes`, { noteText: '' }, incidentPath);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#noteText">Enter the note/);
    const page = await colleague.request('GET', incidentPath);
    assert.match(page.body, /Solicitor confirmed deletion/);
    assert.match(page.body, /Prisoner A1234BC told by letter/);
    const audited = await auditor.request('GET', incidentPath);
    assert.doesNotMatch(audited.body, /A1234BC/);
    assert.match(audited.body, /This note holds personal data/);
  });

  test('the ICO decision is refused in the error summary to anyone but the Data Protection Officer', async () => {
    const decision = { icoOutcome: 'report', icoReason: 'Sensitive criminal record data of one person' };
    const refused = await security.post(`${incidentPath}/ico-decision`, decision, incidentPath);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /There is a problem/);
    assert.match(refused.body, new RegExp(`Only the Data Protection Officer \\(dpo\\) decides whether ${reference} is reported`));
    assert.match(refused.body, /Sensitive criminal record data of one person/, 'what was typed is kept');

    const page = await dpo.request('GET', incidentPath);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Record the decision/);
    const missing = await dpo.post(`${incidentPath}/ico-decision`, { icoOutcome: 'report', icoReason: '' }, incidentPath);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#icoReason">Give the reason for the decision/);
    const decided = await dpo.post(`${incidentPath}/ico-decision`, decision, incidentPath);
    assert.equal(decided.statusCode, 303, decided.body.slice(0, 2000));
    const after = await security.request('GET', incidentPath);
    assert.match(after.body, /Report to the ICO<\/strong>, by dpo/);
    assert.doesNotMatch(after.body, /hours left to decide/);
  });

  test('closing is refused, naming what is missing, until the lessons and a corrective action are recorded', async () => {
    const refused = await colleague.post(`${incidentPath}/close`, {}, incidentPath);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /There is a problem/);
    assert.match(refused.body, /href="#lessons">Record the lessons learned/);
    assert.match(refused.body, /href="#actions">Record at least one corrective action/);

    const lessons = await colleague.post(`${incidentPath}/lessons`, { wentWell: 'Reported within the hour', wentBadly: 'Autocomplete picked the wrong address', rootCause: 'Email autocomplete for external addresses' }, incidentPath);
    assert.equal(lessons.statusCode, 303, lessons.body.slice(0, 2000));
    const badAction = await colleague.post(`${incidentPath}/actions`, { actionTitle: 'Turn off autocomplete', actionOwner: 'nobody@example.gov.uk', actionDueOn: '2027-01-31' }, incidentPath);
    assert.equal(badAction.statusCode, 400);
    assert.match(badAction.body, /href="#actionOwner">No one in the people register has the email or staff number nobody@example.gov.uk/);
    const action = await colleague.post(`${incidentPath}/actions`, { actionTitle: 'Turn off autocomplete for external addresses', actionOwner: 'colleague@example.gov.uk', actionDueOn: '2027-01-31' }, incidentPath);
    assert.equal(action.statusCode, 303, action.body.slice(0, 2000));
    const closed = await colleague.post(`${incidentPath}/close`, { closeNote: 'Done' }, incidentPath);
    assert.equal(closed.statusCode, 303, closed.body.slice(0, 2000));
    const page = await security.request('GET', incidentPath);
    assert.match(page.body, /Turn off autocomplete for external addresses/);
    assert.match(page.body, /Email autocomplete for external addresses/);
    assert.match(page.body, /Closed on/);
    assert.match(page.body, /Reopen the incident/);
  });
});

describe('the register, its charts and its exports', () => {
  test('the register lists the incident, draws its trend charts as SVG with tables, and gives the timings', async () => {
    const near = await reporter.post(DETAILS, report({ title: 'Tailgater stopped at the door', personalData: 'no', kind: 'near-miss' }));
    assert.equal(near.statusCode, 303, near.body.slice(0, 2000));
    const page = await security.request('GET', '/incidents');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /3 incidents match/);
    assert.match(page.body, new RegExp(`href="${incidentPath}">${reference}`));
    assert.match(page.body, /<svg class="custodian-chart__svg custodian-chart--line" role="img" aria-labelledby="chart-reports-title" aria-describedby="chart-reports-description"/);
    assert.match(page.body, /<desc id="chart-reports-description">Line chart: Incidents and near misses reported each month, December 2025 to November 2026\. Incidents: 2 in all, the most 2 in November 2026; Near misses: 1 in all/);
    assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--s">Incidents and near misses reported each month<\/caption>/);
    assert.match(page.body, /<th scope="row" class="govuk-table__header">November 2026<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td><td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>\s*<\/tr>/);
    assert.match(page.body, /<svg class="custodian-chart__svg custodian-chart--column"[^>]*aria-labelledby="chart-categories-title"/);
    assert.match(page.body, /Incidents and near misses each month, by agency/);
    assert.match(page.body, /Time to triage/);
    assert.match(page.body, /Median less than an hour/);
    assert.doesNotMatch(page.body, /style="/, 'no inline styles');

    const filtered = await security.request('GET', '/incidents?kind=near-miss');
    assert.match(filtered.body, /1 incident matches/);
    assert.match(filtered.body, /Tailgater stopped at the door/);
    const bad = await security.request('GET', '/incidents?unit=NOPE&from=2026-13-01');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#unit">No unit has the code NOPE/);
    assert.match(bad.body, /href="#from">Enter the first day as YYYY-MM-DD/);
  });

  test('the CSV export and the quarterly return, for readers of the register only', async () => {
    const csv = await security.request('GET', '/incidents.csv?kind=incident');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(csv.body, /^reference,title,kind,stage/);
    assert.match(csv.body, new RegExp(`${reference},Case file emailed to the wrong solicitor,incident,closed,confidentiality`));
    assert.doesNotMatch(csv.body, /Tailgater/);

    const chooser = await auditor.request('GET', '/incidents/quarterly-return');
    assert.equal(chooser.statusCode, 200);
    assert.match(chooser.body, /name="quarter" type="radio" value="2026-Q4"/);
    assert.match(chooser.body, /action="\/incidents\/quarterly-return.csv"/);
    const quarterly = await auditor.request('GET', '/incidents/quarterly-return.csv?quarter=2026-Q4');
    assert.equal(quarterly.statusCode, 200);
    assert.match(String(quarterly.headers['content-disposition']), /attachment; filename=".*2026-Q4.*\.csv"/);
    assert.match(quarterly.body, /^Quarter,Agency,Incidents,Near misses/);
    assert.match(quarterly.body, /2026-Q4,The Agency,2,1,/);
    assert.equal((await reporter.request('GET', '/incidents/quarterly-return.csv?quarter=2026-Q4')).statusCode, 403);
    assert.equal((await reporter.request('GET', '/incidents.csv')).statusCode, 403);
  });

  test('the API reports an incident, lists and reads it, and refuses the ICO decision to the wrong person', async () => {
    const headers = { authorization: `Bearer ${await apiToken(t, 'security@example.gov.uk')}`, 'content-type': 'application/json' };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers,
      payload: { title: 'Phishing email clicked', description: 'A link in an email was followed.', occurredAt: '2026-11-28T08:00', awareAt: '2026-11-28T08:30', personalData: 'not-sure', unit: 'TEAM' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id, reference: apiReference } = created.json<{ id: string; reference: string }>();
    assert.match(apiReference, /^INC-\d+$/);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}`, headers });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json<{ ico: { applies: boolean } }>().ico.applies, true);
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?personalData=not-sure&search=Phishing', headers });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(listed.json<{ items: Array<{ reference: string }> }>().items.map((i) => i.reference), [apiReference]);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/ico-decision`, headers, payload: { outcome: 'do-not-report', reason: 'No personal data after all' } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json<{ code: string }>().code, 'forbidden');
  });
});
