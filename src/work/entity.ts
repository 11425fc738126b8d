// Tables of "my work" and reminders (issue 13).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkTables {}
