// The information assets register's pages: the list (filters, sortable columns, pages), one asset,
// its form, the CSV export and import, and the classification vocabulary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { can, canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { marking } from './classification.ts';
import { ASSET_SORTS, IMPACT_LEVELS, type AssetFilter, type AssetInput, type AssetSort } from './entity.ts';
import type { AssetDetails } from './service.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | string[] | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const YesNo = Type.Optional(Type.Union([Type.Literal(''), Type.Literal('yes'), Type.Literal('no')]));
const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ maxLength: 40 })),
    tier: Type.Optional(Type.String({ maxLength: 40 })),
    sensitive: YesNo,
    personalData: YesNo,
    owner: Type.Optional(Type.String({ maxLength: 254 })),
    sort: Type.Optional(Type.Union(ASSET_SORTS.map((s) => Type.Literal(s)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
type ListQueryValues = { search?: string; unit?: string; tier?: string; sensitive?: '' | 'yes' | 'no'; personalData?: '' | 'yes' | 'no'; owner?: string; sort?: AssetSort; page?: number };
const SORT_NAMES: Record<AssetSort, string> = { name: 'Name', reference: 'Reference', unit: 'Unit', tier: 'Classification', updated: 'Last changed' };
const IMPACT_NAMES: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };
const VIEWS = 'registers/information-assets/views';

const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const list = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []);
const yesNo = (value: string | undefined): boolean | undefined => (value === 'yes' ? true : value === 'no' ? false : undefined);

export function informationAssetsPages(services: Services) {
  const assets = services.informationAssets;

  async function filterOf(request: FastifyRequest, q: ListQueryValues): Promise<{ filter: AssetFilter; unitCode: string | undefined }> {
    const units = q.unit ? await services.organisationUnits.listUnits(request.actor) : [];
    const unit = q.unit ? units.find((u) => u.code === q.unit!.trim().toUpperCase()) : undefined;
    const sensitive = yesNo(q.sensitive);
    const personalData = yesNo(q.personalData);
    const filter: AssetFilter = {
      ...(q.search?.trim() ? { search: q.search.trim() } : {}),
      // An unknown unit code matches nothing rather than everything.
      ...(q.unit?.trim() ? { unitId: unit?.id ?? 'none' } : {}),
      ...(q.tier ? { tier: q.tier } : {}),
      ...(sensitive !== undefined ? { sensitive } : {}),
      ...(personalData !== undefined ? { personalData } : {}),
      ...(q.owner?.trim() ? { ownerId: q.owner.trim() } : {}),
    };
    return { filter, unitCode: unit?.code };
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/information-assets', { config: { access: 'assets.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as ListQueryValues;
      const sort = q.sort ?? 'name';
      const { filter, unitCode } = await filterOf(request, q);
      const [result, units, vocabulary] = await Promise.all([assets.list(request.actor, filter, sort, q.page ?? 1), services.organisationUnits.listUnits(request.actor), assets.vocabulary(request.actor)]);
      const kept = Object.entries(q).filter(([k, v]) => k !== 'page' && k !== 'sort' && typeof v === 'string' && v !== '') as [string, string][];
      const href = (extra: [string, string][]) => `/information-assets?${new URLSearchParams([...kept, ...extra]).toString()}`;
      return reply.render(`${VIEWS}/list.njk`, {
        pageTitle: 'Information assets',
        query: q,
        ...result,
        sort,
        columns: ASSET_SORTS.filter((s) => s !== 'updated').map((s) => ({ key: s, text: SORT_NAMES[s], href: href([['sort', s]]), current: s === sort })),
        sortOptions: ASSET_SORTS.map((s) => ({ value: s, text: SORT_NAMES[s], selected: s === sort })),
        units: [{ value: '', text: 'All units' }, ...units.map((u) => ({ value: u.code, text: u.name, selected: u.code === unitCode }))],
        tiers: [{ value: '', text: 'Any' }, ...vocabulary.tiers.map((t) => ({ value: t.code, text: t.code, selected: t.code === q.tier }))],
        pagination: pageLinks(result.page, result.pages, (n) => href([['sort', sort], ['page', String(n)]])),
        csvHref: `/information-assets.csv?${new URLSearchParams([...kept, ['sort', sort]]).toString()}`,
        canManage: canAnywhere(request.actor, 'assets.manage'),
      });
    });

    app.get('/information-assets.csv', { config: { access: 'assets.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as ListQueryValues;
      const { filter } = await filterOf(request, q);
      const csv = await assets.exportCsv(request.actor, filter, q.sort ?? 'name', request.id);
      return reply.header('content-disposition', 'attachment; filename="information-assets.csv"').type('text/csv; charset=utf-8').send(csv);
    });

    const renderVocabulary = async (request: FastifyRequest, reply: FastifyReply, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const vocabulary = await assets.vocabulary(request.actor);
      const markings = vocabulary.tiers.flatMap((t) => [false, ...(t.allowsSensitive ? [true] : [])].map((sensitive) => ({ marking: marking(t.code, sensitive), instructions: vocabulary.rules.filter((r) => r.tier === t.code && r.sensitive === sensitive).map((r) => r.instruction) })));
      return reply.render(`${VIEWS}/classification.njk`, {
        pageTitle: 'Classification vocabulary',
        vocabulary,
        markings,
        values,
        canChange: can(request.actor, 'assets.manage'),
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
        breadcrumbs: [{ text: 'Information assets', href: '/information-assets' }],
      });
    };

    app.get('/information-assets/classification', { config: { access: 'assets.read' } }, async (request, reply) => renderVocabulary(request, reply));

    app.post('/information-assets/classification/descriptors', { config: { access: 'assets.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderVocabulary(request, reply, form, problems),
        async () => {
          await assets.vocabularyChanges.addDescriptor(request.actor, { code: text(form.code), label: text(form.label) }, request.id);
          return reply.redirect('/information-assets/classification', 303);
        },
      );
    });

    const renderImport = (reply: FastifyReply, dryRun: boolean, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/import.njk`, { pageTitle: 'Import information assets from a CSV file', dryRun, ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}), breadcrumbs: [{ text: 'Information assets', href: '/information-assets' }] });

    app.get('/information-assets/import', { config: { access: 'assets.manage' } }, async (_request, reply) => renderImport(reply, true));

    app.post('/information-assets/import', { config: { access: 'assets.manage' } }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: { filename?: string; toBuffer?: () => Promise<Buffer> }; dryRun?: { value?: string } };
      const dryRun = body.dryRun?.value === 'yes';
      const file = body.file?.toBuffer ? await body.file.toBuffer() : undefined;
      if (!file || file.length === 0) return renderImport(reply.code(400), dryRun, [{ field: 'file', message: 'Choose a CSV file to upload' }]);
      const report = await assets.imports.run(request.actor, { fileName: body.file?.filename || 'upload.csv', bytes: file, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render(`${VIEWS}/import-report.njk`, {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'Information assets imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, asset: AssetDetails | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const [units, vocabulary] = await Promise.all([services.organisationUnits.listUnits(request.actor), assets.vocabulary(request.actor)]);
      const descriptors = list(values.descriptors);
      const impact = (field: string) => IMPACT_LEVELS.map((level) => ({ value: level, text: IMPACT_NAMES[level], checked: (text(values[field]) || 'medium') === level }));
      return reply.render(`${VIEWS}/form.njk`, {
        pageTitle: asset ? `Change ${asset.name}` : 'Add an information asset',
        asset,
        values,
        detailsOnly: asset?.mayEdit === 'details',
        units: [{ value: '', text: 'Choose a unit' }, ...units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})`, selected: u.id === text(values.unitId) }))],
        tiers: vocabulary.tiers.map((t) => ({ value: t.code, text: t.code, ...(t.label === t.code ? {} : { hint: { text: t.label } }), checked: text(values.classificationTier) === t.code })),
        sensitive: [{ value: 'yes', text: 'SENSITIVE (OFFICIAL only): makes the marking OFFICIAL-SENSITIVE', checked: text(values.sensitive) === 'yes' }],
        instructions: [{ value: '', text: 'None', checked: text(values.handlingInstruction) === '' }, ...vocabulary.instructions.map((i) => ({ value: i.code, text: i.code, checked: text(values.handlingInstruction) === i.code }))],
        descriptors: vocabulary.descriptors.map((d) => ({ value: d.code, text: d.code, checked: descriptors.includes(d.code) })),
        confidentiality: impact('confidentialityImpact'),
        integrity: impact('integrityImpact'),
        availability: impact('availabilityImpact'),
        personalData: [{ value: 'yes', text: 'Yes', checked: text(values.personalData) === 'yes' }, { value: 'no', text: 'No', checked: text(values.personalData) === 'no' }],
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
        breadcrumbs: [{ text: 'Information assets', href: '/information-assets' }, ...(asset ? [{ text: asset.name, href: `/information-assets/${asset.id}` }] : [])],
      });
    };

    const inputOf = (form: Form, asset?: AssetDetails): AssetInput => ({
      reference: text(form.reference),
      name: text(form.name),
      description: text(form.description),
      // The IAO's form has no unit or IAO fields: those stay as they are.
      unitId: asset?.mayEdit === 'details' ? asset.unitId : text(form.unitId),
      owner: asset?.mayEdit === 'details' ? (asset.owner?.personId ?? '') : text(form.owner),
      classificationTier: text(form.classificationTier),
      sensitive: text(form.sensitive) === 'yes',
      handlingInstruction: text(form.handlingInstruction) || null,
      embargoEndsOn: text(form.embargoEndsOn).trim() || null,
      descriptors: list(form.descriptors),
      confidentialityImpact: text(form.confidentialityImpact),
      integrityImpact: text(form.integrityImpact),
      availabilityImpact: text(form.availabilityImpact),
      personalData: text(form.personalData) === 'yes',
      retention: text(form.retention),
    });

    app.get('/information-assets/new', { config: { access: 'assets.manage' } }, async (request, reply) => renderForm(request, reply, undefined, { classificationTier: 'OFFICIAL', personalData: 'no' }));

    app.post('/information-assets', { config: { access: 'assets.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, undefined, form, problems),
        async () => reply.redirect(`/information-assets/${await assets.create(request.actor, inputOf(form), request.id)}`, 303),
      );
    });

    app.get('/information-assets/:id', { config: { access: 'assets.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const asset = await assets.get(request.actor, (request.params as { id: string }).id);
      return reply.render(`${VIEWS}/show.njk`, { pageTitle: asset.name, asset, impactNames: IMPACT_NAMES, breadcrumbs: [{ text: 'Information assets', href: '/information-assets' }] });
    });

    app.get('/information-assets/:id/edit', { config: { access: 'assets.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const asset = await assets.getForEdit(request.actor, (request.params as { id: string }).id);
      return renderForm(request, reply, asset, {
        reference: asset.reference,
        name: asset.name,
        description: asset.description,
        unitId: asset.unitId,
        owner: asset.owner?.email ?? '',
        classificationTier: asset.classificationTier,
        sensitive: asset.sensitive ? 'yes' : '',
        handlingInstruction: asset.handlingInstruction ?? '',
        embargoEndsOn: asset.embargoEndsOn ?? '',
        descriptors: [...asset.descriptors],
        confidentialityImpact: asset.confidentialityImpact,
        integrityImpact: asset.integrityImpact,
        availabilityImpact: asset.availabilityImpact,
        personalData: asset.personalData ? 'yes' : 'no',
        retention: asset.retention,
      });
    });

    app.post('/information-assets/:id', { config: { access: 'assets.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const asset = await assets.getForEdit(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, asset, form, problems),
        async () => {
          await assets.update(request.actor, asset.id, inputOf(form, asset), request.id);
          return reply.redirect(`/information-assets/${asset.id}`, 303);
        },
      );
    });
  };
}
