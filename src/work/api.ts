// The my-work JSON API: a person's dated duties, grouped as on the page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { DEADLINE_KINDS } from './deadline.ts';
import { GROUPS } from './words.ts';

const TAGS = ['My work'];
const Query = Type.Object(
  {
    person: Type.Optional(Type.String({ format: 'uuid', description: 'Another person’s work: their line manager, or those who may see people in their unit' })),
    kind: Type.Optional(Type.Union(DEADLINE_KINDS.map((k) => Type.Literal(k)))),
  },
  { additionalProperties: false },
);
const Item = Type.Object({
  kind: Type.String(),
  title: Type.String(),
  recordType: Type.String(),
  recordId: Type.String(),
  href: Type.String(),
  because: Type.String(),
  dueOn: Type.String({ description: 'YYYY-MM-DD, Europe/London' }),
  dueAt: Type.Union([Type.String({ description: 'The instant, for the ICO’s 72 hours' }), Type.Null()]),
  words: Type.String({ description: '"3 days overdue", "due tomorrow"' }),
  daysOverdue: Type.Integer(),
});
const Work = Type.Object({
  person: Type.Object({ id: Type.String(), displayName: Type.String() }),
  today: Type.String(),
  total: Type.Integer(),
  groups: Type.Array(Type.Object({ code: Type.String({ description: GROUPS.join(', ') }), name: Type.String(), items: Type.Array(Item) })),
});

export function myWorkApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/my-work', { config: { access: 'work.view-own' }, schema: { tags: TAGS, summary: 'Your dated duties across every register (or another person’s, where you may see them), grouped by when they are due', querystring: Query, response: { 200: Work } } }, async (request) => {
      const work = await services.myWork.deadlines(request.actor, request.query.person, request.query.kind);
      return {
        person: work.person,
        today: work.today,
        total: work.total,
        groups: work.groups.map((g) => ({
          code: g.code,
          name: g.name,
          items: g.items.map((d) => ({ kind: d.kind, title: d.title, recordType: d.recordType, recordId: d.recordId, href: d.href, because: d.because, dueOn: d.dueOn, dueAt: d.dueAt ? d.dueAt.toISOString() : null, words: d.words, daysOverdue: d.daysOverdue })),
        })),
      };
    });
  };
}
