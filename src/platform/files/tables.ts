// Stub: the controls helper replaces this file (uploaded files, stored in the database).
export interface FileTables {
  stored_files: { id: string };
}
