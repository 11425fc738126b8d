// What the YAML framework formats (WebCAF, CISO Assistant) share: loading a file with its syntax errors
// reported by line, finding where in the file a problem sits, reading a scalar as written, tidying text,
// and collecting problems so a file's every fault is reported at once.
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { FrameworkFileError } from './parsed.ts';
import type { FileProblem } from './parsed.ts';

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  /** The document as plain data (aliases expanded). */
  readonly data: unknown;
  /** A JSON pointer to the node, with its line when the node can be found: `/objectives/A (line 12)`. */
  where(path: YamlPath): string;
  /**
   * A scalar field as text, or null when absent or blank. YAML reads `version: 4.0` as the number 4 and
   * `ref_id: 5.10` as 5.1, so a number is taken as the file writes it, never from its value.
   */
  text(value: unknown, path: YamlPath): string | null;
}

const SYNTAX_ADVICE: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'the same key appears twice in one mapping: remove or rename one of them',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
};

/** Parses YAML text; a file that is not YAML throws FrameworkFileError listing each syntax error by line. */
export function loadYaml(fileName: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error): FileProblem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const advice = SYNTAX_ADVICE[error.code] ?? `${lowerFirst(error.message)}; correct the YAML syntax`;
      return { at: `line ${line}`, message: `column ${col}: ${advice}` };
    });
    throw new FrameworkFileError(fileName, [{ at: '', message: 'this is not a readable YAML file' }, ...problems]);
  }
  // The WebCAF files reuse their status constants through hundreds of aliases; the default cap refuses them.
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  return {
    data,
    where: (path) => pointer(path) + lineSuffix(doc, lineCounter, path),
    text: (value, path) => {
      if (typeof value !== 'number') return textValue(value);
      const node = doc.getIn(path, true);
      return isScalar(node) && typeof node.source === 'string' ? node.source : String(value);
    },
  };
}

/** Loads a file whose top level must be a mapping; `expected` names what the file should be and hold. */
export function loadYamlMapping(fileName: string, text: string, expected: string): { source: YamlSource; root: Record<string, unknown> } {
  const source = loadYaml(fileName, text);
  if (!isMapping(source.data)) throw new FrameworkFileError(fileName, [{ at: '', message: `this is not ${expected}` }]);
  return { source, root: source.data };
}

function lineSuffix(doc: Document, lineCounter: LineCounter, path: YamlPath): string {
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (typeof node !== 'object' || node === null || !('range' in node) || !Array.isArray(node.range)) return '';
  const start: unknown = node.range[0];
  return typeof start === 'number' ? ` (line ${lineCounter.linePos(start).line})` : '';
}

function pointer(path: YamlPath): string {
  return path.map((segment) => '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('') || '/';
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/**
 * Tidies text for display: each line trimmed and its runs of spaces collapsed, at most one blank line in a
 * row. Line breaks are kept because CISO Assistant descriptions carry lists one item a line.
 */
export function normaliseText(value: string): string {
  return value
    .replaceAll('\r\n', '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textValue(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Problems gathered while reading a file, thrown together so the user fixes them in one pass. */
export class ProblemList {
  private readonly problems: FileProblem[] = [];

  add(at: string, message: string): void {
    this.problems.push({ at, message });
  }

  get count(): number {
    return this.problems.length;
  }

  throwIfAny(fileName: string): void {
    if (this.problems.length > 0) throw new FrameworkFileError(fileName, this.problems);
  }
}
