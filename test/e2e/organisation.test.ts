// The organisation, people and appointments registers in real Chromium (issue [03]): the unit tree
// and accountability chain, Annex A and its CSV, appointments and their gaps, the people register
// (search, filter, paging, adding and changing people, the CSV import), changing the tree, what a
// member of staff sees (Get help, and the registers they may and may not read), and the import and
// appointment forms without JavaScript. Every page a person sees here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes 9 (two for each administrator session, two for the member of staff).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, createJourney, fillIn, follow, isoDay, mainText, pathOf, press, queryOf, summaryValue, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const D = '@example.justice.gov.uk';
const PRIYA = { name: 'Priya Ledger', email: `priya.ledger${D}`, password: 'ledger lantern orchard 2026' };
const BOARD_MEMBER = 'Board member with the security remit';
const FORBIDDEN = 'You do not have permission to do this';
const UNIT_LOOP = 'A unit cannot be placed under itself or under one of its own units';

// ---- The journey: its server, browsers, files and checks ----

const journey = createJourney({ axe: 'each-page' });
const { newBrowser, signInAdministrator, fileToUpload, expectPage, expectErrors } = journey;

// ---- The journeys ----

describe('the organisation, people and appointments registers in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  after(journey.end);

  test('the tree leads to an agency, whose chain of accountability runs up to the Prime Minister', async () => {
    await visit(admin, server, '/organisation');
    await expectPage(admin, '/organisation', 'Organisation', 'Organisation tree');
    const moj = admin.locator('main .custodian-tree > li', { has: admin.getByRole('link', { name: 'Ministry of Justice', exact: true }) });
    assert.ok(await moj.locator('.custodian-tree').getByRole('link', { name: 'Legal Services Board', exact: true }).isVisible(), 'LSB is within the MoJ');
    await follow(admin, 'HM Prison and Probation Service');
    await expectPage(admin, '/organisation/HMPPS', 'HM Prison and Probation Service', 'HMPPS unit page');

    const levels = (await admin.locator('main .custodian-chain__level h3').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(levels, ['HM Prison and Probation Service', 'Ministry of Justice', 'Cabinet Secretary', 'Prime Minister'], 'the levels, in order');
    const chain = await admin.locator('main .custodian-chain').innerText();
    assert.ok(chain.includes('HM Prison and Probation Service has its own Accounting Officer, accountable to the Principal Accounting Officer of Ministry of Justice'), chain);
    assert.ok(chain.includes('as Principal Accounting Officer, is accountable to the Cabinet Secretary'), chain);
    assert.ok(chain.includes('delegates accountability to the Cabinet Secretary (GovS 007)'), chain);
    assert.match(chain, /James McEwen/);
    assert.match(chain, /Amie Alekna/);
  });

  test('the policy library lists the strategic policy as tier 1; its page shows statements and findings', async () => {
    await visit(admin, server, '/library');
    await expectPage(admin, '/library', 'Policy library', 'Policy library');
    await follow(admin, 'Strategic Information Security Policy');
    await expectPage(admin, /^\/library\/[0-9a-f-]{36}$/, 'Strategic Information Security Policy', 'The strategic policy');
    const text = await mainText(admin);
    assert.ok(text.includes('Tier 1: Strategic policy'), 'its tier');
    assert.ok(text.includes('SISP-001'), 'its statements, keyed');
    assert.ok(text.includes('unresolved-reference'), 'the linter’s findings');
  });

  test('Annex A flags the gaps, and its spreadsheet downloads', async () => {
    await visit(admin, server, '/annex-a');
    await expectPage(admin, '/annex-a', 'Annex A: board members responsible for information security', 'Annex A');
    assert.match(await mainText(admin), /\d+ bod(y has|ies have) an appointment missing\./);
    const rows = await tableRows(admin, 'Bodies with their own Accounting Officer');
    const lsb = rows.find((r) => r[0] === 'Legal Services Board');
    assert.equal(lsb?.[2], 'None appointed', 'LSB has no board member with the security remit');
    assert.equal(rows.find((r) => r[0] === 'Judicial Appointments Commission')?.[1], 'None appointed', 'JAC’s Accounting Officer has gone');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download Annex A as a spreadsheet (CSV)' }).click()]);
    assert.equal(download.suggestedFilename(), 'annex-a.csv');
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    assert.equal(csv.split(/\r?\n/)[0], 'Protective marking,Body,Code,Type,Accounting Officer,Board member responsible for information security,Missing');
    assert.match(csv, /Legal Services Board,LSB,/);
  });

  test('the appointments page lists the gaps, and the roles page the roles', async () => {
    await visit(admin, server, '/organisation');
    await follow(admin, 'Appointments');
    await expectPage(admin, '/appointments', 'Appointments', 'Appointments');
    const gaps = await admin.locator('main .govuk-list--bullet').innerText();
    assert.ok(gaps.includes('Legal Services Board has its own Accounting Officer but no board member with the security remit.'), gaps);
    assert.match(gaps, /Judicial Appointments Commission ended on 2026-06-30, and no one has succeeded them\./);
    assert.match(gaps, /The deputy Senior Information Risk Owner of Legal Aid Agency, .+, has left\./);

    await follow(admin, 'Accountable roles');
    await expectPage(admin, '/roles', 'Accountable roles', 'Accountable roles');
    const roles = (await admin.locator('main .govuk-summary-card__title').allInnerTexts()).map((t) => t.trim());
    for (const role of ['Prime Minister', 'Accounting Officer', BOARD_MEMBER, 'Information Assurance Lead']) assert.ok(roles.includes(role), `${role} is listed: ${roles.join(', ')}`);
  });

  test('the people register: search by name, filter by unit, page through, and open a person', async () => {
    await visit(admin, server, '/people');
    await expectPage(admin, '/people', 'People', 'People');
    const total = Number(/(\d+) match\./.exec(await mainText(admin))?.[1]);
    assert.ok(total > 50, `more people than fit on a page: ${total}`);
    assert.equal((await tableRows(admin, 'People')).length, 50, 'fifty people on the first page');
    await follow(admin, /^Next/, admin.getByRole('navigation', { name: 'Pagination' }));
    await expectPage(admin, '/people', 'People', 'People, page 2');
    assert.equal(queryOf(admin, 'page'), '2');
    assert.equal((await tableRows(admin, 'People')).length, total - 50, 'the rest on the second page');
    assert.equal(await admin.getByRole('link', { name: 'Page 2', exact: true }).getAttribute('aria-current'), 'page');

    await fillIn(admin, { 'Name, email or staff number': 'Keystone' });
    await press(admin, 'Search');
    await expectPage(admin, '/people', 'People', 'People search');
    assert.equal(queryOf(admin, 'search'), 'Keystone');
    assert.deepEqual((await tableRows(admin, 'People')).map((r) => r[0]), ['Helen Keystone']);

    await fillIn(admin, { 'Name, email or staff number': '' });
    await choose(admin, { Unit: 'Cyber Security' });
    await press(admin, 'Search');
    await expectPage(admin, '/people', 'People', 'People filtered by unit');
    assert.equal(queryOf(admin, 'unit'), 'MOJ-SIG-CYBER');
    const cyber = await tableRows(admin, 'People');
    assert.deepEqual(cyber.map((r) => r[0]).sort(), ['Lena Lantern', 'Sam Beacon', 'Victor Vault']);
    assert.ok(cyber.every((r) => r[2] === 'Cyber Security'), 'every row is in Cyber Security');

    await follow(admin, 'Sam Beacon');
    await expectPage(admin, /^\/people\/[0-9a-f-]{36}$/, /^Sam Beacon/, 'Person page');
    assert.equal(await summaryValue(admin, 'Job title'), 'Head of Cyber Security');
    assert.equal(await summaryValue(admin, 'Unit'), 'Cyber Security');
    assert.equal(await summaryValue(admin, 'Line manager'), 'Ruth Cipher');
  });

  test('an administrator adds a person, then sets their line manager by email', async () => {
    await visit(admin, server, '/people/new');
    await expectPage(admin, '/people/new', 'Add a person', 'Add a person');
    await press(admin, 'Save');
    assert.equal(pathOf(admin), '/people');
    await expectErrors(admin, 'Add a person with errors', ['Enter the person’s name', 'Enter an email address in the correct format']);

    await fillIn(admin, { 'Full name': PRIYA.name, 'Email address': PRIYA.email, 'Job title (optional)': 'Threat Analyst' });
    await choose(admin, { Unit: 'Cyber Security (MOJ-SIG-CYBER)' });
    await press(admin, 'Save');
    await expectPage(admin, /^\/people\/[0-9a-f-]{36}$/, PRIYA.name, 'The new person');
    assert.equal(await summaryValue(admin, 'Line manager'), 'None');

    await follow(admin, `Change ${PRIYA.name}`);
    await expectPage(admin, /^\/people\/[0-9a-f-]{36}\/edit$/, `Change ${PRIYA.name}`, 'Change a person');
    await fillIn(admin, { 'Line manager (optional)': `nobody${D}` });
    await press(admin, 'Save');
    await expectErrors(admin, 'Change a person: unknown line manager', [`No one in the people register has the email or staff number nobody${D}`]);
    await fillIn(admin, { 'Line manager (optional)': `sam.beacon${D}` });
    await press(admin, 'Save');
    await expectPage(admin, /^\/people\/[0-9a-f-]{36}$/, PRIYA.name, 'The person with a line manager');
    assert.equal(await summaryValue(admin, 'Line manager'), 'Sam Beacon');
    assert.equal(await summaryValue(admin, 'Unit'), 'Cyber Security');
  });

  test('an administrator adds a unit, moves it, and cannot put a unit under its own child', async () => {
    await visit(admin, server, '/organisation');
    await follow(admin, 'Add a unit');
    await expectPage(admin, '/organisation/new', 'Add a unit', 'Add a unit');
    await press(admin, 'Save');
    await expectErrors(admin, 'Add a unit with errors', ['Enter the unit’s name', 'Enter a code of up to 32 capital letters']);

    await fillIn(admin, { Name: 'Threat Intelligence', Code: 'MOJ-SIG-THREAT' });
    await choose(admin, { 'Kind of unit': 'Team', 'Part of': 'Security and Information Group (MOJ-SIG)' });
    await press(admin, 'Save');
    await expectPage(admin, '/organisation/MOJ-SIG-THREAT', 'Threat Intelligence', 'The new unit');
    assert.equal(await summaryValue(admin, 'Part of'), 'Security and Information Group');
    assert.equal(await summaryValue(admin, 'Type'), 'Team');

    await follow(admin, 'Change or move Threat Intelligence');
    await expectPage(admin, '/organisation/MOJ-SIG-THREAT/edit', 'Change Threat Intelligence', 'Change a unit');
    await choose(admin, { 'Part of': 'Cyber Security (MOJ-SIG-CYBER)' });
    await press(admin, 'Save');
    await expectPage(admin, '/organisation/MOJ-SIG-THREAT', 'Threat Intelligence', 'The moved unit');
    assert.equal(await summaryValue(admin, 'Part of'), 'Cyber Security');
    assert.ok((await admin.locator('main .custodian-chain').innerText()).includes('Part of Cyber Security: accountability passes up to it.'));

    await visit(admin, server, '/organisation/MOJ-SIG-CYBER/edit');
    await expectPage(admin, '/organisation/MOJ-SIG-CYBER/edit', 'Change Cyber Security', 'Change the parent unit');
    await choose(admin, { 'Part of': 'Threat Intelligence (MOJ-SIG-THREAT)' });
    await press(admin, 'Save');
    assert.equal(pathOf(admin), '/organisation/MOJ-SIG-CYBER');
    await expectErrors(admin, 'Change a unit: a loop refused', [UNIT_LOOP]);
    await visit(admin, server, '/organisation/MOJ-SIG-CYBER');
    await expectPage(admin, '/organisation/MOJ-SIG-CYBER', 'Cyber Security', 'The unit, unmoved');
    assert.equal(await summaryValue(admin, 'Part of'), 'Security and Information Group');
  });

  test('an appointment closes the LSB gap in Annex A; ending it from the appointments page opens another', async () => {
    await visit(admin, server, '/appointments');
    await follow(admin, 'Appoint someone to a role');
    await expectPage(admin, '/appointments/new', 'Appoint someone to a role', 'Appoint someone');
    await choose(admin, { Role: BOARD_MEMBER, For: 'Legal Services Board (LSB)' });
    await fillIn(admin, { 'Person appointed': `nobody${D}`, 'Starts on': '2026-02-30' });
    await press(admin, 'Make the appointment');
    await expectErrors(admin, 'Appoint someone: unknown person', [`No one in the people register has the email or staff number nobody${D}`]);
    await fillIn(admin, { 'Person appointed': PRIYA.email });
    await press(admin, 'Make the appointment');
    await expectErrors(admin, 'Appoint someone: impossible date', ['Enter the start date as a real date, such as 2026-04-01']);
    assert.equal(await admin.getByLabel('Person appointed', { exact: true }).inputValue(), PRIYA.email, 'what was typed is kept');
    await fillIn(admin, { 'Starts on': isoDay(-30) });
    await press(admin, 'Make the appointment');
    await expectPage(admin, '/appointments', 'Appointments', 'Appointments after appointing');
    assert.ok(!(await mainText(admin)).includes('Legal Services Board has its own Accounting Officer but no board member'), 'the gap is closed');

    await visit(admin, server, '/annex-a');
    await expectPage(admin, '/annex-a', 'Annex A: board members responsible for information security', 'Annex A after appointing');
    assert.equal((await tableRows(admin, 'Bodies with their own Accounting Officer')).find((r) => r[0] === 'Legal Services Board')?.[2], PRIYA.name);

    await visit(admin, server, '/appointments');
    await follow(admin, `Change ${PRIYA.name} as ${BOARD_MEMBER}`);
    await expectPage(admin, /^\/appointments\/[0-9a-f-]{36}\/edit$/, `Change ${PRIYA.name}’s appointment`, 'Change an appointment');
    await fillIn(admin, { 'Deputy (optional)': `nobody${D}` });
    await press(admin, 'Save');
    await expectErrors(admin, 'Change an appointment: unknown deputy', [`No one in the people register has the email or staff number nobody${D}`]);
    await fillIn(admin, { 'Deputy (optional)': '' });
    await press(admin, 'Save');
    await expectPage(admin, '/appointments', 'Appointments', 'Appointments after changing one');

    const lastDay = `Last day of ${PRIYA.name} as ${BOARD_MEMBER}`;
    const row = admin.getByRole('table', { name: 'Who holds which role' }).locator('tbody tr', { has: admin.getByLabel(lastDay, { exact: true }) });
    await fillIn(admin, { [lastDay]: isoDay(-1) });
    await press(admin, 'End this appointment', row);
    await expectPage(admin, '/appointments', 'Appointments', 'Appointments after ending one');
    const ended = `${PRIYA.name}’s appointment as ${BOARD_MEMBER} of Legal Services Board ended on ${isoDay(-1)}, and no one has succeeded them.`;
    assert.ok((await admin.locator('main .govuk-list--bullet').innerText()).includes(ended), `the gap is listed: ${ended}`);
  });

  test('the people import: a dry run, a file with errors, then a real import', async () => {
    const good = await fileToUpload('good.csv', 'email,name,unit_code\ntheo.tracer@example.justice.gov.uk,Theo Tracer,MOJ-SIG-THREAT\numa.umbra@example.justice.gov.uk,Uma Umbra,MOJ-SIG-THREAT\n');
    const bad = await fileToUpload('bad.csv', 'email,name,unit_code\nbroken,Someone,NOWHERE\n');
    await visit(admin, server, '/people');
    await follow(admin, 'Import people from a CSV file');
    await expectPage(admin, '/people/import', 'Import people from a CSV file', 'Import page');
    await press(admin, 'Upload');
    await expectErrors(admin, 'Import page with no file', ['Choose a CSV file to upload']);

    const checkOnly = admin.getByLabel('Check the file only: do not change anything', { exact: true });
    assert.ok(await checkOnly.isChecked(), 'the upload checks the file only unless told otherwise');
    await admin.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(good);
    await press(admin, 'Upload');
    await expectPage(admin, '/people/import', 'The file is ready to import', 'Import: dry run');
    assert.equal(await summaryValue(admin, 'New people'), '2');
    assert.equal(await summaryValue(admin, 'People marked as left'), '0');

    await follow(admin, 'Import another file');
    await admin.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(bad);
    await press(admin, 'Upload');
    await expectPage(admin, '/people/import', 'The file has errors', 'Import: a file with errors');
    const problems = await tableRows(admin, 'Problems in the file');
    assert.ok(problems.some(([line, column, problem]) => line === '2' && column === 'email' && problem === '"broken" is not an email address'), JSON.stringify(problems));
    const unitProblem = problems.find(([line, , problem]) => line === '2' && problem?.includes('Unit code NOWHERE is not in the organisation'));
    assert.ok(unitProblem, JSON.stringify(problems));

    await follow(admin, 'Import another file');
    await admin.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(good);
    await checkOnly.uncheck();
    await press(admin, 'Upload');
    await expectPage(admin, '/people/import', 'People imported', 'Import: the real run');
    assert.equal(await summaryValue(admin, 'New people'), '2');
    await visit(admin, server, '/people?unit=MOJ-SIG-THREAT');
    await expectPage(admin, '/people', 'People', 'People in the imported unit');
    assert.deepEqual((await tableRows(admin, 'People')).map((r) => r[0]).sort(), ['Theo Tracer', 'Uma Umbra']);
    // Checked last, so the rest of the journey still runs: the column is named as in the file the person wrote.
    assert.equal(unitProblem[1], 'unit_code', 'the problem names the file’s column (the import page documents it as unit_code)');
  });

  test('a member of staff sees their line manager and IA Lead, reads the organisation, and is refused the people register', async () => {
    await visit(admin, server, '/admin/users/invite');
    await expectPage(admin, '/admin/users/invite', 'Invite a user', 'Invite page');
    await fillIn(admin, { 'Full name': PRIYA.name, 'Email address': PRIYA.email });
    await press(admin, 'Send invitation');
    await expectPage(admin, '/admin/users/invite', 'Invitation created', 'Invitation created');
    const link = (await admin.locator('main .custodian-secret').innerText()).trim();

    const staff = await newBrowser();
    await staff.goto(link);
    await expectPage(staff, /^\/invitations\/[\w-]+$/, 'Set your password', 'Set your password');
    await fillIn(staff, { 'New password': PRIYA.password, 'Confirm the password': PRIYA.password });
    await press(staff, 'Set password');
    await expectPage(staff, '/sign-in', 'Sign in to Custodian', 'Sign in');
    await fillIn(staff, { 'Email address': PRIYA.email, Password: PRIYA.password });
    await press(staff, 'Sign in');
    await expectPage(staff, '/', 'Custodian', 'Home page for a member of staff');

    await visit(staff, server, '/help');
    await expectPage(staff, '/help', 'Get help with information security', 'Get help');
    const help = await mainText(staff);
    assert.ok(help.includes(`Sam Beacon: sam.beacon${D}`), `the line manager set through the form: ${help}`);
    assert.ok(help.includes(`Ines Compass, for Security and Information Group: ines.compass${D}`), `the IA Lead found by walking up: ${help}`);

    assert.equal(await visit(staff, server, '/people'), 403);
    await expectPage(staff, '/people', FORBIDDEN, 'People refused to a member of staff');
    assert.equal(await visit(staff, server, '/organisation'), 200);
    await expectPage(staff, '/organisation', 'Organisation', 'Organisation for a member of staff');
    assert.equal(await staff.getByRole('link', { name: 'Add a unit' }).count(), 0, 'no link to add a unit');
    assert.equal(await visit(staff, server, '/annex-a'), 200);
    await expectPage(staff, '/annex-a', 'Annex A: board members responsible for information security', 'Annex A for a member of staff');
  });

  describe('without JavaScript', () => {
    // The journeys run with JavaScript really off; axe-core needs JavaScript, so the same journeys
    // run again, checked by axe, in a browser whose pages have had their scripts removed.
    async function importAndAppoint(page: Page, who: { email: string; name: string; unit: string }, axe: boolean): Promise<void> {
      // Chromium does not give an uploaded file's bytes to request interception, so the script-removing
      // browser cannot refetch the upload: that one post goes through as sent, and its answer keeps its scripts.
      if (axe) await page.route('**/people/import', (route) => (route.request().method() === 'POST' ? route.continue() : route.fallback()));
      await visit(page, server, '/people/import');
      await expectPage(page, '/people/import', 'Import people from a CSV file', 'Import page without JavaScript', { axe });
      await page.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(await fileToUpload('nojs.csv', `email,name,unit_code\n${who.email},${who.name},MOJ-FIN\n`));
      await page.getByLabel('Check the file only: do not change anything', { exact: true }).check();
      await press(page, 'Upload');
      await expectPage(page, '/people/import', 'The file is ready to import', 'Import dry run without JavaScript', { axe });
      assert.equal(await summaryValue(page, 'New people'), '1');

      await visit(page, server, '/appointments/new');
      await expectPage(page, '/appointments/new', 'Appoint someone to a role', 'Appoint someone without JavaScript', { axe });
      await press(page, 'Make the appointment');
      await expectErrors(page, 'Appoint someone without JavaScript, with errors', ['Choose a role from the catalogue', 'Enter the start date as a real date'], { axe });
      await choose(page, { Role: 'Information Assurance Lead', For: who.unit });
      await fillIn(page, { 'Person appointed': `sam.beacon${D}`, 'Starts on': isoDay(-7) });
      await press(page, 'Make the appointment');
      await expectPage(page, '/appointments', 'Appointments', 'Appointments after appointing without JavaScript', { axe });
      const rows = await tableRows(page, 'Who holds which role');
      const unitName = who.unit.replace(/ \([A-Z-]+\)$/, '');
      assert.ok(rows.some((r) => r[0] === 'Information Assurance Lead' && r[1] === unitName && r[2] === 'Sam Beacon'), `Sam Beacon is IA Lead for ${unitName}`);
    }

    test('the people import and the appointment form work with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await importAndAppoint(page, { email: `wren.nojs${D}`, name: 'Wren Nojs', unit: 'Cyber Security (MOJ-SIG-CYBER)' }, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/, 'JavaScript really was off');
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await importAndAppoint(page, { email: `yara.scriptless${D}`, name: 'Yara Scriptless', unit: 'Threat Intelligence (MOJ-SIG-THREAT)' }, true);
    });
  });
});
