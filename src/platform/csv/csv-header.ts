// Matches a file's header line to the columns a register reads. People type headers by hand, so
// `Staff Number`, `staff_number` and `STAFF-NUMBER` are the same column, and each column may have
// aliases (`SRO` for `senior_responsible_officer`).
import type { CsvIssue, CsvSpec } from './read-csv.ts';

export interface HeaderLayout<Name extends string> {
  /** The column each cell position holds, or null for a column this import does not read. */
  readonly positions: ReadonlyArray<Name | null>;
  /** How many cells the header names; trailing empty header cells (a spreadsheet artefact) do not count. */
  readonly width: number;
  /** The columns the file has, in file order. */
  readonly columns: Name[];
  /** Each column's heading as written in the file. */
  readonly headings: Partial<Record<Name, string>>;
}

export interface HeaderMatch<Name extends string> {
  readonly layout: HeaderLayout<Name> | null;
  readonly issues: CsvIssue[];
  /** False when rows cannot be read against this header (a column missing or named twice). */
  readonly rowsReadable: boolean;
}

export function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Every spelling of every column, normalised; two columns claiming one spelling is a programming error. */
export function columnSpellings<Name extends string>(spec: CsvSpec<Name>): Map<string, Name> {
  const spellings = new Map<string, Name>();
  for (const column of spec.columns) {
    for (const spelling of [column.name, ...(column.label ? [column.label] : []), ...(column.aliases ?? [])]) {
      const key = normaliseColumnName(spelling);
      const existing = spellings.get(key);
      if (existing !== undefined && existing !== column.name) {
        throw new Error(`CSV spec: "${spelling}" names both ${existing} and ${column.name}`);
      }
      spellings.set(key, column.name);
    }
  }
  return spellings;
}

export function matchHeader<Name extends string>(cells: readonly string[], line: number, spec: CsvSpec<Name>, spellings: Map<string, Name>): HeaderMatch<Name> {
  const labelOf = new Map<Name, string>(spec.columns.map((column) => [column.name, column.label ?? column.name]));
  const allNames = spec.columns.map((column) => labelOf.get(column.name)!);
  const headings: Partial<Record<Name, string>> = {};
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;

  const positions: Array<Name | null> = [];
  const firstPosition = new Map<Name, number>();
  const issues: CsvIssue[] = [];
  const unknown: Array<{ cell: string; position: number }> = [];
  let rowsReadable = true;

  for (let position = 0; position < width; position++) {
    const cell = cells[position] ?? '';
    const name = spellings.get(normaliseColumnName(cell));
    if (name === undefined) {
      positions.push(null);
      unknown.push({ cell, position });
      continue;
    }
    const earlier = firstPosition.get(name);
    if (earlier !== undefined) {
      const first = headings[name] ?? cell;
      const message =
        first.trim().toLowerCase() === cell.trim().toLowerCase()
          ? `Column ${first} appears twice in the header (columns ${earlier + 1} and ${position + 1}): keep one of them`
          : `Columns ${first} and ${cell} (columns ${earlier + 1} and ${position + 1}) are the same column: keep one of them`;
      issues.push({ line, column: first, message });
      rowsReadable = false;
      positions.push(null);
      continue;
    }
    firstPosition.set(name, position);
    headings[name] = cell;
    positions.push(name);
  }

  // A first line that names none of the columns is data, or a title above the table: not a header.
  if (firstPosition.size === 0) {
    return {
      layout: null,
      issues: [{ line, column: null, message: `Line ${line} is not a header: the first line must name the columns, such as ${allNames.join(', ')}` }],
      rowsReadable: false,
    };
  }

  const absent = spec.columns.filter((column) => !firstPosition.has(column.name)).map((column) => labelOf.get(column.name)!);
  for (const { cell, position } of unknown) {
    const label = cell === '' ? `column ${position + 1}` : cell;
    const advice = absent.length > 0 ? `remove it or rename it to one of ${absent.join(', ')}` : 'remove it';
    const message = cell === '' ? `Column ${position + 1} has no name in the header: ${advice}` : `Unknown column ${cell}: ${advice}`;
    issues.push({ line, column: label, message });
  }
  for (const column of spec.columns) {
    if (column.required && !firstPosition.has(column.name)) {
      const label = labelOf.get(column.name)!;
      issues.push({ line, column: label, message: `The required column ${label} is missing: add it to the header line` });
      rowsReadable = false;
    }
  }
  return { layout: { positions, width, columns: [...firstPosition.keys()], headings }, issues, rowsReadable };
}
