// OSCAL profile resolution (NIST's "OSCAL Profile Resolution" specification: import, merge, modify), reduced to
// what Custodian keeps of the resulting catalog: the selected controls in order, each with its parent control
// and enclosing groups, plus the parameters their statements insert. Back-matter other than import links,
// links between controls and group-level parts are not carried over because nothing downstream reads them.
import { posix } from 'node:path';
import { FrameworkFileError, type FileProblem, type ImportReader } from './parsed.ts';
import {
  readOscalDocument,
  type OscalAdd,
  type OscalCatalog,
  type OscalControl,
  type OscalGroup,
  type OscalImport,
  type OscalInsertControls,
  type OscalLink,
  type OscalParam,
  type OscalPart,
  type OscalProfile,
  type OscalProfileGroup,
  type OscalProp,
  type OscalRemove,
  type OscalSelector,
} from './oscal-schema.ts';

export interface GroupRef {
  readonly id: string;
  readonly title: string;
}

export interface ControlEntry {
  /** The control without its child controls, which are entries of their own. Alters change it in place. */
  readonly control: OscalControl;
  /** The parent control's id; null for a top-level control or when the parent was not selected. */
  parentId: string | null;
  /** Nested in another control in its catalog, whether or not that parent was selected. */
  readonly enhancement: boolean;
  /** Enclosing groups, outermost first; empty once a profile merges flat. */
  readonly groups: readonly GroupRef[];
}

export interface ControlSet {
  /** Document order: each control is followed by its enhancements. */
  readonly entries: ControlEntry[];
  /** Parameters declared outside any control (catalog or group level), which statements may still insert. */
  readonly looseParams: OscalParam[];
}

export interface ResolveOptions {
  readonly fileName: string;
  readonly readImport: ImportReader;
  readonly catalogOverride?: string;
}

/** Lists a catalog's controls, enhancements included, in document order; duplicate ids are an error. */
export function flattenCatalog(fileName: string, catalog: OscalCatalog, where: string): ControlSet {
  const entries: ControlEntry[] = [];
  const looseParams = [...(catalog.params ?? [])];
  const firstSeen = new Map<string, string>();
  const problems: FileProblem[] = [];
  const visitControls = (controls: OscalControl[] | undefined, pointer: string, parentId: string | null, groups: GroupRef[]): void => {
    (controls ?? []).forEach((control, i) => {
      const at = `${pointer}/controls/${i}`;
      const first = firstSeen.get(control.id);
      if (first === undefined) firstSeen.set(control.id, `${where}${at}`);
      else problems.push({ at: `${where}${at}`, message: `Control id "${control.id}" is used again (first at ${first}); give every control its own id.` });
      const { controls: children, ...own } = control;
      entries.push({ control: own, parentId, enhancement: parentId !== null, groups });
      visitControls(children, at, control.id, groups);
    });
  };
  const visitGroups = (list: OscalGroup[] | undefined, pointer: string, outer: GroupRef[]): void => {
    (list ?? []).forEach((group, i) => {
      const at = `${pointer}/groups/${i}`;
      const groups = [...outer, { id: group.id ?? '', title: group.title }];
      looseParams.push(...(group.params ?? []));
      visitControls(group.controls, at, null, groups);
      visitGroups(group.groups, at, groups);
    });
  };
  visitControls(catalog.controls, '/catalog', null, []);
  visitGroups(catalog.groups, '/catalog', []);
  if (problems.length > 0) throw new FrameworkFileError(fileName, problems);
  return { entries, looseParams };
}

/** The chain of profiles being resolved, for relative links, problem locations and cycle detection. */
interface Trail {
  readonly href: string;
  readonly where: string;
  readonly names: readonly string[];
  readonly uuids: readonly string[];
}

const MAX_DEPTH = 16;

export async function resolveProfile(profile: OscalProfile, options: ResolveOptions): Promise<ControlSet> {
  return resolve(profile, options, { href: '', where: '', names: [options.fileName], uuids: [profile.uuid] });
}

async function resolve(profile: OscalProfile, options: ResolveOptions, trail: Trail): Promise<ControlSet> {
  const problems: FileProblem[] = [];
  const selections: ControlEntry[][] = [];
  const looseParams: OscalParam[] = [];
  for (const [i, anImport] of profile.imports.entries()) {
    const at = `${trail.where}/profile/imports/${i}`;
    const { set, name } = await loadImport(profile, anImport, at, options, trail);
    looseParams.push(...set.looseParams);
    selections.push(select(set.entries, anImport, at, name, problems));
  }
  const structured = structure(combine(selections), profile, trail.where, problems);
  if (problems.length > 0) throw new FrameworkFileError(options.fileName, problems);
  alter(structured, profile);
  setParameters(structured, looseParams, profile);
  // Only selected controls become requirements, so an enhancement whose parent control was not selected is
  // kept as a top-level requirement (parentKey null). NIST's resolver would also carry the parent along under
  // as-is merging, but the profile did not choose it, so it is not something to assess against.
  const ids = new Set(structured.map((e) => e.control.id));
  for (const entry of structured) if (entry.parentId !== null && !ids.has(entry.parentId)) entry.parentId = null;
  return { entries: structured, looseParams };
}

type ImportTarget = { readonly href: string; readonly resource?: string } | { readonly text: string; readonly resource: string };

/** Where an import points: a back-matter resource's JSON rlink (or its embedded base64 JSON), or the href itself. */
function importTarget(profile: OscalProfile, href: string, fail: (message: string) => never): ImportTarget {
  if (!href.startsWith('#')) return { href };
  const uuid = href.slice(1);
  const resource = profile['back-matter']?.resources?.find((r) => r.uuid === uuid);
  if (!resource) return fail(`This import points to back-matter resource ${uuid}, which the profile does not have; add the resource or put the catalog's path in "href".`);
  const rlinks = resource.rlinks ?? [];
  const json = rlinks.find((l) => l['media-type']?.includes('json')) ?? rlinks.find((l) => /\.json$/i.test(l.href.split(/[?#]/)[0] ?? ''));
  if (json) return { href: json.href, resource: uuid };
  const embedded = resource.base64;
  if (embedded && (embedded['media-type']?.includes('json') || /\.json$/i.test(embedded.filename ?? ''))) {
    return { text: Buffer.from(embedded.value, 'base64').toString('utf8'), resource: uuid };
  }
  const others = rlinks.map((l) => l.href).join(', ') || 'none';
  return fail(`Back-matter resource ${uuid} has no JSON link (links: ${others}). Custodian reads OSCAL JSON only: pass --catalog FILE naming the JSON catalog.`);
}

/** Resolves `href` against the location of the profile that holds it; the top-level profile's links go as they are. */
function joinHref(base: string, href: string): string {
  if (base === '' || href.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(base)) return new URL(href, base).href;
  return posix.normalize(posix.join(posix.dirname(base), href));
}

async function loadImport(profile: OscalProfile, anImport: OscalImport, at: string, options: ResolveOptions, trail: Trail): Promise<{ set: ControlSet; name: string }> {
  const problem = (message: string) => new FrameworkFileError(options.fileName, [{ at: `${at}/href`, message }]);
  if (options.catalogOverride !== undefined) {
    // --catalog FILE stands in for every import; it must be a catalog, or it would import itself forever.
    const doc = readOscalDocument(options.fileName, options.catalogOverride, { where: '--catalog#', name: 'The --catalog file' });
    if (!('catalog' in doc)) throw problem('The --catalog file is an OSCAL profile; pass the catalog it is built on instead.');
    return { set: flattenCatalog(options.fileName, doc.catalog, '--catalog#'), name: 'The --catalog file' };
  }
  const target = importTarget(profile, anImport.href, (message) => {
    throw problem(message);
  });
  let href: string;
  let text: string | null;
  if ('text' in target) {
    href = `${trail.href}#${target.resource}`;
    text = target.text;
  } else {
    href = joinHref(trail.href, target.href);
    if (trail.names.includes(href)) throw problem(`The profile imports itself: ${[...trail.names, href].join(' → ')}. Remove the import that closes the loop.`);
    text = await options.readImport(href);
    const from = target.resource ? ` (back-matter resource ${target.resource})` : '';
    if (text === null) throw problem(`The file "${href}"${from} that this profile imports was not found. Put the catalog beside the profile at that path, or pass --catalog FILE.`);
  }
  const name = `The imported file "${href}"`;
  const doc = readOscalDocument(options.fileName, text, { where: `${href}#`, name });
  if ('catalog' in doc) return { set: flattenCatalog(options.fileName, doc.catalog, `${href}#`), name };
  const names = [...trail.names, href];
  if (trail.uuids.includes(doc.profile.uuid)) throw problem(`The profile imports itself: ${names.join(' → ')}. Remove the import that closes the loop.`);
  if (names.length > MAX_DEPTH) throw problem(`Profiles are nested more than ${MAX_DEPTH} deep (${names.join(' → ')}); import the catalog more directly.`);
  const set = await resolve(doc.profile, options, { href, where: `${href}#`, names, uuids: [...trail.uuids, doc.profile.uuid] });
  return { set, name };
}

type Selection = Pick<OscalImport, 'include-all' | 'include-controls' | 'exclude-controls'>;

function globPattern(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Applies include-all / include-controls / exclude-controls; with neither include, everything is included. */
function select(entries: readonly ControlEntry[], rule: Selection, at: string, source: string, problems: FileProblem[]): ControlEntry[] {
  const ids = new Set(entries.map((e) => e.control.id));
  const children = new Map<string, string[]>();
  for (const { control, parentId } of entries) {
    if (parentId === null) continue;
    const siblings = children.get(parentId);
    if (siblings) siblings.push(control.id);
    else children.set(parentId, [control.id]);
  }
  const gather = (selectors: OscalSelector[] | undefined, key: 'include-controls' | 'exclude-controls'): Set<string> => {
    const chosen = new Set<string>();
    const unknown: string[] = [];
    const add = (id: string, withChildren: boolean): void => {
      chosen.add(id);
      if (withChildren) for (const child of children.get(id) ?? []) add(child, true);
    };
    for (const selector of selectors ?? []) {
      const withChildren = selector['with-child-controls'] === 'yes';
      for (const id of selector['with-ids'] ?? []) {
        if (ids.has(id)) add(id, withChildren);
        else unknown.push(id);
      }
      for (const { pattern } of selector.matching ?? []) {
        if (pattern === undefined) continue;
        const glob = globPattern(pattern);
        for (const id of ids) if (glob.test(id)) add(id, withChildren);
      }
    }
    if (unknown.length > 0) {
      const verb = key === 'include-controls' ? 'include' : 'exclude';
      const list = unknown.map((id) => `"${id}"`).join(', ');
      problems.push({ at: `${at}/${key}`, message: `${source} has no control${unknown.length > 1 ? 's' : ''} ${list} to ${verb}; correct the ids, remove them, or import the catalog that has them.` });
    }
    return chosen;
  };
  const included = rule['include-all'] !== undefined || rule['include-controls'] === undefined ? ids : gather(rule['include-controls'], 'include-controls');
  const excluded = gather(rule['exclude-controls'], 'exclude-controls');
  return entries.filter((e) => included.has(e.control.id) && !excluded.has(e.control.id));
}

/**
 * Combines the imports' selections. A control selected twice keeps its first appearance (`use-first`), whatever
 * combine method is named: `keep` would give two requirements one key, and `merge` is deprecated.
 */
function combine(selections: readonly ControlEntry[][]): ControlEntry[] {
  const seen = new Set<string>();
  const combined: ControlEntry[] = [];
  for (const entry of selections.flat()) {
    if (seen.has(entry.control.id)) continue;
    seen.add(entry.control.id);
    combined.push(entry);
  }
  return combined;
}

/** as-is keeps the source groups; custom builds new ones; flat, the default when merge says nothing, drops them. */
function structure(entries: ControlEntry[], profile: OscalProfile, where: string, problems: FileProblem[]): ControlEntry[] {
  const merge = profile.merge;
  if (merge?.['as-is'] === true) return entries;
  if (!merge?.custom) return entries.map((e) => ({ ...e, groups: [] }));
  // Custom merging is also a filter: a control no insert-controls names is left out (first placement wins).
  const placed = new Map<string, ControlEntry>();
  const place = (rules: OscalInsertControls[] | undefined, groups: GroupRef[], pointer: string): void => {
    (rules ?? []).forEach((rule, i) => {
      const chosen = select(entries, rule, `${pointer}/insert-controls/${i}`, 'The profile’s selection', problems);
      if (rule.order === 'ascending' || rule.order === 'descending') {
        chosen.sort((a, b) => a.control.id.localeCompare(b.control.id, 'en', { numeric: true }) * (rule.order === 'ascending' ? 1 : -1));
      }
      for (const entry of chosen) if (!placed.has(entry.control.id)) placed.set(entry.control.id, { ...entry, groups });
    });
  };
  const visit = (list: OscalProfileGroup[] | undefined, outer: GroupRef[], pointer: string): void => {
    (list ?? []).forEach((group, i) => {
      const groups = [...outer, { id: group.id ?? '', title: group.title }];
      place(group['insert-controls'], groups, `${pointer}/groups/${i}`);
      visit(group.groups, groups, `${pointer}/groups/${i}`);
    });
  };
  visit(merge.custom.groups, [], `${where}/profile/merge/custom`);
  place(merge.custom['insert-controls'], [], `${where}/profile/merge/custom`);
  return [...placed.values()];
}

type ItemKind = 'param' | 'prop' | 'link' | 'part';
type Identified = { id?: string; name?: string; class?: string; ns?: string };

/** A remove names one or more criteria; an item goes only when it meets all of them. */
function removable(item: Identified, kind: ItemKind, rule: OscalRemove): boolean {
  const criteria: [string | undefined, string | undefined][] = [
    [rule['by-item-name'], kind],
    [rule['by-id'], item.id],
    [rule['by-name'], item.name],
    [rule['by-class'], item.class],
    [rule['by-ns'], item.ns],
  ];
  const given = criteria.filter(([wanted]) => wanted !== undefined);
  return given.length > 0 && given.every(([wanted, actual]) => wanted === actual);
}

function removeFromParts(parts: OscalPart[] | undefined, rule: OscalRemove): OscalPart[] | undefined {
  return parts
    ?.filter((part) => !removable(part, 'part', rule))
    .map((part) => ({
      ...part,
      props: part.props?.filter((prop) => !removable(prop, 'prop', rule)),
      links: part.links?.filter(() => !removable({}, 'link', rule)),
      parts: removeFromParts(part.parts, rule),
    }));
}

type Container = { props?: OscalProp[]; links?: OscalLink[]; parts?: OscalPart[] };

function insertInto(target: Container, add: Container, atStart: boolean): void {
  const put = <T>(existing: T[] | undefined, extra: T[] | undefined): T[] | undefined =>
    extra === undefined ? existing : atStart ? [...extra, ...(existing ?? [])] : [...(existing ?? []), ...extra];
  if (add.props) target.props = put(target.props, add.props);
  if (add.links) target.links = put(target.links, add.links);
  if (add.parts) target.parts = put(target.parts, add.parts);
}

function findPart(owner: Container, id: string): { part: OscalPart; siblings: OscalPart[]; owner: Container } | null {
  const siblings = owner.parts ?? [];
  for (const part of siblings) {
    if (part.id === id) return { part, siblings, owner };
    const inner = findPart(part, id);
    if (inner) return inner;
  }
  return null;
}

function addTo(control: OscalControl, add: OscalAdd): void {
  const position = add.position ?? 'ending';
  const atStart = position === 'starting' || position === 'before';
  // Parameters are found by id wherever they sit, so they always join the control itself.
  if (add.params) control.params = atStart ? [...add.params, ...(control.params ?? [])] : [...(control.params ?? []), ...add.params];
  const targetId = add['by-id'];
  const content = { props: add.props, links: add.links, parts: add.parts };
  // With no by-id the target is the control, and before/after have nothing to sit beside: they act as starting/ending.
  if (targetId === undefined || targetId === control.id) {
    if (add.title !== undefined) control.title = add.title;
    insertInto(control, content, atStart);
    return;
  }
  const param = control.params?.find((p) => p.id === targetId);
  if (param) {
    insertInto(param, { props: add.props, links: add.links }, atStart);
    return;
  }
  const found = findPart(control, targetId);
  if (!found) return; // The spec asks only for a warning here; the text is unchanged either way.
  if (position === 'starting' || position === 'ending') {
    if (add.title !== undefined) found.part.title = add.title;
    insertInto(found.part, content, atStart);
    return;
  }
  const index = found.siblings.indexOf(found.part);
  found.siblings.splice(position === 'before' ? index : index + 1, 0, ...(add.parts ?? []));
  insertInto(found.owner, { props: add.props, links: add.links }, atStart);
}

/** modify/alters: removes first, then adds, on each named control that was selected (others are ignored, as the spec allows). */
function alter(entries: readonly ControlEntry[], profile: OscalProfile): void {
  const byId = new Map(entries.map((e) => [e.control.id, e.control]));
  for (const change of profile.modify?.alters ?? []) {
    const control = byId.get(change['control-id']);
    if (!control) continue;
    for (const rule of change.removes ?? []) {
      control.params = control.params?.filter((p) => !removable(p, 'param', rule));
      control.props = control.props?.filter((p) => !removable(p, 'prop', rule));
      control.links = control.links?.filter(() => !removable({}, 'link', rule));
      control.parts = removeFromParts(control.parts, rule);
    }
    for (const add of change.adds ?? []) addTo(control, add);
  }
}

/** modify/set-parameters: label, usage, values and select replace; props, links, constraints and guidelines add. */
function setParameters(entries: readonly ControlEntry[], looseParams: readonly OscalParam[], profile: OscalProfile): void {
  const params = new Map<string, OscalParam>();
  for (const param of looseParams) params.set(param.id, param);
  for (const { control } of entries) for (const param of control.params ?? []) params.set(param.id, param);
  for (const setting of profile.modify?.['set-parameters'] ?? []) {
    const param = params.get(setting['param-id']);
    if (!param) continue; // A setting for a control this profile did not select changes nothing we keep.
    if (setting.class !== undefined) param.class = setting.class;
    if (setting.label !== undefined) param.label = setting.label;
    if (setting.usage !== undefined) param.usage = setting.usage;
    if (setting.values !== undefined) param.values = setting.values;
    if (setting.select !== undefined) param.select = setting.select;
    if (setting.props) param.props = [...(param.props ?? []), ...setting.props];
    if (setting.links) param.links = [...(param.links ?? []), ...setting.links];
    if (setting.constraints) param.constraints = [...(param.constraints ?? []), ...setting.constraints];
    if (setting.guidelines) param.guidelines = [...(param.guidelines ?? []), ...setting.guidelines];
  }
}
