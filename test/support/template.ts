// The migrated database that every test file starts from, built once per set of migrations:
// on PGlite a saved data directory; on PostgreSQL (TEST_DATABASE_URL) a template database.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const path = pgliteTemplatePath();
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const pglite = await openPGlite();
  const { PGliteDialect } = await import('../../src/platform/db/pglite-dialect.ts');
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await migrate(db);
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
