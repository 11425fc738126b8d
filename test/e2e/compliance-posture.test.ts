// Compliance posture and the home dashboards in real Chromium (issue [12]) over the MoJ example, which
// first-run setup evaluates: the security team's dashboard, /compliance for the department and for
// HMPPS, as at today and before the first run, a bad date refused in the error summary, the runs, and
// "Run the rules now" leading back with its banner; a member of staff's dashboard; the same with
// JavaScript off (forms are plain GETs and POSTs). Every page a person sees passes axe-core.
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes about 9 (the administrator's three browsers, the member of staff's invitation and sign-in).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, createJourney, fillIn, follow, londonToday, mainText, press, queryOf, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const IRIS = { name: 'Iris Lanyard', email: 'iris.lanyard@example.justice.gov.uk', password: 'lanyard opens the gate 2026' };
const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, inviteAndSignIn, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures } = journey;

/** The posture for the department, then HMPPS, as at today and before the first run; then a bad date. */
async function readPosture(page: Page, server: RunningServer, axe: boolean): Promise<void> {
  await visit(page, server, '/compliance');
  await expectPage(page, '/compliance', 'Compliance posture', 'The department’s posture', { axe });
  const main = await mainText(page);
  assert.ok(main.includes('met when the record passes, or when its failure is covered by an exception in force'), 'the page says what counts as met');
  assert.ok(main.includes('Read from the last full run'), 'the page says which run it reads');
  assert.ok((await tableRows(page, 'By requirement')).length > 0, 'posture by requirement');
  assert.ok((await tableRows(page, 'By register')).length > 0, 'posture by register');
  assert.ok((await tableRows(page, /contributing outcomes/)).length > 0, 'posture by framework outcome');

  await choose(page, { Unit: 'HM Prison and Probation Service (HMPPS)' });
  await fillIn(page, { 'As it stood on': londonToday() });
  await press(page, 'Show the posture');
  await expectPage(page, '/compliance', 'Compliance posture', 'HMPPS as at today', { axe });
  assert.equal(queryOf(page, 'unit'), 'HMPPS');
  const asAt = await mainText(page);
  assert.ok(asAt.includes('HM Prison and Probation Service and the units below it, as it stood on'), 'the unit and the date are named');
  assert.ok(asAt.includes('Read from the last full run on or before'), 'the run read is named');

  await fillIn(page, { 'As it stood on': '2020-01-01' });
  await press(page, 'Show the posture');
  await expectPage(page, '/compliance', 'Compliance posture', 'Before the first run', { axe });
  assert.ok((await mainText(page)).includes('There was no full run of the rules on or before 1 January 2020: the first was on'));

  await fillIn(page, { 'As it stood on': '2020-02-30' });
  await press(page, 'Show the posture');
  await expectErrors(page, 'A date that does not exist', ['Enter the date as YYYY-MM-DD'], { axe });
}

/** The runs, then "Run the rules now": back on /compliance with the banner, and one more run listed. */
async function runNow(page: Page, server: RunningServer, axe: boolean): Promise<void> {
  await visit(page, server, '/compliance');
  await follow(page, 'Runs of the rules');
  await expectPage(page, '/compliance/runs', 'Compliance runs', 'The runs', { axe });
  const before = await tableRows(page, /most recent runs/);
  assert.ok(before.some((row) => row.includes('First-run setup')), `the setup run is listed: ${JSON.stringify(before.slice(0, 3))}`);
  await press(page, 'Run the rules now');
  await expectPage(page, '/compliance', 'Compliance posture', 'After running the rules', { axe });
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /The rules were run: \d+ rules/);
  await visit(page, server, '/compliance/runs');
  const afterRun = await tableRows(page, /most recent runs/);
  assert.equal(afterRun[0]?.[2], 'Run from this site', 'the newest run was started from the site');
}

describe('compliance posture and dashboards in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the security team’s home page shows the posture numbers as links, with charts and their tables', async () => {
    await visit(admin, server, '/');
    await expectPage(admin, '/', 'Custodian', 'The security team’s dashboard');
    const main = await mainText(admin);
    for (const text of ['Security posture', 'Open findings (unmet, no exception)', 'Checks met, or covered by an exception in force', 'Risks awaiting a decision', 'Overdue actions', 'Findings by severity', 'Registers', 'Organisation']) {
      assert.ok(main.includes(text), `the dashboard shows "${text}"`);
    }
    assert.equal((await tableRows(admin, 'Findings by severity')).length, 3, 'the severity chart’s table has a row per severity');
    assert.ok(await admin.locator('main svg[role="img"]').first().isVisible(), 'a chart is drawn');
    await follow(admin, 'Posture by unit, requirement and framework');
    await expectPage(admin, '/compliance', 'Compliance posture', 'From the dashboard to the posture');
    expectAccessiblePages();
  });

  test('the posture for the department, for a unit, as at a date, and a bad date', async () => {
    await readPosture(admin, server, true);
    expectAccessiblePages();
  });

  test('the runs, and running the rules now', async () => {
    await runNow(admin, server, true);
    expectAccessiblePages();
  });

  test('a member of staff’s home page shows their own work and the incident link', async () => {
    const iris = await inviteAndSignIn(admin, server, IRIS);
    const main = await mainText(iris);
    assert.ok(main.includes('Your work'), 'their own work');
    assert.ok(main.includes('Findings you are accountable for'), 'their findings');
    assert.ok(main.includes('Your open actions'), 'their actions');
    assert.ok(!main.includes('Security posture'), 'not the security team’s section');
    assert.ok(await iris.getByRole('main').getByRole('button', { name: 'Report an incident' }).isVisible(), 'the way to report an incident');
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    test('the dashboard, the posture and running the rules work with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await visit(page, server, '/');
      await expectPage(page, '/', 'Custodian', 'The dashboard without JavaScript', { axe: false });
      assert.ok((await mainText(page)).includes('Security posture'));
      await readPosture(page, server, false);
      await runNow(page, server, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await visit(page, server, '/');
      await expectPage(page, '/', 'Custodian', 'The dashboard without scripts');
      await readPosture(page, server, true);
      await runNow(page, server, true);
      expectAccessiblePages();
    });
  });
});
