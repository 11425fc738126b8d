// All SQL reading compliance findings: the report's rows with what a reader needs beside each (the
// requirement, the accountable person, the unit), counts by status, one finding with its history, and
// the look-ups the report's filters make (a unit and the units below it, a person by email or staff
// number). Storing findings is the engine's (repository.ts).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../database.ts';
import type { FindingScopeType, FindingStatus } from './entity.ts';

export interface FindingFilter {
  readonly status?: FindingStatus;
  /** A unit and every unit below it. */
  readonly unitId?: string;
  readonly personId?: string;
  /** Rules to keep (a rule chosen, or the rules of a severity); an empty list keeps nothing. */
  readonly ruleIds?: readonly string[];
  readonly requirementKey?: string;
  /** Open since before this instant. */
  readonly openedBefore?: Date;
}

/** Which findings a reader may see: those of the units listed (or all), and always those they are accountable for. */
export interface FindingVisibility {
  readonly unitIds: 'all' | readonly string[];
  readonly personId: string | null;
}

export type FindingOrder = 'unit' | 'person';

export interface FindingRow {
  readonly id: string;
  readonly ruleId: string;
  readonly recordType: string;
  readonly recordId: string;
  /** The record's own code where its page is found by it (an organisational unit). */
  readonly recordCode: string | null;
  readonly detailKey: string;
  readonly label: string;
  readonly reason: string;
  readonly status: FindingStatus;
  readonly scopeType: FindingScopeType;
  readonly scopeId: string;
  readonly scopeLabel: string | null;
  /** What the exception form takes for the scope: a service's or asset's reference, a unit's code. */
  readonly scopeReference: string | null;
  readonly requirementId: string | null;
  readonly requirementKey: string | null;
  readonly requirementText: string | null;
  readonly frameworkCode: string | null;
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly unitCode: string | null;
  readonly accountablePersonId: string | null;
  readonly accountableName: string | null;
  readonly accountableEmail: string | null;
  readonly exceptionId: string | null;
  readonly openedAt: Date;
  readonly changedAt: Date;
  readonly resolvedAt: Date | null;
}

export interface FindingEventRow {
  readonly at: Date;
  readonly status: FindingStatus;
  readonly reason: string;
}

export interface CoveringException {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly expiresOn: string | null;
}

const SELECT = sql`
  select f.id, f.rule_id, f.record_type, f.record_id, f.detail_key, f.label, f.reason, f.status, f.scope_type, f.scope_id,
         f.requirement_id, r.key as requirement_key, r.text as requirement_text, fw.code as framework_code,
         f.unit_id, u.name as unit_name, u.code as unit_code,
         f.accountable_person_id, p.display_name as accountable_name, p.email as accountable_email,
         f.exception_id, f.opened_at, f.changed_at, f.resolved_at,
         case when f.record_type = 'organisation-unit' then (select code from organisation_units ru where ru.id = f.record_id) end as record_code,
         case f.scope_type
           when 'asset' then (select reference || ' ' || name from information_assets where id = f.scope_id)
           when 'service' then (select reference || ' ' || name from technology_services where id = f.scope_id)
           when 'unit' then (select name || ' (' || code || ')' from organisation_units where id = f.scope_id)
         end as scope_label,
         case f.scope_type
           when 'asset' then (select reference from information_assets where id = f.scope_id)
           when 'service' then (select reference from technology_services where id = f.scope_id)
           when 'unit' then (select code from organisation_units where id = f.scope_id)
         end as scope_reference
    from compliance_findings f
    left join requirements r on r.id = f.requirement_id
    left join frameworks fw on fw.id = r.framework_id
    left join organisation_units u on u.id = f.unit_id
    left join people p on p.id = f.accountable_person_id`;

interface RawRow {
  id: string;
  rule_id: string;
  record_type: string;
  record_id: string;
  record_code: string | null;
  detail_key: string;
  label: string;
  reason: string;
  status: FindingStatus;
  scope_type: FindingScopeType;
  scope_id: string;
  scope_label: string | null;
  scope_reference: string | null;
  requirement_id: string | null;
  requirement_key: string | null;
  requirement_text: string | null;
  framework_code: string | null;
  unit_id: string | null;
  unit_name: string | null;
  unit_code: string | null;
  accountable_person_id: string | null;
  accountable_name: string | null;
  accountable_email: string | null;
  exception_id: string | null;
  opened_at: Date;
  changed_at: Date;
  resolved_at: Date | null;
}

const toRow = (r: RawRow): FindingRow => ({
  id: r.id,
  ruleId: r.rule_id,
  recordType: r.record_type,
  recordId: r.record_id,
  recordCode: r.record_code,
  detailKey: r.detail_key,
  label: r.label,
  reason: r.reason,
  status: r.status,
  scopeType: r.scope_type,
  scopeId: r.scope_id,
  scopeLabel: r.scope_label,
  scopeReference: r.scope_reference,
  requirementId: r.requirement_id,
  requirementKey: r.requirement_key,
  requirementText: r.requirement_text,
  frameworkCode: r.framework_code,
  unitId: r.unit_id,
  unitName: r.unit_name,
  unitCode: r.unit_code,
  accountablePersonId: r.accountable_person_id,
  accountableName: r.accountable_name,
  accountableEmail: r.accountable_email,
  exceptionId: r.exception_id,
  openedAt: r.opened_at,
  changedAt: r.changed_at,
  resolvedAt: r.resolved_at,
});

const asJson = (values: readonly string[]) => JSON.stringify(values);

export class FindingsRepository {
  constructor(private readonly db: Executor) {}

  /** The conditions of a filter and a reader's visibility, on `f` (compliance_findings) and `r` (requirements). */
  private where(filter: FindingFilter, visibility: FindingVisibility, withStatus = true): Expression<SqlBool> {
    const parts = [sql<SqlBool>`true`];
    if (visibility.unitIds !== 'all') {
      const mine = visibility.personId ? sql`f.accountable_person_id = ${visibility.personId}` : sql`false`;
      parts.push(sql<SqlBool>`(f.unit_id in (select jsonb_array_elements_text(${asJson(visibility.unitIds)}::jsonb)::uuid) or ${mine})`);
    }
    if (withStatus && filter.status) parts.push(sql<SqlBool>`f.status = ${filter.status}`);
    if (filter.unitId) {
      parts.push(sql<SqlBool>`f.unit_id in (with recursive below (id) as (select ${filter.unitId}::uuid union all select u.id from organisation_units u join below on u.parent_id = below.id) select id from below)`);
    }
    if (filter.personId) parts.push(sql<SqlBool>`f.accountable_person_id = ${filter.personId}`);
    if (filter.ruleIds) parts.push(sql<SqlBool>`f.rule_id in (select jsonb_array_elements_text(${asJson(filter.ruleIds)}::jsonb))`);
    if (filter.requirementKey) parts.push(sql<SqlBool>`upper(r.key) = upper(${filter.requirementKey})`);
    if (filter.openedBefore) parts.push(sql<SqlBool>`f.opened_at < ${filter.openedBefore}`);
    return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
  }

  async listFindings(filter: FindingFilter, visibility: FindingVisibility, order: FindingOrder, page: { limit: number; offset: number } | null): Promise<{ rows: FindingRow[]; total: number }> {
    const where = this.where(filter, visibility);
    const orderBy = order === 'person' ? sql`p.display_name nulls last, f.accountable_person_id, u.name, f.opened_at, f.label, f.id` : sql`u.name nulls last, f.unit_id, p.display_name, f.opened_at, f.label, f.id`;
    const paging = page ? sql`limit ${page.limit} offset ${page.offset}` : sql``;
    const [rows, count] = await Promise.all([
      sql<RawRow>`${SELECT} where ${where} order by ${orderBy} ${paging}`.execute(this.db),
      sql<{ n: string }>`select count(*) as n from compliance_findings f left join requirements r on r.id = f.requirement_id where ${where}`.execute(this.db),
    ]);
    return { rows: rows.rows.map(toRow), total: Number(count.rows[0]?.n ?? 0) };
  }

  /** How many findings the filter matches in each status, the status filter aside. */
  async countByStatus(filter: FindingFilter, visibility: FindingVisibility): Promise<Record<FindingStatus, number>> {
    const { rows } = await sql<{ status: FindingStatus; n: string }>`
      select f.status, count(*) as n from compliance_findings f left join requirements r on r.id = f.requirement_id
       where ${this.where(filter, visibility, false)} group by f.status`.execute(this.db);
    const counts: Record<FindingStatus, number> = { open: 0, covered: 0, resolved: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async findFinding(id: string): Promise<FindingRow | undefined> {
    const { rows } = await sql<RawRow>`${SELECT} where f.id = ${id}`.execute(this.db);
    return rows[0] && toRow(rows[0]);
  }

  async history(findingId: string): Promise<FindingEventRow[]> {
    const rows = await this.db.selectFrom('compliance_finding_events').select(['at', 'status', 'reason']).where('finding_id', '=', findingId).orderBy('at').execute();
    return rows.map((r) => ({ at: r.at, status: r.status, reason: r.reason }));
  }

  async exception(id: string): Promise<CoveringException | undefined> {
    const row = await this.db.selectFrom('requirement_exceptions').select(['id', 'reference', 'status', 'expires_on']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, reference: row.reference, status: row.status, expiresOn: row.expires_on };
  }

  async unitByCodeOrId(value: string): Promise<{ id: string; code: string; name: string } | undefined> {
    const trimmed = value.trim();
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed);
    return this.db
      .selectFrom('organisation_units')
      .select(['id', 'code', 'name'])
      .where((eb) => (isUuid ? eb('id', '=', trimmed) : eb(sql`upper(code)`, '=', trimmed.toUpperCase())))
      .executeTakeFirst();
  }

  async units(): Promise<Array<{ id: string; code: string; name: string }>> {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).orderBy('name').execute();
  }

  /** A person by email or staff number (as the other registers' forms take them). */
  async personByReference(reference: string): Promise<{ id: string; name: string; email: string; unitId: string | null } | undefined> {
    const value = reference.trim();
    if (value === '') return undefined;
    const row = await this.db
      .selectFrom('people')
      .select(['id', 'display_name', 'email', 'unit_id'])
      .where((eb) => eb.or([eb(sql`lower(email)`, '=', value.toLowerCase()), eb('staff_number', '=', value)]))
      .executeTakeFirst();
    return row && { id: row.id, name: row.display_name, email: row.email, unitId: row.unit_id };
  }

  async person(id: string): Promise<{ id: string; name: string; email: string; unitId: string | null } | undefined> {
    const row = await this.db.selectFrom('people').select(['id', 'display_name', 'email', 'unit_id']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.display_name, email: row.email, unitId: row.unit_id };
  }

  /** The requirement keys that findings cite, for the filter's choices. */
  async citedRequirementKeys(): Promise<string[]> {
    const { rows } = await sql<{ key: string }>`select distinct r.key from compliance_findings f join requirements r on r.id = f.requirement_id order by r.key`.execute(this.db);
    return rows.map((r) => r.key);
  }
}
