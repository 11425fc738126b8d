// The incidents JSON API: report, the register with the same filters as its page, one incident with its
// timeline and clocks (personal data redacted where the caller has no need to know), the handling
// operations, lessons, corrective actions, closing, and the ICO decision. The service decides who may.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { validationFailed } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { incidentFilterOf, listParams } from './list-query.ts';
import {
  ActionBody,
  CloseBody,
  Created,
  HandlerBody,
  IcoDecisionBody,
  IdParams,
  IncidentListQuery,
  IncidentSchema,
  LessonsBody,
  LinkBody,
  NoteBody,
  Paged,
  PersonBody,
  ReopenBody,
  ReportBody,
  StageBody,
  TAGS,
  TriageBody,
} from './schema.ts';

const Done = { 204: Type.Null() };

/** A value as the API sends it: every instant as ISO 8601 text. */
type AsSent<T> = T extends Date ? string : T extends readonly (infer U)[] ? AsSent<U>[] : T extends object ? { [K in keyof T]: AsSent<T[K]> } : T;
function asSent<T>(value: T): AsSent<T> {
  if (value instanceof Date) return value.toISOString() as AsSent<T>;
  if (Array.isArray(value)) return value.map((v: unknown) => asSent(v)) as AsSent<T>;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asSent(v)])) as AsSent<T>;
  return value as AsSent<T>;
}

export const incidentsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const incidents = services.incidents;
    const handle = { access: 'incidents.handle' } as const;

    app.post('/incidents', { config: { access: 'incidents.report' }, schema: { tags: TAGS, summary: 'Report an incident or near miss (anyone signed in); its reference comes back', body: ReportBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send(await incidents.report(request.actor, request.body, request.id)),
    );

    app.get('/incidents', { config: { access: 'incidents.read' }, schema: { tags: TAGS, summary: 'The incidents you may see, filtered as the register is; 50 to a page', querystring: IncidentListQuery, response: { 200: Paged } } }, async (request) => {
      const { filter, problems } = await incidentFilterOf(services, request.actor, listParams(request.query));
      if (problems.length > 0) throw validationFailed(problems);
      const result = await incidents.list(request.actor, filter, request.query.page ?? 1);
      return { items: asSent([...result.incidents]), total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/incidents/:id', { config: { access: 'incidents.report' }, schema: { tags: TAGS, summary: 'An incident: its triage, clocks, links, timeline, lessons, corrective actions and ICO decisions', params: IdParams, response: { 200: IncidentSchema } } }, async (request) =>
      asSent(await incidents.get(request.actor, request.params.id)),
    );

    app.post('/incidents/:id/triage', { config: handle, schema: { tags: TAGS, summary: 'Triage a reported incident: category, type, severity, incident or near miss; optionally its handler', params: IdParams, body: TriageBody, response: Done } }, async (request, reply) => {
      await incidents.triage(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/handler', { config: handle, schema: { tags: TAGS, summary: 'Assign or change the handler (the security team)', params: IdParams, body: HandlerBody, response: Done } }, async (request, reply) => {
      await incidents.assignHandler(request.actor, request.params.id, request.body.handler, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/stage', { config: handle, schema: { tags: TAGS, summary: 'Move a triaged incident forward: contained, eradicated, recovered', params: IdParams, body: StageBody, response: Done } }, async (request, reply) => {
      await incidents.advance(request.actor, request.params.id, request.body.stage, request.body.note ?? '', request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/notes', { config: handle, schema: { tags: TAGS, summary: 'Add a note or action taken to the timeline', params: IdParams, body: NoteBody, response: Done } }, async (request, reply) => {
      await incidents.addNote(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/links', { config: handle, schema: { tags: TAGS, summary: 'Link an information asset, technology service or supplier by its reference', params: IdParams, body: LinkBody, response: Done } }, async (request, reply) => {
      await incidents.linkRecord(request.actor, request.params.id, request.body.type, request.body.reference, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/people', { config: handle, schema: { tags: TAGS, summary: 'Link a person as affected or involved (personal data: need-to-know)', params: IdParams, body: PersonBody, response: Done } }, async (request, reply) => {
      await incidents.linkPerson(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/lessons', { config: handle, schema: { tags: TAGS, summary: 'Record the lessons learned: what went well, what did not, the root cause', params: IdParams, body: LessonsBody, response: Done } }, async (request, reply) => {
      await incidents.recordLessons(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/actions', { config: handle, schema: { tags: TAGS, summary: 'Add a corrective action, optionally linked to the control, risk or document it adds or changes', params: IdParams, body: ActionBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send(await incidents.addCorrectiveAction(request.actor, request.params.id, request.body, request.id)),
    );

    app.post('/incidents/:id/close', { config: handle, schema: { tags: TAGS, summary: 'Close the incident; refused, naming what is missing, without lessons learned and a corrective action (and a breach’s ICO decision)', params: IdParams, body: CloseBody, response: Done } }, async (request, reply) => {
      await incidents.close(request.actor, request.params.id, request.body.note ?? '', request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/reopen', { config: handle, schema: { tags: TAGS, summary: 'Reopen a closed incident, with the reason (the security team)', params: IdParams, body: ReopenBody, response: Done } }, async (request, reply) => {
      await incidents.reopen(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.post('/incidents/:id/ico-decision', { config: { access: 'incidents.decide' }, schema: { tags: TAGS, summary: 'Record whether a personal data breach is reported to the ICO, as the holder of the deciding role', params: IdParams, body: IcoDecisionBody, response: { 201: Type.Object({ id: Type.String() }) } } }, async (request, reply) =>
      reply.code(201).send({ id: await incidents.decideIcoReporting(request.actor, request.params.id, request.body, request.id) }),
    );
  };
