import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { NewOrganisationUnitRow, OrganisationUnitRow, OrganisationUnitUpdate } from './entity.ts';

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

  async update(id: string, values: OrganisationUnitUpdate): Promise<OrganisationUnitRow> {
    return this.db.updateTable('organisation_units').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  unitTypes() {
    return this.db.selectFrom('unit_types').selectAll().orderBy('sort_order').execute();
  }

  /** The ids above a unit, nearest first (bounded, so bad data cannot make it loop). */
  async ancestorIds(unitId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      with recursive up (id, depth) as (
        select parent_id, 1 from organisation_units where id = ${unitId} and parent_id is not null
        union all
        select u.parent_id, up.depth + 1 from up join organisation_units u on u.id = up.id where u.parent_id is not null and up.depth < 1000
      )
      select id from up order by depth`.execute(this.db);
    return rows.rows.map((r) => r.id);
  }

  /** Locks the tree for the rest of the transaction, so moves are checked and made one at a time. */
  async lockTree(): Promise<void> {
    await sql`select pg_advisory_xact_lock(7202612)`.execute(this.db);
  }
}
