// The information assets, technology services and controls registers in real Chromium (issue [06]):
// the assets list with the example's labels and owners, filtered, sorted and opened, and the
// classification vocabulary; an asset added with an invalid combination of markings, corrected, then
// changed; an Information Asset Owner changing their own asset but refused another's; services with
// derived classifications and required controls, and an asset linked to a service changing both; the
// control catalogue, a control, baselines added and changed; a control implementation recorded with
// link and file evidence (the file downloaded again), and "not applicable" refused without a reason;
// the assets import's dry run reporting a bad row and writing nothing, and the CSV export; and the
// implementation form with JavaScript off. Every page a person sees here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a limit of 20 in 5 minutes per address: this
// file makes 8 (two for the administrator, two for the Information Asset Owner: setting a password and
// signing in, and two for each of the administrator's browsers without JavaScript and without page scripts).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { check, choose, createJourney, fillIn, follow, isChecked, isoDay, londonToday, mainText, pathOf, press, queryOf, summaryValue, tableRows, tidy, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const D = '@example.justice.gov.uk';
const TARIQ = { name: 'Tariq Tally', email: `tariq.tally${D}`, password: 'tally keeps the records 2026' };
const FORBIDDEN = 'You do not have permission to do this';
const UUID_PATH = (prefix: string): RegExp => new RegExp(`^${prefix}/[0-9a-f-]{36}$`);
const ASSET_PATH = UUID_PATH('/information-assets');
const SERVICE_PATH = UUID_PATH('/technology-services');
const IMPLEMENTATION_PATH = UUID_PATH('/control-implementations');

const PRISONER_RECORDS = 'OFFICIAL-SENSITIVE - MOJ USE ONLY - PERSONAL DATA';
const NEW_ASSET = 'Threat intelligence reports';
const RECIPIENTS_NEED_SENSITIVE = 'RECIPIENTS ONLY goes only with OFFICIAL-SENSITIVE: add the SENSITIVE marking or choose another instruction';
const SENSITIVE_BOX = 'SENSITIVE (OFFICIAL only): makes the marking OFFICIAL-SENSITIVE';
const INTRANET = 'MoJ intranet';
const EVIDENCE_TEXT = 'Weekly vulnerability scan of the MoJ intranet: no critical findings, 2 high, both fixed.\n';
const ASSET_CSV_HEADER = 'protective marking,reference,name,description,unit,information asset owner,classification,embargo ends on,confidentiality,integrity,availability,personal data,retention';

// ---- The journey: its server, browsers, files and checks ----

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, fileToUpload, expectPage, expectErrors, expectAccessiblePages, forgetAxeFailures, inviteAndSignIn } = journey;

/** The total the list pages state ("13 match."). */
const matchCount = async (page: Page): Promise<number> => Number(/(\d+) match\./.exec(await mainText(page))?.[1] ?? NaN);

// ---- The journeys ----

describe('the information assets, technology services and controls registers in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let newAssetPath = '';
  let intranetPath = '';

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the assets list shows the example’s labels and owners; it filters, sorts, opens an asset and the vocabulary', async () => {
    await visit(admin, server, '/information-assets');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets');
    const total = await matchCount(admin);
    const all = await tableRows(admin, 'Information assets');
    assert.ok(total >= 13, `the example's assets are listed: ${total}`);
    assert.equal(all.length, total, 'every asset on one page');
    assert.deepEqual(all.find((r) => r[0] === 'Prisoner records'), ['Prisoner records', 'HMPPS-IA-0001', 'Prisons', 'Ellen Wing', PRISONER_RECORDS]);
    assert.deepEqual(all.find((r) => r[0] === 'Staff HR records')?.slice(3), ['Tariq Tally', 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA - HR / MANAGEMENT']);
    assert.equal(all.find((r) => r[0] === 'Court hearing lists')?.[4], 'OFFICIAL - FOR PUBLIC RELEASE');
    assert.match(all.find((r) => r[1] === 'MOJ-IA-0005')?.[4] ?? '', /^OFFICIAL-SENSITIVE - EMBARGOED - MARKET SENSITIVE \(until 18 February 2027\)$/);
    const names = all.map((r) => r[0]!);
    assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())), 'sorted by name at first');
    assert.equal(await admin.getByRole('columnheader', { name: 'Name', exact: true }).getAttribute('aria-sort'), 'ascending');

    // Filtered by classification.
    await choose(admin, { Classification: 'SECRET' });
    await press(admin, 'Search');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets classified SECRET');
    assert.equal(queryOf(admin, 'tier'), 'SECRET');
    assert.deepEqual(await tableRows(admin, 'Information assets'), [['Security intelligence reports', 'HMPPS-IA-0004', 'HM Prison and Probation Service', 'Pete Turnkey', 'SECRET - PERSONAL DATA']]);

    // Filtered by unit and by owner.
    await choose(admin, { Classification: 'Any', Unit: 'Prisons' });
    await press(admin, 'Search');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets held by Prisons');
    assert.equal(queryOf(admin, 'unit'), 'HMPPS-PRISONS');
    assert.deepEqual((await tableRows(admin, 'Information assets')).map((r) => r[0]), ['Prison CCTV footage', 'Prisoner records']);
    await choose(admin, { Unit: 'All units' });
    await fillIn(admin, { 'Information Asset Owner': `pete.turnkey${D}` });
    await press(admin, 'Search');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets of one owner');
    const petes = await tableRows(admin, 'Information assets');
    assert.deepEqual(petes.map((r) => r[1]).sort(), ['HMPPS-IA-0003', 'HMPPS-IA-0004']);
    assert.ok(petes.every((r) => r[3] === 'Pete Turnkey'), JSON.stringify(petes));
    await fillIn(admin, { 'Information Asset Owner': '' });
    await choose(admin, { 'Personal data': 'No personal data' });
    await press(admin, 'Search');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets without personal data');
    const impersonal = await tableRows(admin, 'Information assets');
    assert.ok(impersonal.length >= 4 && !impersonal.some((r) => r[4]?.includes('PERSONAL DATA')), JSON.stringify(impersonal));

    // Sorted by a column heading, the filters kept.
    await follow(admin, 'Reference (sort by this)', admin.getByRole('table', { name: 'Information assets' }));
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets sorted by reference');
    assert.equal(queryOf(admin, 'sort'), 'reference');
    assert.equal(queryOf(admin, 'personalData'), 'no', 'the filter is kept');
    assert.equal(await admin.getByRole('columnheader', { name: 'Reference', exact: true }).getAttribute('aria-sort'), 'ascending');
    const references = (await tableRows(admin, 'Information assets')).map((r) => r[1]!);
    assert.deepEqual(references, [...references].sort(), 'in reference order');
    await visit(admin, server, '/information-assets?sort=tier');
    await expectPage(admin, '/information-assets', 'Information assets', 'Information assets, most protected first');
    assert.equal((await tableRows(admin, 'Information assets'))[0]?.[0], 'Security intelligence reports', 'SECRET comes first');

    // One asset, and the services that process it.
    await visit(admin, server, '/information-assets');
    await follow(admin, 'Prisoner records', admin.getByRole('table', { name: 'Information assets' }));
    await expectPage(admin, ASSET_PATH, 'Prisoner records', 'An asset');
    assert.equal(await summaryValue(admin, 'Classification'), PRISONER_RECORDS);
    assert.equal(await summaryValue(admin, 'Information Asset Owner'), 'Ellen Wing');
    assert.equal(await summaryValue(admin, 'Unit'), 'Prisons');
    assert.equal(await summaryValue(admin, 'Holds personal data'), 'Yes');
    assert.equal(await summaryValue(admin, 'Impact on confidentiality'), 'High');
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), 'HMPPS-IA-0001');
    assert.equal(await admin.getByRole('main').getByRole('link', { name: 'Prison case management system', exact: true }).count(), 1, 'the service that processes it');
    assert.equal(await admin.getByRole('main').getByRole('link', { name: 'Change Prisoner records', exact: true }).count(), 1, 'the security team may change it');

    // The classification vocabulary, and adding a descriptor refused without a meaning.
    await visit(admin, server, '/information-assets');
    await follow(admin, 'The classification vocabulary');
    await expectPage(admin, '/information-assets/classification', 'Classification vocabulary', 'Classification vocabulary');
    const tiers = await tableRows(admin, 'Tiers');
    for (const tier of ['OFFICIAL', 'SECRET', 'TOP SECRET']) assert.ok(tiers.some((r) => r[0] === tier), `${tier} is a tier: ${JSON.stringify(tiers)}`);
    assert.equal(tiers.find((r) => r[0] === 'OFFICIAL')?.[2], 'Allowed', 'OFFICIAL may be SENSITIVE');
    assert.equal(tiers.find((r) => r[0] === 'SECRET')?.[2], 'Not allowed', 'SECRET may not');
    const markings = await tableRows(admin, 'Handling instructions allowed with each marking');
    const sensitive = markings.find((r) => r[0] === 'OFFICIAL-SENSITIVE')?.[1] ?? '';
    const official = markings.find((r) => r[0] === 'OFFICIAL')?.[1] ?? '';
    assert.ok(sensitive.includes('RECIPIENTS ONLY') && !sensitive.includes('FOR PUBLIC RELEASE'), `OFFICIAL-SENSITIVE: ${sensitive}`);
    assert.ok(official.includes('FOR PUBLIC RELEASE') && !official.includes('RECIPIENTS ONLY'), `OFFICIAL: ${official}`);
    const descriptors = (await tableRows(admin, 'Descriptors')).map((r) => r[0]);
    for (const d of ['PERSONAL DATA', 'HR / MANAGEMENT', 'LEGAL PROFESSIONAL PRIVILEGE', 'LEGAL', 'MARKET SENSITIVE', 'COMMERCIAL']) assert.ok(descriptors.includes(d), `${d} is a descriptor: ${descriptors.join(', ')}`);
    await fillIn(admin, { 'Descriptor, as written in a label': 'POLICY SENSITIVE' });
    await press(admin, 'Add the descriptor');
    await expectErrors(admin, 'Adding a descriptor without its meaning', ['Enter what the descriptor means, up to 100 characters']);
    assert.equal(await admin.getByLabel('Descriptor, as written in a label', { exact: true }).inputValue(), 'POLICY SENSITIVE', 'what was typed is kept');
    expectAccessiblePages();
  });

  test('an asset with an invalid combination is refused with the rule’s message, then corrected and changed', async () => {
    await visit(admin, server, '/information-assets');
    await follow(admin, 'Add an information asset');
    await expectPage(admin, '/information-assets/new', 'Add an information asset', 'Add an asset');
    assert.ok(await isChecked(admin, 'OFFICIAL'), 'OFFICIAL is chosen at first');

    await fillIn(admin, { Name: NEW_ASSET, 'Description (optional)': 'Reports from threat intelligence feeds and partners.', 'Information Asset Owner': `lena.lantern${D}` });
    await choose(admin, { 'Unit that holds it': 'Cyber Security (MOJ-SIG-CYBER)' });
    await check(admin, 'RECIPIENTS ONLY');
    await check(admin, 'PERSONAL DATA');
    await admin.locator('input[name="personalData"][value="yes"]').check();
    await press(admin, 'Save');
    assert.equal(pathOf(admin), '/information-assets');
    await expectErrors(admin, 'OFFICIAL with RECIPIENTS ONLY', [RECIPIENTS_NEED_SENSITIVE]);
    assert.equal(await admin.locator('.govuk-error-summary').getByRole('link').count(), 1, 'only that problem');
    assert.equal(await admin.getByLabel('Name', { exact: true }).inputValue(), NEW_ASSET, 'the name is kept');
    assert.equal(await admin.getByLabel('Information Asset Owner', { exact: true }).inputValue(), `lena.lantern${D}`, 'the owner is kept');
    assert.equal(await admin.getByLabel('Unit that holds it', { exact: true }).locator('option:checked').innerText(), 'Cyber Security (MOJ-SIG-CYBER)', 'the unit is kept');
    assert.ok(await isChecked(admin, 'RECIPIENTS ONLY'), 'the instruction is kept');
    assert.ok(await isChecked(admin, 'PERSONAL DATA'), 'the descriptor is kept');
    assert.ok(!(await isChecked(admin, SENSITIVE_BOX)), 'SENSITIVE is still unticked');
    assert.match(tidy(await admin.locator('#handlingInstruction-error').innerText()), new RegExp(`${RECIPIENTS_NEED_SENSITIVE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 'the message is by the field');

    await check(admin, SENSITIVE_BOX);
    await press(admin, 'Save');
    await expectPage(admin, ASSET_PATH, NEW_ASSET, 'The new asset');
    newAssetPath = pathOf(admin);
    const label = 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA';
    assert.equal(tidy(await admin.locator('main .govuk-tag').first().innerText()), label, 'the standard label');
    assert.equal(await summaryValue(admin, 'Classification'), label);
    assert.equal(await summaryValue(admin, 'Information Asset Owner'), 'Lena Lantern');
    assert.equal(await summaryValue(admin, 'Unit'), 'Cyber Security');
    assert.match(tidy(await admin.locator('main .govuk-caption-l').innerText()), /^IA-\d{6}$/, 'a reference is given');

    // Changed: FOR PUBLIC RELEASE never goes with SENSITIVE.
    await follow(admin, `Change ${NEW_ASSET}`);
    await expectPage(admin, `${newAssetPath}/edit`, `Change ${NEW_ASSET}`, 'Change an asset');
    assert.ok(await isChecked(admin, SENSITIVE_BOX), 'the form shows the asset as it is');
    await check(admin, 'FOR PUBLIC RELEASE');
    await fillIn(admin, { 'Retention (optional)': '2 years after the threat is closed' });
    await press(admin, 'Save');
    assert.equal(pathOf(admin), newAssetPath);
    await expectErrors(admin, 'OFFICIAL-SENSITIVE with FOR PUBLIC RELEASE', ['FOR PUBLIC RELEASE cannot go with OFFICIAL-SENSITIVE']);
    assert.equal(await admin.getByLabel('Retention (optional)', { exact: true }).inputValue(), '2 years after the threat is closed', 'what was typed is kept');
    await check(admin, 'HMG USE ONLY');
    await press(admin, 'Save');
    await expectPage(admin, newAssetPath, NEW_ASSET, 'The changed asset');
    assert.equal(await summaryValue(admin, 'Classification'), 'OFFICIAL-SENSITIVE - HMG USE ONLY - PERSONAL DATA');
    assert.equal(await summaryValue(admin, 'Retention'), '2 years after the threat is closed');
    expectAccessiblePages();
  });

  test('an Information Asset Owner changes their own asset’s description but is refused another asset', async () => {
    const iao = await inviteAndSignIn(admin, server, TARIQ);

    await visit(iao, server, `/information-assets?owner=${encodeURIComponent(TARIQ.email)}`);
    await expectPage(iao, '/information-assets', 'Information assets', 'Information assets, for their owner');
    assert.equal(await iao.getByRole('main').getByRole('link', { name: 'Add an information asset' }).count(), 0, 'an owner adds no assets');
    assert.deepEqual((await tableRows(iao, 'Information assets')).map((r) => r[0]), ['Staff HR records']);
    await follow(iao, 'Staff HR records', iao.getByRole('table', { name: 'Information assets' }));
    await expectPage(iao, ASSET_PATH, 'Staff HR records', 'Their own asset');
    const own = pathOf(iao);
    await follow(iao, 'Change Staff HR records');
    await expectPage(iao, `${own}/edit`, 'Change Staff HR records', 'Changing their own asset');
    assert.ok((await mainText(iao)).includes('As its Information Asset Owner you can change this asset’s details.'), 'the owner is told what they may change');
    assert.equal(await iao.getByLabel('Unit that holds it', { exact: true }).count(), 0, 'no unit field for the owner');
    const description = 'Personnel files for headquarters staff; reviewed by the IAO in May 2026.';
    await fillIn(iao, { 'Description (optional)': description });
    await press(iao, 'Save');
    await expectPage(iao, own, 'Staff HR records', 'Their own asset, changed');
    assert.equal(await summaryValue(iao, 'Description'), description);
    assert.equal(await summaryValue(iao, 'Information Asset Owner'), TARIQ.name, 'they are still its owner');
    assert.equal(await summaryValue(iao, 'Classification'), 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA - HR / MANAGEMENT', 'its classification is unchanged');

    await visit(iao, server, '/information-assets?search=MOJ-IA-0002');
    await follow(iao, 'Payroll', iao.getByRole('table', { name: 'Information assets' }));
    await expectPage(iao, ASSET_PATH, 'Payroll', 'Another owner’s asset');
    const other = pathOf(iao);
    assert.equal(await iao.getByRole('main').getByRole('link', { name: 'Change Payroll' }).count(), 0, 'no link to change it');
    assert.equal(await visit(iao, server, `${other}/edit`), 403);
    await expectPage(iao, `${other}/edit`, FORBIDDEN, 'Another owner’s asset refused');

    await visit(admin, server, own);
    assert.equal(await summaryValue(admin, 'Description'), description, 'the administrator sees the change');
    expectAccessiblePages();
  });

  test('services show derived classifications and required controls; linking an asset changes both', async () => {
    await visit(admin, server, '/technology-services');
    await expectPage(admin, '/technology-services', 'Technology services', 'Technology services');
    const rows = await tableRows(admin, 'Technology services');
    assert.ok(rows.length >= 9, `the example's services: ${rows.length}`);
    const row = (reference: string) => rows.find((r) => r[0] === reference);
    assert.deepEqual(row('SVC-0001')?.slice(0, 6), ['SVC-0001', 'Prison case management system', 'Prisons', 'Ellen Wing', 'SECRET - MOJ USE ONLY - PERSONAL DATA', 'Critical']);
    assert.equal(row('SVC-0002')?.[4], 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA');
    assert.equal(row('SVC-0007')?.[4], 'OFFICIAL', 'the intranet holds only OFFICIAL news');

    await choose(admin, { 'Derived classification': 'SECRET' });
    await press(admin, 'Search');
    await expectPage(admin, '/technology-services', 'Technology services', 'Technology services processing SECRET');
    assert.deepEqual((await tableRows(admin, 'Technology services')).map((r) => r[0]), ['SVC-0001']);

    await follow(admin, 'Prison case management system', admin.getByRole('table', { name: 'Technology services' }));
    await expectPage(admin, SERVICE_PATH, 'Prison case management system', 'A service');
    assert.equal(await summaryValue(admin, 'Classification (derived)'), 'SECRET - MOJ USE ONLY - PERSONAL DATA');
    assert.equal(await summaryValue(admin, 'Technology Service Owner'), `Ellen Wing (ellen.wing${D})`);
    assert.equal(await summaryValue(admin, 'Senior Responsible Officer'), `Nadia Bolt (nadia.bolt${D})`);
    assert.equal(await summaryValue(admin, 'Criticality'), 'Critical');
    const assets = await tableRows(admin, 'Information assets the service stores or processes');
    assert.deepEqual(assets, [
      ['HMPPS-IA-0001', 'Prisoner records', PRISONER_RECORDS],
      ['HMPPS-IA-0004', 'Security intelligence reports', 'SECRET - PERSONAL DATA'],
    ]);
    const required = await tableRows(admin, 'Required by baselines');
    const control = (code: string) => required.find((r) => r[0]?.startsWith(`${code} `));
    assert.deepEqual(required.map((r) => r[0]!.split(' ')[0]), ['CTL-ACC-01', 'CTL-BCK-01', 'CTL-CRY-01', 'CTL-LOG-01', 'CTL-PPL-02', 'CTL-PRC-01', 'CTL-PRC-03', 'CTL-VUL-01'], 'the controls of every baseline that applies');
    assert.equal(control('CTL-ACC-01')?.[1], 'Every technology service');
    assert.match(control('CTL-ACC-01')?.[2] ?? '', /^Implemented/);
    assert.equal(control('CTL-ACC-01')?.[3], 'Ellen Wing');
    assert.equal(control('CTL-ACC-01')?.[5], '1', 'one piece of evidence');
    assert.ok(control('CTL-LOG-01')?.[1]?.includes('Critical services') && control('CTL-LOG-01')?.[1]?.includes('SECRET services'), `CTL-LOG-01 is required twice over: ${control('CTL-LOG-01')?.[1]}`);
    assert.match(control('CTL-LOG-01')?.[2] ?? '', /^Partial/);
    assert.match(control('CTL-VUL-01')?.[2] ?? '', /^Record/, 'what is not recorded can be recorded');

    // The administrator links another asset, by reference, to the intranet.
    await visit(admin, server, '/technology-services?search=SVC-0007');
    await follow(admin, INTRANET, admin.getByRole('table', { name: 'Technology services' }));
    await expectPage(admin, SERVICE_PATH, INTRANET, 'The intranet');
    intranetPath = pathOf(admin);
    assert.equal(await summaryValue(admin, 'Classification (derived)'), 'OFFICIAL');
    assert.equal(await summaryValue(admin, 'Personal data'), 'No');
    const before = (await tableRows(admin, 'Required by baselines')).map((r) => r[0]!.split(' ')[0]);
    assert.deepEqual(before, ['CTL-ACC-01', 'CTL-PRC-01', 'CTL-VUL-01'], 'every service’s baseline only');

    await follow(admin, `Change this service (${INTRANET})`);
    await expectPage(admin, `${intranetPath}/edit`, `Change ${INTRANET}`, 'Change a service');
    assert.equal(await admin.getByLabel('Information assets (optional)', { exact: true }).inputValue(), 'MOJ-IA-0003');
    await fillIn(admin, { 'Information assets (optional)': 'MOJ-IA-0003, MOJ-IA-9999' });
    await press(admin, 'Save');
    await expectErrors(admin, 'Linking an asset that does not exist', ['MOJ-IA-9999 is not an information asset reference']);
    assert.equal(await admin.getByLabel('Information assets (optional)', { exact: true }).inputValue(), 'MOJ-IA-0003, MOJ-IA-9999', 'what was typed is kept');
    await fillIn(admin, { 'Information assets (optional)': 'MOJ-IA-0003, MOJ-IA-0006' });
    await press(admin, 'Save');
    await expectPage(admin, intranetPath, INTRANET, 'The intranet with another asset');
    assert.equal(await summaryValue(admin, 'Classification (derived)'), 'OFFICIAL-SENSITIVE - MOJ USE ONLY - PERSONAL DATA', 'the label is derived again');
    assert.equal(await summaryValue(admin, 'Personal data'), 'Yes: at least one asset holds personal data');
    assert.deepEqual((await tableRows(admin, 'Information assets the service stores or processes')).map((r) => r[0]), ['MOJ-IA-0003', 'MOJ-IA-0006']);
    const after = await tableRows(admin, 'Required by baselines');
    assert.deepEqual(after.map((r) => r[0]!.split(' ')[0]), ['CTL-ACC-01', 'CTL-CRY-01', 'CTL-LOG-01', 'CTL-PRC-01', 'CTL-PRC-02', 'CTL-VUL-01'], 'the OFFICIAL-SENSITIVE personal data baseline now applies');
    assert.equal(after.find((r) => r[0]?.startsWith('CTL-CRY-01 '))?.[1], 'OFFICIAL-SENSITIVE personal data');

    await visit(admin, server, '/technology-services?search=SVC-0007');
    await expectPage(admin, '/technology-services', 'Technology services', 'Technology services after linking');
    assert.equal((await tableRows(admin, 'Technology services'))[0]?.[4], 'OFFICIAL-SENSITIVE - MOJ USE ONLY - PERSONAL DATA', 'the list shows the new label');
    expectAccessiblePages();
  });

  test('the control catalogue, a control, and baselines added and changed', async () => {
    await visit(admin, server, '/controls');
    await expectPage(admin, '/controls', 'Controls', 'Controls');
    const catalogue = await tableRows(admin, 'Controls');
    assert.ok(catalogue.length >= 12, `the example's controls: ${catalogue.length}`);
    assert.deepEqual(catalogue.find((r) => r[0] === 'CTL-ACC-01')?.slice(0, 4), ['CTL-ACC-01', 'Multi-factor authentication', 'Technology', 'Amie Alekna']);
    await choose(admin, { Kind: 'People' });
    await press(admin, 'Search');
    await expectPage(admin, '/controls', 'Controls', 'People controls');
    assert.deepEqual((await tableRows(admin, 'Controls')).map((r) => r[0]), ['CTL-PPL-01', 'CTL-PPL-02', 'CTL-PPL-03']);

    await visit(admin, server, '/controls');
    await follow(admin, 'CTL-ACC-01', admin.getByRole('table', { name: 'Controls' }));
    await expectPage(admin, UUID_PATH('/controls'), 'CTL-ACC-01 Multi-factor authentication', 'A control');
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), 'Technology control');
    assert.equal(await summaryValue(admin, 'Owner'), 'Amie Alekna');
    const text = await mainText(admin);
    assert.ok(text.includes('Implemented: 2'), `two services have implemented it:\n${text}`);
    const places = await tableRows(admin, 'Implementations of CTL-ACC-01');
    assert.deepEqual(places.map((r) => r[0]).sort(), ['Common Platform', 'Prison case management system']);
    assert.ok(places.every((r) => r[1] === 'Implemented'), JSON.stringify(places));
    assert.ok((await admin.locator('main h2:has-text("Requirements it meets") + ul li').count()) >= 1, 'it meets a requirement of the strategic policy');

    await visit(admin, server, '/controls');
    await follow(admin, 'Baselines');
    await expectPage(admin, '/baselines', 'Baselines', 'Baselines');
    for (const name of ['Every technology service', 'OFFICIAL-SENSITIVE personal data', 'Critical services', 'SECRET services']) {
      assert.equal(await admin.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }).count(), 1, `the baseline ${name}`);
    }
    await follow(admin, 'Add a baseline');
    await expectPage(admin, '/baselines/new', 'Add a baseline', 'Add a baseline');
    await press(admin, 'Save');
    await expectErrors(admin, 'Add a baseline with errors', ['Enter a code of capital letters, digits and hyphens, such as BL-OS-PD', 'Enter the baseline’s name', 'Enter the codes of the controls the baseline requires']);
    await fillIn(admin, { Code: 'BL-MARKET', Name: 'Market sensitive information', 'Controls it requires': 'CTL-PRC-04, CTL-NOPE-01' });
    await choose(admin, { Descriptor: 'MARKET SENSITIVE' });
    await press(admin, 'Save');
    await expectErrors(admin, 'Add a baseline naming an unknown control', ['CTL-NOPE-01 is not the code of a control']);
    await fillIn(admin, { 'Controls it requires': 'CTL-PRC-04' });
    await press(admin, 'Save');
    await expectPage(admin, '/baselines', 'Baselines', 'Baselines with the new one');
    assert.equal(await admin.getByRole('heading', { level: 2, name: /^Market sensitive information/ }).count(), 1);

    await follow(admin, 'Change the baseline Market sensitive information');
    await expectPage(admin, /^\/baselines\/[0-9a-f-]{36}\/edit$/, 'Change baseline BL-MARKET', 'Change a baseline');
    assert.equal(await admin.getByLabel('Controls it requires', { exact: true }).inputValue(), 'CTL-PRC-04');
    assert.equal(await admin.getByLabel('Descriptor', { exact: true }).locator('option:checked').innerText(), 'MARKET SENSITIVE');
    await fillIn(admin, { Name: 'Market sensitive statistics', 'Controls it requires': 'CTL-PRC-04, CTL-ACC-01' });
    await press(admin, 'Save');
    await expectPage(admin, '/baselines', 'Baselines', 'Baselines with the changed one');
    const section = admin.locator('main h2', { hasText: 'Market sensitive statistics' });
    assert.equal(await section.count(), 1, 'the new name');
    const listed = (await admin.locator('main h2:has-text("Market sensitive statistics") ~ ul').first().locator('li').allInnerTexts()).map(tidy);
    assert.deepEqual(listed, ['CTL-ACC-01 Multi-factor authentication', 'CTL-PRC-04 Information classification and handling']);
    expectAccessiblePages();
  });

  test('a control implementation is recorded with link and file evidence; not applicable needs a reason', async () => {
    assert.ok(intranetPath, 'the intranet was found by an earlier journey');
    await visit(admin, server, intranetPath);
    await expectPage(admin, intranetPath, INTRANET, 'The intranet’s controls');
    await follow(admin, `Record CTL-VUL-01 for ${INTRANET}`);
    await expectPage(admin, '/control-implementations/new', `Record Vulnerability scanning and patching for ${INTRANET}`, 'Record an implementation');
    assert.ok(await isChecked(admin, 'Not started'), 'not started at first');
    await check(admin, 'Partial');
    await fillIn(admin, { 'Owner (optional)': `nobody${D}` });
    await press(admin, 'Save');
    await expectErrors(admin, 'Record an implementation with an unknown owner', [`No one in the people register has the email or staff number nobody${D}`]);
    assert.ok(await isChecked(admin, 'Partial'), 'the status is kept');
    await fillIn(admin, { 'Owner (optional)': `mei.anchor${D}` });
    await press(admin, 'Save');
    await expectPage(admin, IMPLEMENTATION_PATH, INTRANET, 'The recorded implementation');
    const implementationPath = pathOf(admin);
    assert.equal(tidy(await admin.locator('main .govuk-caption-l').innerText()), 'CTL-VUL-01 Vulnerability scanning and patching');
    assert.equal(await summaryValue(admin, 'Status'), 'Partial');
    assert.equal(await summaryValue(admin, 'Owner'), 'Mei Anchor');
    assert.equal(await summaryValue(admin, 'Date of the status'), londonToday());
    assert.ok((await mainText(admin)).includes('No evidence yet.'));

    // Evidence: refused without its details, then a link, then a file.
    await press(admin, 'Add evidence');
    await expectErrors(admin, 'Evidence without its details', ['Enter a web address starting with https:// or http://', 'Enter the date by which to review the evidence as YYYY-MM-DD']);
    const link = 'https://security-guidance.example.justice.gov.uk/scans/intranet';
    await check(admin, 'A link');
    await fillIn(admin, { 'Web address': link, 'Review by': isoDay(90) });
    await press(admin, 'Add evidence');
    await expectPage(admin, implementationPath, INTRANET, 'The implementation with a link');
    assert.equal(new URL(admin.url()).hash, '#evidence');

    const file = await fileToUpload('intranet-scan-summary.txt', EVIDENCE_TEXT);
    await check(admin, 'A file');
    await admin.getByLabel('File', { exact: true }).setInputFiles(file);
    await fillIn(admin, { Note: 'The scanner’s summary for the week.', 'Review by': isoDay(30) });
    await press(admin, 'Add evidence');
    await expectPage(admin, implementationPath, INTRANET, 'The implementation with a file');
    const evidence = await tableRows(admin, 'Evidence');
    assert.equal(evidence.length, 2, JSON.stringify(evidence));
    assert.equal(evidence.find((r) => r[0] === link)?.[1], isoDay(90), `the link with its review date: ${JSON.stringify(evidence)}`);
    assert.match(evidence.find((r) => r[0]?.startsWith('intranet-scan-summary.txt'))?.[0] ?? '', /^intranet-scan-summary\.txt \(\d+ bytes\) The scanner’s summary for the week\.$/, JSON.stringify(evidence));
    assert.ok(evidence.every((r) => r[2]?.startsWith('Administrator')), `added by the administrator: ${JSON.stringify(evidence)}`);

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'intranet-scan-summary.txt', exact: true }).click()]);
    assert.equal(download.suggestedFilename(), 'intranet-scan-summary.txt');
    assert.deepEqual(await readFile(await download.path()), Buffer.from(EVIDENCE_TEXT, 'utf8'), 'the same bytes come back');

    await visit(admin, server, intranetPath);
    await expectPage(admin, intranetPath, INTRANET, 'The intranet with a recorded control');
    const vul = (await tableRows(admin, 'Required by baselines')).find((r) => r[0]?.startsWith('CTL-VUL-01 '));
    assert.match(vul?.[2] ?? '', /^Partial/);
    assert.deepEqual(vul?.slice(3), ['Mei Anchor', londonToday(), '2']);

    // Another control marked not applicable: refused without a reason.
    await follow(admin, `Record CTL-ACC-01 for ${INTRANET}`);
    await expectPage(admin, '/control-implementations/new', `Record Multi-factor authentication for ${INTRANET}`, 'Record another implementation');
    await check(admin, 'Not applicable');
    await press(admin, 'Save');
    await expectErrors(admin, 'Not applicable without a reason', ['Say why the control does not apply']);
    assert.ok(await isChecked(admin, 'Not applicable'), 'the status is kept');
    await fillIn(admin, { 'Why it does not apply': 'Staff reach the intranet only through Microsoft 365 sign-in, which enforces MFA.' });
    await press(admin, 'Save');
    await expectPage(admin, IMPLEMENTATION_PATH, INTRANET, 'Not applicable, with a reason');
    assert.equal(await summaryValue(admin, 'Status'), 'Not applicable');
    assert.equal(await summaryValue(admin, 'Why it does not apply'), 'Staff reach the intranet only through Microsoft 365 sign-in, which enforces MFA.');

    // Changing the status on the implementation page to not applicable, without a reason, is refused too.
    await visit(admin, server, implementationPath);
    await check(admin, 'Not applicable');
    await press(admin, 'Save the status');
    assert.equal(pathOf(admin), implementationPath);
    await expectErrors(admin, 'Changing the status to not applicable without a reason', ['Say why the control does not apply']);
    await visit(admin, server, implementationPath);
    assert.equal(await summaryValue(admin, 'Status'), 'Partial', 'the status is unchanged');
    expectAccessiblePages();
  });

  test('the assets import’s dry run reports the bad row and writes nothing; the export downloads', async () => {
    await visit(admin, server, '/information-assets');
    await follow(admin, 'Import information assets from a CSV file');
    await expectPage(admin, '/information-assets/import', 'Import information assets from a CSV file', 'Import page');
    const dryRun = admin.getByLabel('Check the file only: do not change anything', { exact: true });
    assert.ok(await dryRun.isChecked(), 'the import checks the file only unless told otherwise');
    await press(admin, 'Upload');
    await expectErrors(admin, 'Import with no file', ['Choose a CSV file to upload']);

    const csv = await fileToUpload(
      'assets.csv',
      [
        'reference,name,unit,information asset owner,classification,personal data',
        `E2E-IA-0001,Visitor logs,MOJ-SIG-CYBER,sam.beacon${D},OFFICIAL,no`,
        `E2E-IA-0002,Partner briefings,MOJ-SIG-CYBER,sam.beacon${D},OFFICIAL - RECIPIENTS ONLY,no`,
        '',
      ].join('\n'),
    );
    await dryRun.check();
    await admin.getByLabel('CSV file (UTF-8)', { exact: true }).setInputFiles(csv);
    await press(admin, 'Upload');
    await expectPage(admin, '/information-assets/import', 'The file has errors', 'Import: a dry run with a bad row');
    assert.ok((await mainText(admin)).includes('Nothing was changed.'));
    const problems = await tableRows(admin, 'Problems in the file');
    assert.deepEqual(problems, [['3', 'classification', RECIPIENTS_NEED_SENSITIVE]], 'only the bad row, by line and column');

    await visit(admin, server, '/information-assets?search=E2E-IA');
    await expectPage(admin, '/information-assets', 'Information assets', 'Nothing imported');
    assert.equal(await matchCount(admin), 0, 'neither row was written');
    assert.ok((await mainText(admin)).includes('No assets match.'));

    await visit(admin, server, '/information-assets');
    const total = await matchCount(admin);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download these assets as CSV', exact: true }).click()]);
    assert.equal(download.suggestedFilename(), 'information-assets.csv');
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
    assert.equal(lines[0], ASSET_CSV_HEADER, 'the header row is the import’s columns');
    assert.equal(lines.length, total + 1, 'a line for each asset');
    const prisoners = lines.find((l) => l.includes(',HMPPS-IA-0001,'));
    assert.ok(prisoners?.includes(`,Prisoner records,`) && prisoners.includes(`,HMPPS-PRISONS,ellen.wing${D},${PRISONER_RECORDS},`), `the prisoner records line: ${prisoners}`);
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    // The journey runs with JavaScript really off; axe-core needs JavaScript, so it runs again, checked
    // by axe, in a browser whose pages have had their scripts removed.
    async function recordNotApplicable(page: Page, code: string, title: string, axe: boolean): Promise<void> {
      await visit(page, server, intranetPath);
      await expectPage(page, intranetPath, INTRANET, `The intranet (${code})`, { axe });
      await follow(page, `Record ${code} for ${INTRANET}`);
      await expectPage(page, '/control-implementations/new', `Record ${title} for ${INTRANET}`, `Record ${code}`, { axe });
      // Without JavaScript the reason box shows whatever status is chosen: a reason with another status is refused.
      assert.ok(await page.getByLabel('Why it does not apply', { exact: true }).isVisible(), 'the reason box is shown');
      await check(page, 'Implemented');
      await fillIn(page, { 'Why it does not apply': 'Handled by the hosting platform team for every service.' });
      await press(page, 'Save');
      await expectErrors(page, `Record ${code}: a reason with implemented`, ['A reason goes only with "not applicable": remove it, or choose not applicable'], { axe });
      await check(page, 'Not applicable');
      await press(page, 'Save');
      // Playwright routes only the first request of a redirect, so the page a post redirects to arrives
      // with its scripts: loaded again, it is checked as it renders without them.
      if (axe) await page.reload({ waitUntil: 'load' });
      await expectPage(page, IMPLEMENTATION_PATH, INTRANET, `${code}: not applicable`, { axe });
      if (axe) assert.equal(await page.locator('input[aria-expanded]').count(), 0, 'no page script ran');
      assert.equal(await summaryValue(page, 'Status'), 'Not applicable');
      assert.equal(await summaryValue(page, 'Why it does not apply'), 'Handled by the hosting platform team for every service.');
    }

    test('a control implementation is recorded with JavaScript off', async () => {
      assert.ok(intranetPath, 'the intranet was found by an earlier journey');
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await recordNotApplicable(page, 'CTL-PRC-01', 'Joiners, movers and leavers', false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
      expectAccessiblePages();
    });

    test('the same pages, without their scripts, pass axe', async () => {
      assert.ok(intranetPath, 'the intranet was found by an earlier journey');
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await recordNotApplicable(page, 'CTL-PRC-02', 'Supplier security assurance', true);
      expectAccessiblePages();
    });
  });
});
