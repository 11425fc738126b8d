// The risk register in real Chromium (issue [08]) over the MoJ example's risks: the register with a
// filter; the heat map with both matrices, a residual cell clicked through to the register filtered to
// it; an accepted risk's page with its escalation, who decides it and its decision history, the frozen
// snapshot opened; the decision form refusing the administrator, who holds no accepting role, with the
// reason in the error summary; and the heat map with JavaScript off, its cells still links. Every page
// a person sees here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes 6 (two for each of the administrator's three browsers: with JavaScript, without it, and
// without page scripts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, createJourney, fillIn, follow, isoDay, mainText, pathOf, press, queryOf, summaryValue, tableRows, tidy, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const RISK_PATH = /^\/risks\/[0-9a-f-]{36}$/;
const TLS = 'Legacy TLS on a Common Platform supplier interface';
const RANSOMWARE = 'Ransomware spreading across the prison estate network';
const SCANS = 'Weekly vulnerability scans missed on the legal aid applications service';
const PROBATION = 'Privileged access to probation case management not reviewed';
/** The register's columns: reference, title, unit, owner, inherent, residual, status, accepted until. */
const TITLE = 1;
const RESIDUAL = 5;
const STATUS = 6;
const ACCEPTED_UNTIL = 7;

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, axeCheck, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures } = journey;

/** The register's rows, found by their title. */
async function registerRows(page: Page): Promise<Map<string, string[]>> {
  return new Map((await tableRows(page, 'Risks')).map((r) => [r[TITLE] ?? '', r]));
}

/** Opens a risk's page from the register, searching for it by its title as a person would. */
async function openRisk(page: Page, server: RunningServer, title: string): Promise<void> {
  await visit(page, server, '/risks');
  await fillIn(page, { 'Reference, title or description': title });
  await press(page, 'Filter');
  await expectPage(page, '/risks', 'Risks', `The register searched for "${title}"`);
  const row = (await registerRows(page)).get(title);
  assert.ok(row, `${title} is found`);
  await follow(page, row[0]!, page.getByRole('table', { name: 'Risks' }));
  await expectPage(page, RISK_PATH, title, `The risk "${title}"`);
}

describe('the risk register in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the register lists the example’s risks with their ratings and status, and filters them', async () => {
    await visit(admin, server, '/');
    await follow(admin, 'Risks');
    await expectPage(admin, '/risks', 'Risks', 'The register');
    const rows = await registerRows(admin);
    for (const title of [TLS, RANSOMWARE, SCANS, PROBATION]) assert.ok(rows.has(title), `${title} is listed: ${JSON.stringify([...rows.keys()])}`);
    const tls = rows.get(TLS)!;
    assert.equal(tls[RESIDUAL], '12 High', 'the accepted risk’s residual rating, score and band');
    assert.equal(tls[STATUS], 'Accepted Over appetite', 'accepted at the level above its own unit’s appetite');
    assert.match(tls[ACCEPTED_UNTIL] ?? '', /^\d{1,2} \w+ \d{4}$/, 'with the date its acceptance ends');
    assert.equal(rows.get(RANSOMWARE)![RESIDUAL], '20 Very high');
    assert.equal(rows.get(RANSOMWARE)![STATUS], 'Open Over appetite', 'a risk above every appetite says so');
    assert.equal(rows.get(SCANS)![STATUS], 'Back in review', 'the risk whose acceptance expired is back in review');
    assert.equal(rows.get(PROBATION)![STATUS], 'Awaiting a decision Over appetite', 'an escalated risk awaits its decision');

    await choose(admin, { Status: 'Back in review' });
    await press(admin, 'Filter');
    await expectPage(admin, '/risks', 'Risks', 'The register filtered by status');
    assert.equal(queryOf(admin, 'status'), 'in-review');
    const inReview = await registerRows(admin);
    assert.ok(inReview.has(SCANS), 'the expired acceptance’s risk is back in review');
    assert.ok([...inReview.values()].every((r) => r[STATUS]?.startsWith('Back in review')), `only risks back in review: ${JSON.stringify([...inReview.keys()])}`);
    assert.ok((await mainText(admin)).includes(`${inReview.size} ${inReview.size === 1 ? 'risk matches' : 'risks match'}.`));

    await choose(admin, { Status: 'Any status', 'Residual band': 'Very high' });
    await press(admin, 'Filter');
    await expectPage(admin, '/risks', 'Risks', 'The register filtered by band');
    const veryHigh = await registerRows(admin);
    assert.ok(veryHigh.has(RANSOMWARE), 'the very high risk is listed');
    assert.ok([...veryHigh.values()].every((r) => r[RESIDUAL]?.endsWith('Very high')), 'only very high residual ratings');
    expectAccessiblePages();
  });

  test('the heat map shows both matrices; a residual cell leads to the register filtered to it', async () => {
    await visit(admin, server, '/risks');
    await follow(admin, 'Heat map');
    await expectPage(admin, '/risks/heat-map', 'Risk heat map', 'The heat map');
    for (const caption of ['Inherent ratings', 'Residual ratings']) {
      const rows = await tableRows(admin, caption);
      assert.equal(rows.length, 5, `${caption}: a row per likelihood`);
      assert.equal(rows[0]![0], 'Likelihood 5 Almost certain', `${caption}: the highest likelihood first`);
      assert.equal(rows[0]!.length, 6, `${caption}: the likelihood and a cell per impact`);
      assert.equal(rows[0]![5], '0 risks 25 Very high', `${caption}: each cell says its count, score and band in words`);
    }
    const residual = admin.getByRole('table', { name: 'Residual ratings' });
    const cell = residual.getByRole('link', { name: '1 risk with likelihood Likely and impact Severe' });
    assert.equal(await cell.count(), 1, 'the ransomware risk’s residual cell is a link');
    assert.match((await mainText(admin)).replace(/\n/g, ' '), /By band: Very high \d+, High \d+, Medium \d+, Low \d+\./, 'the counts by band, in words');

    await follow(admin, '1 risk with likelihood Likely and impact Severe', residual);
    await expectPage(admin, '/risks', 'Risks', 'The register filtered to a heat-map cell');
    assert.deepEqual([queryOf(admin, 'rating'), queryOf(admin, 'likelihood'), queryOf(admin, 'impact')], ['residual', '4', '5']);
    assert.ok((await mainText(admin)).includes('Showing the risks whose residual rating is likelihood Likely (4) and impact Severe (5).'));
    assert.deepEqual([...(await registerRows(admin)).keys()], [RANSOMWARE], 'only the risk in that cell');
    await follow(admin, 'Show every cell');
    await expectPage(admin, '/risks', 'Risks', 'The register after leaving the cell');
    assert.ok((await registerRows(admin)).size > 1, 'every risk again');
    expectAccessiblePages();
  });

  test('an accepted risk’s page: where it is held, who decides it, and the decision with its snapshot', async () => {
    await openRisk(admin, server, TLS);
    assert.match(await summaryValue(admin, 'Appetite'), /^Above the appetite of Digital and Technology Services; held by Ministry of Justice$/);
    assert.equal(await summaryValue(admin, 'Accepting role'), 'Senior Information Risk Owner');
    assert.ok((await summaryValue(admin, 'Held by')).includes('Quentin Register'));
    assert.equal(await summaryValue(admin, 'Status'), 'Accepted Over appetite');
    const decision = admin.locator('main h2#decisions ~ h3').first();
    assert.match(tidy(await decision.innerText()), /^Accepted by Quentin Register/, 'the decision, by whom');
    assert.equal(await summaryValue(admin, 'Decided by'), `${tidy(await decision.innerText()).replace(/^Accepted by /, '').replace(/, \d{1,2} \w+ \d{4} at .*$/, '')}, as Senior Information Risk Owner`);
    assert.equal(await summaryValue(admin, 'Status', admin.locator('main h2#decisions ~ dl').first()), 'In force');
    assert.ok((await summaryValue(admin, 'Conditions', admin.locator('main h2#decisions ~ dl').first())).startsWith('Traffic on the link is monitored daily'));

    const snapshot = admin.locator('main details.govuk-details', { hasText: 'The risk as it stood when decided' }).first();
    assert.equal(await snapshot.getAttribute('open'), null, 'the snapshot is folded at first');
    await snapshot.locator('summary').click();
    assert.notEqual(await snapshot.getAttribute('open'), null, 'and opens');
    assert.ok((await summaryValue(admin, 'Residual rating', snapshot)).startsWith('12 High (likelihood Possible (3), impact Major (4))'));
    assert.equal(await summaryValue(admin, 'Title', snapshot), TLS);
    await axeCheck(admin, 'The accepted risk with its snapshot open');
    expectAccessiblePages();
  });

  test('the decision form refuses the administrator, who holds no accepting role, and says who decides', async () => {
    await openRisk(admin, server, RANSOMWARE);
    assert.equal(await summaryValue(admin, 'Appetite'), 'Above the appetite of every unit: decided by the Accounting Officer');
    const riskPath = pathOf(admin);
    await choose(admin, { Decision: 'Accept the risk' });
    await fillIn(admin, { Justification: 'The segmentation programme is funded.', 'Acceptance ends on': isoDay(30) });
    await press(admin, 'Record the decision');
    assert.equal(pathOf(admin), `${riskPath}/decision`);
    await expectErrors(admin, 'The administrator deciding a very high risk', ['A very high risk at this level is decided by the Accounting Officer', 'not by you']);
    assert.equal(await admin.getByLabel('Justification', { exact: true }).inputValue(), 'The segmentation programme is funded.', 'what was typed is kept');
    await visit(admin, server, riskPath);
    await expectPage(admin, riskPath, RANSOMWARE, 'The risk after the refusal');
    assert.ok((await mainText(admin)).includes('No decision yet.'), 'nothing was recorded');
    expectAccessiblePages();
  });

  test('the other risk pages pass axe too: the form with its mistakes, exceptions, the matrix and appetites, the queue', async () => {
    await visit(admin, server, '/risks');
    await follow(admin, 'Add a risk');
    await expectPage(admin, '/risks/new', 'Add a risk', 'The risk form');
    await fillIn(admin, { 'Risk owner': '' });
    await press(admin, 'Save the risk');
    await expectErrors(admin, 'The risk form with nothing filled in', ['Enter a title that says what could happen', 'Choose the unit the risk belongs to', 'Enter the risk owner’s email or staff number', 'Choose the inherent likelihood']);

    await visit(admin, server, '/risks');
    await follow(admin, 'Exceptions to requirements');
    await expectPage(admin, '/risk-exceptions', 'Exceptions to requirements', 'The exceptions');
    const exceptions = await tableRows(admin, 'Exceptions to requirements');
    const backed = exceptions.find((r) => r[2] === 'Technology service: Common Platform');
    assert.ok(backed, `the example’s exception for the Common Platform: ${JSON.stringify(exceptions)}`);
    assert.equal(backed[5], 'In force', 'in force while its risk is accepted');
    await follow(admin, backed[0]!, admin.getByRole('table', { name: 'Exceptions to requirements' }));
    await expectPage(admin, /^\/risk-exceptions\/[0-9a-f-]{36}$/, /need not be met for Common Platform$/, 'An exception');

    await visit(admin, server, '/risks');
    await follow(admin, 'Risk matrix and appetite');
    await expectPage(admin, '/risks/configuration', 'Risk matrix and appetite', 'The matrix and appetites');
    assert.ok((await tableRows(admin, 'Each unit’s appetite')).some((r) => r[0] === 'Ministry of Justice' && r[2] === 'High'), 'the department’s appetite');
    await admin.locator('main details.govuk-details summary', { hasText: 'Change who accepts high risks' }).click();
    await axeCheck(admin, 'The matrix with a band’s form open');

    await visit(admin, server, '/risks/decisions');
    await expectPage(admin, '/risks/decisions', 'Risks awaiting your decision', 'The administrator’s queue');
    assert.ok((await mainText(admin)).includes('Nothing is waiting for your decision.'), 'the administrator decides nothing');
    await openRisk(admin, server, SCANS);
    assert.equal(await admin.getByRole('button', { name: 'Ask for a decision', exact: true }).count(), 1, 'a risk back in review can go for a decision again');
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    // The heat map is read with JavaScript really off; axe-core needs JavaScript, so it is read again,
    // checked by axe, in a browser whose pages have had their scripts removed.
    async function readHeatMap(page: Page, axe: boolean): Promise<void> {
      await visit(page, server, '/risks/heat-map');
      await expectPage(page, '/risks/heat-map', 'Risk heat map', 'The heat map without JavaScript', { axe });
      assert.equal((await tableRows(page, 'Inherent ratings')).length, 5, 'the inherent matrix');
      assert.equal((await tableRows(page, 'Residual ratings')).length, 5, 'the residual matrix');
      await choose(page, { 'Residual band': 'High' });
      await press(page, 'Filter');
      await expectPage(page, '/risks/heat-map', 'Risk heat map', 'The heat map filtered without JavaScript', { axe });
      assert.equal(queryOf(page, 'band'), 'high');
      const residual = page.getByRole('table', { name: 'Residual ratings' });
      await follow(page, '1 risk with likelihood Possible and impact Major', residual);
      await expectPage(page, '/risks', 'Risks', 'A cell of the filtered heat map without JavaScript', { axe });
      assert.equal(queryOf(page, 'band'), 'high', 'the filter is kept');
      assert.deepEqual([...(await registerRows(page)).keys()], [TLS]);
    }

    test('the heat map works with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await readHeatMap(page, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
      expectAccessiblePages();
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await readHeatMap(page, true);
      expectAccessiblePages();
    });
  });
});
