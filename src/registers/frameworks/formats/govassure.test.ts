import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { carriedOverTargets, deriveGovAssureTargets } from './govassure.ts';
import type { GovAssureTargetsFile } from './govassure.ts';
import type { ParsedFramework, ParsedProfileTarget, ParsedRequirement } from './parsed.ts';
import { parseWebCaf } from './webcaf.ts';

const SHARED = new URL('../../../../../shared/frameworks/webcaf/', import.meta.url);
const BUILT_IN_YAML = new URL('../built-in/ncsc-caf-4.0.yaml', import.meta.url);
const BUILT_IN_TARGETS = new URL('../built-in/ncsc-caf-4.0-govassure-targets.json', import.meta.url);
const sharedAbsent = !existsSync(SHARED) && 'the shared WebCAF files are not here';

const sharedFile = (version: string) => {
  const name = `cyber-assessment-framework-v${version}.yaml`;
  return { path: `frameworks/${name}`, text: readFileSync(new URL(name, SHARED), 'utf8') };
};
const sharedCaf = (version: string) => {
  const { path, text } = sharedFile(version);
  const [framework] = parseWebCaf(path, text).frameworks;
  assert.ok(framework);
  return framework;
};

function caf(version: string, outcomes: Array<[string, string]>, profileTargets: ParsedProfileTarget[] = []): ParsedFramework {
  const requirements = outcomes.map(([key, title], position): ParsedRequirement => ({
    key, externalId: key, parentKey: null, level: 'outcome', title, text: '', assessable: false, position, details: {},
  }));
  return { code: 'ncsc-caf', name: 'CAF', version, externalId: 'ncsc-caf', format: 'webcaf', publisher: '', attribution: '', description: '', requirements, profileTargets };
}

describe('carriedOverTargets', () => {
  test('an outcome keeps its targets only where its id and title both carried over', () => {
    const previous = caf('1.0', [['A1.a', 'Board Direction'], ['A1.b', 'Assurance'], ['A1.c', 'Logging']], [
      { key: 'A1.a', profile: 'enhanced', target: 'achieved' },
      { key: 'A1.a', profile: 'baseline', target: 'partially-achieved' },
      { key: 'A1.b', profile: 'baseline', target: 'achieved' },
    ]);
    const next = caf('2.0', [['A1.a', '  board   direction '], ['A1.b', 'Understanding Threat'], ['A1.c', 'Logging'], ['A1.d', 'Assurance']]);
    assert.deepEqual(carriedOverTargets(previous, next), {
      carried: [
        { key: 'A1.a', profile: 'baseline', target: 'partially-achieved' },
        { key: 'A1.a', profile: 'enhanced', target: 'achieved' },
      ],
      needingTarget: [
        { key: 'A1.b', title: 'Understanding Threat', reason: 'title changed from "Assurance"' },
        { key: 'A1.c', title: 'Logging', reason: 'no target in 1.0' },
        { key: 'A1.d', title: 'Assurance', reason: 'new in 2.0' },
      ],
    });
  });

  test('CAF 3.2 to 4.0: 32 outcomes carry their targets and 9 need one', { skip: sharedAbsent }, () => {
    const { carried, needingTarget } = carriedOverTargets(sharedCaf('3.2'), sharedCaf('4.0'));
    assert.equal(new Set(carried.map((t) => t.key)).size, 32);
    assert.equal(carried.length, 64);
    assert.deepEqual(needingTarget.map((n) => n.key), ['A2.b', 'A2.c', 'A4.b', 'C1.a', 'C1.d', 'C1.e', 'C1.f', 'C2.a', 'D2.a']);
    assert.deepEqual(needingTarget.find((n) => n.key === 'A2.b'), { key: 'A2.b', title: 'Understanding Threat', reason: 'title changed from "Assurance"' });
    assert.deepEqual(needingTarget.find((n) => n.key === 'A4.b'), { key: 'A4.b', title: 'Secure Software Development and Support', reason: 'new in 4.0' });
  });
});

describe('the built-in CAF 4.0', () => {
  const committed = JSON.parse(readFileSync(BUILT_IN_TARGETS, 'utf8')) as GovAssureTargetsFile;

  test('the committed targets file is what the two WebCAF files derive', { skip: sharedAbsent }, () => {
    const derived = deriveGovAssureTargets(sharedFile('3.2'), sharedFile('4.0'));
    assert.deepEqual(committed, derived);
    assert.equal(readFileSync(BUILT_IN_TARGETS, 'utf8'), JSON.stringify(derived, null, 2) + '\n', 'rerun scripts/derive-caf-targets.ts');
  });

  test('the built-in yaml parses, and the targets file speaks of its outcomes, each once', () => {
    const [framework] = parseWebCaf('ncsc-caf-4.0.yaml', readFileSync(BUILT_IN_YAML, 'utf8')).frameworks;
    assert.ok(framework);
    assert.equal(framework.version, '4.0');
    const outcomes = framework.requirements.filter((r) => r.level === 'outcome').map((r) => r.key);
    for (const { key } of [...committed.targets, ...committed.needingTarget]) assert.ok(outcomes.includes(key), `${key} is an outcome of CAF 4.0`);
    const targeted = new Set(committed.targets.map((t) => t.key));
    const needing = committed.needingTarget.map((n) => n.key);
    assert.deepEqual([...targeted, ...needing].sort(), [...outcomes].sort());
    for (const key of targeted) assert.deepEqual(committed.targets.filter((t) => t.key === key).map((t) => t.profile), ['baseline', 'enhanced']);
  });

  test('the built-in yaml is byte for byte the WebCAF 4.0 file', { skip: sharedAbsent }, () => {
    assert.ok(readFileSync(BUILT_IN_YAML).equals(readFileSync(new URL('cyber-assessment-framework-v4.0.yaml', SHARED))));
  });
});
