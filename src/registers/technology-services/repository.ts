// Technology services: SQL only. Information assets are read with raw templates so this register does
// not depend on the shape of the assets register's Kysely types beyond the columns it reads.
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../database.ts';
import { SERVICE_RECORD_TYPE, TSO_ROLE, type Criticality, type Hosting } from './entity.ts';
import { workOutNow, type KeepOrWorkOut } from '../../platform/audit/until-next-write.ts';

export interface ServiceFilter {
  readonly search?: string;
  readonly unitId?: string;
  /** Only services in these units (what the reader may see). */
  readonly unitIds?: readonly string[];
  readonly hosting?: string;
  readonly criticality?: string;
  /** The derived tier code, or 'none' for services with no assets. */
  readonly tier?: string;
  /** The person who is the Technology Service Owner. */
  readonly tsoPersonId?: string;
}

export const SERVICE_SORTS = ['reference', 'name', 'unit', 'criticality', 'updated'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];

export interface ServiceRow {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly purpose: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly hosting: Hosting;
  readonly suppliers: string;
  readonly criticality: Criticality;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceValues {
  readonly reference: string;
  readonly name: string;
  readonly purpose: string;
  readonly unitId: string;
  readonly hosting: string;
  readonly suppliers: string;
  readonly criticality: string;
}

export interface AssetRow {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly classification_tier: string;
  readonly sensitive: boolean;
  readonly handling_instruction: string | null;
  readonly embargo_ends_on: string | null;
  readonly descriptors: unknown;
  readonly personal_data: boolean;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export class TechnologyServiceRepository {
  constructor(private readonly db: Executor) {}

  private base() {
    return this.db
      .selectFrom('technology_services as s')
      .innerJoin('organisation_units as u', 'u.id', 's.unit_id')
      .select([
        's.id',
        's.reference',
        's.name',
        's.purpose',
        's.unit_id as unitId',
        'u.code as unitCode',
        'u.name as unitName',
        's.hosting',
        's.suppliers',
        's.criticality',
        's.created_at as createdAt',
        's.updated_at as updatedAt',
      ]);
  }

  private conditions(filter: ServiceFilter, today: string) {
    const parts = [];
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      parts.push(sql<SqlBool>`(lower(s.name) like ${like} or lower(s.reference) like ${like})`);
    }
    if (filter.unitId) parts.push(sql<SqlBool>`s.unit_id = ${filter.unitId}`);
    if (filter.unitIds) parts.push(sql<SqlBool>`s.unit_id = any(${filter.unitIds.length > 0 ? [...filter.unitIds] : [NO_UNIT]}::uuid[])`);
    if (filter.hosting) parts.push(sql<SqlBool>`s.hosting = ${filter.hosting}`);
    if (filter.criticality) parts.push(sql<SqlBool>`s.criticality = ${filter.criticality}`);
    if (filter.tier) {
      // The derived tier is the highest-ranked tier among the service's assets; computed, never stored.
      const top = sql`(select a.classification_tier from service_assets sa join information_assets a on a.id = sa.asset_id
                         join classification_tiers t on t.code = a.classification_tier
                        where sa.service_id = s.id order by t.rank desc limit 1)`;
      parts.push(filter.tier === 'none' ? sql<SqlBool>`${top} is null` : sql<SqlBool>`${top} = ${filter.tier}`);
    }
    if (filter.tsoPersonId) {
      parts.push(sql<SqlBool>`exists (select 1 from appointments ap where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = s.id
        and ap.role_code = ${TSO_ROLE} and ap.person_id = ${filter.tsoPersonId} and ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today}))`);
    }
    return parts;
  }

  async list(filter: ServiceFilter, sort: ServiceSort, descending: boolean, page: { limit: number; offset: number }, today: string, countOnce: KeepOrWorkOut<number> = workOutNow): Promise<{ services: ServiceRow[]; total: number }> {
    const parts = this.conditions(filter, today);
    const where = parts.length > 0 ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`true`;
    const direction = descending ? sql`desc` : sql`asc`;
    const orderBy = {
      name: sql`lower(s.name) ${direction}`,
      reference: sql`s.reference ${direction}`,
      unit: sql`lower(u.name) ${direction}, lower(s.name)`,
      criticality: sql`case s.criticality when 'low' then 1 when 'medium' then 2 when 'high' then 3 else 4 end ${direction}, lower(s.name)`,
      updated: sql`s.updated_at ${direction}`,
    }[sort];
    const [rows, count] = await Promise.all([
      this.base().where(where).orderBy(orderBy).orderBy('s.id').limit(page.limit).offset(page.offset).execute(),
      countOnce(async () => Number((await this.db.selectFrom('technology_services as s').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow()).n)),
    ]);
    return { services: rows as ServiceRow[], total: count };
  }

  async findById(id: string): Promise<ServiceRow | undefined> {
    return (await this.base().where('s.id', '=', id).executeTakeFirst()) as ServiceRow | undefined;
  }

  async findByReference(reference: string): Promise<ServiceRow | undefined> {
    return (await this.base().where(sql<SqlBool>`lower(s.reference) = ${reference.toLowerCase()}`).executeTakeFirst()) as ServiceRow | undefined;
  }

  async referenceTaken(reference: string, exceptId?: string): Promise<boolean> {
    let query = this.db.selectFrom('technology_services').select('id').where(sql<SqlBool>`lower(reference) = ${reference.toLowerCase()}`);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async insert(values: ServiceValues, now: Date): Promise<string> {
    const row = await this.db
      .insertInto('technology_services')
      .values({ reference: values.reference, name: values.name, purpose: values.purpose, unit_id: values.unitId, hosting: values.hosting, suppliers: values.suppliers, criticality: values.criticality, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, values: ServiceValues, now: Date): Promise<void> {
    await this.db
      .updateTable('technology_services')
      .set({ reference: values.reference, name: values.name, purpose: values.purpose, unit_id: values.unitId, hosting: values.hosting, suppliers: values.suppliers, criticality: values.criticality, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.updateTable('technology_services').set({ updated_at: now }).where('id', '=', id).execute();
  }

  /** Replaces the service's assets; returns whether the set changed. */
  async setAssets(serviceId: string, assetIds: readonly string[]): Promise<boolean> {
    const current = new Set((await this.db.selectFrom('service_assets').select('asset_id').where('service_id', '=', serviceId).execute()).map((r) => r.asset_id));
    const wanted = new Set(assetIds);
    if (current.size === wanted.size && [...wanted].every((id) => current.has(id))) return false;
    await this.db.deleteFrom('service_assets').where('service_id', '=', serviceId).execute();
    if (wanted.size > 0) await this.db.insertInto('service_assets').values([...wanted].map((asset_id) => ({ service_id: serviceId, asset_id }))).execute();
    return true;
  }

  async setStandards(serviceId: string, documentIds: readonly string[]): Promise<boolean> {
    const current = new Set((await this.db.selectFrom('service_standards').select('document_id').where('service_id', '=', serviceId).execute()).map((r) => r.document_id));
    const wanted = new Set(documentIds);
    if (current.size === wanted.size && [...wanted].every((id) => current.has(id))) return false;
    await this.db.deleteFrom('service_standards').where('service_id', '=', serviceId).execute();
    if (wanted.size > 0) await this.db.insertInto('service_standards').values([...wanted].map((document_id) => ({ service_id: serviceId, document_id }))).execute();
    return true;
  }

  /** The assets of one service, with the columns their label needs. */
  async assetsOf(serviceId: string): Promise<AssetRow[]> {
    const { rows } = await sql<AssetRow>`
      select a.id, a.reference, a.name, a.classification_tier, a.sensitive, a.handling_instruction,
             a.embargo_ends_on::text as embargo_ends_on, a.descriptors, a.personal_data
        from service_assets sa join information_assets a on a.id = sa.asset_id
       where sa.service_id = ${serviceId}
       order by a.reference`.execute(this.db);
    return rows;
  }

  /** Assets by reference (case-insensitive), for forms and imports. */
  async assetsByReference(references: readonly string[]): Promise<Array<{ id: string; reference: string }>> {
    if (references.length === 0) return [];
    const { rows } = await sql<{ id: string; reference: string }>`
      select id, reference from information_assets where lower(reference) = any(${references.map((r) => r.toLowerCase())}::text[])`.execute(this.db);
    return rows;
  }

  async standardsOf(serviceId: string): Promise<Array<{ id: string; reference: string; title: string; tier: number }>> {
    return this.db
      .selectFrom('service_standards as ss')
      .innerJoin('documents as d', 'd.id', 'ss.document_id')
      .select(['d.id', 'd.key_prefix as reference', 'd.title', 'd.tier'])
      .where('ss.service_id', '=', serviceId)
      .orderBy('d.tier')
      .orderBy('d.key_prefix')
      .execute();
  }

  /** Documents by reference (their key prefix, such as SISP), for forms and imports. */
  async documentsByReference(references: readonly string[]): Promise<Array<{ id: string; reference: string }>> {
    if (references.length === 0) return [];
    return this.db.selectFrom('documents').select(['id', 'key_prefix as reference']).where('key_prefix', 'in', references.map((r) => r.toUpperCase())).execute();
  }

  async unitExists(unitId: string): Promise<boolean> {
    return (await this.db.selectFrom('organisation_units').select('id').where('id', '=', unitId).executeTakeFirst()) !== undefined;
  }

  /** A person by email or staff number, as forms and files name them. */
  async personByReference(reference: string): Promise<{ id: string; name: string; email: string; status: string } | undefined> {
    const ref = reference.trim();
    return this.db
      .selectFrom('people')
      .select(['id', 'display_name as name', 'email', 'status'])
      .where((eb) => eb.or([eb('email', '=', ref.toLowerCase()), eb('staff_number', '=', ref)]))
      .executeTakeFirst();
  }

  /** Every service in the units, for the export: the columns of the import file. */
  async exportRows(unitIds: readonly string[] | 'all', today: string): Promise<Array<Record<string, string>>> {
    const where = unitIds === 'all' ? sql<SqlBool>`true` : sql<SqlBool>`s.unit_id = any(${unitIds.length > 0 ? [...unitIds] : [NO_UNIT]}::uuid[])`;
    const { rows } = await sql<Record<string, string>>`
      select s.reference, s.name, s.purpose, u.code as unit, s.hosting, s.suppliers, s.criticality,
             coalesce((select coalesce(p.staff_number, p.email) from appointments ap join people p on p.id = ap.person_id
                        where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = ${TSO_ROLE}
                          and ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today}) limit 1), '') as tso,
             coalesce((select coalesce(p.staff_number, p.email) from appointments ap join people p on p.id = ap.person_id
                        where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = 'senior-responsible-officer'
                          and ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today}) limit 1), '') as sro,
             coalesce((select string_agg(a.reference, ';' order by a.reference) from service_assets sa join information_assets a on a.id = sa.asset_id where sa.service_id = s.id), '') as assets,
             coalesce((select string_agg(d.key_prefix, ';' order by d.key_prefix) from service_standards ss join documents d on d.id = ss.document_id where ss.service_id = s.id), '') as standards
        from technology_services s join organisation_units u on u.id = s.unit_id
       where ${where}
       order by s.reference`.execute(this.db);
    return rows;
  }
}
