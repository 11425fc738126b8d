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
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

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

export const FEEDBACK_OUTCOMES = ['accepted', 'declined', 'done'] as const;

export interface DocumentTables {
  document_feedback: DocumentFeedbackTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  requirements: RequirementTable;
  version_statements: VersionStatementTable;
  decisions: DecisionTable;
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
