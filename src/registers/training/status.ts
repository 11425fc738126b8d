// A person's training status per required course, derived from their roles and their completion records.
// Pure: the service gathers the roles and records, this decides. A completion lasts the course's validity
// in months; within 30 days of expiry it is due soon; after expiry overdue; with no record, never done.
import { addDays, addMonths } from '../../platform/clock.ts';
import type { Course } from './entity.ts';

export const TRAINING_STATUSES = ['complete', 'due-soon', 'overdue', 'never-done'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const DUE_SOON_DAYS = 30;

export interface PersonRoles {
  /** Accountable role codes of the person's appointments in force, such as information-asset-owner. */
  readonly appointmentRoles: ReadonlySet<string>;
  /** Access roles granted to the person, such as administrator. */
  readonly accessRoles: ReadonlySet<string>;
}

export interface CourseStatus {
  readonly course: Course;
  readonly status: TrainingStatus;
  readonly lastCompletedOn: string | null;
  readonly expiresOn: string | null;
}

export function isRequired(course: Course, roles: PersonRoles): boolean {
  switch (course.audience) {
    case 'everyone':
      return true;
    case 'appointment':
      return course.roleCode !== null && roles.appointmentRoles.has(course.roleCode);
    case 'access-role':
      return course.roleCode !== null && roles.accessRoles.has(course.roleCode);
  }
}

export function expiryOf(completedOn: string, validityMonths: number): string {
  return addMonths(completedOn, validityMonths);
}

/** The status of one course given the latest completion (or none) on a London calendar day. */
export function courseStatus(course: Course, lastCompletedOn: string | null, today: string): CourseStatus {
  if (lastCompletedOn === null) return { course, status: 'never-done', lastCompletedOn, expiresOn: null };
  const expiresOn = expiryOf(lastCompletedOn, course.validityMonths);
  // Expiry is the first day the completion no longer counts.
  const status: TrainingStatus = expiresOn <= today ? 'overdue' : expiresOn <= addDays(today, DUE_SOON_DAYS) ? 'due-soon' : 'complete';
  return { course, status, lastCompletedOn, expiresOn };
}

/** Every course the person must do, with its status; `completions` are all their completion dates by course id. */
export function personStatus(courses: readonly Course[], roles: PersonRoles, completions: ReadonlyMap<string, readonly string[]>, today: string): CourseStatus[] {
  return courses
    .filter((c) => isRequired(c, roles))
    .map((c) => {
      const dates = (completions.get(c.id) ?? []).filter((d) => d <= today);
      const last = dates.length === 0 ? null : dates.reduce((a, b) => (a > b ? a : b));
      return courseStatus(c, last, today);
    });
}

/** Complete for a rate means the training counts today: complete or due soon. */
export const counts = (status: TrainingStatus): boolean => status === 'complete' || status === 'due-soon';
