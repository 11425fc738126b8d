// CAF self-assessments in real Chromium (issue 13) over the MoJ example: the example's assessment of
// SVC-0001 is listed; the administrator starts one of the Common Platform (first with mistakes, named in
// the error summary), assigning themself as assessor; opens an outcome with its indicators and the
// registers' evidence, answers it (a mistake first), and reads the gap to the target with its chart and
// table and the printable page. Every page passes axe-core; the same work is done with JavaScript off,
// and the pages without their scripts pass axe too.
//
// Sign-in posts share a limit per address: this file makes 4 (the administrator in three browsers).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { check, createJourney, fillIn, follow, isoDay, mainText, press, tableRows, visit } from './support/journey.ts';
import { ADMIN_EMAIL, type RunningServer } from './support/server.ts';

const ASSESSMENT_PATH = /^\/caf-assessments\/[0-9a-f-]{36}$/;
const OUTCOME_PATH = (key: string) => new RegExp(`^/caf-assessments/[0-9a-f-]{36}/outcomes/${key.replace('.', '\\.')}$`);
const SERVICE_HEADING = 'SVC-0004 Common Platform';

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures } = journey;

/** From the assessment's page: one outcome answered, and the page it returns to. */
async function answerOutcome(page: Page, key: string, status: string, justification: string, options: { axe: boolean }): Promise<void> {
  await follow(page, new RegExp(`^${key.replace('.', '\\.')} `));
  await expectPage(page, OUTCOME_PATH(key), new RegExp(`^${key.replace('.', '\\.')} `), `The outcome ${key}`, options);
  await check(page, status);
  await fillIn(page, { Justification: justification });
  await press(page, 'Save the outcome');
  await expectPage(page, ASSESSMENT_PATH, SERVICE_HEADING, `The assessment after answering ${key}`, options);
}

describe('CAF self-assessments in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let assessmentPath = '';

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the example’s assessment is listed; a new one is started (mistakes first), answered, and its gap shown with a chart and table', async () => {
    await visit(admin, server, '/caf-assessments');
    await expectPage(admin, '/caf-assessments', 'CAF self-assessments', 'The list of CAF self-assessments');
    const listed = await tableRows(admin, /^Assessments/);
    assert.ok(listed.some((r) => r.join(' ').includes('SVC-0001 Prison case management system')), `the example’s assessment is listed: ${JSON.stringify(listed)}`);

    await follow(admin, /^CAF-0001$/);
    await expectPage(admin, ASSESSMENT_PATH, 'SVC-0001 Prison case management system', 'The example’s assessment');
    assert.match(await mainText(admin), /From the registers, not yet confirmed/);
    await follow(admin, /^B2\.a /);
    await expectPage(admin, OUTCOME_PATH('B2.a'), /^B2\.a /, 'A pre-filled outcome with the registers’ evidence');
    const evidence = await tableRows(admin, /^Evidence from the registers/);
    assert.ok(evidence.some((r) => r[0]?.toLowerCase() === 'for' && r.join(' ').includes('CTL-ACC-01')), `the implementation is shown as evidence for: ${JSON.stringify(evidence)}`);
    assert.ok(evidence.some((r) => r[0]?.toLowerCase() === 'against'), 'and what counts against');
    await follow(admin, 'Back to the assessment');
    await follow(admin, 'Gap to the target');
    await expectPage(admin, /\/gap$/, 'Gap to the GovAssure Baseline target', 'The example’s gap to the target');
    assert.ok((await tableRows(admin, /by objective/)).length >= 4, 'the chart’s table has a row per objective');

    await visit(admin, server, '/caf-assessments/new');
    await expectPage(admin, '/caf-assessments/new', 'Start a CAF self-assessment', 'The start form');
    await fillIn(admin, { 'Technology service': 'SVC-0002', 'Due date': isoDay(-3), Assessors: '' });
    await press(admin, 'Start the assessment');
    await expectErrors(admin, 'The start form with mistakes', ['SVC-0002 Probation case management is of high criticality', 'The due date must be today or later', 'Enter the email or staff number of at least one assessor']);
    await fillIn(admin, { 'Technology service': 'SVC-0004', 'Due date': isoDay(45), Assessors: ADMIN_EMAIL });
    await press(admin, 'Start the assessment');
    await expectPage(admin, ASSESSMENT_PATH, SERVICE_HEADING, 'The new assessment');
    assessmentPath = new URL(admin.url()).pathname;

    await follow(admin, /^A1\.a /);
    await expectPage(admin, OUTCOME_PATH('A1.a'), /^A1\.a /, 'An outcome with its indicators');
    await press(admin, 'Save the outcome');
    await expectErrors(admin, 'The outcome form with nothing chosen', ['Choose the outcome’s status']);
    await check(admin, 'Not achieved');
    await fillIn(admin, { Justification: 'No one on the board owns cyber risk for the platform yet.' });
    await press(admin, 'Save the outcome');
    await expectPage(admin, ASSESSMENT_PATH, SERVICE_HEADING, 'The assessment after an answer');

    await follow(admin, 'Gap to the target');
    await expectPage(admin, /\/gap$/, 'Gap to the GovAssure Baseline target', 'The gap to the target');
    const below = await tableRows(admin, /by objective/);
    assert.ok(below.length >= 4);
    assert.match(await mainText(admin), /Outcomes below target \(\d+\)[\s\S]*A1\.a/);
    await visit(admin, server, `${assessmentPath}/print`);
    await expectPage(admin, /\/print$/, /^CAF-\d+: CAF self-assessment of SVC-0004 Common Platform$/, 'The printable page');
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    test('an outcome is answered with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await visit(page, server, assessmentPath);
      await answerOutcome(page, 'A1.b', 'Partially achieved', 'The platform’s owners are appointed; supplier duties are not written down.', { axe: false });
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await visit(page, server, '/caf-assessments');
      await expectPage(page, '/caf-assessments', 'CAF self-assessments', 'The list without scripts');
      await visit(page, server, assessmentPath);
      await expectPage(page, ASSESSMENT_PATH, SERVICE_HEADING, 'The assessment without scripts');
      await answerOutcome(page, 'A1.c', 'Achieved', 'Decisions go through the design authority.', { axe: true });
      await visit(page, server, `${assessmentPath}/gap`);
      await expectPage(page, /\/gap$/, 'Gap to the GovAssure Baseline target', 'The gap without scripts');
      expectAccessiblePages();
    });
  });
});
