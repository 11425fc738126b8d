// The "my work" page: a person's dated duties across every register, grouped by when they are due,
// filtered by kind through a plain GET form (no JavaScript needed). Who may see whose work is the
// service's decision.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { KIND_NAMES } from './my-work.ts';

const Query = Type.Object({
  person: Type.Optional(Type.String({ format: 'uuid' })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
});

export function myWorkPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/my-work', { config: { access: 'work.view-own' }, schema: { querystring: Query } }, async (request, reply) => {
      const { person, kind } = request.query as { person?: string; kind?: string };
      const work = await services.myWork.deadlines(request.actor, person, kind);
      const kinds = [{ value: '', text: 'All kinds', selected: work.kind === null }, ...work.kinds.map((k) => ({ value: k, text: KIND_NAMES[k], selected: k === work.kind }))];
      return reply.render('work/views/my-work.njk', {
        pageTitle: work.own ? 'My work' : `Work of ${work.person.displayName}`,
        work,
        kinds,
        kindNames: KIND_NAMES,
      });
    });
  };
}
