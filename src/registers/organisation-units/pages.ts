import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import type { OrganisationUnit } from './entity.ts';
import { UnitCodeParams } from './schema.ts';

type Form = Record<string, string | undefined>;

export function organisationUnitsPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/organisation', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const tree = await services.organisationUnits.organisationTree(request.actor);
      return reply.render('registers/organisation-units/views/list.njk', { pageTitle: 'Organisation', tree, canManage: canAnywhere(request.actor, 'organisation.manage') });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, unit: OrganisationUnit | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const [units, types] = await Promise.all([services.organisationUnits.listUnits(request.actor), services.organisationUnits.unitTypes(request.actor)]);
      return reply.render('registers/organisation-units/views/form.njk', {
        pageTitle: unit ? `Change ${unit.name}` : 'Add a unit',
        unit,
        values,
        types: types.map((t) => ({ value: t.code, text: t.name, selected: t.code === values.unitType })),
        parents: [{ value: '', text: 'Choose the unit it is part of' }, ...units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === values.parentId }))],
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
      });
    };
    const input = (form: Form) => ({
      code: form.code ?? '',
      name: form.name ?? '',
      unitType: form.unitType ?? '',
      parentId: form.parentId?.trim() || null,
      hasOwnAccountingOfficer: form.hasOwnAccountingOfficer === 'yes',
    });

    app.get('/organisation/new', { config: { access: 'organisation.manage' } }, async (request, reply) => renderForm(request, reply, undefined, { unitType: 'business_area' }));

    app.post('/organisation', { config: { access: 'organisation.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => {
          const unit = await services.organisationUnits.createUnit(request.actor, input(form), request.id);
          return reply.redirect(`/organisation/${unit.code}`, 303);
        },
      );
    });

    app.get('/organisation/:code', { config: { access: 'organisation.read' }, schema: { params: UnitCodeParams } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const unit = await services.organisationUnits.getUnitByCode(request.actor, code);
      const [all, chain, types] = await Promise.all([services.organisationUnits.listUnits(request.actor), services.appointments.chainFor(request.actor, unit.id), services.organisationUnits.unitTypes(request.actor)]);
      return reply.render('registers/organisation-units/views/show.njk', {
        pageTitle: unit.name,
        unit,
        unitTypeName: types.find((t) => t.code === unit.unitType)?.name ?? unit.unitType,
        parent: all.find((u) => u.id === unit.parentId),
        children: all.filter((u) => u.parentId === unit.id),
        chain,
        canManage: canAnywhere(request.actor, 'organisation.manage'),
        breadcrumbs: [
          { text: 'Home', href: '/' },
          { text: 'Organisation', href: '/organisation' },
        ],
      });
    });

    app.get('/organisation/:code/edit', { config: { access: 'organisation.manage' }, schema: { params: UnitCodeParams } }, async (request, reply) => {
      const unit = await services.organisationUnits.getUnitByCode(request.actor, (request.params as { code: string }).code);
      return renderForm(request, reply, unit, { code: unit.code, name: unit.name, unitType: unit.unitType, parentId: unit.parentId ?? '', hasOwnAccountingOfficer: unit.hasOwnAccountingOfficer ? 'yes' : 'no' });
    });

    app.post('/organisation/:code', { config: { access: 'organisation.manage' }, schema: { params: UnitCodeParams } }, async (request, reply) => {
      const unit = await services.organisationUnits.getUnitByCode(request.actor, (request.params as { code: string }).code);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, unit, form, problems),
        async () => {
          const updated = await services.organisationUnits.updateUnit(request.actor, unit.id, input(form), request.id);
          return reply.redirect(`/organisation/${updated.code}`, 303);
        },
      );
    });
  };
}
