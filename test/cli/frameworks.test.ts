// `custodian frameworks import` with real files from ../shared/frameworks (skipped where absent) and the
// project's own fixtures: the --json counts, an OSCAL profile's relative import read beside it, --catalog,
// a bad file refused with every problem, an older version refused, and the CSV mapping import.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { custodian } from '../support/cli.ts';

const SHARED = new URL('../../../shared/frameworks/', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/frameworks/', import.meta.url).pathname;
const skip = existsSync(SHARED) ? false : 'the shared frameworks are not here';
const dir = mkdtempSync(join(tmpdir(), 'custodian-frameworks-'));
const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'none', CUSTODIAN_ADMIN_PASSWORD: 'a long operator password', LOG_LEVEL: 'silent' };
const importJson = async (...args: string[]) => {
  const result = await custodian(['frameworks', 'import', ...args, '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as { framework: string; version: string; requirements: number; assessable: number; mappings: number };
};

interface CisoLibrary {
  objects: { framework?: { ref_id: string; requirement_nodes: Array<{ assessable: boolean }> }; requirement_mapping_sets?: Array<{ requirement_mappings: unknown[] }> };
}
const cisoLibrary = (name: string) => parse(readFileSync(join(SHARED, 'ciso-assistant-libraries', name), 'utf8')) as CisoLibrary;

before(async () => {
  const seeded = await custodian(['seed'], env);
  assert.equal(seeded.code, 0, seeded.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian frameworks import', () => {
  test('an OSCAL profile reads the catalog its relative link names, beside the profile', async () => {
    const summary = await importJson(join(FIXTURES, 'oscal', 'profile-relative.json'));
    // The profile selects gv-1, gv-2.1 and op-1 from the catalog beside it.
    assert.deepEqual([summary.requirements, summary.assessable, summary.mappings], [3, 3, 0]);
    const missing = await custodian(['frameworks', 'import', join(FIXTURES, 'oscal', 'profile-missing-catalog.json')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--catalog/);
  });

  test('a bad file is refused, every problem listed, nothing imported', async () => {
    const before = await importJson(join(FIXTURES, 'ciso-assistant', 'tiny-framework.yaml'));
    const bad = await custodian(['frameworks', 'import', join(FIXTURES, 'oscal', 'bad-schema-catalog.json')], env);
    assert.equal(bad.code, 1);
    assert.ok(bad.stderr.split('\n').filter((line) => line.startsWith('  - ')).length >= 2, bad.stderr);
    const nothing = await custodian(['frameworks', 'import', join(dir, 'no-such-file.yaml')], env);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /no such file/);
    const again = await importJson(join(FIXTURES, 'ciso-assistant', 'tiny-framework.yaml'));
    assert.deepEqual(again, before);
  });

  test('NIST’s LOW, MODERATE and HIGH profiles resolve against the HIGH catalog to 149, 287 and 370 controls', { skip }, async () => {
    const catalog = join(SHARED, 'oscal/content/sp800-53-rev5/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json');
    for (const [level, count] of [['LOW', 149], ['MODERATE', 287], ['HIGH', 370]] as const) {
      const summary = await importJson(join(SHARED, `oscal/content/sp800-53-rev5/NIST_SP-800-53_rev5_${level}-baseline_profile.json`), '--catalog', catalog);
      assert.deepEqual([summary.requirements, summary.assessable, summary.mappings], [count, count, 0], level);
    }
  });

  test('CISO Assistant frameworks and the mapping set between them, with the counts the files hold', { skip }, async () => {
    for (const name of ['nist-sp-800-53-rev5.yaml', 'iso27001-2022.yaml']) {
      const library = cisoLibrary(name);
      const nodes = library.objects.framework!.requirement_nodes;
      const summary = await importJson(join(SHARED, 'ciso-assistant-libraries', name));
      assert.deepEqual([summary.requirements, summary.assessable], [nodes.length, nodes.filter((n) => n.assessable).length], name);
    }
    const mappingFile = 'mapping-nist-sp-800-53-rev5-to-iso27001-2022.yaml';
    const mappings = cisoLibrary(mappingFile).objects.requirement_mapping_sets!.reduce((n, set) => n + set.requirement_mappings.length, 0);
    const summary = await importJson(join(SHARED, 'ciso-assistant-libraries', mappingFile));
    assert.deepEqual([summary.requirements, summary.mappings], [0, mappings]);
  });

  test('the WebCAF CAF 3.2 is older than the built-in 4.0, so it is refused', { skip }, async () => {
    const older = await custodian(['frameworks', 'import', join(SHARED, 'webcaf/cyber-assessment-framework-v3.2.yaml')], env);
    assert.notEqual(older.code, 0);
    assert.match(older.stderr, /older than version 4\.0/);
    const same = await custodian(['frameworks', 'import', join(SHARED, 'webcaf/cyber-assessment-framework-v4.0.yaml')], env);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /already loaded from this file: nothing changed/);
  });

  test('control mappings from CSV: a dry run reports, a real run maps', async () => {
    const seeded = await custodian(['frameworks', 'import', join(FIXTURES, 'ciso-assistant', 'tiny-framework.yaml'), '--json'], env);
    const code = (JSON.parse(seeded.stdout) as { framework: string }).framework;
    const csv = join(dir, 'mappings.csv');
    writeFileSync(csv, `framework,requirement,control\r\n${code},nope,CTL-NONE\r\n`);
    const dry = await custodian(['frameworks', 'mappings', 'import', csv, '--dry-run', '--json'], env);
    assert.equal(dry.code, 1);
    const report = JSON.parse(dry.stdout) as { errors: Array<{ line: number; column: string }> };
    assert.deepEqual(report.errors.map((e) => [e.line, e.column]).sort(), [[2, 'control'], [2, 'requirement']]);
  });
});
