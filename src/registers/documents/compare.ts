// Two versions of a document side by side, line by line: what was taken out on the left, what was put
// in on the right, unchanged lines on both. A removed block followed by an added one is shown as a
// change, row against row, as a reader compares a before and after.
import { diffLines } from 'diff';

export interface CompareRow {
  readonly kind: 'same' | 'changed' | 'removed' | 'added';
  readonly left: { readonly line: number; readonly text: string } | null;
  readonly right: { readonly line: number; readonly text: string } | null;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function compareVersions(before: string, after: string): CompareRow[] {
  const rows: CompareRow[] = [];
  let leftLine = 0;
  let rightLine = 0;
  const parts = diffLines(before.replace(/\r\n?/g, '\n'), after.replace(/\r\n?/g, '\n'));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const lines = splitLines(part.value);
    if (!part.added && !part.removed) {
      for (const text of lines) rows.push({ kind: 'same', left: { line: ++leftLine, text }, right: { line: ++rightLine, text } });
      continue;
    }
    if (part.removed && parts[i + 1]?.added) {
      const added = splitLines(parts[i + 1]!.value);
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        const left = k < lines.length ? { line: ++leftLine, text: lines[k]! } : null;
        const right = k < added.length ? { line: ++rightLine, text: added[k]! } : null;
        rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', left, right });
      }
      i++;
      continue;
    }
    for (const text of lines) {
      if (part.removed) rows.push({ kind: 'removed', left: { line: ++leftLine, text }, right: null });
      else rows.push({ kind: 'added', left: null, right: { line: ++rightLine, text } });
    }
  }
  return rows;
}
