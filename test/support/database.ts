// A fresh, migrated database for one test file: PGlite from the saved template by default, or a new
// PostgreSQL database copied from the template database when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/database.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { ensureExamplePGliteTemplate, ensureExamplePostgresTemplate, ensurePGliteTemplate, ensurePostgresTemplate, loadPGliteTemplate, withDatabase } from './template.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** With `example: 'moj'`, the database holds the MoJ example as first-run setup loads it on the test clock's day. */
export async function createTestDatabase(options: { example?: 'moj' } = {}): Promise<DatabaseHandle<Database>> {
  if (!TEST_DATABASE_URL) {
    const template = options.example ? await ensureExamplePGliteTemplate() : await ensurePGliteTemplate();
    return openDatabase<Database>({ engine: 'pglite', snapshot: loadPGliteTemplate(template) });
  }
  const template = options.example ? await ensureExamplePostgresTemplate(TEST_DATABASE_URL) : await ensurePostgresTemplate(TEST_DATABASE_URL);
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}" template "${template}"`);
  await admin.end();
  const handle = await openDatabase<Database>({ engine: 'postgres', url: withDatabase(TEST_DATABASE_URL, name), poolSize: 8 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      // The pool's sockets close a moment after end() resolves; forcing the drop before then kills
      // them, and their errors surface in whatever test runs next. Wait for them (up to 5 s) first.
      for (let i = 0; i < 50; i++) {
        const open = await dropper.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
