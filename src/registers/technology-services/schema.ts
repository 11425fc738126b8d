// TypeBox schemas of the technology services API: they validate requests and document the API.
import { Type, type TSchema } from 'typebox';
import { CRITICALITY, HOSTING } from './entity.ts';
import { SERVICE_SORTS } from './repository.ts';

export const TAGS = ['Technology services'];
export const ServiceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Hosting = Type.Union([Type.Literal('on-premises'), Type.Literal('private-cloud'), Type.Literal('public-cloud'), Type.Literal('saas'), Type.Literal('hybrid')], { description: HOSTING.join(', ') });
const Criticality = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')], { description: CRITICALITY.join(', ') });
const Owner = Nullable(Type.Object({ personId: Type.String(), name: Type.String(), email: Nullable(Type.String()) }));

export const ServiceListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the reference or name' })),
    unitId: Type.Optional(Type.String({ format: 'uuid' })),
    hosting: Type.Optional(Hosting),
    criticality: Type.Optional(Criticality),
    tier: Type.Optional(Type.String({ maxLength: 40, description: "The derived tier (OFFICIAL, SECRET, ...), or 'none' for services with no assets" })),
    tso: Type.Optional(Type.String({ maxLength: 254, description: 'The Technology Service Owner’s email address or staff number' })),
    sort: Type.Optional(Type.Union([Type.Literal('reference'), Type.Literal('name'), Type.Literal('unit'), Type.Literal('criticality'), Type.Literal('updated')], { description: SERVICE_SORTS.join(', ') })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

const SummaryFields = {
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  unitId: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  hosting: Hosting,
  criticality: Criticality,
  updatedAt: Type.String({ format: 'date-time' }),
  classification: Nullable(Type.String({ description: 'The derived label, such as OFFICIAL-SENSITIVE - PERSONAL DATA; null with no assets' })),
  tso: Owner,
};
export const ServiceSummary = Type.Object(SummaryFields);
export const ServiceList = Type.Object({ items: Type.Array(ServiceSummary), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });
export const ServiceDetails = Type.Object({
  ...SummaryFields,
  purpose: Type.String(),
  suppliers: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  sro: Owner,
  personalData: Type.Boolean(),
  assets: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String(), label: Type.String(), personalData: Type.Boolean() })),
  standards: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), title: Type.String(), tier: Type.Integer() })),
});

const inputFields = (ownersRequired: boolean) => {
  const owner = Type.String({ minLength: 1, maxLength: 254, description: 'Email address or staff number' });
  return {
    reference: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    purpose: Type.Optional(Type.String({ maxLength: 4000 })),
    unitId: Type.String({ format: 'uuid' }),
    hosting: Hosting,
    suppliers: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
    criticality: Criticality,
    technologyServiceOwner: ownersRequired ? owner : Type.Optional(owner),
    seniorResponsibleOfficer: ownersRequired ? owner : Type.Optional(owner),
    assets: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 1000, description: 'Information asset references' })),
    standards: Type.Optional(Type.Array(Type.String({ maxLength: 12 }), { maxItems: 200, description: 'Document references (key prefixes), such as SISP' })),
  };
};
export const ServiceCreate = Type.Object(inputFields(true), { additionalProperties: false });
/** A change: owners, assets or standards left out stay as they are. */
export const ServiceUpdate = Type.Object(inputFields(false), { additionalProperties: false });
