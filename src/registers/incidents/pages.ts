// The incidents register on the web: the register with its filters, trend charts and timings, its CSV
// export, and the quarterly return (choose a quarter, download the CSV). Someone who does not read the
// register sees their own reports and the incidents assigned to them instead. Reporting is in
// report-pages.ts, an incident's own page and its forms in handling-pages.ts and learning-pages.ts.
// The service decides who sees what, and redacts personal data the reader has no need to know.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../access/actor.ts';
import { errorSummary, fieldErrors } from '../../access/pages.ts';
import { londonDate } from '../../platform/clock.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { CATEGORY_NAMES, INCIDENT_CATEGORIES, INCIDENT_KINDS, INCIDENT_STAGES, KIND_NAMES, PERSONAL_DATA_ANSWERS, PERSONAL_DATA_NAMES, STAGE_NAMES } from './entity.ts';
import { handlingPages } from './handling-pages.ts';
import { learningPages } from './learning-pages.ts';
import { incidentFilterOf, LIST_PARAMS, listParams, queryOf, type IncidentListParams } from './list-query.ts';
import { reportPages } from './report-pages.ts';
import { timingRows, trendCharts } from './trend-charts.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

const ListQuery = Type.Object(
  { ...Object.fromEntries(LIST_PARAMS.map((name) => [name, Type.Optional(Type.String({ maxLength: 254 }))])), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) },
  { additionalProperties: false },
);
const QuarterQuery = Type.Object({ quarter: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const VIEWS = 'registers/incidents/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first: string) => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];
const QUARTER_MONTHS = ['January to March', 'April to June', 'July to September', 'October to December'];

/** The quarters a return may be asked for: this one and the seven before it, newest first. */
export function recentQuarters(today: string, count = 8): Array<{ value: string; text: string }> {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const quarters: Array<{ value: string; text: string }> = [];
  for (let i = 0, q = Math.floor((month - 1) / 3), y = year; i < count; i++) {
    quarters.push({ value: `${y}-Q${q + 1}`, text: `${QUARTER_MONTHS[q]} ${y} (${y}-Q${q + 1})` });
    q -= 1;
    if (q < 0) [q, y] = [3, y - 1];
  }
  return quarters;
}

// The service has no export of the register yet, so the page reads the whole list a page at a time.
export function incidentsPages(services: Services) {
  const incidents = services.incidents;
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(reportPages(services));
    await app.register(handlingPages(services));
    await app.register(learningPages(services));

    const filterChoices = async (actor: Actor, params: IncidentListParams) => {
      const [units, choices] = await Promise.all([services.organisationUnits.listUnits(actor), incidents.options(actor)]);
      return {
        units: options([...units].sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: u.code, text: `${u.name} (${u.code})` })), params.unit?.toUpperCase(), 'Any unit'),
        stages: options(INCIDENT_STAGES.map((s) => ({ value: s, text: STAGE_NAMES[s] })), params.stage, 'Any stage'),
        kinds: options(INCIDENT_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k] })), params.kind, 'Incidents and near misses'),
        categories: options(INCIDENT_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_NAMES[c] })), params.category, 'Any category'),
        severities: options(choices.severities.map((s) => ({ value: s.code, text: s.name })), params.severity, 'Any severity'),
        personalDataAnswers: options(PERSONAL_DATA_ANSWERS.map((a) => ({ value: a, text: PERSONAL_DATA_NAMES[a] })), params.personalData, 'Any answer'),
        openChoices: options([{ value: 'yes', text: 'Open' }, { value: 'no', text: 'Closed' }], params.open, 'Open or closed'),
      };
    };

    app.get('/incidents', { config: { access: 'incidents.report' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const actor = request.actor;
      const names = { stageNames: STAGE_NAMES, kindNames: KIND_NAMES, categoryNames: CATEGORY_NAMES, personalDataNames: PERSONAL_DATA_NAMES };
      const queue = await incidents.queue(actor);
      if (!incidents.mayReadRegister(actor)) {
        return reply.render(`${VIEWS}/mine.njk`, { pageTitle: 'Incidents', reports: await incidents.myReports(actor), queue, ...names });
      }
      const query = request.query as Record<string, string | number | undefined>;
      const params = listParams(query);
      const { filter, problems } = await incidentFilterOf(services, actor, params);
      const empty = { incidents: [], total: 0, page: 1, pages: 1 };
      const [result, trend, timings, choices] = await Promise.all([
        problems.length ? empty : incidents.list(actor, filter, Number(query.page ?? 1)),
        incidents.trend(actor, problems.length ? {} : filter),
        incidents.timings(actor, problems.length ? {} : filter),
        filterChoices(actor, params),
      ]);
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/list.njk`, {
        pageTitle: 'Incidents',
        params,
        ...result,
        ...choices,
        ...names,
        charts: trendCharts(trend),
        timings: timingRows(timings),
        queueCount: queue.length,
        query: queryOf(params),
        icoOverdueQuery: queryOf({ icoOverdue: 'yes' }),
        pagination: pageLinks(result.page, result.pages, (n) => `/incidents?${queryOf(params, { page: n })}`),
        ...withProblems(problems),
      });
    });

    app.get('/incidents.csv', { config: { access: 'incidents.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const { filter, problems } = await incidentFilterOf(services, request.actor, listParams(request.query as Record<string, string | undefined>));
      if (problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(problems.map((p) => p.message).join('\n'));
      const csv = await incidents.exportCsv(request.actor, filter, request.id);
      return reply.header('content-disposition', 'attachment; filename="incidents.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/incidents/quarterly-return', { config: { access: 'incidents.read' } }, async (request, reply) => {
      const layout = await incidents.returnLayout(request.actor);
      const quarters = recentQuarters(londonDate(services.context.clock.now()));
      return reply.render(`${VIEWS}/quarterly-return.njk`, { pageTitle: 'Quarterly return', quarters: quarters.map((q, i) => ({ ...q, checked: i === 1 })), layout, breadcrumbs: [{ text: 'Incidents', href: '/incidents' }] });
    });

    app.get('/incidents/quarterly-return.csv', { config: { access: 'incidents.read' }, schema: { querystring: QuarterQuery } }, async (request, reply) => {
      const quarter = (request.query as { quarter?: string }).quarter ?? recentQuarters(londonDate(services.context.clock.now()))[1]!.value;
      const result = await incidents.quarterlyReturn(request.actor, quarter);
      return reply.header('content-disposition', `attachment; filename="${result.filename}"`).header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(result.csv);
    });
  };
}
