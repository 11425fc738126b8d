// The supplier register's pages: the list (filters, paging), one supplier with what it reaches and what
// hangs off it, the add and change forms, the criticality override, and the CSV imports and exports of
// suppliers and contracts. Contracts, certifications and sub-processors have their forms in part-pages.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { multipartFile, multipartText } from '../../platform/http/multipart.ts';
import type { ImportReport } from '../../platform/imports/report.ts';
import type { ImportInput } from '../../platform/imports/staged-import.ts';
import type { Services } from '../../services.ts';
import type { Actor } from '../../access/actor.ts';
import { ASSESSMENT_STATUSES, CRITICALITIES, VALUE_BAND_NAMES, type AssessmentStatus, type Criticality } from './entity.ts';
import { supplierPartPages } from './part-pages.ts';
import type { Supplier } from './service.ts';
import type { SupplierInput } from './supplier-input.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const VIEWS = 'registers/suppliers/views';
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    criticality: Type.Optional(Type.Union([Type.Literal(''), ...CRITICALITIES.map((c) => Type.Literal(c))])),
    assessment: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('never'), ...ASSESSMENT_STATUSES.map((s) => Type.Literal(s))])),
    certificates: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('expired'), Type.Literal('expiring')])),
    withinDays: Type.Optional(Type.Union([Type.Literal(''), Type.Integer({ minimum: 1, maximum: 3650 })])),
    deviations: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('open'), Type.Literal('none')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
type ListQueryValue = { search?: string; unit?: string; criticality?: '' | Criticality; assessment?: '' | 'never' | AssessmentStatus; certificates?: '' | 'expired' | 'expiring'; withinDays?: '' | number; deviations?: '' | 'open' | 'none'; page?: number };

export const CRITICALITY_NAMES: Record<Criticality, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const ASSESSMENT_STATUS_NAMES: Record<AssessmentStatus, string> = { 'in-progress': 'In progress', 'sent-to-supplier': 'Sent to the supplier', answered: 'Answered', completed: 'Completed' };
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const option = (value: string, text: string, current: string | undefined) => ({ value, text, selected: value === (current ?? '') });

/** An upload page and its report, the same for suppliers and contracts. */
interface UploadPage {
  readonly path: string;
  readonly title: string;
  readonly done: string;
  readonly intro: string;
  readonly exportHref: string;
  readonly listHref: string;
  readonly noun: string;
  readonly command: string;
  readonly columns: readonly string[];
  readonly run: (actor: Actor, input: ImportInput) => Promise<ImportReport>;
}

function uploadRoutes(app: FastifyInstance, page: UploadPage): void {
  const view = { pageTitle: page.title, upload: page };
  app.get(page.path, { config: { access: 'suppliers.manage' } }, async (_request, reply) => reply.render(`${VIEWS}/supplier-import.njk`, { ...view, dryRun: true }));
  app.post(page.path, { config: { access: 'suppliers.manage' } }, async (request, reply) => {
    const dryRun = multipartText(request.body, 'dryRun') === 'yes';
    const file = await multipartFile(request.body, 'file');
    if (!file || file.bytes.length === 0) return reply.code(400).render(`${VIEWS}/supplier-import.njk`, { ...view, dryRun, ...withProblems([{ field: 'file', message: 'Choose a CSV file to upload' }]) });
    const report = await page.run(request.actor, { fileName: file.name, bytes: file.bytes, dryRun, requestId: request.id });
    return reply.code(report.errors.length > 0 ? 400 : 200).render(`${VIEWS}/supplier-import-report.njk`, {
      pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : page.done,
      upload: page,
      report,
      errors: report.errors.slice(0, 500),
      more: Math.max(0, report.errors.length - 500),
      dryRun,
    });
  });
}

export function suppliersPages(services: Services) {
  const suppliers = services.suppliers;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/suppliers', { config: { access: 'suppliers.edit-own' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as ListQueryValue;
      const result = await suppliers.list(
        request.actor,
        {
          ...(q.search?.trim() ? { search: q.search.trim() } : {}),
          ...(q.unit?.trim() ? { unit: q.unit.trim() } : {}),
          ...(q.criticality ? { criticality: q.criticality } : {}),
          ...(q.assessment ? { assessmentStatus: q.assessment } : {}),
          ...(q.certificates ? { certificates: q.certificates, ...(typeof q.withinDays === 'number' ? { withinDays: q.withinDays } : {}) } : {}),
          ...(q.deviations ? { openDeviations: q.deviations === 'open' } : {}),
        },
        q.page ?? 1,
      );
      const units = canAnywhere(request.actor, 'organisation.read') ? await services.organisationUnits.listUnits(request.actor) : [];
      const filters = Object.entries(q).filter(([k, v]) => k !== 'page' && v !== '' && v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]);
      const href = (extra: [string, string][]) => `/suppliers?${new URLSearchParams([...filters, ...extra]).toString()}`;
      return reply.render(`${VIEWS}/supplier-list.njk`, {
        pageTitle: 'Suppliers and partners',
        query: q,
        ...result,
        criticalityNames: CRITICALITY_NAMES,
        statusNames: ASSESSMENT_STATUS_NAMES,
        units: [option('', 'All units', q.unit), ...units.map((u) => option(u.code, u.name, q.unit?.toUpperCase()))],
        criticalityItems: [option('', 'Any', q.criticality), ...CRITICALITIES.map((c) => option(c, CRITICALITY_NAMES[c], q.criticality))],
        assessmentItems: [option('', 'Any', q.assessment), option('never', 'Never assessed', q.assessment), ...ASSESSMENT_STATUSES.map((s) => option(s, `Latest ${ASSESSMENT_STATUS_NAMES[s].toLowerCase()}`, q.assessment))],
        certificateItems: [option('', 'Any', q.certificates), option('expiring', 'Expiring soon', q.certificates), option('expired', 'Expired', q.certificates)],
        deviationItems: [option('', 'Any', q.deviations), option('open', 'Has open deviations', q.deviations), option('none', 'No open deviations', q.deviations)],
        pagination: pageLinks(result.page, result.pages, (n) => href([['page', String(n)]])),
        canManage: canAnywhere(request.actor, 'suppliers.manage'),
        canExport: canAnywhere(request.actor, 'suppliers.read'),
      });
    });

    app.get('/suppliers.csv', { config: { access: 'suppliers.read' } }, async (request, reply) => {
      const { csv } = await suppliers.exportCsv(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="suppliers.csv"').type('text/csv; charset=utf-8').send(csv);
    });
    app.get('/supplier-contracts.csv', { config: { access: 'suppliers.read' } }, async (request, reply) => {
      const { csv } = await suppliers.exportContractsCsv(request.actor, request.id);
      return reply.header('content-disposition', 'attachment; filename="supplier-contracts.csv"').type('text/csv; charset=utf-8').send(csv);
    });

    uploadRoutes(app, {
      path: '/suppliers/import',
      title: 'Import suppliers from a CSV file',
      done: 'Suppliers imported',
      intro: 'A row matches a supplier on its company number, else its reference, else its name; a row that matches none adds a supplier. A column the file leaves out leaves that part of each supplier as it is.',
      exportHref: '/suppliers.csv',
      listHref: '/suppliers',
      noun: 'suppliers',
      command: 'custodian suppliers import FILE --dry-run --json',
      columns: [
        '<code>reference</code>: the supplier’s reference, such as SUP-0001; leave it empty for a new supplier',
        '<code>name</code> (required), <code>company number</code> (8 letters and numbers), <code>contact name</code>, <code>contact email</code>',
        '<code>unit</code> (required): the code of the unit that manages the supplier, such as HMPPS',
        '<code>sro</code> (required) and <code>senior business owner</code>: an email address or staff number',
        '<code>assets</code> and <code>services</code>: information asset and technology service references, separated by semicolons',
      ],
      run: (actor, input) => suppliers.imports.run(actor, input),
    });
    uploadRoutes(app, {
      path: '/supplier-contracts/import',
      title: 'Import supplier contracts from a CSV file',
      done: 'Contracts imported',
      intro: 'Contracts are matched on their reference. Contracts not in the file are not touched.',
      exportHref: '/supplier-contracts.csv',
      listHref: '/suppliers',
      noun: 'contracts',
      command: 'custodian supplier-contracts import FILE --dry-run --json',
      columns: [
        '<code>reference</code> (required): the contract’s reference, such as CON-2026-001',
        '<code>supplier</code> (required): the supplier’s reference, such as SUP-0001, or its company number',
        '<code>title</code> and <code>unit</code> (required): the code of the unit that holds the contract',
        '<code>starts on</code> (required) and <code>ends on</code>: dates as YYYY-MM-DD',
        `<code>value band</code> (required): ${Object.keys(VALUE_BAND_NAMES).join(', ')}`,
      ],
      run: (actor, input) => suppliers.contractImports.run(actor, input),
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, supplier: Supplier | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const canManage = supplier ? (await suppliers.permissions(request.actor, supplier)).canManage : true;
      const units = await services.organisationUnits.listUnits(request.actor);
      return reply.render(`${VIEWS}/supplier-form.njk`, {
        pageTitle: supplier ? `Change ${supplier.name}` : 'Add a supplier',
        supplier,
        values,
        canManage,
        units: [option('', 'Choose a unit', values.unit), ...units.map((u) => option(u.code, `${u.name} (${u.code})`, values.unit?.toUpperCase()))],
        breadcrumbs: [{ text: 'Suppliers', href: '/suppliers' }, ...(supplier ? [{ text: supplier.name, href: `/suppliers/${supplier.id}` }] : [])],
        ...withProblems(problems),
      });
    };
    // An owner's form has no unit or owner fields: those stay as they are.
    const input = (form: Form, canManage: boolean): SupplierInput => ({
      name: form.name ?? '',
      companyNumber: form.companyNumber ?? '',
      contactName: form.contactName ?? '',
      contactEmail: form.contactEmail ?? '',
      description: form.description ?? '',
      ...(canManage ? { unit: form.unit ?? '', seniorResponsibleOfficer: form.seniorResponsibleOfficer ?? '', seniorBusinessOwner: form.seniorBusinessOwner ?? '' } : {}),
      assets: form.assets ?? '',
      services: form.services ?? '',
      controls: form.controls ?? '',
      appliedControls: form.appliedControls ?? '',
    });

    app.get('/suppliers/new', { config: { access: 'suppliers.manage' } }, async (request, reply) => renderForm(request, reply, undefined, {}));
    app.post('/suppliers', { config: { access: 'suppliers.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/suppliers/${await suppliers.create(request.actor, input(form, true), request.id)}`, 303),
      );
    });

    app.get('/suppliers/:id', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const supplier = await suppliers.get(request.actor, (request.params as { id: string }).id);
      const [permissions, records] = await Promise.all([suppliers.permissions(request.actor, supplier), suppliers.parts.recordsOf(request.actor, supplier)]);
      return reply.render(`${VIEWS}/supplier-show.njk`, {
        pageTitle: supplier.name,
        supplier,
        ...records,
        ...permissions,
        contactText: [supplier.contactName, supplier.contactEmail].filter((c) => c !== '').join(', '),
        criticalityText: supplier.criticalityOverridden
          ? `${CRITICALITY_NAMES[supplier.criticality]}, set by the security team (derived: ${CRITICALITY_NAMES[supplier.derivedCriticality].toLowerCase()}). Reason: ${supplier.criticalityReason ?? ''}`
          : `${CRITICALITY_NAMES[supplier.criticality]} (derived from what it reaches)`,
        criticalityNames: CRITICALITY_NAMES,
        statusNames: ASSESSMENT_STATUS_NAMES,
        valueBandNames: VALUE_BAND_NAMES,
        breadcrumbs: [{ text: 'Suppliers', href: '/suppliers' }],
      });
    });

    const currentValues = (s: Supplier): Form => ({
      name: s.name,
      companyNumber: s.companyNumber ?? '',
      contactName: s.contactName,
      contactEmail: s.contactEmail,
      description: s.description,
      unit: s.unitCode,
      seniorResponsibleOfficer: s.sro?.email ?? '',
      seniorBusinessOwner: s.sbo?.email ?? '',
      assets: s.assets.map((a) => a.reference).join(', '),
      services: s.services.map((x) => x.reference).join(', '),
      controls: s.controls.map((c) => c.code).join(', '),
      appliedControls: s.controls.filter((c) => c.applied).map((c) => c.code).join(', '),
    });
    app.get('/suppliers/:id/edit', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const supplier = await suppliers.getForChange(request.actor, (request.params as { id: string }).id);
      return renderForm(request, reply, supplier, currentValues(supplier));
    });
    app.post('/suppliers/:id', { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const supplier = await suppliers.getForChange(request.actor, (request.params as { id: string }).id);
      const { canManage } = await suppliers.permissions(request.actor, supplier);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, supplier, form, problems),
        async () => {
          await suppliers.update(request.actor, supplier.id, input(form, canManage), request.id);
          return reply.redirect(`/suppliers/${supplier.id}`, 303);
        },
      );
    });

    const renderCriticality = async (request: FastifyRequest, reply: FastifyReply, supplier: Supplier, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/supplier-criticality.njk`, {
        pageTitle: `Set the criticality of ${supplier.name}`,
        supplier,
        values,
        criticalityNames: CRITICALITY_NAMES,
        overrideItems: [option('', `None: use the derived criticality (${CRITICALITY_NAMES[supplier.derivedCriticality].toLowerCase()})`, values.override), ...CRITICALITIES.map((c) => option(c, CRITICALITY_NAMES[c], values.override))],
        breadcrumbs: [{ text: 'Suppliers', href: '/suppliers' }, { text: supplier.name, href: `/suppliers/${supplier.id}` }],
        ...withProblems(problems),
      });
    app.get('/suppliers/:id/criticality', { config: { access: 'suppliers.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const supplier = await suppliers.getForOverride(request.actor, (request.params as { id: string }).id);
      return renderCriticality(request, reply, supplier, { override: supplier.criticalityOverridden ? supplier.criticality : '', reason: supplier.criticalityReason ?? '' });
    });
    app.post('/suppliers/:id/criticality', { config: { access: 'suppliers.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const supplier = await suppliers.getForOverride(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderCriticality(request, reply, supplier, form, problems),
        async () => {
          await suppliers.setCriticality(request.actor, supplier.id, { override: form.override ?? '', reason: form.reason ?? '' }, request.id);
          return reply.redirect(`/suppliers/${supplier.id}`, 303);
        },
      );
    });

    await supplierPartPages(app, services);
  };
}
