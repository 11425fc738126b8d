import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import { UnitCodeParams } from './schema.ts';

export const organisationUnitsPages =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/organisation', async (_request, reply) => {
      const tree = await services.organisationUnits.organisationTree();
      return reply.render('registers/organisation-units/views/list.njk', { pageTitle: 'Organisation', tree });
    });

    app.get('/organisation/:code', { schema: { params: UnitCodeParams } }, async (request, reply) => {
      const unit = await services.organisationUnits.getUnitByCode(request.params.code);
      const all = await services.organisationUnits.listUnits();
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
