// Continuity plans in real Chromium (issue [11]) over the MoJ example's services and people: the
// administrator adds a disaster recovery plan (first with mistakes, named in the error summary), sees it
// overdue as never exercised, records a failed continuity-exercise with a gap action, and finds the plan
// overdue on the list with its chart and table. Every page a person sees here passes axe-core (WCAG 2.2
// AA). The example's continuity plans are not loaded by the example yet, so the test adds its own.
//
// Sign-in posts share a limit per address: this file makes 2 (the administrator's one browser).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { check, choose, createJourney, fillIn, follow, isoDay, mainText, navigatedBy, press, tableRows, visit } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';

const PLAN_PATH = /^\/continuity\/[0-9a-f-]{36}$/;
const TITLE = 'Probation case management disaster recovery (e2e)';

const journey = createJourney({ axe: 'at-the-end' });
const { forgetAxeFailures, expectPage, expectErrors, expectAccessiblePages } = journey;

describe('continuity plans in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let admin: Page;

  before(async () => {
    ({ server, admin } = await journey.start());
  });
  beforeEach(forgetAxeFailures);
  after(journey.end);

  test('a plan is added (mistakes first), exercised with a failure and a gap action, and shown overdue on the list with its chart', async () => {
    await visit(admin, server, '/');
    await follow(admin, 'Continuity');
    await expectPage(admin, '/continuity', 'Continuity plans', 'The continuity list');

    // The start button is a link drawn as a button.
    await navigatedBy(admin, () => admin.getByRole('button', { name: 'Add a continuity plan' }).click());
    await expectPage(admin, '/continuity/new', 'Add a continuity plan', 'The plan form');
    await fillIn(admin, { Title: '', 'Technology service (optional)': 'SVC-9999', 'Plan owner': 'callum.hearth@example.justice.gov.uk', 'Recovery time objective (hours)': 'soon', 'Recovery point objective (hours)': '1', 'Testing interval (months)': '12' });
    await choose(admin, { 'Kind of plan': 'Disaster recovery', Status: 'Approved' });
    await press(admin, 'Save the plan');
    await expectErrors(admin, 'The plan form with mistakes', ['Enter the plan’s title, in 200 characters or fewer', 'No technology service has the reference SVC-9999', 'Enter the recovery time objective in hours, such as 4 or 0.5']);

    await fillIn(admin, { Title: TITLE, 'Technology service (optional)': 'SVC-0002', 'Recovery time objective (hours)': '4' });
    await press(admin, 'Save the plan');
    await expectPage(admin, PLAN_PATH, TITLE, 'The new plan’s page');
    assert.match(await mainText(admin), /Overdue for a continuity-exercise: Never exercised/);

    await follow(admin, 'Record a continuity-exercise');
    await expectPage(admin, /^\/continuity\/[0-9a-f-]{36}\/exercises\/new$/, 'Record a continuity-exercise', 'The exercise form');
    await choose(admin, { 'Kind of exercise': 'Failover' });
    await fillIn(admin, { Date: isoDay(-7), Scenario: 'Loss of the primary region during a supervision day', 'Recovery time achieved (hours, optional)': '9', 'Gaps found (optional)': 'The DNS change took hours' });
    await check(admin, 'Failed');
    await admin.locator('#actions-0-title').fill('Lower the DNS time to live');
    await admin.locator('#actions-0-dueOn').fill(isoDay(60));
    await press(admin, 'Record the exercise');
    await expectPage(admin, PLAN_PATH, TITLE, 'The plan with its failed exercise');
    const text = await mainText(admin);
    assert.match(text, /9 hours: missed the objective of 4 hours/);
    assert.match(text, /failed and 1 of its actions is still open/);
    assert.match(text, /Lower the DNS time to live/);

    await visit(admin, server, '/continuity');
    await expectPage(admin, '/continuity', 'Continuity plans', 'The continuity list with the overdue plan and its chart');
    const rows = await tableRows(admin, /^Plans/);
    const row = rows.find((r) => r[0]?.includes(TITLE));
    assert.ok(row, `the plan is listed: ${JSON.stringify(rows)}`);
    assert.match(row.at(-1) ?? '', /^Overdue/);
    assert.ok((await tableRows(admin, /Continuity plans by exercise standing/)).length >= 1, 'the chart’s table has a row per agency');
    expectAccessiblePages();
  });
});
