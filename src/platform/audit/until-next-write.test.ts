import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { AuditTrail } from './audit-trail.ts';
import { UntilNextWrite, workOutNow } from './until-next-write.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => {
  await t.close();
});

describe(`figures kept until the next write (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a figure is worked out once while nothing is written, again after a write, a new minute or for another key', async () => {
    const cache = new UntilNextWrite(t.database.db, t.clock);
    let workedOut = 0;
    const figure = (key: string) => cache.get(key, async () => ++workedOut);

    assert.equal(await figure('a'), 1);
    assert.equal(await figure('a'), 1, 'nothing written: the same figure');
    assert.equal(await figure('b'), 2, 'another key is its own figure');

    await t.database.db.transaction().execute((trx) => new AuditTrail(t.database.db, t.clock).record(trx, { actor: { type: 'system', id: null, label: 'test' }, action: 'risk.accepted', recordType: 'risk', recordId: 'r1' }));
    assert.equal(await figure('a'), 3, 'an audited write: worked out again');
    assert.equal(await figure('a'), 3);

    (t.clock as unknown as { advance(ms: number): void }).advance(60_000);
    assert.equal(await figure('a'), 3, 'a new minute, nothing written: the last figure while the new one is worked out');
    assert.equal(await figure('a'), 4, 'then the new one');
    assert.equal(workedOut, 4);
  });

  test('everyone asking while a new minute’s figure is worked out is given the last one, and it is worked out once', async () => {
    const cache = new UntilNextWrite(t.database.db, t.clock);
    let workedOut = 0;
    let finish: (value: string) => void = () => undefined;
    assert.equal(await cache.get('slow', async () => 'last minute'), 'last minute');
    (t.clock as unknown as { advance(ms: number): void }).advance(60_000);
    const slow = () => new Promise<string>((resolve) => { workedOut += 1; finish = resolve; });
    assert.equal(await cache.get('slow', slow), 'last minute');
    assert.equal(await cache.get('slow', slow), 'last minute', 'still being worked out: the last figure again, not a wait');
    assert.equal(workedOut, 1);
    finish('this minute');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await cache.get('slow', slow), 'this minute');
    assert.equal(workedOut, 1);
  });

  test('keeping(key) hands a repository the same figure as get(key); workOutNow keeps nothing', async () => {
    const cache = new UntilNextWrite(t.database.db, t.clock);
    let counted = 0;
    const count = async () => ++counted;
    const countOnce = cache.keeping<number>('list count');
    assert.equal(await countOnce(count), 1);
    assert.equal(await countOnce(count), 1, 'kept while nothing is written');
    assert.equal(await cache.get('list count', count), 1, 'the same figure as get under that key');
    assert.equal(await workOutNow(count), 2);
    assert.equal(await workOutNow(count), 3, 'worked out every time');
  });

  test('after a write and a new minute, the figure from before the write is not given', async () => {
    const cache = new UntilNextWrite(t.database.db, t.clock);
    assert.equal(await cache.get('slow', async () => 'before'), 'before');
    await t.database.db.transaction().execute((trx) => new AuditTrail(t.database.db, t.clock).record(trx, { actor: { type: 'system', id: null, label: 'test' }, action: 'risk.accepted', recordType: 'risk', recordId: 'r2' }));
    (t.clock as unknown as { advance(ms: number): void }).advance(60_000);
    assert.equal(await cache.get('slow', async () => 'after'), 'after');
  });

  test('a failure is not kept', async () => {
    const cache = new UntilNextWrite(t.database.db, t.clock);
    await assert.rejects(cache.get('x', () => Promise.reject(new Error('the database went away'))), /went away/);
    assert.equal(await cache.get('x', async () => 'worked'), 'worked');
  });
});
