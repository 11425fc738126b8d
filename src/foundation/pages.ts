// Pages that belong to no register: home (with each role's dashboard, compliance/dashboards.ts),
// health, accessibility statement, privacy notice.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../access/authorize.ts';
import type { Action } from '../access/catalogue.ts';
import { dashboardFor, roleNames } from '../compliance/dashboards.ts';
import { FINDING_STATUS_NAMES } from '../compliance/entity.ts';
import { pingDatabase } from '../platform/db/database.ts';
import type { Services } from '../services.ts';

export interface RegisterLink {
  readonly href: string;
  readonly title: string;
  readonly description: string;
  /** What a person needs to open it: only the registers they can open are listed. */
  readonly access: Action;
}

export const foundationPages =
  (services: Services, registers: readonly RegisterLink[]): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Service'],
          summary: 'Whether the service and its database answer',
          response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }) },
        },
      },
      async () => {
        await pingDatabase(services.context.db);
        return { status: 'ok' as const, database: services.context.engine };
      },
    );

    app.get('/', { config: { access: 'public' } }, async (request, reply) => {
      const signedIn = request.actor.kind === 'person';
      const tree = signedIn ? await services.organisationUnits.organisationTree(request.actor) : [];
      const visible = registers.filter((r) => canAnywhere(request.actor, r.access));
      const dashboard = signedIn ? await dashboardFor(services, request.actor) : null;
      return reply.render('foundation/views/home.njk', { pageTitle: 'Home', tree, registers: visible, signedIn, dashboard, roleNames, findingStatusNames: FINDING_STATUS_NAMES });
    });

    app.get('/accessibility', { config: { access: 'public' } }, async (_request, reply) => reply.render('foundation/views/accessibility.njk', { pageTitle: 'Accessibility statement' }));
    app.get('/privacy', { config: { access: 'public' } }, async (_request, reply) => reply.render('foundation/views/privacy.njk', { pageTitle: 'Privacy notice' }));
  };
