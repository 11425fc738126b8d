// The pages of a document's working life: a new document, its details, drafting, approval and
// publication, and the approving role of each tier.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { handleForm, errorSummary, fieldErrors } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { DOCUMENT_CLASSIFICATIONS, TIER_NAMES } from './entity.ts';
import { renderDocumentPage } from './pages.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;
const formOf = (request: FastifyRequest): Form => (request.body ?? {}) as Form;
const problemsView = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const tierItems = (selected: string | undefined) => [1, 2, 3, 4, 5].map((tier) => ({ value: String(tier), text: `${tier}. ${TIER_NAMES[tier]}`, checked: selected === String(tier) }));
const classificationItems = (selected: string | undefined) => DOCUMENT_CLASSIFICATIONS.map((c) => ({ value: c, text: c, selected: selected === c }));

export function documentWorkflowPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    const workflow = services.documentWorkflow;

    // The owner is named by email or staff number, as everywhere people are chosen.
    const detailsFrom = (form: Form) => ({
      title: form.title ?? '',
      tier: Number(form.tier),
      unitId: form.unitId ?? '',
      owner: form.owner ?? null,
      classification: form.classification ?? '',
      reviewCycleMonths: Number(form.reviewCycleMonths),
    });

    const renderNew = async (request: FastifyRequest, reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) => {
      const { units } = await workflow.choices(request.actor);
      return reply.render('registers/documents/views/new-document.njk', {
        pageTitle: 'Add a document to the library',
        values,
        tiers: tierItems(values.tier),
        classifications: classificationItems(values.classification ?? 'OFFICIAL'),
        units: [{ value: '', text: 'Choose a unit' }, ...units.map((u) => ({ value: u.id, text: u.name, selected: values.unitId === u.id }))],
        breadcrumbs: [{ text: 'Policy library', href: '/library' }],
        ...problemsView(problems),
      });
    };

    app.get('/library/new', { config: { access: 'documents.manage' } }, async (request, reply) => renderNew(request, reply, { reviewCycleMonths: '12' }));

    app.post('/library/new', { config: { access: 'documents.manage' } }, async (request, reply) => {
      const form = formOf(request);
      return handleForm(
        reply,
        (problems) => renderNew(request, reply, form, problems),
        async () => {
          const id = await workflow.createDocument(request.actor, { ...detailsFrom(form), content: form.content ?? '' }, request.id);
          return reply.redirect(`/library/${id}#working-draft`, 303);
        },
      );
    });

    const renderEdit = async (request: FastifyRequest, reply: FastifyReply, values: Form | undefined, problems: readonly FieldProblem[] = []) => {
      const { document, related, units, documents, owner } = await workflow.details(request.actor, idOf(request));
      const v: Form = values ?? {
        title: document.title,
        tier: String(document.tier),
        unitId: document.unit_id,
        owner: owner?.email ?? '',
        parentDocumentId: document.parent_document_id ?? '',
        related: related.map((r) => r.key_prefix).join(', '),
        classification: document.classification,
        reviewCycleMonths: String(document.review_cycle_months),
      };
      return reply.render('registers/documents/views/edit-document.njk', {
        pageTitle: `Change the details of ${document.title}`,
        document,
        values: v,
        tiers: tierItems(v.tier),
        classifications: classificationItems(v.classification),
        units: units.map((u) => ({ value: u.id, text: u.name, selected: v.unitId === u.id })),
        parents: [{ value: '', text: 'None' }, ...documents.map((d) => ({ value: d.id, text: `${d.title} (${d.key_prefix})`, selected: v.parentDocumentId === d.id }))],
        breadcrumbs: [{ text: 'Policy library', href: '/library' }, { text: document.title, href: `/library/${document.id}` }],
        ...problemsView(problems),
      });
    };

    app.get('/library/:id/edit', { config: { access: 'documents.manage' }, schema: { params: IdParams } }, async (request, reply) => renderEdit(request, reply, undefined));

    app.post('/library/:id/edit', { config: { access: 'documents.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = formOf(request);
      return handleForm(
        reply,
        (problems) => renderEdit(request, reply, form, problems),
        async () => {
          const related = (form.related ?? '').split(/[\s,;]+/).filter((r) => r !== '');
          await workflow.editDetails(request.actor, idOf(request), { ...detailsFrom(form), parentDocumentId: form.parentDocumentId || null, related }, request.id);
          return reply.redirect(`/library/${idOf(request)}`, 303);
        },
      );
    });

    const renderDraft = async (request: FastifyRequest, reply: FastifyReply, values: Form | undefined, problems: readonly FieldProblem[] = []) => {
      const { document, working, published } = await workflow.draftFor(request.actor, idOf(request));
      const v: Form = values ?? { content: working?.content ?? published?.content ?? '', summaryOfChange: working?.summary_of_change ?? '', material: working ? String(working.material) : 'true' };
      return reply.render('registers/documents/views/draft.njk', {
        pageTitle: `${working ? `Edit the draft of version ${working.number}` : 'Start a new version'} of ${document.title}`,
        document,
        working,
        published,
        values: v,
        firstVersion: !published,
        breadcrumbs: [{ text: 'Policy library', href: '/library' }, { text: document.title, href: `/library/${document.id}` }],
        ...problemsView(problems),
      });
    };

    app.get('/library/:id/draft', { config: { access: 'documents.draft' }, schema: { params: IdParams } }, async (request, reply) => renderDraft(request, reply, undefined));

    app.post('/library/:id/draft', { config: { access: 'documents.draft' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = formOf(request);
      return handleForm(
        reply,
        (problems) => renderDraft(request, reply, form, problems),
        async () => {
          await workflow.saveDraft(request.actor, idOf(request), { content: form.content ?? '', summaryOfChange: form.summaryOfChange ?? '', material: form.material !== 'false' }, request.id);
          return reply.redirect(`/library/${idOf(request)}#working-draft`, 303);
        },
      );
    });

    // Sending, deciding and publishing are buttons on the document page; a refusal is shown there.
    const onDocumentPage = (request: FastifyRequest, reply: FastifyReply, action: () => Promise<unknown>) =>
      handleForm(
        reply,
        (problems) => renderDocumentPage(services, request, reply, idOf(request), problems, formOf(request)),
        async () => {
          await action();
          return reply.redirect(`/library/${idOf(request)}#working-draft`, 303);
        },
        ['forbidden'],
      );

    app.post('/library/:id/submit', { config: { access: 'documents.draft' }, schema: { params: IdParams } }, async (request, reply) => onDocumentPage(request, reply, () => workflow.submitForApproval(request.actor, idOf(request), request.id)));

    app.post('/library/:id/decision', { config: { access: 'documents.approve' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = formOf(request);
      return onDocumentPage(request, reply, () => workflow.decide(request.actor, idOf(request), { outcome: form.outcome ?? '', comment: form.comment ?? '' }, request.id));
    });

    app.post('/library/:id/publish', { config: { access: 'documents.draft' }, schema: { params: IdParams } }, async (request, reply) => onDocumentPage(request, reply, () => workflow.publish(request.actor, idOf(request), request.id)));

    const renderApprovingRoles = async (request: FastifyRequest, reply: FastifyReply, problems: readonly FieldProblem[] = []) => {
      const { tiers, roles, canChange } = await workflow.approvingRoles(request.actor);
      return reply.render('registers/documents/views/approving-roles.njk', {
        pageTitle: 'Who approves each tier of document',
        canChange,
        tiers: [1, 2, 3, 4, 5].map((tier) => {
          const current = tiers.find((t) => t.tier === tier);
          return { tier, name: TIER_NAMES[tier], roleName: current?.roleName ?? 'Not set', items: roles.map((r) => ({ value: r.code, text: r.name, selected: current?.roleCode === r.code })) };
        }),
        breadcrumbs: [{ text: 'Policy library', href: '/library' }],
        ...problemsView(problems),
      });
    };

    app.get('/library/approving-roles', { config: { access: 'documents.read' } }, async (request, reply) => renderApprovingRoles(request, reply));

    app.post('/library/approving-roles', { config: { access: 'documents.manage' } }, async (request, reply) => {
      const form = formOf(request);
      return handleForm(
        reply,
        (problems) => renderApprovingRoles(request, reply, problems),
        async () => {
          for (const tier of [1, 2, 3, 4, 5]) {
            const roleCode = form[`role-${tier}`];
            if (roleCode) await workflow.setApprovingRole(request.actor, tier, roleCode, request.id);
          }
          return reply.redirect('/library/approving-roles', 303);
        },
      );
    });
  };
}
