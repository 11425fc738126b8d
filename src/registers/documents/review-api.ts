import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { CalendarDate, DocumentParams, Nullable, TAGS } from './schema.ts';
import { REVIEW_OUTCOMES } from './entity.ts';

const Outcome = Type.Union([Type.Literal(REVIEW_OUTCOMES[0]), Type.Literal(REVIEW_OUTCOMES[1]), Type.Literal(REVIEW_OUTCOMES[2])]);

const QueuedDocumentSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  tier: Type.Integer(),
  unitId: Type.String(),
  unitName: Type.String(),
  ownerName: Nullable(Type.String()),
  nextReviewOn: CalendarDate,
  daysUntilDue: Type.Integer({ description: 'Days until the review is due; negative when it is overdue' }),
  standing: Type.Union([Type.Literal('overdue'), Type.Literal('due'), Type.Literal('later')]),
  lastReview: Nullable(Type.Object({ reviewedOn: CalendarDate, outcome: Outcome })),
  canRecordReview: Type.Boolean(),
});
const Choice = Type.Object({ id: Type.String(), name: Type.String() });

const DocumentReviewSchema = Type.Object({
  id: Type.String(),
  reviewedOn: CalendarDate,
  outcome: Outcome,
  notes: Type.String(),
  reviewedBy: Type.String(),
  nextReviewOn: Nullable(CalendarDate),
});


export const documentReviewsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/document-reviews',
      {
        config: { access: 'documents.read' },
        schema: {
          tags: TAGS,
          summary: 'The review queue: documents in force with a next review date, overdue, due within 60 days or later',
          querystring: Type.Object({ ownerPersonId: Type.Optional(Type.String({ format: 'uuid' })), unitId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
          response: { 200: Type.Object({ today: CalendarDate, items: Type.Array(QueuedDocumentSchema), owners: Type.Array(Choice), units: Type.Array(Choice) }) },
        },
      },
      async (request) => services.documentReviews.queue(request.actor, request.query),
    );

    app.get(
      '/documents/:id/reviews',
      {
        config: { access: 'documents.read' },
        schema: { tags: TAGS, summary: "A document's reviews, newest first", params: DocumentParams, response: { 200: Type.Object({ items: Type.Array(DocumentReviewSchema) }) } },
      },
      async (request) => ({ items: await services.documentReviews.history(request.actor, request.params.id) }),
    );

    app.post(
      '/documents/:id/reviews',
      {
        config: { access: 'documents.review' },
        schema: {
          tags: TAGS,
          summary: 'Record a document review; it sets the next review date, or retires the document and its requirements',
          params: DocumentParams,
          body: Type.Object(
            {
              outcome: Outcome,
              notes: Type.Optional(Type.String({ maxLength: 5000, description: 'Required when the outcome is revise: what must change' })),
              reviewedOn: Type.Optional(CalendarDate),
              nextReviewOn: Type.Optional(Type.String({ format: 'date', description: "Defaults to the date reviewed plus the document's review cycle; not allowed when retiring" })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ id: Type.String() }) },
        },
      },
      async (request, reply) => {
        const { outcome, notes, reviewedOn, nextReviewOn } = request.body;
        const id = await services.documentReviews.recordReview(request.actor, request.params.id, { outcome, notes: notes ?? '', ...(reviewedOn ? { reviewedOn } : {}), ...(nextReviewOn ? { nextReviewOn } : {}) }, request.id);
        return reply.code(201).send({ id });
      },
    );
  };
