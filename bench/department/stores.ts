// Where a department-scale run keeps its data: a new PGlite folder, or a new database on the
// PostgreSQL server the bench is pointed at. Each store is made empty, seeded by the real CLI, and
// removed afterwards, so a run never touches anyone's own data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from '../../test/support/template.ts';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  readonly engine: Engine;
  /** What a Custodian process needs to open this store: CUSTODIAN_DATA_DIR or DATABASE_URL. */
  readonly env: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

/** The server a PostgreSQL run creates its database on: BENCH_DATABASE_URL, else the local one CI uses. */
export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export async function postgresReachable(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createStore(engine: Engine): Promise<Store> {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'custodian-bench-'));
    return { engine, env: { CUSTODIAN_DATA_DIR: dataDir }, remove: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `custodian_bench_${process.pid}`;
  await onServer(POSTGRES_URL, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  return {
    engine,
    env: { DATABASE_URL: withDatabase(POSTGRES_URL, name) },
    remove: () => onServer(POSTGRES_URL, async (client) => void (await client.query(`drop database if exists "${name}" with (force)`))),
  };
}
