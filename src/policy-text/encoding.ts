// Bytes to text, and spotting text that was damaged by a wrong encoding on its way into the document.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'latin-1';
  /** 1-based line of the first byte that is not valid UTF-8 (only for latin-1). */
  firstBadByteLine?: number;
}

/** Binary files carry NUL bytes or many control bytes; text never does. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Word and older editors save as Windows-1252, which is Latin-1 plus smart quotes in 0x80-0x9F.
    const text = new TextDecoder('windows-1252').decode(body);
    return { text, encoding: 'latin-1', firstBadByteLine: lineOfFirstBadByte(body) };
  }
}

function lineOfFirstBadByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) line++;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return line;
}

// Windows-1252 characters in 0x80-0x9F, so damaged text can be turned back into its bytes.
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

const CP1252_CLASS = '\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
/**
 * UTF-8 read as Windows-1252: a lead byte (Â, Ã, â and friends) followed by continuation characters.
 * Also the replacement character and a BOM shown as text.
 */
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00C3][${CP1252_CLASS}]|[\\u00E2][${CP1252_CLASS}]{2}|\\uFFFD|ï»¿`, 'gu');

export interface MojibakeHit {
  column: number;
  damaged: string;
  /** What the characters most likely were, when they can be recovered. */
  intended: string | null;
}

export function findMojibake(line: string): MojibakeHit[] {
  const hits: MojibakeHit[] = [];
  for (const m of line.matchAll(MOJIBAKE)) {
    hits.push({ column: (m.index ?? 0) + 1, damaged: m[0], intended: repair(m[0]) });
  }
  return hits;
}

function repair(damaged: string): string | null {
  const bytes: number[] = [];
  for (const ch of damaged) {
    const code = ch.codePointAt(0) ?? 0;
    const high = CP1252_HIGH[ch];
    if (high !== undefined) bytes.push(high);
    else if (code <= 0xff) bytes.push(code);
    else return null;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return text === damaged ? null : text;
  } catch {
    return null;
  }
}
