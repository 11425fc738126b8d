// The frameworks JSON API: frameworks with their requirements and coverage, importing a framework
// file (its text in the body), mapping controls to requirements and setting GovAssure targets.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import type { FrameworkSummary } from './entity.ts';
import { ACHIEVEMENT_LEVELS } from './formats/parsed.ts';

const TAGS = ['Frameworks'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RequirementParams = Type.Object({ id: Type.String({ format: 'uuid' }), requirementId: Type.String({ format: 'uuid' }) });
const MappingParams = Type.Object({ id: Type.String({ format: 'uuid' }), requirementId: Type.String({ format: 'uuid' }), controlId: Type.String({ format: 'uuid' }) });
const Level = Type.Union([Type.Null(), ...ACHIEVEMENT_LEVELS.map((l) => Type.Literal(l))]);

const FrameworkSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  version: Type.String(),
  format: Type.String(),
  publisher: Type.String(),
  attribution: Type.String(),
  builtIn: Type.Boolean(),
  requirements: Type.Integer(),
  assessable: Type.Integer(),
  mappedControls: Type.Integer(),
});
const ControlLinkSchema = Type.Object({ controlId: Type.String(), controlCode: Type.String(), controlTitle: Type.String() });
const RequirementSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  text: Type.String(),
  assessable: Type.Boolean(),
  status: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  controls: Type.Array(ControlLinkSchema),
  throughMappings: Type.Array(ControlLinkSchema),
});
const CoverageRowSchema = Type.Object({ id: Type.String(), name: Type.String(), covered: Type.Integer() });
const CoverageSchema = Type.Object({ total: Type.Integer(), covered: Type.Integer(), byUnit: Type.Array(CoverageRowSchema), byService: Type.Array(CoverageRowSchema) });
const ImportBody = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    content: Type.String({ minLength: 1, description: 'The file’s text: WebCAF or CISO Assistant YAML, or OSCAL JSON' }),
    catalog: Type.Optional(Type.String({ minLength: 1, description: 'For an OSCAL profile: the catalog it selects from' })),
  },
  { additionalProperties: false },
);
const ImportSummarySchema = Type.Object({
  framework: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  requirements: Type.Integer(),
  assessable: Type.Integer(),
  mappings: Type.Integer(),
  frameworkId: Type.Union([Type.String(), Type.Null()]),
  unchanged: Type.Boolean(),
});
const toFramework = (f: FrameworkSummary) => ({ id: f.id, code: f.code, name: f.name, version: f.version, format: f.format, publisher: f.publisher, attribution: f.attribution, builtIn: f.builtIn, requirements: f.requirements, assessable: f.assessable, mappedControls: f.mappedControls });

export const frameworksApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const frameworks = services.frameworks;

    app.get('/frameworks', { config: { access: 'frameworks.read' }, schema: { tags: TAGS, summary: 'The frameworks Custodian holds', response: { 200: Type.Object({ items: Type.Array(FrameworkSchema) }) } } }, async (request) => ({
      items: (await frameworks.list(request.actor)).map(toFramework),
    }));

    app.post('/frameworks/import', { config: { access: 'frameworks.manage' }, schema: { tags: TAGS, summary: 'Import a framework or mapping-set file: all of it, or nothing with every problem listed', body: ImportBody, response: { 200: ImportSummarySchema } } }, async (request) => {
      const summary = await frameworks.importFile(request.actor, { fileName: request.body.fileName, text: request.body.content, ...(request.body.catalog ? { catalog: request.body.catalog } : {}) }, { requestId: request.id });
      return { framework: summary.framework, version: summary.version, requirements: summary.requirements, assessable: summary.assessable, mappings: summary.mappings, frameworkId: summary.frameworkId, unchanged: summary.unchanged };
    });

    app.get('/frameworks/:id', { config: { access: 'frameworks.read' }, schema: { tags: TAGS, summary: 'A framework and its requirements, each with the controls that meet it', params: IdParams, response: { 200: Type.Intersect([FrameworkSchema, Type.Object({ requirementList: Type.Array(RequirementSchema) })]) } } }, async (request) => {
      const framework = await frameworks.get(request.actor, request.params.id);
      return { ...toFramework(framework), requirementList: (await frameworks.requirements(request.actor, framework.id)).map((r) => ({ ...r, details: { ...r.details } })) };
    });

    app.get('/frameworks/:id/coverage', { config: { access: 'frameworks.read' }, schema: { tags: TAGS, summary: 'Assessable requirements with at least one implemented control: overall, by unit and by service', params: IdParams, response: { 200: CoverageSchema } } }, async (request) => {
      const coverage = await frameworks.coverage(request.actor, request.params.id);
      return { total: coverage.total, covered: coverage.covered, byUnit: [...coverage.byUnit], byService: [...coverage.byService] };
    });

    app.post('/frameworks/:id/requirements/:requirementId/controls', { config: { access: 'frameworks.manage' }, schema: { tags: TAGS, summary: 'Map a control to a requirement', params: RequirementParams, body: Type.Object({ control: Type.String({ minLength: 1, maxLength: 40, description: 'The control’s code' }) }, { additionalProperties: false }), response: { 204: Type.Null() } } }, async (request, reply) => {
      await frameworks.mapControl(request.actor, request.params.id, request.params.requirementId, request.body.control, request.id);
      return reply.code(204).send(null);
    });

    app.delete('/frameworks/:id/requirements/:requirementId/controls/:controlId', { config: { access: 'frameworks.manage' }, schema: { tags: TAGS, summary: 'Remove a control’s mapping to a requirement', params: MappingParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await frameworks.unmapControl(request.actor, request.params.id, request.params.requirementId, request.params.controlId, request.id);
      return reply.code(204).send(null);
    });

    app.put('/frameworks/:id/requirements/:requirementId/targets', { config: { access: 'frameworks.manage' }, schema: { tags: TAGS, summary: 'Set a CAF outcome’s GovAssure Baseline and Enhanced targets (null: no target yet)', params: RequirementParams, body: Type.Object({ baseline: Level, enhanced: Level }, { additionalProperties: false }), response: { 204: Type.Null() } } }, async (request, reply) => {
      await frameworks.setProfileTargets(request.actor, request.params.id, request.params.requirementId, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.get('/controls/:id/framework-requirements', { config: { access: 'frameworks.read' }, schema: { tags: TAGS, summary: 'Every framework requirement a control helps meet, directly or through a mapping set', params: IdParams } }, async (request) => ({
      items: await frameworks.requirementsMetByControl(request.actor, request.params.id),
    }));
  };
