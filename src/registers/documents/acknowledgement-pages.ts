// Pages for acknowledging documents: what a person still has to read, the button on the document page,
// coverage for the security team, and who a document asks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { TIER_NAMES } from './entity.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

const PEOPLE_PER_PAGE = 100;

export function acknowledgementPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/library/acknowledgements', { config: { access: 'documents.read' } }, async (request, reply) => {
      const documents = await services.acknowledgements.toAcknowledge(request.actor);
      return reply.render('registers/documents/views/to-acknowledge.njk', {
        pageTitle: 'Documents to read and acknowledge',
        documents: documents.map((d) => ({ ...d, tierName: TIER_NAMES[d.tier] })),
        breadcrumbs: [{ text: 'Policy library', href: '/library' }],
      });
    });

    app.post('/library/:id/acknowledge', { config: { access: 'documents.acknowledge' }, schema: { params: IdParams } }, async (request, reply) => {
      await services.acknowledgements.acknowledge(request.actor, idOf(request), request.id);
      return reply.redirect(`/library/${idOf(request)}#acknowledgement`, 303);
    });

    const CoverageQuery = Type.Object({ show: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('outstanding')])), page: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
    app.get('/library/:id/acknowledgements', { config: { access: 'documents.coverage' }, schema: { params: IdParams, querystring: CoverageQuery } }, async (request, reply) => {
      const coverage = await services.acknowledgements.coverage(request.actor, idOf(request));
      // A department's audience runs to tens of thousands: the people are shown a page at a time, outstanding first if asked.
      const { show = 'all', page: asked = 1 } = request.query as { show?: 'all' | 'outstanding'; page?: number };
      const listed = show === 'outstanding' ? coverage.people.filter((p) => !p.acknowledged) : coverage.people;
      const pages = Math.max(1, Math.ceil(listed.length / PEOPLE_PER_PAGE));
      const page = Math.min(asked, pages);
      return reply.render('registers/documents/views/coverage.njk', {
        pageTitle: `Who has acknowledged ${coverage.document.title}`,
        ...coverage,
        people: listed.slice((page - 1) * PEOPLE_PER_PAGE, page * PEOPLE_PER_PAGE),
        listedCount: listed.length,
        show,
        page,
        pages,
        pagination: pageLinks(page, pages, (n) => `/library/${idOf(request)}/acknowledgements?${new URLSearchParams({ show, page: String(n) }).toString()}`),
        breadcrumbs: [{ text: 'Policy library', href: '/library' }, { text: coverage.document.title, href: `/library/${coverage.document.id}` }],
      });
    });

    app.get('/library/:id/acknowledgements.csv', { config: { access: 'documents.coverage' }, schema: { params: IdParams } }, async (request, reply) => {
      const csv = await services.acknowledgements.exportCoverage(request.actor, idOf(request), request.id);
      return reply.header('content-disposition', `attachment; filename="acknowledgements-${idOf(request)}.csv"`).type('text/csv; charset=utf-8').send(csv);
    });

    const renderAudience = async (request: FastifyRequest, reply: FastifyReply, problems: readonly FieldProblem[] = [], values?: Form) => {
      const form = await services.acknowledgements.audienceOf(request.actor, idOf(request));
      return reply.render('registers/documents/views/audience.njk', {
        pageTitle: `Who must acknowledge ${form.document.title}`,
        ...form,
        values: values ?? { audience: form.audience, unitId: form.unitId, roleCode: form.roleCode },
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
        breadcrumbs: [{ text: 'Policy library', href: '/library' }, { text: form.document.title, href: `/library/${form.document.id}` }],
      });
    };

    app.get('/library/:id/audience', { config: { access: 'documents.manage' }, schema: { params: IdParams } }, async (request, reply) => renderAudience(request, reply));

    app.post('/library/:id/audience', { config: { access: 'documents.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderAudience(request, reply, problems, form),
        async () => {
          await services.acknowledgements.setAudience(request.actor, idOf(request), { audience: form.audience ?? '', ...(form.unitId ? { unitId: form.unitId } : {}), ...(form.roleCode ? { roleCode: form.roleCode } : {}) }, request.id);
          return reply.redirect(`/library/${idOf(request)}#acknowledgement`, 303);
        },
      );
    });
  };
}
