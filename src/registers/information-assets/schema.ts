// The information assets API's schemas: they validate requests and document the API.
import { Type, type TSchema } from 'typebox';
import { ASSET_SORTS, IMPACT_LEVELS } from './entity.ts';

export const TAGS = ['Information assets'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Impact = Type.Union(IMPACT_LEVELS.map((l) => Type.Literal(l)));

export const AssetParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const AssetListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the reference or name' })),
    unit: Type.Optional(Type.String({ maxLength: 40, description: 'A unit code: assets held by that unit' })),
    tier: Type.Optional(Type.String({ maxLength: 40, description: 'A classification tier, such as OFFICIAL' })),
    sensitive: Type.Optional(Type.Boolean()),
    personalData: Type.Optional(Type.Boolean()),
    owner: Type.Optional(Type.String({ maxLength: 254, description: 'The IAO: person id, email address or staff number' })),
    sort: Type.Optional(Type.Union(ASSET_SORTS.map((s) => Type.Literal(s)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const Owner = Nullable(Type.Object({ personId: Type.String(), name: Type.String(), email: Nullable(Type.String()) }));

export const AssetSchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  description: Type.String(),
  unitId: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  classificationTier: Type.String(),
  sensitive: Type.Boolean(),
  handlingInstruction: Nullable(Type.String()),
  embargoEndsOn: Nullable(Type.String()),
  descriptors: Type.Array(Type.String()),
  label: Type.String({ description: 'The standard label: OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA' }),
  confidentialityImpact: Type.String(),
  integrityImpact: Type.String(),
  availabilityImpact: Type.String(),
  personalData: Type.Boolean(),
  retention: Type.String(),
  owner: Owner,
  updatedAt: Type.String(),
});

export const AssetDetailsSchema = Type.Intersect([AssetSchema, Type.Object({ services: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String() })) })]);

export const AssetListSchema = Type.Object({ items: Type.Array(AssetSchema), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer(), pageSize: Type.Integer() });

export const AssetBody = Type.Object(
  {
    reference: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'Omit to be given an IA-000001-style reference' }))),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    unitId: Type.String({ format: 'uuid' }),
    owner: Type.String({ minLength: 1, maxLength: 254, description: 'The Information Asset Owner: person id, email address or staff number' }),
    classificationTier: Type.String({ maxLength: 40 }),
    sensitive: Type.Optional(Type.Boolean()),
    handlingInstruction: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    embargoEndsOn: Type.Optional(Nullable(Type.String({ format: 'date', description: "With EMBARGOED only: 'YYYY-MM-DD'" }))),
    descriptors: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
    confidentialityImpact: Type.Optional(Impact),
    integrityImpact: Type.Optional(Impact),
    availabilityImpact: Type.Optional(Impact),
    personalData: Type.Optional(Type.Boolean()),
    retention: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
