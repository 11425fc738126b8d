// What a compliance rule is. A rule checks one requirement against the registers with one set-based
// SQL statement: every record it checks, whether that record fails, and why. The engine
// (evaluate.ts) stores the failures as findings, covers them with exceptions and keeps their history.
import { sql, type RawBuilder } from 'kysely';
import type { FindingScopeType, Severity } from './entity.ts';

/**
 * One row per record checked. `failing` false rows count towards the denominator of posture only.
 * `scope_type`/`scope_id` is what an exception must name to cover the failure (DECISIONS "Coverage").
 */
export interface SubjectRow {
  readonly record_type: string;
  readonly record_id: string;
  /** Distinguishes several failures of one record (a person missing two courses); '' when one. */
  readonly detail_key: string;
  /** How a person finds the record: its reference and name. */
  readonly label: string;
  readonly unit_id: string | null;
  readonly accountable_person_id: string | null;
  readonly scope_type: FindingScopeType;
  readonly scope_id: string;
  readonly failing: boolean;
  /** Why it fails, in plain words; '' for a passing row. */
  readonly reason: string;
}

export interface RuleQueryInput {
  /** Today in Europe/London (YYYY-MM-DD): rules never read the database's clock, so tests can fix it. */
  readonly today: string;
  /** The run's instant, for clocks measured in hours (time to triage). */
  readonly now: Date;
  /** The subject record ids to check, or null for every record. */
  readonly scope: readonly string[] | null;
}

/**
 * How a change to a record of some type reaches a rule's subjects: 'self' (the changed record is the
 * subject), 'all' (re-check every subject: the change is to something every subject depends on), or
 * a statement selecting the affected subject ids as `id`.
 */
export type Affects = 'self' | 'all' | ((changedIds: readonly string[]) => RawBuilder<{ id: string }>);

export interface ComplianceRule {
  /** Stable: findings are kept across runs by it. `register.what-is-checked`. */
  readonly id: string;
  readonly title: string;
  /** The register the rule reads first, for posture by register. */
  readonly register: string;
  /** The key of the requirement this rule evidences (a policy statement key or `framework:key`). */
  readonly requirement: string;
  /**
   * Framework requirements the same check gives evidence for (`ncsc-caf:A3.a`): posture by framework
   * reads the rule's results against them. They take no part in coverage.
   */
  readonly alsoEvidences: readonly string[];
  readonly severity: Severity;
  /** The record type of the rule's subjects, as the audit trail names it. */
  readonly subjectType: string;
  /** The statement: every subject with `failing` and `reason` (SubjectRow). */
  readonly subjects: (input: RuleQueryInput) => RawBuilder<SubjectRow>;
  /** Audit record types whose changes may change this rule's result, and how. */
  readonly affectedBy: Readonly<Record<string, Affects>>;
}

/** `column` limited to the scope's ids, or true when unscoped: the scoped form of the same statement. */
export function inScope(column: string, scope: readonly string[] | null): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`true`;
  // An array the planner can count (a set from jsonb it guesses at 100 rows): for one person's scope it
  // then reads that person's rows by index rather than, say, every IAO appointment (16 ms to 1 ms).
  return sql<boolean>`${sql.ref(column)} = any(${`{${scope.join(',')}}`}::uuid[])`;
}

/** The changed ids as a set, for `affectedBy` statements. */
export function idList(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
}

/** True when any of the changed import batches is of one of these kinds (an import names no records). */
export function importOf(ids: readonly string[], kinds: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from import_batches b where b.id in ${idList(ids)} and b.kind in (select jsonb_array_elements_text(${JSON.stringify(kinds)}::jsonb)))`;
}

/** Appointments current on `today` (a start on or before it and no end before it). */
export function currentAppointments(today: string): RawBuilder<unknown> {
  return sql`(select * from appointments where starts_on <= ${today}::date and (ends_on is null or ends_on >= ${today}::date))`;
}

/**
 * For each unit, the nearest current holder (a person) of `roleCode` at the unit or above it: who is
 * accountable when a record has no owner. Columns: unit_id, person_id.
 */
export function nearestUnitHolder(roleCode: string, today: string): RawBuilder<{ unit_id: string; person_id: string }> {
  return sql`(
    with recursive up (unit_id, ancestor_id, depth) as (
      select id, id, 0 from organisation_units
      union all
      select up.unit_id, u.parent_id, up.depth + 1 from up join organisation_units u on u.id = up.ancestor_id where u.parent_id is not null
    )
    select distinct on (up.unit_id) up.unit_id, a.person_id
      from up join ${currentAppointments(today)} a on a.unit_id = up.ancestor_id and a.record_type is null and a.role_code = ${roleCode} and a.person_id is not null
     order by up.unit_id, up.depth, a.starts_on desc
  )`;
}
