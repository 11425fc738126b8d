// The risk register on the web: the register with its filters, the heat map (each cell a link to the
// register filtered to it), the CSV export, the queue of risks awaiting the reader's decision, and adding
// and changing a risk. A risk's own page is in risk-pages.ts, exceptions in exception-pages.ts and the
// matrix, bands and appetites in configuration-pages.ts. The services decide who sees and does what.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../access/actor.ts';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { AppError, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { configurationPages } from './configuration-pages.ts';
import { RISK_STATUS_NAMES, RISK_STATUSES, TREATMENT_NAMES, TREATMENTS, type RiskDetails, type RiskInput, type RiskMatrix } from './entity.ts';
import { exceptionPages } from './exception-pages.ts';
import { LIST_PARAMS, listParams, queryOf, riskFilterOf, withoutCell, type RiskListParams } from './list-query.ts';
import { riskPages } from './risk-pages.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  { ...Object.fromEntries(LIST_PARAMS.map((name) => [name, Type.Optional(Type.String({ maxLength: 254 }))])), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) },
  { additionalProperties: false },
);
const VIEWS = 'registers/risks/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const bandsByCode = (matrix: RiskMatrix) => Object.fromEntries(matrix.bands.map((b) => [b.code, b]));
const splitList = (value: string | undefined) => (value ?? '').split(/[,\n]/).map((v) => v.trim()).filter((v) => v !== '');
const level = (value: string | undefined) => (value && /^\d{1,2}$/.test(value) ? Number(value) : 0);

/** Select items for a filter or a field: "any" (or "choose") first, the chosen one selected. */
const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first: string) => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];

/** The filter form's choices, shared by the register and the heat map. */
async function filterChoices(services: Services, actor: Actor, matrix: RiskMatrix, params: RiskListParams) {
  const units = [...(await services.organisationUnits.listUnits(actor))].sort((a, b) => a.name.localeCompare(b.name));
  return {
    units: options(units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})` })), params.unit?.toUpperCase(), 'Any unit'),
    bands: options(matrix.bands.map((b) => ({ value: b.code, text: b.name })), params.band, 'Any band'),
    statuses: options(RISK_STATUSES.map((s) => ({ value: s, text: RISK_STATUS_NAMES[s] })), params.status, 'Any status'),
    appetite: options([{ value: 'yes', text: 'Over appetite' }, { value: 'no', text: 'Within appetite' }], params.overAppetite, 'Either'),
  };
}

/** The heat map of one rating as rows (likelihood, highest first) of cells (impact), each with its band, count and link. */
function heatMapRows(matrix: RiskMatrix, counts: ReadonlyMap<string, number>, rating: 'inherent' | 'residual', params: RiskListParams) {
  const bands = bandsByCode(matrix);
  return [...matrix.likelihoods]
    .sort((a, b) => b.level - a.level)
    .map((likelihood) => ({
      likelihood,
      cells: matrix.impacts.map((impact) => {
        const cell = matrix.cells.find((c) => c.likelihood === likelihood.level && c.impact === impact.level);
        const count = counts.get(`${likelihood.level}-${impact.level}`) ?? 0;
        return { impact, score: cell?.score ?? 0, band: cell ? bands[cell.bandCode] : undefined, count, href: `/risks?${queryOf(params, { rating, likelihood: likelihood.level, impact: impact.level })}` };
      }),
    }));
}

/** How many risks each band holds on one heat map: the map's text alternative. */
function bandTotals(matrix: RiskMatrix, counts: ReadonlyMap<string, number>) {
  return [...matrix.bands]
    .sort((a, b) => b.rank - a.rank)
    .map((band) => ({ band, count: matrix.cells.filter((c) => c.bandCode === band.code).reduce((sum, c) => sum + (counts.get(`${c.likelihood}-${c.impact}`) ?? 0), 0) }));
}

export function risksPages(services: Services) {
  const risks = services.risks;
  const decisions = services.riskDecisions;
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(riskPages(services));
    await app.register(exceptionPages(services));
    await app.register(configurationPages(services));

    app.get('/risks', { config: { access: 'risks.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const query = request.query as Record<string, string | number | undefined>;
      const params = listParams(query);
      const matrix = await risks.matrix(request.actor);
      const { filter, problems, cell } = await riskFilterOf(services, request.actor, matrix, params);
      const [result, queue, choices] = await Promise.all([
        problems.length ? { risks: [], total: 0, page: 1, pages: 1 } : risks.list(request.actor, filter, Number(query.page ?? 1)),
        decisions.mayDecide(request.actor) ? decisions.queue(request.actor) : [],
        filterChoices(services, request.actor, matrix, params),
      ]);
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/list.njk`, {
        pageTitle: 'Risks',
        params,
        cell,
        ...result,
        ...choices,
        statusNames: RISK_STATUS_NAMES,
        queueCount: queue.length,
        query: queryOf(params),
        everyCell: queryOf(withoutCell(params)),
        pagination: pageLinks(result.page, result.pages, (n) => `/risks?${queryOf(params, { page: n })}`),
        canRead: canAnywhere(request.actor, 'risks.read'),
        ...withProblems(problems),
      });
    });

    app.get('/risks/heat-map', { config: { access: 'risks.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const params = withoutCell(listParams(request.query as Record<string, string | undefined>));
      const matrix = await risks.matrix(request.actor);
      const { filter, problems } = await riskFilterOf(services, request.actor, matrix, params);
      const counts = problems.length ? { inherent: new Map<string, number>(), residual: new Map<string, number>() } : await risks.heatMap(request.actor, filter);
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/heat-map.njk`, {
        pageTitle: 'Risk heat map',
        params,
        ...(await filterChoices(services, request.actor, matrix, params)),
        impacts: matrix.impacts,
        inherent: { rows: heatMapRows(matrix, counts.inherent, 'inherent', params), totals: bandTotals(matrix, counts.inherent) },
        residual: { rows: heatMapRows(matrix, counts.residual, 'residual', params), totals: bandTotals(matrix, counts.residual) },
        query: queryOf(params),
        breadcrumbs: [{ text: 'Risks', href: '/risks' }],
        ...withProblems(problems),
      });
    });

    app.get('/risks.csv', { config: { access: 'risks.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const matrix = await risks.matrix(request.actor);
      const { filter, problems } = await riskFilterOf(services, request.actor, matrix, listParams(request.query as Record<string, string | undefined>));
      if (problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(problems.map((p) => p.message).join('\n'));
      const csv = await risks.exportCsv(request.actor, filter);
      return reply.header('content-disposition', 'attachment; filename="risks.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/risks/decisions', { config: { access: 'risks.accept' } }, async (request, reply) =>
      reply.render(`${VIEWS}/decisions.njk`, { pageTitle: 'Risks awaiting your decision', risks: await decisions.queue(request.actor), statusNames: RISK_STATUS_NAMES, breadcrumbs: [{ text: 'Risks', href: '/risks' }] }),
    );

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, risk: RiskDetails | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const [matrix, units] = await Promise.all([risks.matrix(request.actor), services.organisationUnits.listUnits(request.actor)]);
      const scale = (levels: RiskMatrix['likelihoods'], selected: string | undefined) => options(levels.map((l) => ({ value: String(l.level), text: `${l.level} ${l.name}` })), selected, 'Choose');
      return reply.render(`${VIEWS}/form.njk`, {
        pageTitle: risk ? `Change ${risk.reference}` : 'Add a risk',
        risk,
        values,
        units: options([...units].sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: u.id, text: `${u.name} (${u.code})` })), values.unit, 'Choose a unit'),
        inherentLikelihoods: scale(matrix.likelihoods, values.inherentLikelihood),
        inherentImpacts: scale(matrix.impacts, values.inherentImpact),
        residualLikelihoods: scale(matrix.likelihoods, values.residualLikelihood),
        residualImpacts: scale(matrix.impacts, values.residualImpact),
        treatments: options(TREATMENTS.map((t) => ({ value: t, text: TREATMENT_NAMES[t] })), values.treatment, 'Choose a treatment'),
        breadcrumbs: [{ text: 'Risks', href: '/risks' }, ...(risk ? [{ text: risk.reference, href: `/risks/${risk.id}` }] : [])],
        ...withProblems(problems),
      });
    };
    const riskInput = (form: Form): RiskInput => ({
      title: form.title ?? '',
      description: form.description ?? '',
      cause: form.cause ?? '',
      effect: form.effect ?? '',
      threats: form.threats ?? '',
      unit: form.unit ?? '',
      owner: form.owner ?? '',
      inherentLikelihood: level(form.inherentLikelihood),
      inherentImpact: level(form.inherentImpact),
      residualLikelihood: level(form.residualLikelihood),
      residualImpact: level(form.residualImpact),
      treatment: form.treatment ?? '',
      reviewOn: (form.reviewOn ?? '').trim(),
      services: splitList(form.services),
      assets: splitList(form.assets),
      requirements: splitList(form.requirements),
      controls: splitList(form.controls),
      suppliers: splitList(form.suppliers),
    });

    app.get('/risks/new', { config: { access: 'risks.edit-own' } }, async (request, reply) => renderForm(request, reply, undefined, { owner: request.viewLocals.currentUser?.email ?? '' }));

    app.post('/risks', { config: { access: 'risks.edit-own' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/risks/${await risks.create(request.actor, riskInput(form), request.id)}`, 303),
      );
    });

    app.get('/risks/:id/edit', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const risk = await risks.get(request.actor, (request.params as { id: string }).id);
      if (!risks.mayEdit(request.actor, risk)) throw new AppError('forbidden', 'Only the risk’s owner or the security team may change this risk.');
      return renderForm(request, reply, risk, {
        title: risk.title,
        description: risk.description,
        cause: risk.cause,
        effect: risk.effect,
        threats: risk.threats,
        unit: risk.unitId,
        owner: risk.ownerEmail ?? '',
        inherentLikelihood: String(risk.inherent.likelihood),
        inherentImpact: String(risk.inherent.impact),
        residualLikelihood: String(risk.residual.likelihood),
        residualImpact: String(risk.residual.impact),
        treatment: risk.treatment,
        reviewOn: risk.reviewOn,
        services: risk.services.map((s) => s.reference).join(', '),
        assets: risk.assets.map((a) => a.reference).join(', '),
        requirements: risk.requirements.map((r) => (r.framework ? `${r.framework}:${r.key}` : r.key)).join(', '),
        controls: risk.controls.map((c) => c.code).join(', '),
        suppliers: risk.suppliers.map((s) => s.reference).join(', '),
      });
    });

    app.post('/risks/:id', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const risk = await risks.get(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, risk, form, problems),
        async () => {
          await risks.update(request.actor, risk.id, riskInput(form), request.id);
          return reply.redirect(`/risks/${risk.id}`, 303);
        },
      );
    });
  };
}
