import { Type, type Static } from 'typebox';

export const OrganisationUnitSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String({ description: 'Unique code that imports use to refer to the unit', examples: ['HMPPS'] }),
    name: Type.String(),
    unitType: Type.String({ description: 'department, executive_agency, executive_ndpb, advisory_ndpb, directorate, business_area, …' }),
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    hasOwnAccountingOfficer: Type.Boolean(),
  },
  { $id: 'OrganisationUnit', additionalProperties: false },
);
export type OrganisationUnitDto = Static<typeof OrganisationUnitSchema>;

export const UnitIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const UnitCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }) });
