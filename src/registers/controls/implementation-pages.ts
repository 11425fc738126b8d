// Control implementations on the web: record one for a service or unit, change its status, add
// evidence (a link, a note or an uploaded file), download a file, and import or export them as CSV.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { sendAttachment } from '../../platform/files/http.ts';
import { describeSize } from '../../platform/files/store.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { multipartFile, multipartText } from '../../platform/http/multipart.ts';
import type { Services } from '../../services.ts';
import { KIND_NAMES, STATUS_NAMES } from './entity.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NewQuery = Type.Object(
  { control: Type.String({ format: 'uuid' }), service: Type.Optional(Type.String({ format: 'uuid' })), unit: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
const VIEWS = 'registers/controls/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});

export function implementationPages(services: Services) {
  const implementations = services.controls.implementations;
  return async (app: FastifyInstance): Promise<void> => {
    const renderNew = async (request: FastifyRequest, reply: FastifyReply, query: { control: string; service?: string; unit?: string }, values: Form, problems: readonly FieldProblem[] = []) => {
      const target = await implementations.target(request.actor, { controlId: query.control, serviceId: query.service ?? null, unitId: query.unit ?? null });
      return reply.render(`${VIEWS}/implementation-new.njk`, {
        pageTitle: `Record ${target.control.code} for ${target.service?.name ?? target.unit?.name}`,
        target,
        query,
        values,
        statusValue: values.status,
        kindNames: KIND_NAMES,
        ...withProblems(problems),
      });
    };

    app.get('/control-implementations/new', { config: { access: 'services.edit-own' }, schema: { querystring: NewQuery } }, async (request, reply) => {
      const query = request.query as { control: string; service?: string; unit?: string };
      const target = await implementations.target(request.actor, { controlId: query.control, serviceId: query.service ?? null, unitId: query.unit ?? null });
      if (target.existingId) return reply.redirect(`/control-implementations/${target.existingId}`, 303);
      return renderNew(request, reply, query, { status: 'not-started' });
    });

    app.post('/control-implementations', { config: { access: 'services.edit-own' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      const query = { control: form.control ?? '', ...(form.service ? { service: form.service } : {}), ...(form.unit ? { unit: form.unit } : {}) };
      return handleForm(
        reply,
        (problems) => renderNew(request, reply, query, form, problems),
        async () => {
          const id = await implementations.record(request.actor, { controlId: query.control, serviceId: form.service ?? null, unitId: form.unit ?? null }, { status: form.status ?? '', notApplicableReason: form.notApplicableReason ?? null, owner: form.owner ?? null, statusOn: form.statusOn ?? null }, request.id);
          return reply.redirect(`/control-implementations/${id}`, 303);
        },
      );
    });

    const renderDetail = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form, evidenceValues: Form, problems: readonly FieldProblem[] = []) => {
      const { implementation, evidence, canRecord } = await implementations.detail(request.actor, id);
      return reply.render(`${VIEWS}/implementation.njk`, {
        pageTitle: `${implementation.controlCode} for ${implementation.serviceName ?? implementation.unitName}`,
        implementation,
        evidence: evidence.map((e) => ({ ...e, size: e.file ? describeSize(e.file.sizeBytes) : null })),
        canRecord,
        values,
        evidenceValues,
        statusNames: STATUS_NAMES,
        maxUploadMb: services.context.config.maxUploadMb,
        breadcrumbs: [{ text: 'Controls', href: '/controls' }, { text: implementation.controlCode, href: `/controls/${implementation.controlId}` }],
        ...withProblems(problems),
      });
    };
    const currentValues = async (request: FastifyRequest, id: string): Promise<Form> => {
      const i = await implementations.get(request.actor, id);
      return { status: i.status, notApplicableReason: i.notApplicableReason ?? '', owner: i.ownerEmail ?? '', statusOn: i.statusOn };
    };

    app.get('/control-implementations/:id', { config: { access: 'controls.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return renderDetail(request, reply, id, await currentValues(request, id), { kind: 'link' });
    });

    app.post('/control-implementations/:id', { config: { access: 'services.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderDetail(request, reply, id, form, { kind: 'link' }, problems),
        async () => {
          await implementations.changeStatus(request.actor, id, { status: form.status ?? '', notApplicableReason: form.notApplicableReason ?? null, owner: form.owner ?? null, statusOn: form.statusOn ?? null }, request.id);
          return reply.redirect(`/control-implementations/${id}`, 303);
        },
      );
    });

    app.post('/control-implementations/:id/evidence', { config: { access: 'services.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body;
      const form: Form = { kind: multipartText(body, 'kind'), url: multipartText(body, 'url'), note: multipartText(body, 'note'), reviewBy: multipartText(body, 'reviewBy') };
      const file = form.kind === 'file' ? await multipartFile(body, 'file') : null;
      return handleForm(
        reply,
        async (problems) => renderDetail(request, reply, id, await currentValues(request, id), form, problems),
        async () => {
          await implementations.addEvidence(request.actor, id, { kind: form.kind ?? '', url: form.url ?? null, note: form.note ?? null, file, reviewBy: form.reviewBy ?? '' }, request.id);
          return reply.redirect(`/control-implementations/${id}#evidence`, 303);
        },
      );
    });

    app.get('/evidence/:id/file', { config: { access: 'controls.read' }, schema: { params: IdParams } }, async (request, reply) =>
      sendAttachment(reply, await implementations.evidenceFile(request.actor, (request.params as { id: string }).id)),
    );

    app.get('/control-implementations.csv', { config: { access: 'controls.read' } }, async (request, reply) => {
      const csv = await implementations.exportCsv(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="control-implementations.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/control-implementations/import', { config: { access: 'controls.manage' } }, async (_request, reply) =>
      reply.render(`${VIEWS}/import.njk`, { pageTitle: 'Import control implementations from a CSV file', dryRun: true }),
    );

    app.post('/control-implementations/import', { config: { access: 'controls.manage' } }, async (request, reply) => {
      const dryRun = multipartText(request.body, 'dryRun') === 'yes';
      const file = await multipartFile(request.body, 'file');
      if (!file || file.bytes.length === 0) {
        const problems = [{ field: 'file', message: 'Choose a CSV file to upload' }];
        return reply.code(400).render(`${VIEWS}/import.njk`, { pageTitle: 'Import control implementations from a CSV file', dryRun, ...withProblems(problems) });
      }
      const report = await services.controls.implementationImport.run(request.actor, { fileName: file.name, bytes: file.bytes, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render(`${VIEWS}/import-report.njk`, {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'Control implementations imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });
  };
}
