// SQL for the register's views: the filtered list, counts for the trend, the timings, the return's rows
// and the incidents awaiting an ICO decision. Every view shares one filter and one visibility rule.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../database.ts';
import type { IncidentCategory, IncidentFilter, IncidentKind, PersonalDataAnswer, TimingStatistics } from './entity.ts';
import { selectIncidents, type IncidentRow } from './repository.ts';
import { workOutNow, type KeepOrWorkOut } from '../../platform/audit/until-next-write.ts';

/** Who sees which incidents: every incident in these units, plus those they reported or handle. */
export interface IncidentVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

const ids = (values: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;

/** The ICO clock runs for possible personal data (yes or not sure) unless triage found a near miss. */
export const ICO_CLOCK_APPLIES = sql`(i.personal_data <> 'no' and not (i.kind = 'near-miss' and i.stage <> 'reported'))`;
const ICO_DECIDED = sql`exists (select 1 from decisions d where d.kind = 'ico-reporting' and d.record_type = 'incident' and d.record_id = i.id)`;
export const ICO_HOURS = 72;

const londonDay = (column: RawBuilder<unknown>) => sql`(${column} at time zone 'Europe/London')::date`;
/** The instant a London calendar day begins. */
const londonMidnight = (day: RawBuilder<unknown>) => sql`((${day})::timestamp at time zone 'Europe/London')`;

export class IncidentViewRepository {
  constructor(private readonly db: Executor) {}

  whereOf(filter: IncidentFilter, visibility: IncidentVisibility, now: Date): RawBuilder<unknown> {
    const conditions: RawBuilder<unknown>[] = [];
    if (visibility.units !== 'all') {
      const person = visibility.personId;
      conditions.push(sql`(i.unit_id in ${ids(visibility.units)} or (${person}::uuid is not null and (i.reported_by_person_id = ${person}::uuid or (i.handler_person_id = ${person}::uuid and i.stage <> 'closed'))))`);
    }
    // A unit's incidents include those of the units below it.
    if (filter.unitId) conditions.push(sql`i.unit_id in (with recursive below(id) as (select ${filter.unitId}::uuid union all select u.id from organisation_units u join below on u.parent_id = below.id) select id from below)`);
    if (filter.stage) conditions.push(sql`i.stage = ${filter.stage}`);
    if (filter.open === true) conditions.push(sql`i.stage <> 'closed'`);
    if (filter.open === false) conditions.push(sql`i.stage = 'closed'`);
    if (filter.kind) conditions.push(sql`i.kind = ${filter.kind}`);
    if (filter.category) conditions.push(sql`i.category = ${filter.category}`);
    if (filter.severityCode) conditions.push(sql`i.severity_code = ${filter.severityCode}`);
    if (filter.personalData) conditions.push(sql`i.personal_data = ${filter.personalData}`);
    const overdue = sql`(${ICO_CLOCK_APPLIES} and i.aware_at + make_interval(hours => ${ICO_HOURS}) < ${now}::timestamptz and not ${ICO_DECIDED})`;
    if (filter.icoOverdue === true) conditions.push(overdue);
    if (filter.icoOverdue === false) conditions.push(sql`not ${overdue}`);
    // As instants (the London midnights around the days), not as London dates of each row: the same
    // incidents, but the trend's last twelve months are then read from incidents_reported_at_idx.
    if (filter.reportedFrom) conditions.push(sql`i.reported_at >= ${londonMidnight(sql`${filter.reportedFrom}::date`)}`);
    if (filter.reportedTo) conditions.push(sql`i.reported_at < ${londonMidnight(sql`${filter.reportedTo}::date + 1`)}`);
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(sql`(i.reference ilike ${pattern} or i.title ilike ${pattern} or i.description ilike ${pattern})`);
    }
    return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
  }

  async listIncidents(filter: IncidentFilter, visibility: IncidentVisibility, now: Date, page: { limit: number; offset: number }, countOnce: KeepOrWorkOut<number> = workOutNow): Promise<{ rows: IncidentRow[]; total: number }> {
    const where = this.whereOf(filter, visibility, now);
    const order = sql`order by (i.stage = 'closed'), i.reported_at desc, i.reference desc`;
    // The page's ids first, from incidents_list_idx (migration 0022); then the people, unit, type and
    // severity of those 50 only, not of every incident skipped to reach the page.
    const [ids, count] = await Promise.all([
      sql<{ id: string }>`select i.id from incidents i where ${where} ${order} limit ${page.limit} offset ${page.offset}`.execute(this.db),
      countOnce(async () => Number((await sql<{ n: number }>`select count(*)::int as n from incidents i where ${where}`.execute(this.db)).rows[0]?.n ?? 0)),
    ]);
    const pageIds = ids.rows.map((r) => r.id);
    const rows = pageIds.length === 0 ? [] : await selectIncidents(this.db, sql`i.id = any(${pageIds}::uuid[])`, order);
    return { rows, total: count };
  }

  async assignedTo(personId: string): Promise<IncidentRow[]> {
    return selectIncidents(this.db, sql`i.handler_person_id = ${personId} and i.stage <> 'closed'`, sql`order by i.reported_at`);
  }

  async reportedBy(personId: string): Promise<IncidentRow[]> {
    return selectIncidents(this.db, sql`i.reported_by_person_id = ${personId}`, sql`order by i.reported_at desc`);
  }

  /** Possible personal data breaches with no ICO decision yet, soonest deadline first. */
  async awaitingIcoDecision(): Promise<IncidentRow[]> {
    return selectIncidents(this.db, sql`${ICO_CLOCK_APPLIES} and not ${ICO_DECIDED}`, sql`order by i.aware_at`);
  }

  /** Counts per month (Europe/London), unit, kind and category, for the trend. */
  async monthlyCounts(filter: IncidentFilter, visibility: IncidentVisibility, now: Date): Promise<Array<{ month: string; unitId: string; kind: IncidentKind; category: IncidentCategory | null; count: number }>> {
    const { rows } = await sql<{ month: string; unit_id: string; kind: IncidentKind; category: IncidentCategory | null; count: number }>`
      select to_char(m.month, 'YYYY-MM') as month, m.unit_id, m.kind, m.category, m.count
        from (select date_trunc('month', i.reported_at at time zone 'Europe/London') as month, i.unit_id, i.kind, i.category, count(*)::int as count
                from incidents i where ${this.whereOf(filter, visibility, now)}
               group by 1, 2, 3, 4) m`.execute(this.db);
    return rows.map((r) => ({ month: r.month, unitId: r.unit_id, kind: r.kind, category: r.category, count: Number(r.count) }));
  }

  /**
   * Median and 90th percentile, in hours, from report to triage and from report to close. date_part, not
   * extract: extract gives numeric, and numeric arithmetic over every incident took most of the time.
   * percentile_cont works in double precision either way, and the hours are rounded to a tenth.
   */
  async timings(filter: IncidentFilter, visibility: IncidentVisibility, now: Date): Promise<{ triage: TimingStatistics; close: TimingStatistics }> {
    const { rows } = await sql<{ triaged: number; triage_median: number | null; triage_p90: number | null; closed: number; close_median: number | null; close_p90: number | null }>`
      with t as (
        select date_part('epoch', i.triaged_at - i.reported_at) / 3600.0 as triage_hours,
               case when i.stage = 'closed' then date_part('epoch', i.closed_at - i.reported_at) / 3600.0 end as close_hours
          from incidents i where ${this.whereOf(filter, visibility, now)}
      )
      select count(triage_hours)::int as triaged,
             percentile_cont(0.5) within group (order by triage_hours) as triage_median,
             percentile_cont(0.9) within group (order by triage_hours) as triage_p90,
             count(close_hours)::int as closed,
             percentile_cont(0.5) within group (order by close_hours) as close_median,
             percentile_cont(0.9) within group (order by close_hours) as close_p90
        from t`.execute(this.db);
    const r = rows[0];
    const hours = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
    return {
      triage: { count: Number(r?.triaged ?? 0), medianHours: hours(r?.triage_median), p90Hours: hours(r?.triage_p90) },
      close: { count: Number(r?.closed ?? 0), medianHours: hours(r?.close_median), p90Hours: hours(r?.close_p90) },
    };
  }

  /** What the quarterly return counts: every incident reported in the quarter (Europe/London dates). */
  async returnRows(from: string, to: string): Promise<Array<{ reportedOn: string; kind: IncidentKind; category: IncidentCategory | null; severityCode: string | null; typeCode: string | null; personalData: PersonalDataAnswer; unitId: string }>> {
    const { rows } = await sql<{ reported_on: string; kind: IncidentKind; category: IncidentCategory | null; severity_code: string | null; type_code: string | null; personal_data: PersonalDataAnswer; unit_id: string }>`
      select to_char(i.reported_at at time zone 'Europe/London', 'YYYY-MM-DD') as reported_on, i.kind, i.category, i.severity_code, i.type_code, i.personal_data, i.unit_id
        from incidents i
       where ${londonDay(sql`i.reported_at`)} between ${from}::date and ${to}::date
       order by i.reference`.execute(this.db);
    return rows.map((r) => ({ reportedOn: r.reported_on, kind: r.kind, category: r.category, severityCode: r.severity_code, typeCode: r.type_code, personalData: r.personal_data, unitId: r.unit_id }));
  }
}
