import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestContext, silentLog, type TestContext } from '../../../test/support/app.ts';
import { NotificationOutbox, type OutgoingMessage } from './outbox.ts';
import { JobScheduler } from './scheduler.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext({ now: '2026-11-28T09:00:00Z' });
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.database.db.deleteFrom('jobs').execute();
  await t.database.db.deleteFrom('job_schedules').execute();
  await t.database.db.deleteFrom('notifications').execute();
});

describe('job scheduler', () => {
  test('a queued job runs once, when it is due', async () => {
    const scheduler = new JobScheduler(t.database.db, t.clock, silentLog);
    const seen: unknown[] = [];
    scheduler.define('remember', async (payload) => {
      seen.push(payload.value);
    });
    await scheduler.enqueue('remember', { value: 1 }, { runAt: new Date('2026-11-28T10:00:00Z') });
    assert.equal(await scheduler.runDueJobs(), 0, 'not due yet');
    t.clock.set('2026-11-28T10:00:01Z');
    assert.equal(await scheduler.runDueJobs(), 1);
    assert.equal(await scheduler.runDueJobs(), 0, 'never twice');
    assert.deepEqual(seen, [1]);
  });

  test('a failing job is retried later, then marked failed with its error', async () => {
    const scheduler = new JobScheduler(t.database.db, t.clock, silentLog);
    let calls = 0;
    scheduler.define('flaky', async () => {
      calls++;
      throw new Error('mail server down');
    });
    await scheduler.enqueue('flaky', {}, { maxAttempts: 2 });
    await scheduler.runDueJobs();
    assert.equal(calls, 1);
    assert.equal(await scheduler.runDueJobs(), 0, 'waits before retrying');
    t.clock.advance(31_000);
    await scheduler.runDueJobs();
    assert.equal(calls, 2);
    const job = await t.database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(job.status, 'failed');
    assert.equal(job.last_error, 'mail server down');
  });

  test('a job with a dedupe key is queued once while it waits', async () => {
    const scheduler = new JobScheduler(t.database.db, t.clock, silentLog);
    await scheduler.enqueue('evaluate', {}, { dedupeKey: 'unit-1' });
    await scheduler.enqueue('evaluate', {}, { dedupeKey: 'unit-1' });
    await scheduler.enqueue('evaluate', {}, { dedupeKey: 'unit-2' });
    const count = await t.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(count.n, 2);
  });

  test('a schedule fires once per interval, even with two app processes', async () => {
    const first = new JobScheduler(t.database.db, t.clock, silentLog);
    const second = new JobScheduler(t.database.db, t.clock, silentLog);
    let runs = 0;
    for (const s of [first, second]) s.define('nightly', async () => void runs++);
    await first.every('nightly', 3600);
    await second.every('nightly', 3600);
    assert.equal(await first.tick(), 0);
    t.clock.advance(3600_000);
    const ran = await Promise.all([first.tick(), second.tick()]);
    assert.equal(ran[0]! + ran[1]!, 1);
    assert.equal(runs, 1);
    assert.equal(await first.tick(), 0, 'not again until the next interval');
    t.clock.advance(3600_000);
    assert.equal(await second.tick(), 1);
  });
});

describe('notification outbox', () => {
  test('messages queued in a transaction that rolls back are never sent', async () => {
    const sent: OutgoingMessage[] = [];
    const outbox = new NotificationOutbox(t.database.db, t.clock, { name: 'memory', deliver: async (m) => void sent.push(m) });
    await outbox.queue({ to: 'iao@example.gov.uk', subject: 'Review due', body: 'Your asset review is due.' });
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await outbox.queue({ to: 'other@example.gov.uk', subject: 'Lost', body: 'x' }, trx);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    assert.deepEqual(await outbox.deliverWaiting(), { sent: 1, failed: 0 });
    assert.deepEqual(sent.map((m) => m.to), ['iao@example.gov.uk']);
    assert.deepEqual(await outbox.deliverWaiting(), { sent: 0, failed: 0 }, 'sent once');
  });

  test('a failed delivery is kept and tried again', async () => {
    let fail = true;
    const outbox = new NotificationOutbox(t.database.db, t.clock, {
      name: 'sometimes',
      deliver: async () => {
        if (fail) throw new Error('connection refused');
      },
    });
    await outbox.queue({ to: 'a@example.gov.uk', subject: 's', body: 'b' });
    assert.deepEqual(await outbox.deliverWaiting(), { sent: 0, failed: 1 });
    const waiting = await t.database.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    assert.equal(waiting.last_error, 'connection refused');
    fail = false;
    assert.deepEqual(await outbox.deliverWaiting(), { sent: 1, failed: 0 });
  });

  test('the delivery job sends through the scheduler', async () => {
    const sent: string[] = [];
    const outbox = new NotificationOutbox(t.database.db, t.clock, { name: 'memory', deliver: async (m) => void sent.push(m.subject) });
    const scheduler = new JobScheduler(t.database.db, t.clock, silentLog);
    outbox.register(scheduler);
    await outbox.queue({ to: 'a@example.gov.uk', subject: 'hello', body: 'b' });
    await scheduler.every('deliver-notifications', 60);
    t.clock.advance(61_000);
    await scheduler.tick();
    assert.deepEqual(sent, ['hello']);
  });
});
