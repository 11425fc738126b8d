// `npm run bench:parts [-- name]`: runs every bench/*.bench.ts (or those named) in turn and prints what
// each measured: one register or import at a time, where `npm run bench` (run.ts) times the whole
// department. Benchmarks prove speed at scale (DECISIONS: Tests); `npm test` never times anything. A bench builds its own
// database with test/support/app.ts createTestContext (PGlite, or PostgreSQL when TEST_DATABASE_URL is
// set) and loads the data it needs.
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Bench } from './support.ts';

const only = process.argv.slice(2);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const file of files) {
  const bench = (await import(new URL(file, import.meta.url).href)).default as Bench;
  console.log(`\n${bench.title} (${file})`);
  const started = performance.now();
  await bench.run((m) => console.log(`  ${m.what.padEnd(80)} ${String(m.value).padStart(10)} ${m.unit}`));
  console.log(`  ${'(whole bench)'.padEnd(80)} ${String(Math.round(performance.now() - started)).padStart(10)} ms`);
}
