// External frameworks on the web: the list, importing a framework file (with an OSCAL profile's catalog
// beside it), a framework's coverage and requirements, one requirement with its controls and GovAssure
// targets, and mapping controls in bulk from CSV.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { multipartFile, multipartText } from '../../platform/http/multipart.ts';
import type { Services } from '../../services.ts';
import { ACHIEVEMENT_NAMES, FORMAT_NAMES, PROFILE_NAMES, type CoverageRow } from './entity.ts';
import { ACHIEVEMENT_LEVELS } from './formats/parsed.ts';
import type { FrameworkImportSummary } from './service.ts';
import { requirementTree } from './tree.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RequirementParams = Type.Object({ id: Type.String({ format: 'uuid' }), requirementId: Type.String({ format: 'uuid' }) });
const MappingParams = Type.Object({ id: Type.String({ format: 'uuid' }), requirementId: Type.String({ format: 'uuid' }), controlId: Type.String({ format: 'uuid' }) });
const VIEWS = 'registers/frameworks/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));
const bars = (rows: readonly CoverageRow[], total: number, href: (id: string) => string) =>
  rows.map((r) => ({ label: r.name, href: href(r.id), value: r.covered, percent: percent(r.covered, total), text: `${r.covered} of ${total} (${percent(r.covered, total)}%)` }));
const levelItems = (value: string | null | undefined) => [{ value: '', text: 'No target yet', selected: !value }, ...ACHIEVEMENT_LEVELS.map((l) => ({ value: l, text: ACHIEVEMENT_NAMES[l], selected: value === l }))];

function summaryRows(summary: FrameworkImportSummary) {
  const row = (key: string, value: string | number | null) => ({ key: { text: key }, value: { text: String(value ?? '') } });
  const changes = summary.changes;
  return [
    row(summary.requirements > 0 ? 'Framework' : 'Mapping set', summary.framework),
    row('Version', summary.version),
    row('Requirements in the file', summary.requirements),
    row('Of which assessable', summary.assessable),
    row('Mappings between frameworks', summary.mappings),
    ...(changes ? [row('New requirements', changes.created), row('Requirements changed', changes.updated), row('Requirements unchanged', changes.unchanged), row('Requirements retired (no longer in the framework)', changes.retired)] : []),
  ];
}

export function frameworksPages(services: Services) {
  const frameworks = services.frameworks;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/frameworks', { config: { access: 'frameworks.read' } }, async (request, reply) =>
      reply.render(`${VIEWS}/list.njk`, { pageTitle: 'Frameworks', frameworks: await frameworks.list(request.actor), formatNames: FORMAT_NAMES, canManage: canAnywhere(request.actor, 'frameworks.manage') }),
    );

    const renderImport = (reply: FastifyReply, problems: readonly FieldProblem[] = []) => reply.render(`${VIEWS}/import.njk`, { pageTitle: 'Import a framework', ...withProblems(problems) });
    app.get('/frameworks/import', { config: { access: 'frameworks.manage' } }, async (_request, reply) => renderImport(reply));
    app.post('/frameworks/import', { config: { access: 'frameworks.manage' } }, async (request, reply) => {
      const file = await multipartFile(request.body, 'file');
      const catalog = await multipartFile(request.body, 'catalog');
      if (!file || file.bytes.length === 0) return renderImport(reply.code(400), [{ field: 'file', message: 'Choose the framework file to import' }]);
      return handleForm(
        reply,
        (problems) => renderImport(reply, problems),
        async () => {
          const summary = await frameworks.importFile(request.actor, { fileName: file.name, text: file.bytes.toString('utf8'), ...(catalog && catalog.bytes.length > 0 ? { catalog: catalog.bytes.toString('utf8') } : {}) }, { requestId: request.id });
          return reply.render(`${VIEWS}/imported.njk`, { pageTitle: summary.unchanged ? 'The framework is already up to date' : summary.requirements > 0 ? 'Framework imported' : 'Mapping set imported', summary, rows: summaryRows(summary) });
        },
      );
    });

    const renderMappingImport = (reply: FastifyReply, problems: readonly FieldProblem[] = [], dryRun = true) => reply.render(`${VIEWS}/mapping-import.njk`, { pageTitle: 'Map controls to framework requirements from a CSV file', dryRun, ...withProblems(problems) });
    app.get('/frameworks/control-mappings/import', { config: { access: 'frameworks.manage' } }, async (_request, reply) => renderMappingImport(reply));
    app.post('/frameworks/control-mappings/import', { config: { access: 'frameworks.manage' } }, async (request, reply) => {
      const dryRun = multipartText(request.body, 'dryRun') === 'yes';
      const file = await multipartFile(request.body, 'file');
      if (!file || file.bytes.length === 0) return renderMappingImport(reply.code(400), [{ field: 'file', message: 'Choose a CSV file to upload' }], dryRun);
      const report = await frameworks.mappingImport.run(request.actor, { fileName: file.name, bytes: file.bytes, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render(`${VIEWS}/mapping-import-report.njk`, {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'Control mappings imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });

    app.get('/frameworks/:id', { config: { access: 'frameworks.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const framework = await frameworks.get(request.actor, id);
      const [requirements, coverage, mappingSets, targets] = await Promise.all([frameworks.requirements(request.actor, framework.id), frameworks.coverage(request.actor, framework.id), frameworks.mappingSets(request.actor, framework.id), frameworks.profileTargets(request.actor, framework.id)]);
      return reply.render(`${VIEWS}/framework.njk`, {
        pageTitle: `${framework.name} ${framework.version}`,
        framework,
        formatName: FORMAT_NAMES[framework.format],
        coverage,
        coveragePercent: percent(coverage.covered, coverage.total),
        unitBars: bars(coverage.byUnit, coverage.total, (unitCode) => `/organisation/${encodeURIComponent(unitCode)}`),
        serviceBars: bars(coverage.byService, coverage.total, (serviceId) => `/technology-services/${serviceId}`),
        mappingSets,
        targets: { total: targets.length, needing: targets.filter((t) => !t.baseline || !t.enhanced).length },
        tree: requirementTree(requirements.filter((r) => r.status === 'active')),
        retired: requirements.filter((r) => r.status === 'retired'),
        achievementNames: ACHIEVEMENT_NAMES,
        canManage: canAnywhere(request.actor, 'frameworks.manage'),
      });
    });

    app.get('/frameworks/:id/control-mappings.csv', { config: { access: 'frameworks.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const csv = await frameworks.controlMappingsCsv(request.actor, id);
      return reply.header('content-disposition', 'attachment; filename="control-mappings.csv"').header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/frameworks/:id/targets', { config: { access: 'frameworks.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const framework = await frameworks.get(request.actor, id);
      const targets = await frameworks.profileTargets(request.actor, framework.id);
      return reply.render(`${VIEWS}/targets.njk`, { pageTitle: `GovAssure targets: ${framework.name} ${framework.version}`, framework, targets, achievementNames: ACHIEVEMENT_NAMES, profileNames: PROFILE_NAMES });
    });

    const renderRequirement = async (request: FastifyRequest, reply: FastifyReply, params: { id: string; requirementId: string }, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const { framework, requirement, parent } = await frameworks.requirement(request.actor, params.id, params.requirementId);
      const all = await frameworks.requirements(request.actor, framework.id);
      const target = (await frameworks.profileTargets(request.actor, framework.id)).find((t) => t.requirementId === requirement.id);
      return reply.render(`${VIEWS}/requirement.njk`, {
        pageTitle: `${requirement.key} ${requirement.title}`.trim(),
        framework,
        requirement,
        parent,
        links: all.find((r) => r.id === requirement.id)!,
        children: all.filter((r) => r.parentId === requirement.id),
        target,
        baselineItems: levelItems(values.baseline ?? target?.baseline),
        enhancedItems: levelItems(values.enhanced ?? target?.enhanced),
        achievementNames: ACHIEVEMENT_NAMES,
        values,
        canManage: canAnywhere(request.actor, 'frameworks.manage'),
        ...withProblems(problems),
      });
    };
    app.get('/frameworks/:id/requirements/:requirementId', { config: { access: 'frameworks.read' }, schema: { params: RequirementParams } }, async (request, reply) => renderRequirement(request, reply, request.params as { id: string; requirementId: string }));

    app.post('/frameworks/:id/requirements/:requirementId/controls', { config: { access: 'frameworks.manage' }, schema: { params: RequirementParams } }, async (request, reply) => {
      const params = request.params as { id: string; requirementId: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderRequirement(request, reply, params, form, problems),
        async () => {
          await frameworks.mapControl(request.actor, params.id, params.requirementId, form.control ?? '', request.id);
          return reply.redirect(`/frameworks/${params.id}/requirements/${params.requirementId}`, 303);
        },
      );
    });

    app.post('/frameworks/:id/requirements/:requirementId/controls/:controlId/remove', { config: { access: 'frameworks.manage' }, schema: { params: MappingParams } }, async (request, reply) => {
      const params = request.params as { id: string; requirementId: string; controlId: string };
      await frameworks.unmapControl(request.actor, params.id, params.requirementId, params.controlId, request.id);
      return reply.redirect(`/frameworks/${params.id}/requirements/${params.requirementId}`, 303);
    });

    app.post('/frameworks/:id/requirements/:requirementId/targets', { config: { access: 'frameworks.manage' }, schema: { params: RequirementParams } }, async (request, reply) => {
      const params = request.params as { id: string; requirementId: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderRequirement(request, reply, params, form, problems),
        async () => {
          await frameworks.setProfileTargets(request.actor, params.id, params.requirementId, { baseline: form.baseline ?? null, enhanced: form.enhanced ?? null }, request.id);
          return reply.redirect(`/frameworks/${params.id}/requirements/${params.requirementId}`, 303);
        },
      );
    });
  };
}
