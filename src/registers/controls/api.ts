// The controls JSON API: the catalogue, baselines, implementations and their evidence (links and
// notes; files are uploaded through the implementation's page).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import type { Control, Evidence, Implementation } from './entity.ts';
import { BaselineBody, BaselineSchema, ControlBody, ControlListQuery, ControlSchema, ControlSummarySchema, EvidenceBody, EvidenceSchema, IdParams, ImplementationBody, ImplementationListQuery, ImplementationSchema, StatusBody, TAGS } from './schema.ts';

const Paged = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });
const Created = Type.Object({ id: Type.String() });

const toControl = (c: Control) => ({ id: c.id, code: c.code, title: c.title, kind: c.kind, description: c.description, ownerPersonId: c.ownerPersonId, ownerName: c.ownerName, requirements: c.requirements.map((r) => ({ key: r.key, text: r.text, status: r.status })) });
const toImplementation = (i: Implementation) => ({
  id: i.id,
  control: { id: i.controlId, code: i.controlCode, title: i.controlTitle, kind: i.controlKind },
  serviceId: i.serviceId,
  serviceName: i.serviceName,
  unitId: i.unitId,
  unitCode: i.unitCode,
  status: i.status,
  notApplicableReason: i.notApplicableReason,
  ownerPersonId: i.ownerPersonId,
  ownerName: i.ownerName,
  statusOn: i.statusOn,
  evidence: i.evidence,
  evidenceReviewOverdue: i.evidenceOverdue,
});
const toEvidence = (e: Evidence) => ({ id: e.id, kind: e.kind, url: e.url, note: e.note, fileName: e.file?.name ?? null, sha256: e.file?.sha256 ?? null, reviewBy: e.reviewBy, reviewOverdue: e.reviewOverdue, addedBy: e.addedBy });

export const controlsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const controls = services.controls;

    app.get('/controls', { config: { access: 'controls.read' }, schema: { tags: TAGS, summary: 'The control catalogue, 50 to a page', querystring: ControlListQuery, response: { 200: Paged(ControlSummarySchema) } } }, async (request) => {
      const q = request.query;
      const result = await controls.list(request.actor, { ...(q.kind ? { kind: q.kind } : {}), ...(q.search?.trim() ? { search: q.search.trim() } : {}) }, q.page ?? 1);
      return { items: result.controls, total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/controls/:id', { config: { access: 'controls.read' }, schema: { tags: TAGS, summary: 'A control and the requirements it meets', params: IdParams, response: { 200: ControlSchema } } }, async (request) =>
      toControl(await controls.get(request.actor, request.params.id)),
    );

    app.post('/controls', { config: { access: 'controls.manage' }, schema: { tags: TAGS, summary: 'Add a control to the catalogue', body: ControlBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await controls.create(request.actor, request.body, request.id) }),
    );

    app.put('/controls/:id', { config: { access: 'controls.manage' }, schema: { tags: TAGS, summary: 'Change a control: code, title, kind, description, owner and the requirements it meets', params: IdParams, body: ControlBody, response: { 200: ControlSchema } } }, async (request) => {
      await controls.update(request.actor, request.params.id, request.body, request.id);
      return toControl(await controls.get(request.actor, request.params.id));
    });

    app.get('/baselines', { config: { access: 'controls.read' }, schema: { tags: TAGS, summary: 'The baselines, each with its conditions and controls', response: { 200: Type.Object({ items: Type.Array(BaselineSchema) }) } } }, async (request) => ({
      items: (await controls.baselines(request.actor)).map((b) => ({ ...b, controls: b.controls.map((c) => ({ id: c.id, code: c.code, title: c.title })) })),
    }));

    app.post('/baselines', { config: { access: 'controls.manage' }, schema: { tags: TAGS, summary: 'Add a baseline', body: BaselineBody, response: { 201: Created } } }, async (request, reply) =>
      reply.code(201).send({ id: await controls.createBaseline(request.actor, request.body, request.id) }),
    );

    app.put('/baselines/:id', { config: { access: 'controls.manage' }, schema: { tags: TAGS, summary: 'Change a baseline’s conditions and controls', params: IdParams, body: BaselineBody, response: { 204: Type.Null() } } }, async (request, reply) => {
      await controls.updateBaseline(request.actor, request.params.id, request.body, request.id);
      return reply.code(204).send(null);
    });

    app.get('/control-implementations', { config: { access: 'controls.read' }, schema: { tags: TAGS, summary: 'Control implementations, filtered by service, unit, control or status; 50 to a page', querystring: ImplementationListQuery, response: { 200: Paged(ImplementationSchema) } } }, async (request) => {
      const q = request.query;
      const result = await controls.implementations.list(request.actor, { ...(q.service ? { serviceId: q.service } : {}), ...(q.unit ? { unitId: q.unit } : {}), ...(q.control ? { controlId: q.control } : {}), ...(q.status ? { status: q.status } : {}) }, q.page ?? 1);
      return { items: result.implementations.map(toImplementation), total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/control-implementations/:id', { config: { access: 'controls.read' }, schema: { tags: TAGS, summary: 'A control implementation and its evidence', params: IdParams, response: { 200: Type.Intersect([ImplementationSchema, Type.Object({ evidenceItems: Type.Array(EvidenceSchema) })]) } } }, async (request) => {
      const { implementation, evidence } = await controls.implementations.detail(request.actor, request.params.id);
      return { ...toImplementation(implementation), evidenceItems: evidence.map(toEvidence) };
    });

    app.post('/control-implementations', { config: { access: 'services.edit-own' }, schema: { tags: TAGS, summary: 'Record a control implementation for a technology service or a unit', body: ImplementationBody, response: { 201: Created } } }, async (request, reply) => {
      const b = request.body;
      const id = await controls.implementations.record(request.actor, { controlId: b.controlId, serviceId: b.serviceId ?? null, unitId: b.unitId ?? null }, { status: b.status, notApplicableReason: b.notApplicableReason ?? null, owner: b.owner ?? null, statusOn: b.statusOn ?? null }, request.id);
      return reply.code(201).send({ id });
    });

    app.put('/control-implementations/:id/status', { config: { access: 'services.edit-own' }, schema: { tags: TAGS, summary: 'Change an implementation’s status, owner and date', params: IdParams, body: StatusBody, response: { 200: ImplementationSchema } } }, async (request) => {
      const b = request.body;
      await controls.implementations.changeStatus(request.actor, request.params.id, { status: b.status, notApplicableReason: b.notApplicableReason ?? null, owner: b.owner ?? null, statusOn: b.statusOn ?? null }, request.id);
      return toImplementation(await controls.implementations.get(request.actor, request.params.id));
    });

    app.post('/control-implementations/:id/evidence', { config: { access: 'services.edit-own' }, schema: { tags: TAGS, summary: 'Add a link or a note as evidence, with a review-by date', params: IdParams, body: EvidenceBody, response: { 201: Created } } }, async (request, reply) => {
      const b = request.body;
      return reply.code(201).send({ id: await controls.implementations.addEvidence(request.actor, request.params.id, { kind: b.kind, url: b.url ?? null, note: b.note ?? null, reviewBy: b.reviewBy }, request.id) });
    });
  };
