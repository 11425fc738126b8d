// SQL for the training register: the catalogue, completion records, and the roles that make courses required.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { courseOf, type Course, type CourseAudience } from './entity.ts';

export interface CourseValues {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly audience: CourseAudience;
  readonly roleCode: string | null;
  readonly validityMonths: number;
}

export interface TraineeRow {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly staffNumber: string | null;
  readonly unitId: string | null;
  readonly lineManagerId: string | null;
}

const row = (v: CourseValues) => ({ code: v.code, title: v.title, description: v.description, audience: v.audience, role_code: v.roleCode, validity_months: v.validityMonths });

export class TrainingRepository {
  constructor(private readonly db: Executor) {}

  async courses(): Promise<Course[]> {
    return (await this.db.selectFrom('training_courses').selectAll().orderBy('audience').orderBy('code').execute()).map(courseOf);
  }

  async course(id: string): Promise<Course | undefined> {
    const r = await this.db.selectFrom('training_courses').selectAll().where('id', '=', id).executeTakeFirst();
    return r && courseOf(r);
  }

  async courseByCode(code: string): Promise<Course | undefined> {
    const r = await this.db.selectFrom('training_courses').selectAll().where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
    return r && courseOf(r);
  }

  async insertCourse(v: CourseValues): Promise<string> {
    return (await this.db.insertInto('training_courses').values(row(v)).returning('id').executeTakeFirstOrThrow()).id;
  }

  async updateCourse(id: string, v: CourseValues, now: Date): Promise<void> {
    await this.db.updateTable('training_courses').set({ ...row(v), updated_at: now }).where('id', '=', id).execute();
  }

  /** True when the completion is new; the same person, course and date again changes nothing. */
  async insertCompletion(personId: string, courseId: string, completedOn: string, source: 'manual' | 'import', recordedBy: string): Promise<boolean> {
    const r = await this.db
      .insertInto('training_completions')
      .values({ person_id: personId, course_id: courseId, completed_on: completedOn, source, recorded_by: recordedBy })
      .onConflict((oc) => oc.columns(['person_id', 'course_id', 'completed_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Active people, all or those given. */
  async trainees(personIds?: readonly string[]): Promise<TraineeRow[]> {
    if (personIds && personIds.length === 0) return [];
    let q = this.db.selectFrom('people').select(['id', 'display_name', 'email', 'staff_number', 'unit_id', 'line_manager_id']).where('status', '=', 'active');
    if (personIds) q = q.where('id', 'in', personIds);
    return (await q.orderBy('display_name').execute()).map((p) => ({ id: p.id, displayName: p.display_name, email: p.email, staffNumber: p.staff_number, unitId: p.unit_id, lineManagerId: p.line_manager_id }));
  }

  async person(id: string): Promise<TraineeRow | undefined> {
    return (await this.trainees([id]))[0];
  }

  /** Staff number when it is one, else email: as imports match people (DECISIONS, Models). */
  async personByReference(reference: string): Promise<TraineeRow | undefined> {
    const ref = reference.trim();
    const r = await this.db.selectFrom('people').select('id').where('status', '=', 'active').where((eb) => eb.or([eb('staff_number', '=', ref), eb('email', '=', ref.toLowerCase())])).orderBy(sql`staff_number = ${ref}`, 'desc').executeTakeFirst();
    return r && this.person(r.id);
  }

  async reportsOf(managerId: string): Promise<string[]> {
    return (await this.db.selectFrom('people').select('id').where('line_manager_id', '=', managerId).where('status', '=', 'active').execute()).map((r) => r.id);
  }

  /** Accountable role codes of appointments in force today, by person. */
  async appointmentRoles(today: string, personIds?: readonly string[]): Promise<Map<string, Set<string>>> {
    let q = this.db.selectFrom('appointments').select(['person_id', 'role_code']).where('person_id', 'is not', null).where('starts_on', '<=', today).where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]));
    if (personIds) q = q.where('person_id', 'in', personIds.length ? personIds : ['00000000-0000-0000-0000-000000000000']);
    return group(await q.execute(), (r) => r.person_id!, (r) => r.role_code);
  }

  async accessRoles(personIds?: readonly string[]): Promise<Map<string, Set<string>>> {
    let q = this.db.selectFrom('role_grants').select(['person_id', 'role']);
    if (personIds) q = q.where('person_id', 'in', personIds.length ? personIds : ['00000000-0000-0000-0000-000000000000']);
    return group(await q.execute(), (r) => r.person_id, (r) => r.role);
  }

  /** Completion dates by person, then by course. */
  async completions(personIds?: readonly string[]): Promise<Map<string, Map<string, string[]>>> {
    let q = this.db.selectFrom('training_completions').select(['person_id', 'course_id', sql<string>`max(completed_on)::text`.as('completed_on')]).groupBy(['person_id', 'course_id']);
    if (personIds) q = q.where('person_id', 'in', personIds.length ? personIds : ['00000000-0000-0000-0000-000000000000']);
    const out = new Map<string, Map<string, string[]>>();
    for (const r of await q.execute()) {
      const byCourse = out.get(r.person_id) ?? new Map<string, string[]>();
      byCourse.set(r.course_id, [r.completed_on]);
      out.set(r.person_id, byCourse);
    }
    return out;
  }

  async completionHistory(personId: string): Promise<{ courseId: string; completedOn: string; source: string }[]> {
    const rows = await this.db.selectFrom('training_completions').select(['course_id', sql<string>`completed_on::text`.as('completed_on'), 'source']).where('person_id', '=', personId).orderBy('completed_on', 'desc').execute();
    return rows.map((r) => ({ courseId: r.course_id, completedOn: r.completed_on, source: r.source }));
  }

  async units(): Promise<{ id: string; code: string; name: string; parentId: string | null; unitType: string }[]> {
    return (await this.db.selectFrom('organisation_units').select(['id', 'code', 'name', 'parent_id', 'unit_type']).orderBy('name').execute()).map((u) => ({ id: u.id, code: u.code, name: u.name, parentId: u.parent_id, unitType: u.unit_type }));
  }
}

function group<R>(rows: readonly R[], key: (r: R) => string, value: (r: R) => string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(key(r)) ?? new Set<string>();
    set.add(value(r));
    out.set(key(r), set);
  }
  return out;
}
