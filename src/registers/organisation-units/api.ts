import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { OrganisationUnitSchema, UnitIdParams } from './schema.ts';

export const organisationUnitsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/organisation-units',
      {
        schema: {
          tags: ['Organisation'],
          summary: 'List every organisational unit',
          response: { 200: Type.Object({ items: Type.Array(OrganisationUnitSchema) }) },
        },
      },
      async () => ({ items: await services.organisationUnits.listUnits() }),
    );

    app.get(
      '/organisation-units/:id',
      {
        schema: {
          tags: ['Organisation'],
          summary: 'One organisational unit',
          params: UnitIdParams,
          response: { 200: OrganisationUnitSchema },
        },
      },
      async (request) => services.organisationUnits.getUnit(request.params.id),
    );
  };
