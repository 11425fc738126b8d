// SQL for the risk register: risks, what they are linked to, their rating history, the list and the
// heat map. Bands come from the matrix cells at query time, so changing the matrix re-rates every risk.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../database.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { RiskStatus, Treatment } from './entity.ts';
import { workOutNow, type KeepOrWorkOut } from '../../platform/audit/until-next-write.ts';

export interface RiskValues {
  readonly title: string;
  readonly description: string;
  readonly cause: string;
  readonly effect: string;
  readonly threats: string;
  readonly unitId: string;
  readonly ownerPersonId: string;
  readonly inherentLikelihood: number;
  readonly inherentImpact: number;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
  readonly treatment: Treatment;
  readonly reviewOn: string;
}

export interface RiskLinks {
  readonly serviceIds: readonly string[];
  readonly assetIds: readonly string[];
  readonly requirementIds: readonly string[];
  readonly controlIds: readonly string[];
  /** Null leaves the risk's suppliers as they are. */
  readonly supplierIds: readonly string[] | null;
}

export interface RiskRow extends RiskValues {
  readonly id: string;
  readonly reference: string;
  readonly status: RiskStatus;
  readonly unitName: string;
  readonly ownerName: string;
  readonly ownerEmail: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface RiskFilter {
  readonly unitId?: string;
  readonly bandCode?: string;
  readonly ownerPersonId?: string;
  readonly status?: RiskStatus;
  readonly overAppetite?: boolean;
  /** Acceptance in force expiring within this many days of `today`. */
  readonly expiringWithinDays?: number;
  readonly search?: string;
  /** Inherent or residual cell of the heat map. */
  readonly cell?: { readonly rating: 'inherent' | 'residual'; readonly likelihood: number; readonly impact: number };
}

/** Who sees which risks: every risk in these units, plus those the person owns. */
export interface RiskVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

const ids = (values: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;

export class RiskRepository {
  constructor(private readonly db: Executor) {}

  async nextReference(): Promise<string> {
    const { rows } = await sql<{ n: string }>`select nextval('risks_reference_seq')::text as n`.execute(this.db);
    return `RISK-${rows[0]!.n.padStart(4, '0')}`;
  }

  async insertRisk(reference: string, values: RiskValues): Promise<string> {
    const row = await this.db.insertInto('risks').values({ reference, ...toColumns(values) }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateRisk(id: string, values: RiskValues, now: Date): Promise<void> {
    await this.db.updateTable('risks').set({ ...toColumns(values), updated_at: now }).where('id', '=', id).execute();
  }

  async setStatus(id: string, status: RiskStatus, now: Date): Promise<void> {
    await this.db.updateTable('risks').set({ status, updated_at: now }).where('id', '=', id).execute();
  }

  async setLinks(riskId: string, links: RiskLinks): Promise<void> {
    for (const table of ['risk_services', 'risk_assets', 'risk_requirements', 'risk_controls'] as const) await this.db.deleteFrom(table).where('risk_id', '=', riskId).execute();
    if (links.serviceIds.length) await this.db.insertInto('risk_services').values(links.serviceIds.map((service_id) => ({ risk_id: riskId, service_id }))).execute();
    if (links.assetIds.length) await this.db.insertInto('risk_assets').values(links.assetIds.map((asset_id) => ({ risk_id: riskId, asset_id }))).execute();
    if (links.requirementIds.length) await this.db.insertInto('risk_requirements').values(links.requirementIds.map((requirement_id) => ({ risk_id: riskId, requirement_id }))).execute();
    if (links.controlIds.length) await this.db.insertInto('risk_controls').values(links.controlIds.map((control_id) => ({ risk_id: riskId, control_id }))).execute();
    if (links.supplierIds === null) return;
    await this.db.deleteFrom('risk_suppliers').where('risk_id', '=', riskId).execute();
    if (links.supplierIds.length) await this.db.insertInto('risk_suppliers').values(links.supplierIds.map((supplier_id) => ({ risk_id: riskId, supplier_id }))).execute();
  }

  async insertRating(riskId: string, rating: { inherent: { likelihood: number; impact: number; score: number; band: string }; residual: { likelihood: number; impact: number; score: number; band: string } }, reason: 'created' | 'rated' | 'matrix-changed', by: string, at: Date): Promise<void> {
    await this.db
      .insertInto('risk_ratings')
      .values({
        risk_id: riskId,
        rated_at: at,
        inherent_likelihood: rating.inherent.likelihood,
        inherent_impact: rating.inherent.impact,
        inherent_score: rating.inherent.score,
        inherent_band: rating.inherent.band,
        residual_likelihood: rating.residual.likelihood,
        residual_impact: rating.residual.impact,
        residual_score: rating.residual.score,
        residual_band: rating.residual.band,
        reason,
        rated_by: by,
      })
      .execute();
  }

  /** The latest recorded rating of every risk not closed, for re-rating after the matrix changes. */
  async latestRatings(): Promise<Array<{ riskId: string; inherentScore: number; inherentBand: string; residualScore: number; residualBand: string; values: { il: number; ii: number; rl: number; ri: number } }>> {
    const { rows } = await sql<{ risk_id: string; inherent_score: number; inherent_band: string; residual_score: number; residual_band: string; il: number; ii: number; rl: number; ri: number }>`
      select distinct on (r.id) r.id as risk_id, g.inherent_score, g.inherent_band, g.residual_score, g.residual_band,
             r.inherent_likelihood as il, r.inherent_impact as ii, r.residual_likelihood as rl, r.residual_impact as ri
        from risks r join risk_ratings g on g.risk_id = r.id
       where r.status <> 'closed'
       order by r.id, g.seq desc`.execute(this.db);
    return rows.map((r) => ({ riskId: r.risk_id, inherentScore: r.inherent_score, inherentBand: r.inherent_band, residualScore: r.residual_score, residualBand: r.residual_band, values: { il: r.il, ii: r.ii, rl: r.rl, ri: r.ri } }));
  }

  async findRisk(id: string): Promise<RiskRow | undefined> {
    const rows = await this.selectRisks(sql`r.id = ${id}`, sql`r.reference`, 1, 0);
    return rows[0];
  }

  async links(riskId: string) {
    const [services, assets, requirements, controls, suppliers] = await Promise.all([
      this.db.selectFrom('risk_services as l').innerJoin('technology_services as s', 's.id', 'l.service_id').select(['s.id', 's.reference', 's.name']).where('l.risk_id', '=', riskId).orderBy('s.reference').execute(),
      this.db.selectFrom('risk_assets as l').innerJoin('information_assets as a', 'a.id', 'l.asset_id').select(['a.id', 'a.reference', 'a.name']).where('l.risk_id', '=', riskId).orderBy('a.reference').execute(),
      this.db
        .selectFrom('risk_requirements as l')
        .innerJoin('requirements as q', 'q.id', 'l.requirement_id')
        .leftJoin('frameworks as f', 'f.id', 'q.framework_id')
        .select(['q.id', 'q.key', 'q.text', 'f.code as framework'])
        .where('l.risk_id', '=', riskId)
        .orderBy('q.key')
        .execute(),
      this.db.selectFrom('risk_controls as l').innerJoin('controls as c', 'c.id', 'l.control_id').select(['c.id', 'c.code', 'c.title']).where('l.risk_id', '=', riskId).orderBy('c.code').execute(),
      this.db.selectFrom('risk_suppliers as l').innerJoin('suppliers as s', 's.id', 'l.supplier_id').select(['s.id', 's.reference', 's.name']).where('l.risk_id', '=', riskId).orderBy('s.reference').execute(),
    ]);
    return { services, assets, requirements, controls, suppliers };
  }

  async ratings(riskId: string) {
    const rows = await this.db.selectFrom('risk_ratings').selectAll().where('risk_id', '=', riskId).orderBy('seq', 'desc').execute();
    return rows.map((r) => ({ ratedAt: r.rated_at, inherentScore: r.inherent_score, inherentBand: r.inherent_band, residualScore: r.residual_score, residualBand: r.residual_band, reason: r.reason, ratedBy: r.rated_by }));
  }

  async listRisks(filter: RiskFilter, visibility: RiskVisibility, today: string, page: { limit: number; offset: number }, countOnce: KeepOrWorkOut<number> = workOutNow): Promise<{ rows: RiskRow[]; total: number }> {
    const where = this.whereOf(filter, visibility, today);
    // The page's ids first, by reference, then the owner and unit of those rows only, not of every risk
    // skipped to reach the page; the count alongside.
    const [ids, count] = await Promise.all([
      sql<{ id: string }>`select r.id from risks r ${this.joins()} where ${where} order by r.reference limit ${page.limit} offset ${page.offset}`.execute(this.db),
      countOnce(async () => Number((await sql<{ n: number }>`select count(*)::int as n from risks r ${this.joins()} where ${where}`.execute(this.db)).rows[0]?.n ?? 0)),
    ]);
    const pageIds = ids.rows.map((r) => r.id);
    const rows = pageIds.length === 0 ? [] : await this.selectRisks(sql`r.id = any(${pageIds}::uuid[])`, sql`r.reference`, page.limit, 0);
    return { rows, total: count };
  }

  /** Risks per cell of the matrix, by their inherent and by their residual rating. */
  async heatMap(filter: RiskFilter, visibility: RiskVisibility, today: string): Promise<Array<{ rating: 'inherent' | 'residual'; likelihood: number; impact: number; count: number }>> {
    const where = this.whereOf({ ...filter, cell: undefined } as RiskFilter, visibility, today);
    const { rows } = await sql<{ rating: 'inherent' | 'residual'; likelihood: number; impact: number; count: number }>`
      select 'inherent' as rating, r.inherent_likelihood as likelihood, r.inherent_impact as impact, count(*)::int as count
        from risks r ${this.joins()} where ${where} group by r.inherent_likelihood, r.inherent_impact
      union all
      select 'residual', r.residual_likelihood, r.residual_impact, count(*)::int
        from risks r ${this.joins()} where ${where} group by r.residual_likelihood, r.residual_impact`.execute(this.db);
    return rows;
  }

  private joins(): RawBuilder<unknown> {
    return sql`join risk_matrix_cells rc on rc.likelihood = r.residual_likelihood and rc.impact = r.residual_impact
               join risk_bands rb on rb.code = rc.band_code
               left join risk_appetites ap on ap.unit_id = r.unit_id
               left join risk_bands ab on ab.code = ap.max_band_code`;
  }

  private whereOf(filter: RiskFilter, visibility: RiskVisibility, today: string): RawBuilder<unknown> {
    const conditions: RawBuilder<unknown>[] = [];
    if (visibility.units !== 'all') conditions.push(sql`(r.unit_id in ${ids(visibility.units)} or r.owner_person_id = ${visibility.personId})`);
    // A unit's register includes the units below it: a department sees its agencies' risks.
    if (filter.unitId) conditions.push(sql`r.unit_id in (with recursive below(id) as (select ${filter.unitId}::uuid union all select u.id from organisation_units u join below on u.parent_id = below.id) select id from below)`);
    if (filter.bandCode) conditions.push(sql`rb.code = ${filter.bandCode}`);
    if (filter.ownerPersonId) conditions.push(sql`r.owner_person_id = ${filter.ownerPersonId}`);
    if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
    if (filter.overAppetite === true) conditions.push(sql`(ab.rank is null or rb.rank > ab.rank)`);
    if (filter.overAppetite === false) conditions.push(sql`(ab.rank is not null and rb.rank <= ab.rank)`);
    if (filter.expiringWithinDays !== undefined) {
      conditions.push(sql`exists (select 1 from risk_acceptances ra where ra.risk_id = r.id and ra.status = 'in-force' and ra.expires_on <= ${today}::date + ${filter.expiringWithinDays}::int)`);
    }
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(sql`(r.reference ilike ${pattern} or r.title ilike ${pattern} or r.description ilike ${pattern})`);
    }
    if (filter.cell) {
      conditions.push(filter.cell.rating === 'inherent' ? sql`r.inherent_likelihood = ${filter.cell.likelihood} and r.inherent_impact = ${filter.cell.impact}` : sql`r.residual_likelihood = ${filter.cell.likelihood} and r.residual_impact = ${filter.cell.impact}`);
    }
    return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
  }

  private async selectRisks(where: RawBuilder<unknown>, order: RawBuilder<unknown>, limit: number, offset: number): Promise<RiskRow[]> {
    const { rows } = await sql<{ id: string; reference: string; title: string; description: string; cause: string; effect: string; threats: string; unit_id: string; unit_name: string; owner_person_id: string; owner_name: string; owner_email: string | null; inherent_likelihood: number; inherent_impact: number; residual_likelihood: number; residual_impact: number; treatment: Treatment; status: RiskStatus; review_on: string; created_at: Date; updated_at: Date }>`
      select r.id, r.reference, r.title, r.description, r.cause, r.effect, r.threats, r.unit_id, u.name as unit_name,
             r.owner_person_id, p.display_name as owner_name, p.email as owner_email,
             r.inherent_likelihood, r.inherent_impact, r.residual_likelihood, r.residual_impact, r.treatment, r.status,
             to_char(r.review_on, 'YYYY-MM-DD') as review_on, r.created_at, r.updated_at
        from risks r ${this.joins()}
        join organisation_units u on u.id = r.unit_id
        join people p on p.id = r.owner_person_id
       where ${where}
       order by ${order}
       limit ${limit} offset ${offset}`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      description: r.description,
      cause: r.cause,
      effect: r.effect,
      threats: r.threats,
      unitId: r.unit_id,
      unitName: r.unit_name,
      ownerPersonId: r.owner_person_id,
      ownerName: r.owner_name,
      ownerEmail: r.owner_email,
      inherentLikelihood: r.inherent_likelihood,
      inherentImpact: r.inherent_impact,
      residualLikelihood: r.residual_likelihood,
      residualImpact: r.residual_impact,
      treatment: r.treatment,
      status: r.status,
      reviewOn: r.review_on,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  // ---- Names in forms and files, resolved ----

  async unitByCodeOrId(value: string): Promise<{ id: string; name: string } | undefined> {
    const byCode = await this.db.selectFrom('organisation_units').select(['id', 'name']).where('code', '=', value.toUpperCase()).executeTakeFirst();
    if (byCode || !/^[0-9a-f-]{36}$/i.test(value)) return byCode;
    return this.db.selectFrom('organisation_units').select(['id', 'name']).where('id', '=', value).executeTakeFirst();
  }

  /** A person named on a form: by email (any case) or staff number, through the people register. */
  async personByReference(value: string): Promise<{ id: string; name: string } | undefined> {
    if (value.trim() === '') return undefined;
    const person = await new PeopleRepository(this.db).findByReference(value);
    return person && { id: person.id, name: person.displayName };
  }

  async servicesByReference(references: readonly string[]) {
    return references.length ? this.db.selectFrom('technology_services').select(['id', 'reference']).where('reference', 'in', [...references]).execute() : [];
  }

  async assetsByReference(references: readonly string[]) {
    return references.length ? this.db.selectFrom('information_assets').select(['id', 'reference']).where('reference', 'in', [...references]).execute() : [];
  }

  async suppliersByReference(references: readonly string[]) {
    return references.length ? this.db.selectFrom('suppliers').select(['id', 'reference']).where('reference', 'in', [...references]).execute() : [];
  }

  async controlsByCode(codes: readonly string[]) {
    return codes.length ? this.db.selectFrom('controls').select(['id', 'code']).where('code', 'in', [...codes]).execute() : [];
  }

  /** Requirements by citation: a policy statement's key (SISP-007), or a framework's `code:key` (ncsc-caf:A1.a). */
  async requirementsByCitation(citations: readonly string[]): Promise<Array<{ id: string; citation: string; status: string }>> {
    if (citations.length === 0) return [];
    const { rows } = await sql<{ id: string; citation: string; status: string }>`
      select q.id, c.citation, q.status
        from (select jsonb_array_elements_text(${JSON.stringify(citations)}::jsonb) as citation) c
        join requirements q on (q.framework_id is null and q.key = upper(c.citation))
                            or (q.framework_id = (select f.id from frameworks f where f.code = lower(split_part(c.citation, ':', 1)))
                                and q.key = substr(c.citation, strpos(c.citation, ':') + 1) and strpos(c.citation, ':') > 0)`.execute(this.db);
    return rows;
  }
}

function toColumns(values: RiskValues) {
  return {
    title: values.title,
    description: values.description,
    cause: values.cause,
    effect: values.effect,
    threats: values.threats,
    unit_id: values.unitId,
    owner_person_id: values.ownerPersonId,
    inherent_likelihood: values.inherentLikelihood,
    inherent_impact: values.inherentImpact,
    residual_likelihood: values.residualLikelihood,
    residual_impact: values.residualImpact,
    treatment: values.treatment,
    review_on: values.reviewOn,
  };
}
