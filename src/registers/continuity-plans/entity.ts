// Continuity plans and their continuity-exercises (issue 11): the tables and the register's words.
import type { ColumnType, Generated } from 'kysely';
import type { ActionSummary } from '../actions/entity.ts';
import type { PlanStanding } from './overdue.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const PLAN_KINDS = ['backup', 'disaster-recovery', 'business-continuity'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_NAMES: Record<PlanKind, string> = { backup: 'Backup', 'disaster-recovery': 'Disaster recovery', 'business-continuity': 'Business continuity' };

export const PLAN_STATUSES = ['draft', 'approved', 'retired'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_NAMES: Record<PlanStatus, string> = { draft: 'Draft', approved: 'Approved', retired: 'Retired' };

export const EXERCISE_KINDS = ['restore-test', 'failover', 'tabletop', 'full-exercise'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];
export const EXERCISE_KIND_NAMES: Record<ExerciseKind, string> = { 'restore-test': 'Restore test', failover: 'Failover', tabletop: 'Tabletop', 'full-exercise': 'Full exercise' };

export const EXERCISE_RESULTS = ['passed', 'passed-with-issues', 'failed'] as const;
export type ExerciseResult = (typeof EXERCISE_RESULTS)[number];
export const EXERCISE_RESULT_NAMES: Record<ExerciseResult, string> = { passed: 'Passed', 'passed-with-issues': 'Passed with issues', failed: 'Failed' };

export const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

export interface ContinuityTables {
  continuity_plans: {
    id: Generated<string>;
    reference: string;
    title: string;
    kind: PlanKind;
    service_id: string | null;
    unit_id: string;
    owner_person_id: string;
    rto_hours: number;
    rpo_hours: number;
    backup_arrangements: Generated<string>;
    document_url: Generated<string>;
    document_file_id: string | null;
    testing_interval_months: number;
    status: Generated<PlanStatus>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  continuity_exercises: {
    id: Generated<string>;
    plan_id: string;
    kind: ExerciseKind;
    exercised_on: string;
    scenario: string;
    participants: Generated<string>;
    result: ExerciseResult;
    achieved_rto_hours: number | null;
    achieved_rpo_hours: number | null;
    gaps: Generated<string>;
    evidence: Generated<string>;
    recorded_by: string;
    created_at: CreatedAt;
  };
}

/** What a person types into the plan form: the service by reference, the unit by code, the owner by email or staff number. */
export interface PlanInput {
  readonly title: string;
  readonly kind: string;
  readonly service: string;
  readonly unit: string;
  readonly owner: string;
  readonly rtoHours: string;
  readonly rpoHours: string;
  readonly backupArrangements: string;
  readonly documentUrl: string;
  readonly testingIntervalMonths: string;
  readonly status: string;
}

export interface ExerciseInput {
  readonly kind: string;
  readonly exercisedOn: string;
  readonly scenario: string;
  readonly participants: string;
  readonly result: string;
  readonly achievedRtoHours: string;
  readonly achievedRpoHours: string;
  readonly gaps: string;
  readonly evidence: string;
  /** Each becomes an action on the shared register, owned by the plan's owner unless told. */
  readonly actions: ReadonlyArray<{ readonly title: string; readonly dueOn: string; readonly owner?: string }>;
}

export interface Exercise {
  readonly id: string;
  readonly planId: string;
  readonly kind: ExerciseKind;
  readonly exercisedOn: string;
  readonly scenario: string;
  readonly participants: string;
  readonly result: ExerciseResult;
  readonly achievedRtoHours: number | null;
  readonly achievedRpoHours: number | null;
  readonly gaps: string;
  readonly evidence: string;
  readonly recordedBy: string;
  /** The achieved times against the plan's objectives: true when one was missed. */
  readonly rtoMissed: boolean;
  readonly rpoMissed: boolean;
}

export interface PlanSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly kind: PlanKind;
  readonly serviceId: string | null;
  readonly serviceReference: string | null;
  readonly serviceName: string | null;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly agencyName: string;
  readonly ownerPersonId: string;
  readonly ownerName: string;
  readonly rtoHours: number;
  readonly rpoHours: number;
  readonly testingIntervalMonths: number;
  readonly status: PlanStatus;
  readonly lastExercise: Exercise | null;
  readonly openActions: number;
  readonly standing: PlanStanding;
}

export interface PlanDetails extends PlanSummary {
  readonly ownerEmail: string | null;
  readonly backupArrangements: string;
  readonly documentUrl: string;
  /** The uploaded copy of the plan document, if any. */
  readonly documentFile: { readonly name: string; readonly size: string } | null;
  readonly exercises: readonly Exercise[];
  readonly actions: readonly ActionSummary[];
}
