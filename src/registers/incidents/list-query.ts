// The incident register's filters as people and clients write them (a unit's code, a stage, a category,
// dates as YYYY-MM-DD), turned into the service's IncidentFilter. The register, its charts, the CSV
// export and the API all read them here, so a chart and the list beside it count the same incidents.
import type { Actor } from '../../access/actor.ts';
import { isRealDate } from '../../platform/clock.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { listParams as filtersOf, queryOf } from '../../platform/http/list-params.ts';
import type { Services } from '../../services.ts';
import { INCIDENT_CATEGORIES, INCIDENT_KINDS, INCIDENT_STAGES, isIncidentCategory, isIncidentKind, isIncidentStage, isPersonalDataAnswer, PERSONAL_DATA_ANSWERS, type IncidentFilter } from './entity.ts';

export const LIST_PARAMS = ['unit', 'stage', 'open', 'kind', 'category', 'severity', 'personalData', 'icoOverdue', 'from', 'to', 'search'] as const;
export type ListParam = (typeof LIST_PARAMS)[number];
/** The filters as text, as a query string carries them; absent or empty means "any". */
export type IncidentListParams = Partial<Record<ListParam, string>>;

/** The known filters of a query, as text, leaving out the empty ones. */
export const listParams = (query: Readonly<Record<string, unknown>>): IncidentListParams => filtersOf(LIST_PARAMS, query);

export { queryOf };

const yesNo = (value: string): boolean | undefined => (value === 'yes' || value === 'true' ? true : value === 'no' || value === 'false' ? false : undefined);

/** Resolves the filters through the services; a filter that names nothing is a problem, not an empty list. */
export async function incidentFilterOf(services: Services, actor: Actor, params: IncidentListParams): Promise<{ filter: IncidentFilter; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const filter: { -readonly [K in keyof IncidentFilter]: IncidentFilter[K] } = {};
  if (params.unit) {
    const wanted = params.unit.toUpperCase();
    const unit = (await services.organisationUnits.listUnits(actor)).find((u) => u.code === wanted || u.id === params.unit);
    if (unit) filter.unitId = unit.id;
    else problems.push({ field: 'unit', message: `No unit has the code ${params.unit}` });
  }
  if (params.stage) {
    if (isIncidentStage(params.stage)) filter.stage = params.stage;
    else problems.push({ field: 'stage', message: `Choose a stage: ${INCIDENT_STAGES.join(', ')}` });
  }
  if (params.open) {
    const open = yesNo(params.open);
    if (open === undefined) problems.push({ field: 'open', message: 'Choose whether the incidents are open: yes or no' });
    else if (open) filter.open = true;
    else if (!filter.stage) filter.stage = 'closed';
  }
  if (params.kind) {
    if (isIncidentKind(params.kind)) filter.kind = params.kind;
    else problems.push({ field: 'kind', message: `Choose incidents or near misses: ${INCIDENT_KINDS.join(', ')}` });
  }
  if (params.category) {
    if (isIncidentCategory(params.category)) filter.category = params.category;
    else problems.push({ field: 'category', message: `Choose a category: ${INCIDENT_CATEGORIES.join(', ')}` });
  }
  if (params.severity) {
    const severities = (await services.incidents.options(actor)).severities;
    if (severities.some((s) => s.code === params.severity)) filter.severityCode = params.severity;
    else problems.push({ field: 'severity', message: `Choose a severity: ${severities.map((s) => s.code).join(', ')}` });
  }
  if (params.personalData) {
    if (isPersonalDataAnswer(params.personalData)) filter.personalData = params.personalData;
    else problems.push({ field: 'personalData', message: `Choose whether personal data is involved: ${PERSONAL_DATA_ANSWERS.join(', ')}` });
  }
  if (params.icoOverdue) {
    const overdue = yesNo(params.icoOverdue);
    if (overdue === undefined) problems.push({ field: 'icoOverdue', message: 'Choose whether to show only breaches past their 72 hours: yes or no' });
    else if (overdue) filter.icoOverdue = true;
  }
  if (params.from) {
    if (isRealDate(params.from)) filter.reportedFrom = params.from;
    else problems.push({ field: 'from', message: 'Enter the first day as YYYY-MM-DD, such as 2026-07-01' });
  }
  if (params.to) {
    if (isRealDate(params.to)) filter.reportedTo = params.to;
    else problems.push({ field: 'to', message: 'Enter the last day as YYYY-MM-DD, such as 2026-09-30' });
  }
  if (filter.reportedFrom && filter.reportedTo && filter.reportedFrom > filter.reportedTo) problems.push({ field: 'to', message: 'The last day must be on or after the first day' });
  if (params.search) filter.search = params.search.slice(0, 200);
  return { filter, problems };
}
