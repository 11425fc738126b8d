// The technology services pages: the list (filters, sortable columns, paging), one service with its
// derived classification and controls, the add and change forms, the CSV import and export.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { CRITICALITY, CRITICALITY_NAMES, HOSTING, HOSTING_NAMES, type TechnologyService } from './entity.ts';
import { SERVICE_SORTS, type ServiceSort } from './repository.ts';
import { splitReferences, type ServiceInput } from './service.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    hosting: Type.Optional(Type.Union([Type.Literal(''), ...HOSTING.map((h) => Type.Literal(h))])),
    criticality: Type.Optional(Type.Union([Type.Literal(''), ...CRITICALITY.map((c) => Type.Literal(c))])),
    tier: Type.Optional(Type.String({ maxLength: 40 })),
    tso: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(Type.Union(SERVICE_SORTS.map((s) => Type.Literal(s)))),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
type ListQueryValue = { search?: string; unit?: string; hosting?: string; criticality?: string; tier?: string; tso?: string; sort?: ServiceSort; order?: 'asc' | 'desc'; page?: number };
const TIERS = ['NO CLASSIFICATION', 'OFFICIAL', 'SECRET', 'TOP SECRET'];
const SORT_NAMES: Record<ServiceSort, string> = { reference: 'Reference', name: 'Name', unit: 'Unit', criticality: 'Criticality', updated: 'Last changed' };
const IMPORT_TITLE = 'Import technology services from a CSV file';

export function technologyServicesPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/technology-services', { config: { access: 'services.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as ListQueryValue;
      const units = await services.organisationUnits.listUnits(request.actor);
      const unit = q.unit ? units.find((u) => u.code === q.unit!.toUpperCase()) : undefined;
      const sort = q.sort ?? 'name';
      const result = await services.technologyServices.list(
        request.actor,
        {
          ...(q.search?.trim() ? { search: q.search.trim() } : {}),
          ...(unit ? { unitId: unit.id } : {}),
          ...(q.hosting ? { hosting: q.hosting } : {}),
          ...(q.criticality ? { criticality: q.criticality } : {}),
          ...(q.tier ? { tier: q.tier } : {}),
          ...(q.tso?.trim() ? { tso: q.tso.trim() } : {}),
          sort,
          descending: q.order === 'desc',
        },
        q.page ?? 1,
      );
      const filters = Object.entries(q).filter(([k, v]) => k !== 'page' && k !== 'sort' && k !== 'order' && typeof v === 'string' && v !== '') as [string, string][];
      const href = (extra: [string, string][]) => `/technology-services?${new URLSearchParams([...filters, ...extra]).toString()}`;
      const sortParams: [string, string][] = [['sort', sort], ...(q.order === 'desc' ? [['order', 'desc'] as [string, string]] : [])];
      return reply.render('registers/technology-services/views/list.njk', {
        pageTitle: 'Technology services',
        query: q,
        ...result,
        hostingNames: HOSTING_NAMES,
        criticalityNames: CRITICALITY_NAMES,
        units: [{ value: '', text: 'All units' }, ...units.map((u) => ({ value: u.code, text: u.name, selected: u.code === unit?.code }))],
        hostingItems: [{ value: '', text: 'Any' }, ...HOSTING.map((h) => ({ value: h, text: HOSTING_NAMES[h], selected: q.hosting === h }))],
        criticalityItems: [{ value: '', text: 'Any' }, ...CRITICALITY.map((c) => ({ value: c, text: CRITICALITY_NAMES[c], selected: q.criticality === c }))],
        tierItems: [{ value: '', text: 'Any' }, ...TIERS.map((t) => ({ value: t, text: t, selected: q.tier === t })), { value: 'none', text: 'No assets yet', selected: q.tier === 'none' }],
        columns: SERVICE_SORTS.map((s) => {
          const current = s === sort;
          const next = current && q.order !== 'desc' ? 'desc' : 'asc';
          return { key: s, text: SORT_NAMES[s], href: href([['sort', s], ...(next === 'desc' ? [['order', 'desc'] as [string, string]] : [])]), ariaSort: current ? (q.order === 'desc' ? 'descending' : 'ascending') : 'none' };
        }),
        pagination: pageLinks(result.page, result.pages, (n) => href([...sortParams, ['page', String(n)]])),
        exportHref: '/technology-services.csv',
        canManage: canAnywhere(request.actor, 'services.manage'),
      });
    });

    app.get('/technology-services.csv', { config: { access: 'services.read' } }, async (request, reply) => {
      const { csv } = await services.technologyServices.exportCsv(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="technology-services.csv"').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/technology-services/import', { config: { access: 'services.manage' } }, async (_request, reply) => reply.render('registers/technology-services/views/import.njk', { pageTitle: IMPORT_TITLE, dryRun: true }));

    app.post('/technology-services/import', { config: { access: 'services.manage' } }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: { filename?: string; toBuffer?: () => Promise<Buffer> }; dryRun?: { value?: string } };
      const dryRun = body.dryRun?.value === 'yes';
      const file = body.file?.toBuffer ? await body.file.toBuffer() : undefined;
      if (!file || file.length === 0) {
        const problems = [{ field: 'file', message: 'Choose a CSV file to upload' }];
        return reply.code(400).render('registers/technology-services/views/import.njk', { pageTitle: IMPORT_TITLE, dryRun, errorSummary: errorSummary(problems), errors: fieldErrors(problems) });
      }
      const report = await services.technologyServices.imports.run(request.actor, { fileName: body.file?.filename || 'upload.csv', bytes: file, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render('registers/technology-services/views/import-report.njk', {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'Technology services imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, service: TechnologyService | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const units = await services.organisationUnits.listUnits(request.actor);
      const canManage = service ? (await services.technologyServices.permissions(request.actor, service)).canManage : true;
      return reply.render('registers/technology-services/views/form.njk', {
        pageTitle: service ? `Change ${service.name}` : 'Add a technology service',
        service,
        values,
        canManage,
        units: [{ value: '', text: 'Choose a unit' }, ...units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === values.unitId }))],
        hostingItems: HOSTING.map((h) => ({ value: h, text: HOSTING_NAMES[h], checked: values.hosting === h })),
        criticalityItems: CRITICALITY.map((c) => ({ value: c, text: CRITICALITY_NAMES[c], checked: values.criticality === c })),
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
        ...(service ? { breadcrumbs: [{ text: 'Technology services', href: '/technology-services' }, { text: service.name, href: `/technology-services/${service.id}` }] } : { breadcrumbs: [{ text: 'Technology services', href: '/technology-services' }] }),
      });
    };

    const input = (form: Form, ownersEditable: boolean): ServiceInput => ({
      reference: form.reference ?? '',
      name: form.name ?? '',
      purpose: form.purpose ?? '',
      unitId: form.unitId ?? '',
      hosting: form.hosting ?? '',
      suppliers: form.suppliers ?? '',
      criticality: form.criticality ?? '',
      ...(ownersEditable ? { technologyServiceOwner: form.technologyServiceOwner ?? '', seniorResponsibleOfficer: form.seniorResponsibleOfficer ?? '' } : {}),
      assets: splitReferences(form.assets ?? ''),
      standards: splitReferences(form.standards ?? ''),
    });

    app.get('/technology-services/new', { config: { access: 'services.manage' } }, async (request, reply) => renderForm(request, reply, undefined, {}));

    app.post('/technology-services', { config: { access: 'services.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/technology-services/${await services.technologyServices.create(request.actor, input(form, true), request.id)}`, 303),
      );
    });

    app.get('/technology-services/:id', { config: { access: 'services.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const service = await services.technologyServices.get(request.actor, (request.params as { id: string }).id);
      const [permissions, serviceControls] = await Promise.all([services.technologyServices.permissions(request.actor, service), services.controls.forService(request.actor, service.id)]);
      return reply.render('registers/technology-services/views/show.njk', {
        pageTitle: service.name,
        service,
        serviceControls,
        ...permissions,
        hostingNames: HOSTING_NAMES,
        criticalityNames: CRITICALITY_NAMES,
        breadcrumbs: [{ text: 'Technology services', href: '/technology-services' }],
      });
    });

    app.get('/technology-services/:id/edit', { config: { access: 'services.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const service = await services.technologyServices.getForChange(request.actor, (request.params as { id: string }).id);
      return renderForm(request, reply, service, {
        reference: service.reference,
        name: service.name,
        purpose: service.purpose,
        unitId: service.unitId,
        hosting: service.hosting,
        suppliers: service.suppliers.join(', '),
        criticality: service.criticality,
        technologyServiceOwner: service.tso?.email ?? '',
        seniorResponsibleOfficer: service.sro?.email ?? '',
        assets: service.assets.map((a) => a.reference).join(', '),
        standards: service.standards.map((s) => s.reference).join(', '),
      });
    });

    app.post('/technology-services/:id', { config: { access: 'services.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const service = await services.technologyServices.getForChange(request.actor, (request.params as { id: string }).id);
      const { canManage } = await services.technologyServices.permissions(request.actor, service);
      const form = (request.body ?? {}) as Form;
      // An owner's form has no unit or owner fields: those stay as they are.
      const values = canManage ? form : { ...form, unitId: service.unitId };
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, service, values, problems),
        async () => {
          await services.technologyServices.update(request.actor, service.id, input(values, canManage), request.id);
          return reply.redirect(`/technology-services/${service.id}`, 303);
        },
      );
    });
  };
}
