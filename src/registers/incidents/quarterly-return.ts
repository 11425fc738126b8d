// The quarterly return to the Cabinet Office, as pure functions: from the incidents, the layout (data the
// department adjusts: `incident_return_columns`) and the quarter, the rows of the CSV. One row per agency
// with incidents reported in the quarter, by agency name, then a total row. docs/incidents.md describes
// the fields; test/fixtures/incidents/ holds a worked example.
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Quarter, ReturnIncident, ReturnLayout } from './entity.ts';

const DIMENSIONS = ['kind', 'category', 'severity', 'type', 'personal-data'] as const;
type Dimension = (typeof DIMENSIONS)[number];
const PLAIN_FIELDS = ['quarter', 'agency', 'agency-code', 'total'] as const;

/** The label of the total row's agency column. */
export const TOTAL_LABEL = 'Total';

type Condition = { readonly dimension: Dimension; readonly values: readonly string[] };
type ParsedField = { readonly plain: (typeof PLAIN_FIELDS)[number] } | { readonly conditions: readonly Condition[] };

/** A field as the layout writes it, or a sentence saying what is wrong with it. */
export function parseReturnField(field: string): ParsedField | string {
  const text = field.trim();
  if ((PLAIN_FIELDS as readonly string[]).includes(text)) return { plain: text as (typeof PLAIN_FIELDS)[number] };
  const conditions: Condition[] = [];
  for (const part of text.split('&')) {
    const [dimension, values, ...rest] = part.split(':').map((s) => s.trim());
    if (!dimension || !values || rest.length > 0) return `“${field}” is not a field: write quarter, agency, agency-code, total, or conditions such as kind:incident&category:confidentiality`;
    if (!(DIMENSIONS as readonly string[]).includes(dimension)) return `“${dimension}” in “${field}” is not something the return counts by: use ${DIMENSIONS.join(', ')}`;
    const list = values.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (list.length === 0) return `“${field}” names no value to count`;
    conditions.push({ dimension: dimension as Dimension, values: list });
  }
  return { conditions };
}

/** Every problem with a layout, by column. */
export function layoutProblems(layout: ReturnLayout): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (layout.columns.length === 0) problems.push({ field: 'columns', message: 'The return needs at least one column' });
  layout.columns.forEach((column, index) => {
    if (column.heading.trim() === '') problems.push({ field: `columns[${index}].heading`, message: `Give column ${index + 1} a heading` });
    else if (column.heading.length > 100) problems.push({ field: `columns[${index}].heading`, message: `Column ${index + 1}’s heading must be 100 characters or fewer` });
    const parsed = parseReturnField(column.field);
    if (typeof parsed === 'string') problems.push({ field: `columns[${index}].field`, message: parsed });
  });
  return problems;
}

/** `2026-Q3` is July to September 2026: calendar quarters. Null when the text is not one. */
export function parseQuarter(text: string): Quarter | null {
  const match = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const q = Number(match[2]);
  const firstMonth = (q - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { label: `${year}-Q${q}`, from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}` };
}

/** The quarter a calendar date falls in, as `2026-Q3`. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function valueOf(incident: ReturnIncident, dimension: Dimension): string {
  switch (dimension) {
    case 'kind':
      return incident.kind;
    case 'category':
      return incident.category ?? 'none';
    case 'severity':
      return incident.severityCode ?? 'none';
    case 'type':
      return incident.typeCode ?? 'none';
    case 'personal-data':
      return incident.personalData;
  }
}

const matches = (incident: ReturnIncident, conditions: readonly Condition[]): boolean => conditions.every((c) => c.values.includes(valueOf(incident, c.dimension)));

/**
 * The return's rows, the heading row first. Incidents reported outside the quarter are left out; an
 * agency with none in the quarter has no row. A field the layout cannot parse gives an empty cell (the
 * layout is checked when it is saved).
 */
export function quarterlyReturnRows(incidents: readonly ReturnIncident[], layout: ReturnLayout, quarter: Quarter): string[][] {
  const fields = layout.columns.map((c) => parseReturnField(c.field));
  const inQuarter = incidents.filter((i) => i.reportedOn >= quarter.from && i.reportedOn <= quarter.to);
  const agencies = new Map<string, { code: string; name: string; incidents: ReturnIncident[] }>();
  for (const incident of inQuarter) {
    const agency = agencies.get(incident.agencyCode) ?? { code: incident.agencyCode, name: incident.agencyName, incidents: [] };
    agency.incidents.push(incident);
    agencies.set(incident.agencyCode, agency);
  }
  const row = (agency: { code: string; name: string }, counted: readonly ReturnIncident[]): string[] =>
    fields.map((field) => {
      if (typeof field === 'string') return '';
      if ('plain' in field) {
        if (field.plain === 'quarter') return quarter.label;
        if (field.plain === 'agency') return agency.name;
        if (field.plain === 'agency-code') return agency.code;
        return String(counted.length);
      }
      return String(counted.filter((i) => matches(i, field.conditions)).length);
    });
  const sorted = [...agencies.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.code.localeCompare(b.code));
  return [layout.columns.map((c) => c.heading), ...sorted.map((a) => row(a, a.incidents)), row({ code: '', name: TOTAL_LABEL }, inQuarter)];
}
