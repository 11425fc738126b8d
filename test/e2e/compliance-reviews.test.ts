// Compliance reviews in real Chromium (issue [13]) over the MoJ example: the administrator opens the
// example's completed review and its report, then plans a review (mistakes first, named in the error
// summary), starts it, records results (a shortfall without a note is refused), raises a finding with a
// remediation action and completes it, landing on the report. Every page a person sees passes axe-core
// (WCAG 2.2 AA). A second pass plans, starts and records a result with JavaScript off.
//
// Sign-in posts share a limit per address: this file makes 4 (the administrator's two browsers).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { check, createJourney, fillIn, follow, isoDay, mainText, navigatedBy, press, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const REVIEW_PATH = /^\/compliance-reviews\/[0-9a-f-]{36}$/;
const EXAMPLE_TITLE = 'Prison case management system against the Strategic Information Security Policy';
const TITLE = 'Probation case management against the policy (e2e)';
const SOURCE = 'Strategic Information Security Policy (policy statements): SISP';

const journey = createJourney({ axe: 'at-the-end' });
const { forgetAxeFailures, expectPage, expectErrors, expectAccessiblePages, newBrowser, signInAdministrator } = journey;

async function planReview(page: Page, title: string, keys: string, axe: boolean): Promise<void> {
  await fillIn(page, { Title: title, 'Technology service (optional)': 'SVC-0002', 'Requirement keys (optional)': keys, 'Lead reviewer': 'lena.lantern@example.justice.gov.uk', 'Planned date': isoDay(10) });
  await page.getByLabel('Requirements from', { exact: true }).selectOption({ label: SOURCE });
  await press(page, 'Plan the review');
  await expectPage(page, REVIEW_PATH, title, 'The planned review', { axe });
  await press(page, 'Start the review');
  await expectPage(page, REVIEW_PATH, title, 'The started review with its checklist', { axe });
}

describe('compliance-reviews in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the example’s completed review and its report; a review planned (mistakes first), run and completed', async () => {
    await visit(admin, server, '/');
    await follow(admin, 'Compliance reviews');
    await expectPage(admin, '/compliance-reviews', 'Compliance reviews', 'The list of reviews');
    const rows = await tableRows(admin, /^Reviews/);
    assert.ok(rows.some((r) => r[0]?.includes(EXAMPLE_TITLE) && r.at(-1) === 'Completed'), `the example’s completed review is listed: ${JSON.stringify(rows)}`);
    await follow(admin, new RegExp(EXAMPLE_TITLE));
    await expectPage(admin, REVIEW_PATH, EXAMPLE_TITLE, 'The example’s completed review');
    assert.match(await mainText(admin), /Checklist \(8 items\)/);
    await follow(admin, 'Report');
    await expectPage(admin, /\/report$/, EXAMPLE_TITLE, 'The example’s report');
    assert.match(await mainText(admin), /Agree a security schedule for the hosting call-off contract/);

    await visit(admin, server, '/compliance-reviews');
    await navigatedBy(admin, () => admin.getByRole('button', { name: 'Plan a compliance-review' }).click());
    await expectPage(admin, '/compliance-reviews/new', 'Plan a compliance-review', 'The review form');
    await fillIn(admin, { Title: '', 'Technology service (optional)': 'SVC-9999', 'Lead reviewer': 'lena.lantern@example.justice.gov.uk', 'Planned date': 'soon' });
    await press(admin, 'Plan the review');
    await expectErrors(admin, 'The review form with mistakes', ['Enter the review’s title, in 200 characters or fewer', 'No technology service has the reference SVC-9999', 'Choose the policy document or framework the checklist is drawn from', 'Enter the planned date as YYYY-MM-DD']);
    await planReview(admin, TITLE, 'SISP-004 SISP-009', true);

    await follow(admin, 'Record the result for SISP-004');
    await expectPage(admin, /\/items\/[0-9a-f-]{36}$/, 'Record the result for SISP-004', 'The result form');
    await check(admin, 'Not met');
    await press(admin, 'Save the result');
    await expectErrors(admin, 'The result form without a note', ['Say what falls short of the requirement']);
    await fillIn(admin, { Note: 'Two assets have no classification.' });
    await press(admin, 'Save the result');
    await expectPage(admin, REVIEW_PATH, TITLE, 'The review with one result');
    await follow(admin, 'Record the result for SISP-009');
    await check(admin, 'Met');
    await press(admin, 'Save the result');
    await expectPage(admin, REVIEW_PATH, TITLE, 'The review with both results');

    await follow(admin, 'Raise a finding');
    await expectPage(admin, /\/findings\/new$/, /^Raise a finding on CR-\d{4}$/, 'The finding form');
    await check(admin, 'Major');
    await admin.getByLabel('Checklist item (optional)', { exact: true }).selectOption('SISP-004');
    await fillIn(admin, { Description: 'Two probation information assets are unclassified.' });
    await press(admin, 'Raise the finding');
    await expectPage(admin, REVIEW_PATH, TITLE, 'The review with its finding');
    await follow(admin, 'Add a remediation action for F1');
    await expectPage(admin, /\/actions\/new$/, 'Add a remediation action for F1', 'The action form');
    await fillIn(admin, { 'What must be done': 'Classify the two probation assets', Owner: 'callum.hearth@example.justice.gov.uk', 'Due date': isoDay(30) });
    await press(admin, 'Add the action');
    await expectPage(admin, REVIEW_PATH, TITLE, 'The review with the finding’s action');
    assert.match(await mainText(admin), /Classify the two probation assets/);

    await follow(admin, 'Complete the review');
    await expectPage(admin, /\/complete$/, /^Complete CR-\d{4}$/, 'The completion form');
    await fillIn(admin, { 'Conclusion (optional)': 'Classification needs attention.' });
    await press(admin, 'Complete the review');
    await expectPage(admin, /\/report$/, TITLE, 'The completed review’s report');
    const report = await mainText(admin);
    assert.match(report, /Classification needs attention\./);
    assert.match(report, /1 remediation action is still open/);
    assert.doesNotMatch(report, /Draft: the review is not completed/);
    expectAccessiblePages();
  });

  test('with JavaScript off, a review is planned, started and a result recorded', async () => {
    const page = await newBrowser({ javaScriptEnabled: false });
    await signInAdministrator(page);
    await visit(page, server, '/compliance-reviews/new');
    await expectPage(page, '/compliance-reviews/new', 'Plan a compliance-review', 'The review form without JavaScript', { axe: false });
    await planReview(page, `${TITLE} without JavaScript`, 'SISP-010', false);
    await follow(page, 'Record the result for SISP-010');
    await check(page, 'Partly met');
    await fillIn(page, { Note: 'Some staff are overdue.' });
    await press(page, 'Save the result');
    await expectPage(page, REVIEW_PATH, `${TITLE} without JavaScript`, 'The review with its result, without JavaScript', { axe: false });
    assert.match(await mainText(page), /Partly met/);
    assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/, 'JavaScript really was off');
  });
});
