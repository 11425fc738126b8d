// Forward-only migrations: plain SQL files in migrations/, applied in name order, each in its own
// transaction. The same files serve PGlite and PostgreSQL, so they use SQL that runs on PostgreSQL 15.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** A fingerprint of every migration: test templates are rebuilt when it changes. */
export function migrationsFingerprint(dir = MIGRATIONS_DIR): string {
  const hash = createHash('sha256');
  for (const m of readMigrations(dir)) hash.update(m.name).update('\0').update(m.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export interface MigrationOutcome {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

export async function migrate<DB>(database: Kysely<DB>, onApplied?: (name: string) => void): Promise<MigrationOutcome> {
  const db = database as unknown as Kysely<unknown>;
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const migrations = readMigrations();
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      // Several app processes may start at once on PostgreSQL: one migrates, the others wait.
      await sql`select pg_advisory_xact_lock(7202611)`.execute(trx);
      const existing = await sql<{ name: string }>`select name from schema_migrations where name = ${migration.name}`.execute(trx);
      if (existing.rows.length > 0) return false;
      await sql.raw(migration.sql).execute(trx);
      await sql`insert into schema_migrations (name) values (${migration.name})`.execute(trx);
      return true;
    });
    if (done) {
      applied.push(migration.name);
      onApplied?.(migration.name);
    } else alreadyApplied++;
  }
  return { applied, alreadyApplied };
}
