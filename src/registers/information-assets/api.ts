// The information assets register's JSON API: list (the page's filters), one asset, add and change.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import type { Services } from '../../services.ts';
import type { AssetInput, InformationAsset } from './entity.ts';
import { AssetBody, AssetDetailsSchema, AssetListQuery, AssetListSchema, AssetParams, AssetSchema, TAGS } from './schema.ts';

const toJson = (a: InformationAsset) => ({ ...a, descriptors: [...a.descriptors], updatedAt: a.updatedAt.toISOString() });

const toInput = (body: Static<typeof AssetBody>): AssetInput => ({
  reference: body.reference ?? null,
  name: body.name,
  description: body.description ?? '',
  unitId: body.unitId,
  owner: body.owner,
  classificationTier: body.classificationTier,
  sensitive: body.sensitive ?? false,
  handlingInstruction: body.handlingInstruction ?? null,
  embargoEndsOn: body.embargoEndsOn ?? null,
  descriptors: body.descriptors ?? [],
  confidentialityImpact: body.confidentialityImpact ?? 'medium',
  integrityImpact: body.integrityImpact ?? 'medium',
  availabilityImpact: body.availabilityImpact ?? 'medium',
  personalData: body.personalData ?? false,
  retention: body.retention ?? '',
});

export const informationAssetsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const assets = services.informationAssets;

    app.get('/information-assets', { config: { access: 'assets.read' }, schema: { tags: TAGS, summary: 'Information assets, filtered, sorted and a page at a time', querystring: AssetListQuery, response: { 200: AssetListSchema } } }, async (request) => {
      const q = request.query;
      const units = q.unit ? await services.organisationUnits.listUnits(request.actor) : [];
      const result = await assets.list(
        request.actor,
        {
          ...(q.search ? { search: q.search } : {}),
          ...(q.unit ? { unitId: units.find((u) => u.code === q.unit!.toUpperCase())?.id ?? 'none' } : {}),
          ...(q.tier ? { tier: q.tier } : {}),
          ...(q.sensitive !== undefined ? { sensitive: q.sensitive } : {}),
          ...(q.personalData !== undefined ? { personalData: q.personalData } : {}),
          ...(q.owner ? { ownerId: q.owner } : {}),
        },
        q.sort ?? 'name',
        q.page ?? 1,
        q.pageSize ?? 50,
      );
      return { items: result.assets.map(toJson), total: result.total, page: result.page, pages: result.pages, pageSize: result.pageSize };
    });

    app.get('/information-assets/:id', { config: { access: 'assets.read' }, schema: { tags: TAGS, summary: 'One information asset, with its label, IAO and the services that store or process it', params: AssetParams, response: { 200: AssetDetailsSchema } } }, async (request) => {
      const asset = await assets.get(request.actor, request.params.id);
      return { ...toJson(asset), services: [...asset.services] };
    });

    app.post('/information-assets', { config: { access: 'assets.manage' }, schema: { tags: TAGS, summary: 'Add an information asset and appoint its IAO', body: AssetBody, response: { 201: AssetSchema } } }, async (request, reply) => {
      const id = await assets.create(request.actor, toInput(request.body), request.id);
      return reply.code(201).send(toJson(await assets.get(request.actor, id)));
    });

    app.put('/information-assets/:id', { config: { access: 'assets.edit-own' }, schema: { tags: TAGS, summary: 'Change an information asset (its IAO may change its details; the security team anything)', params: AssetParams, body: AssetBody, response: { 200: AssetSchema } } }, async (request) => {
      await assets.update(request.actor, request.params.id, toInput(request.body), request.id);
      return toJson(await assets.get(request.actor, request.params.id));
    });
  };
