import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { workOutNow, type KeepOrWorkOut } from '../../platform/audit/until-next-write.ts';

export interface PersonView {
  readonly id: string;
  readonly staffNumber: string | null;
  readonly displayName: string;
  readonly email: string;
  readonly unitId: string | null;
  readonly unitCode: string | null;
  readonly unitName: string | null;
  readonly personType: string;
  readonly status: 'active' | 'left';
  readonly jobTitle: string | null;
  readonly lineManagerId: string | null;
  readonly lineManagerName: string | null;
  readonly startedOn: string | null;
  readonly leftOn: string | null;
  readonly illustrative: boolean;
}

export interface PeopleFilter {
  readonly search?: string;
  readonly unitId?: string;
  /** Only people in these units (what the reader may see). */
  readonly unitIds?: readonly string[];
  readonly status?: 'active' | 'left';
}

export interface PersonValues {
  readonly staffNumber: string | null;
  readonly displayName: string;
  readonly email: string;
  readonly unitId: string | null;
  readonly personType: string;
  readonly jobTitle: string | null;
  readonly lineManagerId: string | null;
  readonly startedOn: string | null;
}

export class PeopleRepository {
  constructor(private readonly db: Executor) {}

  private base() {
    return this.db
      .selectFrom('people as p')
      .leftJoin('organisation_units as u', 'u.id', 'p.unit_id')
      .leftJoin('people as m', 'm.id', 'p.line_manager_id')
      .select([
        'p.id',
        'p.staff_number as staffNumber',
        'p.display_name as displayName',
        'p.email',
        'p.unit_id as unitId',
        'u.code as unitCode',
        'u.name as unitName',
        'p.person_type as personType',
        'p.status',
        'p.job_title as jobTitle',
        'p.line_manager_id as lineManagerId',
        'm.display_name as lineManagerName',
        'p.started_on as startedOn',
        'p.left_on as leftOn',
        'p.illustrative',
      ]);
  }

  /** `countOnce` may keep the count (it costs more than the page at 150,000 people): see UntilNextWrite. */
  async list(filter: PeopleFilter, page: { limit: number; offset: number }, countOnce: KeepOrWorkOut<number> = workOutNow): Promise<{ people: PersonView[]; total: number }> {
    // The filter once; the page's ids and the count are two selections from it.
    let matching = this.db.selectFrom('people as p');
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      matching = matching.where((eb) => eb.or([eb(sql`lower(p.display_name)`, 'like', like), eb('p.email', 'like', like), eb('p.staff_number', '=', filter.search!)]));
    }
    if (filter.unitId) matching = matching.where('p.unit_id', '=', filter.unitId);
    if (filter.unitIds) matching = matching.where('p.unit_id', 'in', filter.unitIds.length > 0 ? [...filter.unitIds] : ['00000000-0000-0000-0000-000000000000']);
    if (filter.status) matching = matching.where('p.status', '=', filter.status);
    const ids = matching.select('p.id');
    const count = matching.select((eb) => eb.fn.countAll<number>().as('n'));
    // The page's ids first, from the name index (migration 0022); then the unit and line manager of those
    // 50 only: joining before the offset would look up a manager for every row skipped.
    const [pageIds, total] = await Promise.all([ids.orderBy('p.display_name').orderBy('p.id').limit(page.limit).offset(page.offset).execute(), countOnce(async () => Number((await count.executeTakeFirstOrThrow()).n))]);
    if (pageIds.length === 0) return { people: [], total };
    const people = await this.base().where('p.id', 'in', pageIds.map((r) => r.id)).orderBy('p.display_name').orderBy('p.id').execute();
    return { people: people as PersonView[], total };
  }

  async findById(id: string): Promise<PersonView | undefined> {
    return (await this.base().where('p.id', '=', id).executeTakeFirst()) as PersonView | undefined;
  }

  /** A person by email or staff number: how people name each other in forms and files. */
  async findByReference(reference: string): Promise<PersonView | undefined> {
    const ref = reference.trim();
    return (await this.base().where((eb) => eb.or([eb('p.email', '=', ref.toLowerCase()), eb('p.staff_number', '=', ref)])).executeTakeFirst()) as PersonView | undefined;
  }

  /** Ids of the people above `personId` in the line-management chain, nearest first. */
  async managersAbove(personId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      with recursive chain (id, depth) as (
        select line_manager_id, 1 from people where id = ${personId} and line_manager_id is not null
        union all
        select p.line_manager_id, c.depth + 1 from chain c join people p on p.id = c.id
        where p.line_manager_id is not null and c.depth < 1000
      )
      select id from chain order by depth`.execute(this.db);
    return rows.rows.map((r) => r.id);
  }

  async insert(values: PersonValues): Promise<string> {
    const row = await this.db
      .insertInto('people')
      .values({ staff_number: values.staffNumber, display_name: values.displayName, email: values.email, unit_id: values.unitId, person_type: values.personType, job_title: values.jobTitle, line_manager_id: values.lineManagerId, started_on: values.startedOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, values: PersonValues, now: Date): Promise<void> {
    await this.db
      .updateTable('people')
      .set({ staff_number: values.staffNumber, display_name: values.displayName, email: values.email, unit_id: values.unitId, person_type: values.personType, job_title: values.jobTitle, line_manager_id: values.lineManagerId, started_on: values.startedOn, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async emailTaken(email: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('people').select('id').where('email', '=', email);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async staffNumberTaken(staffNumber: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('people').select('id').where('staff_number', '=', staffNumber);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }
}
