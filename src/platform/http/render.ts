// reply.render(template, context): renders a Nunjucks page with the layout's shared context
// (service name, protective marking, navigation, the signed-in person, the CSP nonce, CSRF token).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';

export interface NavigationItem {
  readonly href: string;
  readonly text: string;
  /** Shown only where this says so (for example, to people who may open it). */
  readonly visible?: (request: FastifyRequest) => boolean;
}

export interface PageChrome {
  readonly serviceName: string;
  readonly protectiveMarking: string;
  readonly navigation: readonly NavigationItem[];
}

export interface CurrentUserView {
  readonly displayName: string;
  readonly email: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    cspNonce: string;
    /** Filled by the sign-in layer; the layout reads it. */
    viewLocals: { currentUser?: CurrentUserView; csrfToken?: string; signInAvailable?: boolean };
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export function registerRendering(app: FastifyInstance, env: nunjucks.Environment, chrome: PageChrome): void {
  app.decorateRequest('cspNonce', '');
  app.decorateRequest('viewLocals', null as unknown as FastifyRequest['viewLocals']);
  app.addHook('onRequest', async (request) => {
    request.viewLocals = {};
  });
  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const path = this.request.url.split('?')[0] ?? '/';
    const navigation = chrome.navigation
      .filter((item) => item.visible?.(this.request) ?? true)
      .map(({ href, text }) => ({
      href,
      text,
      active: href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`),
    }));
    const html = env.render(template, {
      serviceName: chrome.serviceName,
      protectiveMarking: chrome.protectiveMarking,
      navigation,
      cspNonce: this.request.cspNonce,
      ...this.request.viewLocals,
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });
}
