// The report of requirements unmet with no accepted risk in real Chromium, over the MoJ example: a
// member of the security team (invited, granted the role across the department, signed in with
// two-factor authentication) adds a technology service owned by the administrator, with none of its
// required controls implemented yet; the change is re-evaluated after it commits and the service
// appears in the report; the report is filtered, grouped by person, and its finding
// opened; a fix is planned (a due date in the past refused first) and shows on the finding; the
// printable page; and the report filtered with JavaScript off. Every page passes axe-core.
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this file
// makes 10.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithTwoFactor } from './support/browser.ts';
import { check, choose, createJourney, fillIn, follow, isoDay, mainText, press, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const SERVICE = 'SVC-E2E-REPORT Compliance gateway';
const UNIT = 'Digital and Technology Services';
const FINDING_PATH = /^\/compliance\/findings\/[0-9a-f-]{36}$/;
const REPORT_TITLE = 'Requirements unmet with no accepted risk';

const SECURITY = { name: 'Sasha Sentinel', email: 'sasha.sentinel@custodian.test', password: 'watchful security team 2026' };

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, axeCheck, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures, inviteAndSignIn } = journey;

/** Every line of the report on the page, across its groups: each row's cells. */
async function reportRows(page: Page): Promise<string[][]> {
  const rows = page.locator('main table.custodian-report-table tbody tr');
  return Promise.all((await rows.all()).map(async (row) => (await row.locator('td').allInnerTexts()).map((t) => t.trim().replace(/\s+/g, ' '))));
}

const serviceLine = async (page: Page) => (await reportRows(page)).find((r) => r[0]?.includes(SERVICE));

describe('the unmet-requirements report in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let security: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
    await inviteAndSignIn(admin, server, SECURITY);
    await visit(admin, server, '/admin/users');
    await follow(admin, SECURITY.name);
    await choose(admin, { Role: 'Security team (Security and Information Group)', At: 'Ministry of Justice (MOJ)' });
    await press(admin, 'Grant role');
    assert.match(await admin.getByRole('table', { name: 'Access roles held' }).innerText(), /Security team/);
    // The security team must use two-factor authentication: they set it up as they sign in again.
    security = await newBrowser();
    await signInWithTwoFactor(security, server.baseUrl, SECURITY);
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('a service with its required controls not yet implemented appears in the report once added; filtered, grouped, its finding opened and a fix planned', async () => {
    await visit(security, server, '/technology-services/new');
    await fillIn(security, { Reference: 'SVC-E2E-REPORT', Name: 'Compliance gateway' });
    await choose(security, { Unit: `${UNIT} (HMCTS-DIGITAL)` });
    await fillIn(security, { 'Technology Service Owner': server.adminEmail, 'Senior Responsible Officer': server.adminEmail });
    await check(security, 'Public cloud');
    await check(security, 'High');
    await press(security, 'Save');
    await expectPage(security, /^\/technology-services\/[0-9a-f-]{36}$/, 'Compliance gateway', 'The new service');

    // The change is re-evaluated after it commits, moments later.
    let line: string[] | undefined;
    for (let attempt = 0; attempt < 30 && !line; attempt++) {
      await visit(security, server, '/compliance/report');
      line = await serviceLine(security);
      if (!line) await security.waitForTimeout(500);
    }
    await expectPage(security, '/compliance/report', REPORT_TITLE, 'The report');
    assert.ok(line, 'the service is in the report');
    assert.match(line[1] ?? '', /^\S+.*Checked by: /, 'the requirement not met and the rule that checks it');
    assert.match(line[2] ?? '', /\w+.*See the finding/, 'the evidence');
    assert.match(line[4] ?? '', /^0 days since/, 'how long it has been open');
    assert.match(line[5] ?? '', /Senior Information Risk Owner: \S+/, 'the chain above it');
    assert.doesNotMatch(await mainText(security), /non-compliant/i);

    await choose(security, { Unit: `${UNIT} (HMCTS-DIGITAL)` });
    await fillIn(security, { 'Accountable person': server.adminEmail });
    await press(security, 'Filter');
    await expectPage(security, '/compliance/report', REPORT_TITLE, 'The report filtered by unit and accountable person');
    const filtered = await reportRows(security);
    assert.ok(filtered.some((r) => r[0]?.includes(SERVICE)), 'the service is still there');
    const accountable = filtered.find((r) => r[0]?.includes(SERVICE))?.[3];
    assert.ok(accountable && accountable !== 'No one accountable', 'the service’s owner is accountable');
    assert.ok(filtered.every((r) => r[3] === accountable), `only that person’s findings: ${JSON.stringify(filtered.map((r) => r[3]))}`);
    assert.equal(await security.getByRole('table', { name: UNIT }).count(), 1, 'grouped under its unit');

    await follow(security, 'Group by accountable person');
    await expectPage(security, '/compliance/report', REPORT_TITLE, 'The report grouped by person');
    assert.ok(await serviceLine(security), 'the same line, grouped by person');

    await follow(security, `See the finding for ${SERVICE}`);
    await expectPage(security, FINDING_PATH, `${SERVICE}: not met`, 'The finding');
    const findingPath = new URL(security.url()).pathname;
    assert.deepEqual((await tableRows(security, 'History of the finding')).map((r) => r[1]), ['Open']);
    assert.equal(await security.getByRole('link', { name: 'Ask for an exception', exact: true }).count(), 1, 'the way to ask for an exception');
    assert.ok((await mainText(security)).includes('No fix has been planned for this finding.'));

    await fillIn(security, { 'What is to be done': 'Appoint the gateway’s owners', 'Due date': isoDay(-3) });
    await press(security, 'Plan the fix');
    await expectErrors(security, 'A fix due in the past', ['The due date cannot be in the past']);
    await fillIn(security, { 'Due date': isoDay(30) });
    await press(security, 'Plan the fix');
    await expectPage(security, FINDING_PATH, `${SERVICE}: not met`, 'The finding with its fix planned');
    assert.equal(new URL(security.url()).pathname, findingPath);
    assert.match(await mainText(security), /The fix was planned as action ACT-\d{4}/);
    const actions = await tableRows(security, 'Actions planned for this finding');
    assert.deepEqual(actions.map((r) => r[1]), ['Appoint the gateway’s owners']);
    await axeCheck(security, 'The finding with its action');
    expectAccessiblePages();
  });

  test('the printable report: no navigation, the marking at top and bottom', async () => {
    await visit(security, server, '/compliance/report?unit=HMCTS-DIGITAL');
    await follow(security, 'Printable version');
    await expectPage(security, '/compliance/report/print', REPORT_TITLE, 'The printable report');
    assert.equal(await security.locator('.govuk-service-navigation').count(), 0);
    assert.equal(await security.locator('.custodian-marking').count(), 2);
    assert.ok(await serviceLine(security), 'the service’s line');
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    async function filterReport(page: Page, axe: boolean): Promise<void> {
      await visit(page, server, '/compliance/report');
      await expectPage(page, '/compliance/report', REPORT_TITLE, 'The report without JavaScript', { axe });
      await choose(page, { Unit: `${UNIT} (HMCTS-DIGITAL)` });
      await fillIn(page, { 'Open for more than (days)': 'soon' });
      await press(page, 'Filter');
      await expectErrors(page, 'A bad filter without JavaScript', ['Enter the number of days as a whole number'], { axe });
      await fillIn(page, { 'Open for more than (days)': '' });
      await press(page, 'Filter');
      await expectPage(page, '/compliance/report', REPORT_TITLE, 'The report filtered without JavaScript', { axe });
      assert.ok(await serviceLine(page), 'the service’s line');
    }

    test('the report filters with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await filterReport(page, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
      expectAccessiblePages();
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await filterReport(page, true);
      expectAccessiblePages();
    });
  });
});
