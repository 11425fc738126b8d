// Imports a generated HR file of N people (default 100,000) through the real import, on PGlite (on
// disk) and, when TEST_DATABASE_URL is set, on PostgreSQL; then imports it again to show nothing
// changes. Prints the times and the peak memory. Run: npx tsx scripts/measure-people-import.ts [N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/access/actor.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/database.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { createServices } from '../src/services.ts';

const count = Number(process.argv[2] ?? 100_000);
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

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function measure(label: string, handle: DatabaseHandle<Database>, bytes: Uint8Array): Promise<void> {
  await migrate(handle.db);
  const root = await handle.db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  for (let u = 0; u < UNITS; u++) await handle.db.insertInto('organisation_units').values({ code: `U${String(u).padStart(2, '0')}`, name: `Unit ${u}`, unit_type: 'business_area', parent_id: root.id }).execute();
  const services = createServices({ db: handle.db, engine: handle.engine, clock: systemClock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: { info: () => undefined, error: () => undefined } });
  for (const [run, dryRun] of [['dry run', true], ['first import', false], ['same file again', false]] as const) {
    peakRss = process.memoryUsage().rss;
    const started = performance.now();
    const report = await services.peopleImport.run(systemActor('measure'), { fileName: 'people.csv', bytes, dryRun });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${label.padEnd(10)} ${run.padEnd(16)} ${seconds.padStart(6)} s  errors ${report.errors.length}  ${JSON.stringify(report.counts)}  peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`);
    if (report.errors.length > 0) console.log(report.errors.slice(0, 5));
  }
}

const bytes = generate(count);
console.log(`${count.toLocaleString('en-GB')} people, ${(bytes.length / 2 ** 20).toFixed(1)} MiB of CSV`);
const dir = mkdtempSync(join(tmpdir(), 'custodian-measure-'));
try {
  const pglite = await openDatabase<Database>({ engine: 'pglite', dataDir: join(dir, 'data') });
  await measure('PGlite', pglite, bytes);
  await pglite.close();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `custodian_measure_${process.pid}`;
    await admin.query(`create database ${name}`);
    try {
      const target = new URL(url);
      target.pathname = `/${name}`;
      const postgres = await openDatabase<Database>({ engine: 'postgres', url: target.toString() });
      await measure('PostgreSQL', postgres, bytes);
      await postgres.close();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
