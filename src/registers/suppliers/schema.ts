// TypeBox schemas of the suppliers API: they validate requests and document the API.
import { Type, type TSchema } from 'typebox';
import { ASSESSMENT_STATUSES, CRITICALITIES } from './entity.ts';

export const TAGS = ['Suppliers'];
export const SupplierParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Criticality = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')], { description: CRITICALITIES.join(', ') });
const AssessmentStatus = Type.Union([Type.Literal('in-progress'), Type.Literal('sent-to-supplier'), Type.Literal('answered'), Type.Literal('completed')], { description: ASSESSMENT_STATUSES.join(', ') });
const Holder = Nullable(Type.Object({ personId: Type.String(), name: Type.String(), email: Nullable(Type.String()) }));

export const SupplierListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name, reference or company number' })),
    unit: Type.Optional(Type.String({ maxLength: 40, description: 'The managing unit’s code' })),
    criticality: Type.Optional(Criticality),
    assessmentStatus: Type.Optional(Type.Union([Type.Literal('never'), Type.Literal('in-progress'), Type.Literal('sent-to-supplier'), Type.Literal('answered'), Type.Literal('completed')], { description: "The latest assessment's status, or 'never'" })),
    certificates: Type.Optional(Type.Union([Type.Literal('expired'), Type.Literal('expiring')])),
    withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'For certificates=expiring: within this many days (60 unless given)' })),
    openDeviations: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

const SummaryFields = {
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  companyNumber: Nullable(Type.String()),
  unitId: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  derivedCriticality: Criticality,
  criticality: Criticality,
  criticalityOverridden: Type.Boolean(),
  classification: Type.String({ description: 'The highest classification the supplier handles: OFFICIAL-SENSITIVE, SECRET, None' }),
  sro: Holder,
  latestAssessmentStatus: Nullable(AssessmentStatus),
  expiredCertificates: Type.Integer(),
  expiringCertificates: Type.Integer(),
  openDeviations: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const SupplierSummary = Type.Object(SummaryFields);
export const SupplierList = Type.Object({ items: Type.Array(SupplierSummary), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });
export const SupplierDetails = Type.Object({
  ...SummaryFields,
  contactName: Type.String(),
  contactEmail: Type.String(),
  description: Type.String(),
  criticalityReason: Nullable(Type.String()),
  sbo: Holder,
  assets: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String(), label: Type.String(), personalData: Type.Boolean() })),
  services: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String(), criticality: Type.String() })),
  controls: Type.Array(Type.Object({ controlId: Type.String(), code: Type.String(), title: Type.String(), applied: Type.Boolean() })),
  createdAt: Type.String({ format: 'date-time' }),
});

const references = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 1000, description }));
const inputFields = (creating: boolean) => {
  const person = Type.String({ maxLength: 254, description: 'Email address or staff number' });
  const unit = Type.String({ minLength: 1, maxLength: 40, description: 'The managing unit’s code' });
  return {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    companyNumber: Type.Optional(Type.String({ maxLength: 12, description: '8 letters and numbers, such as 01234567' })),
    contactName: Type.Optional(Type.String({ maxLength: 200 })),
    contactEmail: Type.Optional(Type.String({ maxLength: 254 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    unit: creating ? unit : Type.Optional(unit),
    seniorResponsibleOfficer: creating ? Type.String({ minLength: 1, maxLength: 254, description: 'Email address or staff number' }) : Type.Optional(person),
    seniorBusinessOwner: Type.Optional(Type.String({ maxLength: 254, description: 'Email address or staff number; empty for none' })),
    assets: references('Information asset references the supplier can reach'),
    services: references('Technology service references the supplier provides or can reach'),
    controls: references('Codes of the controls the supplier must apply'),
    appliedControls: references('Of those, the codes of the controls it applies'),
  };
};
export const SupplierCreate = Type.Object(inputFields(true), { additionalProperties: false });
/** A change: a unit, owner, reach or controls left out stays as it is. */
export const SupplierUpdate = Type.Object(inputFields(false), { additionalProperties: false });
export const CriticalityOverride = Type.Object(
  {
    override: Nullable(Criticality),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why; required with an override' })),
  },
  { additionalProperties: false },
);
