// CAF self-assessments on the web: the list, the start form, an assessment's page by objective, each
// outcome's page and form, the gap to the target (chart and table), the CSV and a printable page.
// The service decides who sees and does what; routes only read forms and render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { chart } from '../../platform/views/charts.ts';
import type { Services } from '../../services.ts';
import { ACHIEVEMENT_NAMES, PROFILE_NAMES } from '../frameworks/entity.ts';
import { ACHIEVEMENT_LEVELS } from '../frameworks/formats/parsed.ts';
import { ASSESSMENT_STATUS_NAMES, GAP_NAMES, type AssessmentDetails, type OutcomeResult } from './entity.ts';
import { indicatorsSuggest } from './gap.ts';

type Form = Record<string, string | string[] | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const OutcomeParams = Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String({ maxLength: 40 }) });
const VIEWS = 'registers/caf-assessments/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const text = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const NAMES = { achievementNames: ACHIEVEMENT_NAMES, profileNames: PROFILE_NAMES, statusNames: ASSESSMENT_STATUS_NAMES, gapNames: GAP_NAMES };

/** The outcomes grouped by objective, then principle, in framework order. */
function byObjective(outcomes: readonly OutcomeResult[]) {
  const objectives: Array<{ key: string; title: string; principles: Array<{ key: string; title: string; outcomes: OutcomeResult[] }> }> = [];
  for (const o of outcomes) {
    let objective = objectives.at(-1);
    if (objective?.key !== o.objectiveKey) objectives.push((objective = { key: o.objectiveKey, title: o.objectiveTitle, principles: [] }));
    let principle = objective.principles.at(-1);
    if (principle?.key !== o.principleKey) objective.principles.push((principle = { key: o.principleKey, title: o.principleTitle, outcomes: [] }));
    principle.outcomes.push(o);
  }
  return objectives;
}

function gapChart(assessment: AssessmentDetails) {
  const rows = assessment.gapByObjective;
  return chart({
    id: 'chart-caf-gap',
    kind: 'column',
    title: `Contributing outcomes against the ${PROFILE_NAMES[assessment.profile]} profile, by objective`,
    categoryHeading: 'Objective',
    valueHeading: 'Outcomes',
    categories: rows.map((r) => ({ label: `${r.objectiveKey} ${r.objectiveTitle}`, axisLabel: `Objective ${r.objectiveKey}` })),
    series: [
      { name: 'Meets target', values: rows.map((r) => r.meets) },
      { name: 'Below target', values: rows.map((r) => r.below) },
      { name: 'Not assessed', values: rows.map((r) => r.notAssessed) },
      ...(rows.some((r) => r.noTarget > 0) ? [{ name: 'No target set', values: rows.map((r) => r.noTarget) }] : []),
    ],
    totals: true,
  });
}

export function cafAssessmentsPages(services: Services) {
  const caf = services.cafAssessments;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/caf-assessments', { config: { access: 'signed-in' } }, async (request, reply) =>
      reply.render(`${VIEWS}/list.njk`, { pageTitle: 'CAF self-assessments', assessments: await caf.list(request.actor), mayStart: canAnywhere(request.actor, 'caf-assessments.manage'), ...NAMES }),
    );

    const renderStart = (reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/start.njk`, {
        pageTitle: 'Start a CAF self-assessment',
        values,
        profiles: [{ value: 'baseline', text: PROFILE_NAMES.baseline, checked: values.profile === 'baseline' }, { value: 'enhanced', text: PROFILE_NAMES.enhanced, checked: values.profile === 'enhanced' }],
        breadcrumbs: [{ text: 'CAF self-assessments', href: '/caf-assessments' }],
        ...withProblems(problems),
      });

    app.get('/caf-assessments/new', { config: { access: 'caf-assessments.manage' } }, async (_request, reply) => renderStart(reply, { profile: 'baseline' }));

    app.post('/caf-assessments', { config: { access: 'caf-assessments.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderStart(reply, form, problems), async () => {
        const id = await caf.start(request.actor, { service: text(form.service), profile: text(form.profile), dueOn: text(form.dueOn), assessors: text(form.assessors).split(/[\n,]/) }, request.id);
        return reply.redirect(`/caf-assessments/${id}`, 303);
      });
    });

    const renderAssessment = async (request: FastifyRequest, reply: FastifyReply, id: string, problems: readonly FieldProblem[] = [], assessors?: string) => {
      const assessment = await caf.get(request.actor, id);
      return reply.render(`${VIEWS}/assessment.njk`, {
        pageTitle: `${assessment.reference}: ${assessment.serviceReference} ${assessment.serviceName}`,
        assessment,
        objectives: byObjective(assessment.outcomes),
        mayManage: caf.mayManage(request.actor, assessment),
        mayAssess: caf.mayAssess(request.actor, assessment),
        assessorsText: assessors ?? assessment.assessors.map((a) => a.email ?? '').join('\n'),
        breadcrumbs: [{ text: 'CAF self-assessments', href: '/caf-assessments' }],
        ...NAMES,
        ...withProblems(problems),
      });
    };

    app.get('/caf-assessments/:id', { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => renderAssessment(request, reply, (request.params as { id: string }).id));

    const act = (path: string, access: 'caf-assessments.assess' | 'caf-assessments.manage', run: (request: FastifyRequest, id: string) => Promise<unknown>) =>
      app.post(`/caf-assessments/:id/${path}`, { config: { access }, schema: { params: IdParams } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        return handleForm(reply, (problems) => renderAssessment(request, reply, id, problems), async () => {
          await run(request, id);
          return reply.redirect(`/caf-assessments/${id}`, 303);
        });
      });
    app.post('/caf-assessments/:id/assessors', { config: { access: 'caf-assessments.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderAssessment(request, reply, id, problems, text(form.assessors)), async () => {
        await caf.assignAssessors(request.actor, id, text(form.assessors).split(/[\n,]/), request.id);
        return reply.redirect(`/caf-assessments/${id}`, 303);
      });
    });
    act('prefill', 'caf-assessments.assess', (request, id) => caf.refreshPrefill(request.actor, id, request.id));
    act('submit', 'caf-assessments.assess', (request, id) => caf.submit(request.actor, id, request.id));
    act('complete', 'caf-assessments.manage', (request, id) => caf.complete(request.actor, id, request.id));

    const renderOutcome = async (request: FastifyRequest, reply: FastifyReply, id: string, key: string, values?: Form, problems: readonly FieldProblem[] = []) => {
      const { assessment, outcome } = await caf.outcome(request.actor, id, key);
      const chosen = values ? text(values.status) : (outcome.status ?? (outcome.source === null ? '' : 'not-assessed'));
      const metKeys = values ? new Set([values.indicators ?? []].flat()) : new Set(outcome.indicators.filter((i) => i.met).map((i) => i.key));
      return reply.render(`${VIEWS}/outcome.njk`, {
        pageTitle: `${outcome.key} ${outcome.title}`,
        assessment,
        outcome,
        suggestion: indicatorsSuggest(outcome.indicators),
        mayAssess: caf.mayAssess(request.actor, assessment),
        justification: values ? text(values.justification) : outcome.justification || outcome.proposedJustification,
        statuses: [...ACHIEVEMENT_LEVELS.map((l) => ({ value: l, text: ACHIEVEMENT_NAMES[l] })), { value: 'not-assessed', text: 'Not assessed' }].map((s) => ({ ...s, checked: s.value === chosen })),
        indicatorGroups: ACHIEVEMENT_LEVELS.map((level) => ({
          level,
          items: outcome.indicators.filter((i) => i.achievement === level).map((i) => ({ value: i.key, html: `<strong>${i.key}</strong> ${escapeHtml(i.text)}`, checked: metKeys.has(i.key) })),
        })).filter((g) => g.items.length > 0),
        breadcrumbs: [{ text: 'CAF self-assessments', href: '/caf-assessments' }, { text: assessment.reference, href: `/caf-assessments/${assessment.id}#objective-${outcome.objectiveKey}` }],
        ...NAMES,
        ...withProblems(problems),
      });
    };

    app.get('/caf-assessments/:id/outcomes/:key', { config: { access: 'signed-in' }, schema: { params: OutcomeParams } }, async (request, reply) => {
      const { id, key } = request.params as { id: string; key: string };
      return renderOutcome(request, reply, id, key);
    });

    app.post('/caf-assessments/:id/outcomes/:key', { config: { access: 'caf-assessments.assess' }, schema: { params: OutcomeParams } }, async (request, reply) => {
      const { id, key } = request.params as { id: string; key: string };
      const form = (request.body ?? {}) as Form;
      const met = [form.indicators ?? []].flat();
      return handleForm(reply, (problems) => renderOutcome(request, reply, id, key, form, problems), async () => {
        await caf.recordOutcome(request.actor, id, key, { status: text(form.status), justification: text(form.justification), indicators: Object.fromEntries(met.map((k) => [k, true])) }, request.id);
        return reply.redirect(`/caf-assessments/${id}#outcome-${key}`, 303);
      });
    });

    app.get('/caf-assessments/:id/gap', { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const assessment = await caf.get(request.actor, (request.params as { id: string }).id);
      return reply.render(`${VIEWS}/gap.njk`, {
        pageTitle: `${assessment.reference}: gap to the ${PROFILE_NAMES[assessment.profile]} target`,
        assessment,
        chart: gapChart(assessment),
        below: assessment.outcomes.filter((o) => o.gap === 'below'),
        breadcrumbs: [{ text: 'CAF self-assessments', href: '/caf-assessments' }, { text: assessment.reference, href: `/caf-assessments/${assessment.id}` }],
        ...NAMES,
      });
    });

    app.get('/caf-assessments/:id/export.csv', { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const { reference, csv } = await caf.exportCsv(request.actor, (request.params as { id: string }).id);
      return reply.header('content-disposition', `attachment; filename="${reference.toLowerCase()}.csv"`).header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/caf-assessments/:id/print', { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const assessment = await caf.get(request.actor, (request.params as { id: string }).id);
      return reply.render(`${VIEWS}/print.njk`, { pageTitle: `${assessment.reference}: CAF self-assessment of ${assessment.serviceReference} ${assessment.serviceName}`, assessment, objectives: byObjective(assessment.outcomes), chart: gapChart(assessment), printedOn: services.context.clock.now(), ...NAMES });
    });
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
