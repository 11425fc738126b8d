// The risks JSON API: the register with the same filters as its page, one risk with its decisions and
// snapshots, adding and changing risks, deciding and revoking, the heat map, and exceptions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor } from '../../access/actor.ts';
import { validationFailed } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import type { RiskDetails } from './entity.ts';
import { listParams, riskFilterOf } from './list-query.ts';
import { DecisionBody, ExceptionBody, ExceptionDecisionBody, ExceptionListQuery, ExceptionSchema, HeatMapQuery, HeatMapSchema, IdParams, RevokeBody, RiskBody, RiskListQuery, RiskSchema, RiskSummarySchema, TAGS } from './schema.ts';

const Created = Type.Object({ id: Type.String() });
// Instants go out as ISO 8601 text.
const toRisk = (risk: RiskDetails) => ({
  ...risk,
  services: [...risk.services],
  assets: [...risk.assets],
  requirements: [...risk.requirements],
  controls: [...risk.controls],
  suppliers: [...risk.suppliers],
  authority: { ...risk.authority, holders: [...risk.authority.holders] },
  ratings: risk.ratings.map((r) => ({ ...r, ratedAt: r.ratedAt.toISOString() })),
  decisions: risk.decisions.map((d) => ({ ...d, decidedAt: d.decidedAt.toISOString(), snapshot: { ...d.snapshot } })),
});
const Paged = Type.Object({ items: Type.Array(RiskSummarySchema), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });

export const risksApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const risks = services.risks;
    const filterOf = async (actor: Actor, query: Readonly<Record<string, unknown>>) => {
      const { filter, problems } = await riskFilterOf(services, actor, await risks.matrix(actor), listParams(query));
      if (problems.length > 0) throw validationFailed(problems);
      return filter;
    };

    app.get('/risks', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'The risks you may see, filtered as the register is; 50 to a page', querystring: RiskListQuery, response: { 200: Paged } } }, async (request) => {
      const result = await risks.list(request.actor, await filterOf(request.actor, request.query), request.query.page ?? 1);
      return { items: result.risks, total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/risks/heat-map', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'How many risks sit in each cell of the matrix, by inherent and by residual rating', querystring: HeatMapQuery, response: { 200: HeatMapSchema } } }, async (request) => {
      const { matrix, inherent, residual } = await risks.heatMap(request.actor, await filterOf(request.actor, request.query));
      return {
        likelihoods: matrix.likelihoods.map((l) => ({ level: l.level, name: l.name })),
        impacts: matrix.impacts.map((i) => ({ level: i.level, name: i.name })),
        bands: [...matrix.bands],
        cells: matrix.cells.map((c) => ({ likelihood: c.likelihood, impact: c.impact, score: c.score, band: c.bandCode, inherent: inherent.get(`${c.likelihood}-${c.impact}`) ?? 0, residual: residual.get(`${c.likelihood}-${c.impact}`) ?? 0 })),
      };
    });

    app.get('/risks/:id', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'A risk: its ratings, escalation, who decides it, its links, rating history and decisions with their snapshots', params: IdParams, response: { 200: RiskSchema } } }, async (request) =>
      toRisk(await risks.get(request.actor, request.params.id)),
    );

    app.post('/risks', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'Add a risk (anyone may add a risk they own; the security team, for anyone in its units)', body: RiskBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await risks.create(request.actor, request.body, request.id) }),
    );

    app.put('/risks/:id', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'Change a risk; a higher residual rating ends its acceptance', params: IdParams, body: RiskBody, response: { 200: RiskSchema } } }, async (request) => {
      await risks.update(request.actor, request.params.id, request.body, request.id);
      return toRisk(await risks.get(request.actor, request.params.id));
    });

    app.post('/risks/:id/decision', { config: { access: 'risks.accept' }, schema: { tags: TAGS, summary: 'Accept or reject a risk, as the holder of its accepting role at the level it is held', params: IdParams, body: DecisionBody, response: { 201: Created } } }, async (request, reply) => {
      const b = request.body;
      const id = await services.riskDecisions.decide(request.actor, request.params.id, { outcome: b.outcome, justification: b.justification, conditions: b.conditions ?? '', expiresOn: b.expiresOn ?? '' }, request.id);
      return reply.code(201).send({ id });
    });

    app.post('/risks/:id/revoke', { config: { access: 'risks.accept' }, schema: { tags: TAGS, summary: 'Revoke a risk’s acceptance: the risk goes back to review and its exceptions lapse', params: IdParams, body: RevokeBody, response: { 204: Type.Null() } } }, async (request, reply) => {
      await services.riskDecisions.revoke(request.actor, request.params.id, request.body.reason, request.id);
      return reply.code(204).send(null);
    });

    app.get('/risk-exceptions', { config: { access: 'risks.read' }, schema: { tags: TAGS, summary: 'Exceptions to requirements, each with whether it is in force today', querystring: ExceptionListQuery, response: { 200: Type.Object({ items: Type.Array(ExceptionSchema) }) } } }, async (request) => ({
      items: await services.requirementExceptions.list(request.actor, { ...(request.query.status ? { status: request.query.status } : {}), ...(request.query.risk ? { riskId: request.query.risk } : {}) }),
    }));

    app.post('/risk-exceptions', { config: { access: 'risks.edit-own' }, schema: { tags: TAGS, summary: 'Ask for an exception to a requirement, backed by a risk', body: ExceptionBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await services.requirementExceptions.request(request.actor, request.body, request.id) }),
    );

    app.post('/risk-exceptions/:id/decision', { config: { access: 'risks.accept' }, schema: { tags: TAGS, summary: 'Grant or refuse an exception, as whoever decides its risk, while the risk is accepted', params: IdParams, body: ExceptionDecisionBody, response: { 204: Type.Null() } } }, async (request, reply) => {
      const b = request.body;
      await services.requirementExceptions.decide(request.actor, request.params.id, { outcome: b.outcome, justification: b.justification, expiresOn: b.expiresOn ?? '' }, request.id);
      return reply.code(204).send(null);
    });
  };
