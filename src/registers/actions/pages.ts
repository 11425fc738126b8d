// The actions pages: the list (your own first), an action with its progress form, adding and changing
// actions, and the CSV export. Who may do what is decided by the service; routes only ask it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES, isActionSourceType, SOURCE_NAMES, STATUS_NAMES, type ActionDetail } from './entity.ts';
import type { ActionDetailsInput } from './service.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const orEmpty = (schema: TSchema) => Type.Optional(Type.Union([Type.Literal(''), schema]));
const ListQuery = Type.Object(
  {
    status: orEmpty(Type.Union(ACTION_STATUSES.map((s) => Type.Literal(s)))),
    overdue: orEmpty(Type.Literal('yes')),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
const NewQuery = Type.Object(
  { sourceType: orEmpty(Type.Union(ACTION_SOURCE_TYPES.map((s) => Type.Literal(s)))), sourceId: orEmpty(Type.String({ format: 'uuid' })), unitId: orEmpty(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
const VIEWS = 'registers/actions/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const detailsInput = (form: Form): ActionDetailsInput => ({ title: form.title ?? '', description: form.description ?? '', owner: form.owner ?? '', dueOn: form.dueOn ?? '' });
const words = { statusNames: STATUS_NAMES, sourceNames: SOURCE_NAMES };

export function actionsPages(services: Services) {
  const actions = services.actions;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/actions', { config: { access: 'actions.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as { status?: string; overdue?: string; search?: string; page?: number };
      const [mine, result] = await Promise.all([
        actions.mine(request.actor),
        actions.list(request.actor, { ...(q.status ? { status: q.status } : {}), ...(q.overdue === 'yes' ? { overdue: true } : {}), ...(q.search?.trim() ? { search: q.search.trim() } : {}), page: q.page ?? 1 }),
      ]);
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== '') as [string, string][]);
      return reply.render(`${VIEWS}/list.njk`, {
        pageTitle: 'Actions',
        query: q,
        mine,
        ...result,
        ...words,
        statuses: [{ value: '', text: 'Any' }, ...ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], selected: q.status === s }))],
        pagination: pageLinks(result.page, result.pages, (n) => `/actions?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`),
        canManage: canAnywhere(request.actor, 'actions.manage'),
      });
    });

    app.get('/actions.csv', { config: { access: 'actions.edit-own' } }, async (request, reply) => {
      const csv = await actions.exportCsv(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="actions.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, action: ActionDetail | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const sourceType = values.sourceType && isActionSourceType(values.sourceType) ? values.sourceType : undefined;
      const units = action ? [] : await actions.unitChoices(request.actor);
      const fixedUnit = sourceType && values.sourceId ? units.find((u) => u.id === values.unitId) : undefined;
      return reply.render(`${VIEWS}/form.njk`, {
        pageTitle: action ? `Change ${action.reference}` : 'Add an action',
        action,
        values,
        source: sourceType ? { type: sourceType, name: SOURCE_NAMES[sourceType], id: values.sourceId ?? '' } : undefined,
        fixedUnit,
        units: [{ value: '', text: 'Choose a unit' }, ...units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === values.unitId }))],
        breadcrumbs: [{ text: 'Actions', href: '/actions' }, ...(action ? [{ text: action.reference, href: `/actions/${action.id}` }] : [])],
        ...withProblems(problems),
      });
    };

    app.get('/actions/new', { config: { access: 'actions.manage' }, schema: { querystring: NewQuery } }, async (request, reply) => {
      const q = request.query as Form;
      return renderForm(request, reply, undefined, { sourceType: q.sourceType ?? '', sourceId: q.sourceId ?? '', unitId: q.unitId ?? '' });
    });

    app.post('/actions', { config: { access: 'actions.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const source = form.sourceType || form.sourceId ? { type: form.sourceType ?? '', id: form.sourceId ?? '' } : null;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/actions/${await actions.create(request.actor, { ...detailsInput(form), unitId: form.unitId ?? '', source }, request.id)}`, 303),
      );
    });

    const renderAction = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form, problems: readonly FieldProblem[] = []) => {
      const { action, canChange, canRecordProgress, statuses } = await actions.detail(request.actor, id);
      return reply.render(`${VIEWS}/action.njk`, {
        pageTitle: `${action.reference} ${action.title}`,
        action,
        canChange,
        canRecordProgress: canRecordProgress && statuses.length > 0,
        statusItems: statuses.map((s) => ({ value: s, text: STATUS_NAMES[s], checked: (values.status ?? action.status) === s })),
        values: { progressNote: values.progressNote ?? action.progressNote },
        ...words,
        breadcrumbs: [{ text: 'Actions', href: '/actions' }],
        ...withProblems(problems),
      });
    };

    app.get('/actions/:id', { config: { access: 'actions.edit-own' }, schema: { params: IdParams } }, async (request, reply) => renderAction(request, reply, (request.params as { id: string }).id, {}));

    app.post('/actions/:id/progress', { config: { access: 'actions.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderAction(request, reply, id, form, problems),
        async () => {
          await actions.recordProgress(request.actor, id, { status: form.status ?? '', progressNote: form.progressNote ?? '' }, request.id);
          return reply.redirect(`/actions/${id}`, 303);
        },
      );
    });

    app.get('/actions/:id/edit', { config: { access: 'actions.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const action = await actions.forChange(request.actor, (request.params as { id: string }).id);
      return renderForm(request, reply, action, { title: action.title, description: action.description, owner: action.ownerEmail, dueOn: action.dueOn });
    });

    app.post('/actions/:id', { config: { access: 'actions.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const action = await actions.forChange(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, action, form, problems),
        async () => {
          await actions.update(request.actor, action.id, detailsInput(form), request.id);
          return reply.redirect(`/actions/${action.id}`, 303);
        },
      );
    });
  };
}
