// The policy library's JSON API: documents, their drafts through approval to publication, the
// approving roles, and feedback. Reviews and acknowledgements have their own modules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { DocumentParams, Nullable, TAGS } from './schema.ts';
import { DOCUMENT_CLASSIFICATIONS, FEEDBACK_OUTCOMES } from './entity.ts';


const Summary = Type.Object({
  id: Type.String(),
  tier: Type.Integer(),
  title: Type.String(),
  status: Type.String(),
  unitName: Type.String(),
  version: Nullable(Type.Integer()),
  statements: Type.Integer(),
  findings: Type.Integer(),
  nextReviewOn: Nullable(Type.String()),
});

const Details = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  tier: Type.Integer({ minimum: 1, maximum: 5 }),
  unitId: Type.String({ format: 'uuid' }),
  owner: Type.Optional(Nullable(Type.String({ maxLength: 254, description: 'The owner: person id, email address or staff number' }))),
  classification: Type.Optional(Type.Union(DOCUMENT_CLASSIFICATIONS.map((c) => Type.Literal(c)))),
  reviewCycleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
};

const VersionSchema = Type.Object({ number: Type.Integer(), status: Type.String(), summaryOfChange: Type.String(), material: Type.Boolean(), lintFindings: Type.Integer(), createdBy: Nullable(Type.String()), publishedAt: Nullable(Type.String()) });
const toVersion = (v: { number: number; status: string; summary_of_change: string; material: boolean; lint: readonly unknown[]; created_by: string | null; published_at: Date | null }) => ({
  number: v.number,
  status: v.status,
  summaryOfChange: v.summary_of_change,
  material: v.material,
  lintFindings: v.lint.length,
  createdBy: v.created_by,
  publishedAt: v.published_at ? v.published_at.toISOString() : null,
});

export const documentsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/documents', { config: { access: 'documents.read' }, schema: { tags: TAGS, summary: 'The documents of the policy library, by tier', response: { 200: Type.Object({ items: Type.Array(Summary) }) } } }, async (request) => ({
      items: await services.documents.list(request.actor),
    }));

    app.get(
      '/documents/:id',
      {
        config: { access: 'documents.read' },
        schema: {
          tags: TAGS,
          summary: 'A document: its details, published version with statements and findings, and any draft in progress',
          params: DocumentParams,
          response: {
            200: Type.Object({
              id: Type.String(),
              reference: Type.String(),
              tier: Type.Integer(),
              title: Type.String(),
              status: Type.String(),
              unitId: Type.String(),
              ownerPersonId: Nullable(Type.String()),
              parentDocumentId: Nullable(Type.String()),
              classification: Type.String(),
              reviewCycleMonths: Type.Integer(),
              nextReviewOn: Nullable(Type.String()),
              published: Nullable(Type.Intersect([VersionSchema, Type.Object({ lint: Type.Array(Type.Object({ code: Type.String(), line: Type.Integer(), message: Type.String() })) })])),
              statements: Type.Array(Type.Object({ key: Type.String(), modality: Nullable(Type.String()), actor: Nullable(Type.String()), text: Type.String() })),
              draft: Nullable(VersionSchema),
              related: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), reference: Type.String() })),
            }),
          },
        },
      },
      async (request) => {
        const { document, version, statements } = await services.documents.get(request.actor, request.params.id);
        const { working, related } = await services.documentWorkflow.workingState(request.actor, document);
        return {
          id: document.id,
          reference: document.key_prefix,
          tier: document.tier,
          title: document.title,
          status: document.status,
          unitId: document.unit_id,
          ownerPersonId: document.owner_person_id,
          parentDocumentId: document.parent_document_id,
          classification: document.classification,
          reviewCycleMonths: document.review_cycle_months,
          nextReviewOn: document.next_review_on,
          published: version ? { ...toVersion(version), lint: [...version.lint] } : null,
          statements: statements.map((s) => ({ key: s.key, modality: s.modality, actor: s.actor, text: s.text })),
          draft: working ? toVersion(working) : null,
          related: related.map((r) => ({ id: r.id, title: r.title, reference: r.key_prefix })),
        };
      },
    );

    app.post(
      '/documents',
      {
        config: { access: 'documents.manage' },
        schema: { tags: TAGS, summary: 'Add a document: it starts as a draft of version 1', body: Type.Object({ ...Details, content: Type.String({ minLength: 1, maxLength: 500_000 }) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.String() }) } },
      },
      async (request, reply) => {
        const b = request.body;
        const id = await services.documentWorkflow.createDocument(request.actor, { title: b.title, tier: b.tier, unitId: b.unitId, owner: b.owner ?? null, classification: b.classification ?? 'OFFICIAL', reviewCycleMonths: b.reviewCycleMonths ?? 12, content: b.content }, request.id);
        return reply.code(201).send({ id });
      },
    );

    app.put(
      '/documents/:id/details',
      {
        config: { access: 'documents.manage' },
        schema: {
          tags: TAGS,
          summary: 'Change a document’s details: title, tier, unit, owner, parent, related documents (by reference), classification, review cycle',
          params: DocumentParams,
          body: Type.Object({ ...Details, classification: Type.Union(DOCUMENT_CLASSIFICATIONS.map((c) => Type.Literal(c))), reviewCycleMonths: Type.Integer({ minimum: 1, maximum: 60 }), parentDocumentId: Nullable(Type.String({ format: 'uuid' })), related: Type.Array(Type.String({ maxLength: 12 }), { maxItems: 100 }) }, { additionalProperties: false }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const b = request.body;
        await services.documentWorkflow.editDetails(request.actor, request.params.id, { title: b.title, tier: b.tier, unitId: b.unitId, owner: b.owner ?? null, classification: b.classification, reviewCycleMonths: b.reviewCycleMonths, parentDocumentId: b.parentDocumentId, related: b.related }, request.id);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/documents/:id/draft',
      {
        config: { access: 'documents.draft' },
        schema: {
          tags: TAGS,
          summary: 'Save the draft of the next version (its owner or the security team)',
          params: DocumentParams,
          body: Type.Object({ content: Type.String({ minLength: 1, maxLength: 500_000 }), summaryOfChange: Type.Optional(Type.String({ maxLength: 1000 })), material: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: Type.Object({ version: Type.Integer() }) },
        },
      },
      async (request) => ({ version: await services.documentWorkflow.saveDraft(request.actor, request.params.id, { content: request.body.content, summaryOfChange: request.body.summaryOfChange ?? '', material: request.body.material ?? true }, request.id) }),
    );

    app.post('/documents/:id/submit', { config: { access: 'documents.draft' }, schema: { tags: TAGS, summary: 'Send the draft to the holder of the approving role', params: DocumentParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await services.documentWorkflow.submitForApproval(request.actor, request.params.id, request.id);
      return reply.code(204).send(null);
    });

    app.post(
      '/documents/:id/decision',
      {
        config: { access: 'documents.approve' },
        schema: {
          tags: TAGS,
          summary: 'Approve the draft, or return it with a reason (the approver; never the author)',
          params: DocumentParams,
          body: Type.Object({ outcome: Type.Union([Type.Literal('approve'), Type.Literal('return')]), comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await services.documentWorkflow.decide(request.actor, request.params.id, { outcome: request.body.outcome, comment: request.body.comment ?? '' }, request.id);
        return reply.code(204).send(null);
      },
    );

    app.post('/documents/:id/publish', { config: { access: 'documents.draft' }, schema: { tags: TAGS, summary: 'Publish the approved version', params: DocumentParams, response: { 200: Type.Object({ version: Type.Integer() }) } } }, async (request) => ({
      version: await services.documentWorkflow.publish(request.actor, request.params.id, request.id),
    }));

    app.get(
      '/document-approving-roles',
      { config: { access: 'documents.read' }, schema: { tags: TAGS, summary: 'Which accountable role approves each tier', response: { 200: Type.Object({ items: Type.Array(Type.Object({ tier: Type.Integer(), roleCode: Type.String(), roleName: Type.String() })) }) } } },
      async (request) => ({ items: (await services.documentWorkflow.approvingRoles(request.actor)).tiers }),
    );

    app.put(
      '/document-approving-roles/:tier',
      {
        config: { access: 'documents.manage' },
        schema: { tags: TAGS, summary: 'Set the accountable role that approves a tier', params: Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 5 }) }), body: Type.Object({ roleCode: Type.String({ maxLength: 100 }) }, { additionalProperties: false }), response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        await services.documentWorkflow.setApprovingRole(request.actor, request.params.tier, request.body.roleCode, request.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/documents/:id/feedback',
      {
        config: { access: 'documents.read' },
        schema: {
          tags: TAGS,
          summary: 'Feedback on a document: all of it for its managers, your own for everyone else',
          params: DocumentParams,
          response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), statement: Nullable(Type.String()), text: Type.String(), status: Type.String(), reply: Nullable(Type.String()), from: Type.String(), createdAt: Type.String() })) }) },
        },
      },
      async (request) => ({
        items: (await services.documents.feedback(request.actor, request.params.id)).items.map((f) => ({ id: f.id, statement: f.requirementKey, text: f.text, status: f.status, reply: f.reply, from: f.from, createdAt: f.created_at.toISOString() })),
      }),
    );

    app.post(
      '/documents/:id/feedback',
      {
        config: { access: 'documents.give-feedback' },
        schema: { tags: TAGS, summary: 'Give feedback on a document or one of its statements', params: DocumentParams, body: Type.Object({ text: Type.String({ maxLength: 5000 }), statement: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.String() }) } },
      },
      async (request, reply) => {
        const id = await services.documents.giveFeedback(request.actor, request.params.id, { text: request.body.text, ...(request.body.statement ? { requirementKey: request.body.statement } : {}) }, request.id);
        return reply.code(201).send({ id });
      },
    );

    app.put(
      '/feedback/:id',
      {
        config: { access: 'documents.draft' },
        schema: { tags: TAGS, summary: 'Triage feedback: accepted, declined or done, with a reply', params: DocumentParams, body: Type.Object({ status: Type.Union(FEEDBACK_OUTCOMES.map((o) => Type.Literal(o))), reply: Type.String({ maxLength: 5000 }) }, { additionalProperties: false }), response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        await services.documents.triageFeedback(request.actor, request.params.id, { status: request.body.status, reply: request.body.reply }, request.id);
        return reply.code(204).send(null);
      },
    );
  };
