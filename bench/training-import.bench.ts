// The training import at department scale: BENCH_TRAINEES people (default 150,000, inserted set-based)
// in 60 units, and a generated learning-system file of ten completions each (1,500,000 rows), through
// the same code as `custodian training import`: a dry run, a real run, then the same file again
// (nothing changes). On PGlite on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/database.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { createServices } from '../src/services.ts';
import type { Bench } from './support.ts';

const people = Number(process.env.BENCH_TRAINEES ?? 150_000);
const PER_PERSON = 10;
const UNITS = 60;
const COURSES = ['SEC-ANNUAL', 'IAO', 'SRO', 'ADMIN'];

function generate(): Uint8Array {
  // Ten distinct completions a person: the annual course in each of seven years, and three role courses.
  const chunks: string[] = ['staff number,email,course,completed on\n'];
  for (let i = 0; i < people; i++) {
    const staff = `S${String(i).padStart(7, '0')}`;
    let rows = '';
    for (let y = 0; y < 7; y++) rows += `${staff},,SEC-ANNUAL,${2019 + y}-0${1 + (i % 9)}-1${i % 10}\n`;
    for (const course of COURSES.slice(1)) rows += i % 3 === 0 ? `,person${i}@example.gov.uk,${course},2025-0${1 + (i % 9)}-2${i % 8}\n` : `${staff},,${course},2025-0${1 + (i % 9)}-2${i % 8}\n`;
    chunks.push(rows);
  }
  return new TextEncoder().encode(chunks.join(''));
}

const bench: Bench = {
  title: `Training import: ${(people * PER_PERSON).toLocaleString('en-GB')} completions for ${people.toLocaleString('en-GB')} people`,
  async run(record) {
    let started = performance.now();
    const bytes = generate();
    record({ what: `generate the CSV (${Math.round(bytes.length / 2 ** 20)} MiB)`, value: Math.round(performance.now() - started), unit: 'ms' });
    const dir = mkdtempSync(join(tmpdir(), 'custodian-bench-'));
    try {
      const handle = await openDatabase<Database>({ engine: 'pglite', dataDir: join(dir, 'data') });
      const db = handle.db;
      await migrate(db);
      started = performance.now();
      const root = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into organisation_units (code, name, unit_type, parent_id)
                select 'U' || lpad(u::text, 2, '0'), 'Unit ' || u, 'business_area', ${root.id}::uuid from generate_series(0, ${UNITS - 1}) u`.execute(db);
      await sql`insert into people (staff_number, email, display_name, unit_id)
                select 'S' || lpad(i::text, 7, '0'), 'person' || i || '@example.gov.uk', 'Person ' || i, u.id
                  from generate_series(0, ${people - 1}) i join organisation_units u on u.code = 'U' || lpad((i % ${UNITS})::text, 2, '0')`.execute(db);
      record({ what: `insert ${people.toLocaleString('en-GB')} people set-based`, value: Math.round(performance.now() - started), unit: 'ms' });
      const services = createServices({ db, engine: handle.engine, clock: systemClock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: { info: () => undefined, error: () => undefined } });
      const actor = systemActor('bench');
      await services.training.addCourse(actor, { code: 'SEC-ANNUAL', title: 'Responsible for information', audience: 'everyone', validityMonths: 12 });
      await services.training.addCourse(actor, { code: 'IAO', title: 'Information Asset Owner', audience: 'appointment', roleCode: 'information-asset-owner', validityMonths: 24 });
      await services.training.addCourse(actor, { code: 'SRO', title: 'Senior Responsible Officer', audience: 'appointment', roleCode: 'senior-responsible-officer', validityMonths: 24 });
      await services.training.addCourse(actor, { code: 'ADMIN', title: 'Privileged access', audience: 'access-role', roleCode: 'administrator', validityMonths: 12 });
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      try {
        for (const [run, dryRun] of [['dry run', true], ['first import', false], ['same file again', false]] as const) {
          peakRss = process.memoryUsage().rss;
          started = performance.now();
          const report = await services.training.import.run(actor, { fileName: 'training.csv', bytes, dryRun });
          if (report.errors.length > 0) throw new Error(`The generated file has errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
          record({ what: `PGlite: ${run} (${JSON.stringify(report.counts)})`, value: Math.round(performance.now() - started), unit: 'ms' });
          record({ what: `PGlite: ${run}, peak RSS`, value: Math.round(peakRss / 2 ** 20), unit: 'MiB' });
        }
      } finally {
        clearInterval(sampler);
      }
      await handle.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
