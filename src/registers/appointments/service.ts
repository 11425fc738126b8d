// Appointments to accountable roles, and what the policy asks of them: the accountability chain,
// Annex A, and who a person should ask for help.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { accountabilityChain, annexA, findGaps, nearestHolder, type AnnexARow, type ChainLevel, type Gap, type OrganisationPicture } from './accountability.ts';
import { ROLE, type AccountableRole, type Holder } from './entity.ts';
import { AppointmentRepository } from './repository.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const SECURITY_CONTACT_SETTING = 'security_contact_email';

export interface AppointInput {
  readonly roleCode: string;
  readonly personId?: string | null;
  readonly holderName?: string | null;
  readonly unitId?: string | null;
  readonly startsOn: string;
  readonly endsOn?: string | null;
  readonly deputyPersonId?: string | null;
}

export interface HelpContacts {
  readonly lineManager: Holder | null;
  readonly informationAssuranceLead: { unitName: string; holder: Holder } | null;
  readonly securityContact: string | null;
}

function validDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export class AppointmentService {
  private readonly repository: AppointmentRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.repository = new AppointmentRepository(db);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  async picture(actor: Actor): Promise<OrganisationPicture> {
    authorize(actor, 'organisation.read');
    const [units, appointments, roles] = await Promise.all([this.repository.units(), this.repository.unitAndExternalAppointments(), this.repository.listRoles()]);
    return { units, appointments, roles, today: this.today() };
  }

  async chainFor(actor: Actor, unitId: string): Promise<{ levels: ChainLevel[]; gaps: Gap[] }> {
    const picture = await this.picture(actor);
    if (!picture.units.some((u) => u.id === unitId)) throw notFound('The organisational unit');
    const levels = accountabilityChain(picture, unitId);
    const onPath = new Set(levels.flatMap((l) => (l.unit ? [l.unit.id] : [])));
    return { levels, gaps: findGaps(picture).filter((g) => g.unitId !== null && onPath.has(g.unitId)) };
  }

  async gaps(actor: Actor): Promise<Gap[]> {
    return findGaps(await this.picture(actor));
  }

  async annexA(actor: Actor): Promise<AnnexARow[]> {
    return annexA(await this.picture(actor));
  }

  /** A person's appointments, as holder or deputy, with the names of their roles. */
  async appointmentsOf(actor: Actor, personId: string) {
    authorize(actor, 'organisation.read');
    const [appointments, roles, units] = await Promise.all([this.repository.appointmentsOfPerson(personId), this.repository.listRoles(), this.repository.units()]);
    const today = this.today();
    return appointments.map((a) => ({
      ...a,
      roleName: roles.find((r) => r.code === a.roleCode)?.name ?? a.roleCode,
      unit: units.find((u) => u.id === a.unitId),
      asDeputy: a.holder.personId !== personId,
      current: a.startsOn <= today && (a.endsOn === null || a.endsOn >= today),
    }));
  }

  /** Annex A for a spreadsheet: it names people, so handing it out is recorded like any export of personal data. */
  async exportAnnexA(actor: Actor, requestId?: string): Promise<AnnexARow[]> {
    const rows = await this.annexA(actor);
    await this.audit.write(this.db, async () => ({ result: undefined, event: { actor: auditActorOf(actor), action: 'annex-a.exported', metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } }));
    return rows;
  }

  listRoles(actor: Actor): Promise<AccountableRole[]> {
    authorize(actor, 'organisation.read');
    return this.repository.listRoles();
  }

  /** Who the signed-in person should contact: their line manager, their nearest Information Assurance Lead, the security team. */
  async helpFor(actor: Actor): Promise<HelpContacts> {
    authorize(actor, 'organisation.read');
    if (actor.kind !== 'person') throw new AppError('unauthenticated', 'Sign in to see who to contact.');
    const me = await this.repository.personSummary(actor.personId);
    const manager = me?.line_manager_id ? await this.repository.personSummary(me.line_manager_id) : undefined;
    const picture = await this.picture(actor);
    const lead = me?.unit_id ? nearestHolder(picture, me.unit_id, ROLE.informationAssuranceLead) : undefined;
    return {
      lineManager: manager ? { personId: manager.id, name: manager.display_name, email: manager.email, status: manager.status } : null,
      informationAssuranceLead: lead ? { unitName: lead.unit.name, holder: lead.holder } : null,
      securityContact: (await this.repository.setting(SECURITY_CONTACT_SETTING)) ?? null,
    };
  }

  async appoint(actor: Actor, input: AppointInput, requestId?: string): Promise<string> {
    authorize(actor, 'appointments.manage', { unitId: input.unitId ?? undefined });
    const role = input.roleCode ? await this.repository.findRole(input.roleCode) : undefined;
    const problems: FieldProblem[] = [];
    if (!role) problems.push({ field: 'roleCode', message: 'Choose a role from the catalogue' });
    if (role?.scope === 'record') problems.push({ field: 'roleCode', message: `${role.name} is appointed on the record it is for (an asset, a service, a supplier), not here` });
    if (role?.scope === 'unit' && !input.unitId) problems.push({ field: 'unitId', message: `Choose the unit the ${role.name} is for` });
    if (role?.scope === 'external' && input.unitId) problems.push({ field: 'unitId', message: `${role.name} is outside the department: leave the unit empty` });
    if (!input.personId && !input.holderName?.trim()) problems.push({ field: 'person', message: 'Enter the email or staff number of the person appointed' });
    else if (role?.scope === 'unit' && !input.personId) problems.push({ field: 'person', message: 'Enter the email or staff number of someone in the people register' });
    if (!validDate(input.startsOn)) problems.push({ field: 'startsOn', message: 'Enter the start date as a real date, such as 2026-04-01' });
    if (input.endsOn && !validDate(input.endsOn)) problems.push({ field: 'endsOn', message: 'Enter the end date as a real date, such as 2027-03-31, or leave it empty' });
    if (input.endsOn && validDate(input.startsOn) && input.endsOn < input.startsOn) problems.push({ field: 'endsOn', message: 'The end date must be on or after the start date' });
    if (input.deputyPersonId && input.deputyPersonId === input.personId) problems.push({ field: 'deputy', message: 'The deputy must be someone other than the person appointed' });
    for (const [field, id] of [['person', input.personId], ['deputy', input.deputyPersonId], ['unitId', input.unitId]] as const) {
      if (id && !/^[0-9a-f-]{36}$/i.test(id)) problems.push({ field, message: 'Choose from the list' });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const id = await this.audit.write(this.db, async (trx) => {
      const repo = new AppointmentRepository(trx);
      for (const [field, personId] of [['person', input.personId], ['deputy', input.deputyPersonId]] as const) {
        if (personId && !(await repo.personSummary(personId))) throw validationFailed([{ field, message: 'That person is not in the people register' }]);
      }
      const appointmentId = await repo.insertAppointment({
        roleCode: input.roleCode,
        personId: input.personId ?? null,
        holderName: input.personId ? null : (input.holderName?.trim() ?? null),
        unitId: input.unitId ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        deputyPersonId: input.deputyPersonId ?? null,
      });
      return { result: appointmentId, event: { actor: auditActorOf(actor), action: 'appointment.made', recordType: 'appointment', recordId: appointmentId, changes: { after: input }, ...(requestId ? { requestId } : {}) } };
    });
    return id;
  }

  async getAppointment(actor: Actor, appointmentId: string) {
    authorize(actor, 'organisation.read');
    const existing = await this.repository.findAppointment(requireId(appointmentId, 'The appointment'));
    if (!existing) throw notFound('The appointment');
    return existing;
  }

  /** Changes an appointment's dates or deputy; who holds which role is a new appointment, not an edit. */
  async updateAppointment(actor: Actor, appointmentId: string, input: { startsOn: string; endsOn: string | null; deputyPersonId: string | null }, requestId?: string): Promise<void> {
    const existing = await this.getAppointment(actor, appointmentId);
    authorize(actor, 'appointments.manage', { unitId: existing.unit_id ?? undefined });
    const problems: FieldProblem[] = [];
    if (!validDate(input.startsOn)) problems.push({ field: 'startsOn', message: 'Enter the start date as a real date, such as 2026-04-01' });
    if (input.endsOn && !validDate(input.endsOn)) problems.push({ field: 'endsOn', message: 'Enter the end date as a real date, such as 2027-03-31, or leave it empty' });
    if (input.endsOn && validDate(input.startsOn) && input.endsOn < input.startsOn) problems.push({ field: 'endsOn', message: 'The end date must be on or after the start date' });
    if (input.deputyPersonId && input.deputyPersonId === existing.person_id) problems.push({ field: 'deputy', message: 'The deputy must be someone other than the person appointed' });
    if (problems.length > 0) throw validationFailed(problems);
    await this.audit.write(this.db, async (trx) => {
      await new AppointmentRepository(trx).updateAppointment(existing.id, input, this.clock.now());
      return {
        result: undefined,
        event: {
          actor: auditActorOf(actor),
          action: 'appointment.changed',
          recordType: 'appointment',
          recordId: existing.id,
          changes: { before: { startsOn: existing.starts_on, endsOn: existing.ends_on, deputyPersonId: existing.deputy_person_id }, after: input },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  async endAppointment(actor: Actor, appointmentId: string, endsOn: string, requestId?: string): Promise<void> {
    const existing = await this.repository.findAppointment(requireId(appointmentId, 'The appointment'));
    if (!existing) throw notFound('The appointment');
    authorize(actor, 'appointments.manage', { unitId: existing.unit_id ?? undefined });
    if (!validDate(endsOn)) throw validationFailed([{ field: 'endsOn', message: 'Enter the last day of the appointment as a real date, such as 2026-12-31' }]);
    if (endsOn < existing.starts_on) throw validationFailed([{ field: 'endsOn', message: `The appointment started on ${existing.starts_on}: it cannot end before then` }]);
    await this.audit.write(this.db, async (trx) => {
      await new AppointmentRepository(trx).endAppointment(existing.id, endsOn, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'appointment.ended', recordType: 'appointment', recordId: existing.id, changes: { before: { endsOn: existing.ends_on }, after: { endsOn } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async updateRole(actor: Actor, code: string, input: { name: string; aliases: string; description: string }, requestId?: string): Promise<void> {
    authorize(actor, 'appointments.manage');
    const existing = await this.repository.findRole(code);
    if (!existing) throw notFound('The role');
    const name = input.name.trim();
    if (name === '' || name.length > 120) throw validationFailed([{ field: 'name', message: 'Enter the role’s name, up to 120 characters' }]);
    const aliases = input.aliases.split(/[\n,]/).map((a) => a.trim()).filter((a) => a !== '');
    await this.audit.write(this.db, async (trx) => {
      await new AppointmentRepository(trx).updateRole(code, { name, aliases, description: input.description.trim() });
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'role-catalogue.changed', recordType: 'accountable-role', recordId: code, changes: { before: { name: existing.name, aliases: existing.aliases }, after: { name, aliases } }, ...(requestId ? { requestId } : {}) } };
    });
  }
}
