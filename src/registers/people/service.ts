// People in scope of the policy: staff, contractors and third-party users. Imports come in
// import.ts; this is reading and editing one person at a time.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { PERSON_TYPES } from './entity.ts';
import { PeopleRepository, type PeopleFilter, type PersonValues, type PersonView } from './repository.ts';

export const PEOPLE_PAGE_SIZE = 50;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PersonInput {
  readonly staffNumber?: string | null;
  readonly displayName: string;
  readonly email: string;
  readonly unitId?: string | null;
  readonly personType?: string;
  readonly jobTitle?: string | null;
  readonly lineManagerId?: string | null;
  readonly startedOn?: string | null;
}

export class PeopleService {
  private readonly repository: PeopleRepository;
  /** List counts: at 150,000 people the count costs more than the page. */
  private readonly counts: UntilNextWrite;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.repository = new PeopleRepository(db);
    this.counts = new UntilNextWrite(db, clock);
  }

  async list(actor: Actor, filter: PeopleFilter, page: number) {
    if (filter.unitId) authorize(actor, 'people.read', { unitId: filter.unitId });
    const visible = unitsWhere(actor, 'people.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'people.read');
    if (visible !== 'all') filter = { ...filter, unitIds: visible };
    const current = Math.max(1, Math.floor(page));
    const { people, total } = await this.repository.list(filter, { limit: PEOPLE_PAGE_SIZE, offset: (current - 1) * PEOPLE_PAGE_SIZE }, this.counts.keeping(JSON.stringify(filter)));
    return { people, total, page: current, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)) };
  }

  async get(actor: Actor, id: string): Promise<PersonView> {
    const person = await this.repository.findById(requireId(id, 'The person'));
    if (!person) throw notFound('The person');
    authorize(actor, 'people.read', { unitId: person.unitId });
    return person;
  }

  /** Finds a person by email or staff number, as forms name them; everyone signed in may look people up. */
  async findByReference(actor: Actor, reference: string): Promise<PersonView | undefined> {
    authorize(actor, 'organisation.read');
    return reference.trim() === '' ? undefined : this.repository.findByReference(reference);
  }

  private async checked(input: PersonInput, existingId?: string): Promise<PersonValues> {
    const problems: FieldProblem[] = [];
    const email = input.email.trim().toLowerCase();
    const staffNumber = input.staffNumber?.trim() || null;
    const displayName = input.displayName.trim();
    if (displayName === '') problems.push({ field: 'displayName', message: 'Enter the person’s name' });
    if (!EMAIL.test(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
    else if (await this.repository.emailTaken(email, existingId)) problems.push({ field: 'email', message: `${email} belongs to someone else already` });
    if (staffNumber && (await this.repository.staffNumberTaken(staffNumber, existingId))) problems.push({ field: 'staffNumber', message: `Staff number ${staffNumber} belongs to someone else already` });
    const personType = input.personType ?? 'staff';
    if (!(PERSON_TYPES as readonly string[]).includes(personType)) problems.push({ field: 'personType', message: 'Choose staff, contractor or third-party user' });
    if (input.startedOn && !DATE.test(input.startedOn)) problems.push({ field: 'startedOn', message: 'Enter the start date as a date, such as 2025-04-01' });
    if (input.lineManagerId) {
      if (input.lineManagerId === existingId) problems.push({ field: 'lineManagerId', message: 'A person cannot be their own line manager' });
      // A manager loop: the new manager already reports, at some depth, to this person.
      else if (existingId && (await this.repository.managersAbove(input.lineManagerId)).includes(existingId)) {
        problems.push({ field: 'lineManagerId', message: 'That would make a loop: the new line manager already reports to this person' });
      }
    }
    if (problems.length > 0) throw validationFailed(problems);
    return { staffNumber, displayName, email, unitId: input.unitId ?? null, personType, jobTitle: input.jobTitle?.trim() || null, lineManagerId: input.lineManagerId ?? null, startedOn: input.startedOn || null };
  }

  async create(actor: Actor, input: PersonInput, requestId?: string): Promise<string> {
    authorize(actor, 'people.manage', { unitId: input.unitId ?? undefined });
    const values = await this.checked(input);
    return this.audit.write(this.db, async (trx) => {
      const id = await new PeopleRepository(trx).insert(values);
      return { result: id, event: { actor: auditActorOf(actor), action: 'person.created', recordType: 'person', recordId: id, changes: { after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async update(actor: Actor, id: string, input: PersonInput, requestId?: string): Promise<void> {
    const before = await this.get(actor, id);
    authorize(actor, 'people.manage', { unitId: before.unitId });
    if (input.unitId && input.unitId !== before.unitId) authorize(actor, 'people.manage', { unitId: input.unitId });
    const values = await this.checked(input, id);
    await this.audit.write(this.db, async (trx) => {
      await new PeopleRepository(trx).update(id, values, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'person.changed', recordType: 'person', recordId: id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }
}
