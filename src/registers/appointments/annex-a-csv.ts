import type { AnnexARow } from './accountability.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';

/** Annex A as a spreadsheet a board can be handed: one row per body, with what is missing. */
export function annexACsv(rows: readonly AnnexARow[], marking: string): string {
  const names = (holders: AnnexARow['accountingOfficers']) => holders.map((h) => h.name).join('; ');
  return toCsv(
    ['Protective marking', 'Body', 'Code', 'Type', 'Accounting Officer', 'Board member responsible for information security', 'Missing'],
    rows.map((r) => [marking, r.unit.name, r.unit.code, r.unit.unitType, names(r.accountingOfficers), names(r.securityBoardMembers), r.gaps.map((g) => g.message).join(' ')]),
  );
}
