#!/usr/bin/env node
// Finds the test files and runs them with node's own test runner, whose summary CI reads.
// Unit, database and HTTP tests by default; the Chromium journeys with --e2e.
// The migrated database template is prepared once here, so each test file only loads a snapshot.
import { readdirSync, statSync } from 'node:fs';
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

const all = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))];
const chosen = all
  .filter((f) => (e2e ? f.startsWith('test/e2e/') : !f.startsWith('test/e2e/')))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (chosen.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const prepare = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/prepare-template.ts'], { cwd: root, stdio: 'inherit' });
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

const concurrency = e2e ? 1 : Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 2));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...chosen],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
