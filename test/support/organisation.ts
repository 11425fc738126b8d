// A small organisation for register tests: a department, an agency under it, and a team under that.
import type { Db } from '../../src/database.ts';

export type UnitTree = Record<'DEPT' | 'AGENCY' | 'TEAM', string>;

export async function createUnitTree(db: Db): Promise<UnitTree> {
  const unit = async (code: string, name: string, unitType: string, parent: string | null) =>
    (await db.insertInto('organisation_units').values({ code, name, unit_type: unitType, parent_id: parent }).returning('id').executeTakeFirstOrThrow()).id;
  const DEPT = await unit('DEPT', 'The Department', 'department', null);
  const AGENCY = await unit('AGENCY', 'The Agency', 'executive_agency', DEPT);
  const TEAM = await unit('TEAM', 'Prison Operations', 'team', AGENCY);
  return { DEPT, AGENCY, TEAM };
}
