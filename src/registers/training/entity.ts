import type { Generated, Selectable } from 'kysely';

export const COURSE_AUDIENCES = ['everyone', 'appointment', 'access-role'] as const;
export type CourseAudience = (typeof COURSE_AUDIENCES)[number];

export interface TrainingCourseTable {
  id: Generated<string>;
  code: string;
  title: string;
  description: Generated<string>;
  audience: CourseAudience;
  role_code: string | null;
  validity_months: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TrainingCompletionTable {
  id: Generated<string>;
  person_id: string;
  course_id: string;
  completed_on: string;
  source: Generated<'manual' | 'import'>;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface TrainingTables {
  training_courses: TrainingCourseTable;
  training_completions: TrainingCompletionTable;
}

export type TrainingCourseRow = Selectable<TrainingCourseTable>;

export interface Course {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly audience: CourseAudience;
  readonly roleCode: string | null;
  readonly validityMonths: number;
}

export const courseOf = (r: TrainingCourseRow): Course => ({ id: r.id, code: r.code, title: r.title, description: r.description, audience: r.audience, roleCode: r.role_code, validityMonths: r.validity_months });
