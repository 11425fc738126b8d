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
        config: { access: 'organisation.read' },
        schema: {
          tags: ['Organisation'],
          summary: 'List every organisational unit',
          response: { 200: Type.Object({ items: Type.Array(OrganisationUnitSchema) }) },
        },
      },
      async (request) => ({ items: await services.organisationUnits.listUnits(request.actor) }),
    );

    app.get(
      '/organisation-units/:id',
      {
        config: { access: 'organisation.read' },
        schema: {
          tags: ['Organisation'],
          summary: 'One organisational unit',
          params: UnitIdParams,
          response: { 200: OrganisationUnitSchema },
        },
      },
      async (request) => services.organisationUnits.getUnit(request.actor, request.params.id),
    );
  };
