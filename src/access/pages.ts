// Sign-in and the account pages: sessions, two-factor authentication and API tokens.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorCode, type FieldProblem } from '../platform/http/errors.ts';
import type { Services } from '../services.ts';
import type { PersonActor } from './actor.ts';
import { browserCookieOptions, SESSION_COOKIE } from './http.ts';

type Form = Record<string, string | undefined>;

/** A problem with the form as a whole (field 'form') has no field to link to, so it is plain text. */
export function errorSummary(problems: readonly FieldProblem[]) {
  return problems.map((p) => (p.field === 'form' ? { text: p.message } : { text: p.message, href: `#${p.field}` }));
}

export function fieldErrors(problems: readonly FieldProblem[]): Record<string, { text: string }> {
  return Object.fromEntries(problems.map((p) => [p.field, { text: p.message }]));
}

/**
 * Runs a form action; a validation mistake re-renders the form with the GOV.UK error summary. Some
 * forms also show a refusal there (`also`), where the record's own rules, not the route, said no.
 */
export async function handleForm(
  reply: FastifyReply,
  render: (problems: readonly FieldProblem[]) => FastifyReply | Promise<FastifyReply>,
  action: () => Promise<FastifyReply>,
  also: readonly ErrorCode[] = [],
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (isAppError(error) && (error.code === 'validation_failed' || error.code === 'conflict' || error.code === 'too_many_requests' || error.code === 'invalid_state' || also.includes(error.code))) {
      const problems = error.problems.length > 0 ? error.problems : [{ field: 'form', message: error.message }];
      reply.code(error.status);
      return render(problems);
    }
    throw error;
  }
}

function safeReturnTo(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

// The enrolment and second-factor pages serve a session that is not yet an actor.
const person = (request: FastifyRequest): PersonActor => (request.session?.actor ?? request.actor) as PersonActor;
const info = (request: FastifyRequest) => ({ requestId: request.id, userAgent: request.headers['user-agent'] ?? null, ipAddress: request.ip });

export function accessPages(services: Services, options: { secureCookies: boolean }) {
  const cookieOptions = browserCookieOptions(options.secureCookies);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
      const query = request.query as Form;
      return reply.render('access/views/sign-in.njk', { pageTitle: 'Sign in', values: {}, returnTo: safeReturnTo(query.returnTo) });
    });

    app.post('/sign-in', { config: { access: 'public', rateLimit: 'sign-in' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const returnTo = safeReturnTo(form.returnTo);
      return handleForm(
        reply,
        (problems) => reply.render('access/views/sign-in.njk', { pageTitle: 'Sign in', values: { email: form.email }, returnTo, errorSummary: errorSummary(problems), errors: fieldErrors(problems) }),
        async () => {
          const { sessionToken, next } = await services.signIn.signIn(form.email ?? '', form.password ?? '', info(request));
          void reply.setCookie(SESSION_COOKIE, sessionToken, cookieOptions);
          if (next === 'second-factor') return reply.redirect(`/sign-in/second-factor?returnTo=${encodeURIComponent(returnTo)}`, 303);
          return reply.redirect(next === 'set-up-two-factor' ? '/account/two-factor' : returnTo, 303);
        },
      );
    });

    app.get('/sign-in/second-factor', { config: { access: 'second-factor' } }, async (request, reply) =>
      reply.render('access/views/second-factor.njk', { pageTitle: 'Enter your security code', returnTo: safeReturnTo((request.query as Form).returnTo) }),
    );

    app.post('/sign-in/second-factor', { config: { access: 'second-factor', rateLimit: 'sign-in' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const returnTo = safeReturnTo(form.returnTo);
      return handleForm(
        reply,
        (problems) => reply.render('access/views/second-factor.njk', { pageTitle: 'Enter your security code', returnTo, errorSummary: errorSummary(problems), errors: fieldErrors(problems) }),
        async () => {
          await services.signIn.completeSecondFactor(request.session!, form.code ?? '', info(request));
          return reply.redirect(returnTo, 303);
        },
      );
    });

    app.post('/sign-out', { config: { access: 'second-factor' } }, async (request, reply) => {
      if (request.session) await services.signIn.signOut(request.session, info(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/signed-out', 303);
    });
    app.get('/signed-out', { config: { access: 'public' } }, async (_request, reply) => reply.render('access/views/signed-out.njk', { pageTitle: 'You have signed out' }));

    app.get('/account', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      const actor = person(request);
      const [sessions, twoFactor, tokens] = await Promise.all([services.signIn.listSessions(actor), services.signIn.twoFactorStatus(actor), services.accounts.listTokens(actor)]);
      return reply.render('access/views/account.njk', { pageTitle: 'Your account', actor, sessions, twoFactor, tokens, currentSessionId: actor.sessionId, now: services.context.clock.now() });
    });

    app.post('/account/sessions/end', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      await services.signIn.endSessions(person(request), form.sessionId === 'others' || !form.sessionId ? 'others' : form.sessionId, info(request));
      return reply.redirect('/account', 303);
    });

    app.get('/account/two-factor', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      const status = await services.signIn.twoFactorStatus(person(request));
      if (status.enabled) return reply.redirect('/account', 303);
      const enrolment = await services.signIn.beginTwoFactorEnrolment(person(request));
      return reply.render('access/views/two-factor-setup.njk', { pageTitle: 'Set up two-factor authentication', enrolment, required: status.required });
    });

    app.post('/account/two-factor', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const actor = person(request);
      if ((await services.signIn.twoFactorStatus(actor)).enabled) return reply.redirect('/account', 303);
      return handleForm(
        reply,
        async (problems) => {
          const enrolment = await services.signIn.beginTwoFactorEnrolment(actor);
          return reply.render('access/views/two-factor-setup.njk', { pageTitle: 'Set up two-factor authentication', enrolment, errorSummary: errorSummary(problems), errors: fieldErrors(problems) });
        },
        async () => {
          const recoveryCodes = await services.signIn.confirmTwoFactorEnrolment(actor, form.code ?? '', info(request));
          return reply.render('access/views/recovery-codes.njk', { pageTitle: 'Save your recovery codes', recoveryCodes });
        },
      );
    });

    app.post('/account/tokens', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const days = form.expiresInDays && /^\d+$/.test(form.expiresInDays) ? Number(form.expiresInDays) : Number.NaN;
      return handleForm(
        reply,
        (problems) => reply.render('access/views/token-form.njk', { pageTitle: 'Create an API token', values: form, errorSummary: errorSummary(problems), errors: fieldErrors(problems) }),
        async () => {
          const created = await services.accounts.createToken(person(request), { name: form.name ?? '', expiresInDays: days, readOnly: form.readOnly === 'yes' }, request.id);
          return reply.render('access/views/token-created.njk', { pageTitle: 'Your new API token', created, name: form.name });
        },
      );
    });
    app.get('/account/tokens/new', { config: { access: 'own-account.manage' } }, async (_request, reply) =>
      reply.render('access/views/token-form.njk', { pageTitle: 'Create an API token', values: { expiresInDays: '90' } }),
    );

    app.post('/account/tokens/revoke', { config: { access: 'own-account.manage' } }, async (request, reply) => {
      await services.accounts.revokeToken(person(request), ((request.body ?? {}) as Form).tokenId ?? '', request.id);
      return reply.redirect('/account', 303);
    });
  };
}
