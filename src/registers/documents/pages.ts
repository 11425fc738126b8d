import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import MarkdownIt from 'markdown-it';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { TIER_NAMES } from './entity.ts';

// Documents are shown as Markdown with raw HTML switched off, so no markup or script in a document
// reaches the page; links stay, but only to http(s) and mailto addresses (markdown-it's own check).
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// The document sits under the page's own h1 and an h2, so its headings move down two levels.
markdown.core.ruler.push('nest_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
  }
});

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The document page: the published version, the draft in progress, reviews, acknowledgement and feedback. */
export async function renderDocumentPage(services: Services, request: FastifyRequest, reply: FastifyReply, id: string, problems: readonly FieldProblem[] = [], values: Record<string, string | undefined> = {}) {
  const [{ document, version, statements, retired, versions, names }, feedback, reviews, acknowledgement] = await Promise.all([
    services.documents.get(request.actor, id),
    services.documents.feedback(request.actor, id),
    services.documentReviews.history(request.actor, id),
    services.acknowledgements.statusFor(request.actor, id),
  ]);
  const working = await services.documentWorkflow.workingState(request.actor, document);
  return reply.render('registers/documents/views/document.njk', {
    feedback,
    values,
    canGiveFeedback: canAnywhere(request.actor, 'documents.give-feedback'),
    ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
    pageTitle: document.title,
    document,
    names,
    tierName: TIER_NAMES[document.tier],
    version,
    html: version ? markdown.render(version.content) : '',
    statements,
    retired,
    versions,
    working,
    workingHtml: working.working ? markdown.render(working.working.content) : '',
    reviews,
    canReview: can(request.actor, 'documents.review', { unitId: document.unit_id }),
    acknowledgement,
    breadcrumbs: [{ text: 'Policy library', href: '/library' }],
  });
}

export function documentsPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/library', { config: { access: 'documents.read' }, schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }) } }, async (request, reply) => {
      const q = (request.query as { q?: string }).q?.trim() ?? '';
      if (q !== '') {
        const results = await services.documents.search(request.actor, q);
        return reply.render('registers/documents/views/search.njk', { pageTitle: `Search the policy library: ${q}`, q, results });
      }
      const documents = await services.documents.list(request.actor);
      const tiers = [1, 2, 3, 4, 5].map((tier) => ({ tier, name: TIER_NAMES[tier], documents: documents.filter((d) => d.tier === tier) }));
      const toAcknowledge = await services.acknowledgements.toAcknowledge(request.actor);
      return reply.render('registers/documents/views/library.njk', {
        pageTitle: 'Policy library',
        tiers,
        withFindings: documents.filter((d) => d.findings > 0).sort((a, b) => b.findings - a.findings),
        toAcknowledge: toAcknowledge.length,
        canAdd: canAnywhere(request.actor, 'documents.manage'),
      });
    });

    app.get(
      '/library/:id/compare',
      { config: { access: 'documents.read' }, schema: { params: IdParams, querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const { from, to } = request.query as { from: number; to: number };
        const result = await services.documents.compare(request.actor, (request.params as { id: string }).id, from, to);
        return reply.render('registers/documents/views/compare.njk', {
          pageTitle: `Compare versions ${from} and ${to} of ${result.document.title}`,
          ...result,
          changes: result.rows.filter((r) => r.kind !== 'same').length,
          breadcrumbs: [{ text: 'Policy library', href: '/library' }, { text: result.document.title, href: `/library/${result.document.id}` }],
        });
      },
    );

    app.get('/library/:id', { config: { access: 'documents.read' }, schema: { params: IdParams } }, async (request, reply) => renderDocumentPage(services, request, reply, (request.params as { id: string }).id));

    app.post('/library/:id/feedback', { config: { access: 'documents.give-feedback' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      return handleForm(
        reply,
        (problems) => renderDocumentPage(services, request, reply, id, problems, form),
        async () => {
          await services.documents.giveFeedback(request.actor, id, { text: form.text ?? '', ...(form.requirementKey ? { requirementKey: form.requirementKey } : {}) }, request.id);
          return reply.redirect(`/library/${id}#feedback`, 303);
        },
      );
    });

    app.post('/library/:id/feedback/:feedbackId', { config: { access: 'documents.draft' }, schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), feedbackId: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const { id, feedbackId } = request.params as { id: string; feedbackId: string };
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      return handleForm(
        reply,
        (problems) => renderDocumentPage(services, request, reply, id, problems.map((p) => ({ ...p, field: `${p.field}-${feedbackId}` }))),
        async () => {
          await services.documents.triageFeedback(request.actor, feedbackId, { status: form.status ?? '', reply: form.reply ?? '' }, request.id);
          return reply.redirect(`/library/${id}#feedback`, 303);
        },
      );
    });
  };
}
