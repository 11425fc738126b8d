import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kinds of unit in a department's tree; a department may add its own. */
export const UNIT_TYPES = [
  'department',
  'executive_agency',
  'executive_ndpb',
  'advisory_ndpb',
  'tribunal_ndpb',
  'other_alb',
  'directorate',
  'business_area',
  'team',
  'external',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface OrganisationUnitTable {
  id: Generated<string>;
  code: string;
  name: string;
  unit_type: string;
  parent_id: string | null;
  has_own_accounting_officer: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type OrganisationUnitRow = Selectable<OrganisationUnitTable>;
export type NewOrganisationUnitRow = Insertable<OrganisationUnitTable>;
export type OrganisationUnitUpdate = Updateable<OrganisationUnitTable>;

export interface OrganisationUnit {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly unitType: string;
  readonly parentId: string | null;
  readonly hasOwnAccountingOfficer: boolean;
}

export interface OrganisationUnitNode extends OrganisationUnit {
  readonly children: OrganisationUnitNode[];
}

export function toOrganisationUnit(row: OrganisationUnitRow): OrganisationUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    unitType: row.unit_type,
    parentId: row.parent_id,
    hasOwnAccountingOfficer: row.has_own_accounting_officer,
  };
}

export interface UnitTypeTable {
  code: string;
  name: string;
  sort_order: number;
}
