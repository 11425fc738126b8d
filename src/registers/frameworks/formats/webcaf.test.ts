import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FrameworkFileError } from './parsed.ts';
import type { ParsedFramework, ParsedLibrary } from './parsed.ts';
import { parseWebCaf } from './webcaf.ts';

const SHARED = new URL('../../../../../shared/frameworks/webcaf/', import.meta.url);
const FIXTURES = new URL('../../../../test/fixtures/frameworks/webcaf/', import.meta.url);
const sharedAbsent = !existsSync(SHARED) && 'the shared WebCAF files are not here';

const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const sharedText = (version: string) => readFileSync(new URL(`cyber-assessment-framework-v${version}.yaml`, SHARED), 'utf8');

function onlyFramework(library: ParsedLibrary): ParsedFramework {
  assert.equal(library.frameworks.length, 1);
  assert.equal(library.mappingSets.length, 0);
  const [framework] = library.frameworks;
  assert.ok(framework);
  return framework;
}

/** Counts straight from the YAML, without the parser, so the two can be compared. */
function countFromYaml(text: string) {
  const entries = (value: unknown): [string, Record<string, unknown>][] =>
    Object.entries((value ?? {}) as Record<string, Record<string, unknown>>);
  const counts = { objective: 0, principle: 0, outcome: 0, indicator: 0, outcomesWithBothTargets: 0 };
  const root = parse(text, { maxAliasCount: -1 }) as { objectives: unknown };
  for (const [, objective] of entries(root.objectives)) {
    counts.objective++;
    for (const [, principle] of entries(objective['principles'])) {
      counts.principle++;
      for (const [, outcome] of entries(principle['outcomes'])) {
        counts.outcome++;
        const targets = outcome['min_profile_requirement'] as Record<string, unknown> | undefined;
        if (targets?.['baseline'] && targets['enhanced']) counts.outcomesWithBothTargets++;
        for (const [, group] of entries(outcome['indicators'])) counts.indicator += Object.keys(group).length;
      }
    }
  }
  return counts;
}

function levelCounts(framework: ParsedFramework): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const requirement of framework.requirements) counts[requirement.level] = (counts[requirement.level] ?? 0) + 1;
  return counts;
}

function assertWellFormed(framework: ParsedFramework): void {
  const keys = new Set(framework.requirements.map((r) => r.key));
  assert.equal(keys.size, framework.requirements.length, 'every key is unique');
  for (const requirement of framework.requirements) {
    if (requirement.parentKey !== null) assert.ok(keys.has(requirement.parentKey), `${requirement.key}'s parent resolves`);
    assert.equal(requirement.assessable, requirement.level === 'indicator', `${requirement.key}: only indicators are assessable`);
  }
  assert.deepEqual(framework.requirements.map((r) => r.position), framework.requirements.map((_, i) => i));
}

function assertProblems(fileName: string, text: string, expected: RegExp[]): void {
  assert.throws(
    () => parseWebCaf(fileName, text),
    (error: unknown) => {
      assert.ok(error instanceof FrameworkFileError, 'a FrameworkFileError');
      assert.equal(error.fileName, fileName);
      for (const pattern of expected) assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('the real WebCAF files', () => {
  const expectations = [
    { version: '3.2', outcomes: 39, title: 'CAF 3.2 parses whole, with both GovAssure targets on each of its 39 outcomes' },
    { version: '4.0', outcomes: 41, title: 'CAF 4.0 parses whole, with 41 outcomes and no targets' },
  ];
  for (const { version, outcomes, title } of expectations) {
    test(title, { skip: sharedAbsent }, () => {
      const text = sharedText(version);
      const framework = onlyFramework(parseWebCaf(`cyber-assessment-framework-v${version}.yaml`, text));
      const { outcomesWithBothTargets, ...counted } = countFromYaml(text);
      assert.deepEqual(levelCounts(framework), counted);
      assert.equal(counted.outcome, outcomes);
      // 3.2 states both profiles' targets on every outcome; 4.0 states none.
      const targeted = version === '3.2' ? outcomes : 0;
      assert.equal(outcomesWithBothTargets, targeted);
      assert.equal(framework.profileTargets.length, targeted * 2);
      assert.equal(new Set(framework.profileTargets.map((t) => `${t.key} ${t.profile}`)).size, targeted * 2);
      assert.equal(framework.version, version);
      assert.equal(framework.code, 'ncsc-caf');
      assertWellFormed(framework);
    });
  }

  test('CAF 4.0 indicators without an index of their own keep their WebCAF ids', { skip: sharedAbsent }, () => {
    const framework = onlyFramework(parseWebCaf('cyber-assessment-framework-v4.0.yaml', sharedText('4.0')));
    const byWebCafId = (id: string) => framework.requirements.find((r) => r.details['webcafId'] === id);
    assert.equal(byWebCafId('A1.a.5')?.key, 'A1.a.A.1');
    for (const [id, index] of [['B2.b.7', 'B2.b.PA.3'], ['B2.b.8', 'B2.b.PA.3'], ['D2.b.9', 'D2.b.A.5'], ['D2.b.10', 'D2.b.A.5'], ['B3.a.9', null]] as const) {
      const indicator = byWebCafId(id);
      assert.equal(indicator?.key, id);
      assert.equal(indicator?.details['ncscIndex'], index);
    }
  });
});

describe('parseWebCaf on the project fixtures', () => {
  test('a tiny framework parses to exactly this', () => {
    const achieved = (webcafId: string, ncscIndex: string | null) => ({ achievement: 'achieved', webcafId, ncscIndex });
    const indicator = (key: string, parentKey: string, text: string, position: number, details: Record<string, unknown>) =>
      ({ key, externalId: key, parentKey, level: 'indicator', title: '', text, assessable: true, position, details });
    const node = (key: string, parentKey: string | null, level: string, title: string, text: string, position: number) =>
      ({ key, externalId: key, parentKey, level, title, text, assessable: false, position, details: {} });
    assert.deepEqual(parseWebCaf('tiny-caf-v1.0.yaml', fixture('tiny-caf-v1.0.yaml')), {
      fileName: 'tiny-caf-v1.0.yaml',
      frameworks: [
        {
          code: 'ncsc-caf',
          name: 'NCSC Cyber Assessment Framework',
          version: '1.0',
          externalId: 'ncsc-caf',
          format: 'webcaf',
          publisher: 'National Cyber Security Centre (NCSC)',
          attribution: '© Crown copyright, National Cyber Security Centre. Published under the Open Government Licence v3.0.',
          description: '',
          requirements: [
            node('A', null, 'objective', 'Knowing the estate', 'You know what you have and who looks after it.', 0),
            node('A1', 'A', 'principle', 'Inventory', 'The estate is recorded in one place.', 1),
            node('A1.a', 'A1', 'outcome', 'Asset register', 'Every asset is in the register.', 2),
            indicator('A1.a.NA.1', 'A1.a', 'Assets are found only when they fail.', 3, { achievement: 'not-achieved', webcafId: 'A1.a.1', ncscIndex: 'A1.a.NA.1' }),
            indicator('A1.a.A.1', 'A1.a', 'The register is complete.', 4, achieved('A1.a.2', 'A1.a.A.1')),
            indicator('A1.a.3', 'A1.a', 'The register is reviewed each quarter.', 5, achieved('A1.a.3', null)),
            node('A1.b', 'A1', 'outcome', 'Asset owners', 'Every asset has an owner.', 6),
            // Two indicators give the same NCSC index, so neither can be keyed by it.
            indicator('A1.b.1', 'A1.b', 'Most assets have an owner.', 7, { achievement: 'partially-achieved', webcafId: 'A1.b.1', ncscIndex: 'A1.b.PA.1' }),
            indicator('A1.b.2', 'A1.b', 'Owners know they own them.', 8, { achievement: 'partially-achieved', webcafId: 'A1.b.2', ncscIndex: 'A1.b.PA.1' }),
            indicator('A1.b.A.1', 'A1.b', 'Every asset has a named owner.', 9, achieved('A1.b.3', 'A1.b.A.1')),
          ],
          profileTargets: [
            { key: 'A1.a', profile: 'baseline', target: 'partially-achieved' },
            { key: 'A1.a', profile: 'enhanced', target: 'achieved' },
          ],
        },
      ],
      mappingSets: [],
    });
  });

  test('a version stated in the file wins over the file name, kept as written', () => {
    const text = fixture('tiny-caf-v1.0.yaml');
    assert.equal(onlyFramework(parseWebCaf('caf.yaml', `version: 4.0\n${text}`)).version, '4.0');
    assert.equal(onlyFramework(parseWebCaf('caf-v1.0.yaml', `version: "9.1"\n${text}`)).version, '9.1');
  });

  test('a file stating no version, in name or content, asks for one', () => {
    assertProblems('caf.yaml', fixture('tiny-caf-v1.0.yaml'), [/version is not stated: add `version: 4\.0`.*or name the file with its version/]);
  });

  test('a file that is not YAML is refused with the line of the fault', () => {
    assertProblems('not-yaml-v1.0.yaml', fixture('not-yaml-v1.0.yaml'), [/not a readable YAML file/, /line 6: column 1: missing closing "quote; correct the YAML syntax/]);
    assertProblems('prose-v1.0.yaml', 'Just a sentence.', [/not a WebCAF framework file: expected a YAML mapping with `objectives`/]);
  });

  test('a file without objectives is refused', () => {
    assertProblems('no-objectives-v1.0.yaml', fixture('no-objectives-v1.0.yaml'), [/there are no `objectives`: a WebCAF framework file lists its objectives/]);
  });

  test('a node missing its code or title is named, with what to add', () => {
    assertProblems('missing-code-and-title-v1.0.yaml', fixture('missing-code-and-title-v1.0.yaml'), [
      /\/objectives\/A\/principles\/A1 \(line 7\): principle A1 has no `code`: add `code: A1`/,
      /\/outcomes\/A1\.a \(line 10\): outcome A1\.a has no `title`: add the outcome's title/,
    ]);
  });

  test('an outcome under a principle its code does not extend has an unknown parent', () => {
    assertProblems('unknown-parent-v1.0.yaml', fixture('unknown-parent-v1.0.yaml'), [
      /unknown parent: outcome B1\.a sits under principle A1; move it under the principle its code extends, or correct the code/,
    ]);
  });

  test('a key used twice is refused, whether twice in one mapping or under two levels', () => {
    assertProblems('duplicate-outcome-v1.0.yaml', fixture('duplicate-outcome-v1.0.yaml'), [/line 17: column 11: the same key appears twice in one mapping: remove or rename one/]);
    assertProblems('duplicate-indicator-v1.0.yaml', fixture('duplicate-indicator-v1.0.yaml'), [
      /indicators\/achieved\/A1\.a\.1 \(line 19\): duplicate key A1\.a\.1, already used at .*not-achieved\/A1\.a\.1 \(line 16\): give each indicator its own id/,
    ]);
  });

  test('an unknown achievement level is refused', () => {
    assertProblems('unknown-achievement-level-v1.0.yaml', fixture('unknown-achievement-level-v1.0.yaml'), [
      /unknown achievement level "mostly-achieved" in outcome A1\.a: use achieved, partially-achieved or not-achieved/,
    ]);
  });

  test('an unknown profile target is refused', () => {
    assertProblems('unknown-profile-target-v1.0.yaml', fixture('unknown-profile-target-v1.0.yaml'), [
      /min_profile_requirement\/baseline \(line 18\): unknown baseline target "Fully achieved" in outcome A1\.a: use Achieved, Partially achieved or Not achieved/,
    ]);
  });

  test('every problem in a file is reported at once', () => {
    const text = fixture('unknown-parent-v1.0.yaml').replace('title: Inventory', 'title: ""').replace('achieved:', 'nearly:');
    assert.throws(
      () => parseWebCaf('several-v1.0.yaml', text),
      (error: unknown) => error instanceof FrameworkFileError && error.problems.length === 3,
    );
  });
});
