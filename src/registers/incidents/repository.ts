// SQL for one incident: the record, its links, its timeline, and the lookups its forms need. Lists,
// trend, timings and the return's rows are in views.repository.ts.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../database.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { IcoDecision, IcoOutcome, IncidentCategory, IncidentKind, IncidentPersonLink, IncidentRecordLink, IncidentStage, LinkedRecordType, PersonalDataAnswer, PersonLinkRole, TimelineKind } from './entity.ts';

export interface NewIncident {
  readonly title: string;
  readonly description: string;
  readonly occurredAt: Date;
  readonly awareAt: Date;
  readonly reportedAt: Date;
  readonly reportedByPersonId: string | null;
  readonly reportedByLabel: string;
  readonly unitId: string;
  readonly affectedInformation: string;
  readonly personalData: PersonalDataAnswer;
  readonly personalDataDetails: string;
  readonly actionsTaken: string;
  readonly kind: IncidentKind;
}

export interface IncidentRow {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly description: string;
  readonly occurredAt: Date;
  readonly awareAt: Date;
  readonly reportedAt: Date;
  readonly reportedByPersonId: string | null;
  readonly reportedBy: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCode: string;
  readonly affectedInformation: string;
  readonly personalData: PersonalDataAnswer;
  readonly personalDataDetails: string;
  readonly actionsTaken: string;
  readonly kind: IncidentKind;
  readonly category: IncidentCategory | null;
  readonly typeCode: string | null;
  readonly typeName: string | null;
  readonly severityCode: string | null;
  readonly severityName: string | null;
  readonly severityRank: number | null;
  readonly severityDescription: string | null;
  readonly stage: IncidentStage;
  readonly handlerPersonId: string | null;
  readonly handlerName: string | null;
  readonly handlerEmail: string | null;
  readonly triagedAt: Date | null;
  readonly closedAt: Date | null;
  /** The first and latest ICO reporting decisions, when there are any. */
  readonly firstIcoDecisionAt: Date | null;
}

export interface TimelineValues {
  readonly kind: TimelineKind;
  readonly at: Date;
  readonly byPersonId: string | null;
  readonly byLabel: string;
  readonly text?: string;
  readonly restricted?: boolean;
  readonly data?: Record<string, unknown>;
}

interface RawIncidentRow {
  id: string;
  reference: string;
  title: string;
  description: string;
  occurred_at: Date;
  aware_at: Date;
  reported_at: Date;
  reported_by_person_id: string | null;
  reported_by: string;
  unit_id: string;
  unit_name: string;
  unit_code: string;
  affected_information: string;
  personal_data: PersonalDataAnswer;
  personal_data_details: string;
  actions_taken: string;
  kind: IncidentKind;
  category: IncidentCategory | null;
  type_code: string | null;
  type_name: string | null;
  severity_code: string | null;
  severity_name: string | null;
  severity_rank: number | null;
  severity_description: string | null;
  stage: IncidentStage;
  handler_person_id: string | null;
  handler_name: string | null;
  handler_email: string | null;
  triaged_at: Date | null;
  closed_at: Date | null;
  first_ico_decision_at: Date | null;
}

/** The columns of an incident row over `incidents i`; the caller adds `where`, order and paging. */
export const INCIDENT_SELECT = sql`
  select i.id, i.reference, i.title, i.description, i.occurred_at, i.aware_at, i.reported_at, i.reported_by_person_id,
         coalesce(rp.display_name, i.reported_by_label) as reported_by, i.unit_id, u.name as unit_name, u.code as unit_code,
         i.affected_information, i.personal_data, i.personal_data_details, i.actions_taken, i.kind, i.category,
         i.type_code, t.name as type_name, i.severity_code, s.name as severity_name, s.rank as severity_rank, s.description as severity_description,
         i.stage, i.handler_person_id, hp.display_name as handler_name, hp.email as handler_email, i.triaged_at, i.closed_at,
         (select min(d.decided_at) from decisions d where d.kind = 'ico-reporting' and d.record_type = 'incident' and d.record_id = i.id) as first_ico_decision_at
    from incidents i
    join organisation_units u on u.id = i.unit_id
    left join people rp on rp.id = i.reported_by_person_id
    left join people hp on hp.id = i.handler_person_id
    left join incident_types t on t.code = i.type_code
    left join incident_severities s on s.code = i.severity_code`;

export async function selectIncidents(db: Executor, where: RawBuilder<unknown>, tail: RawBuilder<unknown> = sql``): Promise<IncidentRow[]> {
  const { rows } = await sql<RawIncidentRow>`${INCIDENT_SELECT} where ${where} ${tail}`.execute(db);
  return rows.map(toIncidentRow);
}

const timestamp = (value: Date | string | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));

function toIncidentRow(r: RawIncidentRow): IncidentRow {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    occurredAt: timestamp(r.occurred_at)!,
    awareAt: timestamp(r.aware_at)!,
    reportedAt: timestamp(r.reported_at)!,
    reportedByPersonId: r.reported_by_person_id,
    reportedBy: r.reported_by,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitCode: r.unit_code,
    affectedInformation: r.affected_information,
    personalData: r.personal_data,
    personalDataDetails: r.personal_data_details,
    actionsTaken: r.actions_taken,
    kind: r.kind,
    category: r.category,
    typeCode: r.type_code,
    typeName: r.type_name,
    severityCode: r.severity_code,
    severityName: r.severity_name,
    severityRank: r.severity_rank === null ? null : Number(r.severity_rank),
    severityDescription: r.severity_description,
    stage: r.stage,
    handlerPersonId: r.handler_person_id,
    handlerName: r.handler_name,
    handlerEmail: r.handler_email,
    triagedAt: timestamp(r.triaged_at),
    closedAt: timestamp(r.closed_at),
    firstIcoDecisionAt: timestamp(r.first_ico_decision_at),
  };
}

export class IncidentRepository {
  constructor(private readonly db: Executor) {}

  async nextReference(): Promise<string> {
    const { rows } = await sql<{ n: string }>`select nextval('incidents_reference_seq')::text as n`.execute(this.db);
    return `INC-${rows[0]!.n.padStart(4, '0')}`;
  }

  async insertIncident(reference: string, values: NewIncident): Promise<string> {
    const row = await this.db
      .insertInto('incidents')
      .values({
        reference,
        title: values.title,
        description: values.description,
        occurred_at: values.occurredAt,
        aware_at: values.awareAt,
        reported_at: values.reportedAt,
        reported_by_person_id: values.reportedByPersonId,
        reported_by_label: values.reportedByLabel,
        unit_id: values.unitId,
        affected_information: values.affectedInformation,
        personal_data: values.personalData,
        personal_data_details: values.personalDataDetails,
        actions_taken: values.actionsTaken,
        kind: values.kind,
        created_at: values.reportedAt,
        updated_at: values.reportedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findIncident(id: string): Promise<IncidentRow | undefined> {
    return (await selectIncidents(this.db, sql`i.id = ${id}`))[0];
  }

  async findByTitle(title: string): Promise<IncidentRow | undefined> {
    return (await selectIncidents(this.db, sql`i.title = ${title}`, sql`order by i.reported_at limit 1`))[0];
  }

  async recordTriage(id: string, values: { category: IncidentCategory; typeCode: string; severityCode: string; kind: IncidentKind; personalData: PersonalDataAnswer; personalDataDetails: string; stage: IncidentStage; triagedAt: Date | null }, now: Date): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set({ category: values.category, type_code: values.typeCode, severity_code: values.severityCode, kind: values.kind, personal_data: values.personalData, personal_data_details: values.personalDataDetails, stage: values.stage, triaged_at: values.triagedAt, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setHandler(id: string, personId: string, now: Date): Promise<void> {
    await this.db.updateTable('incidents').set({ handler_person_id: personId, updated_at: now }).where('id', '=', id).execute();
  }

  async setStage(id: string, stage: IncidentStage, now: Date): Promise<void> {
    await this.db.updateTable('incidents').set({ stage, closed_at: stage === 'closed' ? now : null, updated_at: now }).where('id', '=', id).execute();
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.updateTable('incidents').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async addEvent(incidentId: string, values: TimelineValues): Promise<void> {
    await this.db
      .insertInto('incident_events')
      .values({ incident_id: incidentId, at: values.at, kind: values.kind, by_person_id: values.byPersonId, by_label: values.byLabel, text: values.text ?? '', restricted: values.restricted ?? false, data: JSON.stringify(values.data ?? {}) })
      .execute();
  }

  async events(incidentId: string) {
    const rows = await this.db.selectFrom('incident_events').select(['id', 'at', 'kind', 'by_label', 'text', 'restricted', 'data']).where('incident_id', '=', incidentId).orderBy('seq').execute();
    return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, by: r.by_label, text: r.text, restricted: r.restricted, data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown> }));
  }

  /**
   * Moves an incident's whole history (its times, timeline, lessons and ICO decisions) by `ms`: for example data
   * written today that tells of past months. Differences between its times stay as they were.
   */
  async shiftHistory(id: string, ms: number): Promise<void> {
    const by = sql`make_interval(secs => ${ms / 1000})`;
    await sql`update incidents set occurred_at = occurred_at + ${by}, aware_at = aware_at + ${by}, reported_at = reported_at + ${by}, triaged_at = triaged_at + ${by},
                     closed_at = closed_at + ${by}, created_at = created_at + ${by}, updated_at = updated_at + ${by} where id = ${id}`.execute(this.db);
    await sql`update incident_events set at = at + ${by} where incident_id = ${id}`.execute(this.db);
    await sql`update incident_lessons set recorded_at = recorded_at + ${by} where incident_id = ${id}`.execute(this.db);
    await sql`update decisions set decided_at = decided_at + ${by} where kind = 'ico-reporting' and record_type = 'incident' and record_id = ${id}`.execute(this.db);
  }

  // ---- Linked records and people ----

  async recordLinks(incidentId: string): Promise<Record<'assets' | 'services' | 'suppliers', IncidentRecordLink[]>> {
    const { rows } = await sql<{ type: LinkedRecordType; id: string; reference: string; name: string }>`
      select 'asset' as type, a.id, a.reference, a.name from incident_assets l join information_assets a on a.id = l.asset_id where l.incident_id = ${incidentId}
      union all select 'service', s.id, s.reference, s.name from incident_services l join technology_services s on s.id = l.service_id where l.incident_id = ${incidentId}
      union all select 'supplier', s.id, s.reference, s.name from incident_suppliers l join suppliers s on s.id = l.supplier_id where l.incident_id = ${incidentId}
      order by 3`.execute(this.db);
    const of = (type: LinkedRecordType) => rows.filter((r) => r.type === type);
    return { assets: of('asset'), services: of('service'), suppliers: of('supplier') };
  }

  /** A linkable record by its reference; undefined when there is none. */
  async recordByReference(type: LinkedRecordType, reference: string): Promise<{ id: string; reference: string; name: string } | undefined> {
    const table = type === 'asset' ? 'information_assets' : type === 'service' ? 'technology_services' : 'suppliers';
    return this.db.selectFrom(table).select(['id', 'reference', 'name']).where(sql`upper(reference)`, '=', reference.trim().toUpperCase()).executeTakeFirst();
  }

  async recordsByReference(type: 'asset' | 'service', references: readonly string[]): Promise<Array<{ id: string; reference: string }>> {
    if (references.length === 0) return [];
    const table = type === 'asset' ? 'information_assets' : 'technology_services';
    return this.db.selectFrom(table).select(['id', 'reference']).where(sql`upper(reference)`, 'in', references.map((r) => r.toUpperCase())).execute();
  }

  /** Adds the link; false when it was already there. */
  async link(incidentId: string, type: LinkedRecordType, recordId: string): Promise<boolean> {
    const rows =
      type === 'asset'
        ? await this.db.insertInto('incident_assets').values({ incident_id: incidentId, asset_id: recordId }).onConflict((oc) => oc.doNothing()).returning('incident_id').execute()
        : type === 'service'
          ? await this.db.insertInto('incident_services').values({ incident_id: incidentId, service_id: recordId }).onConflict((oc) => oc.doNothing()).returning('incident_id').execute()
          : await this.db.insertInto('incident_suppliers').values({ incident_id: incidentId, supplier_id: recordId }).onConflict((oc) => oc.doNothing()).returning('incident_id').execute();
    return rows.length > 0;
  }

  /** Removes the link; the record's reference when there was one. */
  async unlink(incidentId: string, type: LinkedRecordType, recordId: string): Promise<string | undefined> {
    const links = await this.recordLinks(incidentId);
    const found = (type === 'asset' ? links.assets : type === 'service' ? links.services : links.suppliers).find((l) => l.id === recordId);
    if (!found) return undefined;
    if (type === 'asset') await this.db.deleteFrom('incident_assets').where('incident_id', '=', incidentId).where('asset_id', '=', recordId).execute();
    else if (type === 'service') await this.db.deleteFrom('incident_services').where('incident_id', '=', incidentId).where('service_id', '=', recordId).execute();
    else await this.db.deleteFrom('incident_suppliers').where('incident_id', '=', incidentId).where('supplier_id', '=', recordId).execute();
    return found.reference;
  }

  async people(incidentId: string): Promise<IncidentPersonLink[]> {
    const rows = await this.db
      .selectFrom('incident_people as l')
      .innerJoin('people as p', 'p.id', 'l.person_id')
      .select(['l.person_id', 'p.display_name', 'p.email', 'l.role', 'l.note'])
      .where('l.incident_id', '=', incidentId)
      .orderBy('l.role')
      .orderBy('p.display_name')
      .execute();
    return rows.map((r) => ({ personId: r.person_id, name: r.display_name, email: r.email, role: r.role, note: r.note }));
  }

  async linkPerson(incidentId: string, personId: string, role: PersonLinkRole, note: string): Promise<void> {
    await this.db
      .insertInto('incident_people')
      .values({ incident_id: incidentId, person_id: personId, role, note })
      .onConflict((oc) => oc.columns(['incident_id', 'person_id']).doUpdateSet({ role, note }))
      .execute();
  }

  async unlinkPerson(incidentId: string, personId: string): Promise<boolean> {
    const rows = await this.db.deleteFrom('incident_people').where('incident_id', '=', incidentId).where('person_id', '=', personId).returning('person_id').execute();
    return rows.length > 0;
  }

  // ---- ICO reporting decisions (the shared decisions table) ----

  async insertIcoDecision(values: { incidentId: string; personId: string | null; label: string; roleHeld: string; outcome: IcoOutcome; reason: string; snapshot: unknown; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('decisions')
      .values({ kind: 'ico-reporting', record_type: 'incident', record_id: values.incidentId, decided_by_person_id: values.personId, decided_by_label: values.label, role_held: values.roleHeld, outcome: values.outcome, reason: values.reason, snapshot: JSON.stringify(values.snapshot), decided_at: values.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The ICO reporting decisions on these incidents, oldest first. */
  async icoDecisions(incidentIds: readonly string[]): Promise<Map<string, IcoDecision[]>> {
    const result = new Map<string, IcoDecision[]>();
    if (incidentIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('decisions')
      .select(['id', 'record_id', 'outcome', 'reason', 'decided_by_label', 'role_held', 'decided_at', 'snapshot'])
      .where('kind', '=', 'ico-reporting')
      .where('record_type', '=', 'incident')
      .where('record_id', 'in', [...incidentIds])
      .orderBy('decided_at')
      .execute();
    for (const r of rows) {
      const list = result.get(r.record_id) ?? [];
      list.push({ id: r.id, outcome: r.outcome as IcoOutcome, reason: r.reason, decidedBy: r.decided_by_label, roleHeld: r.role_held ?? '', decidedAt: r.decided_at, snapshot: (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as Record<string, unknown> });
      result.set(r.record_id, list);
    }
    return result;
  }

  // ---- Lookups ----

  async personByReference(value: string): Promise<{ id: string; name: string; email: string; unitId: string | null } | undefined> {
    if (value.trim() === '') return undefined;
    const person = await new PeopleRepository(this.db).findByReference(value);
    return person && { id: person.id, name: person.displayName, email: person.email, unitId: person.unitId };
  }

  async personById(id: string): Promise<{ id: string; name: string; email: string; unitId: string | null } | undefined> {
    const row = await this.db.selectFrom('people').select(['id', 'display_name', 'email', 'unit_id']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.display_name, email: row.email, unitId: row.unit_id };
  }

  async unitByCodeOrId(value: string): Promise<{ id: string; name: string } | undefined> {
    const code = value.trim().toUpperCase();
    return this.db
      .selectFrom('organisation_units')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('code', '=', code), ...(/^[0-9a-f-]{36}$/i.test(value.trim()) ? [eb('id', '=', value.trim())] : [])]))
      .executeTakeFirst();
  }
}
