import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface DocumentTable {
  id: Generated<string>;
  tier: number;
  title: string;
  unit_id: string;
  owner_person_id: string | null;
  parent_document_id: string | null;
  classification: Generated<string>;
  review_cycle_months: Generated<number>;
  next_review_on: string | null;
  status: Generated<string>;
  source_name: string | null;
  key_prefix: string;
  acknowledgement_audience: AcknowledgementAudience | null;
  acknowledgement_unit_id: string | null;
  acknowledgement_role_code: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Who must read and acknowledge a document: everyone in its unit's scope, everyone in a unit, or the holders of a role. */
export type AcknowledgementAudience = 'everyone' | 'unit' | 'role';
export const ACKNOWLEDGEMENT_AUDIENCES: readonly AcknowledgementAudience[] = ['everyone', 'unit', 'role'];

export interface LintEntry {
  readonly code: string;
  readonly line: number;
  readonly message: string;
}

export interface DocumentVersionTable {
  id: Generated<string>;
  document_id: string;
  number: number;
  status: Generated<string>;
  content: string;
  content_sha256: string;
  summary_of_change: Generated<string>;
  metadata: Json<Record<string, string>>;
  lint: Json<LintEntry[]>;
  created_by: string | null;
  created_by_person_id: string | null;
  material: Generated<boolean>;
  submitted_at: Date | null;
  created_at: Generated<Date>;
  published_at: Date | null;
}

export interface RequirementTable {
  id: Generated<string>;
  key: string;
  source_type: 'policy-statement' | 'framework';
  document_id: string | null;
  text: string;
  modality: string | null;
  actor: string | null;
  status: Generated<'active' | 'retired'>;
  first_version_id: string | null;
  last_version_id: string | null;
  // Framework requirements only (issue 07); policy statements leave them at their defaults.
  framework_id: Generated<string | null>;
  external_id: Generated<string | null>;
  parent_id: Generated<string | null>;
  level: Generated<string | null>;
  title: Generated<string>;
  assessable: Generated<boolean>;
  position: Generated<number | null>;
  details: Generated<unknown>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface VersionStatementTable {
  version_id: string;
  requirement_id: string;
  position: number;
  line: number | null;
  text: string;
}

export interface DecisionTable {
  id: Generated<string>;
  kind: string;
  record_type: string;
  record_id: string;
  decided_by_person_id: string | null;
  decided_by_label: string;
  role_held: string | null;
  outcome: string;
  reason: Generated<string>;
  snapshot: Json<unknown>;
  decided_at: Generated<Date>;
}

export interface DocumentFeedbackTable {
  id: Generated<string>;
  document_id: string;
  requirement_id: string | null;
  person_id: string;
  text: string;
  status: Generated<'new' | 'accepted' | 'declined' | 'done'>;
  reply: string | null;
  replied_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DocumentRelationTable {
  document_id: string;
  related_document_id: string;
}

export interface DocumentApprovingRoleTable {
  tier: number;
  role_code: string;
}

export const REVIEW_OUTCOMES = ['no-change', 'revise', 'retire'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface DocumentReviewTable {
  id: Generated<string>;
  document_id: string;
  outcome: ReviewOutcome;
  notes: Generated<string>;
  reviewed_on: string;
  next_review_on: string | null;
  reviewed_by_person_id: string | null;
  reviewed_by_label: string;
  created_at: Generated<Date>;
}

export interface DocumentAcknowledgementTable {
  document_id: string;
  version_id: string;
  person_id: string;
  acknowledged_at: Generated<Date>;
}

/** Government Security Classifications (2023), with the OFFICIAL-SENSITIVE handling caveat that documents often carry. */
export const DOCUMENT_CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE', 'SECRET', 'TOP SECRET'] as const;

export const FEEDBACK_OUTCOMES = ['accepted', 'declined', 'done'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

export interface DocumentTables {
  document_feedback: DocumentFeedbackTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  requirements: RequirementTable;
  version_statements: VersionStatementTable;
  decisions: DecisionTable;
  document_relations: DocumentRelationTable;
  document_approving_roles: DocumentApprovingRoleTable;
  document_reviews: DocumentReviewTable;
  document_acknowledgements: DocumentAcknowledgementTable;
}

export const TIER_NAMES: Record<number, string> = {
  1: 'Strategic policy',
  2: 'Topic policies',
  3: 'Standards and procedures',
  4: 'Guidance',
  5: 'System and process-specific policies',
};

/** Initials of the title, as the prefix of the keys of statements without IDs: "Strategic Information Security Policy" → SISP. */
export function keyPrefixFor(title: string): string {
  const initials = title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0 && !['and', 'of', 'the', 'for', 'a', 'an', 'to', 'on', 'in'].includes(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return (/^[A-Z]/.test(initials) ? initials : `D${initials}`).slice(0, 8).padEnd(2, 'X');
}
