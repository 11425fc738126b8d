// Sentence splitting for policy prose: abbreviations, IDs with dots (POL.TCP.001), file names and
// version numbers must not end a sentence.

export interface Span {
  text: string;
  /** Offset of the first character in the text the span was cut from. */
  start: number;
}

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'eg', 'ie', 'cf', 'vs', 'viz', 'approx', 'incl', 'no', 'nos', 'mr', 'mrs', 'ms', 'dr', 'st', 'para', 'fig',
  'ref', 'refs', 'sec', 'ch', 'vol', 'p', 'pp', 'min', 'max', 'govt', 'dept', 'ltd', 'inc', 'co', 'v',
]);

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const re = /[.!?]+["'”’)\]]*(?=\s+|$)/g;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    const before = text.slice(start, m.index ?? 0);
    const lastWord = (/([A-Za-z.]+)$/.exec(before)?.[1] ?? '').toLowerCase();
    if (m[0].startsWith('.') && ABBREVIATIONS.has(lastWord.replace(/\.$/, ''))) continue;
    const after = text.slice(end).trimStart();
    // A new sentence starts with a capital, a digit, a quote or a bracket; "etc. and" does not.
    if (after.length > 0 && !/^[A-Z0-9"“‘'([`*_]/.test(after)) continue;
    push(spans, text, start, end);
    start = end;
  }
  push(spans, text, start, text.length);
  return spans;
}

function push(spans: Span[], text: string, from: number, to: number): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed.length > 0) spans.push({ text: trimmed, start: from + lead });
}
