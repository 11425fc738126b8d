// Checks that uploaded bytes are UTF-8 and, when they are not, finds the line to name. Spreadsheets
// still save "CSV" as Windows-1252 by default; guessing the encoding would silently corrupt names
// such as Zoë or Siân, so a file that is not UTF-8 is refused and the user is told where to look.
import { isUtf8 } from 'node:buffer';

export { isUtf8 };

const LF = 0x0a;
const CR = 0x0d;

/** Index of the first byte that does not start well-formed UTF-8 (Unicode table 3-7), or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let following: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      following = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      else if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      following = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      else if (lead === 0xf4) high = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= following; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next < min || next > max) return i;
    }
    i += following + 1;
  }
  return -1;
}

/** Line breaks before `end`, counted as the CSV reader counts them: LF, CRLF and a lone CR are one each. */
export function countLineBreaks(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === LF) count++;
    else if (b === CR && bytes[i + 1] !== LF) count++;
  }
  return count;
}

export function notUtf8Message(line: number): string {
  return `The file is not UTF-8: line ${line} has bytes that are not UTF-8 text. Save it as 'CSV UTF-8' and try again`;
}
