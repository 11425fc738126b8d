// SQL for what the incidents register reads as data: types, severities, its settings, the return's
// layout, who holds an accountable role nearest a unit, and the units as a tree (for agencies).
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { IncidentSeverity, IncidentType, ReturnColumn } from './entity.ts';

export const SETTING = {
  triageTargetHours: 'incidents.triage-target-hours',
  icoDecisionRole: 'incidents.ico-decision-role',
  securityMailbox: 'incidents.security-mailbox',
} as const;

/** The deciding role for the ICO when the setting is empty: the Data Protection Officer. */
export const DEFAULT_ICO_DECISION_ROLE = 'data-protection-officer';

export const icoDecisionRoleOf = (settings: ReadonlyMap<string, string>): string => settings.get(SETTING.icoDecisionRole)?.trim() || DEFAULT_ICO_DECISION_ROLE;

export interface RoleHolder {
  readonly personId: string;
  readonly name: string;
  readonly email: string;
  readonly unitId: string;
}

export interface UnitNode {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parentId: string | null;
}

export class IncidentConfigurationRepository {
  constructor(private readonly db: Executor) {}

  async types(): Promise<IncidentType[]> {
    return this.db.selectFrom('incident_types').select(['code', 'name', 'description']).orderBy('sort_order').orderBy('name').execute();
  }

  async severities(): Promise<IncidentSeverity[]> {
    const rows = await this.db.selectFrom('incident_severities').select(['code', 'name', 'rank', 'description']).orderBy('rank').execute();
    return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
  }

  async settings(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value']).where('key', 'in', Object.values(SETTING)).execute();
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async roleName(code: string): Promise<string | undefined> {
    return (await this.db.selectFrom('accountable_roles').select('name').where('code', '=', code).executeTakeFirst())?.name;
  }

  async returnColumns(): Promise<ReturnColumn[]> {
    return this.db.selectFrom('incident_return_columns').select(['heading', 'field']).orderBy('position').execute();
  }

  async replaceReturnColumns(columns: readonly ReturnColumn[]): Promise<void> {
    await this.db.deleteFrom('incident_return_columns').execute();
    if (columns.length > 0) await this.db.insertInto('incident_return_columns').values(columns.map((c, i) => ({ position: i + 1, heading: c.heading, field: c.field }))).execute();
  }

  /**
   * The holders (and deputies) in force of a unit-held role at the nearest unit, from `unitId` upwards,
   * that has one: the Information Assurance Lead of a business area, else of the area above it.
   */
  async nearestHolders(roleCode: string, unitId: string, today: string): Promise<RoleHolder[]> {
    const { rows } = await sql<{ person_id: string; name: string; email: string; unit_id: string; is_holder: boolean }>`
      with recursive up(id, parent_id, depth) as (
        select id, parent_id, 0 from organisation_units where id = ${unitId}
        union all
        select u.id, u.parent_id, up.depth + 1 from organisation_units u join up on u.id = up.parent_id where up.depth < 64
      ), held as (
        select up.depth, up.id as unit_id, p.id as person_id, p.display_name as name, p.email, (a.person_id = p.id) as is_holder
          from up
          join appointments a on a.unit_id = up.id and a.role_code = ${roleCode}
           and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)
          join people p on p.id in (a.person_id, a.deputy_person_id) and p.status <> 'left'
      )
      select person_id, min(name) as name, min(email) as email, min(unit_id::text) as unit_id, bool_or(is_holder) as is_holder
        from held where depth = (select min(depth) from held)
       group by person_id
       order by bool_or(is_holder) desc, min(name)`.execute(this.db);
    return rows.map((r) => ({ personId: r.person_id, name: r.name, email: r.email, unitId: r.unit_id }));
  }

  async units(): Promise<UnitNode[]> {
    const rows = await this.db.selectFrom('organisation_units').select(['id', 'code', 'name', 'parent_id']).execute();
    return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, parentId: u.parent_id }));
  }
}

/**
 * Each unit's agency: the unit directly under the top of the tree that it sits in (the top itself for
 * the top). A loop in the data ends the walk at the unit where it was found.
 */
export function agencies(units: readonly UnitNode[]): Map<string, UnitNode> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const result = new Map<string, UnitNode>();
  for (const unit of units) {
    let current = unit;
    const seen = new Set<string>([unit.id]);
    for (;;) {
      const parent = current.parentId ? byId.get(current.parentId) : undefined;
      if (!parent || seen.has(parent.id) || !parent.parentId) break;
      seen.add(parent.id);
      current = parent;
    }
    result.set(unit.id, current);
  }
  return result;
}
