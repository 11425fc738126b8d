// Reading the incidents register: one incident with everything about it (personal data redacted where the
// viewer has no need to know), the filtered list, the handler's queue, the reporter's own reports, the
// monthly trend and the timings. Each shows only what the viewer may see.
import type { Actor } from '../../access/actor.ts';
import { unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import { addMonths, londonDate, type Clock } from '../../platform/clock.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';
import { notFound, requireId } from '../../platform/http/errors.ts';
import { ActionRepository } from '../actions/repository.ts';
import { authorizeIncidentRead, authorizeIncidentViews, canHandleIncident, canManageIncident, canSeePersonalData, incidentTeamUnits } from './access.ts';
import { agencies, icoDecisionRoleOf, IncidentConfigurationRepository, SETTING, type UnitNode } from './configuration.repository.ts';
import {
  CATEGORY_NAMES,
  INCIDENT_CATEGORIES,
  RESTRICTED_TEXT,
  type IcoDecision,
  type IncidentDetails,
  type IncidentFilter,
  type IncidentPage,
  type IncidentSettings,
  type IncidentSummary,
  type IncidentTimings,
  type IncidentTrend,
  type TrendSeries,
} from './entity.ts';
import { icoClock, icoDecider, triageClock } from './ico.ts';
import { missingToClose } from './learning.ts';
import { IncidentLearningRepository } from './learning.repository.ts';
import { IncidentRepository, type IncidentRow } from './repository.ts';
import { IncidentViewRepository, type IncidentVisibility } from './views.repository.ts';

export const INCIDENTS_PAGE_SIZE = 50;
const DEFAULT_TRIAGE_HOURS = 24;

interface SummaryContext {
  readonly triageTargetHours: number;
  readonly agencyOf: Map<string, UnitNode>;
  readonly decisions: Map<string, IcoDecision[]>;
  readonly now: Date;
}

export class IncidentViews {
  /** The trend, timings and count cover every incident the viewer sees (100,000 at a department's size), on every page of the register. */
  private readonly figures: UntilNextWrite;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.figures = new UntilNextWrite(db, clock);
  }

  async settings(): Promise<IncidentSettings> {
    const configuration = new IncidentConfigurationRepository(this.db);
    const values = await configuration.settings();
    const hours = Number(values.get(SETTING.triageTargetHours));
    const roleCode = icoDecisionRoleOf(values);
    const mailbox = values.get(SETTING.securityMailbox)?.trim() ?? '';
    return { triageTargetHours: Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_TRIAGE_HOURS, icoDecisionRoleCode: roleCode, icoDecisionRoleName: (await configuration.roleName(roleCode)) ?? roleCode, securityMailbox: mailbox || null };
  }

  /** What the summaries of these rows need, loaded once for all of them. */
  private async context(rows: readonly IncidentRow[]): Promise<SummaryContext> {
    const configuration = new IncidentConfigurationRepository(this.db);
    const [settings, units, decisions] = await Promise.all([this.settings(), configuration.units(), new IncidentRepository(this.db).icoDecisions(rows.map((r) => r.id))]);
    return { triageTargetHours: settings.triageTargetHours, agencyOf: agencies(units), decisions, now: this.clock.now() };
  }

  private summarise(row: IncidentRow, context: SummaryContext): IncidentSummary {
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      kind: row.kind,
      stage: row.stage,
      category: row.category,
      typeCode: row.typeCode,
      typeName: row.typeName,
      severity: row.severityCode ? { code: row.severityCode, name: row.severityName ?? row.severityCode, rank: row.severityRank ?? 0, description: row.severityDescription ?? '' } : null,
      personalData: row.personalData,
      unitId: row.unitId,
      unitName: row.unitName,
      agencyName: context.agencyOf.get(row.unitId)?.name ?? row.unitName,
      reportedAt: row.reportedAt,
      occurredAt: row.occurredAt,
      reportedBy: row.reportedBy,
      handlerPersonId: row.handlerPersonId,
      handlerName: row.handlerName,
      triage: triageClock(row.reportedAt, row.triagedAt, context.triageTargetHours, context.now),
      ico: icoClock(row, context.decisions.get(row.id) ?? [], context.now),
      closedAt: row.closedAt,
    };
  }

  private async summaries(rows: readonly IncidentRow[]): Promise<IncidentSummary[]> {
    const context = await this.context(rows);
    return rows.map((r) => this.summarise(r, context));
  }

  /** Everything the viewer may see: the units they read or handle for, plus their own reports and assignments. */
  private visibility(actor: Actor): IncidentVisibility {
    const readers = unitsWhere(actor, 'incidents.read');
    const team = incidentTeamUnits(actor);
    const units = readers === 'all' || team === 'all' ? 'all' : [...new Set([...readers, ...team])];
    return { units, personId: actor.kind === 'person' ? actor.personId : null };
  }

  async get(actor: Actor, id: string): Promise<IncidentDetails> {
    const repository = new IncidentRepository(this.db);
    const row = await repository.findIncident(requireId(id, 'The incident'));
    if (!row) throw notFound('The incident');
    const now = this.clock.now();
    const decider = await icoDecider(this.db, row.unitId, londonDate(now));
    const personId = actor.kind === 'person' ? actor.personId : null;
    const isDecider = personId !== null && decider.holders.some((h) => h.personId === personId);
    authorizeIncidentRead(actor, row, isDecider);
    const seePersonal = canSeePersonalData(actor, row, isDecider);
    const learning = new IncidentLearningRepository(this.db);
    const [context, links, people, events, lessons, actions] = await Promise.all([
      this.context([row]),
      repository.recordLinks(row.id),
      seePersonal ? repository.people(row.id) : Promise.resolve([]),
      repository.events(row.id),
      learning.lessons(row.id),
      new ActionRepository(this.db).actionsFor('incident', [row.id], londonDate(now)),
    ]);
    const targets = await learning.targets(actions.map((a) => a.id));
    const summary = this.summarise(row, context);
    const decisions = (context.decisions.get(row.id) ?? []).map((d) => (seePersonal ? d : { ...d, snapshot: { ...d.snapshot, personalDataDetails: RESTRICTED_TEXT } }));
    return {
      ...summary,
      ico: { ...summary.ico, decision: decisions[decisions.length - 1] ?? null },
      description: row.description,
      affectedInformation: row.affectedInformation,
      actionsTaken: row.actionsTaken,
      unitCode: row.unitCode,
      reportedByPersonId: row.reportedByPersonId,
      personalDataDetails: seePersonal ? row.personalDataDetails : RESTRICTED_TEXT,
      people,
      personalDataRestricted: !seePersonal,
      ...links,
      timeline: events.map((e) => (e.restricted && !seePersonal ? { ...e, text: RESTRICTED_TEXT, data: {} } : e)),
      lessons,
      actions: actions.map((a) => ({ ...a, targets: targets.filter((t) => t.actionId === a.id) })),
      icoDecisions: decisions,
      icoDecider: { roleCode: decider.roleCode, roleName: decider.roleName, holders: decider.holders.map((h) => ({ personId: h.personId, name: h.name })) },
      missingToClose: missingToClose(row, lessons, actions, summary.ico),
      may: {
        handle: canHandleIncident(actor, row),
        assign: canManageIncident(actor, row) && row.stage !== 'closed',
        reopen: canManageIncident(actor, row) && row.stage === 'closed',
        decideIco: isDecider && summary.ico.applies,
        seePersonalData: seePersonal,
      },
    };
  }

  async list(actor: Actor, filter: IncidentFilter, page: number): Promise<IncidentPage> {
    authorizeIncidentViews(actor);
    const current = Math.max(1, Math.floor(Number.isFinite(page) ? page : 1));
    const visibility = this.visibility(actor);
    const countOnce = this.figures.keeping<number>(JSON.stringify(['count', filter, visibility]));
    const { rows, total } = await new IncidentViewRepository(this.db).listIncidents(filter, visibility, this.clock.now(), { limit: INCIDENTS_PAGE_SIZE, offset: (current - 1) * INCIDENTS_PAGE_SIZE }, countOnce);
    return { incidents: await this.summaries(rows), total, page: current, pages: Math.max(1, Math.ceil(total / INCIDENTS_PAGE_SIZE)) };
  }

  async queue(actor: Actor): Promise<IncidentSummary[]> {
    authorizeIncidentViews(actor);
    if (actor.kind !== 'person') return [];
    return this.summaries(await new IncidentViewRepository(this.db).assignedTo(actor.personId));
  }

  async myReports(actor: Actor): Promise<IncidentSummary[]> {
    authorizeIncidentViews(actor);
    if (actor.kind !== 'person') return [];
    return this.summaries(await new IncidentViewRepository(this.db).reportedBy(actor.personId));
  }

  /** Per month (default: the last 12, this one included): incidents and near misses, by agency and by category. */
  async trend(actor: Actor, filter: IncidentFilter): Promise<IncidentTrend> {
    authorizeIncidentViews(actor);
    const now = this.clock.now();
    const today = londonDate(now);
    const to = (filter.reportedTo ?? today).slice(0, 7);
    const from = (filter.reportedFrom ?? addMonths(`${to}-01`, -11)).slice(0, 7);
    const months: string[] = [];
    for (let month = from; month <= to && months.length < 240; month = addMonths(`${month}-01`, 1).slice(0, 7)) months.push(month);
    const visibility = this.visibility(actor);
    // Kept whole, not only the counts: shaping 100,000 incidents' months into series cost a millisecond a page.
    return this.figures.get(JSON.stringify(['trend', filter, from, to, visibility]), async () => {
      const [counts, units] = await Promise.all([
        new IncidentViewRepository(this.db).monthlyCounts({ ...filter, reportedFrom: filter.reportedFrom ?? `${from}-01` }, visibility, now),
        new IncidentConfigurationRepository(this.db).units(),
      ]);
      return shapeTrend(months, counts, agencies(units));
    });
  }

  async timings(actor: Actor, filter: IncidentFilter): Promise<IncidentTimings> {
    authorizeIncidentViews(actor);
    const visibility = this.visibility(actor);
    return this.figures.get(JSON.stringify(['timings', filter, visibility]), () => new IncidentViewRepository(this.db).timings(filter, visibility, this.clock.now()));
  }
}

/** Monthly counts as the trend's series: incidents and near misses, by agency and by category. */
function shapeTrend(months: readonly string[], counts: ReadonlyArray<{ month: string; kind: string; unitId: string; category: string | null; count: number }>, agencyOf: ReturnType<typeof agencies>): IncidentTrend {
  const index = new Map(months.map((m, i) => [m, i]));
  const incidents = months.map(() => 0);
  const nearMisses = months.map(() => 0);
  const byAgency = new Map<string, { label: string; counts: number[] }>();
  const byCategory = new Map<string, { label: string; counts: number[] }>(INCIDENT_CATEGORIES.map((c) => [c, { label: CATEGORY_NAMES[c], counts: months.map(() => 0) }]));
  for (const c of counts) {
    const i = index.get(c.month);
    if (i === undefined) continue;
    (c.kind === 'near-miss' ? nearMisses : incidents)[i]! += c.count;
    const agency = agencyOf.get(c.unitId);
    const agencyKey = agency?.code ?? c.unitId;
    const agencySeries = byAgency.get(agencyKey) ?? { label: agency?.name ?? 'Unknown', counts: months.map(() => 0) };
    agencySeries.counts[i]! += c.count;
    byAgency.set(agencyKey, agencySeries);
    const categoryKey = c.category ?? 'untriaged';
    const categorySeries = byCategory.get(categoryKey) ?? { label: 'Not yet triaged', counts: months.map(() => 0) };
    categorySeries.counts[i]! += c.count;
    byCategory.set(categoryKey, categorySeries);
  }
  const series = (map: Map<string, { label: string; counts: number[] }>): TrendSeries[] => [...map.entries()].map(([key, s]) => ({ key, label: s.label, counts: s.counts, total: s.counts.reduce((a, b) => a + b, 0) }));
  return { months: [...months], incidents, nearMisses, byAgency: series(byAgency).sort((a, b) => a.label.localeCompare(b.label, 'en-GB')), byCategory: series(byCategory) };
}
