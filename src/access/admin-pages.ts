// Administration pages: the audit trail, and user accounts (invite, disable, re-enable, roles).
// Accepting an invitation is here too: it is the other half of inviting.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { addDays, londonMidnight } from '../platform/clock.ts';
import { requireId, validationFailed } from '../platform/http/errors.ts';
import type { Services } from '../services.ts';
import { ACCESS_ROLES, GRANTABLE_ROLES } from './catalogue.ts';
import { errorSummary, fieldErrors, handleForm } from './pages.ts';
import { pageLinks } from '../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    recordType: Type.Optional(Type.String({ maxLength: 100 })),
    recordId: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: DATE })], { description: 'a date, YYYY-MM-DD' })),
    to: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: DATE })], { description: 'a date, YYYY-MM-DD' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
type AuditQueryType = { actor?: string; action?: string; recordType?: string; recordId?: string; from?: string; to?: string; page?: number };

const blankToUndefined = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

export function adminPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/audit', { config: { access: 'audit.read' }, schema: { querystring: AuditQuery } }, async (request, reply) => {
      const q = request.query as AuditQueryType;
      const filter = {
        ...(blankToUndefined(q.actor) ? { actor: blankToUndefined(q.actor)! } : {}),
        ...(blankToUndefined(q.action) ? { action: blankToUndefined(q.action)! } : {}),
        ...(blankToUndefined(q.recordType) ? { recordType: blankToUndefined(q.recordType)! } : {}),
        ...(blankToUndefined(q.recordId) ? { recordId: blankToUndefined(q.recordId)! } : {}),
        ...(blankToUndefined(q.from) ? { from: londonMidnight(q.from!) } : {}),
        // "to" is inclusive: events before the start of the next day.
        ...(blankToUndefined(q.to) ? { to: londonMidnight(addDays(q.to!, 1)) } : {}),
      };
      const result = await services.auditLog.listEvents(request.actor, filter, q.page ?? 1);
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== '') as [string, string][]);
      const pageHref = (n: number) => `/audit?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`;
      return reply.render('access/views/audit.njk', { pageTitle: 'Audit trail', query: q, ...result, pagination: pageLinks(result.page, result.pages, pageHref) });
    });

    app.get('/admin/users', { config: { access: 'accounts.read' } }, async (request, reply) => {
      const accounts = await services.accounts.listAccounts(request.actor);
      return reply.render('access/views/users.njk', { pageTitle: 'User accounts', accounts, now: services.context.clock.now() });
    });

    app.get('/admin/users/invite', { config: { access: 'accounts.manage' } }, async (_request, reply) => reply.render('access/views/invite.njk', { pageTitle: 'Invite a user', values: {} }));

    app.post('/admin/users/invite', { config: { access: 'accounts.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => reply.render('access/views/invite.njk', { pageTitle: 'Invite a user', values: form, errorSummary: errorSummary(problems), errors: fieldErrors(problems) }),
        async () => {
          const { link } = await services.accounts.invite(request.actor, { email: form.email ?? '', displayName: form.displayName ?? '' }, request.id);
          return reply.render('access/views/invited.njk', { pageTitle: 'Invitation created', link, email: form.email?.trim().toLowerCase() });
        },
      );
    });

    app.get('/admin/users/:accountId', { config: { access: 'accounts.read' }, schema: { params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      return renderUser(request, reply, accountId);
    });

    app.post('/admin/users/:accountId/enabled', { config: { access: 'accounts.manage' }, schema: { params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      await services.accounts.setEnabled(request.actor, accountId, ((request.body ?? {}) as Form).enabled === 'yes', request.id);
      return reply.redirect(`/admin/users/${accountId}`, 303);
    });

    app.post('/admin/users/:accountId/roles', { config: { access: 'roles.grant' }, schema: { params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      const form = (request.body ?? {}) as Form;
      const account = await services.accounts.getAccount(request.actor, accountId);
      return handleForm(
        reply,
        (problems) => renderUser(request, reply, accountId, problems),
        async () => {
          await services.accounts.grantRole(request.actor, { personId: account.personId, role: form.role ?? '', unitId: form.unitId ?? '' }, request.id);
          return reply.redirect(`/admin/users/${accountId}`, 303);
        },
      );
    });

    app.post('/admin/users/:accountId/roles/revoke', { config: { access: 'roles.grant' }, schema: { params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      await services.accounts.revokeRole(request.actor, requireId(((request.body ?? {}) as Form).grantId, 'That role grant'), request.id);
      return reply.redirect(`/admin/users/${accountId}`, 303);
    });

    app.get('/invitations/:token', { config: { access: 'public' }, schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } }, async (request, reply) =>
      reply.render('access/views/accept-invitation.njk', { pageTitle: 'Set your password', token: (request.params as { token: string }).token }),
    );

    app.post('/invitations/:token', { config: { access: 'public', rateLimit: 'sign-in' }, schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => reply.render('access/views/accept-invitation.njk', { pageTitle: 'Set your password', token, errorSummary: errorSummary(problems), errors: fieldErrors(problems) }),
        async () => {
          if ((form.password ?? '') !== (form.confirmPassword ?? '')) {
            throw validationFailed([{ field: 'confirmPassword', message: 'The passwords do not match: type the same password twice' }]);
          }
          await services.accounts.acceptInvitation(token, form.password ?? '', request.id);
          return reply.redirect('/sign-in', 303);
        },
      );
    });

    async function renderUser(request: FastifyRequest, reply: Parameters<typeof handleForm>[0], accountId: string, problems: readonly { field: string; message: string }[] = []) {
      const account = await services.accounts.getAccount(request.actor, accountId);
      const [grants, units] = await Promise.all([services.accounts.grantsOf(request.actor, account.personId), services.organisationUnits.listUnits(request.actor)]);
      return reply.render('access/views/user.njk', {
        pageTitle: account.displayName,
        account,
        grants,
        roles: GRANTABLE_ROLES.map((r) => ({ value: r, text: ACCESS_ROLES[r].name })),
        units: units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})` })),
        now: services.context.clock.now(),
        breadcrumbs: [{ text: 'User accounts', href: '/admin/users' }],
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
      });
    }
  };
}
