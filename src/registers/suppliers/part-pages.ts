// The forms for what hangs off a supplier: add a contract, a certification or a sub-processor on a page of
// its own, and remove one with a button on the supplier's page. Only the supplier's id is in each path;
// the part removed is named in the form, and the service checks it belongs to the supplier.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import type { Actor } from '../../access/actor.ts';
import { VALUE_BAND_NAMES, VALUE_BANDS } from './entity.ts';
import type { Supplier } from './service.ts';

type Form = Record<string, string | undefined>;
const VIEWS = 'registers/suppliers/views';
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});

interface Part {
  /** The path segment under /suppliers/:id, and the template's name. */
  readonly segment: 'contracts' | 'certifications' | 'subprocessors';
  readonly title: (supplier: Supplier) => string;
  readonly anchor: string;
  /** What the form needs besides the values: units, schemes, bands. */
  readonly choices: (request: FastifyRequest, supplier: Supplier, values: Form) => Promise<Record<string, unknown>>;
  readonly start: (supplier: Supplier) => Form;
  readonly add: (actor: Actor, supplierId: string, form: Form, requestId: string) => Promise<unknown>;
  /** The form field naming the part to remove. */
  readonly idField: string;
  readonly remove: (actor: Actor, supplierId: string, partId: string, requestId: string) => Promise<void>;
}

function partRoutes(app: FastifyInstance, services: Services, part: Part): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, supplier: Supplier, values: Form, problems: readonly FieldProblem[] = []) =>
    reply.render(`${VIEWS}/supplier-${part.segment}-form.njk`, {
      pageTitle: part.title(supplier),
      supplier,
      values,
      ...(await part.choices(request, supplier, values)),
      breadcrumbs: [{ text: 'Suppliers', href: '/suppliers' }, { text: supplier.name, href: `/suppliers/${supplier.id}` }],
      ...withProblems(problems),
    });
  const base = `/suppliers/:id/${part.segment}`;
  app.get(`${base}/new`, { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
    const supplier = await services.suppliers.getForChange(request.actor, (request.params as { id: string }).id);
    return render(request, reply, supplier, part.start(supplier));
  });
  app.post(base, { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
    const supplier = await services.suppliers.getForChange(request.actor, (request.params as { id: string }).id);
    const form = (request.body ?? {}) as Form;
    return handleForm(
      reply,
      (problems) => render(request, reply, supplier, form, problems),
      async () => {
        await part.add(request.actor, supplier.id, form, request.id);
        return reply.redirect(`/suppliers/${supplier.id}#${part.anchor}`, 303);
      },
    );
  });
  app.post(`${base}/remove`, { config: { access: 'suppliers.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Form;
    await part.remove(request.actor, id, form[part.idField] ?? '', request.id);
    return reply.redirect(`/suppliers/${id}#${part.anchor}`, 303);
  });
}

export async function supplierPartPages(app: FastifyInstance, services: Services): Promise<void> {
  const parts = services.suppliers.parts;
  const option = (value: string, text: string, current: string | undefined) => ({ value, text, selected: value === (current ?? '') });
  partRoutes(app, services, {
    segment: 'contracts',
    anchor: 'contracts',
    title: (s) => `Add a contract with ${s.name}`,
    choices: async (request, _supplier, values) => {
      const units = await services.organisationUnits.listUnits(request.actor);
      return {
        units: [option('', 'Choose a unit', values.unit), ...units.map((u) => option(u.code, `${u.name} (${u.code})`, values.unit?.toUpperCase()))],
        valueBandItems: VALUE_BANDS.map((b) => ({ value: b, text: VALUE_BAND_NAMES[b], checked: values.valueBand === b })),
      };
    },
    start: (s) => ({ unit: s.unitCode }),
    add: (actor, id, form, requestId) => parts.addContract(actor, id, { reference: form.reference ?? '', title: form.title ?? '', unit: form.unit ?? '', startsOn: form.startsOn ?? '', endsOn: form.endsOn ?? '', valueBand: form.valueBand ?? '' }, requestId),
    idField: 'contractId',
    remove: (actor, id, partId, requestId) => parts.removeContract(actor, id, partId, requestId),
  });
  partRoutes(app, services, {
    segment: 'certifications',
    anchor: 'certifications',
    title: (s) => `Add a certification of ${s.name}`,
    choices: async (_request, _supplier, values) => ({ schemes: [option('', 'Choose a scheme', values.scheme), ...(await parts.schemes()).map((s) => option(s.code, s.name, values.scheme))] }),
    start: () => ({}),
    add: (actor, id, form, requestId) => parts.addCertification(actor, id, { scheme: form.scheme ?? '', certificateNumber: form.certificateNumber ?? '', scope: form.scope ?? '', expiresOn: form.expiresOn ?? '' }, requestId),
    idField: 'certificationId',
    remove: (actor, id, partId, requestId) => parts.removeCertification(actor, id, partId, requestId),
  });
  partRoutes(app, services, {
    segment: 'subprocessors',
    anchor: 'subprocessors',
    title: (s) => `Add a sub-processor of ${s.name}`,
    choices: async () => ({}),
    start: () => ({}),
    add: (actor, id, form, requestId) => parts.addSubprocessor(actor, id, { name: form.name ?? '', country: form.country ?? '', purpose: form.purpose ?? '' }, requestId),
    idField: 'subprocessorId',
    remove: (actor, id, partId, requestId) => parts.removeSubprocessor(actor, id, partId, requestId),
  });
}
