// SQL for decisions on risks (acceptances and rejections, kept in the one decisions table with their
// snapshot) and for exceptions to requirements backed by an accepted risk.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { AcceptanceStatus, Decision, ExceptionScope, ExceptionStatus, RequirementException } from './entity.ts';

export interface InForceAcceptance {
  readonly id: string;
  readonly riskId: string;
  readonly bandCode: string;
  readonly expiresOn: string;
  readonly residualScore: number;
}

export class RiskDecisionRepository {
  constructor(private readonly db: Executor) {}

  async insertDecision(values: { kind: 'risk-acceptance' | 'requirement-exception'; recordType: string; recordId: string; personId: string; label: string; roleHeld: string; outcome: string; reason: string; snapshot: unknown; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('decisions')
      .values({ kind: values.kind, record_type: values.recordType, record_id: values.recordId, decided_by_person_id: values.personId, decided_by_label: values.label, role_held: values.roleHeld, outcome: values.outcome, reason: values.reason, snapshot: JSON.stringify(values.snapshot), decided_at: values.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertAcceptance(values: { riskId: string; decisionId: string; outcome: 'accepted' | 'rejected'; bandCode: string; roleCode: string; unitId: string | null; personId: string; justification: string; conditions: string; expiresOn: string | null }): Promise<string> {
    const row = await this.db
      .insertInto('risk_acceptances')
      .values({
        risk_id: values.riskId,
        decision_id: values.decisionId,
        outcome: values.outcome,
        band_code: values.bandCode,
        role_code: values.roleCode,
        unit_id: values.unitId,
        decided_by_person_id: values.personId,
        justification: values.justification,
        conditions: values.conditions,
        expires_on: values.expiresOn,
        status: values.outcome === 'accepted' ? 'in-force' : 'rejected',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async acceptanceInForce(riskId: string): Promise<InForceAcceptance | undefined> {
    const { rows } = await sql<{ id: string; risk_id: string; band_code: string; expires_on: string; residual_score: number }>`
      select a.id, a.risk_id, a.band_code, to_char(a.expires_on, 'YYYY-MM-DD') as expires_on, coalesce((d.snapshot->'residual'->>'score')::int, 0) as residual_score
        from risk_acceptances a join decisions d on d.id = a.decision_id
       where a.risk_id = ${riskId} and a.status = 'in-force'`.execute(this.db);
    const row = rows[0];
    return row && { id: row.id, riskId: row.risk_id, bandCode: row.band_code, expiresOn: row.expires_on, residualScore: row.residual_score };
  }

  /** The expiry of each of these risks' acceptance in force. */
  async acceptedUntil(riskIds: readonly string[]): Promise<Map<string, string>> {
    if (riskIds.length === 0) return new Map();
    const { rows } = await sql<{ risk_id: string; expires_on: string }>`
      select risk_id, to_char(expires_on, 'YYYY-MM-DD') as expires_on from risk_acceptances
       where status = 'in-force' and risk_id in (select jsonb_array_elements_text(${JSON.stringify(riskIds)}::jsonb)::uuid)`.execute(this.db);
    return new Map(rows.map((r) => [r.risk_id, r.expires_on]));
  }

  /** Acceptances in force that ended before today. */
  async expiredAcceptances(today: string): Promise<Array<{ id: string; riskId: string }>> {
    const rows = await this.db.selectFrom('risk_acceptances').select(['id', 'risk_id']).where('status', '=', 'in-force').where('expires_on', '<', today).execute();
    return rows.map((r) => ({ id: r.id, riskId: r.risk_id }));
  }

  async endAcceptance(id: string, status: Exclude<AcceptanceStatus, 'in-force' | 'rejected'>, reason: string, by: string, at: Date): Promise<void> {
    await this.db.updateTable('risk_acceptances').set({ status, ended_reason: reason, ended_by: by, ended_at: at }).where('id', '=', id).where('status', '=', 'in-force').execute();
  }

  async decisionsOf(riskId: string): Promise<Decision[]> {
    const { rows } = await sql<{ id: string; outcome: 'accepted' | 'rejected'; status: AcceptanceStatus; band_code: string; role_name: string; decided_by: string; decided_at: Date; justification: string; conditions: string; expires_on: string | null; ended_reason: string | null; snapshot: unknown }>`
      select a.id, a.outcome, a.status, a.band_code, coalesce(ar.name, a.role_code) as role_name, d.decided_by_label as decided_by, d.decided_at,
             a.justification, a.conditions, to_char(a.expires_on, 'YYYY-MM-DD') as expires_on, a.ended_reason, d.snapshot
        from risk_acceptances a join decisions d on d.id = a.decision_id left join accountable_roles ar on ar.code = a.role_code
       where a.risk_id = ${riskId}
       order by a.seq desc`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      outcome: r.outcome,
      status: r.status,
      bandCode: r.band_code,
      roleName: r.role_name,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      justification: r.justification,
      conditions: r.conditions,
      expiresOn: r.expires_on,
      endedReason: r.ended_reason,
      snapshot: (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as Record<string, unknown>,
    }));
  }

  // ---- Exceptions ----

  async nextExceptionReference(): Promise<string> {
    const { rows } = await sql<{ n: string }>`select nextval('requirement_exceptions_reference_seq')::text as n`.execute(this.db);
    return `EXC-${rows[0]!.n.padStart(4, '0')}`;
  }

  async insertException(values: { reference: string; requirementId: string; scopeType: ExceptionScope; scopeId: string; riskId: string; justification: string; requestedByPersonId: string | null }): Promise<string> {
    const row = await this.db
      .insertInto('requirement_exceptions')
      .values({ reference: values.reference, requirement_id: values.requirementId, scope_type: values.scopeType, scope_id: values.scopeId, risk_id: values.riskId, justification: values.justification, requested_by_person_id: values.requestedByPersonId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async decideException(id: string, values: { status: 'in-force' | 'rejected'; decisionId: string; personId: string; expiresOn: string | null }, now: Date): Promise<void> {
    await this.db.updateTable('requirement_exceptions').set({ status: values.status, decision_id: values.decisionId, decided_by_person_id: values.personId, expires_on: values.expiresOn, updated_at: now }).where('id', '=', id).execute();
  }

  async endException(id: string, status: 'expired' | 'revoked' | 'lapsed', reason: string, now: Date): Promise<void> {
    await this.db.updateTable('requirement_exceptions').set({ status, ended_reason: reason, updated_at: now }).where('id', '=', id).where('status', '=', 'in-force').execute();
  }

  /** Ends every exception in force that a risk backs, when the risk's acceptance ends. */
  async lapseExceptionsOf(riskId: string, reason: string, now: Date): Promise<string[]> {
    const rows = await this.db.updateTable('requirement_exceptions').set({ status: 'lapsed', ended_reason: reason, updated_at: now }).where('risk_id', '=', riskId).where('status', '=', 'in-force').returning('id').execute();
    return rows.map((r) => r.id);
  }

  async expiredExceptions(today: string): Promise<string[]> {
    const rows = await this.db.selectFrom('requirement_exceptions').select('id').where('status', '=', 'in-force').where('expires_on', '<', today).execute();
    return rows.map((r) => r.id);
  }

  async findException(id: string, today: string): Promise<(RequirementException & { unitId: string }) | undefined> {
    return (await this.exceptions(sql`e.id = ${id}`, today))[0];
  }

  async listExceptions(filter: { status?: ExceptionStatus; riskId?: string; requirementId?: string }, today: string): Promise<Array<RequirementException & { unitId: string }>> {
    const conditions = [sql`true`];
    if (filter.status) conditions.push(sql`e.status = ${filter.status}`);
    if (filter.riskId) conditions.push(sql`e.risk_id = ${filter.riskId}`);
    if (filter.requirementId) conditions.push(sql`e.requirement_id = ${filter.requirementId}`);
    return this.exceptions(sql.join(conditions, sql` and `), today);
  }

  async scopeName(scopeType: ExceptionScope, scopeId: string): Promise<string | undefined> {
    const { rows } = await sql<{ name: string }>`
      select name from technology_services where ${scopeType} = 'service' and id = ${scopeId}
      union all select name from information_assets where ${scopeType} = 'asset' and id = ${scopeId}
      union all select name from organisation_units where ${scopeType} = 'unit' and id = ${scopeId}`.execute(this.db);
    return rows[0]?.name;
  }

  private async exceptions(where: ReturnType<typeof sql>, today: string): Promise<Array<RequirementException & { unitId: string }>> {
    const { rows } = await sql<{ id: string; reference: string; requirement_id: string; key: string; text: string; scope_type: ExceptionScope; scope_id: string; scope_name: string | null; risk_id: string; risk_reference: string; risk_title: string; unit_id: string; justification: string; status: ExceptionStatus; expires_on: string | null; in_force: boolean }>`
      select e.id, e.reference, e.requirement_id, coalesce(f.code || ':', '') || q.key as key, q.text, e.scope_type, e.scope_id,
             coalesce(s.name, a.name, u.name) as scope_name, e.risk_id, r.reference as risk_reference, r.title as risk_title, r.unit_id,
             e.justification, e.status, to_char(e.expires_on, 'YYYY-MM-DD') as expires_on,
             (e.status = 'in-force' and e.expires_on >= ${today}::date
              and exists (select 1 from risk_acceptances ra where ra.risk_id = e.risk_id and ra.status = 'in-force' and ra.expires_on >= ${today}::date)) as in_force
        from requirement_exceptions e
        join requirements q on q.id = e.requirement_id left join frameworks f on f.id = q.framework_id
        join risks r on r.id = e.risk_id
        left join technology_services s on e.scope_type = 'service' and s.id = e.scope_id
        left join information_assets a on e.scope_type = 'asset' and a.id = e.scope_id
        left join organisation_units u on e.scope_type = 'unit' and u.id = e.scope_id
       where ${where}
       order by e.reference`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      requirementId: r.requirement_id,
      requirementKey: r.key,
      requirementText: r.text,
      scopeType: r.scope_type,
      scopeId: r.scope_id,
      scopeName: r.scope_name ?? '',
      riskId: r.risk_id,
      riskReference: r.risk_reference,
      riskTitle: r.risk_title,
      unitId: r.unit_id,
      justification: r.justification,
      status: r.status,
      expiresOn: r.expires_on,
      inForce: r.in_force,
    }));
  }
}
