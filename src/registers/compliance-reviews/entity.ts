// Tables of this register (issue 13).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ComplianceReviewTables {}
