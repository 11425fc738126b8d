// Incidents in real Chromium (issue [10]) over the MoJ example: a member of staff reports a personal
// data breach from the home page (the start page, one form, the confirmation with its reference: the
// two-minute journey), then reports again with JavaScript off; the security team finds the report in
// the register, sees the ICO's 72-hour countdown, triages it, and is refused closing it without the
// lessons learned, each missing piece in the error summary; the register's trend chart is an SVG image
// with a table of the same numbers, and the quarterly return downloads as CSV. Every page a person sees
// here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this file
// makes about 9 (the administrator's two, the member of staff's invitation and three sign-ins).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { check, choose, createJourney, fillIn, follow, mainText, pathOf, press, summaryValue, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const IRIS = { name: 'Iris Lanyard', email: 'iris.lanyard@example.justice.gov.uk', password: 'lanyard opens the gate 2026' };
const INCIDENT_PATH = /^\/incidents\/[0-9a-f-]{36}$/;
const REPORTED_PATH = /^\/report-an-incident\/reported\/[0-9a-f-]{36}$/;
const TITLE = 'Probation report emailed to the wrong address';
const NO_SCRIPT_TITLE = 'Case notes printed on a shared printer and not collected';
const TREND = 'Incidents and near misses reported each month';

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAs, inviteAndSignIn, axeCheck, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures } = journey;

/** Today and this morning, in London, as the report form's boxes take them. */
function londonNow(): { day: string; month: string; year: string; earlier: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return { day: parts.day!, month: parts.month!, year: parts.year!, earlier: '00:05' };
}

/**
 * The whole report from the home page, recording every page the person lands on: the start page, the
 * one form, the confirmation. The reference on the confirmation panel is returned.
 */
async function reportFromHome(page: Page, server: RunningServer, title: string, options: { axe: boolean }): Promise<{ reference: string; pages: string[] }> {
  const pages: string[] = [];
  const record = () => pages.push(pathOf(page));
  await visit(page, server, '/');
  await press(page, 'Report an incident');
  record();
  await expectPage(page, '/report-an-incident', 'Report an information security incident or near miss', 'The start page', options);
  await press(page, 'Start now');
  record();
  await expectPage(page, '/report-an-incident/details', 'Tell us what happened', 'The report form', options);
  const today = londonNow();
  await fillIn(page, { 'Give it a short title': title, 'What happened?': 'A colleague noticed and told me straight away.' });
  const happened = page.getByRole('group', { name: 'When did it happen?' });
  await happened.getByLabel('Day', { exact: true }).fill(today.day);
  await happened.getByLabel('Month', { exact: true }).fill(today.month);
  await happened.getByLabel('Year', { exact: true }).fill(today.year);
  await fillIn(page, { 'Time it happened (optional)': today.earlier, 'What information or systems are involved?': 'A pre-sentence report', 'If it does, whose personal data and what kind (optional)': 'One person on probation: name and offence' });
  await check(page, 'Yes');
  await press(page, 'Send report');
  record();
  await expectPage(page, REPORTED_PATH, 'Incident reported', 'The confirmation', options);
  const panel = await page.locator('main .govuk-panel').innerText();
  const reference = /INC-\d+/.exec(panel)?.[0] ?? assert.fail(`no reference on the confirmation panel: ${panel}`);
  assert.ok((await mainText(page)).includes('What happens next'));
  return { reference, pages };
}

/** Opens an incident from the register, searching for its reference as a person would. */
async function openIncident(page: Page, server: RunningServer, reference: string, title: string): Promise<void> {
  await visit(page, server, '/incidents');
  await fillIn(page, { 'Reference, title or description': reference });
  await press(page, 'Filter');
  await expectPage(page, '/incidents', 'Incidents', `The register searched for ${reference}`);
  const rows = await tableRows(page, /^Incidents$/);
  assert.deepEqual(rows.map((r) => r[0]), [reference], 'the one incident is found');
  await follow(page, reference, page.getByRole('table', { name: 'Incidents', exact: true }));
  await expectPage(page, INCIDENT_PATH, title, `The incident ${reference}`);
}

describe('incidents in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let iris: Page;
  let reference = '';

  before(async () => {
    ({ server, admin } = await journey.start());
    iris = await inviteAndSignIn(admin, server, IRIS);
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('a member of staff reports a breach in three pages: the start page, one form and the reference', async () => {
    const reported = await reportFromHome(iris, server, TITLE, { axe: true });
    reference = reported.reference;
    assert.deepEqual(reported.pages.map((p) => p.replace(/[0-9a-f-]{36}$/, ':id')), ['/report-an-incident', '/report-an-incident/details', '/report-an-incident/reported/:id']);
    await follow(iris, 'See your reports');
    await expectPage(iris, '/incidents', 'Incidents', 'The reporter’s own reports');
    const mine = await tableRows(iris, 'Your reports');
    assert.ok(mine.some((r) => r[0] === reference && r[1] === TITLE), `the report is listed: ${JSON.stringify(mine)}`);
    expectAccessiblePages();
  });

  test('the report form’s mistakes are in the error summary, each linked to its field', async () => {
    await visit(iris, server, '/report-an-incident/details');
    await fillIn(iris, { 'Time you found out (optional)': '25:99' });
    await press(iris, 'Send report');
    await expectErrors(iris, 'The report form with a wrong time', ['Enter the time as hours and minutes']);
    const hour = iris.getByLabel('Time you found out (optional)', { exact: true });
    assert.equal(await hour.inputValue(), '25:99', 'what was typed is kept');
    await hour.fill('');
    await fillIn(iris, { 'Give it a short title': '' });
    await press(iris, 'Send report');
    await expectErrors(iris, 'The report form with nothing filled in', ['Enter a short title that says what happened', 'Describe what happened', 'Enter when it happened', 'Say whether personal data is involved']);
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    test('the same report works with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAs(page, server, IRIS, { axe: false });
      const reported = await reportFromHome(page, server, NO_SCRIPT_TITLE, { axe: false });
      assert.match(reported.reference, /^INC-\d+$/);
      assert.notEqual(reported.reference, reference);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAs(page, server, IRIS, { axe: true });
      await reportFromHome(page, server, `${NO_SCRIPT_TITLE} (again)`, { axe: true });
      expectAccessiblePages();
    });
  });

  test('the security team sees the ICO countdown and triages the report', async () => {
    await openIncident(admin, server, reference, TITLE);
    const banner = admin.getByRole('region', { name: 'ICO deadline' });
    assert.equal(await banner.count(), 1, 'the countdown is shown prominently');
    assert.match(await banner.innerText(), /Possible personal data breach: \d+ hours left to decide whether to tell the ICO/);
    assert.ok((await summaryValue(admin, 'Whose personal data')).startsWith('One person on probation'), 'the security team sees the personal data');
    assert.equal(await summaryValue(admin, 'Severity'), 'Not triaged');

    await check(admin, 'Incident');
    await check(admin, 'Confidentiality');
    await choose(admin, { Type: 'Information sent to the wrong recipient' });
    await check(admin, 'High');
    await press(admin, 'Save the triage');
    await expectPage(admin, INCIDENT_PATH, TITLE, 'The incident after triage');
    assert.equal(await summaryValue(admin, 'Severity'), 'High');
    assert.equal(await summaryValue(admin, 'Category'), 'Confidentiality');
    assert.equal(await summaryValue(admin, 'Type'), 'Information sent to the wrong recipient');
    assert.match(await admin.locator('#triage-clock').innerText(), /^Triaged (less than an hour|\d+(\.\d)? hours?) after it was reported/);
    assert.equal(await admin.getByRole('region', { name: 'ICO deadline' }).count(), 1, 'the countdown runs until the decision');
    expectAccessiblePages();
  });

  test('closing is refused without the lessons learned, a corrective action and the ICO decision', async () => {
    await openIncident(admin, server, reference, TITLE);
    const incidentPath = pathOf(admin);
    await press(admin, 'Close the incident');
    assert.equal(pathOf(admin), `${incidentPath}/close`);
    await expectErrors(admin, 'Closing refused', ['Record the lessons learned', 'Record at least one corrective action', 'Record the decision on reporting the breach to the ICO']);
    await visit(admin, server, incidentPath);
    assert.equal(await summaryValue(admin, 'Stage'), 'Triaged', 'nothing changed');
    expectAccessiblePages();
  });

  test('the register draws the trend as an SVG image with a table of the same numbers; the quarterly return downloads', async () => {
    await visit(admin, server, '/');
    await follow(admin, 'Incidents');
    await expectPage(admin, '/incidents', 'Incidents', 'The register');
    const chart = admin.getByRole('img', { name: TREND, exact: true });
    assert.equal(await chart.count(), 1, 'the chart is one image, named by its title');
    assert.match((await chart.getAttribute('aria-describedby')) ?? '', /^chart-reports-description$/);
    const rows = await tableRows(admin, new RegExp(`^${TREND}$`));
    assert.equal(rows.length, 12, 'the last twelve months');
    const thisMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date());
    const month = rows[11]!;
    assert.equal(month[0], thisMonth, 'the last row is this month');
    assert.ok(Number(month[1]) >= 3, `this month counts the three reports made here: ${JSON.stringify(month)}`);
    for (const caption of ['Incidents and near misses each month, by agency', 'Incidents and near misses each month, by category']) {
      assert.equal(await admin.getByRole('img', { name: caption }).count(), 1, `${caption}: an image`);
      assert.equal((await tableRows(admin, caption)).length, 13, `${caption}: its table`);
    }
    assert.ok((await summaryValue(admin, 'Time to triage')).startsWith('Median'), 'the time to triage');

    await follow(admin, 'Quarterly return');
    await expectPage(admin, '/incidents/quarterly-return', 'Quarterly return', 'Choosing the quarter');
    const quarter = admin.getByRole('group', { name: 'Which quarter?' }).getByRole('radio').first();
    await quarter.check();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download the return (CSV)' }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.match(csv, /^Quarter,Agency,Incidents,Near misses/);
    assert.match(csv, /\r\n.*Total,/, 'with a total row');
    await axeCheck(admin, 'The quarterly return page after the download');
    expectAccessiblePages();
  });
});
