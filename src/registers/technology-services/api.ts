// The technology services JSON API: list, read, add and change.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import type { TechnologyService, TechnologyServiceSummary } from './entity.ts';
import { ServiceCreate, ServiceDetails, ServiceList, ServiceListQuery, ServiceParams, ServiceUpdate, TAGS } from './schema.ts';

const summary = (s: TechnologyServiceSummary) => ({
  id: s.id,
  reference: s.reference,
  name: s.name,
  unitId: s.unitId,
  unitCode: s.unitCode,
  unitName: s.unitName,
  hosting: s.hosting,
  criticality: s.criticality,
  updatedAt: s.updatedAt.toISOString(),
  classification: s.classification,
  tso: s.tso,
});
const details = (s: TechnologyService) => ({
  ...summary(s),
  purpose: s.purpose,
  suppliers: [...s.suppliers],
  createdAt: s.createdAt.toISOString(),
  sro: s.sro,
  personalData: s.personalData,
  assets: [...s.assets],
  standards: [...s.standards],
});

export const technologyServicesApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/technology-services', { config: { access: 'services.read' }, schema: { tags: TAGS, summary: 'Technology services, filtered, sorted and 50 to a page, with their derived classification', querystring: ServiceListQuery, response: { 200: ServiceList } } }, async (request) => {
      const { page, order, ...query } = request.query;
      const result = await services.technologyServices.list(request.actor, { ...query, descending: order === 'desc' }, page ?? 1);
      return { items: result.services.map(summary), total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/technology-services/:id', { config: { access: 'services.read' }, schema: { tags: TAGS, summary: 'A technology service: owners, assets with their labels, standards and derived classification', params: ServiceParams, response: { 200: ServiceDetails } } }, async (request) =>
      details(await services.technologyServices.get(request.actor, request.params.id)),
    );

    app.post('/technology-services', { config: { access: 'services.manage' }, schema: { tags: TAGS, summary: 'Add a technology service with its owners, assets and standards', body: ServiceCreate, response: { 201: ServiceDetails } } }, async (request, reply) => {
      const id = await services.technologyServices.create(request.actor, request.body, request.id);
      return reply.code(201).send(details(await services.technologyServices.get(request.actor, id)));
    });

    app.put('/technology-services/:id', { config: { access: 'services.edit-own' }, schema: { tags: TAGS, summary: 'Change a technology service (its owners may change all but its unit and owners)', params: ServiceParams, body: ServiceUpdate, response: { 200: ServiceDetails } } }, async (request) => {
      await services.technologyServices.update(request.actor, request.params.id, request.body, request.id);
      return details(await services.technologyServices.get(request.actor, request.params.id));
    });
  };
