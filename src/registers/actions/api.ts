// The actions JSON API: list, read, add and change actions, and record their progress.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { Services } from '../../services.ts';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES, type ActionDetail, type ActionSummary } from './entity.ts';

const TAGS = ['Actions'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CalendarDate = Type.String({ format: 'date', description: "A Europe/London calendar date, 'YYYY-MM-DD'" });

const ActionSummarySchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'ACT-0001' }),
  title: Type.String(),
  ownerPersonId: Type.String(),
  ownerName: Type.String(),
  dueOn: Type.String(),
  status: Type.String(),
  overdue: Type.Boolean({ description: 'Open or in progress after its due date' }),
  sourceType: Nullable(Type.String({ description: 'What raised it' })),
  sourceId: Nullable(Type.String()),
  unitId: Type.String(),
  unitName: Type.String(),
});
const ActionSchema = Type.Intersect([
  ActionSummarySchema,
  Type.Object({ description: Type.String(), ownerEmail: Type.String(), unitCode: Type.String(), progressNote: Type.String(), completedOn: Nullable(Type.String()), createdBy: Type.String() }),
]);
const Owner = Type.String({ minLength: 1, maxLength: 254, description: 'The owner’s email address or staff number' });
const DetailsBody = { title: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 10_000 })), owner: Owner, dueOn: CalendarDate };
const ActionBody = Type.Object(
  {
    ...DetailsBody,
    unitId: Type.String({ format: 'uuid', description: 'The unit whose security team manages the action: the unit of the record that raised it' }),
    source: Type.Optional(Nullable(Type.Object({ type: literals(ACTION_SOURCE_TYPES), id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }))),
  },
  { additionalProperties: false },
);
const ChangeBody = Type.Object(DetailsBody, { additionalProperties: false });
const ProgressBody = Type.Object(
  { status: literals(ACTION_STATUSES), progressNote: Type.Optional(Type.String({ maxLength: 5000, description: 'How the action stands; required to cancel it' })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    status: Type.Optional(literals(ACTION_STATUSES)),
    owner: Type.Optional(Type.String({ maxLength: 254, description: 'The owner’s person id, email address or staff number' })),
    unit: Type.Optional(Type.String({ format: 'uuid' })),
    overdue: Type.Optional(Type.Boolean()),
    sourceType: Type.Optional(literals(ACTION_SOURCE_TYPES)),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

const toSummary = (a: ActionSummary) => ({ id: a.id, reference: a.reference, title: a.title, ownerPersonId: a.ownerPersonId, ownerName: a.ownerName, dueOn: a.dueOn, status: a.status, overdue: a.overdue, sourceType: a.sourceType, sourceId: a.sourceId, unitId: a.unitId, unitName: a.unitName });
const toAction = (a: ActionDetail) => ({ ...toSummary(a), description: a.description, ownerEmail: a.ownerEmail, unitCode: a.unitCode, progressNote: a.progressNote, completedOn: a.completedOn, createdBy: a.createdBy });

// Reading needs only a signed-in person: the service shows each reader what they may see, and a
// read-only token (which holds no write action such as actions.edit-own) still reads its holder's own.
export const actionsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const actions = services.actions;

    app.get('/actions', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'The actions you may see (all in the units whose actions you read, and your own), 50 to a page', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(ActionSummarySchema), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() }) } } }, async (request) => {
      const q = request.query;
      const result = await actions.list(request.actor, { ...(q.status ? { status: q.status } : {}), ...(q.owner ? { owner: q.owner } : {}), ...(q.unit ? { unitId: q.unit } : {}), ...(q.overdue !== undefined ? { overdue: q.overdue } : {}), ...(q.sourceType ? { sourceType: q.sourceType } : {}), ...(q.search ? { search: q.search } : {}), page: q.page ?? 1 });
      return { items: result.actions.map(toSummary), total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/actions/:id', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'An action: yours, or one of a unit whose actions you read', params: IdParams, response: { 200: ActionSchema } } }, async (request) => toAction(await actions.get(request.actor, request.params.id)));

    app.post('/actions', { config: { access: 'actions.manage' }, schema: { tags: TAGS, summary: 'Add an action, owned by someone in the people register', body: ActionBody, response: { 201: ActionSchema } } }, async (request, reply) => {
      const b = request.body;
      const id = await actions.create(request.actor, { title: b.title, description: b.description ?? '', owner: b.owner, dueOn: b.dueOn, unitId: b.unitId, source: b.source ?? null }, request.id);
      return reply.code(201).send(toAction(await actions.get(request.actor, id)));
    });

    app.put('/actions/:id', { config: { access: 'actions.manage' }, schema: { tags: TAGS, summary: 'Change an open action: what is to be done, its owner and due date', params: IdParams, body: ChangeBody, response: { 200: ActionSchema } } }, async (request) => {
      await actions.update(request.actor, request.params.id, request.body, request.id);
      return toAction(await actions.get(request.actor, request.params.id));
    });

    app.post('/actions/:id/progress', { config: { access: 'actions.edit-own' }, schema: { tags: TAGS, summary: 'Record progress: in progress, done (final) or, by the security team, cancelled (final)', params: IdParams, body: ProgressBody, response: { 200: ActionSchema } } }, async (request) => {
      await actions.recordProgress(request.actor, request.params.id, request.body, request.id);
      return toAction(await actions.get(request.actor, request.params.id));
    });
  };
