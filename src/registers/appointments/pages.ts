import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { inForce } from './entity.ts';
import { annexACsv } from './annex-a-csv.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

export function appointmentsPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/annex-a', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const rows = await services.appointments.annexA(request.actor);
      return reply.render('registers/appointments/views/annex-a.njk', { pageTitle: 'Annex A: board members responsible for information security', rows, missing: rows.filter((r) => r.gaps.length > 0).length });
    });

    app.get('/annex-a.csv', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const rows = await services.appointments.exportAnnexA(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="annex-a.csv"').type('text/csv; charset=utf-8').send(annexACsv(rows, services.context.config.protectiveMarking));
    });

    app.get('/help', { config: { access: 'signed-in' } }, async (request, reply) => {
      const contacts = await services.appointments.helpFor(request.actor);
      return reply.render('registers/appointments/views/help.njk', { pageTitle: 'Get help with information security', contacts });
    });

    app.get('/appointments', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const [picture, gaps] = await Promise.all([services.appointments.picture(request.actor), services.appointments.gaps(request.actor)]);
      const unitName = new Map(picture.units.map((u) => [u.id, u]));
      const roleName = new Map(picture.roles.map((r) => [r.code, r.name]));
      const rows = picture.appointments
        .map((a) => ({ ...a, unit: a.unitId ? unitName.get(a.unitId) : undefined, roleName: roleName.get(a.roleCode) ?? a.roleCode, current: inForce(a, picture.today) }))
        .sort((a, b) => (a.unit?.name ?? '').localeCompare(b.unit?.name ?? '') || a.roleName.localeCompare(b.roleName));
      return reply.render('registers/appointments/views/list.njk', { pageTitle: 'Appointments', rows, gaps, canManage: canAnywhere(request.actor, 'appointments.manage') });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) => {
      const [roles, units] = await Promise.all([services.appointments.listRoles(request.actor), services.organisationUnits.listUnits(request.actor)]);
      return reply.render('registers/appointments/views/form.njk', {
        pageTitle: 'Appoint someone to a role',
        values,
        roles: [{ value: '', text: 'Choose a role' }, ...roles.filter((r) => r.scope !== 'record').map((r) => ({ value: r.code, text: r.name, selected: r.code === values.roleCode }))],
        units: [{ value: '', text: 'None (a role outside the department)' }, ...units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === values.unitId }))],
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
      });
    };

    app.get('/appointments/new', { config: { access: 'appointments.manage' } }, async (request, reply) => renderForm(request, reply, {}));

    app.post('/appointments', { config: { access: 'appointments.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, form, problems),
        async () => {
          // People are named by email or staff number: a list of every person would not fit on a page.
          const person = blank(form.person) ? await services.people.findByReference(request.actor, form.person!) : undefined;
          const deputy = blank(form.deputy) ? await services.people.findByReference(request.actor, form.deputy!) : undefined;
          const problems: FieldProblem[] = [];
          if (blank(form.person) && !person) problems.push({ field: 'person', message: `No one in the people register has the email or staff number ${form.person!.trim()}` });
          if (blank(form.deputy) && !deputy) problems.push({ field: 'deputy', message: `No one in the people register has the email or staff number ${form.deputy!.trim()}` });
          if (problems.length > 0) throw validationFailed(problems);
          await services.appointments.appoint(
            request.actor,
            { roleCode: form.roleCode ?? '', personId: person?.id ?? null, holderName: person ? null : blank(form.holderName), unitId: blank(form.unitId), startsOn: form.startsOn?.trim() ?? '', endsOn: blank(form.endsOn), deputyPersonId: deputy?.id ?? null },
            request.id,
          );
          return reply.redirect('/appointments', 303);
        },
      );
    });

    const renderEdit = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form, problems: readonly FieldProblem[] = []) => {
      const appointment = await services.appointments.getAppointment(request.actor, id);
      const [roles, holder] = await Promise.all([services.appointments.listRoles(request.actor), appointment.person_id ? services.people.get(request.actor, appointment.person_id).catch(() => undefined) : undefined]);
      return reply.render('registers/appointments/views/edit.njk', {
        pageTitle: 'Change an appointment',
        appointment,
        roleName: roles.find((r) => r.code === appointment.role_code)?.name ?? appointment.role_code,
        holderName: holder?.displayName ?? appointment.holder_name ?? '',
        values,
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
      });
    };

    app.get('/appointments/:id/edit', { config: { access: 'appointments.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const appointment = await services.appointments.getAppointment(request.actor, id);
      const deputy = appointment.deputy_person_id ? await services.people.get(request.actor, appointment.deputy_person_id).catch(() => undefined) : undefined;
      return renderEdit(request, reply, id, { startsOn: appointment.starts_on, endsOn: appointment.ends_on ?? '', deputy: deputy?.email ?? '' });
    });

    app.post('/appointments/:id', { config: { access: 'appointments.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderEdit(request, reply, id, form, problems),
        async () => {
          const deputy = blank(form.deputy) ? await services.people.findByReference(request.actor, form.deputy!) : undefined;
          if (blank(form.deputy) && !deputy) throw validationFailed([{ field: 'deputy', message: `No one in the people register has the email or staff number ${form.deputy!.trim()}` }]);
          await services.appointments.updateAppointment(request.actor, id, { startsOn: form.startsOn?.trim() ?? '', endsOn: blank(form.endsOn), deputyPersonId: deputy?.id ?? null }, request.id);
          return reply.redirect('/appointments', 303);
        },
      );
    });

    app.post('/appointments/:id/end', { config: { access: 'appointments.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      await services.appointments.endAppointment(request.actor, requireId(id, 'The appointment'), ((request.body ?? {}) as Form).endsOn?.trim() ?? '', request.id);
      return reply.redirect('/appointments', 303);
    });

    app.get('/roles', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const roles = await services.appointments.listRoles(request.actor);
      return reply.render('registers/appointments/views/roles.njk', { pageTitle: 'Accountable roles', roles, canManage: canAnywhere(request.actor, 'appointments.manage') });
    });

    app.post('/roles/:code', { config: { access: 'appointments.manage' }, schema: { params: Type.Object({ code: Type.String({ maxLength: 60 }) }) } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        async (problems) => {
          const roles = await services.appointments.listRoles(request.actor);
          return reply.render('registers/appointments/views/roles.njk', { pageTitle: 'Accountable roles', roles, canManage: true, errorSummary: errorSummary(problems), errors: fieldErrors(problems) });
        },
        async () => {
          await services.appointments.updateRole(request.actor, code, { name: form.name ?? '', aliases: form.aliases ?? '', description: form.description ?? '' }, request.id);
          return reply.redirect('/roles', 303);
        },
      );
    });
  };
}
