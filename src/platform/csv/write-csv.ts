// Writes CSV for exports: RFC 4180 quoting and CRLF line ends, so Excel and LibreOffice read it as
// written. Exports carry data that users typed, so a cell a spreadsheet would run as a formula is
// escaped (DECISIONS: `=`, `+`, `-`, `@`, tab or carriage return at the start gets a leading `'`).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const CRLF = '\r\n';

/** A whole CSV document: the header line then one line per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}

/**
 * The same document a batch of lines at a time, for exports too large to build as one string
 * (pass the result to `Readable.from` or a Fastify reply).
 */
export async function* streamCsv(
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  linesPerPiece = 1000,
): AsyncGenerator<string> {
  let piece = csvLine(header);
  let count = 0;
  for await (const row of rows) {
    piece += csvLine(row);
    if (++count >= linesPerPiece) {
      yield piece;
      piece = '';
      count = 0;
    }
  }
  if (piece !== '') yield piece;
}

/** One line of CSV, with its CRLF. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + CRLF;
}

export function csvCell(value: unknown): string {
  const text = cellText(value);
  // A number's text (digits, sign, point, exponent) is never run as a formula; escaping -5 would
  // turn a number into text in the spreadsheet.
  const safe = typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
