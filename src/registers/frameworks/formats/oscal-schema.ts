// Reading an OSCAL JSON document: parse it, pick NIST's schema for its oscal-version and check it, so that the
// resolver and the catalog reader below can trust the shapes declared here. The schemas are large (50-70 kB
// each), so each is compiled once, on first use, and kept for the life of the process.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { FrameworkFileError, type FileProblem } from './parsed.ts';

// --- The parts of the OSCAL model the importer reads (the schema guarantees more; we ignore the rest). ---

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}
export interface OscalLink {
  href: string;
  rel?: string;
  text?: string;
}
export interface OscalPart {
  id?: string;
  name: string;
  ns?: string;
  class?: string;
  title?: string;
  props?: OscalProp[];
  prose?: string;
  parts?: OscalPart[];
  links?: OscalLink[];
}
export interface OscalParam {
  id: string;
  class?: string;
  props?: OscalProp[];
  links?: OscalLink[];
  label?: string;
  usage?: string;
  constraints?: unknown[];
  guidelines?: unknown[];
  values?: string[];
  select?: { 'how-many'?: string; choice?: string[] };
}
export interface OscalControl {
  id: string;
  class?: string;
  title: string;
  params?: OscalParam[];
  props?: OscalProp[];
  links?: OscalLink[];
  parts?: OscalPart[];
  controls?: OscalControl[];
}
export interface OscalGroup {
  id?: string;
  title: string;
  params?: OscalParam[];
  groups?: OscalGroup[];
  controls?: OscalControl[];
}
export interface OscalMetadata {
  title: string;
  version: string;
  'oscal-version': string;
  remarks?: string;
  props?: OscalProp[];
  links?: OscalLink[];
  parties?: { uuid: string; name?: string; 'short-name'?: string }[];
  'responsible-parties'?: { 'role-id': string; 'party-uuids': string[] }[];
}
export interface OscalResource {
  uuid: string;
  rlinks?: { href: string; 'media-type'?: string }[];
  base64?: { filename?: string; 'media-type'?: string; value: string };
}
export interface OscalCatalog {
  uuid: string;
  metadata: OscalMetadata;
  params?: OscalParam[];
  controls?: OscalControl[];
  groups?: OscalGroup[];
}
export interface OscalSelector {
  'with-child-controls'?: 'yes' | 'no';
  'with-ids'?: string[];
  matching?: { pattern?: string }[];
}
export interface OscalImport {
  href: string;
  'include-all'?: object;
  'include-controls'?: OscalSelector[];
  'exclude-controls'?: OscalSelector[];
}
export interface OscalInsertControls {
  order?: 'keep' | 'ascending' | 'descending';
  'include-all'?: object;
  'include-controls'?: OscalSelector[];
  'exclude-controls'?: OscalSelector[];
}
export interface OscalProfileGroup {
  id?: string;
  title: string;
  groups?: OscalProfileGroup[];
  'insert-controls'?: OscalInsertControls[];
}
export interface OscalSetParameter extends Omit<OscalParam, 'id'> {
  'param-id': string;
}
export interface OscalRemove {
  'by-name'?: string;
  'by-class'?: string;
  'by-id'?: string;
  'by-item-name'?: string;
  'by-ns'?: string;
}
export interface OscalAdd {
  position?: 'before' | 'after' | 'starting' | 'ending';
  'by-id'?: string;
  title?: string;
  params?: OscalParam[];
  props?: OscalProp[];
  links?: OscalLink[];
  parts?: OscalPart[];
}
export interface OscalProfile {
  uuid: string;
  metadata: OscalMetadata;
  imports: OscalImport[];
  merge?: {
    combine?: { method?: string };
    flat?: object;
    'as-is'?: boolean;
    custom?: { groups?: OscalProfileGroup[]; 'insert-controls'?: OscalInsertControls[] };
  };
  modify?: {
    'set-parameters'?: OscalSetParameter[];
    alters?: { 'control-id': string; removes?: OscalRemove[]; adds?: OscalAdd[] }[];
  };
  'back-matter'?: { resources?: OscalResource[] };
}
export type OscalDocument = { catalog: OscalCatalog } | { profile: OscalProfile };

// --- Schemas ---

/** The schema folder used for each family of oscal-version (the latest release we hold of each). */
const SCHEMA_VERSIONS: readonly { readonly family: string; readonly folder: string }[] = [
  { family: '1.0', folder: 'v1.0.6' },
  { family: '1.1', folder: 'v1.1.2' },
  { family: '1.2', folder: 'v1.2.1' },
];
const SUPPORTED = SCHEMA_VERSIONS.map((v) => `${v.family}.x`).join(', ');

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
const addFormats = addFormatsModule as unknown as (ajv: AnyAjv) => AnyAjv;
const validators = new Map<string, ValidateFunction<OscalDocument>>();
const ajvByDraft = new Map<string, AnyAjv>();

function ajvFor(draft: string): AnyAjv {
  let ajv = ajvByDraft.get(draft);
  if (!ajv) {
    // OSCAL patterns use \p{L}; unicodeRegExp (on by default) compiles them with the u flag. strict is off so
    // that a generated schema using a keyword or type combination strict mode dislikes still loads (the three we
    // hold compile either way); verbose keeps each failing value for the messages.
    const options = { allErrors: true, strict: false, verbose: true };
    ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
    addFormats(ajv);
    ajvByDraft.set(draft, ajv);
  }
  return ajv;
}

function validatorFor(folder: string, kind: 'catalog' | 'profile'): ValidateFunction<OscalDocument> {
  const key = `${folder}/${kind}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const url = new URL(`./oscal-schemas/${folder}/oscal_${kind}_schema.json`, import.meta.url);
  const schema = JSON.parse(readFileSync(url, 'utf8')) as { $schema?: string };
  const validate = ajvFor(schema.$schema ?? '').compile<OscalDocument>(schema);
  validators.set(key, validate);
  return validate;
}

const MAX_PROBLEMS = 20;

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `Add the required field "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return `Remove the field "${String(p.additionalProperty)}": this OSCAL version does not define it here.`;
    case 'pattern': {
      const pattern = String(p.pattern);
      return `${JSON.stringify(error.data)} is not in the form OSCAL requires here${pattern.length <= 60 ? ` (pattern ${pattern})` : ''}.`;
    }
    case 'format':
      return `${JSON.stringify(error.data)} is not a valid ${String(p.format)}.`;
    case 'enum':
      return `${JSON.stringify(error.data)} is not allowed; use one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'type':
      return `Must be ${String(p.type)}, not ${Array.isArray(error.data) ? 'array' : typeof error.data}.`;
    case 'minItems':
      return `Must list at least ${String(p.limit)} item(s); remove the empty list or fill it.`;
    default:
      return `${error.message ?? 'is not valid'} (schema rule ${error.keyword}).`;
  }
}

function shortly(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `add "${String(p.missingProperty)}"`;
  if (error.keyword === 'additionalProperties') return `remove "${String(p.additionalProperty)}"`;
  return error.message ?? error.keyword;
}

/**
 * An anyOf/oneOf reports every alternative's failures. When some other failure explains the value (one lying
 * deeper inside it, or reached through a $ref), the author evidently meant that alternative, so only that
 * failure is kept; when every alternative fails at the value itself, one problem lists what each would need.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): { kept: ErrorObject[]; summaries: ErrorObject[] } {
  const dropped = new Set<ErrorObject>();
  const summaries: ErrorObject[] = [];
  for (const choice of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    if (dropped.has(choice)) continue;
    dropped.add(choice);
    const prefix = `${choice.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of errors) {
      if (!error.schemaPath.startsWith(prefix) || error.instancePath !== choice.instancePath) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
      dropped.add(error);
    }
    const path = choice.instancePath;
    const explained = errors.some((e) => !dropped.has(e) && (e.instancePath === path || e.instancePath.startsWith(`${path}/`)));
    if (explained || branches.size === 0) continue;
    const forms = [...branches.values()].map((list, i) => `(${i + 1}) ${[...new Set(list.map(shortly))].join(', ')}`);
    summaries.push({ ...choice, keyword: 'alternatives', message: `This fits none of the forms OSCAL allows here; to fit one: ${forms.join('; or ')}.` });
  }
  return { kept: errors.filter((e) => !dropped.has(e) && e.keyword !== 'allOf' && e.keyword !== 'if'), summaries };
}

/** Turns ajv's errors into problems that say what to change, at most MAX_PROBLEMS of them. */
function schemaProblems(errors: readonly ErrorObject[], where: string, label: string): FileProblem[] {
  const { kept, summaries } = collapseAlternatives(errors);
  // A date or URI also fails its (long) pattern; the format's message says it better.
  const formatted = new Set(kept.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const error of [...kept, ...summaries]) {
    if (error.keyword === 'pattern' && formatted.has(error.instancePath)) continue;
    const text = error.keyword === 'alternatives' ? (error.message ?? '') : describe(error);
    const problem = { at: `${where}${error.instancePath || (where ? '' : '/')}`, message: `${text} (${label})` };
    const key = `${problem.at} ${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  if (problems.length === 0) problems.push({ at: where || '/', message: `The document does not follow the ${label}.` });
  if (problems.length > MAX_PROBLEMS) {
    const rest = problems.length - MAX_PROBLEMS;
    return [...problems.slice(0, MAX_PROBLEMS), { at: where, message: `…and ${rest} more schema problem(s); fix the ones above first.` }];
  }
  return problems;
}

/** Where a document came from, for problems: `where` prefixes each location and `name` starts each message. */
export interface DocumentSource {
  readonly where: string;
  readonly name: string;
}
const IMPORTED_FILE: DocumentSource = { where: '', name: 'The file' };

/** Parses and checks one OSCAL JSON document; problems are reported against `fileName`, the file being imported. */
export function readOscalDocument(fileName: string, text: string, source: DocumentSource = IMPORTED_FILE): OscalDocument {
  const { where, name } = source;
  const fail = (at: string, message: string): never => {
    throw new FrameworkFileError(fileName, [{ at, message }]);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(where, `${name} is not valid JSON (${(error as Error).message}). Export the catalog or profile as OSCAL JSON.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(where, `${name} is not an OSCAL document: expected a JSON object with a "catalog" or "profile" key.`);
  }
  const kind = 'catalog' in data ? 'catalog' : 'profile' in data ? 'profile' : null;
  if (!kind) {
    const keys = Object.keys(data).filter((k) => k !== '$schema');
    const found = keys.length > 0 ? `its top-level key is "${keys.join('", "')}"` : 'it is an empty object';
    return fail(where, `${name} holds neither an OSCAL catalog nor an OSCAL profile (${found}). Import an OSCAL catalog or profile in JSON.`);
  }
  const root: unknown = (data as Record<string, unknown>)[kind];
  const metadata: unknown = typeof root === 'object' && root !== null ? (root as Record<string, unknown>).metadata : undefined;
  const version: unknown = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)['oscal-version'] : undefined;
  if (typeof version !== 'string') {
    return fail(`${where}/${kind}/metadata`, `${name} has no "oscal-version" in its ${kind} metadata; add it: it says which OSCAL schema the file follows (${SUPPORTED}).`);
  }
  const schema = SCHEMA_VERSIONS.find((v) => version === v.family || version.startsWith(`${v.family}.`));
  if (!schema) {
    return fail(`${where}/${kind}/metadata/oscal-version`, `OSCAL version "${version}" is not supported; Custodian reads OSCAL ${SUPPORTED}. Convert the file to one of these.`);
  }
  const validate = validatorFor(schema.folder, kind);
  if (validate(data)) return data;
  throw new FrameworkFileError(fileName, schemaProblems(validate.errors ?? [], where, `OSCAL ${schema.folder.slice(1)} ${kind} schema`));
}
