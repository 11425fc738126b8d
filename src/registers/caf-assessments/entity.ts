// CAF self-assessments (GovAssure, issue 13): the tables and the register's words.
import type { ColumnType, Generated } from 'kysely';
import type { AchievementLevel, GovAssureProfile } from '../frameworks/formats/parsed.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const ASSESSMENT_STATUSES = ['in-progress', 'submitted', 'completed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const ASSESSMENT_STATUS_NAMES: Record<AssessmentStatus, string> = { 'in-progress': 'In progress', submitted: 'Submitted', completed: 'Completed' };

export type OutcomeSource = 'registers' | 'assessor';
export type EvidenceKind = 'implementation' | 'control-gap' | 'finding';

/** Where an outcome stands against its target. */
export type Gap = 'meets' | 'below' | 'not-assessed' | 'no-target';
export const GAP_NAMES: Record<Gap, string> = { meets: 'Meets target', below: 'Below target', 'not-assessed': 'Not assessed', 'no-target': 'No target set' };

export interface CafAssessmentTables {
  caf_assessments: {
    id: Generated<string>;
    reference: string;
    framework_id: string;
    service_id: string;
    unit_id: string;
    profile: GovAssureProfile;
    due_on: string;
    status: Generated<AssessmentStatus>;
    started_by: string;
    prefilled_at: Date | null;
    submitted_by: string | null;
    submitted_at: Date | null;
    completed_by: string | null;
    completed_at: Date | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  caf_assessment_assessors: {
    assessment_id: string;
    person_id: string;
    assigned_by: string;
    assigned_at: CreatedAt;
  };
  caf_outcome_results: {
    assessment_id: string;
    requirement_id: string;
    status: AchievementLevel | null;
    justification: Generated<string>;
    source: OutcomeSource | null;
    proposed_status: AchievementLevel | null;
    proposed_justification: Generated<string>;
    answered_by: string | null;
    answered_at: Date | null;
  };
  caf_indicator_answers: {
    assessment_id: string;
    requirement_id: string;
    met: boolean;
    answered_by: string;
    answered_at: Date;
  };
  caf_outcome_evidence: {
    id: Generated<string>;
    assessment_id: string;
    requirement_id: string;
    supports: boolean;
    kind: EvidenceKind;
    label: string;
    detail: Generated<string>;
    url: string | null;
    implementation_id: string | null;
    finding_id: string | null;
    recorded_at: Date;
  };
}

/** What a person types into the start form: the service by reference, assessors by email or staff number. */
export interface StartInput {
  readonly service: string;
  readonly profile: string;
  readonly dueOn: string;
  /** One email or staff number per entry (the form splits its text by lines and commas). */
  readonly assessors: readonly string[];
}

export interface OutcomeInput {
  /** achieved, partially-achieved, not-achieved, or not-assessed. */
  readonly status: string;
  readonly justification: string;
  /** Indicator key → met. Indicators left out are recorded as not met. */
  readonly indicators: Readonly<Record<string, boolean>>;
}

export interface Assessor {
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
}

export interface AssessmentSummary {
  readonly id: string;
  readonly reference: string;
  readonly frameworkId: string;
  readonly frameworkName: string;
  readonly frameworkVersion: string;
  readonly serviceId: string;
  readonly serviceReference: string;
  readonly serviceName: string;
  readonly serviceCriticality: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly profile: GovAssureProfile;
  readonly dueOn: string;
  readonly status: AssessmentStatus;
  readonly startedBy: string;
  readonly createdAt: Date;
  readonly prefilledAt: Date | null;
  readonly submittedBy: string | null;
  readonly submittedAt: Date | null;
  readonly completedBy: string | null;
  readonly completedAt: Date | null;
  readonly assessors: readonly Assessor[];
}

export interface Evidence {
  readonly supports: boolean;
  readonly kind: EvidenceKind;
  readonly label: string;
  readonly detail: string;
  readonly url: string | null;
  readonly recordedAt: Date;
}

export interface Indicator {
  readonly id: string;
  readonly key: string;
  readonly text: string;
  readonly achievement: AchievementLevel;
  /** null: not answered yet. */
  readonly met: boolean | null;
}

export interface OutcomeResult {
  readonly requirementId: string;
  readonly key: string;
  readonly title: string;
  readonly text: string;
  readonly objectiveKey: string;
  readonly objectiveTitle: string;
  readonly principleKey: string;
  readonly principleTitle: string;
  readonly target: AchievementLevel | null;
  readonly status: AchievementLevel | null;
  readonly justification: string;
  readonly source: OutcomeSource | null;
  readonly proposedStatus: AchievementLevel | null;
  readonly proposedJustification: string;
  readonly answeredBy: string | null;
  readonly answeredAt: Date | null;
  readonly gap: Gap;
  readonly indicators: readonly Indicator[];
  readonly evidence: readonly Evidence[];
}

export interface GapByObjective {
  readonly objectiveKey: string;
  readonly objectiveTitle: string;
  readonly meets: number;
  readonly below: number;
  readonly notAssessed: number;
  readonly noTarget: number;
}

export interface AssessmentDetails extends AssessmentSummary {
  readonly outcomes: readonly OutcomeResult[];
  readonly gapByObjective: readonly GapByObjective[];
  readonly totals: Omit<GapByObjective, 'objectiveKey' | 'objectiveTitle'>;
}
