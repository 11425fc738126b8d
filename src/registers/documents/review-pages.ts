import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { TIER_NAMES } from './entity.ts';
import { DUE_WITHIN_DAYS } from './reviews.ts';

type Form = Record<string, string | undefined>;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
// The filter form sends an empty value for "all", so each filter is an id or nothing.
const AnyOrId = Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'uuid' })]));
const QueueQuery = Type.Object({ ownerPersonId: AnyOrId, unitId: AnyOrId }, { additionalProperties: false });

const DATE_FIELDS = { reviewedOn: 'Date reviewed', nextReviewOn: 'Next review date' } as const;
type DateField = keyof typeof DATE_FIELDS;
const PARTS = ['day', 'month', 'year'] as const;

/**
 * Joins a GOV.UK date input's three boxes into 'YYYY-MM-DD'. All blank is no date (the service
 * chooses the default); a part left out is the person's mistake, named as the design system names it.
 */
function dateFromParts(form: Form, field: DateField): { value?: string; problem?: FieldProblem } {
  const [day, month, year] = PARTS.map((part) => (form[`${field}-${part}`] ?? '').trim());
  if (day === '' && month === '' && year === '') return {};
  const missing = PARTS.filter((_, i) => [day, month, year][i] === '');
  if (missing.length > 0) return { problem: { field, message: `${DATE_FIELDS[field]} must include a ${missing.join(' and ')}` } };
  if (![day, month, year].every((p) => /^\d+$/.test(p!)) || year!.length !== 4) return { problem: { field, message: `${DATE_FIELDS[field]} must be a real date, such as 27 3 2026` } };
  return { value: `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}` };
}

/** A date input's error links to its first box, the one the design system focuses. */
const summaryOf = (problems: readonly FieldProblem[]) => errorSummary(problems.map((p) => (p.field in DATE_FIELDS ? { ...p, field: `${p.field}-day` } : p)));

export function documentReviewPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/library/reviews', { config: { access: 'documents.read' }, schema: { querystring: QueueQuery } }, async (request, reply) => {
      const filter = request.query as { ownerPersonId?: string; unitId?: string };
      const { items, owners, units } = await services.documentReviews.queue(request.actor, filter);
      const sections = [
        { id: 'overdue', heading: 'Overdue', caption: 'Documents overdue for review', items: items.filter((i) => i.standing === 'overdue') },
        { id: 'due', heading: `Due in the next ${DUE_WITHIN_DAYS} days`, caption: `Documents due for review in the next ${DUE_WITHIN_DAYS} days`, items: items.filter((i) => i.standing === 'due') },
        { id: 'later', heading: 'Later', caption: 'Documents due for review later', items: items.filter((i) => i.standing === 'later') },
      ];
      return reply.render('registers/documents/views/reviews.njk', {
        pageTitle: 'Document reviews',
        sections,
        owners,
        units,
        filter,
        canRecordAny: items.some((i) => i.canRecordReview),
        tierNames: TIER_NAMES,
        breadcrumbs: [{ text: 'Policy library', href: '/library' }],
      });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, id: string, problems: readonly FieldProblem[] = [], values: Form = {}) => {
      const document = await services.documentReviews.documentToReview(request.actor, id);
      return reply.render('registers/documents/views/record-review.njk', {
        pageTitle: `Record a review of ${document.title}`,
        document,
        values,
        ...(problems.length ? { errorSummary: summaryOf(problems), errors: fieldErrors(problems) } : {}),
        breadcrumbs: [
          { text: 'Policy library', href: '/library' },
          { text: 'Document reviews', href: '/library/reviews' },
          { text: document.title, href: `/library/${document.id}` },
        ],
      });
    };

    app.get('/library/:id/review', { config: { access: 'documents.review' }, schema: { params: IdParams } }, async (request, reply) => renderForm(request, reply, (request.params as { id: string }).id));

    app.post('/library/:id/review', { config: { access: 'documents.review' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, id, problems, form),
        async () => {
          const reviewed = dateFromParts(form, 'reviewedOn');
          const next = dateFromParts(form, 'nextReviewOn');
          const problems = [reviewed.problem, next.problem].filter((p): p is FieldProblem => p !== undefined);
          if (problems.length > 0) throw validationFailed(problems);
          await services.documentReviews.recordReview(
            request.actor,
            id,
            { outcome: form.outcome ?? '', notes: form.notes ?? '', ...(reviewed.value ? { reviewedOn: reviewed.value } : {}), ...(next.value ? { nextReviewOn: next.value } : {}) },
            request.id,
          );
          return reply.redirect(`/library/${id}#reviews`, 303);
        },
      );
    });
  };
}
