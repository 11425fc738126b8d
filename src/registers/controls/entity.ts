// Stub: the controls helper replaces this file.
export interface ControlTables {
  controls: { id: string };
}
