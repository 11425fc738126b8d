import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { ChainUnit } from './accountability.ts';
import type { AccountableRole, Appointment, Holder } from './entity.ts';

type HolderRow = { id: string | null; name: string | null; email: string | null; status: string | null };

function holder(person: HolderRow, fallbackName: string | null): Holder {
  return { personId: person.id, name: person.name ?? fallbackName ?? 'Unknown', email: person.email, status: (person.status as Holder['status']) ?? null };
}

export class AppointmentRepository {
  constructor(private readonly db: Executor) {}

  async listRoles(): Promise<AccountableRole[]> {
    const rows = await this.db.selectFrom('accountable_roles').selectAll().orderBy('sort_order').execute();
    return rows.map((r) => ({ code: r.code, name: r.name, aliases: r.aliases, scope: r.scope, description: r.description }));
  }

  findRole(code: string) {
    return this.db.selectFrom('accountable_roles').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async updateRole(code: string, values: { name: string; aliases: string[]; description: string }): Promise<void> {
    await this.db.updateTable('accountable_roles').set({ name: values.name, aliases: JSON.stringify(values.aliases), description: values.description }).where('code', '=', code).execute();
  }

  async units(): Promise<ChainUnit[]> {
    const rows = await this.db.selectFrom('organisation_units').select(['id', 'code', 'name', 'unit_type', 'parent_id', 'has_own_accounting_officer']).orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, unitType: r.unit_type, parentId: r.parent_id, hasOwnAccountingOfficer: r.has_own_accounting_officer }));
  }

  /** Appointments to units and outside the department (not those to single records), with their holders. */
  async unitAndExternalAppointments(): Promise<Appointment[]> {
    return this.appointmentsWhere(sql`a.record_id is null`);
  }

  async appointmentsOfPerson(personId: string): Promise<Appointment[]> {
    return this.appointmentsWhere(sql`(a.person_id = ${personId} or a.deputy_person_id = ${personId})`);
  }

  private async appointmentsWhere(condition: ReturnType<typeof sql>): Promise<Appointment[]> {
    const rows = await sql<{
      id: string; role_code: string; unit_id: string | null; starts_on: string; ends_on: string | null; illustrative: boolean; holder_name: string | null;
      p_id: string | null; p_name: string | null; p_email: string | null; p_status: string | null;
      d_id: string | null; d_name: string | null; d_email: string | null; d_status: string | null;
    }>`
      select a.id, a.role_code, a.unit_id, a.starts_on, a.ends_on, a.illustrative, a.holder_name,
             p.id as p_id, p.display_name as p_name, p.email as p_email, p.status as p_status,
             d.id as d_id, d.display_name as d_name, d.email as d_email, d.status as d_status
      from appointments a
      left join people p on p.id = a.person_id
      left join people d on d.id = a.deputy_person_id
      where ${condition}
      order by a.starts_on, a.id`.execute(this.db);
    return rows.rows.map((r) => ({
      id: r.id,
      roleCode: r.role_code,
      unitId: r.unit_id,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      illustrative: r.illustrative,
      holder: holder({ id: r.p_id, name: r.p_name, email: r.p_email, status: r.p_status }, r.holder_name),
      deputy: r.d_id ? holder({ id: r.d_id, name: r.d_name, email: r.d_email, status: r.d_status }, null) : null,
    }));
  }

  /**
   * Puts a person in a role on one record (an asset's IAO, a service's TSO or SRO): the current holder's
   * appointment ends the day before, so the record's history of owners stays. No change, no write.
   * Returns whether anything changed.
   */
  async setRecordHolder(input: { roleCode: string; recordType: string; recordId: string; personId: string | null; today: string; yesterday: string }): Promise<boolean> {
    const current = await this.db
      .selectFrom('appointments')
      .select(['id', 'person_id', 'starts_on'])
      .where('record_type', '=', input.recordType)
      .where('record_id', '=', input.recordId)
      .where('role_code', '=', input.roleCode)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', input.today)]))
      .execute();
    if (current.length === 1 && current[0]!.person_id === input.personId) return false;
    if (current.length === 0 && input.personId === null) return false;
    for (const appointment of current) {
      // An appointment that started today is replaced outright rather than left ending before it began.
      if (appointment.starts_on >= input.today) await this.db.deleteFrom('appointments').where('id', '=', appointment.id).execute();
      else await this.db.updateTable('appointments').set({ ends_on: input.yesterday, updated_at: new Date() }).where('id', '=', appointment.id).execute();
    }
    if (input.personId) {
      await this.db
        .insertInto('appointments')
        .values({ role_code: input.roleCode, person_id: input.personId, record_type: input.recordType, record_id: input.recordId, starts_on: input.today })
        .execute();
    }
    return true;
  }

  /** The people in force in the roles on each of the records: recordId → roleCode → holder. */
  async recordHolders(recordType: string, recordIds: readonly string[], today: string): Promise<Map<string, Map<string, { personId: string; name: string; email: string | null }>>> {
    const out = new Map<string, Map<string, { personId: string; name: string; email: string | null }>>();
    if (recordIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('appointments as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['a.record_id', 'a.role_code', 'p.id', 'p.display_name', 'p.email'])
      .where('a.record_type', '=', recordType)
      .where('a.record_id', 'in', recordIds)
      .where('a.starts_on', '<=', today)
      .where((eb) => eb.or([eb('a.ends_on', 'is', null), eb('a.ends_on', '>=', today)]))
      .execute();
    for (const r of rows) {
      const roles = out.get(r.record_id!) ?? new Map();
      roles.set(r.role_code, { personId: r.id, name: r.display_name, email: r.email });
      out.set(r.record_id!, roles);
    }
    return out;
  }

  /** Whether the person holds (or deputises in) one of the roles on one record on a date: an asset's IAO, a service's TSO. */
  async holdsRecordRole(personId: string, roleCodes: readonly string[], recordType: string, recordId: string, today: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('appointments')
      .select('id')
      .where('record_type', '=', recordType)
      .where('record_id', '=', recordId)
      .where('role_code', 'in', roleCodes)
      .where((eb) => eb.or([eb('person_id', '=', personId), eb('deputy_person_id', '=', personId)]))
      .where('starts_on', '<=', today)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
      .executeTakeFirst();
    return row !== undefined;
  }

  findAppointment(id: string) {
    return this.db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertAppointment(values: { roleCode: string; personId: string | null; holderName: string | null; unitId: string | null; startsOn: string; endsOn: string | null; deputyPersonId: string | null; illustrative?: boolean }): Promise<string> {
    const row = await this.db
      .insertInto('appointments')
      .values({
        role_code: values.roleCode,
        person_id: values.personId,
        holder_name: values.holderName,
        unit_id: values.unitId,
        starts_on: values.startsOn,
        ends_on: values.endsOn,
        deputy_person_id: values.deputyPersonId,
        illustrative: values.illustrative ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateAppointment(id: string, values: { startsOn: string; endsOn: string | null; deputyPersonId: string | null }, now: Date): Promise<void> {
    await this.db.updateTable('appointments').set({ starts_on: values.startsOn, ends_on: values.endsOn, deputy_person_id: values.deputyPersonId, updated_at: now }).where('id', '=', id).execute();
  }

  async endAppointment(id: string, endsOn: string, now: Date): Promise<void> {
    await this.db.updateTable('appointments').set({ ends_on: endsOn, updated_at: now }).where('id', '=', id).execute();
  }

  personSummary(personId: string) {
    return this.db.selectFrom('people').select(['id', 'display_name', 'email', 'status', 'unit_id', 'line_manager_id']).where('id', '=', personId).executeTakeFirst();
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }
}
