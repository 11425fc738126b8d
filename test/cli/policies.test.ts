import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { custodian } from '../support/cli.ts';
import { copySeededExample } from '../support/seeded-example.ts';

const CORPUS = new URL('../../../shared/corpus/moj-security-guidance-2021/docs/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'custodian-policies-'));
const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'moj', CUSTODIAN_ADMIN_EMAIL: 'operator@example.gov.uk', CUSTODIAN_ADMIN_PASSWORD: 'a long operator password', LOG_LEVEL: 'silent' };

before(async () => {
  // What `custodian seed` makes with the MoJ example (test/cli/compliance.test.ts runs the command itself).
  await copySeededExample(env.CUSTODIAN_DATA_DIR, { adminEmail: env.CUSTODIAN_ADMIN_EMAIL, adminPassword: env.CUSTODIAN_ADMIN_PASSWORD });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian policies import', () => {
  test('all 144 pages of the MoJ guidance import without error, and importing them again changes nothing', { skip: !existsSync(CORPUS) && 'the shared corpus is not here' }, async () => {
    const first = await custodian(['policies', 'import', CORPUS, '--unit', 'MOJ', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout) as { created: number; versioned: number; unchanged: number; documents: unknown[] };
    assert.equal(summary.documents.length, 144);
    assert.equal(summary.created + summary.versioned, 144);
    const again = JSON.parse((await custodian(['policies', 'import', CORPUS, '--unit', 'MOJ', '--json'], env)).stdout) as { unchanged: number };
    assert.equal(again.unchanged, 144);
  });

  test('a wrong path, an unknown unit or a bad tier says what to fix', async () => {
    const missing = await custodian(['policies', 'import', join(dir, 'nothing-here'), '--unit', 'MOJ'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file or folder/);
    const empty = await custodian(['policies', 'import', dir, '--unit', 'MOJ'], { ...env, CUSTODIAN_DATA_DIR: join(dir, 'other') });
    assert.match(empty.stderr, /No Markdown \(\.md\) files/);
    const tier = await custodian(['policies', 'import', dir, '--unit', 'MOJ', '--tier', '9'], env);
    assert.notEqual(tier.code, 0);
    assert.match(tier.stderr, /tier from 1/);
  });
});
