// The information assets register's queries. The IAO is read from appointments (record owners are
// appointments on the record); the services come from the technology services register's link table.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { ASSET_RECORD_TYPE, IAO_ROLE, type AssetFilter, type AssetSort, type ImpactLevel, type InformationAsset } from './entity.ts';

/** An asset as stored, with its unit: the domain's InformationAsset before its label and IAO are added. */
export type AssetRow = Omit<InformationAsset, 'label' | 'owner' | 'descriptors'> & { readonly descriptors: string[] };

export interface AssetValues {
  readonly reference: string;
  readonly name: string;
  readonly description: string;
  readonly unitId: string;
  readonly classificationTier: string;
  readonly sensitive: boolean;
  readonly handlingInstruction: string | null;
  readonly embargoEndsOn: string | null;
  readonly descriptors: readonly string[];
  readonly confidentialityImpact: ImpactLevel;
  readonly integrityImpact: ImpactLevel;
  readonly availabilityImpact: ImpactLevel;
  readonly personalData: boolean;
  readonly retention: string;
}

export class InformationAssetRepository {
  constructor(private readonly db: Executor) {}

  private base() {
    return this.db
      .selectFrom('information_assets as a')
      .innerJoin('organisation_units as u', 'u.id', 'a.unit_id')
      .select([
        'a.id',
        'a.reference',
        'a.name',
        'a.description',
        'a.unit_id as unitId',
        'u.code as unitCode',
        'u.name as unitName',
        'a.classification_tier as classificationTier',
        'a.sensitive',
        'a.handling_instruction as handlingInstruction',
        'a.embargo_ends_on as embargoEndsOn',
        'a.descriptors',
        'a.confidentiality_impact as confidentialityImpact',
        'a.integrity_impact as integrityImpact',
        'a.availability_impact as availabilityImpact',
        'a.personal_data as personalData',
        'a.retention',
        'a.created_at as createdAt',
        'a.updated_at as updatedAt',
      ]);
  }

  /** The filter as one SQL condition over `a` (the asset), so the page and its count agree. */
  private conditions(filter: AssetFilter, today: string) {
    const all = [sql<boolean>`true`];
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      all.push(sql<boolean>`a.search_text like ${like}`);
    }
    if (filter.unitId) all.push(sql<boolean>`a.unit_id = ${filter.unitId}`);
    if (filter.tier) all.push(sql<boolean>`a.classification_tier = ${filter.tier}`);
    if (filter.sensitive !== undefined) all.push(sql<boolean>`a.sensitive = ${filter.sensitive}`);
    if (filter.personalData !== undefined) all.push(sql<boolean>`a.personal_data = ${filter.personalData}`);
    if (filter.ownerId) {
      all.push(sql<boolean>`exists (select 1 from appointments o
        where o.record_type = ${ASSET_RECORD_TYPE} and o.role_code = ${IAO_ROLE} and o.record_id = a.id and o.person_id = ${filter.ownerId}
          and o.starts_on <= ${today} and (o.ends_on is null or o.ends_on >= ${today}))`);
    }
    return sql<boolean>`${sql.join(all, sql` and `)}`;
  }

  async list(filter: AssetFilter, sort: AssetSort, page: { limit: number; offset: number }, today: string): Promise<AssetRow[]> {
    // The page's ids first, sorting narrow rows, then the page's full rows: sorting every column of
    // 50,000 assets to reach page 900 would spill the sort to disk.
    return this.findByIds(await this.sortedIds(filter, sort, page, today));
  }

  /** The ids of the matching assets in the list's order, a page of them. */
  async sortedIds(filter: AssetFilter, sort: AssetSort, page: { limit: number; offset: number }, today: string): Promise<string[]> {
    let ids = this.db.selectFrom('information_assets as a').select('a.id').where(this.conditions(filter, today));
    switch (sort) {
      case 'reference':
        ids = ids.orderBy('a.reference');
        break;
      case 'unit':
        ids = ids.innerJoin('organisation_units as u', 'u.id', 'a.unit_id').orderBy('u.name').orderBy(sql`lower(a.name)`);
        break;
      case 'tier':
        // Most protected first: the order people triage in.
        ids = ids.innerJoin('classification_tiers as t', 't.code', 'a.classification_tier').orderBy('t.rank', 'desc').orderBy('a.sensitive', 'desc').orderBy(sql`lower(a.name)`);
        break;
      case 'updated':
        ids = ids.orderBy('a.updated_at', 'desc');
        break;
      default:
        ids = ids.orderBy(sql`lower(a.name)`);
    }
    return (await ids.orderBy('a.id').limit(page.limit).offset(page.offset).execute()).map((r) => r.id);
  }

  /** The assets with these ids, in the order given. Pass a few thousand at most: each id is a parameter. */
  async findByIds(pageIds: readonly string[]): Promise<AssetRow[]> {
    if (pageIds.length === 0) return [];
    // One array parameter, not one per id: a list of thousands of parameters is slow to plan, and capped.
    const rows = (await this.base().where(sql<boolean>`a.id = any(${[...pageIds]}::uuid[])`).execute()) as AssetRow[];
    const position = new Map(pageIds.map((id, i) => [id, i]));
    return rows.sort((x, y) => position.get(x.id)! - position.get(y.id)!);
  }

  async count(filter: AssetFilter, today: string): Promise<number> {
    const row = await this.db
      .selectFrom('information_assets as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.conditions(filter, today))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findById(id: string): Promise<AssetRow | undefined> {
    return (await this.base().where('a.id', '=', id).executeTakeFirst()) as AssetRow | undefined;
  }

  async findByReference(reference: string): Promise<AssetRow | undefined> {
    return (await this.base().where('a.reference', '=', reference).executeTakeFirst()) as AssetRow | undefined;
  }

  async referenceTaken(reference: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('information_assets').select('id').where('reference', '=', reference);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** The next free `IA-000001`-style reference; skips any a person typed that the sequence would reach. */
  async nextReference(): Promise<string> {
    for (;;) {
      const { rows } = await sql<{ n: number }>`select nextval('information_asset_reference_seq')::int as n`.execute(this.db);
      const reference = `IA-${String(rows[0]!.n).padStart(6, '0')}`;
      if (!(await this.referenceTaken(reference))) return reference;
    }
  }

  unitExists(id: string) {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
  }

  findPerson(id: string) {
    return this.db.selectFrom('people').select(['id', 'display_name', 'status', 'email', 'staff_number']).where('id', '=', id).executeTakeFirst();
  }

  /** A person by email or staff number: how people are named on forms and in files. */
  findPersonByReference(reference: string) {
    return this.db
      .selectFrom('people')
      .select(['id', 'display_name', 'status', 'email', 'staff_number'])
      .where((eb) => eb.or([eb('email', '=', reference.toLowerCase()), eb('staff_number', '=', reference)]))
      .executeTakeFirst();
  }

  async insert(values: AssetValues): Promise<string> {
    const row = await this.db.insertInto('information_assets').values(toColumns(values)).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, values: AssetValues, now: Date): Promise<void> {
    await this.db.updateTable('information_assets').set({ ...toColumns(values), updated_at: now }).where('id', '=', id).execute();
  }

  /** The technology services that store or process the asset. */
  services(assetId: string) {
    return this.db
      .selectFrom('service_assets as sa')
      .innerJoin('technology_services as s', 's.id', 'sa.service_id')
      .select(['s.id', 's.reference', 's.name'])
      .where('sa.asset_id', '=', assetId)
      .orderBy('s.name')
      .execute();
  }
}

function toColumns(v: AssetValues) {
  return {
    reference: v.reference,
    name: v.name,
    description: v.description,
    unit_id: v.unitId,
    classification_tier: v.classificationTier,
    sensitive: v.sensitive,
    handling_instruction: v.handlingInstruction,
    embargo_ends_on: v.embargoEndsOn,
    descriptors: JSON.stringify(v.descriptors),
    confidentiality_impact: v.confidentialityImpact,
    integrity_impact: v.integrityImpact,
    availability_impact: v.availabilityImpact,
    personal_data: v.personalData,
    retention: v.retention,
  };
}
