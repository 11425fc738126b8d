// Reads an uploaded CSV file against the columns a register imports. Every register's import reads
// through here, so the rules are the same everywhere: UTF-8 only, header names matched loosely, and
// every problem reported as an issue with the file line a user can find in their editor.
import { Buffer } from 'node:buffer';
import { columnSpellings, matchHeader, type HeaderLayout } from './csv-header.ts';
import { CsvRecordSplitter, type CsvRecord } from './csv-records.ts';
import { countLineBreaks, firstInvalidUtf8Byte, isUtf8, notUtf8Message } from './utf8.ts';

export interface CsvColumn<Name extends string = string> {
  /** The canonical name: the key of each row's values. */
  readonly name: Name;
  readonly required: boolean;
  /** The name people write in the file, as the register documents it (`unit_code`); messages use it. Defaults to `name`. */
  readonly label?: string;
  /** Other headers accepted for this column; matched like the name (case, spaces, `_` and `-` ignored). */
  readonly aliases?: readonly string[];
}

export interface CsvSpec<Name extends string = string> {
  readonly columns: ReadonlyArray<CsvColumn<Name>>;
  /** More data rows than this is an issue, and reading stops there. */
  readonly maxRows?: number;
}

export interface CsvIssue {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export interface CsvRow<Name extends string = string> {
  /** The 1-based file line where the row starts (the header is line 1). */
  readonly line: number;
  /** Trimmed values by canonical name; a column absent from the file is absent here, not ''. */
  readonly values: Partial<Record<Name, string>>;
}

export interface CsvReadResult<Name extends string = string> {
  readonly rows: Array<CsvRow<Name>>;
  /** Any issue means the file must not be applied; rows with an issue of their own are left out of `rows`. */
  readonly issues: CsvIssue[];
  /** The columns the file has, in file order. */
  readonly columns: Name[];
  /** Each column's heading as the file spells it, so messages name the column the person sees. */
  readonly headings: Partial<Record<Name, string>>;
}

export interface CsvChunk<Name extends string = string> extends CsvReadResult<Name> {
  /** Bytes read so far, and the file's size when known: for a progress bar. */
  readonly bytesRead: number;
  readonly totalBytes: number | null;
}

const LF = 0x0a;
const BOM = '\uFEFF';
/** Slices of a whole file fed to the reader at a time, so rows are made a chunk at a time. */
const SLICE_BYTES = 1 << 20;

/** Reads a whole file into rows. For large files use readCsvChunks, which never holds every row. */
export function readCsv<Name extends string>(bytes: Uint8Array, spec: CsvSpec<Name>): CsvReadResult<Name> {
  const reader = new CsvReader(spec);
  const refusal = refuseIfNotUtf8(bytes);
  if (refusal) return { rows: [], issues: [refusal], columns: [], headings: {} };
  reader.push(bytes);
  reader.end();
  return { rows: reader.takeRows(Infinity), issues: reader.takeIssues(), columns: reader.columns, headings: reader.headings };
}

/**
 * Reads a file chunk by chunk: at most about `chunkSize` rows exist as objects at once. Issues come
 * with the chunk in which they were found. From a stream, bytes that are not UTF-8 are only found
 * when reached: earlier chunks have already been yielded, and the issue still refuses the file.
 */
export async function* readCsvChunks<Name extends string>(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  spec: CsvSpec<Name>,
  chunkSize = 5000,
): AsyncGenerator<CsvChunk<Name>> {
  const reader = new CsvReader(spec);
  const totalBytes = source instanceof Uint8Array ? source.length : null;
  const chunk = (rows: Array<CsvRow<Name>>): CsvChunk<Name> => ({ rows, issues: reader.takeIssues(), columns: reader.columns, headings: reader.headings, bytesRead: reader.bytesRead, totalBytes });

  if (source instanceof Uint8Array) {
    const refusal = refuseIfNotUtf8(source);
    if (refusal) {
      yield { rows: [], issues: [refusal], columns: [], headings: {}, bytesRead: 0, totalBytes };
      return;
    }
  }
  let yielded = false;
  for await (const bytes of source instanceof Uint8Array ? slices(source) : source) {
    reader.push(bytes);
    while (reader.rowCount >= chunkSize) {
      yield chunk(reader.takeRows(chunkSize));
      yielded = true;
    }
    if (reader.stopped) break;
  }
  reader.end();
  while (reader.rowCount > 0 || reader.issueCount > 0 || !yielded) {
    yield chunk(reader.takeRows(chunkSize));
    yielded = true;
  }
}

async function* slices(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) yield bytes.subarray(start, start + SLICE_BYTES);
}

function refuseIfNotUtf8(bytes: Uint8Array): CsvIssue | null {
  if (isUtf8(bytes)) return null;
  const bad = firstInvalidUtf8Byte(bytes);
  const line = 1 + countLineBreaks(bytes, bad < 0 ? 0 : bad);
  return { line, column: null, message: notUtf8Message(line) };
}

/** Bytes in, rows and issues out; fed in pieces of any size. */
class CsvReader<Name extends string> {
  readonly #spec: CsvSpec<Name>;
  readonly #spellings: Map<string, Name>;
  readonly #splitter: CsvRecordSplitter;
  #rows: Array<CsvRow<Name>> = [];
  #issues: CsvIssue[] = [];
  #layout: HeaderLayout<Name> | null = null;
  #headerSeen = false;
  #dataRows = 0;
  #pending: Uint8Array[] = [];
  #started = false;
  #anyText = false;
  /** Set when the rest of the file cannot be read usefully: not UTF-8, no usable header, too many rows. */
  stopped = false;
  bytesRead = 0;

  constructor(spec: CsvSpec<Name>) {
    this.#spec = spec;
    this.#spellings = columnSpellings(spec);
    this.#splitter = new CsvRecordSplitter((record) => this.#onRecord(record));
  }

  get columns(): Name[] {
    return this.#layout ? [...this.#layout.columns] : [];
  }

  get headings(): Partial<Record<Name, string>> {
    return this.#layout ? { ...this.#layout.headings } : {};
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  get issueCount(): number {
    return this.#issues.length;
  }

  takeRows(count: number): Array<CsvRow<Name>> {
    if (count >= this.#rows.length) {
      const all = this.#rows;
      this.#rows = [];
      return all;
    }
    return this.#rows.splice(0, count);
  }

  takeIssues(): CsvIssue[] {
    const issues = this.#issues;
    this.#issues = [];
    return issues;
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.bytesRead += bytes.length;
    // Decode up to the last line feed: a line feed never falls inside a UTF-8 character, and the
    // splitter needs each piece to end at one. Bytes after it wait (as pieces, so that a long line
    // arriving in many small pieces is copied once, not once per piece).
    const cut = bytes.lastIndexOf(LF) + 1;
    if (cut === 0) {
      this.#pending.push(bytes);
      return;
    }
    const head = bytes.subarray(0, cut);
    const piece = this.#pending.length > 0 ? Buffer.concat([...this.#pending, head]) : head;
    this.#pending = cut < bytes.length ? [bytes.subarray(cut)] : [];
    this.#decode(piece);
  }

  end(): void {
    if (!this.stopped && this.#pending.length > 0) this.#decode(Buffer.concat(this.#pending));
    this.#pending = [];
    if (this.stopped) return;
    const { unclosedQuoteLine, unclosedQuoteCell } = this.#splitter.finish();
    if (unclosedQuoteLine !== null) {
      const column = this.#layout?.positions[unclosedQuoteCell] ?? null;
      this.#issues.push({
        line: unclosedQuoteLine,
        column,
        message: `A quote (") opened on line ${unclosedQuoteLine} is never closed, so the rest of the file was read as one cell: close the quote, or double any quote inside a cell ("")`,
      });
    } else if (!this.#anyText || !this.#headerSeen) {
      const names = this.#spec.columns.map((column) => column.name).join(', ');
      this.#issues.push({ line: 1, column: null, message: `The file is empty: it needs a header line naming the columns (${names}) and a line for each row` });
    }
  }

  #decode(bytes: Uint8Array): void {
    if (!isUtf8(bytes)) {
      const bad = firstInvalidUtf8Byte(bytes);
      const line = this.#splitter.line + countLineBreaks(bytes, bad < 0 ? 0 : bad);
      this.#issues.push({ line, column: null, message: notUtf8Message(line) });
      this.#stop();
      return;
    }
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (!this.#started) {
      this.#started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    if (!this.#anyText && text.trim() !== '') this.#anyText = true;
    this.#splitter.feed(text);
  }

  #stop(): void {
    this.stopped = true;
    this.#splitter.halt();
  }

  #onRecord(record: CsvRecord): void {
    if (!this.#headerSeen) {
      this.#headerSeen = true;
      const match = matchHeader(record.cells, record.line, this.#spec, this.#spellings);
      this.#issues.push(...match.issues);
      if (record.strayTextCell !== null) {
        this.#issues.push({ line: record.line, column: null, message: strayTextMessage(record.strayTextCell + 1) });
      }
      this.#layout = match.layout;
      // Rows read against a header with a missing or doubled column would each repeat its mistake.
      if (!match.rowsReadable || record.strayTextCell !== null) this.#stop();
      return;
    }
    const layout = this.#layout;
    if (!layout) return;

    this.#dataRows++;
    const maxRows = this.#spec.maxRows;
    if (maxRows !== undefined && this.#dataRows > maxRows) {
      this.#issues.push({ line: record.line, column: null, message: `The file has more than ${maxRows} rows: split it into files of at most ${maxRows} rows` });
      this.#stop();
      return;
    }
    if (record.strayTextCell !== null) {
      const column = layout.positions[record.strayTextCell] ?? null;
      this.#issues.push({ line: record.line, column, message: strayTextMessage(record.strayTextCell + 1) });
      return;
    }
    const { cells } = record;
    // Empty cells past the header are what spreadsheets leave behind; text there would be lost.
    if (cells.length > layout.width && cells.slice(layout.width).some((cell) => cell !== '')) {
      this.#issues.push({
        line: record.line,
        column: null,
        message: `This row has ${cells.length} cells but the header names ${layout.width} columns: put quotes around any cell that contains a comma`,
      });
      return;
    }
    const values: Partial<Record<Name, string>> = {};
    layout.positions.forEach((name, position) => {
      if (name !== null) values[name] = cells[position] ?? '';
    });
    this.#rows.push({ line: record.line, values });
  }
}

function strayTextMessage(cellNumber: number): string {
  return `Cell ${cellNumber} has text after its closing quote: put the whole cell in quotes, and double any quote inside it ("")`;
}
