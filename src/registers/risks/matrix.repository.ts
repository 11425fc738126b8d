// SQL for the risk matrix, bands, appetites and who holds the accepting roles.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Band, RiskMatrix } from './entity.ts';
import type { RoleHolding, UnitNode } from './rules.ts';

const ABOVE_APPETITE_SETTING = 'risk.above-appetite-role';

export class RiskMatrixRepository {
  constructor(private readonly db: Executor) {}

  async matrix(): Promise<RiskMatrix> {
    const [likelihoods, impacts, bands, cells, setting] = await Promise.all([
      this.db.selectFrom('risk_likelihoods').select(['level', 'name', 'description']).orderBy('level').execute(),
      this.db.selectFrom('risk_impacts').select(['level', 'name', 'description']).orderBy('level').execute(),
      this.db.selectFrom('risk_bands').selectAll().orderBy('rank').execute(),
      this.db.selectFrom('risk_matrix_cells').selectAll().orderBy('likelihood').orderBy('impact').execute(),
      this.db.selectFrom('settings').select('value').where('key', '=', ABOVE_APPETITE_SETTING).executeTakeFirst(),
    ]);
    return {
      likelihoods,
      impacts,
      bands: bands.map(toBand),
      cells: cells.map((c) => ({ likelihood: c.likelihood, impact: c.impact, score: c.score, bandCode: c.band_code })),
      aboveAppetiteRoleCode: setting?.value ?? 'accounting-officer',
    };
  }

  async setCell(likelihood: number, impact: number, score: number, bandCode: string): Promise<void> {
    await this.db.updateTable('risk_matrix_cells').set({ score, band_code: bandCode }).where('likelihood', '=', likelihood).where('impact', '=', impact).execute();
  }

  async setBandRule(code: string, values: { acceptingRoleCode: string; ownerMayAccept: boolean; maxAcceptanceMonths: number }): Promise<void> {
    await this.db.updateTable('risk_bands').set({ accepting_role_code: values.acceptingRoleCode, owner_may_accept: values.ownerMayAccept, max_acceptance_months: values.maxAcceptanceMonths }).where('code', '=', code).execute();
  }

  async setAboveAppetiteRole(roleCode: string): Promise<void> {
    await this.db.insertInto('settings').values({ key: ABOVE_APPETITE_SETTING, value: roleCode }).onConflict((oc) => oc.column('key').doUpdateSet({ value: roleCode })).execute();
  }

  async units(): Promise<Array<UnitNode & { code: string }>> {
    const rows = await this.db.selectFrom('organisation_units').select(['id', 'code', 'name', 'parent_id']).execute();
    return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, parentId: u.parent_id }));
  }

  async appetites(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('risk_appetites').select(['unit_id', 'max_band_code']).execute();
    return new Map(rows.map((r) => [r.unit_id, r.max_band_code]));
  }

  async setAppetite(unitId: string, bandCode: string | null, now: Date): Promise<void> {
    if (bandCode === null) {
      await this.db.deleteFrom('risk_appetites').where('unit_id', '=', unitId).execute();
      return;
    }
    await this.db
      .insertInto('risk_appetites')
      .values({ unit_id: unitId, max_band_code: bandCode, updated_at: now })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet({ max_band_code: bandCode, updated_at: now }))
      .execute();
  }

  async roles(): Promise<Array<{ code: string; name: string; scope: string }>> {
    return this.db.selectFrom('accountable_roles').select(['code', 'name', 'scope']).orderBy('sort_order').execute();
  }

  /** Holders and deputies in force today of these roles, on units or on technology services. */
  async holdings(roleCodes: readonly string[], today: string): Promise<RoleHolding[]> {
    if (roleCodes.length === 0) return [];
    const { rows } = await sql<{ role_code: string; unit_id: string | null; record_id: string | null; person_id: string; name: string }>`
      select a.role_code, a.unit_id, a.record_id, p.id as person_id, p.display_name as name
        from appointments a
        -- Holder and deputy as two rows, each joined on the key: joining on "p.id in (holder, deputy)"
        -- cannot use people's primary key and compares every appointment with every person.
        cross join lateral (values (a.person_id), (a.deputy_person_id)) h (person_id)
        join people p on p.id = h.person_id
       where a.role_code in (select jsonb_array_elements_text(${JSON.stringify(roleCodes)}::jsonb))
         and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)
         and (a.record_type is null or a.record_type = 'technology-service')
         and p.status <> 'left'
       order by a.person_id = p.id desc, p.display_name`.execute(this.db);
    return rows.map((r) => ({ roleCode: r.role_code, unitId: r.unit_id, recordId: r.record_id, personId: r.person_id, name: r.name }));
  }
}

function toBand(b: { code: string; name: string; rank: number; colour: string; accepting_role_code: string; owner_may_accept: boolean; max_acceptance_months: number }): Band {
  return { code: b.code, name: b.name, rank: b.rank, colour: b.colour, acceptingRoleCode: b.accepting_role_code, ownerMayAccept: b.owner_may_accept, maxAcceptanceMonths: b.max_acceptance_months };
}
