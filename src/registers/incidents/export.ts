// The incident register as CSV: the columns of the list, one row an incident, times in UTC (ISO 8601).
import { toCsv } from '../../platform/csv/write-csv.ts';
import type { IncidentSummary } from './entity.ts';

const HEADINGS = ['reference', 'title', 'kind', 'stage', 'category', 'type', 'severity', 'personal data', 'unit', 'agency', 'reported at', 'occurred at', 'reported by', 'handler', 'triaged at', 'hours to triage', 'ico deadline', 'ico decision', 'closed at'];

export function incidentsCsv(rows: readonly IncidentSummary[]): string {
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  return toCsv(
    HEADINGS,
    rows.map((r) => [
      r.reference, r.title, r.kind, r.stage, r.category ?? '', r.typeName ?? '', r.severity?.name ?? '', r.personalData, r.unitName, r.agencyName, iso(r.reportedAt), iso(r.occurredAt), r.reportedBy, r.handlerName ?? '',
      iso(r.triage.triagedAt), r.triage.hoursTaken ?? '', r.ico.applies ? iso(r.ico.icoDeadline) : '', r.ico.decision?.outcome ?? '', iso(r.closedAt),
    ]),
  );
}
