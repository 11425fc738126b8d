// The continuity JSON API: the plans you may see with the same filters as the page, one plan with its
// continuity-exercises and their actions, adding and changing a plan, and recording an exercise.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { validationFailed } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { isOneOf, PLAN_KINDS, type ExerciseInput, type PlanInput } from './entity.ts';

const TAGS = ['Continuity'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  { unit: Type.Optional(Type.String({ maxLength: 40, description: 'A unit’s code' })), kind: Type.Optional(Type.Union(PLAN_KINDS.map((k) => Type.Literal(k)))), overdue: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const Text = (description: string) => Type.String({ maxLength: 4000, description });
const PlanBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    kind: Type.String({ maxLength: 40, description: 'backup, disaster-recovery or business-continuity' }),
    service: Type.Optional(Type.String({ maxLength: 40, description: 'A technology service’s reference; the plan belongs to its unit' })),
    unit: Type.Optional(Type.String({ maxLength: 40, description: 'A unit’s code, when the plan covers no single service' })),
    owner: Type.String({ maxLength: 254, description: 'Email or staff number' }),
    rtoHours: Type.Number({ minimum: 0 }),
    rpoHours: Type.Number({ minimum: 0 }),
    backupArrangements: Type.Optional(Text('How the service is backed up')),
    documentUrl: Type.Optional(Type.String({ maxLength: 2000 })),
    testingIntervalMonths: Type.Integer({ minimum: 1, maximum: 60 }),
    status: Type.String({ maxLength: 20, description: 'draft, approved or retired' }),
  },
  { additionalProperties: false },
);
const ExerciseBody = Type.Object(
  {
    kind: Type.String({ maxLength: 40, description: 'restore-test, failover, tabletop or full-exercise' }),
    exercisedOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    scenario: Type.String({ maxLength: 2000 }),
    participants: Type.Optional(Text('Who took part')),
    result: Type.String({ maxLength: 40, description: 'passed, passed-with-issues or failed' }),
    achievedRtoHours: Type.Optional(Type.Number({ minimum: 0 })),
    achievedRpoHours: Type.Optional(Type.Number({ minimum: 0 })),
    gaps: Type.Optional(Text('Gaps found')),
    evidence: Type.Optional(Text('A link or a note of where the evidence is kept')),
    actions: Type.Optional(Type.Array(Type.Object({ title: Type.String({ maxLength: 200 }), dueOn: Type.String({ maxLength: 10 }), owner: Type.Optional(Type.String({ maxLength: 254 })) }, { additionalProperties: false }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
const Created = Type.Object({ id: Type.String() });

const hours = (value: number | undefined) => (value === undefined ? '' : String(value));

export const continuityApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const plans = services.continuityPlans;

    app.get('/continuity', { config: { access: 'continuity.edit-own' }, schema: { tags: TAGS, summary: 'The continuity plans you may see, with their last exercise and whether each is overdue', querystring: ListQuery } }, async (request) => {
      const { unit, kind, overdue } = request.query;
      let unitId: string | undefined;
      if (unit) {
        unitId = (await services.organisationUnits.listUnits(request.actor)).find((u) => u.code === unit.toUpperCase())?.id;
        if (!unitId) throw validationFailed([{ field: 'unit', message: `No unit has the code ${unit}` }]);
      }
      const items = await plans.list(request.actor, { ...(unitId ? { unitId } : {}), ...(kind && isOneOf(PLAN_KINDS, kind) ? { kind } : {}), ...(overdue === undefined ? {} : { overdue }) });
      return { items };
    });

    app.get('/continuity/:id', { config: { access: 'continuity.edit-own' }, schema: { tags: TAGS, summary: 'One continuity plan with its exercises and their actions', params: IdParams } }, async (request) =>
      plans.get(request.actor, request.params.id),
    );

    const planInput = (body: Static<typeof PlanBody>): PlanInput => ({
      ...body,
      service: body.service ?? '',
      unit: body.unit ?? '',
      rtoHours: String(body.rtoHours),
      rpoHours: String(body.rpoHours),
      backupArrangements: body.backupArrangements ?? '',
      documentUrl: body.documentUrl ?? '',
      testingIntervalMonths: String(body.testingIntervalMonths),
    });

    app.post('/continuity', { config: { access: 'continuity.edit-own' }, schema: { tags: TAGS, summary: 'Add a continuity plan', body: PlanBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await plans.create(request.actor, planInput(request.body), request.id) }),
    );

    app.put('/continuity/:id', { config: { access: 'continuity.edit-own' }, schema: { tags: TAGS, summary: 'Change a continuity plan', params: IdParams, body: PlanBody } }, async (request, reply) => {
      await plans.update(request.actor, request.params.id, planInput(request.body), request.id);
      return reply.code(204).send();
    });

    app.post('/continuity/:id/exercises', { config: { access: 'continuity.edit-own' }, schema: { tags: TAGS, summary: 'Record a continuity-exercise of the plan; each gap action goes on the actions register', params: IdParams, body: ExerciseBody, response: { 201: Created } } }, async (request, reply) => {
      const body = request.body;
      const input: ExerciseInput = {
        ...body,
        participants: body.participants ?? '',
        achievedRtoHours: hours(body.achievedRtoHours),
        achievedRpoHours: hours(body.achievedRpoHours),
        gaps: body.gaps ?? '',
        evidence: body.evidence ?? '',
        actions: body.actions ?? [],
      };
      return reply.code(201).send({ id: await plans.recordExercise(request.actor, request.params.id, input, request.id) });
    });
  };
