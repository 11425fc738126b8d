// Compliance reviews by the Security and Information Group (issue 13): the tables and the register's words.
import type { ColumnType, Generated } from 'kysely';
import type { ActionSummary } from '../actions/entity.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const REVIEW_STATUSES = ['planned', 'in-progress', 'completed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_NAMES: Record<ReviewStatus, string> = { planned: 'Planned', 'in-progress': 'In progress', completed: 'Completed' };

export const ITEM_RESULTS = ['met', 'partly-met', 'not-met', 'not-applicable'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const ITEM_RESULT_NAMES: Record<ItemResult, string> = { met: 'Met', 'partly-met': 'Partly met', 'not-met': 'Not met', 'not-applicable': 'Not applicable' };

export const FINDING_SEVERITIES = ['major', 'minor', 'observation'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const FINDING_SEVERITY_NAMES: Record<FindingSeverity, string> = { major: 'Major', minor: 'Minor', observation: 'Observation' };

export type RequirementSourceType = 'policy-statement' | 'framework';

export const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

export interface ComplianceReviewTables {
  compliance_reviews: {
    id: Generated<string>;
    reference: string;
    title: string;
    unit_id: string;
    service_id: string | null;
    source_type: RequirementSourceType;
    document_id: string | null;
    framework_id: string | null;
    requirement_keys: Generated<string>;
    lead_person_id: string;
    planned_on: string;
    status: Generated<ReviewStatus>;
    started_on: string | null;
    completed_on: string | null;
    conclusion: Generated<string>;
    created_by: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  compliance_review_items: {
    id: Generated<string>;
    review_id: string;
    position: number;
    requirement_id: string;
    requirement_key: string;
    requirement_text: string;
    result: ItemResult | null;
    note: Generated<string>;
    recorded_by: string | null;
    recorded_at: Date | null;
  };
  compliance_review_findings: {
    id: Generated<string>;
    review_id: string;
    number: number;
    item_id: string | null;
    severity: FindingSeverity;
    description: string;
    raised_by: string;
    created_at: CreatedAt;
  };
}

/**
 * What a person types into the review form: the unit by code, the service by reference, the source as a
 * policy document's key prefix (SISP) or a framework's code (ncsc-caf), the requirement keys separated
 * by spaces, commas or new lines (none: all of the source's), the lead reviewer by email or staff number.
 */
export interface ReviewInput {
  readonly title: string;
  readonly unit: string;
  readonly service: string;
  readonly source: string;
  readonly requirements: string;
  readonly lead: string;
  readonly plannedOn: string;
}

export interface ResultInput {
  readonly result: string;
  readonly note: string;
}

export interface FindingInput {
  readonly severity: string;
  readonly description: string;
  /** A checklist item's requirement key, or empty when the finding is about the review's scope as a whole. */
  readonly item: string;
}

export interface RemediationInput {
  readonly title: string;
  readonly owner: string;
  readonly dueOn: string;
}

/** What the compliance engine says now about one requirement in the review's scope: read-only help for the reviewer. */
export interface EngineView {
  readonly open: number;
  readonly covered: number;
  readonly resolved: number;
}

/** A checklist item as stored: the requirement's key and text as they were when the review started. */
export interface ItemRow {
  readonly id: string;
  readonly position: number;
  readonly requirementId: string;
  readonly requirementKey: string;
  readonly requirementText: string;
  readonly result: ItemResult | null;
  readonly note: string;
  readonly recordedBy: string | null;
}

export interface ChecklistItem extends ItemRow {
  readonly engine: EngineView;
}

export interface ReviewFinding {
  readonly id: string;
  readonly number: number;
  readonly label: string;
  readonly itemId: string | null;
  readonly itemKey: string | null;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly raisedBy: string;
  readonly actions: readonly ActionSummary[];
}

export interface ReviewSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly serviceId: string | null;
  readonly serviceReference: string | null;
  readonly serviceName: string | null;
  readonly sourceType: RequirementSourceType;
  /** The document's key prefix or the framework's code, as the form takes it. */
  readonly sourceCode: string;
  readonly sourceName: string;
  readonly requirementKeys: readonly string[];
  readonly leadPersonId: string;
  readonly leadName: string;
  readonly leadEmail: string | null;
  readonly plannedOn: string;
  readonly status: ReviewStatus;
  readonly startedOn: string | null;
  readonly completedOn: string | null;
  readonly conclusion: string;
}

export interface ReviewDetails extends ReviewSummary {
  readonly checklist: readonly ChecklistItem[];
  /** Before the review starts: the requirements its checklist will be drawn from. */
  readonly preview: ReadonlyArray<{ readonly key: string; readonly text: string }>;
  readonly findings: readonly ReviewFinding[];
  readonly counts: {
    readonly results: Record<ItemResult | 'none', number>;
    readonly severities: Record<FindingSeverity, number>;
    readonly openActions: number;
  };
}
