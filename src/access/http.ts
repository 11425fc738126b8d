// Who is asking, for every request: a session cookie (pages) or a bearer token (API). Every route
// declares its access in `config.access`; a route without one stops the app at start, so none is
// left open by accident. CSRF: every form carries a token tied to a per-browser cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../platform/http/errors.ts';
import type { Services } from '../services.ts';
import { ANONYMOUS, type Actor } from './actor.ts';
import { canAnywhere } from './authorize.ts';
import { ALL_ACTIONS, type Action } from './catalogue.ts';
import type { ResolvedSession } from './sign-in.service.ts';

export type RouteAccess = 'public' | 'signed-in' | 'second-factor' | Action;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route ("GET /audit") and the access it declared; the route × role test walks it. */
    routeAccessTable: Map<string, RouteAccess>;
  }
  interface FastifyRequest {
    actor: Actor;
    session: ResolvedSession | undefined;
    csrfToken: string;
  }
}

export const SESSION_COOKIE = 'custodian_session';
export const CSRF_COOKIE = 'custodian_csrf';
/** Paths whose routes are registered by plugins (static files, the API explorer): public by nature. */
const PUBLIC_PREFIXES = ['/assets/', '/govuk/', '/moj/', '/static/', '/api/docs'];
/** Where a session that still owes its second factor, or must set one up, may go. */
const SECOND_FACTOR_PATHS = ['/sign-in/second-factor', '/sign-out'];
const ENROLMENT_PATHS = ['/account/two-factor', '/sign-out'];

/** Cookies Custodian sets: never readable by scripts, not sent on cross-site posts, Secure behind HTTPS. */
export function browserCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

export function routeAccess(url: string, declared: RouteAccess | undefined): RouteAccess | undefined {
  if (declared) return declared;
  if (PUBLIC_PREFIXES.some((p) => url.startsWith(p))) return 'public';
  return undefined;
}

export async function registerAccess(app: FastifyInstance, services: Services, options: { sessionSecret: string; secureCookies: boolean }): Promise<void> {
  await app.register(cookie);
  const cookieOptions = browserCookieOptions(options.secureCookies);
  const csrfFor = (value: string): string => createHmac('sha256', options.sessionSecret).update(`csrf:${value}`).digest('base64url');

  const table = new Map<string, RouteAccess>();
  app.decorate('routeAccessTable', table);
  app.addHook('onRoute', (route) => {
    const access = routeAccess(route.url, route.config?.access);
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access): every route must say who may use it`);
    if (access !== 'public' && access !== 'signed-in' && access !== 'second-factor' && !ALL_ACTIONS.includes(access)) throw new Error(`Route ${route.url} names unknown action ${access}`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.set(`${method} ${route.url}`, access);
  });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', undefined);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    const isApi = request.url.startsWith('/api/');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const actor = await services.accounts.resolveToken(bearer);
      if (!actor) throw new AppError('unauthenticated', 'The API token is not valid: it may have expired or been revoked. Create a new one on your account page.');
      request.actor = actor;
    } else if (!isApi) {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        request.session = await services.signIn.resolveSession(token);
        // A session that still owes its second factor, or must set one up, is not yet anyone.
        if (request.session && !request.session.secondFactorPending && !request.session.mustEnrolTwoFactor) request.actor = request.session.actor;
        else if (!request.session) void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    let csrfCookie = request.cookies[CSRF_COOKIE];
    if (!csrfCookie) {
      csrfCookie = randomBytes(24).toString('base64url');
      void reply.setCookie(CSRF_COOKIE, csrfCookie, cookieOptions);
      request.cookies[CSRF_COOKIE] = csrfCookie;
    }
    request.csrfToken = csrfFor(csrfCookie);
  });

  // Before validation: who may use a route is settled before anything about the request is judged.
  app.addHook('preValidation', async (request, reply) => {
    // No matched route: the not-found handler answers, and a 404 gives nothing away.
    const access = request.routeOptions.url === undefined ? 'public' : (routeAccess(request.routeOptions.url, request.routeOptions.config?.access) ?? 'signed-in');
    // Forms are checked for a CSRF token; the API takes bearer tokens only, which a browser never sends by itself.
    if (request.method !== 'GET' && request.method !== 'HEAD' && !request.url.startsWith('/api/')) {
      const field = (request.body as Record<string, unknown> | undefined)?._csrf;
      // A multipart form's fields arrive as { value } objects.
      const sent = field !== null && typeof field === 'object' && 'value' in field ? (field as { value: unknown }).value : field;
      const cookieValue = request.cookies[CSRF_COOKIE];
      const expected = cookieValue ? Buffer.from(csrfFor(cookieValue)) : Buffer.alloc(0);
      const given = Buffer.from(typeof sent === 'string' ? sent : '');
      if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError('csrf_failed', 'The form had expired or came from another site. Go back, reload the page and try again.');
      }
    }
    request.viewLocals.csrfToken = request.csrfToken;
    request.viewLocals.signInAvailable = true;
    if (request.actor.kind === 'person') request.viewLocals.currentUser = { displayName: request.actor.displayName, email: request.actor.email };
    if (access === 'public') return;

    const path = request.url.split('?')[0] ?? '';
    if (request.session?.secondFactorPending) {
      if (access === 'second-factor' || SECOND_FACTOR_PATHS.includes(path)) return;
      return redirect(reply, '/sign-in/second-factor');
    }
    if (access === 'second-factor') {
      if (request.session) return;
      throw new AppError('unauthenticated', 'Sign in to continue.');
    }
    if (request.session?.mustEnrolTwoFactor) {
      if (ENROLMENT_PATHS.some((p) => path.startsWith(p))) return;
      return redirect(reply, '/account/two-factor');
    }
    if (request.actor.kind !== 'person') throw new AppError('unauthenticated', 'Sign in to continue.');
    if (access === 'signed-in') return;
    if (!canAnywhere(request.actor, access)) {
      throw new AppError('forbidden', 'You do not have permission to see this page. Ask an administrator if you need it.');
    }
  });
}

function redirect(reply: FastifyReply, to: string): FastifyReply {
  return reply.redirect(to, 303);
}

