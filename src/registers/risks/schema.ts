// TypeBox schemas of the risks API: they validate requests and document the API.
import { Type, type TSchema } from 'typebox';
import { EXCEPTION_SCOPES, EXCEPTION_STATUSES, RISK_STATUSES, TREATMENTS } from './entity.ts';

export const TAGS = ['Risks'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CalendarDate = Type.String({ format: 'date', description: "A Europe/London calendar date, 'YYYY-MM-DD'" });
const Level = Type.Integer({ minimum: 1, maximum: 10 });
const Linked = Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String() });

export const BandSchema = Type.Object({ code: Type.String(), name: Type.String(), rank: Type.Integer(), colour: Type.String({ description: 'A GOV.UK tag colour: green, yellow, orange, red, purple, grey or blue' }) });
const RatingSchema = Type.Object({ likelihood: Type.Integer(), impact: Type.Integer(), score: Type.Integer(), band: BandSchema });

export const RiskSummarySchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'RISK-0001' }),
  title: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  ownerPersonId: Type.String(),
  ownerName: Type.String(),
  inherent: RatingSchema,
  residual: RatingSchema,
  treatment: Type.String(),
  status: Type.String(),
  reviewOn: Type.String(),
  overAppetite: Type.Boolean({ description: 'The residual band is above the appetite of the risk’s own unit (or the unit has none)' }),
  acceptedUntil: Nullable(Type.String({ description: 'The end of the acceptance in force, if any' })),
});

const DecisionSchema = Type.Object({
  id: Type.String(),
  outcome: Type.String(),
  status: Type.String({ description: 'in-force, rejected, expired, revoked, lapsed or superseded' }),
  bandCode: Type.String(),
  roleName: Type.String(),
  decidedBy: Type.String(),
  decidedAt: Type.String({ format: 'date-time' }),
  justification: Type.String(),
  conditions: Type.String(),
  expiresOn: Nullable(Type.String()),
  endedReason: Nullable(Type.String()),
  snapshot: Type.Record(Type.String(), Type.Unknown(), { description: 'The risk as it stood when decided, frozen' }),
});

export const RiskSchema = Type.Intersect([
  RiskSummarySchema,
  Type.Object({
    description: Type.String(),
    cause: Type.String(),
    effect: Type.String(),
    threats: Type.String(),
    ownerEmail: Nullable(Type.String()),
    services: Type.Array(Linked),
    assets: Type.Array(Linked),
    requirements: Type.Array(Type.Object({ id: Type.String(), key: Type.String(), text: Type.String(), framework: Nullable(Type.String()) })),
    controls: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() })),
    suppliers: Type.Array(Linked),
    ratings: Type.Array(Type.Object({ ratedAt: Type.String({ format: 'date-time' }), inherentScore: Type.Integer(), inherentBand: Type.String(), residualScore: Type.Integer(), residualBand: Type.String(), reason: Type.String(), ratedBy: Type.String() })),
    decisions: Type.Array(DecisionSchema),
    escalation: Type.Object({
      escalated: Type.Boolean(),
      holdingUnit: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
      decidingUnit: Type.Object({ id: Type.String(), name: Type.String() }),
      aboveAppetite: Type.Boolean(),
    }),
    authority: Type.Object({
      roleCode: Type.String(),
      roleName: Type.String(),
      heldAt: Nullable(Type.String()),
      holders: Type.Array(Type.Object({ personId: Type.String(), name: Type.String() })),
      ownerMayAccept: Type.Boolean(),
      maxAcceptanceMonths: Type.Integer(),
    }),
  }),
]);

const References = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 500, description }));
export const RiskBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    cause: Type.Optional(Type.String({ maxLength: 10_000 })),
    effect: Type.Optional(Type.String({ maxLength: 10_000 })),
    threats: Type.Optional(Type.String({ maxLength: 10_000 })),
    unit: Type.String({ minLength: 1, maxLength: 64, description: 'The unit’s code or id' }),
    owner: Type.String({ minLength: 1, maxLength: 254, description: 'The risk owner’s email address or staff number' }),
    inherentLikelihood: Level,
    inherentImpact: Level,
    residualLikelihood: Level,
    residualImpact: Level,
    treatment: literals(TREATMENTS),
    reviewOn: CalendarDate,
    services: References('Technology services by reference, such as SVC-0001'),
    assets: References('Information assets by reference'),
    requirements: References('Requirements: a policy statement’s key (SISP-007) or framework:key (ncsc-caf:A1.a)'),
    controls: References('Controls that treat the risk, by code (CTL-ACC-01)'),
    suppliers: References('Suppliers by reference (SUP-0001); left out, a change keeps the risk’s suppliers as they are'),
  },
  { additionalProperties: false },
);

export const RiskListQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ maxLength: 64, description: 'A unit’s code or id' })),
    band: Type.Optional(Type.String({ maxLength: 40, description: 'A residual band’s code' })),
    owner: Type.Optional(Type.String({ maxLength: 254, description: 'The risk owner’s email address or staff number' })),
    status: Type.Optional(literals(RISK_STATUSES)),
    overAppetite: Type.Optional(Type.Boolean()),
    expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Only risks whose acceptance in force ends within this many days' })),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    rating: Type.Optional(Type.Union([Type.Literal('inherent'), Type.Literal('residual')], { description: 'With likelihood and impact: one cell of the heat map' })),
    likelihood: Type.Optional(Level),
    impact: Type.Optional(Level),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export const HeatMapQuery = Type.Object(
  {
    unit: RiskListQuery.properties.unit,
    band: RiskListQuery.properties.band,
    owner: RiskListQuery.properties.owner,
    status: RiskListQuery.properties.status,
    overAppetite: RiskListQuery.properties.overAppetite,
    expiringWithinDays: RiskListQuery.properties.expiringWithinDays,
    search: RiskListQuery.properties.search,
  },
  { additionalProperties: false },
);

export const HeatMapSchema = Type.Object({
  likelihoods: Type.Array(Type.Object({ level: Type.Integer(), name: Type.String() })),
  impacts: Type.Array(Type.Object({ level: Type.Integer(), name: Type.String() })),
  bands: Type.Array(BandSchema),
  cells: Type.Array(Type.Object({ likelihood: Type.Integer(), impact: Type.Integer(), score: Type.Integer(), band: Type.String(), inherent: Type.Integer({ description: 'Risks rated here before controls' }), residual: Type.Integer({ description: 'Risks rated here with their controls' }) })),
});

export const DecisionBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    justification: Type.String({ minLength: 1, maxLength: 10_000 }),
    conditions: Type.Optional(Type.String({ maxLength: 10_000 })),
    expiresOn: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false, description: 'To accept, an expiry within the band’s longest acceptance is required' },
);
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

export const ExceptionSchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'EXC-0001' }),
  requirementId: Type.String(),
  requirementKey: Type.String(),
  requirementText: Type.String(),
  scopeType: Type.String(),
  scopeId: Type.String(),
  scopeName: Type.String(),
  riskId: Type.String(),
  riskReference: Type.String(),
  riskTitle: Type.String(),
  justification: Type.String(),
  status: Type.String(),
  expiresOn: Nullable(Type.String()),
  inForce: Type.Boolean({ description: 'Granted, not expired, and its risk’s acceptance in force' }),
});
export const ExceptionListQuery = Type.Object({ status: Type.Optional(literals(EXCEPTION_STATUSES)), risk: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
export const ExceptionBody = Type.Object(
  {
    requirement: Type.String({ minLength: 1, maxLength: 120, description: 'A policy statement’s key (SISP-007) or framework:key (ncsc-caf:B2.a)' }),
    scopeType: literals(EXCEPTION_SCOPES),
    scope: Type.String({ minLength: 1, maxLength: 64, description: 'The technology service’s or information asset’s reference, or the unit’s code' }),
    riskId: Type.String({ format: 'uuid', description: 'The risk that backs the exception' }),
    justification: Type.String({ minLength: 1, maxLength: 10_000 }),
  },
  { additionalProperties: false },
);
export const ExceptionDecisionBody = Type.Object(
  { outcome: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), justification: Type.String({ minLength: 1, maxLength: 10_000 }), expiresOn: Type.Optional(Nullable(CalendarDate)) },
  { additionalProperties: false, description: 'To grant, an expiry no later than the risk’s acceptance is required' },
);
