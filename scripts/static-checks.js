#!/usr/bin/env node
// Type-check and lint at the same time: each keeps one core busy, and on a two-core machine one
// after the other left the second idle for about a minute of every `npm test`. Each one's output is
// printed whole when it ends, so the two never interleave; the exit status fails if either failed.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const checks = [
  ['Type-check (tsc --noEmit)', ['node_modules/typescript/bin/tsc', '--noEmit']],
  ['Lint (eslint .)', ['node_modules/eslint/bin/eslint.js', '.']],
];

const results = await Promise.all(
  checks.map(
    ([name, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(`# ${name}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s\n${output}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
