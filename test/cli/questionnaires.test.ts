// `custodian questionnaires import`: the MoJ example questionnaire loads, again changes nothing, and a bad
// file is refused with every problem listed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { custodian } from '../support/cli.ts';

const EXAMPLE = new URL('../../src/example/moj/supplier-questionnaire.yaml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'custodian-questionnaires-'));
const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'none', CUSTODIAN_ADMIN_PASSWORD: 'a long operator password', LOG_LEVEL: 'silent' };

before(async () => {
  const seeded = await custodian(['seed'], env);
  assert.equal(seeded.code, 0, seeded.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian questionnaires import', () => {
  test('the example questionnaire loads once; loading it again changes nothing', async () => {
    const first = await custodian(['questionnaires', 'import', EXAMPLE, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const loaded = JSON.parse(first.stdout) as { code: string; version: string; outcome: string; questions: number };
    assert.deepEqual([loaded.code, loaded.version, loaded.outcome], ['moj-supplier-security', '2021.1', 'created']);
    const again = await custodian(['questionnaires', 'import', EXAMPLE], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /moj-supplier-security version 2021\.1 is already loaded: nothing changed/);
  });

  test('a bad file is refused with every problem, and a missing one is named', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'code: Not A Code\ngroups:\n  - title: G\n    questions:\n      - key: A\n        text: Why?\n        weight: -1\n');
    const refused = await custodian(['questionnaires', 'import', bad], env);
    assert.equal(refused.code, 1);
    assert.ok(refused.stderr.split('\n').filter((line) => line.startsWith('  - ')).length >= 3, refused.stderr);
    const missing = await custodian(['questionnaires', 'import', join(dir, 'nothing.yaml')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file/);
  });
});
