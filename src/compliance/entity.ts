// The compliance engine's tables and words (issue 12): runs, their per-rule results, findings and the
// history of each finding's status.
import type { ColumnType, Generated } from 'kysely';

export const FINDING_STATUSES = ['open', 'covered', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_NAMES: Record<FindingStatus, string> = { open: 'Open', covered: 'Covered by an exception', resolved: 'Resolved' };

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EXCEPTION_SCOPE_TYPES = ['service', 'asset', 'unit'] as const;
export type FindingScopeType = (typeof EXCEPTION_SCOPE_TYPES)[number];

export type RunKind = 'full' | 'scoped';

export interface ComplianceTables {
  compliance_runs: {
    id: Generated<string>;
    kind: RunKind;
    trigger: string;
    started_at: Date;
    finished_at: Date | null;
    duration_ms: number | null;
    rules: Generated<number>;
    open_count: Generated<number>;
    covered_count: Generated<number>;
    resolved_count: Generated<number>;
  };
  compliance_run_results: {
    run_id: string;
    rule_id: string;
    unit_id: string | null;
    checked: number;
    failing: number;
    covered: number;
  };
  compliance_findings: {
    id: Generated<string>;
    rule_id: string;
    record_type: string;
    record_id: string;
    detail_key: Generated<string>;
    requirement_id: string | null;
    scope_type: FindingScopeType;
    scope_id: string;
    unit_id: string | null;
    accountable_person_id: string | null;
    label: string;
    reason: string;
    status: FindingStatus;
    exception_id: string | null;
    opened_at: Date;
    changed_at: Date;
    resolved_at: Date | null;
  };
  compliance_finding_events: {
    seq: ColumnType<string, never, never>;
    finding_id: string;
    run_id: string;
    at: Date;
    status: FindingStatus;
    reason: string;
  };
  compliance_watch: {
    id: number;
    watched_seq: ColumnType<string, number, number>;
  };
}

/**
 * What `custodian compliance evaluate --json` prints, and what every run returns. A full run counts
 * its rules' findings by status; a scoped run counts the findings whose status it changed.
 */
export interface RunSummary {
  readonly runId: string;
  readonly kind: RunKind;
  readonly rules: number;
  readonly findings: { readonly open: number; readonly covered: number; readonly resolved: number };
  readonly durationMs: number;
}
