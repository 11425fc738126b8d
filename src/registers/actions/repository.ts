// The SQL of the actions register. Other registers write their actions through insertAction inside
// their own audited transactions, so nothing here opens a transaction or records an audit event.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { londonDate } from '../../platform/clock.ts';
import { isId } from '../../platform/http/errors.ts';
import { OPEN_STATUSES, type ActionDeadline, type ActionDetail, type ActionSourceType, type ActionStatus, type ActionSummary } from './entity.ts';

export type { ActionSourceType, ActionSummary } from './entity.ts';

export interface NewAction {
  readonly title: string;
  readonly description: string;
  readonly ownerPersonId: string;
  readonly unitId: string;
  readonly dueOn: string;
  readonly source: { readonly type: ActionSourceType; readonly id: string } | null;
  readonly createdBy: string;
}

export interface ActionChanges {
  readonly title: string;
  readonly description: string;
  readonly ownerPersonId: string;
  readonly dueOn: string;
}

export interface ProgressValues {
  readonly status: ActionStatus;
  readonly progressNote: string;
  readonly completedOn: string | null;
}

export interface ActionFilter {
  readonly status?: ActionStatus;
  readonly ownerPersonId?: string;
  readonly unitId?: string;
  /** true: only overdue actions; false: only those that are not. */
  readonly overdue?: boolean;
  readonly sourceType?: ActionSourceType;
  readonly search?: string;
}

/** Which actions a reader may see: those of the units listed (or all), and always their own. */
export interface ActionVisibility {
  readonly unitIds: 'all' | readonly string[];
  readonly personId: string | null;
}

/** The register's order, open and in progress first, then by due date: actions_list_idx (migration 0022) repeats it exactly. */
const ACTION_LIST_ORDER = sql`(a.status in ('open', 'in-progress')) desc, a.due_on, a.reference`;

export class ActionRepository {
  constructor(private readonly db: Executor) {}

  /** Adds an action with the next reference. The reference comes from a sequence, which concurrent transactions never share. */
  async insertAction(values: NewAction): Promise<{ id: string; reference: string }> {
    const { rows } = await sql<{ n: number }>`select nextval('actions_reference_seq')::int as n`.execute(this.db);
    const reference = `ACT-${String(rows[0]!.n).padStart(4, '0')}`;
    const { id } = await this.db
      .insertInto('actions')
      .values({
        reference,
        title: values.title,
        description: values.description,
        owner_person_id: values.ownerPersonId,
        unit_id: values.unitId,
        due_on: values.dueOn,
        source_type: values.source?.type ?? null,
        source_id: values.source?.id ?? null,
        created_by: values.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, reference };
  }

  /**
   * The actions raised by some records of one kind, for those records' pages. `today` decides what is
   * overdue; callers with a clock pass theirs, others get today in Europe/London.
   */
  async actionsFor(sourceType: ActionSourceType, sourceIds: readonly string[], today: string = londonDate(new Date())): Promise<ActionSummary[]> {
    const ids = sourceIds.filter((id) => isId(id));
    if (ids.length === 0) return [];
    const rows = await this.summaries(today).where('a.source_type', '=', sourceType).where('a.source_id', 'in', ids).orderBy('a.due_on').orderBy('a.reference').execute();
    return rows.map(toSummary);
  }

  async findAction(id: string, today: string): Promise<ActionDetail | undefined> {
    const row = await this.summaries(today)
      .select(['a.description', 'p.email as owner_email', 'u.code as unit_code', 'a.progress_note', 'a.completed_on', 'a.created_by', 'a.created_at', 'a.updated_at'])
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      ...toSummary(row),
      description: row.description,
      ownerEmail: row.owner_email,
      unitCode: row.unit_code,
      progressNote: row.progress_note,
      completedOn: row.completed_on,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async listActions(filter: ActionFilter, visibility: ActionVisibility, today: string, page: { limit: number; offset: number }): Promise<{ actions: ActionSummary[]; total: number }> {
    // The page's ids first, in the order of actions_list_idx (migration 0022); then the owner and unit of
    // those 50 only. Every action has both (not null, foreign keys), so the count needs neither join.
    const [ids, count] = await Promise.all([
      this.filtered(filter, visibility, today)
        .select('a.id')
        .orderBy(ACTION_LIST_ORDER)
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.filtered(filter, visibility, today)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    if (ids.length === 0) return { actions: [], total: Number(count.n) };
    const rows = await this.summaries(today)
      .where('a.id', 'in', ids.map((r) => r.id))
      .orderBy(ACTION_LIST_ORDER)
      .execute();
    return { actions: rows.map(toSummary), total: Number(count.n) };
  }

  /** Every action the reader may see, with the columns of the export. */
  async exportRows(visibility: ActionVisibility, today: string) {
    return this.withSummaryColumns(this.joined(this.filtered({}, visibility, today)), today)
      .select(['a.description', 'p.email as owner_email', 'u.code as unit_code', 'a.progress_note', 'a.completed_on'])
      .orderBy('a.reference')
      .execute();
  }

  /** A person's open and in-progress actions; by due date, so the overdue come first. */
  async openActionsOwnedBy(personId: string, today: string): Promise<ActionSummary[]> {
    const rows = await this.summaries(today).where('a.owner_person_id', '=', personId).where('a.status', 'in', OPEN_STATUSES).orderBy('a.due_on').orderBy('a.reference').execute();
    return rows.map(toSummary);
  }

  /** Open and in-progress actions with their owners and due dates, soonest first. */
  async deadlines(today: string, ownerPersonId?: string): Promise<ActionDeadline[]> {
    let query = this.summaries(today).where('a.status', 'in', OPEN_STATUSES);
    if (ownerPersonId) query = query.where('a.owner_person_id', '=', ownerPersonId);
    const rows = await query.orderBy('a.due_on').orderBy('a.reference').execute();
    return rows.map((r) => ({ kind: 'action', recordId: r.id, reference: r.reference, title: r.title, personId: r.owner_person_id, personName: r.owner_name, dueOn: r.due_on, overdue: r.overdue, href: `/actions/${r.id}` }));
  }

  async updateAction(id: string, values: ActionChanges, now: Date): Promise<void> {
    await this.db.updateTable('actions').set({ title: values.title, description: values.description, owner_person_id: values.ownerPersonId, due_on: values.dueOn, updated_at: now }).where('id', '=', id).execute();
  }

  async recordProgress(id: string, values: ProgressValues, now: Date): Promise<void> {
    await this.db.updateTable('actions').set({ status: values.status, progress_note: values.progressNote, completed_on: values.completedOn, updated_at: now }).where('id', '=', id).execute();
  }

  private joined(query = this.db.selectFrom('actions as a')) {
    return query.innerJoin('people as p', 'p.id', 'a.owner_person_id').innerJoin('organisation_units as u', 'u.id', 'a.unit_id');
  }

  private withSummaryColumns<Q extends ReturnType<ActionRepository['joined']>>(query: Q, today: string) {
    return query.select([
      'a.id',
      'a.reference',
      'a.title',
      'a.owner_person_id',
      'p.display_name as owner_name',
      'a.due_on',
      'a.status',
      'a.source_type',
      'a.source_id',
      'a.unit_id',
      'u.name as unit_name',
      sql<boolean>`(a.status in ('open', 'in-progress') and a.due_on < ${today}::date)`.as('overdue'),
    ]);
  }

  private summaries(today: string) {
    return this.withSummaryColumns(this.joined(), today);
  }

  /** The filter and visibility name only the action's columns, so they apply before the joins, and counting needs none. */
  private filtered(filter: ActionFilter, visibility: ActionVisibility, today: string) {
    let query = this.db.selectFrom('actions as a');
    if (visibility.unitIds !== 'all') {
      const units = [...visibility.unitIds];
      const personId = visibility.personId;
      query = query.where((eb) => eb.or([...(units.length > 0 ? [eb('a.unit_id', 'in', units)] : []), ...(personId ? [eb('a.owner_person_id', '=', personId)] : []), eb.lit(false)]));
    }
    if (filter.status) query = query.where('a.status', '=', filter.status);
    if (filter.ownerPersonId) query = query.where('a.owner_person_id', '=', filter.ownerPersonId);
    if (filter.unitId) query = query.where('a.unit_id', '=', filter.unitId);
    if (filter.sourceType) query = query.where('a.source_type', '=', filter.sourceType);
    if (filter.overdue === true) query = query.where('a.status', 'in', OPEN_STATUSES).where('a.due_on', '<', today);
    if (filter.overdue === false) query = query.where((eb) => eb.or([eb('a.status', 'not in', OPEN_STATUSES), eb('a.due_on', '>=', today)]));
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('a.reference', 'ilike', pattern), eb('a.title', 'ilike', pattern), eb('a.description', 'ilike', pattern)]));
    }
    return query;
  }
}

interface SummaryRow {
  id: string;
  reference: string;
  title: string;
  owner_person_id: string;
  owner_name: string;
  due_on: string;
  status: ActionStatus;
  source_type: ActionSourceType | null;
  source_id: string | null;
  unit_id: string;
  unit_name: string;
  overdue: boolean;
}

function toSummary(row: SummaryRow): ActionSummary {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    ownerPersonId: row.owner_person_id,
    ownerName: row.owner_name,
    dueOn: row.due_on,
    status: row.status,
    overdue: row.overdue,
    sourceType: row.source_type,
    sourceId: row.source_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
  };
}
