// Exceptions to requirements on the web: the list and its CSV export, asking for an exception backed by a
// risk, and an exception's page with the decision form (for whoever decides the backing risk) and revoke.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { EXCEPTION_SCOPES, EXCEPTION_STATUSES, type ExceptionScope, type ExceptionStatus } from './entity.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const orEmpty = (schema: TSchema) => Type.Optional(Type.Union([Type.Literal(''), schema]));
const ListQuery = Type.Object({ status: orEmpty(Type.Union(EXCEPTION_STATUSES.map((s) => Type.Literal(s)))) }, { additionalProperties: false });
// A compliance finding links here with its requirement and scope filled in (src/compliance/pages.ts).
const NewQuery = Type.Object(
  {
    risk: orEmpty(Type.String({ format: 'uuid' })),
    requirement: Type.Optional(Type.String({ maxLength: 100 })),
    scopeType: orEmpty(Type.Union(EXCEPTION_SCOPES.map((s) => Type.Literal(s)))),
    scope: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const VIEWS = 'registers/risks/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});

export const EXCEPTION_SCOPE_NAMES: Record<ExceptionScope, string> = { service: 'Technology service', asset: 'Information asset', unit: 'Unit' };
export const EXCEPTION_STATUS_NAMES: Record<ExceptionStatus, string> = { requested: 'Requested', 'in-force': 'In force', rejected: 'Refused', expired: 'Expired', revoked: 'Revoked', lapsed: 'Lapsed' };
const words = { scopeNames: EXCEPTION_SCOPE_NAMES, exceptionStatusNames: EXCEPTION_STATUS_NAMES };

export function exceptionPages(services: Services) {
  const exceptions = services.requirementExceptions;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/risk-exceptions', { config: { access: 'risks.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const { status } = request.query as { status?: ExceptionStatus | '' };
      return reply.render(`${VIEWS}/exceptions.njk`, {
        pageTitle: 'Exceptions to requirements',
        exceptions: await exceptions.list(request.actor, status ? { status } : {}),
        statuses: [{ value: '', text: 'Any status' }, ...EXCEPTION_STATUSES.map((s) => ({ value: s, text: EXCEPTION_STATUS_NAMES[s], selected: s === status }))],
        ...words,
        breadcrumbs: [{ text: 'Risks', href: '/risks' }],
      });
    });

    app.get('/risk-exceptions.csv', { config: { access: 'risks.read' } }, async (request, reply) => {
      const csv = await exceptions.exportCsv(request.actor);
      return reply.header('content-disposition', 'attachment; filename="risk-exceptions.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    const renderForm = (reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/exception-form.njk`, {
        pageTitle: 'Ask for an exception to a requirement',
        values,
        scopeTypes: [{ value: '', text: 'Choose' }, ...EXCEPTION_SCOPES.map((s) => ({ value: s, text: EXCEPTION_SCOPE_NAMES[s], selected: s === values.scopeType }))],
        breadcrumbs: [{ text: 'Risks', href: '/risks' }, ...(values.riskId ? [{ text: values.risk ?? 'The risk', href: `/risks/${values.riskId}` }] : [])],
        ...withProblems(problems),
      });

    app.get('/risk-exceptions/new', { config: { access: 'risks.edit-own' }, schema: { querystring: NewQuery } }, async (request, reply) => {
      const { risk: riskId, requirement, scopeType, scope } = request.query as { risk?: string; requirement?: string; scopeType?: string; scope?: string };
      const risk = riskId ? await services.risks.get(request.actor, riskId) : undefined;
      return renderForm(reply, { ...(risk ? { risk: risk.reference, riskId: risk.id } : {}), ...(requirement ? { requirement } : {}), ...(scopeType ? { scopeType } : {}), ...(scope ? { scope } : {}) });
    });

    app.post('/risk-exceptions', { config: { access: 'risks.edit-own' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(reply, form, problems),
        async () => {
          // The form names the risk by its reference; the service takes its id, and says when none is given.
          const reference = (form.risk ?? '').trim().toUpperCase();
          const found = reference ? (await services.risks.list(request.actor, { search: reference }, 1)).risks.find((r) => r.reference === reference) : undefined;
          const id = await exceptions.request(request.actor, { requirement: form.requirement ?? '', scopeType: form.scopeType ?? '', scope: form.scope ?? '', riskId: found?.id ?? '', justification: form.justification ?? '' }, request.id);
          return reply.redirect(`/risk-exceptions/${id}`, 303);
        },
      );
    });

    const renderException = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const exception = await exceptions.get(request.actor, id);
      const risk = await services.risks.get(request.actor, exception.riskId);
      return reply.render(`${VIEWS}/exception.njk`, {
        pageTitle: `${exception.reference}: ${exception.requirementKey}`,
        exception,
        risk,
        ...words,
        mayDecide: exception.status === 'requested' && services.riskDecisions.mayDecide(request.actor),
        mayRevoke: exception.status === 'in-force' && services.risks.mayEdit(request.actor, risk),
        outcomes: [
          { value: '', text: 'Choose' },
          { value: 'accepted', text: 'Grant the exception', selected: values.outcome === 'accepted' },
          { value: 'rejected', text: 'Refuse the exception', selected: values.outcome === 'rejected' },
        ],
        values,
        breadcrumbs: [{ text: 'Risks', href: '/risks' }, { text: risk.reference, href: `/risks/${risk.id}` }],
        ...withProblems(problems),
      });
    };
    const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

    app.get('/risk-exceptions/:id', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) => renderException(request, reply, idOf(request)));

    app.post('/risk-exceptions/:id/decision', { config: { access: 'risks.accept' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderException(request, reply, idOf(request), form, problems),
        async () => {
          await exceptions.decide(request.actor, idOf(request), { outcome: form.outcome ?? '', justification: form.justification ?? '', expiresOn: (form.expiresOn ?? '').trim() }, request.id);
          return reply.redirect(`/risk-exceptions/${idOf(request)}`, 303);
        },
        ['forbidden'],
      );
    });

    app.post('/risk-exceptions/:id/revoke', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderException(request, reply, idOf(request), form, problems),
        async () => {
          await exceptions.revoke(request.actor, idOf(request), form.reason ?? '', request.id);
          return reply.redirect(`/risk-exceptions/${idOf(request)}`, 303);
        },
      );
    });
  };
}
