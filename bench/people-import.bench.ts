// The people import at department scale: a generated HR file of BENCH_PEOPLE people (default 100,000)
// in 60 units, through the same code as `custodian people import`: a dry run, a real run, then the
// same file again (nothing changes). On PGlite on disk, and on PostgreSQL when TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemActor } from '../src/access/actor.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/database.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { createServices } from '../src/services.ts';
import type { Bench, Measurement } from './support.ts';

const count = Number(process.env.BENCH_PEOPLE ?? 100_000);
const UNITS = 60;

function generate(n: number): Uint8Array {
  const lines = ['staff_number,email,name,unit_code,type,line_manager,job_title,start_date'];
  for (let i = 0; i < n; i++) {
    const unit = i % UNITS;
    // Within each unit a tree of eight reports per manager: the first person leads the unit.
    const position = Math.floor(i / UNITS);
    const manager = position === 0 ? '' : `S${String(Math.floor((position - 1) / 8) * UNITS + unit).padStart(7, '0')}`;
    lines.push(`S${String(i).padStart(7, '0')},person${i}@example.gov.uk,Person ${i},U${String(unit).padStart(2, '0')},${i % 10 === 0 ? 'contractor' : 'staff'},${manager},Officer,2024-04-01`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

async function measure(engine: string, handle: DatabaseHandle<Database>, bytes: Uint8Array, record: (m: Measurement) => void): Promise<void> {
  await migrate(handle.db);
  const root = await handle.db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  for (let u = 0; u < UNITS; u++) await handle.db.insertInto('organisation_units').values({ code: `U${String(u).padStart(2, '0')}`, name: `Unit ${u}`, unit_type: 'business_area', parent_id: root.id }).execute();
  const services = createServices({ db: handle.db, engine: handle.engine, clock: systemClock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: { info: () => undefined, error: () => undefined } });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    for (const [run, dryRun] of [['dry run', true], ['first import', false], ['same file again', false]] as const) {
      peakRss = process.memoryUsage().rss;
      const started = performance.now();
      const report = await services.peopleImport.run(systemActor('bench'), { fileName: 'people.csv', bytes, dryRun });
      if (report.errors.length > 0) throw new Error(`The generated file has errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
      record({ what: `${engine}: ${run} (${JSON.stringify(report.counts)})`, value: Math.round(performance.now() - started), unit: 'ms' });
      record({ what: `${engine}: ${run}, peak RSS`, value: Math.round(peakRss / 2 ** 20), unit: 'MiB' });
    }
  } finally {
    clearInterval(sampler);
  }
}

const bench: Bench = {
  title: `People import: ${count.toLocaleString('en-GB')} people in ${UNITS} units`,
  async run(record) {
    const bytes = generate(count);
    const dir = mkdtempSync(join(tmpdir(), 'custodian-bench-'));
    try {
      const pglite = await openDatabase<Database>({ engine: 'pglite', dataDir: join(dir, 'data') });
      await measure('PGlite', pglite, bytes, record);
      await pglite.close();
      const url = process.env.TEST_DATABASE_URL;
      if (!url) return;
      const pg = (await import('pg')).default;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const name = `custodian_bench_${process.pid}`;
      await admin.query(`create database ${name}`);
      try {
        const target = new URL(url);
        target.pathname = `/${name}`;
        const postgres = await openDatabase<Database>({ engine: 'postgres', url: target.toString() });
        await measure('PostgreSQL', postgres, bytes, record);
        await postgres.close();
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
