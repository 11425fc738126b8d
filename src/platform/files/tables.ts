// Uploaded files, kept in the database with their SHA-256 (DECISIONS, Uploaded files).
import type { ColumnType, Generated } from 'kysely';

export interface StoredFileTable {
  id: Generated<string>;
  name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  /** PGlite returns bytea as a Uint8Array, pg as a Buffer (a Uint8Array too): read it as Uint8Array. */
  content: Uint8Array;
  uploaded_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface FileTables {
  stored_files: StoredFileTable;
}
