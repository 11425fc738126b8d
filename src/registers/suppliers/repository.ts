// The suppliers register's SQL for suppliers themselves: the list with its filters, one supplier, what it
// reaches, the controls it must apply, and the lookups forms need. Contracts, certifications,
// sub-processors and the assessments, deviations and risks shown on a supplier's page are in
// parts.repository.ts; the CSV imports' set-based SQL in import.repository.ts.
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../database.ts';
import { type AssessmentStatus, type Criticality, SUPPLIER_RECORD_TYPE } from './entity.ts';

export interface SupplierRow {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly companyNumber: string | null;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly description: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly criticalityOverride: Criticality | null;
  readonly criticalityReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SupplierValues {
  readonly name: string;
  readonly companyNumber: string | null;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly description: string;
  readonly unitId: string;
}

export interface SupplierFilter {
  readonly search?: string;
  readonly unitId?: string;
  /** The status of the supplier's latest assessment, or 'never' for a supplier never assessed. */
  readonly assessmentStatus?: AssessmentStatus | 'never';
  /** Suppliers with a certificate already expired, or expiring within `withinDays` (today included). */
  readonly certificates?: 'expired' | 'expiring';
  readonly withinDays?: number;
  readonly openDeviations?: boolean;
}

/** Whom a list is for: every supplier of these units ('all' for everywhere), and those the person is SRO or SBO of. */
export interface SupplierVisibility {
  readonly unitIds: 'all' | readonly string[];
  readonly personId: string | null;
}

/** What a list row shows beyond the supplier itself. */
export interface SupplierListFacts {
  readonly latestAssessmentStatus: AssessmentStatus | null;
  readonly expiredCertificates: number;
  readonly expiringCertificates: number;
  readonly openDeviations: number;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';
const inForce = (today: string) => sql<SqlBool>`ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today})`;

/** The register's order, by name: suppliers_list_idx (migration 0022) repeats it exactly. */
const SUPPLIER_LIST_ORDER = sql`lower(s.name), s.reference`;

export class SupplierRepository {
  constructor(private readonly db: Executor) {}

  private base() {
    return this.db
      .selectFrom('suppliers as s')
      .innerJoin('organisation_units as u', 'u.id', 's.unit_id')
      .select([
        's.id',
        's.reference',
        's.name',
        's.company_number as companyNumber',
        's.contact_name as contactName',
        's.contact_email as contactEmail',
        's.description',
        's.unit_id as unitId',
        'u.code as unitCode',
        'u.name as unitName',
        's.criticality_override as criticalityOverride',
        's.criticality_reason as criticalityReason',
        's.created_at as createdAt',
        's.updated_at as updatedAt',
      ]);
  }

  private conditions(filter: SupplierFilter, visibility: SupplierVisibility, today: string) {
    const parts = [];
    if (visibility.unitIds !== 'all') {
      const units = visibility.unitIds.length > 0 ? [...visibility.unitIds] : [NO_UNIT];
      const own = visibility.personId
        ? sql<SqlBool>`exists (select 1 from appointments ap where ap.record_type = ${SUPPLIER_RECORD_TYPE} and ap.record_id = s.id
             and ap.role_code in ('senior-responsible-officer', 'senior-business-owner')
             and (ap.person_id = ${visibility.personId} or ap.deputy_person_id = ${visibility.personId}) and ${inForce(today)})`
        : sql<SqlBool>`false`;
      parts.push(sql<SqlBool>`(s.unit_id = any(${units}::uuid[]) or ${own})`);
    }
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      parts.push(sql<SqlBool>`(lower(s.name) like ${like} or lower(s.reference) like ${like} or lower(coalesce(s.company_number, '')) like ${like})`);
    }
    if (filter.unitId) parts.push(sql<SqlBool>`s.unit_id = ${filter.unitId}`);
    if (filter.assessmentStatus) {
      const latest = sql`(select sa.status from supplier_assessments sa where sa.supplier_id = s.id order by sa.created_at desc, sa.reference desc limit 1)`;
      parts.push(filter.assessmentStatus === 'never' ? sql<SqlBool>`${latest} is null` : sql<SqlBool>`${latest} = ${filter.assessmentStatus}`);
    }
    if (filter.certificates === 'expired') parts.push(sql<SqlBool>`exists (select 1 from supplier_certifications c where c.supplier_id = s.id and c.expires_on < ${today}::date)`);
    if (filter.certificates === 'expiring') {
      parts.push(sql<SqlBool>`exists (select 1 from supplier_certifications c where c.supplier_id = s.id and c.expires_on >= ${today}::date and c.expires_on <= ${today}::date + ${filter.withinDays ?? 60}::int)`);
    }
    if (filter.openDeviations !== undefined) {
      const open = sql<SqlBool>`exists (select 1 from supplier_deviations d where d.supplier_id = s.id and d.status = 'open')`;
      parts.push(filter.openDeviations ? open : sql<SqlBool>`not ${open}`);
    }
    return parts.length > 0 ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`true`;
  }

  /** The suppliers the filter matches, by name: ids and overrides only, so criticality can be filtered before paging. */
  async matching(filter: SupplierFilter, visibility: SupplierVisibility, today: string): Promise<Array<{ id: string; criticalityOverride: Criticality | null }>> {
    return this.db
      .selectFrom('suppliers as s')
      .select(['s.id', 's.criticality_override as criticalityOverride'])
      .where(this.conditions(filter, visibility, today))
      .orderBy(SUPPLIER_LIST_ORDER)
      .execute();
  }

  /** One page of the suppliers the filter matches, by name, read from suppliers_list_idx (migration 0022). */
  async pageIds(filter: SupplierFilter, visibility: SupplierVisibility, today: string, page: { limit: number; offset: number }): Promise<string[]> {
    const rows = await this.db
      .selectFrom('suppliers as s')
      .select('s.id')
      .where(this.conditions(filter, visibility, today))
      .orderBy(SUPPLIER_LIST_ORDER)
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map((r) => r.id);
  }

  async count(filter: SupplierFilter, visibility: SupplierVisibility, today: string): Promise<number> {
    const row = await this.db
      .selectFrom('suppliers as s')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.conditions(filter, visibility, today))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async byIds(ids: readonly string[]): Promise<SupplierRow[]> {
    if (ids.length === 0) return [];
    return (await this.base().where('s.id', 'in', ids).execute()) as SupplierRow[];
  }

  /** The latest assessment's status, certificates expired and expiring within `warningDays`, and open deviations, for each supplier. */
  async listFacts(ids: readonly string[], today: string, warningDays: number): Promise<Map<string, SupplierListFacts>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ id: string; status: AssessmentStatus | null; expired: number; expiring: number; deviations: number }>`
      select s.id,
             (select sa.status from supplier_assessments sa where sa.supplier_id = s.id order by sa.created_at desc, sa.reference desc limit 1) as status,
             (select count(*)::int from supplier_certifications c where c.supplier_id = s.id and c.expires_on < ${today}::date) as expired,
             (select count(*)::int from supplier_certifications c where c.supplier_id = s.id and c.expires_on >= ${today}::date and c.expires_on <= ${today}::date + ${warningDays}::int) as expiring,
             (select count(*)::int from supplier_deviations d where d.supplier_id = s.id and d.status = 'open') as deviations
        from suppliers s
       where s.id = any(${[...ids]}::uuid[])`.execute(this.db);
    return new Map(rows.map((r) => [r.id, { latestAssessmentStatus: r.status, expiredCertificates: r.expired, expiringCertificates: r.expiring, openDeviations: r.deviations }]));
  }

  async findById(id: string): Promise<SupplierRow | undefined> {
    return (await this.base().where('s.id', '=', id).executeTakeFirst()) as SupplierRow | undefined;
  }

  async findByName(name: string): Promise<SupplierRow | undefined> {
    return (await this.base().where(sql<SqlBool>`lower(s.name) = ${name.trim().toLowerCase()}`).executeTakeFirst()) as SupplierRow | undefined;
  }

  /** A supplier by its reference (SUP-0001) or company number, as contracts name it. */
  async findByReferenceOrCompanyNumber(reference: string): Promise<SupplierRow | undefined> {
    const ref = reference.trim().toUpperCase();
    return (await this.base().where((eb) => eb.or([eb('s.reference', '=', ref), eb('s.company_number', '=', ref)])).executeTakeFirst()) as SupplierRow | undefined;
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let query = this.db.selectFrom('suppliers').select('id').where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async companyNumberTaken(companyNumber: string, exceptId?: string): Promise<boolean> {
    let query = this.db.selectFrom('suppliers').select('id').where('company_number', '=', companyNumber);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async insert(values: SupplierValues, now: Date): Promise<string> {
    const row = await this.db
      .insertInto('suppliers')
      .values({
        reference: sql<string>`'SUP-' || lpad(nextval('suppliers_reference_seq')::text, 4, '0')`,
        name: values.name,
        company_number: values.companyNumber,
        contact_name: values.contactName,
        contact_email: values.contactEmail,
        description: values.description,
        unit_id: values.unitId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, values: SupplierValues, now: Date): Promise<void> {
    await this.db
      .updateTable('suppliers')
      .set({ name: values.name, company_number: values.companyNumber, contact_name: values.contactName, contact_email: values.contactEmail, description: values.description, unit_id: values.unitId, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.updateTable('suppliers').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async setCriticalityOverride(id: string, override: Criticality | null, reason: string | null, now: Date): Promise<void> {
    await this.db.updateTable('suppliers').set({ criticality_override: override, criticality_reason: reason, updated_at: now }).where('id', '=', id).execute();
  }

  /** The assets the supplier reaches directly, with the columns their label needs. */
  async assetsOf(supplierId: string) {
    return this.db
      .selectFrom('supplier_assets as sa')
      .innerJoin('information_assets as a', 'a.id', 'sa.asset_id')
      .select(['a.id', 'a.reference', 'a.name', 'a.classification_tier as tier', 'a.sensitive', 'a.handling_instruction as handlingInstruction', 'a.descriptors', 'a.personal_data as personalData'])
      .where('sa.supplier_id', '=', supplierId)
      .orderBy('a.reference')
      .execute();
  }

  async servicesOf(supplierId: string): Promise<Array<{ id: string; reference: string; name: string; criticality: string }>> {
    return this.db
      .selectFrom('supplier_services as ss')
      .innerJoin('technology_services as t', 't.id', 'ss.service_id')
      .select(['t.id', 't.reference', 't.name', 't.criticality'])
      .where('ss.supplier_id', '=', supplierId)
      .orderBy('t.reference')
      .execute();
  }

  async controlsOf(supplierId: string): Promise<Array<{ controlId: string; code: string; title: string; applied: boolean }>> {
    return this.db
      .selectFrom('supplier_controls as sc')
      .innerJoin('controls as c', 'c.id', 'sc.control_id')
      .select(['c.id as controlId', 'c.code', 'c.title', 'sc.applied'])
      .where('sc.supplier_id', '=', supplierId)
      .orderBy('c.code')
      .execute();
  }

  /** Replaces what the supplier reaches; returns whether either set changed. */
  async setReach(supplierId: string, assetIds: readonly string[], serviceIds: readonly string[]): Promise<boolean> {
    const [assets, services] = await Promise.all([
      this.db.selectFrom('supplier_assets').select('asset_id as id').where('supplier_id', '=', supplierId).execute(),
      this.db.selectFrom('supplier_services').select('service_id as id').where('supplier_id', '=', supplierId).execute(),
    ]);
    const same = (current: Array<{ id: string }>, wanted: readonly string[]) => current.length === new Set(wanted).size && current.every((c) => wanted.includes(c.id));
    if (same(assets, assetIds) && same(services, serviceIds)) return false;
    await this.db.deleteFrom('supplier_assets').where('supplier_id', '=', supplierId).execute();
    await this.db.deleteFrom('supplier_services').where('supplier_id', '=', supplierId).execute();
    if (assetIds.length > 0) await this.db.insertInto('supplier_assets').values([...new Set(assetIds)].map((asset_id) => ({ supplier_id: supplierId, asset_id }))).execute();
    if (serviceIds.length > 0) await this.db.insertInto('supplier_services').values([...new Set(serviceIds)].map((service_id) => ({ supplier_id: supplierId, service_id }))).execute();
    return true;
  }

  /** Replaces the controls the supplier must apply, each with whether it does. */
  async setControls(supplierId: string, controls: ReadonlyArray<{ controlId: string; applied: boolean }>): Promise<void> {
    await this.db.deleteFrom('supplier_controls').where('supplier_id', '=', supplierId).execute();
    if (controls.length > 0) await this.db.insertInto('supplier_controls').values(controls.map((c) => ({ supplier_id: supplierId, control_id: c.controlId, applied: c.applied }))).execute();
  }

  /** Assets or services by reference (case-insensitive), as forms name them. */
  async byReference(table: 'information_assets' | 'technology_services', references: readonly string[]): Promise<Array<{ id: string; reference: string }>> {
    if (references.length === 0) return [];
    return this.db.selectFrom(table).select(['id', 'reference']).where(sql<SqlBool>`lower(reference) = any(${references.map((r) => r.toLowerCase())}::text[])`).execute();
  }

  async controlsByCode(codes: readonly string[]): Promise<Array<{ id: string; code: string }>> {
    if (codes.length === 0) return [];
    return this.db.selectFrom('controls').select(['id', 'code']).where('code', 'in', codes.map((c) => c.toUpperCase())).execute();
  }

  async unitByCode(code: string): Promise<{ id: string; code: string; name: string } | undefined> {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  }

  async unitCodes(): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('organisation_units').select('code').execute()).map((u) => u.code));
  }

  /** A person by email or staff number, as forms and files name them. */
  async personByReference(reference: string): Promise<{ id: string; name: string; status: string } | undefined> {
    const ref = reference.trim();
    return this.db
      .selectFrom('people')
      .select(['id', 'display_name as name', 'status'])
      .where((eb) => eb.or([eb('email', '=', ref.toLowerCase()), eb('staff_number', '=', ref)]))
      .orderBy(sql`email = ${ref.toLowerCase()}`, 'desc')
      .executeTakeFirst();
  }

  /** Every supplier of the units, as the import file's columns, for the export. */
  async exportRows(unitIds: 'all' | readonly string[], today: string): Promise<Array<Record<string, string>>> {
    const where = unitIds === 'all' ? sql<SqlBool>`true` : sql<SqlBool>`s.unit_id = any(${unitIds.length > 0 ? [...unitIds] : [NO_UNIT]}::uuid[])`;
    const holder = (role: string) => sql<string>`coalesce((select coalesce(p.staff_number, p.email) from appointments ap join people p on p.id = ap.person_id
        where ap.record_type = ${SUPPLIER_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = ${role} and ${inForce(today)} limit 1), '')`;
    const { rows } = await sql<Record<string, string>>`
      select s.reference, s.name, coalesce(s.company_number, '') as company_number, s.contact_name, s.contact_email, u.code as unit,
             ${holder('senior-responsible-officer')} as sro, ${holder('senior-business-owner')} as sbo,
             coalesce((select string_agg(a.reference, ';' order by a.reference) from supplier_assets sa join information_assets a on a.id = sa.asset_id where sa.supplier_id = s.id), '') as assets,
             coalesce((select string_agg(t.reference, ';' order by t.reference) from supplier_services ss join technology_services t on t.id = ss.service_id where ss.supplier_id = s.id), '') as services
        from suppliers s join organisation_units u on u.id = s.unit_id
       where ${where}
       order by s.reference`.execute(this.db);
    return rows;
  }
}
