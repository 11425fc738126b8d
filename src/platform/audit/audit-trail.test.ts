import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { AuditTrail, type AuditEventInput } from './audit-trail.ts';

let t: TestContext;
let audit: AuditTrail;
const KEY = 'k'.repeat(40);
const actor = { type: 'person', id: 'p1', label: 'Ada <ada@example.gov.uk>' } as const;

before(async () => {
  t = await createTestContext();
  audit = new AuditTrail(t.database.db, t.clock);
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.database.db.deleteFrom('audit_events').execute();
  await t.database.db.updateTable('audit_chain_head').set({ seq: 0, hash: 'genesis' }).execute();
});

async function recordMany(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    const event: AuditEventInput = { actor, action: 'risk.accepted', recordType: 'risk', recordId: `r${i}`, changes: { before: { status: 'open' }, after: { status: 'accepted', n: i } } };
    await t.database.db.transaction().execute((trx) => audit.record(trx, event));
  }
}

describe(`audit trail (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('an intact chain verifies, with its count and head hash', async () => {
    await recordMany(5);
    const result = await audit.verify();
    assert.equal(result.ok, true);
    assert.equal(result.count, 5);
    const head = await t.database.db.selectFrom('audit_chain_head').select('hash').executeTakeFirstOrThrow();
    assert.equal(result.headHash, head.hash);
  });

  test('an event rolled back with its write leaves no trace in the chain', async () => {
    await recordMany(2);
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await audit.record(trx, { actor, action: 'risk.accepted' });
        throw new Error('the write failed');
      })
      .catch(() => undefined);
    await recordMany(1);
    const result = await audit.verify();
    assert.deepEqual([result.ok, result.count], [true, 3]);
  });

  test('changing any field of an event is caught and the event named', async () => {
    await recordMany(5);
    await sql`update audit_events set changes = jsonb_set(changes, '{after,status}', '"rejected"') where seq = 3`.execute(t.database.db);
    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 3);
    assert.match(result.firstBad?.reason ?? '', /altered/);
  });

  test('changing who did it is caught', async () => {
    await recordMany(3);
    await sql`update audit_events set actor_label = 'Someone else' where seq = 2`.execute(t.database.db);
    assert.equal((await audit.verify()).firstBad?.seq, 2);
  });

  test('deleting an event from the middle is caught', async () => {
    await recordMany(5);
    await sql`delete from audit_events where seq = 2`.execute(t.database.db);
    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 3);
    assert.match(result.firstBad?.reason ?? '', /event 2 is missing/);
  });

  test('reordering events is caught', async () => {
    await recordMany(4);
    await sql`update audit_events set seq = -seq where seq in (2, 3)`.execute(t.database.db);
    await sql`update audit_events set seq = 5 - (-seq) where seq in (-2, -3)`.execute(t.database.db);
    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 2);
  });

  test('removing the newest events is caught by the head, and against a checkpoint even when the head is rewritten too', async () => {
    await recordMany(5);
    const checkpoint = await audit.checkpoint(KEY);
    assert.equal(checkpoint.count, 5);
    assert.deepEqual(await audit.verifyAgainst(checkpoint, KEY).then((r) => r.ok), true);

    await sql`delete from audit_events where seq > 3`.execute(t.database.db);
    const byHead = await audit.verify();
    assert.equal(byHead.ok, false);
    assert.match(byHead.firstBad?.reason ?? '', /newest events were removed/);

    const third = await t.database.db.selectFrom('audit_events').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
    await t.database.db.updateTable('audit_chain_head').set({ seq: 3, hash: third.hash }).execute();
    assert.equal((await audit.verify()).ok, true, 'a careful intruder hides it from the chain alone');
    const against = await audit.verifyAgainst(checkpoint, KEY);
    assert.equal(against.ok, false);
    assert.match(against.firstBad?.reason ?? '', /events 4 to 5 were removed/);
  });

  test('a checkpoint altered, or checked with another key, is refused', async () => {
    await recordMany(2);
    const checkpoint = await audit.checkpoint(KEY);
    assert.equal((await audit.verifyAgainst({ ...checkpoint, count: 1 }, KEY)).ok, false);
    assert.equal((await audit.verifyAgainst(checkpoint, 'x'.repeat(40))).ok, false);
  });

  test('concurrent writers never fork the chain', async () => {
    // On PostgreSQL these run in parallel on separate connections; the chain-head lock orders them.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.database.db.transaction().execute(async (trx) => {
          await trx.insertInto('settings').values({ key: `parallel.${i}`, value: String(i) }).execute();
          await audit.record(trx, { actor, action: 'setting.changed', recordId: `parallel.${i}` });
        }),
      ),
    );
    const result = await audit.verify();
    assert.deepEqual([result.ok, result.count], [true, 24]);
    const hashes = await t.database.db.selectFrom('audit_events').select('prev_hash').execute();
    assert.equal(new Set(hashes.map((h) => h.prev_hash)).size, 24, 'no two events follow the same predecessor');
    await t.database.db.deleteFrom('settings').where('key', 'like', 'parallel.%').execute();
  });

  test('list filters by who, what, record and time, newest first', async () => {
    await recordMany(3);
    await t.database.db.transaction().execute((trx) => audit.record(trx, { actor: { type: 'person', id: 'p2', label: 'Bob <bob@example.gov.uk>' }, action: 'sign-in.failed' }));
    assert.equal((await audit.list({ actor: 'bob' }, { limit: 10, offset: 0 })).total, 1);
    assert.equal((await audit.list({ action: 'sign-in' }, { limit: 10, offset: 0 })).events[0]?.action, 'sign-in.failed');
    const byRecord = await audit.list({ recordType: 'risk', recordId: 'r2' }, { limit: 10, offset: 0 });
    assert.deepEqual(byRecord.events.map((e) => e.recordId), ['r2']);
    const all = await audit.list({}, { limit: 2, offset: 0 });
    assert.deepEqual([all.total, all.events.map((e) => e.seq)], [4, [4, 3]]);
    assert.equal((await audit.list({ from: new Date(t.clock.now().getTime() + 1) }, { limit: 10, offset: 0 })).total, 0);
    assert.equal((await audit.list({ actor: '%' }, { limit: 10, offset: 0 })).total, 0, 'wildcards in a filter are literal');
  });
});
