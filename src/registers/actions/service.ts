// The actions register: add and change actions (the security team of the unit), record progress (the
// owner), list and export what each person may see, and give the "my work" view its deadlines.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, isId, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { OrganisationUnitRepository } from '../organisation-units/repository.ts';
import { PeopleRepository } from '../people/repository.ts';
import { authorizeListing, authorizeProgress, authorizeSeeing, canManageAction, canRecordProgress, visibilityOf } from './access.ts';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES, isActionSourceType, isActionStatus, OPEN_STATUSES, SOURCE_NAMES, STATUS_NAMES, type ActionDeadline, type ActionDetail, type ActionStatus, type ActionSummary } from './entity.ts';
import { ActionRepository, type ActionChanges, type ActionFilter } from './repository.ts';

export const ACTIONS_PAGE_SIZE = 50;
const SOURCE_WORDS = Object.values(SOURCE_NAMES).map((name, i, all) => `${i === all.length - 1 ? 'or ' : ''}${name.toLowerCase()}`).join(', ');
export const EXPORT_HEADER = ['reference', 'title', 'description', 'owner', 'owner email', 'unit', 'due on', 'status', 'overdue', 'raised by', 'source id', 'progress note', 'completed on'];

export interface ActionDetailsInput {
  readonly title: string;
  readonly description?: string | null;
  /** The owner's email address or staff number. */
  readonly owner: string;
  /** 'YYYY-MM-DD', a Europe/London calendar date. */
  readonly dueOn: string;
}

export interface ActionInput extends ActionDetailsInput {
  /** The unit whose security team manages the action: the unit of the record that raised it. */
  readonly unitId: string;
  readonly source?: { readonly type: string; readonly id: string } | null;
}

export interface ProgressInput {
  readonly status: string;
  readonly progressNote?: string | null;
}

export interface ActionListFilter {
  readonly status?: string;
  /** The owner's person id, email address or staff number. */
  readonly owner?: string;
  readonly unitId?: string;
  readonly overdue?: boolean;
  readonly sourceType?: string;
  readonly search?: string;
  readonly page?: number;
}

export interface ActionList {
  readonly actions: ActionSummary[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

/**
 * The statuses an action may move to: forward only (open, in progress, done), staying put to add a
 * note, and cancelled from either open status by those who manage it. Done and cancelled are final.
 */
export function nextStatuses(current: ActionStatus, mayCancel: boolean): ActionStatus[] {
  if (current === 'open') return ['open', 'in-progress', 'done', ...(mayCancel ? (['cancelled'] as const) : [])];
  if (current === 'in-progress') return ['in-progress', 'done', ...(mayCancel ? (['cancelled'] as const) : [])];
  return [];
}

function refuseFinal(action: ActionDetail): void {
  if (OPEN_STATUSES.includes(action.status)) return;
  const status = STATUS_NAMES[action.status].toLowerCase();
  throw new AppError('invalid_state', `${action.reference} is ${status}, and a ${status} action is final: add a new action if there is more to do.`);
}

export class ActionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  private async find(id: string): Promise<ActionDetail> {
    const action = await new ActionRepository(this.db).findAction(requireId(id, 'The action'), this.today());
    if (!action) throw notFound('The action');
    return action;
  }

  async get(actor: Actor, id: string): Promise<ActionDetail> {
    const action = await this.find(id);
    authorizeSeeing(actor, action);
    return action;
  }

  /** An action with what the actor may do to it, for its page. */
  async detail(actor: Actor, id: string) {
    const action = await this.get(actor, id);
    const canManage = canManageAction(actor, action);
    const mayRecord = canRecordProgress(actor, action);
    return { action, canChange: canManage && OPEN_STATUSES.includes(action.status), canRecordProgress: mayRecord, statuses: mayRecord ? nextStatuses(action.status, canManage) : [] };
  }

  async list(actor: Actor, filter: ActionListFilter): Promise<ActionList> {
    authorizeListing(actor);
    const problems: FieldProblem[] = [];
    if (filter.status && !isActionStatus(filter.status)) problems.push({ field: 'status', message: `Choose a status: ${ACTION_STATUSES.join(', ')}` });
    if (filter.sourceType && !isActionSourceType(filter.sourceType)) problems.push({ field: 'sourceType', message: `Choose what raised the actions: ${ACTION_SOURCE_TYPES.join(', ')}` });
    if (filter.unitId && !isId(filter.unitId)) problems.push({ field: 'unitId', message: 'Choose a unit from the list' });
    if (problems.length > 0) throw validationFailed(problems);
    const repository = new ActionRepository(this.db);
    const current = Math.max(1, Math.floor(filter.page ?? 1));
    const owner = filter.owner?.trim() ? await this.ownerId(filter.owner) : undefined;
    if (owner === null) return { actions: [], total: 0, page: current, pages: 1 };
    const where: ActionFilter = {
      ...(filter.status ? { status: filter.status as ActionStatus } : {}),
      ...(owner ? { ownerPersonId: owner } : {}),
      ...(filter.unitId ? { unitId: filter.unitId } : {}),
      ...(filter.overdue !== undefined ? { overdue: filter.overdue } : {}),
      ...(filter.sourceType && isActionSourceType(filter.sourceType) ? { sourceType: filter.sourceType } : {}),
      ...(filter.search?.trim() ? { search: filter.search.trim() } : {}),
    };
    const { actions, total } = await repository.listActions(where, visibilityOf(actor), this.today(), { limit: ACTIONS_PAGE_SIZE, offset: (current - 1) * ACTIONS_PAGE_SIZE });
    return { actions, total, page: current, pages: Math.max(1, Math.ceil(total / ACTIONS_PAGE_SIZE)) };
  }

  /** A person id named in a filter by id, email or staff number; null when no one matches. */
  private async ownerId(reference: string): Promise<string | null> {
    const value = reference.trim();
    if (isId(value)) return value;
    return (await new PeopleRepository(this.db).findByReference(value))?.id ?? null;
  }

  /** The actor's open and in-progress actions, overdue first, then by due date. */
  async mine(actor: Actor): Promise<ActionSummary[]> {
    authorizeListing(actor);
    if (actor.kind !== 'person') return [];
    return new ActionRepository(this.db).openActionsOwnedBy(actor.personId, this.today());
  }

  /**
   * Open and in-progress actions with their owners and due dates, for the "my work" view and
   * reminders (DECISIONS: Deadlines). Those callers decide whom they show each deadline to.
   */
  deadlines(today: string, ownerPersonId?: string): Promise<ActionDeadline[]> {
    return new ActionRepository(this.db).deadlines(today, ownerPersonId && isId(ownerPersonId) ? ownerPersonId : undefined);
  }

  /** The units in which the actor may add actions, for the form. */
  async unitChoices(actor: Actor): Promise<Array<{ id: string; code: string; name: string }>> {
    if (!canAnywhere(actor, 'actions.manage')) authorize(actor, 'actions.manage');
    const units = await new OrganisationUnitRepository(this.db).listAll();
    return units.filter((u) => can(actor, 'actions.manage', { unitId: u.id })).map((u) => ({ id: u.id, code: u.code, name: u.name }));
  }

  /** The owner, title, description and due date, checked; problems are added to those given. */
  private async checkedDetails(input: ActionDetailsInput, problems: FieldProblem[], existing?: ActionDetail): Promise<ActionChanges> {
    const title = input.title.trim();
    const description = input.description?.trim() ?? '';
    const dueOn = input.dueOn.trim();
    if (title === '') problems.push({ field: 'title', message: 'Enter what needs to be done' });
    else if (title.length > 200) problems.push({ field: 'title', message: 'The title must be 200 characters or fewer' });
    if (description.length > 10_000) problems.push({ field: 'description', message: 'The description must be 10,000 characters or fewer' });
    const owner = input.owner.trim() ? await new PeopleRepository(this.db).findByReference(input.owner) : undefined;
    if (!input.owner.trim()) problems.push({ field: 'owner', message: 'Enter the email address or staff number of the person who owns the action' });
    else if (!owner) problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${input.owner.trim()}` });
    else if (owner.status === 'left' && owner.id !== existing?.ownerPersonId) problems.push({ field: 'owner', message: `${owner.displayName} has left: choose someone still here to own the action` });
    // An overdue action may keep its due date when something else about it changes.
    if (!isRealDate(dueOn)) problems.push({ field: 'dueOn', message: 'Enter the due date as YYYY-MM-DD, such as 2027-03-31' });
    else if (dueOn < this.today() && dueOn !== existing?.dueOn) problems.push({ field: 'dueOn', message: 'The due date must be today or later' });
    return { title, description, ownerPersonId: owner?.id ?? '', dueOn };
  }

  async create(actor: Actor, input: ActionInput, requestId?: string): Promise<string> {
    if (!canAnywhere(actor, 'actions.manage')) authorize(actor, 'actions.manage');
    const unitId = input.unitId?.trim() ?? '';
    const unit = isId(unitId) ? await new OrganisationUnitRepository(this.db).findById(unitId) : undefined;
    if (unit) authorize(actor, 'actions.manage', { unitId: unit.id });
    const problems: FieldProblem[] = [];
    if (!unit) problems.push({ field: 'unitId', message: 'Choose the unit whose security team manages the action' });
    const source = input.source ?? null;
    if (source && (!isActionSourceType(source.type) || !isId(source.id))) problems.push({ field: 'source', message: `What raised the action is not recognised: start again from the ${SOURCE_WORDS} that raises it` });
    const values = await this.checkedDetails(input, problems);
    if (problems.length > 0) throw validationFailed(problems);
    const newAction = { ...values, unitId: unit!.id, source: source && isActionSourceType(source.type) ? { type: source.type, id: source.id } : null, createdBy: auditActorOf(actor).label };
    return this.audit.write(this.db, async (trx) => {
      const { id, reference } = await new ActionRepository(trx).insertAction(newAction);
      return { result: id, event: { actor: auditActorOf(actor), action: 'action.created', recordType: 'action', recordId: id, changes: { after: { reference, ...newAction } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** An action the actor may change: open or in progress, in a unit whose actions they manage. */
  async forChange(actor: Actor, id: string): Promise<ActionDetail> {
    const action = await this.find(id);
    authorize(actor, 'actions.manage', { unitId: action.unitId });
    refuseFinal(action);
    return action;
  }

  /** Changes what is to be done, by whom and by when: the security team of the action's unit. */
  async update(actor: Actor, id: string, input: ActionDetailsInput, requestId?: string): Promise<void> {
    const before = await this.forChange(actor, id);
    const problems: FieldProblem[] = [];
    const values = await this.checkedDetails(input, problems, before);
    if (problems.length > 0) throw validationFailed(problems);
    await this.audit.write(this.db, async (trx) => {
      await new ActionRepository(trx).updateAction(before.id, values, this.clock.now());
      const was = { title: before.title, description: before.description, ownerPersonId: before.ownerPersonId, dueOn: before.dueOn };
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'action.changed', recordType: 'action', recordId: before.id, changes: { before: was, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The owner (or the security team) moves the action on and says how it stands. */
  async recordProgress(actor: Actor, id: string, input: ProgressInput, requestId?: string): Promise<void> {
    const before = await this.find(id);
    authorizeProgress(actor, before);
    const mayCancel = canManageAction(actor, before);
    if (input.status === 'cancelled' && !mayCancel) throw new AppError('forbidden', 'Only the security team of the action’s unit may cancel it. Record why it cannot be done in the progress note and they will decide.');
    refuseFinal(before);
    const problems: FieldProblem[] = [];
    const note = input.progressNote?.trim() ?? '';
    if (!isActionStatus(input.status)) problems.push({ field: 'status', message: 'Choose the status of the action' });
    else if (!nextStatuses(before.status, true).includes(input.status)) problems.push({ field: 'status', message: `An action ${STATUS_NAMES[before.status].toLowerCase()} cannot go back to ${STATUS_NAMES[input.status].toLowerCase()}` });
    if (note.length > 5000) problems.push({ field: 'progressNote', message: 'The progress note must be 5,000 characters or fewer' });
    else if (input.status === 'cancelled' && note === '') problems.push({ field: 'progressNote', message: 'Say why the action is cancelled' });
    if (problems.length > 0) throw validationFailed(problems);
    const status = input.status as ActionStatus;
    const values = { status, progressNote: note, completedOn: status === 'done' ? this.today() : null };
    await this.audit.write(this.db, async (trx) => {
      await new ActionRepository(trx).recordProgress(before.id, values, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'action.progressed', recordType: 'action', recordId: before.id, changes: { before: { status: before.status, progressNote: before.progressNote }, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Every action the actor may see, as CSV. Owners' names and emails leave the service, so the export is audited. */
  async exportCsv(actor: Actor, requestId?: string): Promise<string> {
    authorizeListing(actor);
    const visibility = visibilityOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const rows = await new ActionRepository(trx).exportRows(visibility, this.today());
      const csv = toCsv(
        EXPORT_HEADER,
        rows.map((a) => [a.reference, a.title, a.description, a.owner_name, a.owner_email, a.unit_code, a.due_on, a.status, a.overdue ? 'yes' : 'no', a.source_type ?? '', a.source_id ?? '', a.progress_note, a.completed_on ?? '']),
      );
      return { result: csv, event: { actor: auditActorOf(actor), action: 'actions.exported', metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } };
    });
  }
}
