import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import { UnitCodeParams } from './schema.ts';

export const organisationUnitsPages =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/organisation', { config: { access: 'organisation.read' } }, async (request, reply) => {
      const tree = await services.organisationUnits.organisationTree(request.actor);
      return reply.render('registers/organisation-units/views/list.njk', { pageTitle: 'Organisation', tree });
    });

    app.get('/organisation/:code', { config: { access: 'organisation.read' }, schema: { params: UnitCodeParams } }, async (request, reply) => {
      const unit = await services.organisationUnits.getUnitByCode(request.actor, request.params.code);
      const all = await services.organisationUnits.listUnits(request.actor);
      const parent = all.find((u) => u.id === unit.parentId);
      const children = all.filter((u) => u.parentId === unit.id);
      return reply.render('registers/organisation-units/views/show.njk', {
        pageTitle: unit.name,
        unit,
        parent,
        children,
        breadcrumbs: [
          { text: 'Home', href: '/' },
          { text: 'Organisation', href: '/organisation' },
        ],
      });
    });
  };
