// Posture (by unit, requirement, framework, register; trend; as at a past date) and running the rules now.
// Each unmet count links to the report filtered to it; each finding of a past date to its own page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../access/pages.ts';
import { londonDate } from '../platform/clock.ts';
import { isId, type FieldProblem } from '../platform/http/errors.ts';
import type { Services } from '../services.ts';
import { severityChart, trendCharts } from './dashboards.ts';
import { FINDING_STATUS_NAMES } from './entity.ts';
import type { Posture } from './posture.ts';
import { ruleById } from './rules/index.ts';

const VIEWS = 'compliance/views';
const PostureQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ maxLength: 64 })),
    asAt: Type.Optional(Type.String({ maxLength: 64 })),
    evaluated: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

const KIND_NAMES = { full: 'Every rule', scoped: 'After a change' } as const;
const TRIGGER_NAMES: Readonly<Record<string, string>> = { schedule: 'Schedule', cli: 'Command line', setup: 'First-run setup', change: 'A change was saved', web: 'Run from this site', test: 'Test' };

/** The report filtered to a part of the posture, within the unit chosen. */
function reportHref(filters: Record<string, string>, unitCode: string | undefined): string {
  const query = new URLSearchParams({ ...(unitCode ? { unit: unitCode } : {}), ...filters });
  return `/compliance/report?${query.toString()}`;
}

function viewOf(posture: Posture) {
  const unitCode = posture.unit?.code;
  // The report filters by requirement and by rule; a register or a framework outcome links its rules.
  // The report lists today's findings, so a past date's counts link nowhere (its findings are listed).
  const ruleHrefs: Record<string, string> = posture.asAt ? {} : Object.fromEntries(posture.byRule.map((r) => [r.rule.id, reportHref({ rule: r.rule.id }, unitCode)]));
  return {
    byRequirement: posture.byRequirement.map((row) => ({ ...row, unmetHref: posture.asAt ? null : reportHref({ requirement: row.key }, unitCode) })),
    byRegister: posture.byRegister,
    byRule: posture.byRule.map((r) => ({ ...r, unmetHref: ruleHrefs[r.rule.id] })),
    ruleHrefs,
    findingsAsAt: posture.findingsAsAt?.map((f) => ({ ...f, ruleTitle: ruleById(f.ruleId)?.title ?? f.ruleId, statusName: FINDING_STATUS_NAMES[f.status] })) ?? null,
  };
}

export const posturePages =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    const renderPosture = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as { unit?: string; asAt?: string; evaluated?: string };
      const actor = request.actor;
      const units = await services.posture.unitChoices(actor);
      const common = {
        pageTitle: 'Compliance posture',
        values: { unit: query.unit ?? '', asAt: query.asAt ?? '' },
        units: [{ value: '', text: 'Every unit you may see' }, ...units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})`, selected: u.code.toUpperCase() === (query.unit ?? '').trim().toUpperCase() }))],
        canEvaluate: canAnywhere(actor, 'compliance.evaluate'),
        today: services.posture.today(),
      };
      const render = (problems: readonly FieldProblem[]) => reply.render(`${VIEWS}/posture.njk`, { ...common, posture: null, errorSummary: errorSummary(problems), errors: fieldErrors(problems) });
      return handleForm(reply, render, async () => {
        const posture = await services.posture.posture(actor, { unit: query.unit, asAt: query.asAt });
        const [trend, frameworks, evaluated] = await Promise.all([
          services.posture.trend(actor, query.unit),
          services.posture.byFramework(actor, posture, services.frameworks),
          query.evaluated && isId(query.evaluated) ? services.posture.run(actor, query.evaluated) : Promise.resolve(undefined),
        ]);
        const charts = trendCharts(posture.asAt ? trend.filter((t) => t.day <= posture.asAt!) : trend, 'posture-trend');
        return reply.render(`${VIEWS}/posture.njk`, {
          ...common,
          posture,
          ...viewOf(posture),
          frameworks,
          charts,
          severity: severityChart(posture, 'posture-severity'),
          evaluated: evaluated ?? null,
          reportHref: reportHref({}, posture.unit?.code),
        });
      });
    };

    app.get('/compliance', { config: { access: 'compliance.read' }, schema: { querystring: PostureQuery } }, renderPosture);

    app.get('/compliance/runs', { config: { access: 'compliance.read' } }, async (request, reply) => {
      const runs = await services.posture.runs(request.actor);
      return reply.render(`${VIEWS}/runs.njk`, {
        pageTitle: 'Compliance runs',
        runs: runs.map((r) => ({ ...r, day: londonDate(r.startedAt), kindName: KIND_NAMES[r.kind], triggerName: TRIGGER_NAMES[r.trigger] ?? r.trigger })),
        canEvaluate: canAnywhere(request.actor, 'compliance.evaluate'),
        breadcrumbs: [{ text: 'Compliance', href: '/compliance' }],
      });
    });

    app.post('/compliance/evaluate', { config: { access: 'compliance.evaluate' } }, async (request, reply) => {
      const summary = await services.compliance.evaluate(request.actor, 'web');
      return reply.redirect(`/compliance?evaluated=${summary.runId}`, 303);
    });
  };
