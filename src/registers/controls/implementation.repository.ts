// The SQL of control implementations and their evidence, and the few facts about technology services
// and units they need (read through sql fragments: those tables belong to other registers).
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { ControlKind, Evidence, EvidenceKind, Implementation, ImplementationStatus } from './entity.ts';

export interface ImplementationFilter {
  readonly serviceId?: string;
  readonly unitId?: string;
  readonly controlId?: string;
  readonly status?: ImplementationStatus;
  /** Only implementations belonging to these units (the service's unit, or the implementation's own). */
  readonly unitIds?: readonly string[];
}

export interface ImplementationValues {
  readonly status: ImplementationStatus;
  readonly notApplicableReason: string | null;
  readonly ownerPersonId: string | null;
  readonly statusOn: string;
}

interface ImplementationRow {
  id: string;
  control_id: string;
  control_code: string;
  control_title: string;
  control_kind: ControlKind;
  service_id: string | null;
  service_name: string | null;
  service_reference: string | null;
  unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  owning_unit_id: string | null;
  status: ImplementationStatus;
  not_applicable_reason: string | null;
  owner_person_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  status_on: string;
  evidence: number;
  evidence_overdue: number;
}

const toImplementation = (r: ImplementationRow): Implementation => ({
  id: r.id,
  controlId: r.control_id,
  controlCode: r.control_code,
  controlTitle: r.control_title,
  controlKind: r.control_kind,
  serviceId: r.service_id,
  serviceName: r.service_name,
  serviceReference: r.service_reference,
  unitId: r.unit_id,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  owningUnitId: r.owning_unit_id,
  status: r.status,
  notApplicableReason: r.not_applicable_reason,
  ownerPersonId: r.owner_person_id,
  ownerName: r.owner_name,
  ownerEmail: r.owner_email,
  statusOn: r.status_on,
  evidence: r.evidence,
  evidenceOverdue: r.evidence_overdue,
});

export class ImplementationRepository {
  constructor(private readonly db: Executor) {}

  private select(today: string) {
    return sql`
      select i.id, i.control_id, c.code as control_code, c.title as control_title, c.kind as control_kind,
             i.service_id, s.name as service_name, s.reference as service_reference, i.unit_id, u.code as unit_code, u.name as unit_name,
             coalesce(s.unit_id, i.unit_id) as owning_unit_id,
             i.status, i.not_applicable_reason, i.owner_person_id, p.display_name as owner_name, p.email as owner_email,
             i.status_on::text as status_on,
             (select count(*)::int from control_evidence e where e.implementation_id = i.id) as evidence,
             (select count(*)::int from control_evidence e where e.implementation_id = i.id and e.review_by < ${today}::date) as evidence_overdue
        from control_implementations i
        join controls c on c.id = i.control_id
        left join technology_services s on s.id = i.service_id
        left join organisation_units u on u.id = i.unit_id
        left join people p on p.id = i.owner_person_id`;
  }

  async list(filter: ImplementationFilter, today: string, page: { limit: number; offset: number }): Promise<{ implementations: Implementation[]; total: number }> {
    const units = filter.unitIds ? [...filter.unitIds] : null;
    const { rows } = await sql<ImplementationRow & { total: number }>`
      select * , count(*) over ()::int as total from (${this.select(today)}
       where (${filter.serviceId ?? null}::uuid is null or i.service_id = ${filter.serviceId ?? null}::uuid)
         and (${filter.unitId ?? null}::uuid is null or i.unit_id = ${filter.unitId ?? null}::uuid)
         and (${filter.controlId ?? null}::uuid is null or i.control_id = ${filter.controlId ?? null}::uuid)
         and (${filter.status ?? null}::text is null or i.status = ${filter.status ?? null}::text)
      ) x
       where (${units === null} or x.owning_unit_id = any(${units ?? []}::uuid[]))
       order by x.control_code, coalesce(x.service_name, x.unit_name), x.id
       limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return { implementations: rows.map(toImplementation), total: rows[0]?.total ?? 0 };
  }

  async find(id: string, today: string): Promise<Implementation | undefined> {
    const { rows } = await sql<ImplementationRow>`${this.select(today)} where i.id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toImplementation(rows[0]) : undefined;
  }

  /** The implementations for one service, and those at the given units (for people and process controls). */
  async forServiceAndUnits(serviceId: string, unitIds: readonly string[], today: string): Promise<Implementation[]> {
    const { rows } = await sql<ImplementationRow>`${this.select(today)} where i.service_id = ${serviceId}::uuid or i.unit_id = any(${[...unitIds]}::uuid[])`.execute(this.db);
    return rows.map(toImplementation);
  }

  async existing(controlId: string, target: { serviceId: string | null; unitId: string | null }): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('control_implementations')
      .select('id')
      .where('control_id', '=', controlId)
      .where((eb) => (target.serviceId ? eb('service_id', '=', target.serviceId) : eb('unit_id', '=', target.unitId!)))
      .executeTakeFirst();
    return row?.id;
  }

  async insert(controlId: string, target: { serviceId: string | null; unitId: string | null }, values: ImplementationValues): Promise<string> {
    const { id } = await this.db
      .insertInto('control_implementations')
      .values({ control_id: controlId, service_id: target.serviceId, unit_id: target.unitId, status: values.status, not_applicable_reason: values.notApplicableReason, owner_person_id: values.ownerPersonId, status_on: values.statusOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async update(id: string, values: ImplementationValues, now: Date): Promise<void> {
    await this.db
      .updateTable('control_implementations')
      .set({ status: values.status, not_applicable_reason: values.notApplicableReason, owner_person_id: values.ownerPersonId, status_on: values.statusOn, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async evidence(implementationId: string, today: string): Promise<Evidence[]> {
    const rows = await this.db
      .selectFrom('control_evidence as e')
      .leftJoin('stored_files as f', 'f.id', 'e.file_id')
      .select(['e.id', 'e.implementation_id', 'e.kind', 'e.url', 'e.note', 'e.review_by', 'e.added_by', 'e.created_at', 'f.id as file_id', 'f.name as file_name', 'f.media_type', 'f.size_bytes', 'f.sha256'])
      .where('e.implementation_id', '=', implementationId)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      implementationId: r.implementation_id,
      kind: r.kind,
      url: r.url,
      note: r.note,
      file: r.file_id && r.file_name && r.media_type && r.sha256 ? { id: r.file_id, name: r.file_name, mediaType: r.media_type, sizeBytes: Number(r.size_bytes), sha256: r.sha256 } : null,
      reviewBy: r.review_by,
      reviewOverdue: r.review_by < today,
      addedBy: r.added_by,
      createdAt: r.created_at,
    }));
  }

  async insertEvidence(values: { implementationId: string; kind: EvidenceKind; url: string | null; note: string | null; fileId: string | null; reviewBy: string; addedBy: string; addedByPersonId: string | null }): Promise<string> {
    const { id } = await this.db
      .insertInto('control_evidence')
      .values({ implementation_id: values.implementationId, kind: values.kind, url: values.url, note: values.note, file_id: values.fileId, review_by: values.reviewBy, added_by: values.addedBy, added_by_person_id: values.addedByPersonId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async findEvidence(id: string): Promise<{ id: string; implementationId: string; fileId: string | null } | undefined> {
    const row = await this.db.selectFrom('control_evidence').select(['id', 'implementation_id', 'file_id']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, implementationId: row.implementation_id, fileId: row.file_id } : undefined;
  }

  async findService(id: string): Promise<{ id: string; name: string; reference: string | null; unitId: string } | undefined> {
    const { rows } = await sql<{ id: string; name: string; reference: string | null; unit_id: string }>`select id, name, reference, unit_id from technology_services where id = ${id}::uuid`.execute(this.db);
    return rows[0] ? { id: rows[0].id, name: rows[0].name, reference: rows[0].reference, unitId: rows[0].unit_id } : undefined;
  }

  async serviceIdByReference(reference: string): Promise<string | undefined> {
    const { rows } = await sql<{ id: string }>`select id from technology_services where reference = ${reference}`.execute(this.db);
    return rows[0]?.id;
  }

  async findUnit(id: string): Promise<{ id: string; code: string; name: string } | undefined> {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async findUnitByCode(code: string): Promise<{ id: string; code: string; name: string } | undefined> {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  }

  /** The unit and every unit above it, nearest first: a unit's implementation of a people or process control holds below it. */
  async unitAndAncestors(unitId: string): Promise<string[]> {
    const { rows } = await sql<{ id: string; depth: number }>`
      with recursive up as (
        select id, parent_id, 0 as depth from organisation_units where id = ${unitId}::uuid
        union all
        select u.id, u.parent_id, up.depth + 1 from organisation_units u join up on u.id = up.parent_id where up.depth < 50
      ) select id, depth from up order by depth`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Every implementation for the CSV export, in the import's columns. */
  async exportRows(unitIds: readonly string[] | null, today: string): Promise<Implementation[]> {
    const { rows } = await sql<ImplementationRow>`
      select * from (${this.select(today)}) x
       where (${unitIds === null} or x.owning_unit_id = any(${unitIds ? [...unitIds] : []}::uuid[]))
       order by x.control_code, coalesce(x.service_name, x.unit_name), x.id`.execute(this.db);
    return rows.map(toImplementation);
  }
}
