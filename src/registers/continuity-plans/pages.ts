// Continuity on the web: the list of plans with their last continuity-exercise, filters (unit, kind,
// overdue), the chart of plans by standing per agency with its table, the CSV export, a plan's page
// with its exercises and their actions, and the forms for a plan and an exercise. The service decides
// who sees and does what.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { sendAttachment } from '../../platform/files/http.ts';
import { AppError, type FieldProblem } from '../../platform/http/errors.ts';
import { multipartFile } from '../../platform/http/multipart.ts';
import { chart } from '../../platform/views/charts.ts';
import type { Services } from '../../services.ts';
import { STATUS_NAMES as ACTION_STATUS_NAMES } from '../actions/entity.ts';
import {
  EXERCISE_KIND_NAMES, EXERCISE_KINDS, EXERCISE_RESULT_NAMES, EXERCISE_RESULTS, isOneOf, PLAN_KIND_NAMES, PLAN_KINDS, PLAN_STATUS_NAMES, PLAN_STATUSES,
  type ExerciseInput, type PlanDetails, type PlanInput, type PlanSummary,
} from './entity.ts';
import type { ContinuityListFilter } from './service.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  { unit: Type.Optional(Type.String({ maxLength: 40 })), kind: Type.Optional(Type.String({ maxLength: 40 })), overdue: Type.Optional(Type.String({ maxLength: 5 })) },
  { additionalProperties: false },
);
const VIEWS = 'registers/continuity-plans/views';
/** How many gap actions the exercise form offers at once. */
export const ACTION_ROWS = 3;
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first: string) => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];

interface ListParams {
  readonly unit?: string;
  readonly kind?: string;
  readonly overdue?: string;
}

async function filterOf(services: Services, request: FastifyRequest, params: ListParams): Promise<{ filter: ContinuityListFilter; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  let unitId: string | undefined;
  if (params.unit) {
    const unit = (await services.organisationUnits.listUnits(request.actor)).find((u) => u.code === params.unit!.toUpperCase());
    if (unit) unitId = unit.id;
    else problems.push({ field: 'unit', message: `No unit has the code ${params.unit}` });
  }
  if (params.kind && !isOneOf(PLAN_KINDS, params.kind)) problems.push({ field: 'kind', message: 'Choose a kind of plan from the list' });
  if (params.overdue && !['yes', 'no'].includes(params.overdue)) problems.push({ field: 'overdue', message: 'Choose overdue or in date' });
  return {
    filter: {
      ...(unitId ? { unitId } : {}),
      ...(params.kind && isOneOf(PLAN_KINDS, params.kind) ? { kind: params.kind } : {}),
      ...(params.overdue === 'yes' ? { overdue: true } : params.overdue === 'no' ? { overdue: false } : {}),
    },
    problems,
  };
}

const queryOf = (params: ListParams) => new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();

export function continuityPages(services: Services) {
  const plans = services.continuityPlans;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/continuity', { config: { access: 'continuity.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const params = request.query as ListParams;
      const { filter, problems } = await filterOf(services, request, params);
      const list: PlanSummary[] = problems.length ? [] : await plans.list(request.actor, filter);
      const standing = plans.standingByAgency(list);
      const units = [...(await services.organisationUnits.listUnits(request.actor))].sort((a, b) => a.name.localeCompare(b.name));
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/list.njk`, {
        pageTitle: 'Continuity plans',
        plans: list,
        params,
        query: queryOf(params),
        units: options(units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})` })), params.unit?.toUpperCase(), 'Any unit'),
        kinds: options(PLAN_KINDS.map((k) => ({ value: k, text: PLAN_KIND_NAMES[k] })), params.kind, 'Any kind'),
        overdueChoices: options([{ value: 'yes', text: 'Overdue' }, { value: 'no', text: 'In date' }], params.overdue, 'Either'),
        kindNames: PLAN_KIND_NAMES,
        statusNames: PLAN_STATUS_NAMES,
        resultNames: EXERCISE_RESULT_NAMES,
        overdueCount: list.filter((p) => p.standing.overdue).length,
        chart: standing.agencies.length
          ? chart({
              id: 'chart-continuity',
              kind: 'column',
              title: 'Continuity plans by exercise standing, per agency',
              categoryHeading: 'Agency',
              valueHeading: 'Plans',
              categories: standing.agencies,
              series: [
                { name: 'In date', values: standing.counts['in-date'] },
                { name: 'Overdue', values: standing.counts.overdue },
                { name: 'Never exercised', values: standing.counts['never-exercised'] },
              ],
              totals: true,
            })
          : null,
        ...withProblems(problems),
      });
    });

    app.get('/continuity.csv', { config: { access: 'continuity.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const { filter, problems } = await filterOf(services, request, request.query as ListParams);
      if (problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(problems.map((p) => p.message).join('\n'));
      const csv = await plans.exportCsv(request.actor, filter);
      return reply.header('content-disposition', 'attachment; filename="continuity-plans.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    const renderPlanForm = (reply: FastifyReply, plan: PlanDetails | undefined, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/form.njk`, {
        pageTitle: plan ? `Change ${plan.reference}` : 'Add a continuity plan',
        plan,
        values,
        kinds: options(PLAN_KINDS.map((k) => ({ value: k, text: PLAN_KIND_NAMES[k] })), values.kind, 'Choose a kind'),
        statuses: options(PLAN_STATUSES.map((s) => ({ value: s, text: PLAN_STATUS_NAMES[s] })), values.status, 'Choose a status'),
        breadcrumbs: [{ text: 'Continuity', href: '/continuity' }, ...(plan ? [{ text: plan.reference, href: `/continuity/${plan.id}` }] : [])],
        ...withProblems(problems),
      });
    const planInput = (form: Form): PlanInput => ({
      title: form.title ?? '',
      kind: form.kind ?? '',
      service: form.service ?? '',
      unit: form.unit ?? '',
      owner: form.owner ?? '',
      rtoHours: form.rtoHours ?? '',
      rpoHours: form.rpoHours ?? '',
      backupArrangements: form.backupArrangements ?? '',
      documentUrl: form.documentUrl ?? '',
      testingIntervalMonths: form.testingIntervalMonths ?? '',
      status: form.status ?? '',
    });

    app.get('/continuity/new', { config: { access: 'continuity.edit-own' } }, async (request, reply) =>
      renderPlanForm(reply, undefined, { owner: request.viewLocals.currentUser?.email ?? '', testingIntervalMonths: '12', status: 'draft' }),
    );

    app.post('/continuity', { config: { access: 'continuity.edit-own' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderPlanForm(reply, undefined, form, problems), async () => reply.redirect(`/continuity/${await plans.create(request.actor, planInput(form), request.id)}`, 303));
    });

    const renderPlan = async (request: FastifyRequest, reply: FastifyReply, id: string, problems: readonly FieldProblem[] = []) => {
      const plan = await plans.get(request.actor, id);
      return reply.render(`${VIEWS}/plan.njk`, {
        ...withProblems(problems),
        maxUploadMb: services.context.config.maxUploadMb,
        pageTitle: plan.title,
        plan,
        mayManage: plans.mayManage(request.actor, plan),
        kindNames: PLAN_KIND_NAMES,
        statusNames: PLAN_STATUS_NAMES,
        exerciseKindNames: EXERCISE_KIND_NAMES,
        resultNames: EXERCISE_RESULT_NAMES,
        actionStatusNames: ACTION_STATUS_NAMES,
        breadcrumbs: [{ text: 'Continuity', href: '/continuity' }],
      });
    };

    app.get('/continuity/:id', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => renderPlan(request, reply, (request.params as { id: string }).id));

    app.post('/continuity/:id/document', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const file = await multipartFile(request.body, 'document');
      return handleForm(reply, (problems) => renderPlan(request, reply, id, problems), async () => {
        await plans.uploadDocument(request.actor, id, file, request.id);
        return reply.redirect(`/continuity/${id}`, 303);
      });
    });

    app.get('/continuity/:id/document', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) =>
      sendAttachment(reply, await plans.documentFile(request.actor, (request.params as { id: string }).id)),
    );

    app.get('/continuity/:id/edit', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const plan = await plans.get(request.actor, (request.params as { id: string }).id);
      if (!plans.mayManage(request.actor, plan)) throw new AppError('forbidden', 'Only the plan’s owner or the security team may change this continuity plan.');
      return renderPlanForm(reply, plan, {
        title: plan.title,
        kind: plan.kind,
        service: plan.serviceReference ?? '',
        unit: plan.serviceReference ? '' : plan.unitCode,
        owner: plan.ownerEmail ?? '',
        rtoHours: String(plan.rtoHours),
        rpoHours: String(plan.rpoHours),
        backupArrangements: plan.backupArrangements,
        documentUrl: plan.documentUrl,
        testingIntervalMonths: String(plan.testingIntervalMonths),
        status: plan.status,
      });
    });

    app.post('/continuity/:id', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const plan = await plans.get(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderPlanForm(reply, plan, form, problems), async () => {
        await plans.update(request.actor, plan.id, planInput(form), request.id);
        return reply.redirect(`/continuity/${plan.id}`, 303);
      });
    });

    const renderExerciseForm = (reply: FastifyReply, plan: PlanDetails, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/exercise-form.njk`, {
        pageTitle: `Record a continuity-exercise of ${plan.reference}`,
        plan,
        values,
        actionRows: Array.from({ length: ACTION_ROWS }, (_, i) => i),
        kinds: options(EXERCISE_KINDS.map((k) => ({ value: k, text: EXERCISE_KIND_NAMES[k] })), values.kind, 'Choose a kind'),
        results: EXERCISE_RESULTS.map((r) => ({ value: r, text: EXERCISE_RESULT_NAMES[r], checked: values.result === r })),
        breadcrumbs: [{ text: 'Continuity', href: '/continuity' }, { text: plan.reference, href: `/continuity/${plan.id}` }],
        ...withProblems(problems),
      });
    const exerciseInput = (form: Form): ExerciseInput => ({
      kind: form.kind ?? '',
      exercisedOn: form.exercisedOn ?? '',
      scenario: form.scenario ?? '',
      participants: form.participants ?? '',
      result: form.result ?? '',
      achievedRtoHours: form.achievedRtoHours ?? '',
      achievedRpoHours: form.achievedRpoHours ?? '',
      gaps: form.gaps ?? '',
      evidence: form.evidence ?? '',
      actions: Array.from({ length: ACTION_ROWS }, (_, i) => ({ title: form[`actions-${i}-title`] ?? '', dueOn: form[`actions-${i}-dueOn`] ?? '', owner: form[`actions-${i}-owner`] ?? '' })),
    });

    app.get('/continuity/:id/exercises/new', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const plan = await plans.get(request.actor, (request.params as { id: string }).id);
      if (!plans.mayManage(request.actor, plan)) throw new AppError('forbidden', 'Only the plan’s owner or the security team may record its exercises.');
      return renderExerciseForm(reply, plan, {});
    });

    app.post('/continuity/:id/exercises', { config: { access: 'continuity.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const plan = await plans.get(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderExerciseForm(reply, plan, form, problems), async () => {
        await plans.recordExercise(request.actor, plan.id, exerciseInput(form), request.id);
        return reply.redirect(`/continuity/${plan.id}#exercises`, 303);
      });
    });
  };
}
