// `custodian demo generate` on its own PGlite folder: fills a freshly set-up database and prints what
// landed, refuses a database that already holds people, and refuses a scale it does not know.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { custodian } from '../../test/support/cli.ts';
import { SCALES } from './scales.ts';

const dir = mkdtempSync(join(tmpdir(), 'custodian-demo-'));
const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'none', LOG_LEVEL: 'silent', CUSTODIAN_ADMIN_EMAIL: 'admin@demo.example', CUSTODIAN_ADMIN_PASSWORD: 'a long enough password' };
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian demo generate', () => {
  test('fills a freshly set-up database, then refuses to fill it again', async () => {
    assert.equal((await custodian(['seed'], env)).code, 0);
    const first = await custodian(['demo', 'generate', '--scale', 'tiny', '--seed', '5', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const printed = JSON.parse(first.stdout) as { seed: number; counts: Record<string, number>; timings: Record<string, number> };
    assert.equal(printed.seed, 5);
    assert.equal(printed.counts.assets, SCALES.tiny.assets);
    assert.equal(printed.counts.trainingRecords, SCALES.tiny.trainingRecords);
    assert.equal(typeof printed.timings['training records (import)'], 'number');
    const again = await custodian(['demo', 'generate', '--scale', 'tiny'], env);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds people .*Point CUSTODIAN_DATA_DIR/);
  });

  test('a scale it does not know is refused, naming the scales it does', async () => {
    const result = await custodian(['demo', 'generate', '--scale', 'huge'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"huge" is not a scale: use tiny, small, department/);
  });
});
