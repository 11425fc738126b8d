// NIST OSCAL catalogs and profiles (JSON) as frameworks. A catalog's controls and enhancements become
// requirements; a profile is first resolved into the catalog it describes (./oscal-profile.ts). Every
// document, imported ones included, is checked against NIST's schema for its OSCAL version (./oscal-schema.ts).
import type { ImportReader, ParsedFramework, ParsedLibrary, ParsedRequirement } from './parsed.ts';
import { readOscalDocument, type OscalMetadata, type OscalParam, type OscalPart, type OscalProp } from './oscal-schema.ts';
import { flattenCatalog, resolveProfile, type ControlSet } from './oscal-profile.ts';

export interface OscalOptions {
  /**
   * Reads a file a profile imports; null when there is none. Hrefs are relative to the folder of the file being
   * imported: a nested profile's own links arrive already resolved against that profile's location.
   */
  readonly readImport: ImportReader;
  /** The text of the CLI's `--catalog FILE`: used for every import instead of reading it. */
  readonly catalogOverride?: string;
}

export async function parseOscal(fileName: string, text: string, options: OscalOptions): Promise<ParsedLibrary> {
  const doc = readOscalDocument(fileName, text);
  const framework =
    'catalog' in doc
      ? toFramework(doc.catalog.uuid, doc.catalog.metadata, 'oscal-catalog', flattenCatalog(fileName, doc.catalog, ''))
      : toFramework(doc.profile.uuid, doc.profile.metadata, 'oscal-profile', await resolveProfile(doc.profile, { fileName, ...options }));
  return { fileName, frameworks: [framework], mappingSets: [] };
}

function toFramework(uuid: string, metadata: OscalMetadata, format: 'oscal-catalog' | 'oscal-profile', set: ControlSet): ParsedFramework {
  return {
    code: codeFor(metadata.title, metadata.version, uuid),
    name: metadata.title,
    version: metadata.version,
    externalId: uuid,
    format,
    publisher: publisherOf(metadata),
    attribution: attributionOf(metadata),
    description: metadata.remarks?.trim() ?? '',
    requirements: requirementsOf(set),
    profileTargets: [],
  };
}

/**
 * A lowercase slug of the title, cut at a word boundary to 80 characters (the longest code a framework may have). The version is taken out of it
 * (NIST's titles carry "Revision 5.1.1"), so the next release of the same document updates the framework.
 */
function codeFor(title: string, version: string, uuid: string): string {
  const unversioned = title.split(version).join(' ').replace(/\b\d+(?:\.\d+)+\b/g, ' ');
  let slug = unversioned.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > 80) {
    const cut = slug.slice(0, 81);
    slug = cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, 80);
  }
  return slug === '' ? `oscal-${uuid.slice(0, 8).toLowerCase()}` : slug;
}

/** The first party that metadata names as the document's creator or publisher. */
function publisherOf(metadata: OscalMetadata): string {
  const roles = new Set(['creator', 'publisher']);
  const named = new Set((metadata['responsible-parties'] ?? []).filter((r) => roles.has(r['role-id'])).flatMap((r) => r['party-uuids']));
  const party = (metadata.parties ?? []).find((p) => named.has(p.uuid));
  return party?.name ?? party?.['short-name'] ?? '';
}

/** OSCAL metadata has no rights field: copyright and licence travel as props (copyright, licence...) or licence links. */
function attributionOf(metadata: OscalMetadata): string {
  const rights = /^(rights|copyright|licen[cs]e)$/i;
  const props = (metadata.props ?? []).filter((p) => rights.test(p.name)).map((p) => p.value);
  const links = (metadata.links ?? []).filter((l) => l.rel !== undefined && rights.test(l.rel)).map((l) => (l.text ? `${l.text} (${l.href})` : l.href));
  return [...props, ...links].join('; ');
}

function labelOf(props: readonly OscalProp[] | undefined): string {
  const labels = (props ?? []).filter((p) => p.name === 'label');
  return (labels.find((p) => p.class === undefined) ?? labels[0])?.value ?? '';
}

function isWithdrawn(props: readonly OscalProp[] | undefined): boolean {
  return (props ?? []).some((p) => p.name === 'status' && p.value.toLowerCase() === 'withdrawn');
}

const INSERT = /\{\{\s*insert:\s*([\w-]+)\s*,\s*([^\s}]+)\s*\}\}/g;

/** Fills a statement's parameter placeholders the way NIST prints them: the value if set, else what to assign or select. */
class ParameterText {
  constructor(private readonly params: ReadonlyMap<string, OscalParam>) {}

  of(id: string, depth = 0): string {
    const param = this.params.get(id);
    if (!param) return `[Assignment: ${id}]`;
    if (param.values && param.values.length > 0) return param.values.join(', ');
    if (param.select && depth < 5) {
      // Choices may insert further parameters; depth stops a parameter that (wrongly) inserts itself.
      const choices = (param.select.choice ?? []).map((choice) => this.fill(choice, depth + 1));
      const many = param.select['how-many'] === 'one-or-more' ? ' (one or more)' : '';
      return `[Selection${many}: ${choices.join('; ')}]`;
    }
    return `[Assignment: ${param.label ?? id}]`;
  }

  fill(prose: string, depth = 0): string {
    return prose.replace(INSERT, (_match, type: string, id: string) => (type === 'param' ? this.of(id, depth) : id));
  }
}

/** A statement as plain text: its prose, then each item on its own line behind its label ("a.", "1.", "(a)"). */
function statementText(parts: readonly OscalPart[] | undefined, text: ParameterText): string {
  const lines: string[] = [];
  const visit = (part: OscalPart): void => {
    const prose = text
      .fill(part.prose ?? '')
      .split('\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').trim())
      .filter((line) => line !== '');
    const label = labelOf(part.props);
    const [first = '', ...rest] = prose;
    const head = [label, first].filter((s) => s !== '').join(' ');
    if (head !== '') lines.push(head);
    lines.push(...rest);
    for (const child of part.parts ?? []) visit(child);
  };
  for (const part of parts ?? []) if (part.name === 'statement') visit(part);
  return lines.join('\n');
}

function requirementsOf(set: ControlSet): ParsedRequirement[] {
  const params = new Map<string, OscalParam>();
  for (const param of set.looseParams) params.set(param.id, param);
  for (const { control } of set.entries) for (const param of control.params ?? []) params.set(param.id, param);
  const text = new ParameterText(params);
  return set.entries.map(({ control, parentId, enhancement, groups }, position) => {
    // Withdrawn controls stay (a mapping or an older assessment may still cite them) but are not assessed.
    // NIST's resolved baselines never select them; its full catalogs keep them with status "withdrawn".
    const withdrawn = isWithdrawn(control.props);
    const family = groups[0];
    const group = groups.length > 1 ? groups[groups.length - 1] : undefined;
    const parameters = Object.fromEntries((control.params ?? []).map((p) => [p.id, text.of(p.id)]));
    const label = labelOf(control.props);
    return {
      key: control.id,
      externalId: control.id,
      parentKey: parentId,
      level: enhancement ? 'enhancement' : 'control',
      title: control.title,
      text: statementText(control.parts, text),
      assessable: !withdrawn,
      position,
      details: {
        ...(family ? { family: family.id, familyTitle: family.title } : {}),
        ...(group ? { group: group.id, groupTitle: group.title } : {}),
        ...(label ? { label } : {}),
        ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
        ...(withdrawn ? { withdrawn: true } : {}),
      },
    };
  });
}
