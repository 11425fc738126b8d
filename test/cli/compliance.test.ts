// `custodian compliance evaluate` on a fresh start with the MoJ example: setup has already evaluated it
// (findings on the first page load), and the command runs every rule again and prints the counts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { Database } from '../../src/database.ts';
import { RULES } from '../../src/compliance/rules/index.ts';
import { custodian } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'custodian-compliance-'));
const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'moj', CUSTODIAN_ADMIN_PASSWORD: 'a long operator password', LOG_LEVEL: 'silent' };

before(async () => {
  const seeded = await custodian(['seed'], env);
  assert.equal(seeded.code, 0, seeded.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian compliance evaluate', () => {
  test('--json prints the rules run, the findings by status and the time taken', async () => {
    const result = await custodian(['compliance', 'evaluate', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { rules: number; findings: { open: number; covered: number; resolved: number }; durationMs: number };
    assert.deepEqual(Object.keys(printed), ['rules', 'findings', 'durationMs']);
    assert.deepEqual(Object.keys(printed.findings), ['open', 'covered', 'resolved']);
    assert.equal(printed.rules, RULES.length);
    assert.ok(Number.isInteger(printed.durationMs) && printed.durationMs >= 0);
    // The example is a department part-way there: some requirements unmet, some covered by an exception.
    assert.ok(printed.findings.open > 0, 'the MoJ example has unmet requirements');
    assert.ok(printed.findings.covered > 0, 'and at least one covered by an exception backed by an accepted risk');
  });

  test('the first-run setup evaluated the example before anyone asked, and the command made a second full run', async () => {
    const handle = await openDatabase<Database>({ engine: 'pglite', dataDir: env.CUSTODIAN_DATA_DIR });
    try {
      const runs = await handle.db.selectFrom('compliance_runs').select(['kind', 'trigger']).where('kind', '=', 'full').orderBy('started_at').execute();
      assert.deepEqual(runs.map((r) => r.trigger), ['setup', 'cli']);
    } finally {
      await handle.close();
    }
  });

  test('without --json it says the same in words', async () => {
    const result = await custodian(['compliance', 'evaluate'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\d+ rules evaluated in \d+ ms: \d+ open, \d+ covered by exceptions, \d+ resolved\n$/);
  });
});
