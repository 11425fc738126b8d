// My work and the reminders over the whole MoJ example: people's dated duties come from many registers,
// the reminder job queues one message per person per day, and in log-only mode (no CUSTODIAN_SMTP_URL)
// the delivery job logs each one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { londonDate } from '../platform/clock.ts';
import { logOnlyDelivery, NotificationOutbox } from '../platform/jobs/outbox.ts';
import { gatherDeadlines } from './sources.ts';

let t: TestContext;

before(async () => {
  // The MoJ example as first-run setup loads it (one load, copied: test/support/template.ts).
  t = await createTestContext({ example: 'moj' });
});
after(async () => t.close());

describe(`my work over the MoJ example (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('dated duties come from many registers', async () => {
    const all = await gatherDeadlines(t.database.db, { today: londonDate(t.clock.now()) });
    const kinds = new Set(all.map((d) => d.kind));
    for (const kind of ['action', 'training', 'document-review', 'risk-review', 'compliance-review', 'caf-assessment'] as const) assert.ok(kinds.has(kind), `the example has ${kind} duties: ${[...kinds].join(', ')}`);
    assert.ok(kinds.size >= 5, [...kinds].join(', '));
  });

  test('one message per person a day, logged by the log-only delivery; a second run sends none', async () => {
    // The example queues messages of its own (invitations, decisions): only the run's are counted.
    const earlier = new Set((await t.database.db.selectFrom('notifications').select('id').execute()).map((n) => n.id));
    const run = await t.services.reminders.run();
    assert.ok(run.reminders > 10, JSON.stringify(run));
    const queued = (await t.database.db.selectFrom('notifications').select(['id', 'person_id', 'subject']).where('sent_at', 'is', null).execute()).filter((n) => !earlier.has(n.id));
    const reminders = queued.filter((n) => n.subject.startsWith('Your dated duties'));
    assert.equal(reminders.length, run.reminders);
    assert.equal(new Set(reminders.map((n) => n.person_id)).size, run.reminders, 'one reminder per person');
    assert.equal(queued.length - reminders.length, run.escalations);
    assert.deepEqual({ ...(await t.services.reminders.run()), day: '' }, { day: '', reminders: 0, escalations: 0, alreadySent: run.reminders + run.escalations });

    const logged: Array<{ to: string; subject: string }> = [];
    const log = { info: (obj: object) => void logged.push(obj as { to: string; subject: string }), error: () => undefined };
    const outbox = new NotificationOutbox(t.database.db, t.clock, logOnlyDelivery(log));
    const delivered = await outbox.deliverWaiting(100_000);
    assert.ok(delivered.sent >= queued.length);
    assert.equal(logged.filter((l) => l.subject.startsWith('Your dated duties')).length, run.reminders);
  });
});
