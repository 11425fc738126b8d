// The result of every register's CSV import, in the CLI and on the upload page (DECISIONS, Imports):
// `--json` prints exactly { errors: [{ line, column, message }], counts: { created, updated,
// unchanged, left } }; the text form lists errors by line; exit status 1 when any row is bad.

export interface ImportError {
  readonly line: number;
  /** The canonical column name, or null when the problem is the whole row or file. */
  readonly column: string | null;
  readonly message: string;
}

export interface ImportCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records the register marks as gone because the file no longer has them (people who left). */
  readonly left: number;
}

export interface ImportReport {
  readonly errors: ImportError[];
  readonly counts: ImportCounts;
}

/** Errors listed in the text form; a file with every row wrong must not print 1.5 million lines. */
export const ERRORS_LISTED = 200;

export function emptyCounts(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0, left: 0 };
}

/** Exactly the `--json` shape, whatever else the report object carries; errors sorted by line, all of them. */
export function importReportJson(report: ImportReport): string {
  const { created, updated, unchanged, left } = report.counts;
  return JSON.stringify({
    errors: sortByLine(report.errors).map(({ line, column, message }) => ({ line, column, message })),
    counts: { created, updated, unchanged, left },
  });
}

export function formatImportReport(report: ImportReport, options: { dryRun: boolean }): string {
  const errors = sortByLine(report.errors);
  const lines: string[] = [];
  if (errors.length > 0) {
    lines.push(`${plural(errors.length, 'error')} in the file:`);
    for (const error of errors.slice(0, ERRORS_LISTED)) lines.push(`  ${describeError(error)}`);
    if (errors.length > ERRORS_LISTED) lines.push(`  and ${errors.length - ERRORS_LISTED} more (use --json to see them all)`);
    lines.push('');
    lines.push(options.dryRun ? 'Dry run: nothing was written. Fix the errors and try again.' : 'Nothing was imported: fix the errors and run the import again.');
    return lines.join('\n');
  }
  const counts = describeCounts(report.counts);
  lines.push(options.dryRun ? `Dry run: nothing was written. The import would give: ${counts}.` : `Imported: ${counts}.`);
  return lines.join('\n');
}

export function describeError(error: ImportError): string {
  return error.column === null ? `line ${error.line}: ${error.message}` : `line ${error.line}, column ${error.column}: ${error.message}`;
}

export function importExitCode(report: ImportReport): 0 | 1 {
  return report.errors.length > 0 ? 1 : 0;
}

function describeCounts(counts: ImportCounts): string {
  return `created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, left ${counts.left}`;
}

function sortByLine(errors: readonly ImportError[]): ImportError[] {
  // Stable: errors on one line keep the order they were found in.
  return [...errors].sort((a, b) => a.line - b.line);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
