// SQL for the compliance engine's own tables: storing one rule's result as findings, runs, and the
// watcher's place in the audit trail. Reading findings for pages lives in findings.repository.ts.
import { sql } from 'kysely';
import type { Executor, Tx } from '../database.ts';
import type { RunKind } from './entity.ts';
import { inScope, type ComplianceRule } from './rule.ts';

// The working tables a rule's subjects are put in. One for runs over every subject, analysed each time
// it is filled (tens of thousands of rows), and one for runs over a few: the statistics stay with a
// table, and a handful of rows planned as if they were the last full run's thousands took about twice as
// long (36–47 ms a scoped run against 20–22 ms, measured on a generated department).
const WORKING_TABLE = { everySubject: 'compliance_current_all', someSubjects: 'compliance_current' } as const;

export class ComplianceRepository {
  constructor(private readonly db: Executor) {}

  async startRun(kind: RunKind, trigger: string, at: Date): Promise<string> {
    const row = await this.db.insertInto('compliance_runs').values({ kind, trigger, started_at: at }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async finishRun(runId: string, values: { finishedAt: Date; durationMs: number; rules: number; open: number; covered: number; resolved: number }): Promise<void> {
    await this.db
      .updateTable('compliance_runs')
      .set({ finished_at: values.finishedAt, duration_ms: values.durationMs, rules: values.rules, open_count: values.open, covered_count: values.covered, resolved_count: values.resolved })
      .where('id', '=', runId)
      .execute();
  }

  /** The findings whose status a run changed, by their new status: what a scoped run reports. */
  async countChanges(runId: string): Promise<{ open: number; covered: number; resolved: number }> {
    const counts = { open: 0, covered: 0, resolved: 0 };
    const rows = await this.db
      .selectFrom('compliance_finding_events')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('status')
      .execute();
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Findings by status, over the given rules. */
  async countFindings(ruleIds: readonly string[]): Promise<{ open: number; covered: number; resolved: number }> {
    const counts = { open: 0, covered: 0, resolved: 0 };
    if (ruleIds.length === 0) return counts;
    const rows = await this.db
      .selectFrom('compliance_findings')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('rule_id', 'in', [...ruleIds])
      .groupBy('status')
      .execute();
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * Once per transaction, before its rules are applied. PostgreSQL's JIT compiler judges the rules'
   * statements by their (pessimistic) cost and spends seconds compiling what runs in milliseconds:
   * measured 2.9 s of a 3.5 s rule at 5,000 services. The working table stays with the connection,
   * emptied at each commit: creating and dropping it for every rule wrote the catalogue each time, the
   * larger part of a scoped re-evaluation's cost.
   */
  async prepareWorkingTable(trx: Tx): Promise<void> {
    await sql`set local jit = off`.execute(trx);
    for (const table of [WORKING_TABLE.everySubject, WORKING_TABLE.someSubjects]) {
      await sql`create temporary table if not exists ${sql.table(table)} (
        record_type text, record_id uuid, detail_key text, label text, unit_id uuid, accountable_person_id uuid,
        scope_type text, scope_id uuid, failing boolean, reason text, exception_id uuid
      ) on commit delete rows`.execute(trx);
    }
  }

  /**
   * Runs the rule's statement into the working table (see prepareWorkingTable), covers failures with
   * exceptions in force, and brings the rule's findings in line: new ones opened, changed ones updated,
   * vanished ones resolved, each change of status recorded as an event of this run. Set-based
   * throughout: the same statements whatever the number of records. `scope` null re-checks every subject.
   */
  async applyRule(trx: Tx, rule: ComplianceRule, input: { runId: string; today: string; now: Date; scope: readonly string[] | null; recordTotals: boolean }): Promise<void> {
    const { runId, today, now, scope } = input;
    const current = sql.table(scope === null ? WORKING_TABLE.everySubject : WORKING_TABLE.someSubjects);
    // A scoped run applies its rules in one transaction, so the previous rule's rows go first; in the
    // same statement, whose parts share one snapshot, so the delete never sees the rows inserted.
    await sql`with cleared as (delete from ${current})
      insert into ${current} (record_type, record_id, detail_key, label, unit_id, accountable_person_id, scope_type, scope_id, failing, reason)
      select record_type, record_id, detail_key, label, unit_id, accountable_person_id, scope_type, scope_id, failing, reason
        from (${rule.subjects({ today, now, scope })}) subjects`.execute(trx);
    // (A scoped run's few rows need none.) A temporary table has no statistics until analysed; without them the planner guesses one row
    // and joins the findings by nested loop, which at a department's size never finishes.
    if (scope === null) {
      await sql`analyze ${current}`.execute(trx);
      // A full run joins every current subject to every known finding: hash joins are right whatever the
      // statistics say. compliance_findings' own statistics lag (PGlite has no autovacuum; PostgreSQL's
      // runs later), and a planner that believes a rule has one finding picks nested loops, which at
      // 10,000 findings compared 47 million pairs (65 s for one rule, measured).
      await sql`set local enable_nestloop = off`.execute(trx);
    }
    // Coverage (DECISIONS.md): an exception in force for exactly this requirement and scope, while the
    // risk acceptance behind it is in force too.
    await sql`update ${current} c set exception_id = e.id
        from requirement_exceptions e
        join requirements r on r.id = e.requirement_id and r.key = ${requirementKey(rule)} and ${frameworkMatch(rule)}
       where c.failing and e.scope_type = c.scope_type and e.scope_id = c.scope_id
         and e.status = 'in-force' and e.expires_on >= ${today}::date
         and exists (select 1 from risk_acceptances ra where ra.risk_id = e.risk_id and ra.status = 'in-force' and ra.expires_on >= ${today}::date)`.execute(trx);

    if (input.recordTotals) {
      await sql`insert into compliance_run_results (run_id, rule_id, unit_id, checked, failing, covered)
        select ${runId}::uuid, ${rule.id}, unit_id, count(*), count(*) filter (where failing), count(*) filter (where exception_id is not null)
          from ${current} group by unit_id`.execute(trx);
    }

    const requirementId = sql`(select r.id from requirements r where r.key = ${requirementKey(rule)} and ${frameworkMatch(rule)} and r.status <> 'retired' limit 1)`;
    // The rule's findings brought in line in one statement (one plan, one round trip): failing records
    // already known are updated, those seen for the first time opened, known failures no longer failing
    // (or whose record is gone) resolved, and every change of status recorded as an event of this run.
    // The three sets of findings are disjoint, as the statement's parts must be: they share one snapshot.
    await sql`with changed as (
        update compliance_findings f
           set status = case when c.exception_id is null then 'open' else 'covered' end,
               exception_id = c.exception_id, label = c.label, reason = c.reason, unit_id = c.unit_id,
               accountable_person_id = c.accountable_person_id, scope_type = c.scope_type, scope_id = c.scope_id,
               requirement_id = ${requirementId}, changed_at = ${now},
               opened_at = case when old.status = 'resolved' then ${now} else old.opened_at end,
               resolved_at = null
          from ${current} c
          join compliance_findings old on old.rule_id = ${rule.id} and old.record_id = c.record_id and old.detail_key = c.detail_key
         where c.failing and f.id = old.id
           -- Only what changed is written: a steady department rewrites nothing run after run.
           and (old.status, old.exception_id, old.label, old.reason, old.unit_id, old.accountable_person_id, old.scope_type, old.scope_id, old.requirement_id)
               is distinct from (case when c.exception_id is null then 'open' else 'covered' end, c.exception_id, c.label, c.reason, c.unit_id, c.accountable_person_id, c.scope_type, c.scope_id, ${requirementId})
        returning f.id, f.status, f.reason, old.status as previous
      ), opened as (
        insert into compliance_findings (rule_id, record_type, record_id, detail_key, requirement_id, scope_type, scope_id, unit_id, accountable_person_id, label, reason, status, exception_id, opened_at, changed_at)
        select ${rule.id}, c.record_type, c.record_id, c.detail_key, ${requirementId}, c.scope_type, c.scope_id, c.unit_id, c.accountable_person_id, c.label, c.reason,
               case when c.exception_id is null then 'open' else 'covered' end, c.exception_id, ${now}, ${now}
          from ${current} c
         where c.failing and not exists (select 1 from compliance_findings f where f.rule_id = ${rule.id} and f.record_id = c.record_id and f.detail_key = c.detail_key)
        returning id, status, reason
      ), resolved as (
        -- A scoped run resolves only within its scope.
        update compliance_findings f set status = 'resolved', resolved_at = ${now}, exception_id = null
         where f.rule_id = ${rule.id} and f.status <> 'resolved' and ${inScope('f.record_id', scope)}
           and not exists (select 1 from ${current} c where c.failing and c.record_id = f.record_id and c.detail_key = f.detail_key)
        returning f.id
      )
      insert into compliance_finding_events (finding_id, run_id, at, status, reason)
      select id, ${runId}::uuid, ${now}::timestamptz, status, reason
        from (select id, status, reason from changed where status <> previous
              union all select id, status, reason from opened
              union all select id, 'resolved', 'Now meets the requirement' from resolved) status_changes`.execute(trx);
  }

  /** The subjects a change reaches, through the rule's `affectedBy` statement. */
  async affectedSubjects(statement: ReturnType<Exclude<ComplianceRule['affectedBy'][string], 'self' | 'all'>>): Promise<string[]> {
    const { rows } = await statement.execute(this.db);
    return rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  }

  /**
   * Findings whose coverage a change to exceptions or risks may have changed: those an exception for
   * exactly their requirement and scope names, where the exception (or its backing risk) changed.
   * `null` ids: every such finding. Returns rule id → record ids.
   */
  async findingsUnderExceptions(changed: { exceptionIds: readonly string[] | null; riskIds: readonly string[] | null }): Promise<Map<string, string[]>> {
    const byException = changed.exceptionIds === null ? sql`true` : sql`e.id in (select jsonb_array_elements_text(${JSON.stringify(changed.exceptionIds)}::jsonb)::uuid)`;
    const byRisk = changed.riskIds === null ? sql`true` : sql`e.risk_id in (select jsonb_array_elements_text(${JSON.stringify(changed.riskIds)}::jsonb)::uuid)`;
    const { rows } = await sql<{ rule_id: string; record_id: string }>`
      select distinct f.rule_id, f.record_id
        from requirement_exceptions e
        join compliance_findings f on f.requirement_id = e.requirement_id and f.scope_type = e.scope_type and f.scope_id = e.scope_id
       where f.status <> 'resolved' and (${byException} or ${byRisk})`.execute(this.db);
    const reached = new Map<string, string[]>();
    for (const row of rows) reached.set(row.rule_id, [...(reached.get(row.rule_id) ?? []), row.record_id]);
    return reached;
  }

  async watchedSeq(): Promise<number> {
    const row = await this.db.selectFrom('compliance_watch').select('watched_seq').where('id', '=', 1).executeTakeFirst();
    return Number(row?.watched_seq ?? 0);
  }

  async setWatchedSeq(seq: number): Promise<void> {
    await this.db.updateTable('compliance_watch').set({ watched_seq: seq }).where('id', '=', 1).execute();
  }

  async latestAuditSeq(): Promise<number> {
    const row = await this.db.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Committed audit events after `seq` (the changes to re-evaluate after), oldest first. */
  async eventsAfter(seq: number, limit: number): Promise<Array<{ seq: number; recordType: string | null; recordId: string | null }>> {
    const rows = await this.db.selectFrom('audit_events').select(['seq', 'record_type', 'record_id']).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), recordType: r.record_type, recordId: r.record_id }));
  }
}

/** A rule cites `SISP-004` (a policy statement) or `framework-code:key`. */
function requirementKey(rule: ComplianceRule): string {
  const colon = rule.requirement.indexOf(':');
  return colon === -1 ? rule.requirement : rule.requirement.slice(colon + 1);
}

function frameworkMatch(rule: ComplianceRule) {
  const colon = rule.requirement.indexOf(':');
  if (colon === -1) return sql`r.framework_id is null`;
  return sql`r.framework_id = (select id from frameworks where code = ${rule.requirement.slice(0, colon)})`;
}
