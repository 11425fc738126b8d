// Splits CSV text into records: RFC 4180, plus what spreadsheets really write (CRLF, LF or CR line
// ends, spaces around quoted cells). It remembers the file line where each record starts, because a
// quoted cell may hold line breaks: record n is not line n, and errors must point at the right line.

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export interface CsvRecord {
  /** The 1-based line of the file where the record starts. */
  readonly line: number;
  /** Trimmed cells, in file order. */
  readonly cells: string[];
  /** The first cell with text after its closing quote ("ab"c): its value cannot be known. */
  readonly strayTextCell: number | null;
}

export class CsvRecordSplitter {
  #cells: string[] = [];
  #cell = '';
  #inQuotes = false;
  #quoted = false;
  #afterClosingQuote = false;
  #strayTextCell: number | null = null;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #halted = false;

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  /** The line the next piece of text starts on. */
  get line(): number {
    return this.#line;
  }

  /** Stops at the end of the current record: the caller has read all it will. */
  halt(): void {
    this.#halted = true;
  }

  /**
   * Reads the next piece of the file. Every piece but the last must end with a line feed, so that a
   * quote is never the last character of a piece: whether `"` closes a cell or starts an escaped `""`
   * depends on the character after it.
   */
  feed(text: string): void {
    let start = 0;
    const n = text.length;
    for (let i = 0; i < n && !this.#halted; i++) {
      const c = text.charCodeAt(i);
      if (this.#inQuotes) {
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            this.#cell += text.slice(start, i + 1);
            i++;
          } else {
            this.#cell += text.slice(start, i);
            this.#inQuotes = false;
            this.#afterClosingQuote = true;
          }
          start = i + 1;
        } else if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
          this.#line++;
        }
        continue;
      }
      if (c === COMMA) {
        this.#endCell(text.slice(start, i));
        start = i + 1;
      } else if (c === LF || c === CR) {
        this.#endCell(text.slice(start, i));
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        this.#line++;
        this.#endRecord();
        start = i + 1;
      } else if (c === QUOTE) {
        if (!this.#quoted && this.#cell === '' && text.slice(start, i).trim() === '') {
          this.#inQuotes = true;
          this.#quoted = true;
          this.#quoteLine = this.#line;
          start = i + 1;
        } else if (this.#afterClosingQuote) {
          this.#markStrayText();
        }
        // Otherwise a quote inside an unquoted cell (5'11") is kept as written, as spreadsheets do.
      } else if (this.#afterClosingQuote && c !== SPACE && c !== TAB) {
        this.#markStrayText();
      }
    }
    if (!this.#halted && !this.#afterClosingQuote && start < n) this.#cell += text.slice(start);
  }

  /** Ends the file. Returns the line of a quote that was never closed, whose record is dropped. */
  finish(): { unclosedQuoteLine: number | null; unclosedQuoteCell: number } {
    if (this.#inQuotes) return { unclosedQuoteLine: this.#quoteLine, unclosedQuoteCell: this.#cells.length };
    if (!this.#halted && (this.#cells.length > 0 || this.#cell !== '' || this.#quoted)) {
      this.#endCell('');
      this.#endRecord();
    }
    return { unclosedQuoteLine: null, unclosedQuoteCell: 0 };
  }

  #endCell(rest: string): void {
    let value = this.#afterClosingQuote ? this.#cell : this.#cell + rest;
    // Quoted line breaks come back as written (often CRLF from Windows); store one kind.
    if (this.#quoted && value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
    this.#cells.push(value.trim());
    this.#cell = '';
    this.#quoted = false;
    this.#afterClosingQuote = false;
  }

  #endRecord(): void {
    const cells = this.#cells;
    const line = this.#recordLine;
    const strayTextCell = this.#strayTextCell;
    this.#cells = [];
    this.#strayTextCell = null;
    this.#recordLine = this.#line;
    // Blank lines, and the rows of bare commas spreadsheets leave below the data, carry nothing.
    if (cells.every((cell) => cell === '') && strayTextCell === null) return;
    this.onRecord({ line, cells, strayTextCell });
  }

  #markStrayText(): void {
    this.#strayTextCell ??= this.#cells.length;
  }
}
