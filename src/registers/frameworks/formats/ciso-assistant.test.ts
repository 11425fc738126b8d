import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseCisoAssistant } from './ciso-assistant.ts';
import { FrameworkFileError } from './parsed.ts';
import type { ParsedFramework, ParsedLibrary } from './parsed.ts';

const SHARED = new URL('../../../../../shared/frameworks/ciso-assistant-libraries/', import.meta.url);
const FIXTURES = new URL('../../../../test/fixtures/frameworks/ciso-assistant/', import.meta.url);
const sharedFiles = existsSync(SHARED) ? readdirSync(SHARED).filter((name) => name.endsWith('.yaml')).sort() : [];

const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const NOT_IMPORTED = /Custodian imports frameworks and mapping sets from CISO Assistant libraries/;

interface RawLibrary {
  objects?: {
    framework?: { requirement_nodes: Array<{ assessable?: boolean }> };
    requirement_mapping_sets?: Array<{ requirement_mappings: unknown[] }>;
    requirement_mapping_set?: { requirement_mappings: unknown[] };
  };
}

function onlyFramework(library: ParsedLibrary): ParsedFramework {
  assert.equal(library.frameworks.length, 1);
  const [framework] = library.frameworks;
  assert.ok(framework);
  return framework;
}

function assertProblems(name: string, expected: RegExp[]): void {
  assert.throws(
    () => parseCisoAssistant(name, fixture(name)),
    (error: unknown) => {
      assert.ok(error instanceof FrameworkFileError, 'a FrameworkFileError');
      for (const pattern of expected) assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('the real CISO Assistant libraries', () => {
  test('the shared libraries are here', { skip: sharedFiles.length === 0 && 'the shared CISO Assistant libraries are not here' }, () => {
    assert.ok(sharedFiles.length >= 10);
  });

  for (const name of sharedFiles) {
    test(`${name} parses to what its YAML holds, or is refused for holding neither framework nor mapping set`, () => {
      const text = readFileSync(new URL(name, SHARED), 'utf8');
      const raw = parse(text) as RawLibrary;
      const rawSets = raw.objects?.requirement_mapping_sets ?? (raw.objects?.requirement_mapping_set ? [raw.objects.requirement_mapping_set] : []);
      const rawNodes = raw.objects?.framework?.requirement_nodes;
      if (rawNodes === undefined && rawSets.length === 0) {
        assert.throws(() => parseCisoAssistant(name, text), (error: unknown) => error instanceof FrameworkFileError && NOT_IMPORTED.test(error.message));
        return;
      }
      const library = parseCisoAssistant(name, text);
      assert.equal(library.frameworks.length, rawNodes === undefined ? 0 : 1);
      for (const framework of library.frameworks) {
        assert.equal(framework.requirements.length, rawNodes?.length);
        assert.equal(framework.requirements.filter((r) => r.assessable).length, rawNodes?.filter((n) => n.assessable === true).length);
        const keys = new Set(framework.requirements.map((r) => r.key));
        assert.equal(keys.size, framework.requirements.length, 'keys are unique');
        for (const r of framework.requirements) if (r.parentKey !== null) assert.ok(keys.has(r.parentKey), `${r.key}'s parent resolves`);
      }
      assert.deepEqual(library.mappingSets.map((set) => set.mappings.length), rawSets.map((set) => set.requirement_mappings.length));
    });
  }

  test('the risk matrix and the reference controls say why they are refused', { skip: sharedFiles.length === 0 && 'the shared CISO Assistant libraries are not here' }, () => {
    const refusal = (name: string) => {
      try {
        parseCisoAssistant(name, readFileSync(new URL(name, SHARED), 'utf8'));
      } catch (error) {
        return error instanceof FrameworkFileError ? error.message : '';
      }
      return '';
    };
    assert.match(refusal('risk-matrix-5x5-iso-27005.yaml'), /holds only a risk matrix, not a framework or a mapping set/);
    assert.match(refusal('key-reference-controls.yaml'), /holds only reference controls, not a framework or a mapping set/);
  });
});

describe('parseCisoAssistant on the project fixtures', () => {
  test('a tiny framework: keys from ref_ids where they name one node, else from the URN', () => {
    const framework = onlyFramework(parseCisoAssistant('tiny-framework.yaml', fixture('tiny-framework.yaml')));
    const { requirements, ...rest } = framework;
    assert.deepEqual(rest, {
      code: 'tiny-controls-2025',
      name: 'Tiny Controls 2025',
      version: '3',
      externalId: 'urn:example:risk:framework:tiny-controls',
      format: 'ciso-assistant',
      publisher: 'Example Standards Body',
      attribution: "Written for Custodian's tests.",
      description: 'Two themes, six requirements.',
      profileTargets: [],
    });
    const urn = (tail: string) => `urn:example:risk:req_node:tiny-controls:${tail}`;
    const node = (key: string, tail: string, parentKey: string | null, title: string, text: string, assessable: boolean, position: number, details: Record<string, unknown>) =>
      ({ key, externalId: urn(tail), parentKey, level: 'node', title, text, assessable, position, details });
    assert.deepEqual(requirements, [
      node('GOV', 'gov', null, 'Governance', '', false, 0, { depth: 1 }),
      node('GOV-1', 'gov.1', 'GOV', 'Security roles', 'Roles for security are assigned.', true, 1, { depth: 2, implementation_groups: ['core'] }),
      node('GOV-2', 'gov.2', 'GOV', 'Policy', 'A policy is approved:\na) by the board\nb) every year', true, 2, { depth: 2, annotation: 'Look for board minutes.' }),
      node('node4', 'node4', 'GOV', '', 'The requirements below apply to every team.', false, 3, { depth: 2 }),
      node('OPS', 'ops', null, 'Operations', '', false, 4, { depth: 1 }),
      // `ref_id: 5.10` unquoted is the number 5.1 to YAML; the key keeps what the file wrote.
      node('5.10', 'ops.1', 'OPS', 'Backups', 'Backups are tested.', true, 5, { depth: 2 }),
      node('ops.2', 'ops.2', 'OPS', 'Patching', '', true, 6, { depth: 2, refId: 'OPS-X' }),
      node('ops.3', 'ops.3', 'OPS', 'Logging', '', true, 7, { depth: 2, refId: 'OPS-X' }),
    ]);
  });

  test('a mapping set between two tiny frameworks', () => {
    const library = parseCisoAssistant('tiny-mapping.yaml', fixture('tiny-mapping.yaml'));
    const from = (tail: string) => `urn:example:risk:req_node:tiny-controls:${tail}`;
    const to = (tail: string) => `urn:example:risk:req_node:tiny-baseline:${tail}`;
    assert.deepEqual(library, {
      fileName: 'tiny-mapping.yaml',
      frameworks: [],
      mappingSets: [
        {
          code: 'tiny-controls-to-tiny-baseline',
          name: 'Tiny Controls -> Tiny Baseline',
          version: '2',
          externalId: 'urn:example:risk:req_mapping_set:tiny-controls-to-tiny-baseline',
          sourceFramework: 'urn:example:risk:framework:tiny-controls',
          targetFramework: 'urn:example:risk:framework:tiny-baseline',
          attribution: "Written for Custodian's tests.",
          mappings: [
            { source: from('gov.1'), target: to('b1'), relationship: 'equal', rationale: '' },
            { source: from('gov.2'), target: to('b2'), relationship: 'subset', rationale: 'The baseline also asks for a review.' },
            { source: from('ops.1'), target: to('b3'), relationship: 'intersect', rationale: '' },
            { source: from('ops.2'), target: to('b3'), relationship: 'not-related', rationale: '' },
          ],
        },
      ],
    });
  });

  test('the older single requirement_mapping_set is read too', () => {
    const library = parseCisoAssistant('tiny-mapping-single.yaml', fixture('tiny-mapping-single.yaml'));
    assert.equal(library.mappingSets.length, 1);
    assert.equal(library.mappingSets[0]?.code, 'tiny-baseline-to-tiny-controls');
    assert.deepEqual(library.mappingSets[0]?.mappings, [
      { source: 'urn:example:risk:req_node:tiny-baseline:b1', target: 'urn:example:risk:req_node:tiny-controls:gov.1', relationship: 'superset', rationale: '' },
    ]);
  });

  test('a library of reference controls only is refused, saying what it holds', () => {
    assertProblems('reference-controls-only.yaml', [/holds only reference controls, not a framework or a mapping set: Custodian imports frameworks and mapping sets/]);
  });

  test('a file that is not YAML is refused with the line of the fault', () => {
    assertProblems('not-yaml.yaml', [/not a readable YAML file/, /line 7: column 1: indent with spaces, not tabs/]);
  });

  test('missing URNs are named', () => {
    assertProblems('missing-urn.yaml', [/the library has no `urn`/, /the framework has no `urn`: add its URN/, /requirement_nodes\/0 \(line 8\): a requirement node has no `urn`/]);
  });

  test('requirement nodes that are not a list are refused', () => {
    assertProblems('nodes-not-a-list.yaml', [/requirement_nodes \(line 9\): `requirement_nodes` is missing, empty or not a list/]);
  });

  test('a node whose parent is not in the framework has an unknown parent', () => {
    assertProblems('unknown-parent.yaml', [/requirement_nodes\/1 \(line 13\): unknown parent: .*unknown-parent:a\.1 names the parent_urn .*unknown-parent:b, which is not a node of this framework/]);
  });

  test('a URN used by two nodes is refused', () => {
    assertProblems('duplicate-urn.yaml', [/requirement_nodes\/1 \(line 12\): duplicate urn urn:example:risk:req_node:duplicate-urn:a: give every requirement node its own URN/]);
  });

  test('an unknown relationship is refused', () => {
    assertProblems('unknown-relationship.yaml', [/requirement_mappings\/1 \(line 14\): unknown relationship "overlaps" .*: use equal, subset, superset, intersect or not_related/]);
  });

  test('a node listed before its parent is refused, so the requirements form a tree in document order', () => {
    const text = fixture('tiny-framework.yaml').replace('urn:example:risk:req_node:tiny-controls:gov\n', 'urn:example:risk:req_node:tiny-controls:governance\n');
    const moved = `${text}    - urn: urn:example:risk:req_node:tiny-controls:gov\n      assessable: false\n`;
    assert.throws(() => parseCisoAssistant('order.yaml', moved), /comes before its parent urn:example:risk:req_node:tiny-controls:gov: list each node after its parent/);
  });
});
