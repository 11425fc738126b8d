// The supplier's questionnaire link in real Chromium (issue [09]): the administrator starts an assessment
// of a supplier and makes a link, shown once; the supplier, signed out in a browser of their own, opens
// it, finds no way into the rest of Custodian, submits too early and is told what is missing, answers and
// submits; the link then no longer works, and neither does one that expired. The administrator sees the
// supplier's answers and the deviations they raised. Every page passes axe-core (WCAG 2.2 AA).
//
// The suppliers, the questionnaire and an expired link are put in the database before the server starts,
// through the same services: the register of suppliers has its own journey.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/access/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { openRuntime } from '../../src/runtime.ts';
import { firstRunSetup } from '../../src/setup/first-run.ts';
import { choose, createJourney, follow, mainText, press, summaryValue, visit } from './support/journey.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer } from './support/server.ts';

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, expectPage, expectErrors, expectAccessiblePages } = journey;
const QUESTIONNAIRE = new URL('../../src/example/moj/supplier-questionnaire.yaml', import.meta.url);
const TITLE = 'Supplier security risk assessment';
const DAY_MS = 86_400_000;
/** Where a supplier's page may lead: the skip link, GOV.UK, the licence notices, the accessibility statement and the privacy notice. */
const ALLOWED_LINK = /^(#main-content|https:\/\/www\.gov\.uk\/|https:\/\/www\.nationalarchives\.gov\.uk\/.*|\/accessibility|\/privacy)$/;

let server: RunningServer;
let admin: Page;
let dataDir: string | undefined;
let supplierName = '';
let expiredLink = '';
let supplierId = '';

/** Prepares the database the server will open: setup, a unit, two suppliers, the questionnaire, and a link that expired. */
async function prepare(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, CUSTODIAN_EXAMPLE: 'none', CUSTODIAN_ADMIN_EMAIL: ADMIN_EMAIL, CUSTODIAN_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'silent' });
  const clock = fixedClock(new Date(Date.now() - 20 * DAY_MS));
  const runtime = await openRuntime(config, { clock, log: { info: () => undefined, error: () => undefined } });
  try {
    await firstRunSetup(runtime.database.db, config, clock);
    const db = runtime.database.db;
    const suffix = randomBytes(3).toString('hex').toUpperCase();
    // Under the top of the tree, where the administrator's role is granted.
    const top = await db.selectFrom('organisation_units').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirstOrThrow();
    const unit = await db.insertInto('organisation_units').values({ code: `E2E-SUP-${suffix}`, name: 'Commercial and contracts', unit_type: 'business_area', parent_id: top.id }).returning('id').executeTakeFirstOrThrow();
    supplierName = `Northgate Guarding ${suffix} Ltd`;
    supplierId = (await db.insertInto('suppliers').values({ reference: `SUP-E2E-${suffix}`, name: supplierName, unit_id: unit.id, contact_email: 'security@northgate.example' }).returning('id').executeTakeFirstOrThrow()).id;
    const late = await db.insertInto('suppliers').values({ reference: `SUP-E2E-${suffix}-2`, name: `Latecomer ${suffix} Ltd`, unit_id: unit.id }).returning('id').executeTakeFirstOrThrow();
    const actor = systemActor('journey setup');
    const loaded = await runtime.services.questionnaires.importFile(actor, { fileName: 'supplier-questionnaire.yaml', text: await readFile(QUESTIONNAIRE, 'utf8') });
    const assessment = await runtime.services.supplierAssessments.start(actor, { supplierId: late.id, questionnaireId: loaded.id });
    // Sent twenty days ago for fourteen: expired now.
    expiredLink = new URL((await runtime.services.supplierAssessments.links.send(actor, assessment, { sentTo: 'late@latecomer.example' })).link).pathname;
  } finally {
    await runtime.close();
  }
}

/** Every link on the page, as its href. */
const linksOn = (page: Page): Promise<string[]> => page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));

async function answer(page: Page, key: string, choice: 'Yes' | 'No' | 'Not applicable'): Promise<void> {
  await page.getByRole('group', { name: new RegExp(`^${key} `) }).getByLabel(choice, { exact: true }).check();
}

before(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL?.trim();
  dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'custodian-e2e-suppliers-'));
  const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { CUSTODIAN_DATA_DIR: join(dataDir!, 'data') };
  await prepare(env);
  ({ server, admin } = await journey.start({ example: 'none', env }));
});
after(async () => {
  await journey.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a supplier answers its questionnaire through a link', () => {
  let link = '';

  test('the administrator starts an assessment and makes a link, shown once', async () => {
    await visit(admin, server, `/supplier-assessments/new?supplier=${supplierId}`);
    await expectPage(admin, '/supplier-assessments/new', `Assess ${supplierName}`, 'the new assessment form');
    await choose(admin, { Questionnaire: `${TITLE} (version 2021.1, 20 questions)` });
    await press(admin, 'Start the assessment');
    await expectPage(admin, /^\/supplier-assessments\/[0-9a-f-]{36}$/, `Security risk assessment of ${supplierName}`, 'the assessment');
    assert.equal(await summaryValue(admin, 'Status'), 'In progress');
    assert.equal(await admin.getByLabel('Supplier contact’s email address', { exact: true }).inputValue(), 'security@northgate.example');
    await press(admin, 'Create link');
    await expectPage(admin, /^\/supplier-assessments\/[0-9a-f-]{36}\/links$/, 'Link created', 'the link, shown once');
    link = (await admin.locator('main .custodian-secret').innerText()).trim();
    assert.match(link, /\/supplier-questionnaire\/[A-Za-z0-9_-]{43}$/);
    expectAccessiblePages();
  });

  test('signed out, the supplier sees only the questionnaire, is told what is missing, and submits', async () => {
    const supplier = await newBrowser();
    await supplier.goto(link);
    await expectPage(supplier, new URL(link).pathname, TITLE, 'the supplier opens the link');
    assert.match(await mainText(supplier), new RegExp(`For ${supplierName}`));
    const outside = (await linksOn(supplier)).filter((href) => !ALLOWED_LINK.test(href));
    assert.deepEqual(outside, [], 'no link leads into the rest of Custodian');
    assert.equal(await supplier.locator('.govuk-service-navigation__link').count(), 0, 'no navigation and no sign-in link');

    await answer(supplier, 'GOV-01', 'Yes');
    await press(supplier, 'Submit your answers');
    await expectErrors(supplier, 'submitted too early', ['Answer GOV-02: yes, no or not applicable', 'Answer INC-01: yes, no or not applicable']);
    assert.ok(await supplier.getByRole('group', { name: /^GOV-01 / }).getByLabel('Yes', { exact: true }).isChecked(), 'the answer given is kept');

    const keys = await supplier.locator('main fieldset legend').allInnerTexts();
    for (const legend of keys) {
      const key = legend.trim().split(' ')[0]!;
      // Two answers fall short, and one question does not apply (with the reason it needs).
      if (key === 'TEC-03' || key === 'GOV-02') await answer(supplier, key, 'No');
      else if (key === 'GOV-06') {
        await answer(supplier, key, 'Not applicable');
        await supplier.getByLabel(`Comment on ${key} (optional; say why if it does not apply)`, { exact: true }).fill('We use no subcontractors.');
      } else if (key === 'TEC-06') await answer(supplier, key, 'No');
      else await answer(supplier, key, 'Yes');
    }
    await press(supplier, 'Submit your answers');
    await expectPage(supplier, '/supplier-questionnaire/submitted', 'Answers submitted', 'the answers are in');

    const again = await visit(supplier, server, new URL(link).pathname);
    assert.equal(again, 404);
    await expectPage(supplier, new URL(link).pathname, 'This link no longer works', 'the used link');
    assert.deepEqual((await linksOn(supplier)).filter((href) => !ALLOWED_LINK.test(href)), []);

    assert.equal(await visit(supplier, server, expiredLink), 404);
    await expectPage(supplier, expiredLink, 'This link no longer works', 'an expired link');
    expectAccessiblePages();
  });

  test('the administrator sees the supplier’s answers and the deviations they raised', async () => {
    await follow(admin, 'Back to the assessment');
    await expectPage(admin, /^\/supplier-assessments\/[0-9a-f-]{36}$/, `Security risk assessment of ${supplierName}`, 'the answered assessment');
    assert.equal(await summaryValue(admin, 'Status'), 'Answered');
    assert.equal(await summaryValue(admin, 'Answered by'), 'The supplier, through its link');
    const text = await mainText(admin);
    assert.match(text, /GOV-02: .* Answered “no”; “yes” is required\./);
    assert.match(text, /TEC-03: .* Answered “no”; “yes” is required\./);
    await press(admin, 'Complete the assessment');
    await expectErrors(admin, 'completing with unlinked deviations', ['Link this deviation to a risk before completing the assessment: GOV-02']);
    expectAccessiblePages();
  });
});
