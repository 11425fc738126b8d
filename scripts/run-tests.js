#!/usr/bin/env node
// Finds the test files and runs them with node's own test runner, whose summary CI reads.
// Unit, database and HTTP tests by default; the Chromium journeys with --e2e.
// The migrated database template is prepared once here, so each test file only loads a snapshot.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

// With TEST_DATABASE_URL the point of the run is PostgreSQL: files that never open the test database
// (parsers, pure rules, the CLI on its own PGlite folders) ran on the first pass and are left out.
// A file opens it through test/support/database.ts, directly or through another support module.
function databaseBoundSupport() {
  const dir = join(root, 'test/support');
  const texts = new Map(readdirSync(dir).filter((n) => n.endsWith('.ts')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
  const bound = new Set(['database.ts']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, text] of texts) {
      if (bound.has(name)) continue;
      if ([...bound].some((b) => text.includes(`./${b}'`))) {
        bound.add(name);
        grew = true;
      }
    }
  }
  return [...bound];
}
const onPostgres = !e2e && Boolean(process.env.TEST_DATABASE_URL);
const boundSupport = onPostgres ? databaseBoundSupport() : [];
const usesTestDatabase = (file) => {
  const text = readFileSync(join(root, file), 'utf8');
  return boundSupport.some((name) => text.includes(`support/${name}'`)) || text.includes('TEST_DATABASE_URL');
};

const all = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))];
const chosen = all
  .filter((f) => (e2e ? f.startsWith('test/e2e/') : !f.startsWith('test/e2e/')))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !onPostgres || usesTestDatabase(f))
  .sort();
if (onPostgres) console.log(`# PostgreSQL pass: ${chosen.length} files that open the test database`);
if (args.includes('--list')) {
  console.log(chosen.join('\n'));
  process.exit(0);
}

if (chosen.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const prepare = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/prepare-template.ts'], { cwd: root, stdio: 'inherit' });
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

// Two files at once: on two cores a journey keeps about one busy (its server renders while Chromium
// waits, then axe runs while the server waits), and each journey has its own server, port and data.
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 2));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...chosen],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
