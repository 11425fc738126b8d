import type { Executor } from '../../database.ts';
import type { NewOrganisationUnitRow, OrganisationUnitRow } from './entity.ts';

export class OrganisationUnitRepository {
  constructor(private readonly db: Executor) {}

  withExecutor(db: Executor): OrganisationUnitRepository {
    return new OrganisationUnitRepository(db);
  }

  listAll(): Promise<OrganisationUnitRow[]> {
    return this.db.selectFrom('organisation_units').selectAll().orderBy('name').execute();
  }

  findById(id: string): Promise<OrganisationUnitRow | undefined> {
    return this.db.selectFrom('organisation_units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(code: string): Promise<OrganisationUnitRow | undefined> {
    return this.db.selectFrom('organisation_units').selectAll().where('code', '=', code).executeTakeFirst();
  }

  insert(row: NewOrganisationUnitRow): Promise<OrganisationUnitRow> {
    return this.db.insertInto('organisation_units').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async count(): Promise<number> {
    const { count } = await this.db.selectFrom('organisation_units').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return count;
  }
}
