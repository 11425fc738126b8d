// The pages a supplier reaches through its link (issue 09), without an account: the questionnaire, the
// submission, and the page that follows it. Any link that does not work (unknown, used, revoked, expired)
// gets one plain page, the same in every case, so nothing can be learnt by trying links. These pages show
// no navigation into Custodian (views/questionnaire-layout.njk); posting answers counts against the
// per-address limit that guards the other pages anyone can post to.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors } from '../../access/pages.ts';
import { isAppError, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { ANSWER_ITEMS, answersFromForm } from './assessment-pages.ts';
import type { SupplierQuestionnaire } from './questionnaire-links.ts';

type Form = Record<string, string | undefined>;
// Any text up to the router's limit reaches the service, which gives every bad link the same page.
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const VIEWS = 'registers/suppliers/views';

function renderQuestionnaire(reply: FastifyReply, questionnaire: SupplierQuestionnaire, values: Form = {}, problems: readonly FieldProblem[] = []) {
  return reply.render(`${VIEWS}/questionnaire-form.njk`, {
    pageTitle: questionnaire.title,
    questionnaire,
    groups: questionnaire.groups.map((g) => ({
      ...g,
      questions: g.questions.map((q) => ({ ...q, comment: values[`comment-${q.id}`] ?? '', items: ANSWER_ITEMS.map((i) => ({ ...i, checked: values[`answer-${q.id}`] === i.value })) })),
    })),
    ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
  });
}

/** Runs the page's work; a link that does not work, at any point of it, gets the one plain page. */
async function orGone(reply: FastifyReply, work: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') return reply.code(404).render(`${VIEWS}/questionnaire-gone.njk`, { pageTitle: 'This link no longer works' });
    throw error;
  }
}

export function questionnaireLinkPages(services: Services) {
  const links = services.supplierAssessments.links;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/supplier-questionnaire/submitted', { config: { access: 'public' } }, async (_request, reply) => reply.render(`${VIEWS}/questionnaire-submitted.njk`, { pageTitle: 'Answers submitted' }));

    app.get('/supplier-questionnaire/:token', { config: { access: 'public' }, schema: { params: TokenParams } }, async (request, reply) =>
      orGone(reply, async () => renderQuestionnaire(reply, await links.open((request.params as { token: string }).token))),
    );

    app.post('/supplier-questionnaire/:token', { config: { access: 'public', rateLimit: 'sign-in' }, schema: { params: TokenParams } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const values = (request.body ?? {}) as Form;
      return orGone(reply, async () => {
        try {
          await links.submit(token, answersFromForm(values), request.id);
          return reply.redirect('/supplier-questionnaire/submitted', 303);
        } catch (error) {
          if (isAppError(error) && error.code === 'validation_failed') return renderQuestionnaire(reply.code(400), await links.open(token), values, error.problems);
          throw error;
        }
      });
    });
  };
}
