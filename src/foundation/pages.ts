// Pages that belong to no register: home, health, accessibility statement, privacy notice.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.ts';

export interface RegisterLink {
  readonly href: string;
  readonly title: string;
  readonly description: string;
}

export const foundationPages =
  (services: Services, registers: readonly RegisterLink[]): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['Service'],
          summary: 'Whether the service and its database answer',
          response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }) },
        },
      },
      async () => {
        await services.organisationUnits.listUnits();
        return { status: 'ok' as const, database: services.context.engine };
      },
    );

    app.get('/', async (_request, reply) => {
      const tree = await services.organisationUnits.organisationTree();
      return reply.render('foundation/views/home.njk', { pageTitle: 'Home', tree, registers });
    });

    app.get('/accessibility', async (_request, reply) => reply.render('foundation/views/accessibility.njk', { pageTitle: 'Accessibility statement' }));
    app.get('/privacy', async (_request, reply) => reply.render('foundation/views/privacy.njk', { pageTitle: 'Privacy notice' }));
  };
