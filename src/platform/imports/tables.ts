// The staging tables every register's CSV import loads into (migration 0003). Add ImportTables to
// the Database interface in src/database.ts so that `Kysely<Database>` can be passed to stageRows.
import type { ColumnType, Generated } from 'kysely';

export type ImportBatchStatus = 'staging' | 'validated' | 'applied' | 'failed' | 'discarded';

export interface ImportBatchTable {
  id: Generated<string>;
  /** The register the file is for: `people`, `assets`, `training-records`. */
  kind: string;
  file_name: string;
  sha256: string;
  row_count: Generated<number>;
  status: Generated<ImportBatchStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface ImportRowTable {
  batch_id: string;
  line: number;
  /** The row's values by canonical column name; written as JSON text. */
  data: ColumnType<unknown, string, string>;
}

// A type, not an interface, so that Kysely's withTables<ImportTables>() accepts it.
export type ImportTables = {
  import_batches: ImportBatchTable;
  import_rows: ImportRowTable;
};
