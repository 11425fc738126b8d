// External frameworks in real Chromium (issue [07]): the built-in NCSC CAF 4.0 in the frameworks list,
// its coverage from the MoJ example's mapped controls (overall, by unit and by technology service) and
// its requirements folded per objective; the GovAssure targets, nine outcomes needing one and A2.c's
// set by the department; a control mapped to an outcome (a wrong code refused first), seen from the
// control's page and removed again; a file Custodian does not recognise refused and a small CISO
// Assistant library imported; the bulk mapping upload's check reporting a bad row and changing nothing;
// and the framework page with JavaScript off. Every page a person sees here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes 6 (two for each of the administrator's three browsers: with JavaScript, without it, and
// without page scripts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { check, choose, createJourney, fillIn, follow, isChecked, mainText, pathOf, press, summaryValue, tableRows, tidy, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const CAF = 'NCSC Cyber Assessment Framework';
const CAF_HEADING = `${CAF} 4.0`;
const FRAMEWORK_PATH = /^\/frameworks\/[0-9a-f-]{36}$/;
const REQUIREMENT_PATH = /^\/frameworks\/[0-9a-f-]{36}\/requirements\/[0-9a-f-]{36}$/;
const COVERAGE = /(\d+) of (\d+) assessable requirements \((\d+)%\) have at least one implemented control\./;
/** CAF 4.0's outcomes that are new or changed since 3.2, so have no GovAssure target carried over (docs/frameworks.md). */
const NEEDING_A_TARGET = ['A2.b', 'A2.c', 'A4.b', 'C1.a', 'C1.d', 'C1.e', 'C1.f', 'C2.a', 'D2.a'];
const OBJECTIVES = ['A Managing security risk', 'B Protecting against cyber attack', 'C Detecting Cyber Security Events', 'D Minimising the impact of cyber security incidents'];
const UNMAPPED_OUTCOME = 'B4.b Secure Configuration';
const VULNERABILITY_CONTROL = 'CTL-VUL-01 Vulnerability scanning and patching';

/** A CISO Assistant library written for this journey: one theme with two assessable requirements. */
const TINY_LIBRARY = `urn: urn:custodian-e2e:risk:library:journey-controls
locale: en
ref_id: journey-controls
name: Journey Controls library
version: 2
provider: Custodian journeys
copyright: Written for Custodian's journeys
objects:
  framework:
    urn: urn:custodian-e2e:risk:framework:journey-controls
    ref_id: journey-controls
    name: Journey Controls
    description: An invented framework for the frameworks journey.
    requirement_nodes:
    - urn: urn:custodian-e2e:risk:req_node:journey-controls:acc
      ref_id: ACC
      assessable: false
      depth: 1
      name: Access
    - urn: urn:custodian-e2e:risk:req_node:journey-controls:acc.1
      ref_id: ACC-1
      assessable: true
      depth: 2
      parent_urn: urn:custodian-e2e:risk:req_node:journey-controls:acc
      name: Multi-factor authentication
      description: Every person signs in with a second factor.
    - urn: urn:custodian-e2e:risk:req_node:journey-controls:acc.2
      ref_id: ACC-2
      assessable: true
      depth: 2
      parent_urn: urn:custodian-e2e:risk:req_node:journey-controls:acc
      name: Access reviews
      description: Access is reviewed every quarter.
`;

// ---- The journey: its server, browsers, files and checks ----

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, fileToUpload, axeCheck, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures } = journey;

/** The <details> of one objective on a framework's page, found by its summary ("B Protecting against cyber attack (3 of 40 mapped)"). */
const objective = (page: Page, name: string): Locator => page.locator('main details.govuk-details', { has: page.locator('summary', { hasText: new RegExp(`^\\s*${name} \\(\\d+ of \\d+ mapped\\)\\s*$`) }) });
/** Opens an objective's <details> by its summary, as a person would, and says whether it opened. */
async function openObjective(page: Page, name: string): Promise<Locator> {
  const details = objective(page, name);
  assert.equal(await details.count(), 1, `one section for the objective ${name}`);
  assert.equal(await details.getAttribute('open'), null, `${name} is folded at first`);
  await details.locator('summary').click();
  assert.notEqual(await details.getAttribute('open'), null, `${name} opens`);
  return details;
}
/** "12 of 345 (3%)", as the coverage bar charts write each row. */
const barText = (total: number): RegExp => new RegExp(`^(\\d+) of ${total} \\((\\d+)%\\)$`);
/** The controls mapped directly to the requirement whose page this is, as listed ("CTL-VUL-01 Vulnerability scanning and patching"). */
const mappedControls = async (page: Page): Promise<string[]> =>
  (await page.locator('main h2:has-text("Controls that meet it") + ul.govuk-list > li').allInnerTexts()).map((t) => tidy(t).replace(/ Remove CTL-[A-Z]+-\d+$/, ''));

// ---- The journeys ----

describe('external frameworks in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let cafPath = '';
  let outcomePath = '';

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the CAF 4.0 is built in; its page shows coverage overall, by unit and by service, and its requirements per objective', async () => {
    await visit(admin, server, '/');
    await follow(admin, 'Frameworks');
    await expectPage(admin, '/frameworks', 'Frameworks', 'Frameworks');
    const listed = await tableRows(admin, 'Frameworks');
    const caf = listed.find((r) => r[0]?.startsWith(CAF));
    assert.ok(caf, `the CAF is listed: ${JSON.stringify(listed)}`);
    assert.deepEqual(caf.slice(0, 4), [`${CAF} Built in`, '4.0', 'ncsc-caf', 'NCSC CAF (WebCAF YAML)'], 'the CAF 4.0, built in');
    const [requirements, assessable, mapped] = caf.slice(4).map(Number) as [number, number, number];
    assert.ok(requirements > assessable && assessable > 0, `its requirements (${requirements}) include the assessable indicators (${assessable})`);
    assert.ok(mapped > 0, `the example maps controls to it: ${mapped}`);

    await follow(admin, CAF, admin.getByRole('table', { name: 'Frameworks' }));
    await expectPage(admin, FRAMEWORK_PATH, CAF_HEADING, 'The CAF');
    cafPath = pathOf(admin);
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), 'NCSC CAF (WebCAF YAML) · built in');
    assert.equal(await summaryValue(admin, 'Code'), 'ncsc-caf');
    assert.equal(await summaryValue(admin, 'Requirements'), `${requirements} (${assessable} assessable)`);
    assert.equal(await summaryValue(admin, 'Controls mapped'), String(mapped));

    // Coverage: the example's implemented controls meet some of the assessable requirements.
    const coverage = COVERAGE.exec(await mainText(admin));
    assert.ok(coverage, `the coverage sentence:\n${await mainText(admin)}`);
    const [covered, total, percent] = coverage.slice(1).map(Number) as [number, number, number];
    assert.equal(total, assessable, 'coverage is of the assessable requirements');
    assert.ok(covered > 0 && covered <= total, `the example covers some of them: ${covered} of ${total}`);
    assert.equal(percent, Math.round((covered / total) * 100), 'the percentage is the share covered');
    for (const caption of ['Coverage by unit', 'Coverage by technology service']) {
      const bars = await tableRows(admin, caption);
      assert.ok(bars.length > 0, `${caption} has a row for each unit or service with an implemented control`);
      for (const [name, , value] of bars) {
        assert.ok(name, `${caption}: each row is named: ${JSON.stringify(bars)}`);
        const bar = barText(total).exec(value ?? '');
        assert.ok(bar, `${caption}: ${name} reads "x of ${total} (p%)": "${value}"`);
        assert.ok(Number(bar[1]) > 0 && Number(bar[1]) <= covered, `${caption}: ${name} covers no more than the whole: ${value}`);
        assert.equal(Number(bar[2]), Math.round((Number(bar[1]) / total) * 100), `${caption}: ${name}'s percentage`);
      }
      const counts = bars.map((r) => Number(barText(total).exec(r[2] ?? '')?.[1]));
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), `${caption}: the most covered first`);
    }
    assert.ok((await tableRows(admin, 'Coverage by technology service')).some((r) => r[0] === 'Prison case management system'), 'a service with implemented controls');

    // The requirements, one folded section per objective; B opened shows an outcome and its mapped controls.
    const summaries = (await admin.locator('main details.govuk-details > summary').allInnerTexts()).map(tidy);
    assert.deepEqual(summaries.map((s) => s.replace(/ \(\d+ of \d+ mapped\)$/, '')), OBJECTIVES, 'a section per objective');
    assert.ok(!(await admin.getByRole('table', { name: 'Requirements under B' }).isVisible()), 'the requirements are hidden until opened');
    const b = await openObjective(admin, OBJECTIVES[1]!);
    assert.ok(await b.getByRole('table', { name: 'Requirements under B' }).isVisible(), 'opened, its requirements show');
    const rows = await tableRows(admin, 'Requirements under B');
    const outcome = rows.find((r) => r[0] === 'B2.a Identity Verification, Authentication and Authorisation');
    assert.ok(outcome, `the outcome B2.a is listed: ${JSON.stringify(rows.slice(0, 12))}`);
    assert.deepEqual(outcome[1]?.split(', ').sort(), ['CTL-ACC-01', 'CTL-PRC-01'], 'with the controls the example maps to it');
    assert.equal(rows.find((r) => r[0] === UNMAPPED_OUTCOME)?.[1], '', 'an outcome the example does not map has no controls');
    // Every section open, the whole of the requirements is checked.
    for (const name of [OBJECTIVES[0]!, ...OBJECTIVES.slice(2)]) await openObjective(admin, name);
    await axeCheck(admin, 'The CAF with every objective open');
    expectAccessiblePages();
  });

  test('the GovAssure targets: nine outcomes need one; the department sets A2.c’s', async () => {
    assert.ok(cafPath, 'the CAF was found by an earlier journey');
    await visit(admin, server, cafPath);
    assert.ok((await mainText(admin)).includes('9 outcomes need a target'), 'the framework page says how many outcomes need a target');
    await follow(admin, 'GovAssure targets');
    await expectPage(admin, `${cafPath}/targets`, 'GovAssure targets', 'GovAssure targets');
    const targets = await tableRows(admin, 'Targets per outcome');
    assert.equal(targets.length, 41, 'every contributing outcome of CAF 4.0');
    const needing = targets.filter((r) => r[1] === 'Needs a target' && r[2] === 'Needs a target');
    assert.deepEqual(needing.map((r) => r[0]!.split(' ')[0]).sort(), NEEDING_A_TARGET, 'the outcomes new or changed in 4.0 need a target');
    assert.ok(needing.every((r) => r[3] === 'Carried over'), JSON.stringify(needing));
    assert.ok(
      targets.filter((r) => !needing.includes(r)).every((r) => ['Achieved', 'Partially achieved', 'Not achieved'].includes(r[1]!) && ['Achieved', 'Partially achieved', 'Not achieved'].includes(r[2]!)),
      'every other outcome has both targets, carried over from CAF 3.2',
    );
    assert.deepEqual(targets.find((r) => r[0]?.startsWith('A2.c ')), ['A2.c Assurance', 'Needs a target', 'Needs a target', 'Carried over']);

    await follow(admin, 'A2.c', admin.getByRole('table', { name: 'Targets per outcome' }));
    await expectPage(admin, REQUIREMENT_PATH, 'A2.c Assurance', 'The outcome A2.c');
    const a2c = pathOf(admin);
    assert.equal(await summaryValue(admin, 'Kind'), 'outcome');
    const selected = async (label: string): Promise<string> => (await admin.getByLabel(label, { exact: true }).locator('option:checked').innerText()).trim();
    assert.equal(await selected('Baseline profile target'), 'No target yet');
    assert.equal(await selected('Enhanced profile target'), 'No target yet');
    await choose(admin, { 'Baseline profile target': 'Achieved', 'Enhanced profile target': 'Achieved' });
    await press(admin, 'Save targets');
    await expectPage(admin, a2c, 'A2.c Assurance', 'A2.c with its targets');
    assert.equal(await selected('Baseline profile target'), 'Achieved', 'the baseline target is saved');
    assert.equal(await selected('Enhanced profile target'), 'Achieved', 'the enhanced target is saved');

    await follow(admin, CAF_HEADING, admin.locator('main .govuk-caption-l'));
    await expectPage(admin, cafPath, CAF_HEADING, 'The CAF after setting a target');
    assert.ok((await mainText(admin)).includes('8 outcomes need a target'), 'one fewer outcome needs a target');
    await follow(admin, 'GovAssure targets');
    await expectPage(admin, `${cafPath}/targets`, 'GovAssure targets', 'GovAssure targets after setting A2.c’s');
    const after = await tableRows(admin, 'Targets per outcome');
    assert.deepEqual(after.find((r) => r[0]?.startsWith('A2.c ')), ['A2.c Assurance', 'Achieved', 'Achieved', 'The department']);
    assert.equal(after.filter((r) => r[1] === 'Needs a target').length, 8, 'eight outcomes still need a target');
    expectAccessiblePages();
  });

  test('a control is mapped to an outcome (a wrong code refused), seen from the control’s page, and removed', async () => {
    assert.ok(cafPath, 'the CAF was found by an earlier journey');
    await visit(admin, server, cafPath);
    const b = await openObjective(admin, OBJECTIVES[1]!);
    await follow(admin, 'B4.b', b);
    await expectPage(admin, REQUIREMENT_PATH, UNMAPPED_OUTCOME, 'The outcome B4.b');
    outcomePath = pathOf(admin);
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), `${CAF_HEADING} · B4 System Security`, 'the framework and principle it is under');
    assert.ok((await mainText(admin)).includes('No control is mapped to it directly.'), 'the example does not map B4.b');
    assert.ok((await admin.locator('main h2:has-text("Beneath it") + ul li').count()) > 0, 'its indicators are listed beneath it');

    await fillIn(admin, { 'Map a control': 'CTL-NOPE-99' });
    await press(admin, 'Map control');
    assert.equal(pathOf(admin), `${outcomePath}/controls`);
    await expectErrors(admin, 'Mapping a control that does not exist', ['No control has the code CTL-NOPE-99']);
    assert.equal(await admin.getByLabel('Map a control', { exact: true }).inputValue(), 'CTL-NOPE-99', 'what was typed is kept');

    await fillIn(admin, { 'Map a control': 'CTL-VUL-01' });
    await press(admin, 'Map control');
    await expectPage(admin, outcomePath, UNMAPPED_OUTCOME, 'B4.b with a control');
    assert.deepEqual(await mappedControls(admin), [VULNERABILITY_CONTROL], 'the control is listed');

    await follow(admin, 'CTL-VUL-01');
    await expectPage(admin, /^\/controls\/[0-9a-f-]{36}$/, VULNERABILITY_CONTROL, 'The control');
    const controlPath = pathOf(admin);
    const met = await tableRows(admin, 'Framework requirements CTL-VUL-01 helps meet');
    assert.deepEqual(met.find((r) => r[1]?.startsWith('B4.b ')), [CAF, UNMAPPED_OUTCOME, 'Mapped directly'], `B4.b is listed: ${JSON.stringify(met)}`);
    assert.deepEqual(met.find((r) => r[1]?.startsWith('B4.d ')), [CAF, 'B4.d Vulnerability Management', 'Mapped directly'], 'with the outcome the example maps it to');

    await follow(admin, 'B4.b', admin.getByRole('table', { name: 'Framework requirements CTL-VUL-01 helps meet' }));
    await expectPage(admin, outcomePath, UNMAPPED_OUTCOME, 'B4.b from the control');
    await press(admin, 'Remove CTL-VUL-01');
    await expectPage(admin, outcomePath, UNMAPPED_OUTCOME, 'B4.b with the control removed');
    assert.deepEqual(await mappedControls(admin), [], 'no control is listed');
    assert.ok((await mainText(admin)).includes('No control is mapped to it directly.'));
    await visit(admin, server, controlPath);
    await expectPage(admin, controlPath, VULNERABILITY_CONTROL, 'The control, unmapped from B4.b');
    assert.deepEqual((await tableRows(admin, 'Framework requirements CTL-VUL-01 helps meet')).map((r) => r[1]), ['B4.d Vulnerability Management'], 'only the example’s mapping is left');
    expectAccessiblePages();
  });

  test('a file Custodian does not recognise is refused; a CISO Assistant library is imported and listed', async () => {
    await visit(admin, server, '/frameworks');
    await follow(admin, 'Import a framework or mapping set');
    await expectPage(admin, '/frameworks/import', 'Import a framework', 'Import a framework');
    await press(admin, 'Import');
    await expectErrors(admin, 'Import without a file', ['Choose the framework file to import']);

    await admin.getByLabel('Framework file', { exact: true }).setInputFiles(await fileToUpload('not-a-framework.yaml', 'foo: bar\n'));
    await press(admin, 'Import');
    await expectErrors(admin, 'Import of a file that is not a framework', ['Custodian does not recognise this file']);

    await admin.getByLabel('Framework file', { exact: true }).setInputFiles(await fileToUpload('journey-controls.yaml', TINY_LIBRARY));
    await press(admin, 'Import');
    await expectPage(admin, '/frameworks/import', 'Framework imported', 'A framework imported');
    assert.equal(await summaryValue(admin, 'Framework'), 'journey-controls');
    assert.equal(await summaryValue(admin, 'Version'), '2');
    assert.equal(await summaryValue(admin, 'Requirements in the file'), '3');
    assert.equal(await summaryValue(admin, 'Of which assessable'), '2');
    assert.equal(await summaryValue(admin, 'Mappings between frameworks'), '0');
    assert.equal(await summaryValue(admin, 'New requirements'), '3');

    await follow(admin, 'Go to the framework');
    await expectPage(admin, FRAMEWORK_PATH, 'Journey Controls 2', 'The imported framework');
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), 'CISO Assistant library');
    assert.ok((await mainText(admin)).includes('0 of 2 assessable requirements (0%) have at least one implemented control.'));
    assert.ok((await mainText(admin)).includes('No implemented control is mapped to this framework yet.'));

    await visit(admin, server, '/frameworks');
    await expectPage(admin, '/frameworks', 'Frameworks', 'Frameworks with the imported one');
    assert.deepEqual((await tableRows(admin, 'Frameworks')).find((r) => r[0] === 'Journey Controls'), ['Journey Controls', '2', 'journey-controls', 'CISO Assistant library', '3', '2', '0']);
    expectAccessiblePages();
  });

  test('the bulk mapping upload, checking a file with a bad row, lists the line and changes nothing', async () => {
    assert.ok(cafPath && outcomePath, 'the CAF and B4.b were found by earlier journeys');
    await visit(admin, server, cafPath);
    const mappedBefore = await summaryValue(admin, 'Controls mapped');
    await follow(admin, 'Map controls from a CSV file');
    await expectPage(admin, '/frameworks/control-mappings/import', 'Map controls to framework requirements from a CSV file', 'Map controls from a CSV file');
    const dryRun = 'Check the file only: do not change anything';
    assert.ok(await isChecked(admin, dryRun), 'the upload checks the file only unless told otherwise');
    await check(admin, dryRun);
    const csv = await fileToUpload('caf-mappings.csv', 'framework,requirement,control\r\nncsc-caf,B4.b,CTL-VUL-01\r\nncsc-caf,B4.z,CTL-VUL-01\r\n');
    await admin.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(csv);
    await press(admin, 'Upload');
    await expectPage(admin, '/frameworks/control-mappings/import', 'The file has errors', 'Mappings: a check with a bad row');
    assert.ok((await mainText(admin)).includes('Nothing was changed.'));
    assert.deepEqual(await tableRows(admin, 'Problems in the file'), [['3', 'requirement', 'B4.z is not a requirement of ncsc-caf: keys are case-sensitive, as the framework writes them']], 'only the bad row, by line and column');

    await visit(admin, server, outcomePath);
    await expectPage(admin, outcomePath, UNMAPPED_OUTCOME, 'B4.b after the check');
    assert.deepEqual(await mappedControls(admin), [], 'the good row was not written');
    await visit(admin, server, cafPath);
    assert.equal(await summaryValue(admin, 'Controls mapped'), mappedBefore, 'no mapping was added');
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    // The page is read with JavaScript really off; axe-core needs JavaScript, so it is read again,
    // checked by axe, in a browser whose pages have had their scripts removed.
    async function readFrameworkPage(page: Page, axe: boolean): Promise<void> {
      await visit(page, server, cafPath);
      await expectPage(page, cafPath, CAF_HEADING, 'The CAF without JavaScript', { axe });
      assert.match(await mainText(page), COVERAGE, 'the coverage sentence');
      assert.ok((await tableRows(page, 'Coverage by unit')).length > 0, 'the coverage by unit');
      const d = await openObjective(page, OBJECTIVES[3]!);
      assert.ok(await d.getByRole('table', { name: 'Requirements under D' }).isVisible(), 'the opened objective shows its requirements');
      const rows = await tableRows(page, 'Requirements under D');
      assert.deepEqual(rows.find((r) => r[0]?.startsWith('D1.a '))?.[1], 'CTL-PRC-03', `D1.a and its control: ${JSON.stringify(rows.slice(0, 6))}`);
      if (axe) await axeCheck(page, 'The CAF without JavaScript, D open');
      await follow(page, 'D1.a', d);
      await expectPage(page, REQUIREMENT_PATH, 'D1.a Response Plan', 'An outcome without JavaScript', { axe });
      assert.deepEqual(await mappedControls(page), ['CTL-PRC-03 Incident response'], 'its control');
    }

    test('the framework page works with JavaScript off', async () => {
      assert.ok(cafPath, 'the CAF was found by an earlier journey');
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await readFrameworkPage(page, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
      expectAccessiblePages();
    });

    test('the same pages, without their scripts, pass axe', async () => {
      assert.ok(cafPath, 'the CAF was found by an earlier journey');
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await readFrameworkPage(page, true);
      expectAccessiblePages();
    });
  });
});
