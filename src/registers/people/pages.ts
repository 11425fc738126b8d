import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { PERSON_TYPES } from './entity.ts';
import type { PersonView } from './repository.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('active'), Type.Literal('left')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
const TYPE_NAMES: Record<string, string> = { staff: 'Staff', contractor: 'Contractor', third_party: 'Third-party user' };

export function peoplePages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/people', { config: { access: 'people.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as { search?: string; unit?: string; status?: '' | 'active' | 'left'; page?: number };
      const units = await services.organisationUnits.listUnits(request.actor);
      const unit = q.unit ? units.find((u) => u.code === q.unit!.toUpperCase()) : undefined;
      const result = await services.people.list(request.actor, { ...(q.search?.trim() ? { search: q.search.trim() } : {}), ...(unit ? { unitId: unit.id } : {}), ...(q.status ? { status: q.status } : {}) }, q.page ?? 1);
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== '') as [string, string][]);
      return reply.render('registers/people/views/list.njk', {
        pageTitle: 'People',
        query: q,
        ...result,
        typeNames: TYPE_NAMES,
        units: [{ value: '', text: 'All units' }, ...units.map((u) => ({ value: u.code, text: u.name, selected: u.code === unit?.code }))],
        pagination: pageLinks(result.page, result.pages, (n) => `/people?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`),
        canManage: canAnywhere(request.actor, 'people.manage'),
      });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, person: PersonView | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const units = await services.organisationUnits.listUnits(request.actor);
      return reply.render('registers/people/views/form.njk', {
        pageTitle: person ? `Change ${person.displayName}` : 'Add a person',
        person,
        values,
        units: [{ value: '', text: 'Choose a unit' }, ...units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === values.unitId }))],
        types: PERSON_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t], checked: (values.personType ?? 'staff') === t })),
        ...(problems.length ? { errorSummary: errorSummary(problems.map(asFormField)), errors: fieldErrors(problems.map(asFormField)) } : {}),
      });
    };
    // The service names the manager by id; the form asks for an email or staff number.
    const asFormField = (p: FieldProblem): FieldProblem => (p.field === 'lineManagerId' ? { ...p, field: 'lineManager' } : p);

    async function input(request: FastifyRequest, form: Form) {
      const manager = form.lineManager?.trim() ? await services.people.findByReference(request.actor, form.lineManager) : undefined;
      if (form.lineManager?.trim() && !manager) {
        throw validationFailed([{ field: 'lineManager', message: `No one in the people register has the email or staff number ${form.lineManager.trim()}` }]);
      }
      return {
        staffNumber: form.staffNumber ?? null,
        displayName: form.displayName ?? '',
        email: form.email ?? '',
        unitId: form.unitId?.trim() || null,
        personType: form.personType ?? 'staff',
        jobTitle: form.jobTitle ?? null,
        lineManagerId: manager?.id ?? null,
        startedOn: form.startedOn?.trim() || null,
      };
    }

    app.get('/people/import', { config: { access: 'people.manage' } }, async (_request, reply) =>
      reply.render('registers/people/views/import.njk', { pageTitle: 'Import people from a CSV file', dryRun: true }),
    );

    app.post('/people/import', { config: { access: 'people.manage' } }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: { filename?: string; toBuffer?: () => Promise<Buffer> }; dryRun?: { value?: string } };
      const dryRun = body.dryRun?.value === 'yes';
      const file = body.file?.toBuffer ? await body.file.toBuffer() : undefined;
      if (!file || file.length === 0) {
        const problems = [{ field: 'file', message: 'Choose a CSV file to upload' }];
        return reply.code(400).render('registers/people/views/import.njk', { pageTitle: 'Import people from a CSV file', dryRun, errorSummary: errorSummary(problems), errors: fieldErrors(problems) });
      }
      const fileName = body.file?.filename || 'upload.csv';
      const report = await services.peopleImport.run(request.actor, { fileName, bytes: file, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render('registers/people/views/import-report.njk', {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'People imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });

    app.get('/people/new', { config: { access: 'people.manage' } }, async (request, reply) => renderForm(request, reply, undefined, {}));

    app.post('/people', { config: { access: 'people.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/people/${await services.people.create(request.actor, await input(request, form), request.id)}`, 303),
      );
    });

    app.get('/people/:id', { config: { access: 'people.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const person = await services.people.get(request.actor, (request.params as { id: string }).id);
      const appointments = await services.appointments.appointmentsOf(request.actor, person.id);
      return reply.render('registers/people/views/show.njk', { pageTitle: person.displayName, person, appointments, typeNames: TYPE_NAMES, canManage: canAnywhere(request.actor, 'people.manage'), breadcrumbs: [{ text: 'People', href: '/people' }] });
    });

    app.get('/people/:id/edit', { config: { access: 'people.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const person = await services.people.get(request.actor, (request.params as { id: string }).id);
      const manager = person.lineManagerId ? await services.people.get(request.actor, person.lineManagerId) : undefined;
      return renderForm(request, reply, person, {
        staffNumber: person.staffNumber ?? '',
        displayName: person.displayName,
        email: person.email,
        unitId: person.unitId ?? '',
        personType: person.personType,
        jobTitle: person.jobTitle ?? '',
        lineManager: manager?.email ?? '',
        startedOn: person.startedOn ?? '',
      });
    });

    app.post('/people/:id', { config: { access: 'people.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const person = await services.people.get(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, person, form, problems),
        async () => {
          await services.people.update(request.actor, person.id, await input(request, form), request.id);
          return reply.redirect(`/people/${person.id}`, 303);
        },
      );
    });
  };
}
