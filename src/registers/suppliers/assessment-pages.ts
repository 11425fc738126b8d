// Supplier assessments on the web (issue 09): the list of assessments a person may see (those they are
// assessing first), starting one for a supplier, and an assessment's page with its forms: the answers,
// the assessor, the deviations (link to a risk, raise a risk, add an action), the link to the supplier
// (shown once when made), revoking it, and completing. The services decide who sees and does what.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { canAnywhere } from '../../access/authorize.ts';
import { londonDate } from '../../platform/clock.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { STATUS_NAMES, type AssessmentDetail, type LinkState } from './assessments.ts';
import { PASS_MARK_PERCENT, RESULT_NAMES, type GivenAnswer } from './deviations.ts';
import type { DeviationKind } from './entity.ts';
import { LINK_DAYS, LINK_DAYS_MAX } from './questionnaire-links.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const DeviationParams = Type.Object({ id: Type.String({ format: 'uuid' }), deviationId: Type.String({ format: 'uuid' }) });
const AssessmentQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const NewQuery = Type.Object({ supplier: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });
const VIEWS = 'registers/suppliers/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});

export const DEVIATION_KIND_NAMES: Record<DeviationKind, string> = { answer: 'Answer not met', certificate: 'Certificate expired', control: 'Control not applied' };
const LINK_STATE_NAMES: Record<LinkState, string> = { usable: 'Works until used', used: 'Used: answers submitted', revoked: 'Revoked', expired: 'Expired' };
export const ANSWER_ITEMS = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: 'not-applicable', text: 'Not applicable' },
];
const SAVED: Record<string, string> = { answers: 'The answers were saved.', assessor: 'The assessor was changed.', risk: 'The deviation was linked to the risk.', action: 'The action was added.', revoked: 'The link was revoked: it no longer works.', completed: 'The assessment was completed.' };

/** Answers as the form sends them: answer-<question id> and comment-<question id>. */
export function answersFromForm(form: Form): Map<string, GivenAnswer> {
  const given = new Map<string, GivenAnswer>();
  for (const [name, value] of Object.entries(form)) {
    const id = /^answer-([0-9a-f-]{36})$/.exec(name)?.[1];
    if (id && typeof value === 'string') given.set(id, { answer: value, comment: form[`comment-${id}`] ?? '' });
  }
  return given;
}

/** Each problem of one deviation's form, tied to that deviation's fields (riskReference-<id>, …). */
const forDeviation = (deviationId: string) => (problems: readonly FieldProblem[]) => problems.map((p) => (p.field === 'form' ? p : { field: `${p.field}-${deviationId}`, message: p.message }));

export function assessmentPages(services: Services) {
  const assessments = services.supplierAssessments;
  return async (app: FastifyInstance): Promise<void> => {
    const renderAssessment = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const assessment = await assessments.get(request.actor, id);
      const mayLink = assessment.access.records && assessment.status !== 'completed';
      const matrix = mayLink && assessment.deviations.some((d) => d.riskId === null) ? await services.risks.matrix(request.actor) : null;
      const saved = (request.query as { saved?: string }).saved;
      return reply.render(`${VIEWS}/assessment.njk`, {
        pageTitle: `${assessment.reference} ${assessment.supplier.name}`,
        assessment,
        view: viewOf(assessment, values),
        statusName: STATUS_NAMES[assessment.status],
        resultName: assessment.result ? RESULT_NAMES[assessment.result] : null,
        kindNames: DEVIATION_KIND_NAMES,
        linkStateNames: LINK_STATE_NAMES,
        passMark: PASS_MARK_PERCENT,
        mayLink,
        likelihoods: matrix?.likelihoods.map((l) => ({ value: String(l.level), text: `${l.level} ${l.name}` })) ?? [],
        impacts: matrix?.impacts.map((i) => ({ value: String(i.level), text: `${i.level} ${i.name}` })) ?? [],
        linkDays: LINK_DAYS,
        linkDaysMax: LINK_DAYS_MAX,
        today: londonDate(services.context.clock.now()),
        saved: saved ? SAVED[saved] : undefined,
        values,
        breadcrumbs: [{ text: 'Supplier assessments', href: '/supplier-assessments' }],
        ...withProblems(problems),
      });
    };
    const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
    const deviationOf = (request: FastifyRequest) => (request.params as { deviationId: string }).deviationId;
    const form = (request: FastifyRequest) => (request.body ?? {}) as Form;
    const back = (reply: FastifyReply, id: string, saved: string, anchor = '') => reply.redirect(`/supplier-assessments/${id}?saved=${saved}${anchor}`, 303);

    app.get('/supplier-assessments', { config: { access: 'signed-in' } }, async (request, reply) => {
      const rows = await assessments.list(request.actor);
      const personId = request.actor.kind === 'person' ? request.actor.personId : null;
      return reply.render(`${VIEWS}/assessment-list.njk`, {
        pageTitle: 'Supplier assessments',
        mine: rows.filter((a) => a.assessorPersonId === personId && a.status !== 'completed'),
        others: rows.filter((a) => !(a.assessorPersonId === personId && a.status !== 'completed')),
        reads: canAnywhere(request.actor, 'suppliers.read'),
        statusNames: STATUS_NAMES,
        resultNames: RESULT_NAMES,
      });
    });

    const renderNew = async (request: FastifyRequest, reply: FastifyReply, supplierId: string | undefined, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const supplier = await assessments.supplierToAssess(request.actor, supplierId ?? '');
      const questionnaires = await services.questionnaires.list(request.actor);
      return reply.render(`${VIEWS}/assessment-new.njk`, {
        pageTitle: `Assess ${supplier.name}`,
        supplier,
        questionnaires: [{ value: '', text: 'Choose a questionnaire' }, ...questionnaires.map((q) => ({ value: q.id, text: `${q.title} (version ${q.version}, ${q.questions} questions)`, selected: q.id === values.questionnaire || questionnaires.length === 1 }))],
        values,
        breadcrumbs: [{ text: 'Supplier assessments', href: '/supplier-assessments' }],
        ...withProblems(problems),
      });
    };

    app.get('/supplier-assessments/new', { config: { access: 'suppliers.edit-own' }, schema: { querystring: NewQuery } }, async (request, reply) => renderNew(request, reply, (request.query as { supplier?: string }).supplier));

    app.post('/supplier-assessments', { config: { access: 'suppliers.edit-own' } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderNew(request, reply, values.supplier, values, problems),
        async () => {
          const id = await assessments.start(request.actor, { supplierId: values.supplier ?? '', questionnaireId: values.questionnaire ?? '', assessor: values.assessor ?? '' }, request.id);
          return reply.redirect(`/supplier-assessments/${id}`, 303);
        },
      );
    });

    app.get('/supplier-assessments/:id', { config: { access: 'signed-in' }, schema: { params: IdParams, querystring: AssessmentQuery } }, async (request, reply) => renderAssessment(request, reply, idOf(request)));

    app.post('/supplier-assessments/:id/answers', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, problems),
        async () => {
          await assessments.recordAnswers(request.actor, idOf(request), answersFromForm(values), request.id);
          return back(reply, idOf(request), 'answers', '#questions');
        },
      );
    });

    app.post('/supplier-assessments/:id/assessor', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, problems),
        async () => {
          await assessments.assignAssessor(request.actor, idOf(request), values.assessor ?? '', request.id);
          return back(reply, idOf(request), 'assessor');
        },
      );
    });

    app.post('/supplier-assessments/:id/links', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, problems),
        async () => {
          const days = (values.days ?? '').trim();
          const sent = await assessments.links.send(request.actor, idOf(request), { sentTo: values.sentTo ?? '', ...(days ? { days: /^\d{1,3}$/.test(days) ? Number(days) : NaN } : {}) }, request.id);
          // The link is shown on this response only: it is never stored, so it cannot be shown again.
          return reply.render(`${VIEWS}/assessment-link-created.njk`, { pageTitle: 'Link created', sent, assessmentId: idOf(request) });
        },
      );
    });

    app.post('/supplier-assessments/:id/links/revoke', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) =>
      handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), {}, problems),
        async () => {
          await assessments.links.revoke(request.actor, idOf(request), request.id);
          return back(reply, idOf(request), 'revoked', '#link');
        },
      ),
    );

    app.post('/supplier-assessments/:id/complete', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) =>
      handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), {}, problems),
        async () => {
          await assessments.complete(request.actor, idOf(request), request.id);
          return back(reply, idOf(request), 'completed');
        },
      ),
    );

    app.post('/supplier-assessments/:id/deviations/:deviationId/risk', { config: { access: 'suppliers.edit-own' }, schema: { params: DeviationParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, forDeviation(deviationOf(request))(problems)),
        async () => {
          await assessments.deviations.linkToRisk(request.actor, deviationOf(request), values.riskReference ?? '', request.id);
          return back(reply, idOf(request), 'risk', '#deviations');
        },
      );
    });

    app.post('/supplier-assessments/:id/deviations/:deviationId/new-risk', { config: { access: 'suppliers.edit-own' }, schema: { params: DeviationParams } }, async (request, reply) => {
      const values = form(request);
      const level = (value: string | undefined) => (value && /^\d{1,2}$/.test(value) ? Number(value) : 0);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, forDeviation(deviationOf(request))(problems)),
        async () => {
          await assessments.deviations.raiseRisk(request.actor, deviationOf(request), { title: values.riskTitle ?? '', likelihood: level(values.likelihood), impact: level(values.impact) }, request.id);
          return back(reply, idOf(request), 'risk', '#deviations');
        },
      );
    });

    app.post('/supplier-assessments/:id/deviations/:deviationId/actions', { config: { access: 'suppliers.edit-own' }, schema: { params: DeviationParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderAssessment(request, reply, idOf(request), values, forDeviation(deviationOf(request))(problems)),
        async () => {
          await assessments.deviations.addAction(request.actor, deviationOf(request), { title: values.actionTitle ?? '', owner: values.actionOwner ?? '', dueOn: values.actionDueOn ?? '' }, request.id);
          return back(reply, idOf(request), 'action', '#actions');
        },
      );
    });
  };
}

/** What the page shows: the answers as the form had them (after a mistake) or as recorded. */
function viewOf(assessment: AssessmentDetail, values: Form) {
  const posted = Object.keys(values).some((k) => k.startsWith('answer-'));
  return {
    groups: assessment.groups.map((g) => ({
      ...g,
      questions: g.questions.map((q) => {
        const answer = posted ? values[`answer-${q.id}`] : q.answer;
        return { ...q, answer, comment: posted ? (values[`comment-${q.id}`] ?? '') : q.comment, items: ANSWER_ITEMS.map((i) => ({ ...i, checked: i.value === answer })), answerText: ANSWER_ITEMS.find((i) => i.value === q.answer)?.text ?? 'Not answered' };
      }),
    })),
    scorePercent: assessment.maxScore ? Math.round((100 * (assessment.score ?? 0)) / assessment.maxScore) : null,
    unlinked: assessment.deviations.filter((d) => d.status === 'open' && d.riskId === null).length,
    mayAnswer: assessment.access.records && (assessment.status === 'in-progress' || assessment.status === 'answered'),
    maySend: assessment.access.manages && (assessment.status === 'in-progress' || assessment.status === 'sent-to-supplier'),
  };
}
