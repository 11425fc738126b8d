// One model for every dated duty in Custodian (DECISIONS.md, "Deadlines"): each register exposes its
// duties through a DeadlineSource; "my work" gathers them for a person, and the reminder job for
// everyone. Due dates are calendar dates in Europe/London; the ICO clock also has an instant.
import type { Executor } from '../database.ts';

export const DEADLINE_KINDS = [
  'action',
  'document-review',
  'document-acknowledgement',
  'risk-review',
  'risk-acceptance-expiry',
  'exception-expiry',
  'supplier-reassessment',
  'continuity-exercise',
  'training',
  'ico-clock',
  'compliance-review',
  'caf-assessment',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  readonly kind: DeadlineKind;
  /** What the person must do, in words: "Review the Acceptable use policy". */
  readonly title: string;
  /** The record the duty is on, and its page. */
  readonly recordType: string;
  readonly recordId: string;
  readonly href: string;
  /** Who must do it. */
  readonly personId: string;
  /** Why it is theirs, in words: "Information Asset Owner", "owner", "assessor". */
  readonly because: string;
  /** yyyy-mm-dd, Europe/London. */
  readonly dueOn: string;
  /** For duties due at an instant (the ICO's 72 hours), that instant. */
  readonly dueAt?: Date;
  readonly unitId: string | null;
  /** The deputy of the appointment the duty comes from, if it has one: escalation goes to them first. */
  readonly deputyPersonId?: string | null;
}

export interface DeadlineQuery {
  /** yyyy-mm-dd, Europe/London. */
  readonly today: string;
  /** One person's duties; every person's when absent (the reminder job). */
  readonly personId?: string;
  /** yyyy-mm-dd: only duties due on or before this day (the reminder job's horizon); all when absent. */
  readonly until?: string;
}

/** A register's dated duties. Set-based: one or a few queries whatever the number of people. */
export type DeadlineSource = (db: Executor, query: DeadlineQuery) => Promise<Deadline[]>;
