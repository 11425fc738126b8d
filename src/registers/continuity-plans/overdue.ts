// When a continuity plan is overdue for a continuity-exercise. Pure: the service passes today's date
// in Europe/London, the plan's last exercise and how many of that exercise's actions are still open.
import { addMonths } from '../../platform/clock.ts';

export type StandingCode = 'in-date' | 'overdue' | 'never-exercised' | 'retired';

export interface PlanStanding {
  readonly code: StandingCode;
  readonly overdue: boolean;
  /** The day the next exercise is due by, or null when never exercised or retired. */
  readonly dueOn: string | null;
  readonly reason: string;
}

export interface StandingSubject {
  readonly status: 'draft' | 'approved' | 'retired';
  readonly testingIntervalMonths: number;
}

export interface LastExercise {
  readonly exercisedOn: string;
  readonly result: 'passed' | 'passed-with-issues' | 'failed';
}

/**
 * A plan is overdue when it was never exercised, when its last exercise is older than its testing
 * interval, or when its last exercise failed and actions it raised are still open: a failed test
 * proves nothing until its gaps are closed. A retired plan is never overdue.
 */
export function planStanding(plan: StandingSubject, last: LastExercise | null, openActions: number, today: string): PlanStanding {
  if (plan.status === 'retired') return { code: 'retired', overdue: false, dueOn: null, reason: 'Retired' };
  if (!last) return { code: 'never-exercised', overdue: true, dueOn: null, reason: 'Never exercised' };
  const dueOn = addMonths(last.exercisedOn, plan.testingIntervalMonths);
  if (today > dueOn) return { code: 'overdue', overdue: true, dueOn, reason: `Last exercised ${last.exercisedOn}: due by ${dueOn}` };
  if (last.result === 'failed' && openActions > 0) {
    return { code: 'overdue', overdue: true, dueOn, reason: `The last exercise failed and ${openActions} of its actions ${openActions === 1 ? 'is' : 'are'} still open` };
  }
  return { code: 'in-date', overdue: false, dueOn, reason: `Next exercise due by ${dueOn}` };
}

/** Whether an achieved recovery time or point missed its objective; null (not measured) never misses. */
export const missed = (achieved: number | null, objective: number): boolean => achieved !== null && achieved > objective;
