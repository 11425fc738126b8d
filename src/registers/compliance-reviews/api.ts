// The compliance-reviews JSON API: the reviews you may see, one review with its checklist, findings
// and their actions; planning, starting, recording a result, raising a finding and its remediation
// actions, and completing. The service decides who may do what.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { validationFailed } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { REVIEW_STATUSES } from './entity.ts';

const TAGS = ['Compliance reviews'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemParams = Type.Object({ id: Type.String({ format: 'uuid' }), itemId: Type.String({ format: 'uuid' }) });
const FindingParams = Type.Object({ id: Type.String({ format: 'uuid' }), findingId: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  { status: Type.Optional(Type.Union(REVIEW_STATUSES.map((s) => Type.Literal(s)))), unit: Type.Optional(Type.String({ maxLength: 40, description: 'A unit’s code: its reviews and those of the units below it' })) },
  { additionalProperties: false },
);
const ReviewBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    unit: Type.Optional(Type.String({ maxLength: 40, description: 'The code of the unit reviewed, when no single service is' })),
    service: Type.Optional(Type.String({ maxLength: 40, description: 'A technology service’s reference; the review belongs to its unit' })),
    source: Type.String({ maxLength: 80, description: 'A policy document’s key prefix (its statements) or a framework’s code (its requirements)' }),
    requirements: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 300, description: 'The requirement keys to review; none: every active requirement of the source' })),
    lead: Type.String({ maxLength: 254, description: 'The lead reviewer’s email or staff number' }),
    plannedOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);
const ResultBody = Type.Object({ result: Type.String({ maxLength: 20, description: 'met, partly-met, not-met or not-applicable' }), note: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false });
const FindingBody = Type.Object(
  { severity: Type.String({ maxLength: 20, description: 'major, minor or observation' }), description: Type.String({ maxLength: 4000 }), item: Type.Optional(Type.String({ maxLength: 80, description: 'The checklist item’s requirement key' })) },
  { additionalProperties: false },
);
const ActionBody = Type.Object({ title: Type.String({ maxLength: 200 }), owner: Type.String({ maxLength: 254, description: 'Email or staff number' }), dueOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }) }, { additionalProperties: false });
const CompleteBody = Type.Object({ conclusion: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false });
const Created = Type.Object({ id: Type.String() });

export function complianceReviewsApi(services: Services): FastifyPluginAsyncTypebox {
  const reviews = services.complianceReviews;
  return async (app) => {
    app.get('/compliance-reviews', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'The compliance-reviews you may see', querystring: ListQuery } }, async (request) => {
      const { status, unit } = request.query;
      let unitId: string | undefined;
      if (unit) {
        unitId = (await services.organisationUnits.listUnits(request.actor)).find((u) => u.code === unit.toUpperCase())?.id;
        if (!unitId) throw validationFailed([{ field: 'unit', message: `No unit has the code ${unit}` }]);
      }
      return { items: await reviews.list(request.actor, { ...(status ? { status } : {}), ...(unitId ? { unitId } : {}) }) };
    });

    app.get('/compliance-reviews/:id', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'One compliance-review with its checklist, findings and their actions', params: IdParams } }, async (request) =>
      reviews.get(request.actor, request.params.id),
    );

    app.post('/compliance-reviews', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Plan a compliance-review', body: ReviewBody, response: { 201: Created } } }, async (request, reply) => {
      const body = request.body;
      const input = { ...body, unit: body.unit ?? '', service: body.service ?? '', requirements: (body.requirements ?? []).join(' ') };
      return reply.code(201).send({ id: await reviews.create(request.actor, input, request.id) });
    });

    app.post('/compliance-reviews/:id/start', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Start the review: its checklist is drawn from the requirements as they stand', params: IdParams } }, async (request, reply) => {
      await reviews.start(request.actor, request.params.id, request.id);
      return reply.code(204).send();
    });

    app.put('/compliance-reviews/:id/items/:itemId', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Record the result of one checklist item', params: ItemParams, body: ResultBody } }, async (request, reply) => {
      await reviews.recordResult(request.actor, request.params.id, request.params.itemId, { result: request.body.result, note: request.body.note ?? '' }, request.id);
      return reply.code(204).send();
    });

    app.post('/compliance-reviews/:id/findings', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Raise a finding on the review', params: IdParams, body: FindingBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await reviews.addFinding(request.actor, request.params.id, { ...request.body, item: request.body.item ?? '' }, request.id) }),
    );

    app.post('/compliance-reviews/:id/findings/:findingId/actions', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Add a remediation action for a finding, on the actions register', params: FindingParams, body: ActionBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await reviews.addAction(request.actor, request.params.id, request.params.findingId, request.body, request.id) }),
    );

    app.post('/compliance-reviews/:id/complete', { config: { access: 'compliance-reviews.manage' }, schema: { tags: TAGS, summary: 'Complete the review once every checklist item has a result; it is frozen from then on', params: IdParams, body: CompleteBody } }, async (request, reply) => {
      await reviews.complete(request.actor, request.params.id, { conclusion: request.body.conclusion ?? '' }, request.id);
      return reply.code(204).send();
    });
  };
}
