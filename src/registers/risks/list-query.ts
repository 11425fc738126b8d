// The risk register's filters as people and clients write them (a unit's code, a band's code, the owner's
// email or staff number, a cell of the heat map), turned into the repository's RiskFilter. The list, the
// heat map, the CSV export and the API all read them here, so a heat-map cell's link and the list it
// leads to agree.
import type { Actor } from '../../access/actor.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { listParams as filtersOf, queryOf } from '../../platform/http/list-params.ts';
import type { Services } from '../../services.ts';
import { RISK_STATUSES, type RiskMatrix, type RiskStatus } from './entity.ts';
import type { RiskFilter } from './repository.ts';

export const LIST_PARAMS = ['unit', 'band', 'owner', 'status', 'overAppetite', 'expiringWithinDays', 'search', 'rating', 'likelihood', 'impact'] as const;
export type ListParam = (typeof LIST_PARAMS)[number];
/** The filters as text, as a query string carries them; absent or empty means "any". */
export type RiskListParams = Partial<Record<ListParam, string>>;

/** The known filters of a query, as text, leaving out the empty ones. */
export const listParams = (query: Readonly<Record<string, unknown>>): RiskListParams => filtersOf(LIST_PARAMS, query);

export { queryOf };

/** The filters without the heat-map cell: the heat map's own filters, and the list's "every cell" link. */
export function withoutCell(params: RiskListParams): RiskListParams {
  const { rating: _rating, likelihood: _likelihood, impact: _impact, ...rest } = params;
  return rest;
}

export interface ResolvedFilter {
  readonly filter: RiskFilter;
  readonly problems: FieldProblem[];
  /** The heat-map cell filtered to, in words, when there is one. */
  readonly cell: { readonly rating: 'inherent' | 'residual'; readonly likelihood: string; readonly impact: string } | null;
}

const wholeNumber = (value: string | undefined): number | undefined => (value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : undefined);

/** Resolves the filters' names through the services; a filter that names nothing is a problem, not an empty list. */
export async function riskFilterOf(services: Services, actor: Actor, matrix: RiskMatrix, params: RiskListParams): Promise<ResolvedFilter> {
  const problems: FieldProblem[] = [];
  const filter: { -readonly [K in keyof RiskFilter]: RiskFilter[K] } = {};
  if (params.unit) {
    const wanted = params.unit.toUpperCase();
    const unit = (await services.organisationUnits.listUnits(actor)).find((u) => u.code === wanted || u.id === params.unit);
    if (unit) filter.unitId = unit.id;
    else problems.push({ field: 'unit', message: `No unit has the code ${params.unit}` });
  }
  if (params.band) {
    const band = matrix.bands.find((b) => b.code === params.band);
    if (band) filter.bandCode = band.code;
    else problems.push({ field: 'band', message: `Choose one of the bands: ${matrix.bands.map((b) => b.name).join(', ')}` });
  }
  if (params.owner) {
    const owner = await services.people.findByReference(actor, params.owner);
    if (owner) filter.ownerPersonId = owner.id;
    else problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${params.owner}` });
  }
  if (params.status) {
    if ((RISK_STATUSES as readonly string[]).includes(params.status)) filter.status = params.status as RiskStatus;
    else problems.push({ field: 'status', message: `Choose a status: ${RISK_STATUSES.join(', ')}` });
  }
  if (params.overAppetite) {
    if (params.overAppetite === 'yes' || params.overAppetite === 'true') filter.overAppetite = true;
    else if (params.overAppetite === 'no' || params.overAppetite === 'false') filter.overAppetite = false;
    else problems.push({ field: 'overAppetite', message: 'Choose whether the risks are over their unit’s appetite: yes or no' });
  }
  if (params.expiringWithinDays) {
    const days = wholeNumber(params.expiringWithinDays);
    if (days !== undefined && days <= 3650) filter.expiringWithinDays = days;
    else problems.push({ field: 'expiringWithinDays', message: 'Enter the number of days as a whole number, such as 30' });
  }
  if (params.search) filter.search = params.search.slice(0, 200);
  let cell: ResolvedFilter['cell'] = null;
  if (params.rating || params.likelihood || params.impact) {
    const rating = params.rating === 'inherent' || params.rating === 'residual' ? params.rating : null;
    const likelihood = matrix.likelihoods.find((l) => l.level === wholeNumber(params.likelihood));
    const impact = matrix.impacts.find((i) => i.level === wholeNumber(params.impact));
    if (rating && likelihood && impact) {
      filter.cell = { rating, likelihood: likelihood.level, impact: impact.level };
      cell = { rating, likelihood: `${likelihood.name} (${likelihood.level})`, impact: `${impact.name} (${impact.level})` };
    } else {
      problems.push({ field: 'form', message: 'A cell of the heat map is a rating (inherent or residual), a likelihood and an impact of the matrix: choose the cell again from the heat map' });
    }
  }
  return { filter, problems, cell };
}
