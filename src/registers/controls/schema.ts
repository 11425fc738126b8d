// TypeBox schemas of the controls API: they validate requests and document the API.
import { Type, type TSchema } from 'typebox';
import { CONTROL_KINDS, CRITICALITIES, EVIDENCE_KINDS, IMPLEMENTATION_STATUSES } from './entity.ts';

export const TAGS = ['Controls'];
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CalendarDate = Type.String({ format: 'date', description: "A Europe/London calendar date, 'YYYY-MM-DD'" });

export const ControlSummarySchema = Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), kind: Type.String(), ownerName: Nullable(Type.String()), requirements: Type.Integer(), implementations: Type.Integer() });
export const ControlSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  ownerPersonId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  requirements: Type.Array(Type.Object({ key: Type.String(), text: Type.String(), status: Type.String() })),
});
export const ControlBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    kind: literals(CONTROL_KINDS),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    owner: Type.Optional(Nullable(Type.String({ maxLength: 254, description: 'The owner’s email address or staff number' }))),
    requirementKeys: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 500, description: 'Keys of the requirements the control meets, such as SISP-007' }),
  },
  { additionalProperties: false },
);
export const ControlListQuery = Type.Object(
  { kind: Type.Optional(literals(CONTROL_KINDS)), search: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) },
  { additionalProperties: false },
);

export const BaselineSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  conditions: Type.String({ description: 'The conditions in words' }),
  minTierRank: Nullable(Type.Integer()),
  requiresSensitive: Nullable(Type.Boolean()),
  requiresPersonalData: Nullable(Type.Boolean()),
  descriptor: Nullable(Type.String()),
  minCriticality: Nullable(Type.String()),
  controls: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() })),
});
export const BaselineBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    minTier: Nullable(Type.String({ maxLength: 40, description: 'A classification tier code: the baseline applies at it and above; null for any' })),
    requiresSensitive: Nullable(Type.Boolean()),
    requiresPersonalData: Nullable(Type.Boolean()),
    descriptor: Nullable(Type.String({ maxLength: 60 })),
    minCriticality: Nullable(literals(CRITICALITIES)),
    controlCodes: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const ImplementationSchema = Type.Object({
  id: Type.String(),
  control: Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), kind: Type.String() }),
  serviceId: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  unitCode: Nullable(Type.String()),
  status: Type.String(),
  notApplicableReason: Nullable(Type.String()),
  ownerPersonId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  statusOn: Type.String(),
  evidence: Type.Integer(),
  evidenceReviewOverdue: Type.Integer(),
});
export const ImplementationListQuery = Type.Object(
  {
    service: Type.Optional(Type.String({ format: 'uuid' })),
    unit: Type.Optional(Type.String({ format: 'uuid' })),
    control: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(literals(IMPLEMENTATION_STATUSES)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export const StatusBody = Type.Object(
  {
    status: literals(IMPLEMENTATION_STATUSES),
    notApplicableReason: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    owner: Type.Optional(Nullable(Type.String({ maxLength: 254, description: 'The owner’s email address or staff number' }))),
    statusOn: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export const ImplementationBody = Type.Object(
  { ...StatusBody.properties, controlId: Type.String({ format: 'uuid' }), serviceId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))), unitId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))) },
  { additionalProperties: false, description: 'For exactly one of a technology service or a unit (people and process controls only)' },
);
export const EvidenceBody = Type.Object(
  { kind: literals(EVIDENCE_KINDS.filter((k) => k !== 'file')), url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))), note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))), reviewBy: CalendarDate },
  { additionalProperties: false, description: 'A link or a note; files are uploaded through the implementation’s page' },
);
export const EvidenceSchema = Type.Object({ id: Type.String(), kind: Type.String(), url: Nullable(Type.String()), note: Nullable(Type.String()), fileName: Nullable(Type.String()), sha256: Nullable(Type.String()), reviewBy: Type.String(), reviewOverdue: Type.Boolean(), addedBy: Type.String() });
