// The actions register's table and words: something to do, its owner, due date, status, and what
// raised it. Risks, incidents, reviews, exercises and suppliers all keep their actions here.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const STATUS_NAMES: Record<ActionStatus, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done', cancelled: 'Cancelled' };
/** Done and cancelled actions are final: nothing moves them again. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['open', 'in-progress'];

export const ACTION_SOURCE_TYPES = ['risk', 'incident', 'review-finding', 'exercise-gap', 'supplier-deviation', 'compliance-review', 'compliance-finding'] as const;
export type ActionSourceType = (typeof ACTION_SOURCE_TYPES)[number];
export const SOURCE_NAMES: Record<ActionSourceType, string> = {
  risk: 'Risk',
  incident: 'Incident',
  'review-finding': 'Review finding',
  'exercise-gap': 'Continuity-exercise gap',
  'supplier-deviation': 'Supplier deviation',
  'compliance-review': 'Compliance-review',
  'compliance-finding': 'Compliance finding',
};

export const isActionStatus = (value: string): value is ActionStatus => (ACTION_STATUSES as readonly string[]).includes(value);
export const isActionSourceType = (value: string): value is ActionSourceType => (ACTION_SOURCE_TYPES as readonly string[]).includes(value);

export interface ActionTables {
  actions: {
    id: Generated<string>;
    reference: string;
    title: string;
    description: Generated<string>;
    owner_person_id: string;
    unit_id: string;
    due_on: string;
    status: Generated<ActionStatus>;
    source_type: ActionSourceType | null;
    source_id: string | null;
    progress_note: Generated<string>;
    completed_on: string | null;
    created_by: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}

/** An action as lists and other registers' pages show it. */
export interface ActionSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly ownerPersonId: string;
  readonly ownerName: string;
  readonly dueOn: string;
  readonly status: ActionStatus;
  /** Still open or in progress after its due date (Europe/London). */
  readonly overdue: boolean;
  readonly sourceType: ActionSourceType | null;
  readonly sourceId: string | null;
  readonly unitId: string;
  readonly unitName: string;
}

export interface ActionDetail extends ActionSummary {
  readonly description: string;
  readonly ownerEmail: string;
  readonly unitCode: string;
  readonly progressNote: string;
  readonly completedOn: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A dated duty for the "my work" view and reminders (DECISIONS: Deadlines): whose it is, what, and by
 * when. Shaped so that other registers' deadlines can take the same form.
 */
export interface ActionDeadline {
  readonly kind: 'action';
  readonly recordId: string;
  readonly reference: string;
  readonly title: string;
  readonly personId: string;
  readonly personName: string;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly href: string;
}
