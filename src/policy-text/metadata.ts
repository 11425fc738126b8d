// Title, tier and document control metadata (owner, version, review date) from front matter or a
// "Policy owner: … Document version: …" block near the top of the document.
import type { Block } from './markdown.ts';
import type { Tier } from './types.ts';

/** Labels writers use for the same field, mapped to one key. */
const FIELD_ALIASES: [RegExp, string][] = [
  [/^(?:policy|document|content|business|information|senior)?\s*owner(?:ship)?$|^owned by$|^responsible owner$/i, 'owner'],
  [/^(?:document|policy)?\s*version(?:\s*(?:number|no\.?))?$|^issue$/i, 'version'],
  [/^(?:next\s+)?review(?:\s+due)?(?:\s+date)?$|^date\s+(?:of|for)\s+(?:next\s+)?review$|^next\s+review(?:\s+due)?$|^review\s+by$/i, 'reviewDate'],
  [/^(?:last\s+)?review(?:ed)?(?:\s+on)?$|^last\s+reviewed$|^date\s+of\s+last\s+review$/i, 'lastReviewed'],
  [/^author(?:s)?$|^written\s+by$/i, 'author'],
  [/^approv(?:ed|al)(?:\s+by)?$|^approver$/i, 'approvedBy'],
  [/^(?:approval|effective|publication|published|issue|document)\s+date$|^date$|^published$|^effective$/i, 'date'],
  [/^(?:security\s+)?classification$|^protective\s+marking$|^marking$/i, 'classification'],
  [/^status$|^document\s+status$/i, 'status'],
  [/^tier$|^policy\s+tier$|^document\s+tier$/i, 'tier'],
  [/^audience$/i, 'audience'],
  [/^(?:document\s+)?(?:id|reference|ref)$/i, 'reference'],
  [/^title$/i, 'title'],
];

export function fieldKey(label: string): string | null {
  const clean = label.replace(/[*_`]/g, '').trim();
  for (const [re, key] of FIELD_ALIASES) if (re.test(clean)) return key;
  return null;
}

/** Front matter fields, named as the metadata block's would be; lists and maps are left out. */
export function metadataFromFrontMatter(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, value] of Object.entries(data)) {
    if (value === null || typeof value === 'object' ? !(value instanceof Date) : false) continue;
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    const key = fieldKey(label.replace(/[_-]+/g, ' ')) ?? label;
    out[key] = text;
  }
  return out;
}

/**
 * "Key: value" lines in the document's header (before the first section heading) or in a
 * "Document control" section, in plain text, in bold ("**Owner:** SIG") or in a table ("| Owner | SIG |").
 */
export function metadataFromHeader(lines: readonly string[], firstLine: number): { fields: Record<string, string>; lines: Record<string, number> } {
  const fields: Record<string, string> = {};
  const at: Record<string, number> = {};
  let inHeader = true;
  let inControl = false;
  for (let i = firstLine; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    if (heading?.[1] !== undefined) {
      if (heading[1].length > 1) inHeader = false;
      inControl = /document\s+(?:control|information|details|history|management|properties)|version\s+(?:control|history)|metadata|about\s+this\s+document/i.test(heading[2] ?? '');
      continue;
    }
    if (!(inHeader && i < firstLine + 60) && !inControl) continue;
    const row = /^\s*\|\s*([^|]{2,40}?)\s*\|\s*([^|]+?)\s*\|\s*$/.exec(raw);
    const pair = row ?? /^\s*(?:[-*]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z .]{1,38}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(\S.*?)\s*$/.exec(raw);
    if (pair?.[1] === undefined || pair[2] === undefined) continue;
    const key = fieldKey(pair[1]);
    if (key === null || key in fields) continue;
    const value = pair[2].replace(/^\*\*|\*\*$|\\/g, '').trim();
    if (value.length === 0 || /^-+$/.test(value)) continue;
    // A sentence that starts with "Owner:" is prose, not a field.
    if (value.split(/\s+/).length > 12) continue;
    fields[key] = value;
    at[key] = i + 1;
  }
  return { fields, lines: at };
}

export function titleOf(blocks: readonly Block[], frontMatter: Record<string, unknown> | null, fileName: string): string {
  const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (h1?.kind === 'heading' && h1.text.text.trim().length > 0) return h1.text.text.trim();
  const fm = frontMatter?.['title'];
  if (typeof fm === 'string' && fm.trim().length > 0) return fm.trim();
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(?:md|markdown|txt)$/i, '').replace(/[-_]+/g, ' ').trim() || 'Untitled document';
}

/** Guesses where a document sits in the framework from its title, front matter and opening words. */
export function tierOf(title: string, metadata: Record<string, string>, openingText: string): Tier | null {
  const declared = /([1-5])/.exec(metadata['tier'] ?? '');
  if (declared?.[1] !== undefined) return Number(declared[1]) as Tier;
  const fromTitle = tierFromWords(title);
  if (fromTitle !== null) return fromTitle;
  const self = /\bthis\s+(strategic\s+(?:\w+\s+){0,3}policy|(?:\w+\s+){0,2}policy|standard|procedure|process|plan|guide|guidance|document)\b/i.exec(openingText);
  return self?.[1] !== undefined ? tierFromWords(self[1]) : null;
}

function tierFromWords(words: string): Tier | null {
  const w = words.toLowerCase();
  if (/\bstrategic\b|\bstrategy\b|\boverarching\b/.test(w) && /\bpolicy|strategy\b/.test(w)) return 1;
  if (/\bsystem[- ]specific\b|\bprocess[- ]specific\b|\bsecurity policy profiles?\b|\bsyops\b|\bsecurity operating procedures\b/.test(w)) return 5;
  if (/\bguid(?:e|ance)\b|\badvice\b|\bhow to\b|\bintroduction\b/.test(w)) return 4;
  if (/\bstandards?\b|\bprocedures?\b|\bprocess\b|\bbaseline\b|\bplan\b|\brequirements\b/.test(w)) return 3;
  if (/\bpolicy\b/.test(w)) return 2;
  return null;
}
