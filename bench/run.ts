// `npm run bench [-- --scale small] [--engine pglite|postgres] [--seed N] [--clients N] [--requests N]`: the
// department-scale benchmark (issue 14). For each engine it generates a department with
// `custodian demo generate`, times the compliance engine against its floor, loads the register list
// pages with concurrent clients on the real server, and reads the server's peak memory and the
// database's size; then prints one table and writes bench/results.json. `npm run bench:parts` runs
// the smaller benches of one register or import each.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SCALE_NAMES, isScaleName } from '../src/demo/scales.ts';
import { measureEngine, type Figure } from './department/measure.ts';
import { POSTGRES_URL, postgresReachable, type Engine } from './department/stores.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'department' },
    seed: { type: 'string', default: '1' },
    engine: { type: 'string', multiple: true },
    clients: { type: 'string', default: '32' },
    requests: { type: 'string' },
    out: { type: 'string', default: new URL('results.json', import.meta.url).pathname },
  },
});
const scale = values.scale;
if (!isScaleName(scale)) throw new Error(`--scale ${scale} is not a scale: use ${SCALE_NAMES.join(', ')}`);
const seed = Number(values.seed);
const clients = Number(values.clients);
const engines = (values.engine ?? ['pglite', 'postgres']) as Engine[];
for (const engine of engines) if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`--engine ${engine} is not an engine: use pglite or postgres`);

// The department is the measurement; smaller scales are quick checks, so their load phases are short.
const quick = scale !== 'department';
const requestsPerClient = Number(values.requests ?? (quick ? 2 : 8));
const budgetMs = quick ? 2_000 : 8_000;

const began = Date.now();
const elapsed = (): string => `${Math.round((Date.now() - began) / 1000)} s`;
const results: Array<Figure & { engine: Engine; ratio?: number }> = [];
for (const engine of engines) {
  if (engine === 'postgres' && !(await postgresReachable())) {
    console.log(`PostgreSQL at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')} is not reachable: skipped (set BENCH_DATABASE_URL to a server where the bench may create a database).`);
    continue;
  }
  const say = (line: string): void => console.log(`[${elapsed().padStart(6)}] ${engine}: ${line}`);
  const figures = await measureEngine(engine, scale, seed, { clients, requestsPerClient, pagesSpread: 20, budgetMs }, say);
  for (const f of figures) results.push({ ...f, engine, ...(f.floor ? { ratio: Math.round((f.value / f.floor) * 100) / 100 } : {}) });
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${await postgresVersion()}, PGlite (on disk)`;
writeFileSync(values.out, `${JSON.stringify({ machine, date: new Date().toISOString(), scale, seed, results }, null, 2)}\n`);

// One row per figure: each engine's value side by side, then the floor and ratio (engine by engine where both ran).
const names = [...new Set(results.map((r) => r.name))];
const cell = (engine: Engine, name: string): string => {
  const r = results.find((x) => x.name === name && x.engine === engine);
  return r ? `${r.value.toLocaleString('en-GB')} ${r.unit}` : '';
};
const rows = names.map((name) => {
  const of = results.filter((r) => r.name === name);
  const pairs = (pick: (r: (typeof results)[number]) => string): string => of.map(pick).filter((v) => v !== '').join(' / ');
  return [
    name,
    cell('pglite', name),
    cell('postgres', name),
    pairs((r) => (r.floor !== undefined ? `${r.floor.toLocaleString('en-GB')} ms` : '')),
    pairs((r) => (r.ratio !== undefined ? `${r.ratio} ×` : '')),
    of.find((r) => r.goal)?.goal ?? '',
    pairs((r) => (r.met === undefined || (r.engine === 'pglite' && r.goal?.includes('PostgreSQL')) ? '' : r.met ? 'met' : 'NOT MET')),
  ];
});
const header = ['figure', 'PGlite', 'PostgreSQL', 'floor', 'ratio', 'goal', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\nDepartment benchmark, scale ${scale}, seed ${seed}, ${clients} clients: ${machine}; ${elapsed()} in all\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(`\nWritten to ${values.out}`);
// A page that failed under load makes its timings meaningless: the run fails rather than report them.
const failed = results.filter((r) => r.unit.includes('failed'));
if (failed.length > 0) {
  console.error(`Some list pages failed under load: ${failed.map((r) => r.name.trim()).join('; ')}`);
  process.exitCode = 1;
}

async function postgresVersion(): Promise<string> {
  if (!engines.includes('postgres')) return 'PostgreSQL not run';
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${rows[0]?.server_version.split(' ')[0] ?? '?'}`;
  } catch {
    return 'PostgreSQL unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}
