// The migrated database that every test file starts from, built once per set of migrations:
// on PGlite a saved data directory; on PostgreSQL (TEST_DATABASE_URL) a template database.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { openPGlite } from '../../src/platform/db/database.ts';
import { migrate, migrationsFingerprint } from '../../src/platform/db/migrator.ts';
import { Kysely, PostgresDialect } from 'kysely';

const ROOT = new URL('../../', import.meta.url).pathname;
const CACHE = join(ROOT, '.cache');

export function pgliteTemplatePath(): string {
  return join(CACHE, `pglite-template-${migrationsFingerprint()}.tar.gz`);
}

export async function ensurePGliteTemplate(): Promise<string> {
  return savedPGlite(pgliteTemplatePath(), undefined, migrate);
}

/** A PGlite data directory saved at path: started from `from` (a saved one) or empty, then `fill`ed. */
async function savedPGlite(path: string, from: string | undefined, fill: (db: Kysely<unknown>) => Promise<unknown>): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const pglite = await openPGlite(undefined, from ? loadPGliteTemplate(from) : undefined);
  const { PGliteDialect } = await import('../../src/platform/db/pglite-dialect.ts');
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await fill(db);
  const dump = await pglite.dumpDataDir('gzip');
  await db.destroy();
  // Written whole then renamed, so a parallel test file never reads half a template.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

export function loadPGliteTemplate(path: string): Blob {
  return new Blob([readFileSync(path)]);
}

export function postgresTemplateName(baseUrl: string): string {
  const base = new URL(baseUrl).pathname.replace(/^\//, '') || 'test';
  return `${base}_tpl_${migrationsFingerprint()}`.toLowerCase();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensurePostgresTemplate(baseUrl: string): Promise<string> {
  const name = postgresTemplateName(baseUrl);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${name}"`);
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(baseUrl, name), max: 1 }) }) });
      try {
        await migrate(db);
      } catch (error) {
        await db.destroy();
        await admin.query(`drop database if exists "${name}"`);
        throw error;
      }
      await db.destroy();
    }
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * A fingerprint of every source file, migration and the lock file (and `extra`): what a database
 * built by the application's own code (the seeded MoJ example) depends on.
 */
export function sourceFingerprint(extra = ''): string {
  const hash = createHash('sha256').update(`${extra}\n`);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.test.ts')) hash.update(relative(ROOT, path)).update(readFileSync(path));
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'migrations'));
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

// ---- The migrated database with the MoJ example, as first-run setup loads it ----
// Loading the example takes about 15 s of CPU; test files that read it start from a copy instead.
// It is loaded on the clock every test context starts with, so its relative dates are the same.

export const EXAMPLE_CLOCK = '2026-11-28T09:00:00Z';

async function loadExampleInto(db: Kysely<unknown>): Promise<void> {
  const { firstRunSetup } = await import('../../src/setup/first-run.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const { fixedClock } = await import('../../src/platform/clock.ts');
  const config = loadConfig({ CUSTODIAN_EXAMPLE: 'moj', LOG_LEVEL: 'silent', CUSTODIAN_ADMIN_EMAIL: 'admin@test.example' });
  await firstRunSetup(db as never, config, fixedClock(EXAMPLE_CLOCK));
}

export async function ensureExamplePGliteTemplate(): Promise<string> {
  return savedPGlite(join(CACHE, `pglite-moj-${sourceFingerprint()}.tar.gz`), await ensurePGliteTemplate(), loadExampleInto);
}

export async function ensureExamplePostgresTemplate(baseUrl: string): Promise<string> {
  const base = await ensurePostgresTemplate(baseUrl);
  const name = `${new URL(baseUrl).pathname.replace(/^\//, '') || 'test'}_moj_${sourceFingerprint()}`.toLowerCase();
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount !== 0) return name;
    // Built under a name of its own and renamed: a parallel test file never copies half of it.
    const partial = `${name}_p${process.pid}`;
    await admin.query(`drop database if exists "${partial}"`);
    await admin.query(`create database "${partial}" template "${base}"`);
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(baseUrl, partial), max: 1 }) }) });
    try {
      await loadExampleInto(db);
    } finally {
      await db.destroy();
    }
    try {
      await admin.query(`alter database "${partial}" rename to "${name}"`);
    } catch (error) {
      await admin.query(`drop database if exists "${partial}" with (force)`);
      if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0) throw error;
    }
  } finally {
    await admin.end();
  }
  return name;
}
