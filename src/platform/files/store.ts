// Stores uploaded files in the database (DECISIONS, Uploaded files): a size limit, an allow-list of
// types recognised by content, and the SHA-256 kept beside the bytes. Callers store within their own
// transaction, so a file exists only with the record that refers to it.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { validationFailed } from '../http/errors.ts';
import { ALL_FILE_TYPES, recogniseFile, type FileTypeCode } from './file-types.ts';
import type { FileTables } from './tables.ts';

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly createdAt: Date;
}

export interface FileUpload {
  readonly name: string;
  /** What the browser said the type is: recorded nowhere, since the content decides. */
  readonly mediaType?: string;
  readonly bytes: Uint8Array;
  readonly uploadedBy: string;
}

export interface FileRules {
  readonly maxBytes: number;
  readonly allowed?: readonly FileTypeCode[];
  /** The form field the file came from, for the error message's link. */
  readonly field?: string;
}

const describeSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB` : bytes >= 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${bytes} bytes`);

/** A name safe to store and to send back: no folders, no control characters, not too long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"').join('').trim().slice(-200);
  return cleaned === '' ? 'upload' : cleaned;
}

/** Checks an upload against the rules, every problem at once; throws validation_failed naming the field. */
export function checkUpload(upload: FileUpload, rules: FileRules): { name: string; mediaType: string } {
  const field = rules.field ?? 'file';
  const name = cleanFileName(upload.name);
  if (upload.bytes.length === 0) throw validationFailed([{ field, message: `${name} is empty: choose the file again` }]);
  const problems: { field: string; message: string }[] = [];
  if (upload.bytes.length > rules.maxBytes) problems.push({ field, message: `${name} is ${describeSize(upload.bytes.length)}: the largest file allowed is ${describeSize(rules.maxBytes)}` });
  const recognised = recogniseFile(name, upload.bytes, rules.allowed ?? ALL_FILE_TYPES);
  if ('problem' in recognised) problems.push({ field, message: recognised.problem });
  if (problems.length > 0 || !('type' in recognised)) throw validationFailed(problems);
  return { name, mediaType: recognised.type.mediaType };
}

export async function storeFile<DB extends FileTables>(database: Kysely<DB> | Transaction<DB>, upload: FileUpload, rules: FileRules): Promise<StoredFile> {
  const { name, mediaType } = checkUpload(upload, rules);
  const trx = database as unknown as Kysely<FileTables>;
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const row = await trx
    .insertInto('stored_files')
    .values({ name, media_type: mediaType, size_bytes: upload.bytes.length, sha256, content: upload.bytes, uploaded_by: upload.uploadedBy })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name, mediaType, sizeBytes: upload.bytes.length, sha256, uploadedBy: upload.uploadedBy, createdAt: row.created_at };
}

export async function findStoredFile<DB extends FileTables>(database: Kysely<DB> | Transaction<DB>, id: string): Promise<(StoredFile & { content: Uint8Array }) | undefined> {
  const db = database as unknown as Kysely<FileTables>;
  const row = await db.selectFrom('stored_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  // pg gives a Buffer, PGlite a Uint8Array: hand back the same kind from either engine.
  const content = new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  return { id: row.id, name: row.name, mediaType: row.media_type, sizeBytes: row.size_bytes, sha256: row.sha256, uploadedBy: row.uploaded_by, createdAt: row.created_at, content };
}

export async function fileSummaries<DB extends FileTables>(database: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<Map<string, StoredFile>> {
  if (ids.length === 0) return new Map();
  const db = database as unknown as Kysely<FileTables>;
  const rows = await db.selectFrom('stored_files').select(['id', 'name', 'media_type', 'size_bytes', 'sha256', 'uploaded_by', 'created_at']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256, uploadedBy: r.uploaded_by, createdAt: r.created_at }]));
}

export { describeSize };
