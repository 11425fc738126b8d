// Opens the one database Custodian uses: PostgreSQL when a URL is given, else the embedded PGlite.
// Everything above this module sees a Kysely instance and the same value types on either engine.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { VALUE_PARSERS } from './value-types.ts';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle<DB> {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly engine: 'postgres'; readonly url: string; readonly poolSize?: number }
  /** dataDir undefined means in memory (tests); `snapshot` loads a saved data directory. */
  | { readonly engine: 'pglite'; readonly dataDir?: string; readonly snapshot?: Blob };

function postgresTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      const parser = VALUE_PARSERS[oid];
      if (parser && format !== 'binary') return parser;
      return pg.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export async function openPGlite(dataDir?: string, snapshot?: Blob): Promise<PGlite> {
  const parsers = Object.fromEntries(Object.entries(VALUE_PARSERS).map(([oid, parse]) => [oid, (value: string) => parse(value)]));
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(snapshot ? { loadDataDir: snapshot } : {}),
    parsers,
    relaxedDurability: dataDir === undefined,
  });
  await pglite.waitReady;
  await pglite.exec("set timezone = 'UTC'");
  return pglite;
}

export async function openDatabase<DB>(target: DatabaseTarget): Promise<DatabaseHandle<DB>> {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types: postgresTypes(),
      options: '-c timezone=UTC',
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return { db, engine: 'postgres', close: () => db.destroy() };
  }

  let lock: DataDirLock | undefined;
  if (target.dataDir) lock = lockDataDir(target.dataDir);
  try {
    const pglite = await openPGlite(target.dataDir, target.snapshot);
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    // Kysely starts its driver on first use and skips destroying one it never started: start it now,
    // and close PGlite directly as well, or an unused handle keeps the process alive.
    await sql`select 1`.execute(db);
    return {
      db,
      engine: 'pglite',
      close: async () => {
        try {
          await db.destroy();
          if (!pglite.closed) await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Answers whether the database responds: for /health. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
