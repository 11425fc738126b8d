import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, testConfig, type TestContext } from '../../test/support/app.ts';
import { declareSchedules } from '../services.ts';
import { seedWork, type WorkFixture } from './test-fixtures.ts';

let t: TestContext;
let f: WorkFixture;
const DAY = 86_400_000;

const notifications = async () => t.database.db.selectFrom('notifications').select(['person_id', 'recipient_email', 'subject', 'body']).orderBy('created_at').orderBy('recipient_email').execute();
const runEvents = async () => (await t.database.db.selectFrom('audit_events').select(['action', 'metadata']).where('action', '=', 'work.reminders-sent').orderBy('seq').execute()).map((e) => e.metadata as Record<string, unknown>);

before(async () => {
  // 09:00 in London on Saturday 28 November 2026; reminders from 07:00, due within 7 days, escalated past 7 overdue.
  t = await createTestContext({ now: '2026-11-28T09:00:00Z', config: testConfig({ CUSTODIAN_BASE_URL: 'https://custodian.example.gov.uk' }) });
  f = await seedWork(t.database.db);
});
after(async () => t.close());

describe(`daily reminders (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('before the reminder hour the scheduled run sends nothing', async () => {
    t.clock.set('2026-11-28T06:30:00Z');
    assert.equal(await t.services.reminders.runIfDue(), null);
    assert.equal((await notifications()).length, 0);
    t.clock.set('2026-11-28T09:00:00Z');
  });

  test('one message per person with duties, and one escalation per deputy or line manager', async () => {
    const run = await t.services.reminders.runIfDue();
    assert.deepEqual(run, { day: '2026-11-28', reminders: 2, escalations: 2, alreadySent: 0 });
    const sent = await notifications();
    const to = (who: string) => sent.filter((n) => n.recipient_email === `${who}@example.gov.uk`);
    assert.deepEqual(sent.map((n) => n.recipient_email).sort(), ['alice@example.gov.uk', 'dana@example.gov.uk', 'mark@example.gov.uk', 'sam@example.gov.uk']);

    const [alice] = to('alice');
    assert.equal(alice!.person_id, f.people.alice);
    assert.equal(alice!.subject, 'Your dated duties: 1 overdue, 1 due soon');
    assert.match(alice!.body, /Rotate the signing keys: 18 days overdue \(10 November 2026\), as owner/);
    assert.match(alice!.body, /Patch the case system: due in 2 days \(30 November 2026\)/);
    assert.match(alice!.body, /https:\/\/custodian\.example\.gov\.uk\/actions\//);
    assert.doesNotMatch(alice!.body, /Plan next year|Finished already/, 'beyond the horizon, or done: not in the reminder');

    const [mark] = to('mark');
    assert.match(mark!.subject, /Overdue duties of Alice: 1 overdue by more than 7 days/);
    assert.match(mark!.body, /Alice \(you are their line manager\):\n- ACT-\d+: Rotate the signing keys: 18 days overdue/);
    assert.doesNotMatch(mark!.body, /Patch the case system/, 'only what is overdue past the escalation days');

    // The supplier's reassessment comes from the SRO appointment, so it goes to the deputy, not sam's line manager.
    const [dana] = to('dana');
    assert.match(dana!.body, /Sam \(you are the deputy of the appointment these come from\):\n- Reassess supplier SUP-9001: Acme Hosting: 13 days overdue/);
    assert.doesNotMatch(mark!.body, /SUP-9001/);
    assert.equal(to('bob').length, 0, 'no duties, no message');

    const events = await runEvents();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.reminders, 2);
    assert.equal(events[0]!.escalations, 2);
  });

  test('a second run the same day sends nothing again, even two at once', async () => {
    t.clock.advance(3 * 3_600_000);
    const runs = await Promise.all([t.services.reminders.run(), t.services.reminders.run()]);
    assert.deepEqual(runs.map((r) => r.reminders + r.escalations), [0, 0]);
    assert.deepEqual(runs.map((r) => r.alreadySent), [4, 4]);
    assert.equal((await notifications()).length, 4);
    assert.equal((await runEvents()).length, 3, 'each run is audited, with its counts');
  });

  test('the next day it sends again, with the days counted on', async () => {
    t.clock.set(new Date(Date.parse('2026-11-28T09:00:00Z') + DAY));
    const run = await t.services.reminders.runIfDue();
    assert.deepEqual(run, { day: '2026-11-29', reminders: 2, escalations: 2, alreadySent: 0 });
    const latest = (await notifications()).slice(4);
    assert.match(latest.find((n) => n.recipient_email === 'alice@example.gov.uk')!.body, /Rotate the signing keys: 19 days overdue[\s\S]*Patch the case system: due tomorrow/);
    const claims = await t.database.db.selectFrom('work_reminders').select(['person_id', 'kind']).where('sent_on', '=', '2026-11-29').execute();
    assert.equal(claims.length, 4);
  });

  test('with no deputy, an overdue duty goes to the line manager: one message listing each person', async () => {
    const db = t.database.db;
    await db.updateTable('appointments').set({ deputy_person_id: null }).execute();
    t.clock.set(new Date(Date.parse('2026-11-28T09:00:00Z') + 2 * DAY));
    const run = await t.services.reminders.run();
    assert.deepEqual(run, { day: '2026-11-30', reminders: 2, escalations: 1, alreadySent: 0 });
    const [mark] = (await notifications()).slice(8).filter((n) => n.recipient_email === 'mark@example.gov.uk');
    assert.match(mark!.subject, /Overdue duties of 2 people: 2 overdue by more than 7 days/);
    assert.match(mark!.body, /Alice \(you are their line manager\)[\s\S]*Sam \(you are their line manager\):\n- Reassess supplier SUP-9001/);
  });

  test('with neither deputy nor line manager, nothing is escalated', async () => {
    const db = t.database.db;
    await db.deleteFrom('appointments').execute();
    await db.updateTable('people').set({ line_manager_id: null }).where('id', '=', f.people.alice).execute();
    t.clock.set(new Date(Date.parse('2026-11-28T09:00:00Z') + 3 * DAY));
    const run = await t.services.reminders.run();
    // The supplier has no SRO now, so its duty is nobody's; alice's manager is gone, so nothing escalates.
    assert.deepEqual(run, { day: '2026-12-01', reminders: 1, escalations: 0, alreadySent: 0 });
  });

  test('the delivery job hands queued messages to the delivery, and marks them sent', async () => {
    const result = await t.services.outbox.deliverWaiting();
    assert.equal(result.failed, 0);
    assert.equal(result.sent, 12);
    const waiting = await t.database.db.selectFrom('notifications').select('id').where('sent_at', 'is', null).execute();
    assert.equal(waiting.length, 0);
  });

  test('declared with the other schedules, the hourly job sends the day’s reminders from the reminder hour on', async () => {
    const claimsOn = async (day: string) => (await t.database.db.selectFrom('work_reminders').select('person_id').where('sent_on', '=', day).execute()).length;
    t.clock.set('2026-12-05T05:30:00Z');
    await declareSchedules(t.services);
    t.clock.advance(3_600_000); // 06:30 in London: the job runs, and sends nothing yet
    await t.services.scheduler.tick();
    assert.equal(await claimsOn('2026-12-05'), 0);
    t.clock.advance(3_600_000); // 07:30
    await t.services.scheduler.tick();
    assert.equal(await claimsOn('2026-12-05'), 1, 'alice’s reminder (nothing is escalated any more)');
  });
});
