// One way to run every register's CSV import (DECISIONS, Imports): rows are checked as they are read
// and staged in chunks; then, in one transaction, the register resolves them against its data, says
// what is wrong with the set, checks who may change what the file touches, and applies it. Any
// mistake rejects the whole file; a dry run rolls back after counting. The register supplies the steps.
import type { Kysely, Transaction } from 'kysely';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { CsvSpec } from '../csv/read-csv.ts';
import { readCsvChunks } from '../csv/read-csv.ts';
import { importedEvent } from './import-event.ts';
import { emptyCounts, type ImportCounts, type ImportError, type ImportReport } from './report.ts';
import { discardBatch, markBatch, stageRows, type StagingChunk, type StagingProgress } from './staging.ts';
import type { ImportTables } from './tables.ts';

export interface ImportInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly dryRun: boolean;
  readonly requestId?: string;
}

export interface StagedImport<DB, C extends string> {
  /** The register: batches are of this kind, and the event is `<kind>.imported`. */
  readonly kind: string;
  readonly csv: CsvSpec<C>;
  /** Checks and tidies one row as it is read: its problems, or the values to stage. */
  checkRow(line: number, values: Partial<Record<C, string>>): { errors: ImportError[]; staged?: Record<string, unknown> };
  /** What to say about a file with a header and no rows; unset, such a file is an import of nothing. */
  readonly emptyFile?: string;
  /** Resolves the staged rows against the register and returns what is wrong with the set. */
  check(trx: Transaction<DB>, batchId: string): Promise<ImportError[]>;
  /** Throws unless the actor may change everything the file touches. */
  authorize(trx: Transaction<DB>): Promise<void>;
  apply(trx: Transaction<DB>): Promise<ImportCounts>;
}

class Rejected extends Error {
  constructor(readonly errors: ImportError[]) {
    super('rejected');
  }
}
class DryRunFinished extends Error {
  constructor(readonly counts: ImportCounts) {
    super('dry run');
  }
}

export async function runStagedImport<DB extends ImportTables & AuditTables, C extends string>(
  db: Kysely<DB>,
  audit: AuditTrail,
  actor: AuditActor,
  input: ImportInput,
  register: StagedImport<DB, C>,
  onProgress?: (progress: StagingProgress) => void,
): Promise<ImportReport> {
  const rowErrors: ImportError[] = [];
  let headings: Partial<Record<C, string>> = {};
  const checked = async function* (): AsyncGenerator<StagingChunk> {
    for await (const chunk of readCsvChunks(input.bytes, register.csv)) {
      headings = chunk.headings;
      const rows = [];
      for (const row of chunk.rows) {
        const { errors, staged } = register.checkRow(row.line, row.values);
        rowErrors.push(...errors);
        if (staged) rows.push({ line: row.line, values: staged });
      }
      yield { rows, issues: chunk.issues, bytesRead: chunk.bytesRead, totalBytes: chunk.totalBytes };
    }
  };
  const batch = await stageRows(db, { kind: register.kind, fileName: input.fileName, createdBy: actor.label, bytes: input.bytes }, checked(), onProgress);
  // Errors name each column as the file heads it, or as the export writes it when the file lacks it.
  const named = (errors: ImportError[]): ImportError[] =>
    errors.map((e) => {
      const spec = register.csv.columns.find((c) => c.name === e.column);
      return { ...e, column: e.column === null ? null : spec ? (headings[spec.name] ?? spec.label ?? spec.name) : e.column };
    });
  const fileErrors: ImportError[] = [...batch.issues, ...named(rowErrors)];
  if (register.emptyFile && batch.rowCount === 0 && fileErrors.length === 0) fileErrors.push({ line: 1, column: null, message: register.emptyFile });
  try {
    const counts = await db.transaction().execute(async (trx) => {
      // In line order, as a person reads down the file (the sort is stable).
      const errors = [...fileErrors, ...named(await register.check(trx, batch.batchId))].sort((a, b) => a.line - b.line);
      if (errors.length > 0) throw new Rejected(errors);
      await register.authorize(trx);
      const outcome = await register.apply(trx);
      if (input.dryRun) throw new DryRunFinished(outcome);
      // The same file again changes nothing: no write, so no event either.
      if (outcome.created + outcome.updated + outcome.left > 0) {
        await audit.record(trx, importedEvent({ actor, kind: register.kind, batchId: batch.batchId, fileName: input.fileName, sha256: batch.sha256, rowCount: batch.rowCount, counts: outcome, ...(input.requestId ? { requestId: input.requestId } : {}) }));
      }
      return outcome;
    });
    await markBatch(db, batch.batchId, 'applied');
    return { errors: [], counts };
  } catch (error) {
    if (error instanceof Rejected || error instanceof DryRunFinished) {
      await discardBatch(db, batch.batchId);
      return error instanceof Rejected ? { errors: error.errors, counts: emptyCounts() } : { errors: [], counts: error.counts };
    }
    await markBatch(db, batch.batchId, 'failed').catch(() => undefined);
    throw error;
  }
}
