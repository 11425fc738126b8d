// The training register: the course catalogue, completions (imported or recorded by hand), and each
// person's status per required course, gathered into completion rates by unit and by agency.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { canSeeTraining } from './access.ts';
import { COURSE_AUDIENCES, type Course, type CourseAudience } from './entity.ts';
import { TrainingImport } from './import.ts';
import { TrainingRepository, type CourseValues, type TraineeRow } from './repository.ts';
import { counts, personStatus, type CourseStatus } from './status.ts';

export interface CourseInput {
  readonly code?: string;
  readonly title?: string;
  readonly description?: string;
  readonly audience?: string;
  readonly roleCode?: string;
  readonly validityMonths?: string | number;
}

export interface PersonTraining {
  readonly person: TraineeRow;
  readonly courses: CourseStatus[];
}

export interface CompletionRate {
  readonly unitId: string;
  readonly code: string;
  readonly name: string;
  readonly people: number;
  /** People whose mandatory course counts today. */
  readonly mandatoryComplete: number;
  /** People who hold role courses, and of them those whose every role course counts today. */
  readonly roleHolders: number;
  readonly roleComplete: number;
}

export const rate = (done: number, of: number): number => (of === 0 ? 0 : Math.round((done / of) * 1000) / 10);

export class TrainingService {
  readonly import: TrainingImport;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.import = new TrainingImport(db, clock, audit);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  async courses(actor: Actor): Promise<Course[]> {
    authorize(actor, 'training.view-own');
    return new TrainingRepository(this.db).courses();
  }

  async course(actor: Actor, id: string): Promise<Course> {
    authorize(actor, 'training.view-own');
    const course = await new TrainingRepository(this.db).course(id);
    if (!course) throw notFound('The course');
    return course;
  }

  async addCourse(actor: Actor, input: CourseInput, requestId?: string): Promise<string> {
    authorize(actor, 'training.manage');
    const values = await this.checkedCourse(input);
    return this.audit.write(this.db, async (trx) => {
      const id = await new TrainingRepository(trx).insertCourse(values);
      return { result: id, event: { actor: auditActorOf(actor), action: 'training-course.created', recordType: 'training-course', recordId: id, changes: { after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async changeCourse(actor: Actor, id: string, input: CourseInput, requestId?: string): Promise<void> {
    authorize(actor, 'training.manage');
    const before = await this.course(actor, id);
    const values = await this.checkedCourse(input, id);
    await this.audit.write(this.db, async (trx) => {
      await new TrainingRepository(trx).updateCourse(id, values, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'training-course.changed', recordType: 'training-course', recordId: id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  private async checkedCourse(input: CourseInput, id?: string): Promise<CourseValues> {
    const problems: FieldProblem[] = [];
    const code = (input.code ?? '').trim().toUpperCase();
    const title = (input.title ?? '').trim();
    const audience = (input.audience ?? '') as CourseAudience;
    const roleCode = (input.roleCode ?? '').trim() || null;
    const months = Number(input.validityMonths);
    if (!/^[A-Z0-9][A-Z0-9-]{0,39}$/.test(code)) problems.push({ field: 'code', message: 'Enter a code of letters, digits and hyphens, such as SEC-ANNUAL' });
    else {
      const other = await new TrainingRepository(this.db).courseByCode(code);
      if (other && other.id !== id) problems.push({ field: 'code', message: `${code} is already a course: choose another code` });
    }
    if (!title) problems.push({ field: 'title', message: 'Enter the course title' });
    if (!(COURSE_AUDIENCES as readonly string[]).includes(audience)) problems.push({ field: 'audience', message: 'Choose who must do the course' });
    else if (audience !== 'everyone' && !roleCode) problems.push({ field: 'roleCode', message: 'Enter the role whose holders must do the course, such as information-asset-owner or administrator' });
    if (!Number.isInteger(months) || months < 1 || months > 120) problems.push({ field: 'validityMonths', message: 'Enter how many months a completion lasts, from 1 to 120' });
    if (problems.length > 0) throw validationFailed(problems);
    return { code, title, description: (input.description ?? '').trim(), audience, roleCode: audience === 'everyone' ? null : roleCode, validityMonths: months };
  }

  /** Records a completion by hand; the same person, course and date again changes nothing. */
  async recordCompletion(actor: Actor, input: { person?: string; courseCode?: string; completedOn?: string }, requestId?: string): Promise<void> {
    authorize(actor, 'training.manage');
    const repo = new TrainingRepository(this.db);
    const problems: FieldProblem[] = [];
    const person = input.person?.trim() ? await repo.personByReference(input.person) : undefined;
    const course = input.courseCode ? await repo.courseByCode(input.courseCode) : undefined;
    if (!person) problems.push({ field: 'person', message: 'Enter the staff number or email of someone in the people register' });
    if (!course) problems.push({ field: 'courseCode', message: 'Choose the course' });
    if (!input.completedOn || !isRealDate(input.completedOn)) problems.push({ field: 'completedOn', message: 'Enter the date the course was completed, as YYYY-MM-DD' });
    else if (input.completedOn > this.today()) problems.push({ field: 'completedOn', message: 'The completion date cannot be after today' });
    if (problems.length > 0) throw validationFailed(problems);
    authorize(actor, 'training.manage', { unitId: person!.unitId });
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      const created = await new TrainingRepository(trx).insertCompletion(person!.id, course!.id, input.completedOn!, 'manual', who.label);
      return { result: undefined, event: { actor: who, action: 'training-completion.recorded', recordType: 'person', recordId: person!.id, changes: { after: { course: course!.code, completedOn: input.completedOn, created } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** One person's training: themselves, their line manager, or those who read training in their unit. */
  async personTraining(actor: Actor, personId: string): Promise<PersonTraining & { history: { course: string; completedOn: string; source: string }[] }> {
    authorize(actor, 'training.view-own');
    const repo = new TrainingRepository(this.db);
    const person = /^[0-9a-f-]{36}$/i.test(personId) ? await repo.person(personId) : undefined;
    if (!person) throw notFound('The person');
    if (!canSeeTraining(actor, person)) throw new AppError('forbidden', 'You can see only your own training, your reports’ as their line manager, and training in units you oversee.');
    const [status] = await this.statuses([person]);
    const courses = new Map((await repo.courses()).map((c) => [c.id, c.code]));
    const history = (await repo.completionHistory(person.id)).map((h) => ({ course: courses.get(h.courseId) ?? '', completedOn: h.completedOn, source: h.source }));
    return { ...status!, history };
  }

  /** The actor's line reports with their training. */
  async reports(actor: Actor): Promise<PersonTraining[]> {
    authorize(actor, 'training.view-own');
    if (actor.kind !== 'person') return [];
    const repo = new TrainingRepository(this.db);
    return this.statuses(await repo.trainees(await repo.reportsOf(actor.personId)));
  }

  private async statuses(people: readonly TraineeRow[]): Promise<PersonTraining[]> {
    const repo = new TrainingRepository(this.db);
    const today = this.today();
    const ids = people.length > 500 ? undefined : people.map((p) => p.id);
    const [courses, appointed, granted, done] = await Promise.all([repo.courses(), repo.appointmentRoles(today, ids), repo.accessRoles(ids), repo.completions(ids)]);
    const empty = new Set<string>();
    return people.map((person) => ({
      person,
      courses: personStatus(courses, { appointmentRoles: appointed.get(person.id) ?? empty, accessRoles: granted.get(person.id) ?? empty }, done.get(person.id) ?? new Map(), today),
    }));
  }

  /** Completion rates for each unit the actor reads training in, and its people when a unit code is given. */
  async completion(actor: Actor): Promise<{ units: CompletionRate[]; agencies: CompletionRate[] }> {
    authorize(actor, 'training.read');
    const repo = new TrainingRepository(this.db);
    const units = await repo.units();
    const visible = units.filter((u) => can(actor, 'training.read', { unitId: u.id }));
    const people = (await repo.trainees()).filter((p) => p.unitId && visible.some((u) => u.id === p.unitId));
    const statuses = await this.statuses(people);
    const byUnit = new Map<string, PersonTraining[]>();
    for (const s of statuses) byUnit.set(s.person.unitId!, [...(byUnit.get(s.person.unitId!) ?? []), s]);
    const rateOf = (u: { id: string; code: string; name: string }, list: readonly PersonTraining[]): CompletionRate => {
      const holders = list.filter((p) => p.courses.some((c) => c.course.audience !== 'everyone'));
      return {
        unitId: u.id, code: u.code, name: u.name, people: list.length,
        mandatoryComplete: list.filter((p) => p.courses.some((c) => c.course.audience === 'everyone' && counts(c.status))).length,
        roleHolders: holders.length,
        roleComplete: holders.filter((p) => p.courses.filter((c) => c.course.audience !== 'everyone').every((c) => counts(c.status))).length,
      };
    };
    // An agency is a unit directly below the top of the tree: everyone below it counts towards it.
    const parent = new Map(units.map((u) => [u.id, u.parentId]));
    const agencyOf = (id: string): string => {
      let at = id;
      while (parent.get(at) && parent.get(parent.get(at)!)) at = parent.get(at)!;
      return at;
    };
    const byAgency = new Map<string, PersonTraining[]>();
    for (const s of statuses) {
      const a = agencyOf(s.person.unitId!);
      byAgency.set(a, [...(byAgency.get(a) ?? []), s]);
    }
    return {
      units: visible.filter((u) => byUnit.has(u.id)).map((u) => rateOf(u, byUnit.get(u.id)!)),
      agencies: units.filter((u) => byAgency.has(u.id)).map((u) => rateOf(u, byAgency.get(u.id)!)),
    };
  }

  async unitPeople(actor: Actor, code: string): Promise<{ unit: { id: string; code: string; name: string }; people: PersonTraining[] }> {
    authorize(actor, 'training.read');
    const repo = new TrainingRepository(this.db);
    const unit = (await repo.units()).find((u) => u.code === code);
    if (!unit) throw notFound('The unit');
    authorize(actor, 'training.read', { unitId: unit.id });
    return { unit, people: await this.statuses((await repo.trainees()).filter((p) => p.unitId === unit.id)) };
  }

  /** A unit's people and their status per required course, as CSV: personal data, so the export is audited. */
  async exportUnitCsv(actor: Actor, code: string, requestId?: string): Promise<string> {
    const { unit, people } = await this.unitPeople(actor, code);
    const csv = toCsv(
      ['staff number', 'name', 'email', 'course', 'status', 'last completed on', 'expires on'],
      people.flatMap((p) => p.courses.map((c) => [p.person.staffNumber ?? '', p.person.displayName, p.person.email, c.course.code, c.status, c.lastCompletedOn ?? '', c.expiresOn ?? ''])),
    );
    await this.audit.write(this.db, async () => ({ result: undefined, event: { actor: auditActorOf(actor), action: 'training.exported', recordType: 'organisation-unit', recordId: unit.id, metadata: { unit: unit.code, people: people.length }, ...(requestId ? { requestId } : {}) } }));
    return csv;
  }
}
