// Compliance reviews on the web: the list with filters (status, unit), the form to plan a review, a
// review's page with its checklist (and what the compliance engine says beside each item) and
// findings with their actions, the forms for a result, a finding, a remediation action and completing,
// the printable report and the CSV exports. The service decides who sees and does what: the pages
// that only read are open to anyone signed in, because a review's lead reviewer sees it by assignment.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { AppError, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { STATUS_NAMES as ACTION_STATUS_NAMES } from '../actions/entity.ts';
import {
  FINDING_SEVERITIES, FINDING_SEVERITY_NAMES, isOneOf, ITEM_RESULT_NAMES, ITEM_RESULTS, REVIEW_STATUS_NAMES, REVIEW_STATUSES,
  type ReviewDetails, type ReviewInput,
} from './entity.ts';
import type { ReviewFilter } from './repository.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemParams = Type.Object({ id: Type.String({ format: 'uuid' }), itemId: Type.String({ format: 'uuid' }) });
const FindingParams = Type.Object({ id: Type.String({ format: 'uuid' }), findingId: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), unit: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
const VIEWS = 'registers/compliance-reviews/views';
const BASE = '/compliance-reviews';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first: string) => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];
const names = { statusNames: REVIEW_STATUS_NAMES, resultNames: ITEM_RESULT_NAMES, severityNames: FINDING_SEVERITY_NAMES, actionStatusNames: ACTION_STATUS_NAMES };
const crumbs = (review?: ReviewDetails) => [{ text: 'Compliance reviews', href: BASE }, ...(review ? [{ text: review.reference, href: `${BASE}/${review.id}` }] : [])];
const csv = (reply: FastifyReply, name: string, body: string) => reply.header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(body);

export function complianceReviewsPages(services: Services) {
  const reviews = services.complianceReviews;
  return async (app: FastifyInstance): Promise<void> => {
    app.get(BASE, { config: { access: 'signed-in' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const params = request.query as { status?: string; unit?: string };
      const problems: FieldProblem[] = [];
      const units = [...(await services.organisationUnits.listUnits(request.actor))].sort((a, b) => a.name.localeCompare(b.name));
      const filter: { -readonly [K in keyof ReviewFilter]: ReviewFilter[K] } = {};
      if (params.status) {
        if (isOneOf(REVIEW_STATUSES, params.status)) filter.status = params.status;
        else problems.push({ field: 'status', message: 'Choose a status from the list' });
      }
      if (params.unit) {
        const unit = units.find((u) => u.code === params.unit!.toUpperCase());
        if (unit) filter.unitId = unit.id;
        else problems.push({ field: 'unit', message: `No unit has the code ${params.unit}` });
      }
      const list = problems.length ? [] : await reviews.list(request.actor, filter);
      return reply.code(problems.length ? 400 : 200).render(`${VIEWS}/list.njk`, {
        pageTitle: 'Compliance reviews',
        reviews: list,
        mayPlan: reviews.mayPlan(request.actor),
        statuses: options(REVIEW_STATUSES.map((s) => ({ value: s, text: REVIEW_STATUS_NAMES[s] })), params.status, 'Any status'),
        units: options(units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})` })), params.unit?.toUpperCase(), 'Any unit'),
        ...names,
        ...withProblems(problems),
      });
    });

    const renderReviewForm = async (request: FastifyRequest, reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/form.njk`, {
        pageTitle: 'Plan a compliance-review',
        values,
        sources: options((await reviews.sourceChoices(request.actor)).map((s) => ({ value: s.code, text: `${s.name}: ${s.code}` })), values.source, 'Choose a source'),
        breadcrumbs: crumbs(),
        ...withProblems(problems),
      });
    const reviewInput = (form: Form): ReviewInput => ({
      title: form.title ?? '',
      unit: form.unit ?? '',
      service: form.service ?? '',
      source: form.source ?? '',
      requirements: form.requirements ?? '',
      lead: form.lead ?? '',
      plannedOn: form.plannedOn ?? '',
    });

    app.get(`${BASE}/new`, { config: { access: 'compliance-reviews.manage' } }, async (request, reply) => renderReviewForm(request, reply, { lead: request.viewLocals.currentUser?.email ?? '' }));

    app.post(BASE, { config: { access: 'compliance-reviews.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderReviewForm(request, reply, form, problems), async () => reply.redirect(`${BASE}/${await reviews.create(request.actor, reviewInput(form), request.id)}`, 303));
    });

    const renderReview = async (request: FastifyRequest, reply: FastifyReply, review: ReviewDetails, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/review.njk`, { pageTitle: review.title, review, mayManage: reviews.mayManage(request.actor, review), breadcrumbs: crumbs(), ...names, ...withProblems(problems) });
    const load = (request: FastifyRequest) => reviews.get(request.actor, (request.params as { id: string }).id);
    const refuseUnlessManager = (request: FastifyRequest, review: ReviewDetails) => {
      if (!reviews.mayManage(request.actor, review)) throw new AppError('forbidden', 'Only the Security and Information Group for the review’s unit may run this compliance-review.');
    };

    app.get(`${BASE}/:id`, { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => renderReview(request, reply, await load(request)));

    app.post(`${BASE}/:id/start`, { config: { access: 'compliance-reviews.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      return handleForm(reply, (problems) => renderReview(request, reply, review, problems), async () => {
        await reviews.start(request.actor, review.id, request.id);
        return reply.redirect(`${BASE}/${review.id}#checklist`, 303);
      });
    });

    const renderResultForm = (reply: FastifyReply, review: ReviewDetails, itemId: string, values: Form, problems: readonly FieldProblem[] = []) => {
      const item = review.checklist.find((i) => i.id === itemId);
      if (!item) throw new AppError('not_found', 'The checklist item was not found. Go back to the review.');
      return reply.render(`${VIEWS}/result-form.njk`, {
        pageTitle: `Record the result for ${item.requirementKey}`,
        review,
        item,
        values,
        results: ITEM_RESULTS.map((r) => ({ value: r, text: ITEM_RESULT_NAMES[r], checked: values.result === r })),
        breadcrumbs: crumbs(review),
        ...withProblems(problems),
      });
    };

    app.get(`${BASE}/:id/items/:itemId`, { config: { access: 'compliance-reviews.manage' }, schema: { params: ItemParams } }, async (request, reply) => {
      const review = await load(request);
      refuseUnlessManager(request, review);
      const item = review.checklist.find((i) => i.id === (request.params as { itemId: string }).itemId);
      return renderResultForm(reply, review, (request.params as { itemId: string }).itemId, { result: item?.result ?? '', note: item?.note ?? '' });
    });

    app.post(`${BASE}/:id/items/:itemId`, { config: { access: 'compliance-reviews.manage' }, schema: { params: ItemParams } }, async (request, reply) => {
      const review = await load(request);
      const { itemId } = request.params as { itemId: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderResultForm(reply, review, itemId, form, problems), async () => {
        await reviews.recordResult(request.actor, review.id, itemId, { result: form.result ?? '', note: form.note ?? '' }, request.id);
        return reply.redirect(`${BASE}/${review.id}#item-${itemId}`, 303);
      });
    });

    const renderFindingForm = (reply: FastifyReply, review: ReviewDetails, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/finding-form.njk`, {
        pageTitle: `Raise a finding on ${review.reference}`,
        review,
        values,
        severities: FINDING_SEVERITIES.map((s) => ({ value: s, text: FINDING_SEVERITY_NAMES[s], checked: values.severity === s })),
        items: options(review.checklist.map((i) => ({ value: i.requirementKey, text: `${i.requirementKey}: ${i.requirementText.slice(0, 80)}` })), values.item, 'None: the scope as a whole'),
        breadcrumbs: crumbs(review),
        ...withProblems(problems),
      });

    app.get(`${BASE}/:id/findings/new`, { config: { access: 'compliance-reviews.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      refuseUnlessManager(request, review);
      return renderFindingForm(reply, review, { item: (request.query as { item?: string } | undefined)?.item ?? '' });
    });

    app.post(`${BASE}/:id/findings`, { config: { access: 'compliance-reviews.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderFindingForm(reply, review, form, problems), async () => {
        const id = await reviews.addFinding(request.actor, review.id, { severity: form.severity ?? '', description: form.description ?? '', item: form.item ?? '' }, request.id);
        return reply.redirect(`${BASE}/${review.id}#finding-${id}`, 303);
      });
    });

    const renderActionForm = (reply: FastifyReply, review: ReviewDetails, findingId: string, values: Form, problems: readonly FieldProblem[] = []) => {
      const finding = review.findings.find((f) => f.id === findingId);
      if (!finding) throw new AppError('not_found', 'The finding was not found. Go back to the review.');
      return reply.render(`${VIEWS}/action-form.njk`, { pageTitle: `Add a remediation action for ${finding.label}`, review, finding, values, breadcrumbs: crumbs(review), ...names, ...withProblems(problems) });
    };

    app.get(`${BASE}/:id/findings/:findingId/actions/new`, { config: { access: 'compliance-reviews.manage' }, schema: { params: FindingParams } }, async (request, reply) => {
      const review = await load(request);
      refuseUnlessManager(request, review);
      return renderActionForm(reply, review, (request.params as { findingId: string }).findingId, {});
    });

    app.post(`${BASE}/:id/findings/:findingId/actions`, { config: { access: 'compliance-reviews.manage' }, schema: { params: FindingParams } }, async (request, reply) => {
      const review = await load(request);
      const { findingId } = request.params as { findingId: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderActionForm(reply, review, findingId, form, problems), async () => {
        await reviews.addAction(request.actor, review.id, findingId, { title: form.title ?? '', owner: form.owner ?? '', dueOn: form.dueOn ?? '' }, request.id);
        return reply.redirect(`${BASE}/${review.id}#finding-${findingId}`, 303);
      });
    });

    const renderCompleteForm = (reply: FastifyReply, review: ReviewDetails, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/complete-form.njk`, { pageTitle: `Complete ${review.reference}`, review, values, breadcrumbs: crumbs(review), ...names, ...withProblems(problems) });

    app.get(`${BASE}/:id/complete`, { config: { access: 'compliance-reviews.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      refuseUnlessManager(request, review);
      return renderCompleteForm(reply, review, {});
    });

    app.post(`${BASE}/:id/complete`, { config: { access: 'compliance-reviews.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      const form = (request.body ?? {}) as Form;
      return handleForm(reply, (problems) => renderCompleteForm(reply, review, form, problems), async () => {
        await reviews.complete(request.actor, review.id, { conclusion: form.conclusion ?? '' }, request.id);
        return reply.redirect(`${BASE}/${review.id}/report`, 303);
      });
    });

    app.get(`${BASE}/:id/report`, { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const review = await load(request);
      return reply.render(`${VIEWS}/report.njk`, { pageTitle: `Compliance-review report: ${review.title}`, review, printedOn: services.context.clock.now(), ...names });
    });

    app.get(`${BASE}/:id/checklist.csv`, { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return csv(reply, 'compliance-review-checklist.csv', await reviews.checklistCsv(request.actor, id, request.id));
    });

    app.get(`${BASE}/:id/findings.csv`, { config: { access: 'signed-in' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return csv(reply, 'compliance-review-findings.csv', await reviews.findingsCsv(request.actor, id, request.id));
    });
  };
}
