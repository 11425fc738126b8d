// The suppliers JSON API: list, read, add and change suppliers, and set or clear their criticality.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import { CriticalityOverride, SupplierCreate, SupplierDetails, SupplierList, SupplierListQuery, SupplierParams, SupplierUpdate, TAGS } from './schema.ts';
import type { Supplier, SupplierSummary } from './service.ts';

const summary = (s: SupplierSummary) => ({
  id: s.id,
  reference: s.reference,
  name: s.name,
  companyNumber: s.companyNumber,
  unitId: s.unitId,
  unitCode: s.unitCode,
  unitName: s.unitName,
  derivedCriticality: s.derivedCriticality,
  criticality: s.criticality,
  criticalityOverridden: s.criticalityOverridden,
  classification: s.classification,
  sro: s.sro,
  latestAssessmentStatus: s.latestAssessmentStatus,
  expiredCertificates: s.expiredCertificates,
  expiringCertificates: s.expiringCertificates,
  openDeviations: s.openDeviations,
  updatedAt: s.updatedAt.toISOString(),
});
const details = (s: Supplier) => ({
  ...summary(s),
  contactName: s.contactName,
  contactEmail: s.contactEmail,
  description: s.description,
  criticalityReason: s.criticalityReason,
  sbo: s.sbo,
  assets: [...s.assets],
  services: [...s.services],
  controls: [...s.controls],
  createdAt: s.createdAt.toISOString(),
});

export const suppliersApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const suppliers = services.suppliers;
    app.get('/suppliers', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Suppliers you may see, filtered and 50 to a page, with their derived and effective criticality', querystring: SupplierListQuery, response: { 200: SupplierList } } }, async (request) => {
      const { page, ...query } = request.query;
      const result = await suppliers.list(request.actor, query, page ?? 1);
      return { items: result.suppliers.map(summary), total: result.total, page: result.page, pages: result.pages };
    });

    app.get('/suppliers/:id', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'A supplier: owners, reach, highest classification handled, criticality and controls', params: SupplierParams, response: { 200: SupplierDetails } } }, async (request) =>
      details(await suppliers.get(request.actor, request.params.id)),
    );

    app.post('/suppliers', { config: { access: 'suppliers.manage' }, schema: { tags: TAGS, summary: 'Add a supplier with its SRO, Senior Business Owner, reach and controls', body: SupplierCreate, response: { 201: SupplierDetails } } }, async (request, reply) => {
      const id = await suppliers.create(request.actor, request.body, request.id);
      return reply.code(201).send(details(await suppliers.get(request.actor, id)));
    });

    app.put('/suppliers/:id', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Change a supplier (its SRO and Senior Business Owner may change all but its unit and owners)', params: SupplierParams, body: SupplierUpdate, response: { 200: SupplierDetails } } }, async (request) => {
      await suppliers.update(request.actor, request.params.id, request.body, request.id);
      return details(await suppliers.get(request.actor, request.params.id));
    });

    app.put('/suppliers/:id/criticality', { config: { access: 'suppliers.manage' }, schema: { tags: TAGS, summary: 'Set a criticality other than the derived one, with a reason; null returns to the derived one', params: SupplierParams, body: CriticalityOverride, response: { 200: SupplierDetails } } }, async (request) => {
      await suppliers.setCriticality(request.actor, request.params.id, { override: request.body.override ?? '', reason: request.body.reason ?? '' }, request.id);
      return details(await suppliers.get(request.actor, request.params.id));
    });
  };
