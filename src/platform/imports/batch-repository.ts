// The SQL of import staging. Callers pass the database (or a transaction) typed with ImportTables.
import { sql, type Kysely } from 'kysely';
import type { ImportBatchStatus, ImportTables } from './tables.ts';

export type ImportExecutor = Kysely<ImportTables>;

export interface ImportBatch {
  readonly id: string;
  readonly kind: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly rowCount: number;
  readonly status: ImportBatchStatus;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export async function insertBatch(db: ImportExecutor, batch: { kind: string; fileName: string; sha256: string; createdBy: string | null }): Promise<string> {
  const row = await db
    .insertInto('import_batches')
    .values({ kind: batch.kind, file_name: batch.fileName, sha256: batch.sha256, created_by: batch.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRows(db: ImportExecutor, batchId: string, rows: ReadonlyArray<{ line: number; values: unknown }>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('import_rows')
    .values(rows.map((row) => ({ batch_id: batchId, line: row.line, data: JSON.stringify(row.values) })))
    .execute();
}

export async function addToRowCount(db: ImportExecutor, batchId: string, added: number): Promise<void> {
  await db
    .updateTable('import_batches')
    .set((eb) => ({ row_count: eb('row_count', '+', added) }))
    .where('id', '=', batchId)
    .execute();
}

export async function setBatchStatus(db: ImportExecutor, batchId: string, status: ImportBatchStatus): Promise<void> {
  const finished = status === 'staging' || status === 'validated' ? null : sql<Date>`now()`;
  await db.updateTable('import_batches').set({ status, finished_at: finished }).where('id', '=', batchId).execute();
}

/** Deletes up to `limit` of a batch's rows; returns how many went. */
export async function deleteSomeRows(db: ImportExecutor, batchId: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('import_rows')
    .where('batch_id', '=', batchId)
    .where('line', 'in', (eb) => eb.selectFrom('import_rows').select('line').where('batch_id', '=', batchId).orderBy('line').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findBatch(db: ImportExecutor, batchId: string): Promise<ImportBatch | undefined> {
  const row = await db.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    sha256: row.sha256,
    rowCount: Number(row.row_count),
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A page of staged rows after `afterLine`, in line order (keyset paging: no offset scans). */
export async function selectRowsAfter(db: ImportExecutor, batchId: string, afterLine: number, limit: number): Promise<Array<{ line: number; data: unknown }>> {
  return db
    .selectFrom('import_rows')
    .select(['line', 'data'])
    .where('batch_id', '=', batchId)
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute();
}
