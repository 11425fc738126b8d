import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../database.ts';
import { AppError } from '../http/errors.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrate, readMigrations } from './migrator.ts';

let handle: DatabaseHandle<Database>;
before(async () => {
  handle = await createTestDatabase();
});
after(async () => {
  await handle.close();
});

/** The keys this test writes (migrations may seed settings of their own). */
async function settingKeys(): Promise<string[]> {
  return (await handle.db.selectFrom('settings').select('key').where('key', 'like', 'isolation.%').orderBy('key').execute()).map((r) => r.key);
}

describe(`database (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a concurrent write neither joins nor is rolled back with another request’s transaction', async () => {
    let releaseTransaction!: () => void;
    const transactionMayFinish = new Promise<void>((resolve) => (releaseTransaction = resolve));
    let insideTransaction!: () => void;
    const transactionHasWritten = new Promise<void>((resolve) => (insideTransaction = resolve));

    const rolledBack = handle.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'isolation.inside', value: 'a' }).execute();
        insideTransaction();
        await transactionMayFinish;
        throw new Error('roll back on purpose');
      })
      .then(
        () => 'committed',
        (error: Error) => error.message,
      );

    await transactionHasWritten;
    // Another request writes while the transaction is open; on PGlite it must wait its turn.
    const concurrentWrite = handle.db.insertInto('settings').values({ key: 'isolation.outside', value: 'b' }).execute();
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseTransaction();
    assert.equal(await rolledBack, 'roll back on purpose');
    await concurrentWrite;

    assert.deepEqual(await settingKeys(), ['isolation.outside']);
    await handle.db.deleteFrom('settings').where('key', 'like', 'isolation.%').execute();
  });

  test('a failed query does not disturb the next one', async () => {
    await assert.rejects(sql`select * from no_such_table`.execute(handle.db), /no_such_table/);
    const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
    assert.deepEqual(again.rows, [{ one: 1 }]);
  });

  test('both engines return the same value types', async () => {
    const { rows } = await sql<{ total: unknown; amount: unknown; due: unknown; at: unknown; period: unknown; doc: unknown }>`
      select count(*) as total, 12.5::numeric as amount, '2026-03-29'::date as due,
             '2026-03-29 01:30:00+00'::timestamptz as at, interval '3 days' as period, '{"a":[1]}'::jsonb as doc`.execute(handle.db);
    const row = rows[0]!;
    assert.equal(row.total, 1);
    assert.equal(row.amount, 12.5);
    assert.equal(row.due, '2026-03-29');
    assert.ok(row.at instanceof Date);
    assert.equal((row.at as Date).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(row.period, '3 days');
    assert.deepEqual(row.doc, { a: [1] });
  });

  test('migrating again applies nothing', async () => {
    const outcome = await migrate(handle.db);
    assert.deepEqual(outcome.applied, []);
    assert.equal(outcome.alreadyApplied, readMigrations().length);
  });
});

describe('the embedded database directory', () => {
  test('a second process cannot open a directory that is in use, and is told what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-lock-'));
    // A lock held by a live process other than this one (pid 1 always runs).
    writeFileSync(join(dir, 'custodian.lock'), '1');
    await assert.rejects(openDatabase({ engine: 'pglite', dataDir: dir }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'database_in_use');
      assert.match(error.message, /Stop the server first/);
      return true;
    });
    rmSync(dir, { recursive: true, force: true });
  });

  test('a lock left by a process that has ended is taken over, and released on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-lock-'));
    writeFileSync(join(dir, 'custodian.lock'), '999999999');
    const db = await openDatabase({ engine: 'pglite', dataDir: dir });
    await assert.rejects(openDatabase({ engine: 'pglite', dataDir: dir }), (error: unknown) => error instanceof AppError && error.code === 'database_in_use');
    await db.close();
    const again = await openDatabase({ engine: 'pglite', dataDir: dir });
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
