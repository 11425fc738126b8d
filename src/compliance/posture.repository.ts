// SQL for posture and the home dashboards: the runs, their per-rule results (the denominators), the
// findings as they stood on a date (each finding's last event then), and the few reads of other
// registers' tables that the dashboards need and no register method gives.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../database.ts';
import type { FindingStatus, RunKind } from './entity.ts';

export interface RunRow {
  readonly id: string;
  readonly kind: RunKind;
  readonly trigger: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly durationMs: number | null;
  readonly rules: number;
  readonly open: number;
  readonly covered: number;
  readonly resolved: number;
}

/** One rule's totals over the units asked for, in one full run. */
export interface RuleTotals {
  readonly ruleId: string;
  readonly checked: number;
  readonly failing: number;
  readonly covered: number;
}

export interface TrendPoint {
  /** The Europe/London day of the last full run that day. */
  readonly day: string;
  readonly runId: string;
  readonly checked: number;
  readonly failing: number;
  readonly covered: number;
}

export interface FindingAsAt {
  readonly id: string;
  readonly ruleId: string;
  readonly label: string;
  readonly unitName: string | null;
  readonly accountableName: string | null;
  readonly status: FindingStatus;
  readonly reason: string;
}

export interface PersonFinding {
  readonly id: string;
  readonly ruleId: string;
  readonly label: string;
  readonly reason: string;
  readonly status: FindingStatus;
  readonly openedAt: Date;
}

export interface OwnedRecord {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  /** The roles the person holds on it, as role codes. */
  readonly roles: readonly string[];
  readonly open: number;
  readonly covered: number;
}

export interface UnitChoice {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

const ids = (values: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;
/** `column` in the units, or true for the whole department (null). */
const inUnits = (column: string, units: readonly string[] | null): RawBuilder<boolean> => (units === null ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} in ${ids(units)}`);
const londonDay = sql`(r.started_at at time zone 'Europe/London')::date`;

function toRun(r: { id: string; kind: RunKind; trigger: string; started_at: Date; finished_at: Date | null; duration_ms: number | null; rules: number; open_count: number; covered_count: number; resolved_count: number }): RunRow {
  return { id: r.id, kind: r.kind, trigger: r.trigger, startedAt: r.started_at, finishedAt: r.finished_at, durationMs: r.duration_ms, rules: r.rules, open: r.open_count, covered: r.covered_count, resolved: r.resolved_count };
}

export class PostureRepository {
  constructor(private readonly db: Executor) {}

  async recentRuns(limit: number): Promise<RunRow[]> {
    const rows = await this.db.selectFrom('compliance_runs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map(toRun);
  }

  async run(id: string): Promise<RunRow | undefined> {
    const row = await this.db.selectFrom('compliance_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  /** The last finished full run that started before `before` (or the last of all). */
  async lastFullRun(before?: Date): Promise<RunRow | undefined> {
    let query = this.db.selectFrom('compliance_runs').selectAll().where('kind', '=', 'full').where('finished_at', 'is not', null);
    if (before) query = query.where('started_at', '<', before);
    const row = await query.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  async firstFullRun(): Promise<RunRow | undefined> {
    const row = await this.db.selectFrom('compliance_runs').selectAll().where('kind', '=', 'full').where('finished_at', 'is not', null).orderBy('started_at').limit(1).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  /** Each rule's checked, failing and covered records in one full run, over the units (null: all). */
  async ruleTotals(runId: string, units: readonly string[] | null): Promise<RuleTotals[]> {
    const { rows } = await sql<{ rule_id: string; checked: string; failing: string; covered: string }>`
      select r.rule_id, sum(r.checked) as checked, sum(r.failing) as failing, sum(r.covered) as covered
        from compliance_run_results r
       where r.run_id = ${runId}::uuid and ${inUnits('r.unit_id', units)}
       group by r.rule_id`.execute(this.db);
    return rows.map((r) => ({ ruleId: r.rule_id, checked: Number(r.checked), failing: Number(r.failing), covered: Number(r.covered) }));
  }

  /**
   * One point a day for the last `days` days that had a full run: the last full run of the day, its
   * totals over the units. Read from the run results, so a unit's trend needs no replay of findings.
   */
  async dailyTrend(units: readonly string[] | null, days: number): Promise<TrendPoint[]> {
    const { rows } = await sql<{ day: string; run_id: string; checked: string | null; failing: string | null; covered: string | null }>`
      with last_of_day as (
        select distinct on (${londonDay}) r.id, ${londonDay}::text as day
          from compliance_runs r
         where r.kind = 'full' and r.finished_at is not null
         order by ${londonDay} desc, r.started_at desc
         limit ${days}
      )
      select d.day, d.id as run_id, sum(r.checked) as checked, sum(r.failing) as failing, sum(r.covered) as covered
        from last_of_day d
        left join compliance_run_results r on r.run_id = d.id and ${inUnits('r.unit_id', units)}
       group by d.day, d.id
       order by d.day`.execute(this.db);
    return rows.map((r) => ({ day: r.day, runId: r.run_id, checked: Number(r.checked ?? 0), failing: Number(r.failing ?? 0), covered: Number(r.covered ?? 0) }));
  }

  /**
   * Findings open or covered at `at`, each as its last event before then said, in the units: the
   * findings as they stood on a past date. Counts come whole; the list is cut at `limit`.
   */
  async findingsAsAt(at: Date, units: readonly string[] | null, limit: number): Promise<{ counts: Array<{ ruleId: string; status: FindingStatus; n: number }>; findings: FindingAsAt[] }> {
    const standing = sql`
      select f.id, f.rule_id, f.label, f.unit_id, f.accountable_person_id, e.status, e.reason
        from compliance_findings f
        cross join lateral (
          select e.status, e.reason from compliance_finding_events e
           where e.finding_id = f.id and e.at < ${at}
           order by e.at desc limit 1
        ) e
       where e.status <> 'resolved' and ${inUnits('f.unit_id', units)}`;
    const counts = await sql<{ rule_id: string; status: FindingStatus; n: string }>`
      select s.rule_id, s.status, count(*) as n from (${standing}) s group by s.rule_id, s.status`.execute(this.db);
    const list = await sql<{ id: string; rule_id: string; label: string; unit_name: string | null; accountable_name: string | null; status: FindingStatus; reason: string }>`
      select s.id, s.rule_id, s.label, u.name as unit_name, p.display_name as accountable_name, s.status, s.reason
        from (${standing}) s
        left join organisation_units u on u.id = s.unit_id
        left join people p on p.id = s.accountable_person_id
       order by s.status desc, s.rule_id, s.label
       limit ${limit}`.execute(this.db);
    return {
      counts: counts.rows.map((r) => ({ ruleId: r.rule_id, status: r.status, n: Number(r.n) })),
      findings: list.rows.map((r) => ({ id: r.id, ruleId: r.rule_id, label: r.label, unitName: r.unit_name, accountableName: r.accountable_name, status: r.status, reason: r.reason })),
    };
  }

  /** Findings not resolved now, by rule and status, in the units. */
  async currentCounts(units: readonly string[] | null): Promise<Array<{ ruleId: string; status: FindingStatus; n: number }>> {
    const { rows } = await sql<{ rule_id: string; status: FindingStatus; n: string }>`
      select f.rule_id, f.status, count(*) as n from compliance_findings f
       where f.status <> 'resolved' and ${inUnits('f.unit_id', units)}
       group by f.rule_id, f.status`.execute(this.db);
    return rows.map((r) => ({ ruleId: r.rule_id, status: r.status, n: Number(r.n) }));
  }

  /** The findings a person is accountable for now, open first, oldest first. */
  async findingsOf(personId: string, limit: number): Promise<PersonFinding[]> {
    const rows = await this.db
      .selectFrom('compliance_findings')
      .select(['id', 'rule_id', 'label', 'reason', 'status', 'opened_at'])
      .where('accountable_person_id', '=', personId)
      .where('status', '<>', 'resolved')
      .orderBy('status', 'desc')
      .orderBy('opened_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, ruleId: r.rule_id, label: r.label, reason: r.reason, status: r.status, openedAt: r.opened_at }));
  }

  /** The information assets a person is the current IAO of, with the findings on each. */
  async assetsOwnedBy(personId: string, today: string): Promise<OwnedRecord[]> {
    return this.ownedRecords(personId, today, 'information-asset', 'information_assets');
  }

  /** The technology services a person is the current TSO or SRO of, with the findings on each. */
  async servicesOwnedBy(personId: string, today: string): Promise<OwnedRecord[]> {
    return this.ownedRecords(personId, today, 'technology-service', 'technology_services');
  }

  /**
   * The records of a type a person holds a current appointment on, with the findings whose record it
   * is (compliance_findings_record_idx: record ids are UUIDs, unique across types); the appointments
   * through appointments_person_record_idx.
   */
  private async ownedRecords(personId: string, today: string, recordType: string, table: 'information_assets' | 'technology_services'): Promise<OwnedRecord[]> {
    const { rows } = await sql<{ id: string; reference: string; name: string; roles: string[]; open: string; covered: string }>`
      select t.id, t.reference, t.name, o.roles,
             (select count(*) from compliance_findings f where f.record_id = t.id and f.status = 'open') as open,
             (select count(*) from compliance_findings f where f.record_id = t.id and f.status = 'covered') as covered
        from (
          select a.record_id, array_agg(distinct a.role_code order by a.role_code) as roles
            from appointments a
           where a.record_type = ${recordType} and a.person_id = ${personId}::uuid
             and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)
           group by a.record_id
        ) o
        join ${sql.table(table)} t on t.id = o.record_id
       order by t.reference
       limit 100`.execute(this.db);
    return rows.map((r) => ({ id: r.id, reference: r.reference, name: r.name, roles: r.roles, open: Number(r.open), covered: Number(r.covered) }));
  }

  /** Requirement texts by key: policy statements (no framework) and `framework-code:key`. */
  async requirementTexts(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const { rows } = await sql<{ key: string; text: string }>`
      select coalesce(fw.code || ':', '') || r.key as key, coalesce(nullif(r.title, ''), r.text) as text
        from requirements r left join frameworks fw on fw.id = r.framework_id
       where r.status <> 'retired' and coalesce(fw.code || ':', '') || r.key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`.execute(this.db);
    return new Map(rows.map((r) => [r.key, r.text]));
  }

  async units(): Promise<UnitChoice[]> {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).orderBy('name').execute();
  }

  /** A unit and every unit below it. */
  async subtree(unitId: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      with recursive tree (id) as (
        select id from organisation_units where id = ${unitId}::uuid
        union all
        select u.id from organisation_units u join tree t on u.parent_id = t.id
      ) select id from tree`.execute(this.db);
    return rows.map((r) => r.id);
  }
}
