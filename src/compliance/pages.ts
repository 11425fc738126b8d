// The report of requirements unmet with no accepted risk (its CSV export and printable page), one
// finding with its evidence and history, and the answer to it: a fix planned as an action, or an
// exception asked for. Open to everyone signed in: the service shows each reader the findings of the
// units whose compliance they read, and always those they are accountable for.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../access/pages.ts';
import type { FieldProblem } from '../platform/http/errors.ts';
import { listParams, queryOf } from '../platform/http/list-params.ts';
import type { Services } from '../services.ts';
import { FINDING_STATUS_NAMES, FINDING_STATUSES, SEVERITIES, type FindingStatus } from './entity.ts';
import type { FindingOrder } from './findings.repository.ts';
import { REPORT_PARAMS, type FindingDetails, type ReportParams } from './report.ts';
import { pageLinks } from '../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ReportQuery = Type.Object(
  { ...Object.fromEntries(REPORT_PARAMS.map((name) => [name, Type.Optional(Type.String({ maxLength: 254 }))])), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) },
  { additionalProperties: false },
);
const FindingQuery = Type.Object({ planned: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
const VIEWS = 'compliance/views';
const SEVERITY_NAMES: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first: string) => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];
const words = { statusNames: FINDING_STATUS_NAMES, severityNames: SEVERITY_NAMES };

/** The heading says what the list is: the report itself is the open findings. */
const titleFor = (status: FindingStatus | undefined) =>
  status === 'covered' ? 'Findings covered by an exception' : status === 'resolved' ? 'Resolved findings' : status === 'open' ? 'Requirements unmet with no accepted risk' : 'Compliance findings';

export const compliancePages =
  (services: Services) =>
  async (app: FastifyInstance): Promise<void> => {
    const report = services.complianceReport;

    /** The report's filters from a request; the report itself shows the open findings unless told otherwise. */
    const resolve = async (request: FastifyRequest) => {
      const params = listParams(REPORT_PARAMS, request.query as Record<string, unknown>) as ReportParams;
      const resolved = await report.filterOf(params, { status: 'open' });
      return { params, ...resolved };
    };

    const filterChoices = async (params: ReportParams) => {
      const choices = await report.choices();
      return {
        units: options(choices.units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})` })), params.unit?.toUpperCase(), 'Any unit'),
        rules: options(choices.rules.map((r) => ({ value: r.id, text: r.title })), params.rule, 'Any rule'),
        severities: options(SEVERITIES.map((s) => ({ value: s, text: SEVERITY_NAMES[s]! })), params.severity, 'Any severity'),
        statuses: options(FINDING_STATUSES.map((s) => ({ value: s, text: FINDING_STATUS_NAMES[s] })), params.status ?? 'open', 'Any status').filter((o) => o.value !== ''),
        requirementKeys: choices.requirementKeys,
      };
    };

    /** The report page; also the answer to a printable page asked for with bad filters, so the mistakes can be put right. */
    const renderReport = async (request: FastifyRequest, reply: FastifyReply) => {
      const { params, filter, view, problems } = await resolve(request);
      const page = Number((request.query as { page?: number }).page ?? 1);
      const result = problems.length ? { groups: [], total: 0, page: 1, pages: 1, counts: null, reach: 'all' as const } : await report.report(request.actor, filter, view, page);
      const otherView: FindingOrder = view === 'unit' ? 'person' : 'unit';
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/report.njk`, {
        pageTitle: titleFor(filter.status),
        params,
        view,
        ...result,
        ...(await filterChoices(params)),
        ...words,
        status: filter.status,
        query: queryOf(params),
        otherViewHref: `/compliance/report?${queryOf({ ...params, view: otherView })}`,
        coveredHref: `/compliance/report?${queryOf({ ...params, status: 'covered' })}`,
        openHref: `/compliance/report?${queryOf({ ...params, status: 'open' })}`,
        pagination: pageLinks(result.page, result.pages, (n) => `/compliance/report?${queryOf(params, { page: n })}`),
        breadcrumbs: [{ text: 'Compliance', href: '/compliance' }],
        ...withProblems(problems),
      });
    };

    app.get('/compliance/report', { config: { access: 'signed-in' }, schema: { querystring: ReportQuery } }, renderReport);

    app.get('/compliance/report.csv', { config: { access: 'signed-in' }, schema: { querystring: ReportQuery } }, async (request, reply) => {
      const { params, filter, view, problems } = await resolve(request);
      if (problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(problems.map((p) => p.message).join('\n'));
      const csv = await report.exportCsv(request.actor, filter, view, params, request.id);
      return reply.header('content-disposition', 'attachment; filename="compliance-report.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/compliance/report/print', { config: { access: 'signed-in' }, schema: { querystring: ReportQuery } }, async (request, reply) => {
      const { params, filter, view, problems } = await resolve(request);
      if (problems.length) return renderReport(request, reply);
      const lines = await report.everyLine(request.actor, filter, view);
      const groups: Array<{ heading: string; lines: typeof lines }> = [];
      for (const line of lines) {
        const heading = view === 'person' ? (line.accountableName ?? 'No one accountable') : (line.unitName ?? 'No unit');
        const last = groups[groups.length - 1];
        if (last && last.heading === heading) last.lines.push(line);
        else groups.push({ heading, lines: [line] });
      }
      const chosen = [
        params.unit && `unit ${params.unit.toUpperCase()} and the units below it`,
        params.person && `accountable person ${params.person}`,
        params.rule && `rule ${params.rule}`,
        params.requirement && `requirement ${params.requirement}`,
        params.severity && `${params.severity} severity`,
        params.openForMoreThanDays && `open for more than ${params.openForMoreThanDays} days`,
      ].filter(Boolean);
      return reply.render(`${VIEWS}/report-print.njk`, {
        pageTitle: titleFor(filter.status),
        groups,
        total: lines.length,
        view,
        filtersText: chosen.length ? `Filtered to ${chosen.join('; ')}.` : 'Every finding you may see.',
        printedOn: services.context.clock.now(),
        backHref: `/compliance/report${queryOf(params) ? `?${queryOf(params)}` : ''}`,
        ...words,
      });
    });

    const renderFinding = async (request: FastifyRequest, reply: FastifyReply, values: Form | null, problems: readonly FieldProblem[] = []) => {
      const finding: FindingDetails = await report.finding(request.actor, (request.params as { id: string }).id);
      const planned = (request.query as { planned?: string } | undefined)?.planned;
      // The exception form names a framework's requirement by its framework's code and key (ncsc-caf:B2.a).
      const requirement = finding.requirementKey ? (finding.frameworkCode ? `${finding.frameworkCode}:${finding.requirementKey}` : finding.requirementKey) : '';
      const exceptionQuery = queryOf({ requirement, scopeType: finding.scopeType, scope: finding.scopeReference ?? '' });
      return reply.render(`${VIEWS}/finding.njk`, {
        pageTitle: `${finding.label}: ${finding.status === 'resolved' ? 'met' : 'not met'}`,
        finding,
        values: values ?? { owner: await report.personEmail(finding.accountablePersonId) },
        planned: planned && finding.actions.find((a) => a.id === planned),
        exceptionHref: `/risk-exceptions/new?${exceptionQuery}`,
        ...words,
        breadcrumbs: [
          { text: 'Compliance', href: '/compliance' },
          { text: 'Requirements unmet', href: '/compliance/report' },
        ],
        ...withProblems(problems),
      });
    };

    app.get('/compliance/findings/:id', { config: { access: 'signed-in' }, schema: { params: IdParams, querystring: FindingQuery } }, async (request, reply) => renderFinding(request, reply, null));

    app.post('/compliance/findings/:id/actions', { config: { access: 'compliance.respond' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const id = (request.params as { id: string }).id;
      return handleForm(
        reply,
        (problems) => renderFinding(request, reply, form, problems),
        async () => {
          const action = await report.planFix(request.actor, id, { title: form.title ?? '', owner: form.owner ?? '', dueOn: form.dueOn ?? '', description: form.description ?? '' }, request.id);
          return reply.redirect(`/compliance/findings/${id}?planned=${action.id}#actions`, 303);
        },
        ['forbidden'],
      );
    });
  };
