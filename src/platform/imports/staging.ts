// Loads an import's rows into the staging table, where the register validates them with set-based
// SQL and then applies them in one transaction (DECISIONS, Imports). On the embedded database PGlite
// has one connection, held from begin to commit: a transaction over 1.5 million rows would stop
// every other request for its whole length. So each chunk of rows is its own short transaction, and
// other requests get the database between chunks.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, notFound, requireId } from '../http/errors.ts';
import { addToRowCount, deleteSomeRows, findBatch, insertBatch, insertRows, selectRowsAfter, setBatchStatus, type ImportExecutor } from './batch-repository.ts';
import type { ImportTables } from './tables.ts';

import type { ImportBatch } from './batch-repository.ts';

export type { ImportBatch };

/** Rows per insert and per transaction: 3 parameters a row stays far below PostgreSQL's 65,535. */
export const STAGING_CHUNK_ROWS = 5000;

export interface StagedRow {
  readonly line: number;
  readonly values: unknown;
}

/** What the CSV reader yields (CsvChunk) fits here; issues found while reading are passed back. */
export interface StagingChunk {
  readonly rows: readonly StagedRow[];
  readonly issues?: ReadonlyArray<{ readonly line: number; readonly column: string | null; readonly message: string }>;
  readonly bytesRead?: number;
  readonly totalBytes?: number | null;
}

export type StagingFile = {
  readonly kind: string;
  readonly fileName: string;
  /** Who is importing, as the audit trail labels them; null for the system. */
  readonly createdBy: string | null;
  /** The number of rows, when known before staging (a file read whole): for progress. */
  readonly totalRows?: number;
} & ({ readonly bytes: Uint8Array; readonly sha256?: never } | { readonly sha256: string; readonly bytes?: never });

export interface StagingProgress {
  readonly batchId: string;
  readonly rowsStaged: number;
  readonly totalRows: number | null;
  readonly bytesRead: number | null;
  readonly totalBytes: number | null;
}

export interface StagedBatch {
  readonly batchId: string;
  readonly rowCount: number;
  readonly sha256: string;
  /** Issues the chunks carried (from the CSV reader), in the order found. */
  readonly issues: Array<{ line: number; column: string | null; message: string }>;
}

/** The content hash recorded with the batch and in the import's audit event. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Creates a batch and stages the rows in chunks of at most STAGING_CHUNK_ROWS, each chunk one
 * transaction, reporting progress after each commit. `onProgress` may return a promise; staging
 * waits for it. Must not be called inside a transaction. If staging fails the batch is marked
 * failed and its rows deleted, then the error is thrown on.
 */
export async function stageRows<DB extends ImportTables>(
  database: Kysely<DB>,
  file: StagingFile,
  chunks: AsyncIterable<StagingChunk> | Iterable<StagingChunk>,
  onProgress?: (progress: StagingProgress) => void | Promise<void>,
): Promise<StagedBatch> {
  const db = database as unknown as ImportExecutor;
  const sha256 = file.bytes ? contentHash(file.bytes) : file.sha256;
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('stageRows needs the file bytes or its SHA-256 in hex');
  const batchId = await insertBatch(db, { kind: file.kind, fileName: file.fileName, sha256, createdBy: file.createdBy });
  const issues: StagedBatch['issues'] = [];
  let rowsStaged = 0;
  try {
    for await (const chunk of chunks) {
      if (chunk.issues) issues.push(...chunk.issues.map((issue) => ({ line: issue.line, column: issue.column, message: issue.message })));
      for (let start = 0; start < chunk.rows.length; start += STAGING_CHUNK_ROWS) {
        const rows = chunk.rows.slice(start, start + STAGING_CHUNK_ROWS);
        await db.transaction().execute(async (trx) => {
          await insertRows(trx, batchId, rows);
          await addToRowCount(trx, batchId, rows.length);
        });
        rowsStaged += rows.length;
        await onProgress?.({ batchId, rowsStaged, totalRows: file.totalRows ?? null, bytesRead: chunk.bytesRead ?? null, totalBytes: chunk.totalBytes ?? null });
        await letOthersIn();
      }
    }
  } catch (error) {
    await clearRows(db, batchId, 'failed').catch(() => undefined);
    throw error;
  }
  return { batchId, rowCount: rowsStaged, sha256, issues };
}

/** Deletes a batch's staged rows and marks it discarded; the batch row stays as the record of the attempt. */
export async function discardBatch<DB extends ImportTables>(database: Kysely<DB>, batchId: string): Promise<void> {
  const db = database as unknown as ImportExecutor;
  const batch = await findBatch(db, requireId(batchId, 'The import'));
  if (!batch) throw notFound('The import');
  if (batch.status === 'applied') throw new AppError('invalid_state', 'This import has been applied, so it is kept as the record of what was imported. Import a corrected file instead.');
  await clearRows(db, batchId, 'discarded');
}

/** Records the outcome of validating or applying a staged batch. */
export async function markBatch<DB extends ImportTables>(database: Kysely<DB>, batchId: string, status: 'validated' | 'applied' | 'failed'): Promise<void> {
  await setBatchStatus(database as unknown as ImportExecutor, batchId, status);
}

/** The batch, or undefined when there is none (an id that is not a UUID included: ids come from forms). */
export async function getBatch<DB extends ImportTables>(database: Kysely<DB>, batchId: string): Promise<ImportBatch | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(batchId)) return undefined;
  return findBatch(database as unknown as ImportExecutor, batchId);
}

/** A batch's staged rows in line order, a page at a time: for checks easier in TypeScript than SQL. */
export async function* readStagedRows<DB extends ImportTables>(database: Kysely<DB>, batchId: string, pageSize = STAGING_CHUNK_ROWS): AsyncGenerator<Array<{ line: number; data: unknown }>> {
  const db = database as unknown as ImportExecutor;
  let afterLine = 0;
  for (;;) {
    const page = await selectRowsAfter(db, batchId, afterLine, pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    afterLine = page[page.length - 1]!.line;
  }
}

// PGlite answers through promises alone, so a loop of chunks never returns to the event loop: timers
// and incoming requests would wait for the whole file even though the database is free between
// chunks. Yielding once per chunk lets them in; their queries queue for the connection ahead of ours.
function letOthersIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// Deleting a large batch in one statement would hold the embedded database as long as staging it
// in one would; delete a chunk per statement instead.
async function clearRows(db: ImportExecutor, batchId: string, status: 'discarded' | 'failed'): Promise<void> {
  let deleted: number;
  do {
    deleted = await deleteSomeRows(db, batchId, STAGING_CHUNK_ROWS);
    await letOthersIn();
  } while (deleted > 0);
  await setBatchStatus(db, batchId, status);
}
