// "My work" in real Chromium (issue 13) over the MoJ example: the administrator follows the home page's
// link to their dated duties (the example's mandatory course, never done by the administrator created
// at first run, is due), filters them by kind through the GET form, and the same works with JavaScript
// off. Every page passes axe-core (WCAG 2.2 AA).
//
// Sign-in posts share a limit per address: this file makes 3 (one per browser).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, createJourney, follow, mainText, press, queryOf, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const journey = createJourney({ axe: 'at-the-end' });
const { newBrowser, signInAdministrator, expectPage, expectAccessiblePages, forgetAxeFailures } = journey;
const COURSE = 'Complete the training course Responsible for Information';

/** From the home page to my work, then narrowed to training and back to every kind. */
async function readMyWork(page: Page, server: RunningServer, axe: boolean): Promise<void> {
  await visit(page, server, '/');
  await follow(page, 'My work');
  await expectPage(page, '/my-work', 'My work', 'My work, every kind', { axe });
  const text = await mainText(page);
  assert.match(text, /Due today or this week: \d+|Overdue: \d+/, 'the groups are summarised with links');
  const week = await tableRows(page, /^Due today or this week/);
  const course = week.find((r) => r[0] === COURSE);
  assert.ok(course, `the mandatory course is due this week: ${JSON.stringify(week)}`);
  assert.equal(course[1], 'Training');
  assert.match(course[2] ?? '', /due today/);

  await choose(page, { 'Kind of duty': 'Training' });
  await press(page, 'Filter');
  await expectPage(page, '/my-work', 'My work', 'My work, training only', { axe });
  assert.equal(queryOf(page, 'kind'), 'training');
  const kinds = new Set((await tableRows(page, /^Due/)).map((r) => r[1]));
  assert.deepEqual([...kinds], ['Training'], 'only training is listed');

  await choose(page, { 'Kind of duty': 'All kinds' });
  await press(page, 'Filter');
  await expectPage(page, '/my-work', 'My work', 'My work, every kind again', { axe });
  await follow(page, COURSE);
  await expectPage(page, /^\/training\/people\/[0-9a-f-]{36}$/, /.+/, 'The duty’s link leads to the person’s training', { axe });
}

describe('my work in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('the administrator reads their dated duties from the home page and filters them by kind', async () => {
    await readMyWork(admin, server, true);
    expectAccessiblePages();
  });

  describe('without JavaScript', () => {
    test('the same journey works with JavaScript off', async () => {
      const page = await newBrowser({ javaScriptEnabled: false });
      await signInAdministrator(page);
      await readMyWork(page, server, false);
      assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b|\bgovuk-frontend-supported\b/, 'JavaScript really was off');
    });

    test('the same pages, without their scripts, pass axe', async () => {
      const page = await newBrowser({ withoutPageScripts: true });
      await signInAdministrator(page);
      await readMyWork(page, server, true);
      expectAccessiblePages();
    });
  });
});
