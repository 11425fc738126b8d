// The CAF self-assessments JSON API: the assessments you may see, one with every outcome, its target,
// gap and evidence; starting one; recording an outcome; refreshing the pre-fill; submitting; completing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';

const TAGS = ['CAF self-assessments'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const OutcomeParams = Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String({ maxLength: 40, description: 'The contributing outcome’s key, such as A1.a' }) });
const StartBody = Type.Object(
  {
    service: Type.String({ maxLength: 40, description: 'The reference of a critical technology service' }),
    profile: Type.String({ maxLength: 20, description: 'baseline or enhanced' }),
    dueOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    assessors: Type.Array(Type.String({ maxLength: 254, description: 'Email or staff number' }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
const OutcomeBody = Type.Object(
  {
    status: Type.String({ maxLength: 40, description: 'achieved, partially-achieved, not-achieved or not-assessed' }),
    justification: Type.Optional(Type.String({ maxLength: 8000, description: 'Why: needed for every status but not-assessed' })),
    indicators: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Boolean(), { description: 'Indicator key (NCSC’s index, such as A1.a.A.1) → true or false; those left out are false' })),
  },
  { additionalProperties: false },
);
const AssessorsBody = Type.Object({ assessors: Type.Array(Type.String({ maxLength: 254, description: 'Email or staff number' }), { maxItems: 20 }) }, { additionalProperties: false });
const Created = Type.Object({ id: Type.String() });

export function cafAssessmentsApi(services: Services): FastifyPluginAsyncTypebox {
  const caf = services.cafAssessments;
  return async (app) => {
    app.get('/caf-assessments', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'The CAF self-assessments you may see' } }, async (request) => ({ items: await caf.list(request.actor) }));

    app.get('/caf-assessments/:id', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'One CAF self-assessment: every contributing outcome with its target, status, gap, indicators and evidence, and the gap by objective', params: IdParams } }, async (request) =>
      caf.get(request.actor, request.params.id),
    );

    app.post('/caf-assessments', { config: { access: 'caf-assessments.manage' }, schema: { tags: TAGS, summary: 'Start a CAF self-assessment of a critical service, pre-filled from the registers', body: StartBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await caf.start(request.actor, request.body, request.id) }),
    );

    app.put('/caf-assessments/:id/outcomes/:key', { config: { access: 'caf-assessments.assess' }, schema: { tags: TAGS, summary: 'Record a contributing outcome (assigned assessors, while in progress)', params: OutcomeParams, body: OutcomeBody } }, async (request, reply) => {
      const { status, justification, indicators } = request.body;
      await caf.recordOutcome(request.actor, request.params.id, request.params.key, { status, justification: justification ?? '', indicators: indicators ?? {} }, request.id);
      return reply.code(204).send();
    });

    app.put('/caf-assessments/:id/assessors', { config: { access: 'caf-assessments.manage' }, schema: { tags: TAGS, summary: 'Change who assesses an assessment in progress (the list replaces the one held)', params: IdParams, body: AssessorsBody } }, async (request, reply) => {
      await caf.assignAssessors(request.actor, request.params.id, request.body.assessors, request.id);
      return reply.code(204).send();
    });

    app.post('/caf-assessments/:id/prefill', { config: { access: 'caf-assessments.assess' }, schema: { tags: TAGS, summary: 'Pre-fill again from the registers; assessors’ answers stand', params: IdParams } }, async (request) =>
      caf.refreshPrefill(request.actor, request.params.id, request.id),
    );

    app.post('/caf-assessments/:id/submit', { config: { access: 'caf-assessments.assess' }, schema: { tags: TAGS, summary: 'Submit the assessment (every outcome assessed); its answers are frozen', params: IdParams } }, async (request, reply) => {
      await caf.submit(request.actor, request.params.id, request.id);
      return reply.code(204).send();
    });

    app.post('/caf-assessments/:id/complete', { config: { access: 'caf-assessments.manage' }, schema: { tags: TAGS, summary: 'Complete a submitted assessment (the security team)', params: IdParams } }, async (request, reply) => {
      await caf.complete(request.actor, request.params.id, request.id);
      return reply.code(204).send();
    });
  };
}
