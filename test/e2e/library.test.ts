// The policy library in real Chromium (issue [05]): a tier 3 document written, sent for approval,
// returned and approved by the Chief Security Officer in her own browser, then published and read by a
// member of staff; the author refused as their own approver; a second version compared line by line;
// the review queue, filtered by owner, and a review recorded; a member of staff acknowledging the
// strategic policy while the administrator watches coverage and downloads it; and feedback on a
// statement, triaged with a reply, given with JavaScript off. Every page a person sees here passes
// axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes 8 (two for the administrator, two for the Chief Security Officer, and four for the member
// of staff: setting a password and signing in three browsers, one of them with JavaScript off).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { check, choose, createJourney, fillIn, follow, londonToday, mainText, navigatedBy, pathOf, press, summaryValue, tableRows, tidy, visit } from './support/journey.ts';
import { ADMIN_EMAIL, type RunningServer } from './support/server.ts';

const D = '@example.justice.gov.uk';
const AMIE = { name: 'Amie Alekna', email: `amie.alekna${D}`, password: 'alekna approves lanterns 2026' };
const LENA = { name: 'Lena Lantern', email: `lena.lantern${D}`, password: 'lantern reads policies 2026' };
const STRATEGIC = 'Strategic Information Security Policy';
const STANDARD = 'Removable Media Standard';
const SELF_APPROVED = 'Cyber Security Logging Standard';
const DOCUMENT_PATH = /^\/library\/[0-9a-f-]{36}$/;

const FIRST_DRAFT = [
  '# Removable Media Standard',
  '',
  '## Purpose',
  '',
  'This standard sets out how removable media is used in the Ministry of Justice.',
  '',
  '## Requirements',
  '',
  'Staff must encrypt every removable device that holds OFFICIAL information.',
  'Staff should report a lost device within 24 hours.',
  '',
].join('\n');
const SECOND_VERSION = [
  '# Removable Media Standard',
  '',
  '## Purpose',
  '',
  'This standard sets out how removable media is used in the Ministry of Justice.',
  '',
  '## Requirements',
  '',
  'Staff must encrypt every removable device that holds OFFICIAL information.',
  'Staff must report a lost device to the security team within 4 hours.',
  'Staff must not connect personal devices to departmental laptops.',
  '',
].join('\n');

/** A calendar date some months on, the last day of the month when the day does not exist there. */
function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
/** A calendar date as the pages write it ("29 March 2026"). */
const shownDate = (iso: string): string => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

// ---- The journey: its server, browsers and checks ----

const journey = createJourney({ axe: 'each-page' });
const { newBrowser, expectPage, expectErrors, signInAs, inviteAndSignIn } = journey;

/** The summary list of the "Draft in progress" section of a document page (version, author, approver). */
const workingDraft = (page: Page): Locator => page.locator('#working-draft ~ dl.govuk-summary-list').first();
const decisions = async (page: Page): Promise<string[]> => (await page.locator('main h3:has-text("Approval decisions") + ul li').allInnerTexts()).map(tidy);

// ---- The journeys ----

describe('the policy library in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let amie: Page;
  let lena: Page;
  let standardPath = '';
  let strategicPath = '';

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  after(journey.end);

  test('the library lists the strategic policy as tier 1, published, with its owner and audience', async () => {
    await visit(admin, server, '/library');
    await expectPage(admin, '/library', 'Policy library', 'Policy library');
    for (const link of ['Add a document', 'Document reviews: what is due and overdue', 'Documents you need to acknowledge', 'Who approves each tier of document']) {
      assert.equal(await admin.getByRole('main').getByRole('link', { name: link, exact: true }).count(), 1, `the library links to "${link}"`);
    }
    const tier1 = await tableRows(admin, 'Tier 1: Strategic policy');
    const row = tier1.find((r) => r[0] === STRATEGIC);
    assert.ok(row, `the strategic policy is in tier 1: ${JSON.stringify(tier1)}`);
    assert.equal(row[1], 'Ministry of Justice', 'it applies to the department');
    assert.equal(row[2], '1', 'version 1');
    assert.ok(Number(row[3]) > 0, `it has statements: ${row[3]}`);
    assert.ok(Number(row[4]) > 0, `it has linter findings: ${row[4]}`);

    await follow(admin, STRATEGIC, admin.getByRole('table', { name: 'Tier 1: Strategic policy' }));
    await expectPage(admin, DOCUMENT_PATH, STRATEGIC, 'The strategic policy');
    strategicPath = pathOf(admin);
    assert.match(await summaryValue(admin, 'Version'), /^1, published /);
    assert.equal(await summaryValue(admin, 'Status'), 'Published');
    assert.equal(await summaryValue(admin, 'Owner'), AMIE.name);
    const text = await mainText(admin);
    assert.ok(text.includes('Who must acknowledge it: Everyone in Ministry of Justice and the units below it.'), 'the audience is the department');
    assert.ok(text.includes('SISP-001'), 'its statements, keyed');
    assert.ok(text.includes('unresolved-reference'), 'the linter’s findings');

    await visit(admin, server, '/library');
    await follow(admin, 'Who approves each tier of document');
    await expectPage(admin, '/library/approving-roles', 'Who approves each tier of document', 'Approving roles');
    const selected = async (label: string): Promise<string> => (await admin.getByLabel(label, { exact: true }).locator('option:checked').innerText()).trim();
    assert.equal(await selected('Tier 1: Strategic policy'), 'Board member with the security remit');
    assert.equal(await selected('Tier 3: Standards and procedures'), 'Chief Security Officer');
    assert.equal(await selected('Tier 5: System and process-specific policies'), 'Senior Information Risk Owner');
  });

  test('the Chief Security Officer and a member of staff, already in the people register, are invited and sign in', async () => {
    amie = await inviteAndSignIn(admin, server, AMIE);
    lena = await inviteAndSignIn(admin, server, LENA);
  });

  test('approval: a tier 3 draft is sent, returned with a comment, approved by the CSO and published', async () => {
    await visit(admin, server, '/library');
    await follow(admin, 'Add a document');
    await expectPage(admin, '/library/new', 'Add a document to the library', 'Add a document');
    await press(admin, 'Create the draft');
    await expectErrors(admin, 'Add a document with errors', ['Enter a title of up to 200 characters', 'Choose the tier, 1 to 5', 'Choose the unit the document applies to', 'Enter the text of the document, in Markdown']);

    await fillIn(admin, { Title: STANDARD, 'Owner (optional)': `ines.compass${D}`, 'Review every (months)': '12', 'Text, in Markdown': FIRST_DRAFT });
    await check(admin, '3. Standards and procedures');
    await choose(admin, { 'Applies to': 'Ministry of Justice' });
    await press(admin, 'Create the draft');
    await expectPage(admin, DOCUMENT_PATH, STANDARD, 'The new draft');
    standardPath = pathOf(admin);
    assert.equal(await summaryValue(admin, 'Version'), 'None published yet');
    assert.equal(await summaryValue(admin, 'Status'), 'Draft');
    assert.equal(await summaryValue(admin, 'Applies to'), 'Ministry of Justice');
    assert.equal(await summaryValue(admin, 'Owner'), 'Ines Compass');
    const draft = workingDraft(admin);
    assert.equal(await summaryValue(admin, 'Version', draft), '1 Draft');
    assert.equal(await summaryValue(admin, 'Approver', draft), `${AMIE.name}, Chief Security Officer for Ministry of Justice`);

    await visit(admin, server, '/library');
    await expectPage(admin, '/library', 'Policy library', 'Policy library with the draft');
    assert.ok((await tableRows(admin, 'Tier 3: Standards and procedures')).some((r) => r[0] === STANDARD), 'the draft is listed in tier 3');
    await visit(admin, server, standardPath);

    await press(admin, 'Send version 1 for approval');
    await expectPage(admin, standardPath, STANDARD, 'The draft, sent for approval');
    assert.equal(await summaryValue(admin, 'Version', workingDraft(admin)), '1 With the approver');
    assert.ok((await admin.locator('main .govuk-inset-text').allInnerTexts()).some((t) => t.includes('You wrote this draft, so someone else who holds the approving role, or their deputy, must approve it.')), 'the author is told someone else must approve');
    assert.equal(await admin.getByRole('button', { name: 'Record the decision' }).count(), 0, 'the author is offered no decision');

    // The approver, in her own browser.
    await visit(amie, server, standardPath);
    await expectPage(amie, standardPath, STANDARD, 'The draft, as the approver sees it');
    assert.equal(await amie.getByRole('group', { name: 'Your decision on version 1' }).count(), 1, 'the approver is asked for a decision');
    await check(amie, 'Return it to the author');
    await press(amie, 'Record the decision');
    await expectErrors(amie, 'Returning without a comment', ['Say why you are returning the draft, so the author knows what to change']);
    assert.ok(await amie.getByLabel('Return it to the author', { exact: true }).isChecked(), 'the choice is kept');
    await fillIn(amie, { Comment: 'Say who the lost device is reported to, and how quickly.' });
    await press(amie, 'Record the decision');
    await expectPage(amie, standardPath, STANDARD, 'The draft, returned');
    assert.equal(await summaryValue(amie, 'Version', workingDraft(amie)), '1 Draft');
    const returned = await decisions(amie);
    assert.equal(returned.length, 1, JSON.stringify(returned));
    assert.match(returned[0]!, /^Version 1: Returned by Amie Alekna .*\(Chief Security Officer, Ministry of Justice\), .+: “Say who the lost device is reported to, and how quickly\.”$/);

    // The author revises and sends it again.
    await visit(admin, server, standardPath);
    await expectPage(admin, standardPath, STANDARD, 'The returned draft, as its author sees it');
    await follow(admin, 'Edit the draft');
    await expectPage(admin, `${standardPath}/draft`, 'Edit the draft of version 1', 'Edit the draft');
    await fillIn(admin, { 'Text, in Markdown': FIRST_DRAFT.replace('within 24 hours', 'to the security team within 24 hours') });
    await press(admin, 'Save the draft');
    await expectPage(admin, standardPath, STANDARD, 'The revised draft');
    await press(admin, 'Send version 1 for approval');
    await expectPage(admin, standardPath, STANDARD, 'The revised draft, sent again');

    await visit(amie, server, standardPath);
    await check(amie, 'Approve it for publication');
    await press(amie, 'Record the decision');
    await expectPage(amie, standardPath, STANDARD, 'The draft, approved');
    assert.equal(await summaryValue(amie, 'Version', workingDraft(amie)), '1 Approved, waiting to be published');
    assert.equal(await amie.getByRole('button', { name: 'Publish version 1' }).count(), 0, 'the approver does not publish');

    await visit(admin, server, standardPath);
    await press(admin, 'Publish version 1');
    await expectPage(admin, standardPath, STANDARD, 'The standard, published');
    assert.match(await summaryValue(admin, 'Version'), /^1, published /);
    assert.equal(await summaryValue(admin, 'Status'), 'Published');

    // A reader sees the published version and the decisions that led to it.
    await visit(lena, server, standardPath);
    await expectPage(lena, standardPath, STANDARD, 'The standard, as a member of staff reads it');
    assert.match(await summaryValue(lena, 'Version'), /^1, published /);
    const text = await mainText(lena);
    assert.ok(text.includes('Staff should report a lost device to the security team within 24 hours.'), 'the published text is the approved one');
    assert.ok(/Version 1 \(published\)/.test(text), 'the version list shows version 1 published');
    const seen = await decisions(lena);
    assert.equal(seen.length, 2, JSON.stringify(seen));
    assert.ok(seen.some((d) => /^Version 1: Returned by Amie Alekna/.test(d)) && seen.some((d) => /^Version 1: Approved by Amie Alekna .*\(Chief Security Officer, Ministry of Justice\)/.test(d)), JSON.stringify(seen));
    assert.equal(await lena.getByRole('link', { name: 'Edit the draft' }).count(), 0, 'no editing for a reader');
  });

  test('version 2 is drafted from the published version and compared with it line by line', async () => {
    await visit(admin, server, standardPath);
    assert.equal(await admin.locator('#working-draft + p').innerText().then((t) => t.trim()), 'None. Start a new version');
    await follow(admin, 'Start a new version');
    await expectPage(admin, `${standardPath}/draft`, 'Start a new version', 'Start version 2');
    assert.match(await admin.getByLabel('Text, in Markdown', { exact: true }).inputValue(), /to the security team within 24 hours/, 'the draft starts from the published text');
    await press(admin, 'Save the draft');
    await expectErrors(admin, 'Version 2 unchanged and without a summary', ['The text is the same as the published version 1', 'Summarise what this version changes, for readers and the approver']);
    await fillIn(admin, { 'Text, in Markdown': SECOND_VERSION, 'Summary of the change': 'Lost devices reported within 4 hours; personal devices banned.' });
    await check(admin, 'Yes, people must read it again');
    await press(admin, 'Save the draft');
    await expectPage(admin, standardPath, STANDARD, 'Version 2 drafted');
    assert.equal(await summaryValue(admin, 'Version', workingDraft(admin)), '2 Draft');
    assert.match(await summaryValue(admin, 'Version'), /^1, published /, 'version 1 stays published');
    const versions = admin.locator('main h2:text-is("Versions") + ul li');
    assert.match(await versions.nth(0).innerText(), /^Version 2 \(draft\): Lost devices reported within 4 hours; personal devices banned\., .+ · compare with version 1$/);
    assert.match(await versions.nth(1).innerText(), /^Version 1 \(published\): First version, /);
    assert.equal(await versions.nth(0).getByRole('link', { name: 'compare with version 1' }).getAttribute('href'), `${standardPath}/compare?from=1&to=2`);

    await follow(admin, 'Compare the draft with version 1');
    await expectPage(admin, `${standardPath}/compare`, 'Version 1 and version 2', 'Compare version 1 and version 2');
    assert.equal(new URL(admin.url()).search, '?from=1&to=2');
    assert.match(await mainText(admin), /\b2 lines differ\. Taken out on the left, put in on the right\./);
    const table = admin.getByRole('table', { name: 'Version 1 and version 2, line by line' });
    const changed = table.locator('tr.custodian-compare--changed');
    assert.equal(await changed.count(), 1, 'one line changed');
    assert.match(await changed.locator('del').innerText(), /Staff should report a lost device to the security team within 24 hours\./);
    assert.match(await changed.locator('ins').innerText(), /Staff must report a lost device to the security team within 4 hours\./);
    const added = table.locator('tr.custodian-compare--added');
    assert.equal(await added.count(), 1, 'one line added');
    assert.match(await added.locator('ins').innerText(), /Staff must not connect personal devices to departmental laptops\./);
    assert.equal((await added.locator('td').nth(1).innerText()).trim(), '', 'nothing on the left of an added line');
    assert.equal(await table.locator('tr.custodian-compare--removed').count(), 0, 'nothing only taken out');
    assert.equal(await table.locator('del .govuk-visually-hidden').first().innerText(), 'Taken out: ', 'a screen reader hears what was taken out');
    assert.equal(await table.locator('ins .govuk-visually-hidden').first().innerText(), 'Put in: ', 'and what was put in');
    assert.ok((await table.locator('tr.custodian-compare--same').count()) >= 8, 'the unchanged lines are shown on both sides');
  });

  test('the author cannot approve their own draft, even holding the approving role', async () => {
    // The administrator becomes the Chief Security Officer of Cyber Security, so is the approver of its tier 3 documents.
    await visit(admin, server, '/appointments/new');
    await expectPage(admin, '/appointments/new', 'Appoint someone to a role', 'Appoint the administrator');
    await choose(admin, { Role: 'Chief Security Officer', For: 'Cyber Security (MOJ-SIG-CYBER)' });
    await fillIn(admin, { 'Person appointed': ADMIN_EMAIL, 'Starts on': addMonths(londonToday(), -1) });
    await press(admin, 'Make the appointment');
    await expectPage(admin, '/appointments', 'Appointments', 'Appointments with the administrator as a CSO');

    await visit(admin, server, '/library/new');
    await fillIn(admin, { Title: SELF_APPROVED, 'Text, in Markdown': '# Logging\n\nEvery system must send its security logs to the central service.\n' });
    await check(admin, '3. Standards and procedures');
    await choose(admin, { 'Applies to': 'Cyber Security' });
    await press(admin, 'Create the draft');
    await expectPage(admin, DOCUMENT_PATH, SELF_APPROVED, 'A draft the administrator would approve');
    const path = pathOf(admin);
    assert.equal(await summaryValue(admin, 'Approver', workingDraft(admin)), 'Administrator, Chief Security Officer for Cyber Security');
    await press(admin, 'Send version 1 for approval');
    await expectPage(admin, path, SELF_APPROVED, 'Its own approver’s draft, sent');
    assert.ok((await admin.locator('main .govuk-inset-text').allInnerTexts()).some((t) => t.includes('You wrote this draft, so someone else who holds the approving role, or their deputy, must approve it.')), 'the author is told someone else must approve');
    assert.equal(await admin.getByRole('button', { name: 'Record the decision' }).count(), 0, 'the author, though the approver, is offered no decision');

    // Sent anyway, as a crafted form would: the server refuses it on the document page.
    await navigatedBy(admin, () =>
      admin.evaluate((action) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
        for (const [name, value] of [['_csrf', csrf], ['outcome', 'approve'], ['comment', '']] as const) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, `${path}/decision`),
    );
    assert.equal(pathOf(admin), `${path}/decision`);
    await expectErrors(admin, 'Approving your own draft', ['You wrote version 1, so you cannot approve it']);
    await visit(admin, server, path);
    assert.equal(await summaryValue(admin, 'Version', workingDraft(admin)), '1 With the approver', 'the draft is still with the approver');
    assert.deepEqual(await decisions(admin), [], 'no decision was recorded');
  });

  test('the review queue, filtered by owner, leads to a review of the strategic policy', async () => {
    await visit(admin, server, '/library');
    await follow(admin, 'Document reviews: what is due and overdue');
    await expectPage(admin, '/library/reviews', 'Document reviews', 'Document reviews');
    for (const heading of [/^Overdue \(\d+\)$/, /^Due in the next 60 days \(\d+\)$/, /^Later \(\d+\)$/]) {
      assert.equal(await admin.getByRole('heading', { level: 2, name: heading }).count(), 1, `the queue has a section ${String(heading)}`);
    }
    const listed = async (): Promise<string[]> => (await admin.locator('main table tbody tr td:first-child a').allInnerTexts()).map((t) => t.trim());
    assert.ok((await listed()).includes(STANDARD) && (await listed()).includes(STRATEGIC), `all owners' documents: ${(await listed()).join(', ')}`);

    await choose(admin, { Owner: AMIE.name });
    await press(admin, 'Apply');
    await expectPage(admin, '/library/reviews', 'Document reviews', 'Document reviews of Amie Alekna’s documents');
    assert.match(new URL(admin.url()).searchParams.get('ownerPersonId') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await listed(), [STRATEGIC], 'only the strategic policy is Amie Alekna’s');
    const before = await admin.locator('main table tbody tr', { hasText: STRATEGIC }).innerText();

    await follow(admin, `Record a review of ${STRATEGIC}`);
    await expectPage(admin, `${strategicPath}/review`, 'Record a document review', 'Record a review');
    const cycle = Number(/reviewed every (\d+) months/.exec(await mainText(admin))?.[1]);
    assert.ok(cycle > 0, 'the form names the review cycle');
    await press(admin, 'Record the review');
    await expectErrors(admin, 'A review without an outcome', ['Choose no change, revise or retire']);
    await check(admin, 'No change');
    await fillIn(admin, { Notes: 'Still right for the department; references to be corrected at the next revision.' });
    await press(admin, 'Record the review');
    await expectPage(admin, strategicPath, STRATEGIC, 'The strategic policy after its review');
    assert.equal(new URL(admin.url()).hash, '#reviews');

    const next = shownDate(addMonths(londonToday(), cycle));
    assert.match(await summaryValue(admin, 'Review by'), new RegExp(`^${next}, every ${cycle} months$`));
    assert.ok((await mainText(admin)).includes(`Next review by ${next}, then every ${cycle} months.`), `the next review is due ${next}`);
    const history = await tableRows(admin, `Reviews of ${STRATEGIC}, newest first`);
    assert.equal(history.length, 1, JSON.stringify(history));
    assert.deepEqual([history[0]![0], history[0]![1], history[0]![2], history[0]![4]], [shownDate(londonToday()), 'No change', 'Still right for the department; references to be corrected at the next revision.', next]);
    assert.match(history[0]![3]!, /^Administrator/);

    await visit(admin, server, '/library/reviews');
    const after = await admin.locator('main table tbody tr', { hasText: STRATEGIC }).innerText();
    assert.notEqual(after, before, 'the queue shows the new review');
    assert.ok(after.includes(`${shownDate(londonToday())}: No change`), after);
    await expectPage(admin, '/library/reviews', 'Document reviews', 'Document reviews after the review');
  });

  test('a member of staff acknowledges the strategic policy; coverage counts it and its CSV lists them', async () => {
    await visit(admin, server, strategicPath);
    await follow(admin, 'See who has acknowledged it');
    await expectPage(admin, `${strategicPath}/acknowledgements`, 'Who has acknowledged it', 'Coverage before');
    assert.equal(await summaryValue(admin, 'Who must acknowledge it'), 'Everyone in Ministry of Justice and the units below it');
    const people = Number(await summaryValue(admin, 'People in the audience'));
    assert.ok(people > 10, `the audience is the department: ${people}`);
    assert.match(await summaryValue(admin, 'Acknowledged'), /^0 \(0%\)$/);
    assert.equal(await summaryValue(admin, 'Outstanding'), String(people));

    await visit(lena, server, '/library');
    await expectPage(lena, '/library', 'Policy library', 'The library, for a member of staff');
    assert.equal(await lena.getByRole('link', { name: 'Add a document' }).count(), 0, 'a member of staff adds no documents');
    await follow(lena, 'Documents you need to acknowledge');
    await expectPage(lena, '/library/acknowledgements', 'Documents to read and acknowledge', 'To acknowledge');
    const rows = await tableRows(lena, /documents? to acknowledge$/);
    assert.ok(rows.some((r) => r[0] === STRATEGIC && r[1] === '1. Strategic policy' && r[2] === '1'), JSON.stringify(rows));

    await follow(lena, STRATEGIC);
    await expectPage(lena, strategicPath, STRATEGIC, 'The strategic policy, to acknowledge');
    assert.ok((await lena.locator('#acknowledgement').innerText()).includes('You need to read and acknowledge this document (version 1).'));
    await press(lena, 'I have read and understood this document');
    await expectPage(lena, strategicPath, STRATEGIC, 'The strategic policy, acknowledged');
    assert.match(await lena.locator('#acknowledgement').innerText(), /You acknowledged version 1 on \d{1,2} \w+ \d{4}/);
    assert.equal(await lena.getByRole('button', { name: 'I have read and understood this document' }).count(), 0, 'the button has gone');

    await visit(lena, server, '/library/acknowledgements');
    await expectPage(lena, '/library/acknowledgements', 'Documents to read and acknowledge', 'To acknowledge, afterwards');
    assert.equal(await lena.getByRole('main').getByRole('link', { name: STRATEGIC, exact: true }).count(), 0, 'the strategic policy is no longer listed');

    await admin.reload({ waitUntil: 'load' });
    await expectPage(admin, `${strategicPath}/acknowledgements`, 'Who has acknowledged it', 'Coverage after');
    assert.match(await summaryValue(admin, 'Acknowledged'), /^1 \(\d+%\)$/);
    assert.equal(await summaryValue(admin, 'Outstanding'), String(people - 1));
    const person = (await tableRows(admin, 'Acknowledgement by person')).find((r) => r[0]?.startsWith(LENA.name));
    assert.ok(person, 'Lena Lantern is listed');
    assert.deepEqual(person.slice(1, 4), ['Cyber Security', 'Acknowledged', '1']);
    const unit = (await tableRows(admin, 'Acknowledgement by unit')).find((r) => r[0]?.startsWith('Cyber Security'));
    assert.equal(unit?.[2], '1', `Cyber Security has one acknowledgement: ${JSON.stringify(unit)}`);

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download who has acknowledged it (CSV)' }).click()]);
    assert.equal(download.suggestedFilename(), `acknowledgements-${strategicPath.split('/').pop()}.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
    assert.equal(lines[0], 'Name,Email,Unit code,Unit,Status,Version acknowledged,Acknowledged at', 'the first line is the header');
    assert.equal(lines.length, people + 1, 'a line for each person in the audience');
    const lenaLine = lines.find((l) => l.includes(LENA.email));
    assert.ok(lenaLine?.startsWith(`${LENA.name},${LENA.email},MOJ-SIG-CYBER,Cyber Security,Acknowledged,1,`), `Lena Lantern's line: ${lenaLine}`);
  });

  describe('feedback on a statement, given without JavaScript', () => {
    test('a member of staff sends feedback on a statement with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAs(page, server, LENA, { axe: false });
      await visit(page, server, strategicPath);
      await expectPage(page, strategicPath, STRATEGIC, 'The strategic policy without JavaScript', { axe: false });
      await press(page, 'Send feedback');
      await expectErrors(page, 'Empty feedback without JavaScript', ['Enter your feedback, up to 5,000 characters'], { axe: false });
      await page.getByLabel('About a statement (optional)', { exact: true }).selectOption('SISP-001');
      await fillIn(page, { 'Your feedback': 'SISP-001 could say who checks that data is classified.' });
      await press(page, 'Send feedback');
      await expectPage(page, strategicPath, STRATEGIC, 'Feedback sent without JavaScript', { axe: false });
      const item = page.locator('#feedback ~ ul li', { hasText: 'SISP-001 could say who checks' });
      assert.match(await item.innerText(), /Lena Lantern on SISP-001, .+ New/);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/, 'JavaScript really was off');
    });

    test('the same form, without its page scripts, passes axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAs(page, server, LENA);
      await visit(page, server, strategicPath);
      await expectPage(page, strategicPath, STRATEGIC, 'The strategic policy without page scripts');
      await press(page, 'Send feedback');
      await expectErrors(page, 'Empty feedback without page scripts', ['Enter your feedback, up to 5,000 characters']);
    });

    test('the administrator triages it with a reply, and the member of staff reads the reply', async () => {
      await visit(admin, server, strategicPath);
      await expectPage(admin, strategicPath, STRATEGIC, 'The strategic policy with feedback');
      const item = admin.locator('#feedback ~ ul li', { hasText: 'SISP-001 could say who checks' });
      await press(admin, `Save the reply to ${LENA.name}`, item);
      await expectErrors(admin, 'Triage without a reply', ['Enter a reply to the person who gave the feedback']);

      const again = admin.locator('#feedback ~ ul li', { hasText: 'SISP-001 could say who checks' });
      await choose(admin, { [`Outcome for feedback from ${LENA.name}`]: 'Accepted' });
      await fillIn(admin, { [`Reply to ${LENA.name}`]: 'Thank you: the next version names the Information Asset Owner.' });
      await press(admin, `Save the reply to ${LENA.name}`, again);
      await expectPage(admin, strategicPath, STRATEGIC, 'The strategic policy, feedback triaged');
      assert.equal(await admin.getByRole('button', { name: `Save the reply to ${LENA.name}` }).count(), 0, 'triaged feedback has no form');

      await visit(lena, server, strategicPath);
      await expectPage(lena, strategicPath, STRATEGIC, 'The strategic policy with its reply');
      const seen = await lena.locator('#feedback ~ ul li', { hasText: 'SISP-001 could say who checks' }).innerText();
      assert.match(seen, /Lena Lantern on SISP-001, .+ Accepted/);
      assert.match(seen, /Reply from Administrator .*: Thank you: the next version names the Information Asset Owner\./);
    });
  });
});
