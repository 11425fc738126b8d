// CISO Assistant libraries (intuitem, backend/library/libraries/*.yaml): a library may hold a framework as
// a flat list of requirement nodes tied together by parent URNs, and mapping sets that relate the
// requirements of two frameworks. Custodian takes those two; a library's other objects (reference controls,
// threats, risk matrices) belong to CISO Assistant's own risk model and are not imported.
import { FrameworkFileError, RELATIONSHIPS } from './parsed.ts';
import type { MappingRelationship, ParsedFramework, ParsedLibrary, ParsedMapping, ParsedMappingSet, ParsedRequirement } from './parsed.ts';
import { isMapping, loadYamlMapping, normaliseText, ProblemList } from './yaml-source.ts';
import type { YamlPath, YamlSource } from './yaml-source.ts';

const OBJECT_NAMES: Readonly<Record<string, string>> = {
  reference_controls: 'reference controls',
  threats: 'threats',
  risk_matrix: 'a risk matrix',
  requirement_mapping_sets: 'mapping sets',
};

/** The node facts kept for display, as CISO Assistant names them. */
const KEPT_DETAILS = ['depth', 'annotation', 'implementation_groups'] as const;

interface Library {
  readonly source: YamlSource;
  readonly problems: ProblemList;
  readonly version: string;
  readonly attribution: string;
}

export function parseCisoAssistant(fileName: string, text: string): ParsedLibrary {
  const { source, root } = loadYamlMapping(fileName, text, 'a CISO Assistant library: expected a YAML mapping with `urn` and `objects` at the top');
  const problems = new ProblemList();
  if (source.text(root['urn'], ['urn']) === null) problems.add('/urn', 'the library has no `urn`: a CISO Assistant library starts with its URN, as in `urn: urn:intuitem:risk:library:...`');
  const version = source.text(root['version'], ['version']);
  if (version === null) problems.add('/version', 'the library has no `version`: add the library version, as in `version: 1`');
  const objects = root['objects'];
  if (!isMapping(objects)) {
    problems.add('', 'the library has no `objects`: a CISO Assistant library lists its framework or mapping sets under `objects`');
    problems.throwIfAny(fileName);
    return { fileName, frameworks: [], mappingSets: [] };
  }

  const framework = objects['framework'];
  // Older libraries hold a single `requirement_mapping_set`; newer ones a list of `requirement_mapping_sets`.
  const setEntries = [
    ...listAt(objects['requirement_mapping_sets'], ['objects', 'requirement_mapping_sets']),
    ...listAt(objects['requirement_mapping_set'], ['objects', 'requirement_mapping_set']),
  ];
  if (framework === undefined && setEntries.length === 0) {
    throw new FrameworkFileError(fileName, [{ at: '', message: `this CISO Assistant library holds ${describeObjects(objects)}, not a framework or a mapping set: Custodian imports frameworks and mapping sets from CISO Assistant libraries` }]);
  }

  const library: Library = { source, problems, version: version ?? '', attribution: normaliseText(source.text(root['copyright'], ['copyright']) ?? '') };
  const frameworks: ParsedFramework[] = [];
  if (framework !== undefined) {
    const parsed = readFramework(library, framework, textOf(source, root, 'provider') ?? '', textOf(source, root, 'name'));
    if (parsed) frameworks.push(parsed);
  }
  const mappingSets = setEntries.flatMap(({ value, path }) => readMappingSet(library, value, path) ?? []);
  problems.throwIfAny(fileName);
  return { fileName, frameworks, mappingSets };
}

function readFramework(library: Library, value: unknown, publisher: string, libraryName: string | null): ParsedFramework | null {
  const { source, problems } = library;
  const path = ['objects', 'framework'];
  if (!isMapping(value)) {
    problems.add(source.where(path), '`framework` is not a mapping: give it a urn, ref_id, name and requirement_nodes');
    return null;
  }
  const urn = source.text(value['urn'], [...path, 'urn']);
  if (urn === null) problems.add(source.where(path), 'the framework has no `urn`: add its URN, as in `urn: urn:intuitem:risk:framework:...`');
  const refId = source.text(value['ref_id'], [...path, 'ref_id']);
  const nodes = value['requirement_nodes'];
  if (!Array.isArray(nodes) || nodes.length === 0) {
    problems.add(source.where([...path, 'requirement_nodes']), '`requirement_nodes` is missing, empty or not a list: list the framework\'s requirements under it, one `- urn: ...` each');
    return null;
  }
  const requirements = readNodes(library, urn ?? '', nodes, [...path, 'requirement_nodes']);
  if (urn === null) return null;
  const name = source.text(value['name'], [...path, 'name']) ?? libraryName ?? refId ?? lastSegment(urn);
  return {
    code: codeFrom(refId, urn),
    name: normaliseText(name),
    version: library.version,
    externalId: urn,
    format: 'ciso-assistant',
    publisher: normaliseText(publisher),
    attribution: library.attribution,
    description: normaliseText(textOf(source, value, 'description', path) ?? ''),
    requirements,
    profileTargets: [],
  };
}

interface NodeDraft {
  readonly urn: string;
  readonly refId: string | null;
  readonly tail: string;
  readonly node: Record<string, unknown>;
  readonly path: YamlPath;
}

function readNodes(library: Library, frameworkUrn: string, nodes: readonly unknown[], path: YamlPath): ParsedRequirement[] {
  const { source, problems } = library;
  // CISO Assistant names a framework's nodes urn:...:req_node:<framework>:<node>.
  const nodePrefix = frameworkUrn.replace(':framework:', ':req_node:') + ':';
  const drafts: NodeDraft[] = [];
  const seenUrns = new Set<string>();
  nodes.forEach((node, index) => {
    const nodePath = [...path, index];
    const urn = isMapping(node) ? source.text(node['urn'], [...nodePath, 'urn']) : null;
    if (!isMapping(node) || urn === null) {
      problems.add(source.where(nodePath), 'a requirement node has no `urn`: give every node its URN');
      return;
    }
    if (seenUrns.has(urn)) {
      problems.add(source.where(nodePath), `duplicate urn ${urn}: give every requirement node its own URN`);
      return;
    }
    seenUrns.add(urn);
    const tail = urn.startsWith(nodePrefix) && urn.length > nodePrefix.length ? urn.slice(nodePrefix.length) : urn;
    drafts.push({ urn, refId: source.text(node['ref_id'], [...nodePath, 'ref_id'])?.trim() ?? null, tail, node, path: nodePath });
  });

  // A node's key is its ref_id, as people cite it (A1.a, 5.1), when that names one node; otherwise the end of
  // its URN. Excluding a ref_id that equals another node's URN ending keeps the two kinds of key apart.
  const refUses = new Map<string, number>();
  for (const { refId } of drafts) if (refId) refUses.set(refId, (refUses.get(refId) ?? 0) + 1);
  const tailOwners = new Map(drafts.map((draft) => [draft.tail, draft.urn]));
  const keyOf = new Map<string, string>();
  for (const draft of drafts) {
    const usable = draft.refId && refUses.get(draft.refId) === 1 && (tailOwners.get(draft.refId) ?? draft.urn) === draft.urn;
    keyOf.set(draft.urn, usable && draft.refId ? draft.refId : draft.tail);
  }

  const listed = new Set<string>();
  return drafts.map((draft, position): ParsedRequirement => {
    const { node, urn } = draft;
    const key = keyOf.get(urn) ?? draft.tail;
    const parentUrn = source.text(node['parent_urn'], [...draft.path, 'parent_urn']);
    if (parentUrn !== null && !keyOf.has(parentUrn)) {
      problems.add(source.where(draft.path), `unknown parent: ${urn} names the parent_urn ${parentUrn}, which is not a node of this framework; correct the parent_urn`);
    } else if (parentUrn !== null && !listed.has(parentUrn)) {
      problems.add(source.where(draft.path), `${urn} comes before its parent ${parentUrn}: list each node after its parent`);
    }
    listed.add(urn);
    const assessable = node['assessable'] ?? false;
    if (typeof assessable !== 'boolean') problems.add(source.where([...draft.path, 'assessable']), `${urn} has \`assessable: ${String(assessable)}\`: use true or false`);
    const details: Record<string, unknown> = {};
    for (const name of KEPT_DETAILS) if (node[name] !== undefined && node[name] !== null) details[name] = node[name];
    if (draft.refId && key !== draft.refId) details['refId'] = draft.refId;
    return {
      key,
      externalId: urn,
      parentKey: parentUrn === null ? null : (keyOf.get(parentUrn) ?? null),
      level: 'node',
      title: normaliseText(textOf(source, node, 'name', draft.path) ?? ''),
      text: normaliseText(textOf(source, node, 'description', draft.path) ?? ''),
      assessable: assessable === true,
      position,
      details,
    };
  });
}

function readMappingSet(library: Library, value: unknown, path: YamlPath): ParsedMappingSet | null {
  const { source, problems } = library;
  const where = source.where(path);
  if (!isMapping(value)) {
    problems.add(where, 'a mapping set is not a mapping: give it a urn, ref_id, source_framework_urn, target_framework_urn and requirement_mappings');
    return null;
  }
  const urn = textOf(source, value, 'urn', path);
  const sourceFramework = textOf(source, value, 'source_framework_urn', path);
  const targetFramework = textOf(source, value, 'target_framework_urn', path);
  for (const [field, found] of [['urn', urn], ['source_framework_urn', sourceFramework], ['target_framework_urn', targetFramework]] as const) {
    if (found === null) problems.add(where, `the mapping set has no \`${field}\`: add it`);
  }
  const entries = value['requirement_mappings'];
  if (!Array.isArray(entries)) {
    problems.add(where, '`requirement_mappings` is not a list: list the mappings under it, one `- source_requirement_urn: ...` each');
    return null;
  }
  const mappings = entries.flatMap((entry, index) => readMapping(library, entry, [...path, 'requirement_mappings', index]) ?? []);
  if (urn === null || sourceFramework === null || targetFramework === null) return null;
  const refId = textOf(source, value, 'ref_id', path);
  return {
    code: codeFrom(refId, urn),
    name: normaliseText(textOf(source, value, 'name', path) ?? refId ?? lastSegment(urn)),
    version: library.version,
    externalId: urn,
    sourceFramework,
    targetFramework,
    attribution: library.attribution,
    mappings,
  };
}

function readMapping(library: Library, value: unknown, path: YamlPath): ParsedMapping | null {
  const { source, problems } = library;
  const where = source.where(path);
  if (!isMapping(value)) {
    problems.add(where, 'a requirement mapping is not a mapping: give it source_requirement_urn, target_requirement_urn and relationship');
    return null;
  }
  const from = textOf(source, value, 'source_requirement_urn', path);
  const to = textOf(source, value, 'target_requirement_urn', path);
  if (from === null || to === null) {
    problems.add(where, 'a requirement mapping lacks its source_requirement_urn or target_requirement_urn: give both');
    return null;
  }
  const stated = textOf(source, value, 'relationship', path);
  // CISO Assistant writes not_related; Custodian's relationships are hyphenated.
  const relationship = stated?.trim().toLowerCase().replaceAll('_', '-');
  if (!isRelationship(relationship)) {
    problems.add(where, `unknown relationship "${stated ?? ''}" from ${from} to ${to}: use equal, subset, superset, intersect or not_related`);
    return null;
  }
  return { source: from, target: to, relationship, rationale: normaliseText(textOf(source, value, 'rationale', path) ?? '') };
}

/** A stable code from a ref_id: kept when already a lowercase slug (ncsc-caf-4.0), slugged otherwise. */
function codeFrom(refId: string | null, urn: string): string {
  const slug = (refId ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return slug || lastSegment(urn);
}

function lastSegment(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

function textOf(source: YamlSource, owner: Record<string, unknown>, field: string, path: YamlPath = []): string | null {
  return source.text(owner[field], [...path, field]);
}

function listAt(value: unknown, path: YamlPath): Array<{ value: unknown; path: YamlPath }> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item: unknown, index) => ({ value: item, path: [...path, index] }));
  return [{ value, path }];
}

function describeObjects(objects: Record<string, unknown>): string {
  const names = Object.keys(objects).map((key) => OBJECT_NAMES[key] ?? key.replaceAll('_', ' '));
  if (names.length === 0) return 'no objects';
  return names.length === 1 ? `only ${names[0]}` : `only ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function isRelationship(value: string | undefined): value is MappingRelationship {
  return value !== undefined && (RELATIONSHIPS as readonly string[]).includes(value);
}
