// The training pages in real Chromium: the administrator adds the mandatory course (a form with
// mistakes first), records a completion by hand, checks a learning-system file on the upload page,
// and reads completion by unit with its chart, a unit's people and a person's training. Every page a
// person sees here passes axe-core (WCAG 2.2 AA).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createJourney, fillIn, follow, isoDay, mainText, press, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const D = '@example.justice.gov.uk';
const journey = createJourney({ axe: 'each-page' });
const { fileToUpload, expectPage, expectErrors } = journey;

describe('the training pages in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  after(journey.end);

  test('the catalogue: a course form with mistakes, then the mandatory course added', async () => {
    await visit(admin, server, '/training/courses/new');
    await expectPage(admin, '/training/courses/new', 'Add a course', 'Add a course');
    await fillIn(admin, { Code: '', 'Months a completion lasts': '0' });
    await press(admin, 'Save course');
    await expectErrors(admin, 'Course form with mistakes', ['Enter a code of letters, digits and hyphens, such as SEC-ANNUAL', 'Enter the course title', 'Enter how many months a completion lasts, from 1 to 120']);
    await fillIn(admin, { Code: 'E2E-ANNUAL', Title: 'Responsible for information (e2e)', 'Months a completion lasts': '12' });
    await admin.getByLabel('Everyone (mandatory)', { exact: true }).check();
    await press(admin, 'Save course');
    await expectPage(admin, '/training/courses', 'Training courses', 'Course catalogue');
    assert.match(await mainText(admin), /Responsible for information \(e2e\)/);
  });

  test('a completion recorded by hand, and a file checked on the upload page', async () => {
    await visit(admin, server, '/training/record');
    await expectPage(admin, '/training/record', 'Record a completion', 'Record a completion');
    await fillIn(admin, { Person: `amie.alekna${D}`, 'Completed on': isoDay(-10) });
    await admin.getByLabel('Course', { exact: true }).selectOption('E2E-ANNUAL');
    await press(admin, 'Record completion');
    assert.match(await mainText(admin), /Completion recorded/);

    await visit(admin, server, '/training/import');
    await expectPage(admin, '/training/import', 'Import training completions from a CSV file', 'Upload page');
    const file = await fileToUpload('training.csv', `staff number,email,course,completed on\n,amie.alekna${D},E2E-ANNUAL,2026-02-30\n,nobody${D},E2E-ANNUAL,2026-01-01\n`);
    await admin.getByLabel('CSV file (UTF-8)').setInputFiles(file);
    await press(admin, 'Upload');
    await expectPage(admin, '/training/import', 'The file has errors', 'Import report');
    assert.match(await mainText(admin), /No one in the people register has the email nobody/);
  });

  test('completion by unit with its chart, a unit and a person', async () => {
    await visit(admin, server, '/training');
    await expectPage(admin, '/training', 'Training', 'Training overview');
    assert.ok(await admin.locator('main svg[role="img"]').count() > 0, 'the agency chart');
    await follow(admin, /\(MOJ\)|\(HQ\)|\(/);
    await expectPage(admin, /^\/training\/units\//, /^Training in /, 'A unit’s people');
    const person = admin.locator('main table a').first();
    if (await person.count()) {
      await follow(admin, (await person.innerText()).trim());
      await expectPage(admin, /^\/training\/people\//, /^Training: /, 'A person’s training');
    }
  });
});
