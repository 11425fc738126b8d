// Learning from incidents (issue 10): the lessons-learned record, corrective actions in the shared actions
// register (source: the incident) with what each adds or changes (a control, a risk, a document), closing
// (refused, naming what is missing, without lessons, without a corrective action, or for a possible
// personal data breach without the ICO decision), reopening by the security team, and the quarterly
// return to the Cabinet Office.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { ActionSummary } from '../actions/entity.ts';
import { ActionRepository } from '../actions/repository.ts';
import { authorizeIncidentHandle, authorizeIncidentManage, canHandleIncident, isIncidentTeamAt } from './access.ts';
import { agencies, IncidentConfigurationRepository } from './configuration.repository.ts';
import { ACTION_TARGET_TYPES, HANDLING_STAGES, STAGE_NAMES, type ActionTarget, type ActionTargetType, type CorrectiveActionInput, type IcoClock, type IncidentStage, type Lessons, type LessonsInput, type Quarter, type ReturnLayout } from './entity.ts';
import { icoClock } from './ico.ts';
import { IncidentLearningRepository } from './learning.repository.ts';
import { layoutProblems, parseQuarter, quarterlyReturnRows } from './quarterly-return.ts';
import { IncidentRepository, type IncidentRow } from './repository.ts';
import { IncidentViewRepository } from './views.repository.ts';

export interface QuarterlyReturn {
  readonly quarter: Quarter;
  readonly layout: ReturnLayout;
  /** The heading row first. */
  readonly rows: readonly (readonly string[])[];
  readonly csv: string;
  readonly filename: string;
}

/** What closing still needs, in words; empty when the incident may close. */
export function missingToClose(row: Pick<IncidentRow, 'stage'>, lessons: Lessons | null, actions: readonly Pick<ActionSummary, 'status'>[], ico: Pick<IcoClock, 'applies' | 'decided'>): string[] {
  if (row.stage === 'closed') return [];
  const missing: string[] = [];
  if (row.stage === 'reported') missing.push('triage');
  if (!lessons) missing.push('the lessons learned (what went well, what did not, the root cause)');
  if (!actions.some((a) => a.status !== 'cancelled')) missing.push('at least one corrective action with an owner and a due date');
  if (ico.applies && !ico.decided) missing.push('the decision on reporting the breach to the ICO');
  return missing;
}

const MISSING_FIELDS: Record<string, string> = { triage: 'stage', 'the lessons learned (what went well, what did not, the root cause)': 'lessons', 'at least one corrective action with an owner and a due date': 'actions', 'the decision on reporting the breach to the ICO': 'ico' };

export class IncidentLearningService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  private async load(id: string): Promise<IncidentRow> {
    const row = await new IncidentRepository(this.db).findIncident(requireId(id, 'The incident'));
    if (!row) throw notFound('The incident');
    return row;
  }

  async recordLessons(actor: Actor, id: string, input: LessonsInput, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const values = { wentWell: input.wentWell.trim(), wentBadly: input.wentBadly.trim(), rootCause: input.rootCause.trim() };
    const problems: FieldProblem[] = [];
    if (values.wentWell === '') problems.push({ field: 'wentWell', message: 'Say what went well' });
    if (values.wentBadly === '') problems.push({ field: 'wentBadly', message: 'Say what did not go well' });
    if (values.rootCause === '') problems.push({ field: 'rootCause', message: 'Give the root cause' });
    if (problems.length > 0) throw validationFailed(problems);
    const before = await new IncidentLearningRepository(this.db).lessons(row.id);
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      await new IncidentLearningRepository(trx).saveLessons(row.id, values, who.label, now);
      const writer = new IncidentRepository(trx);
      await writer.addEvent(row.id, { kind: 'lessons', at: now, byPersonId: who.id, byLabel: who.label, text: before ? 'Lessons learned changed' : 'Lessons learned recorded' });
      await writer.touch(row.id, now);
      const previous = before && { wentWell: before.wentWell, wentBadly: before.wentBadly, rootCause: before.rootCause };
      return { result: undefined, event: { actor: who, action: 'incident.lessons-recorded', recordType: 'incident', recordId: row.id, changes: { before: previous, after: values }, metadata: { reference: row.reference }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async addCorrectiveAction(actor: Actor, id: string, input: CorrectiveActionInput, requestId?: string): Promise<{ id: string; reference: string }> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    if (row.stage === 'closed') throw new AppError('invalid_state', `${row.reference} is closed: reopen it to add a corrective action`);
    const today = londonDate(this.clock.now());
    const problems: FieldProblem[] = [];
    const title = input.title.trim();
    if (title === '') problems.push({ field: 'actionTitle', message: 'Enter what is to be done' });
    else if (title.length > 200) problems.push({ field: 'actionTitle', message: 'The action must be 200 characters or fewer' });
    const owner = await new IncidentRepository(this.db).personByReference(input.owner);
    if (!owner) problems.push({ field: 'actionOwner', message: input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the action owner’s email or staff number' });
    if (!isRealDate(input.dueOn)) problems.push({ field: 'actionDueOn', message: 'Enter the due date as YYYY-MM-DD' });
    else if (input.dueOn < today) problems.push({ field: 'actionDueOn', message: 'The due date cannot be in the past' });
    const learning = new IncidentLearningRepository(this.db);
    const targets: Array<{ type: ActionTargetType; id: string; reference: string }> = [];
    for (const [index, wanted] of (input.targets ?? []).entries()) {
      if (wanted.reference.trim() === '') continue;
      const type = ACTION_TARGET_TYPES.find((t) => t === wanted.type);
      const target = type && (await learning.targetByReference(type, wanted.reference));
      if (!type) problems.push({ field: `targets[${index}].type`, message: 'Choose what the action changes: a control, a risk or a document' });
      else if (!target) problems.push({ field: `targets[${index}].reference`, message: `${wanted.reference.trim()} is not ${TARGET_WORDS[type]}` });
      else targets.push({ type, ...target });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    const now = this.clock.now();
    return this.audit.write(this.db, async (trx) => {
      const action = await new ActionRepository(trx).insertAction({ title, description: input.description?.trim() ?? '', ownerPersonId: owner!.id, unitId: row.unitId, dueOn: input.dueOn, source: { type: 'incident', id: row.id }, createdBy: who.label });
      for (const target of targets) await new IncidentLearningRepository(trx).addTarget(action.id, target.type, target.id, now);
      const writer = new IncidentRepository(trx);
      await writer.addEvent(row.id, { kind: 'action', at: now, byPersonId: who.id, byLabel: who.label, text: `Corrective action ${action.reference}: ${title} (${owner!.name}, due ${input.dueOn})`, data: { actionId: action.id } });
      await writer.touch(row.id, now);
      return {
        result: action,
        event: { actor: who, action: 'action.created', recordType: 'action', recordId: action.id, metadata: { reference: action.reference, source: { type: 'incident', id: row.id, reference: row.reference }, targets: targets.map((t) => ({ type: t.type, id: t.id })) }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  /** Who may say what an action changes: for an incident's action, whoever handles the incident; else the action's managers. */
  private async authorizeTargets(actor: Actor, actionId: string) {
    const learning = new IncidentLearningRepository(this.db);
    const action = await learning.action(requireId(actionId, 'The action'));
    if (!action) throw notFound('The action');
    if (action.sourceType === 'incident' && action.sourceId) {
      const row = await this.load(action.sourceId);
      authorizeIncidentHandle(actor, row);
      return { action, incident: row };
    }
    if (!can(actor, 'actions.manage', { unitId: action.unitId })) throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'Only the security team for the action’s unit may say what it changes.');
    return { action, incident: null };
  }

  async linkActionTarget(actor: Actor, actionId: string, type: string, reference: string, requestId?: string): Promise<void> {
    const { action, incident } = await this.authorizeTargets(actor, actionId);
    const kind = ACTION_TARGET_TYPES.find((t) => t === type);
    if (!kind) throw validationFailed([{ field: 'type', message: 'Choose what the action changes: a control, a risk or a document' }]);
    const target = await new IncidentLearningRepository(this.db).targetByReference(kind, reference);
    if (!target) throw validationFailed([{ field: 'reference', message: reference.trim() ? `${reference.trim()} is not ${TARGET_WORDS[kind]}` : `Enter ${TARGET_WORDS[kind]}` }]);
    await this.changeTarget(actor, action, incident, 'action.target-linked', kind, target, requestId, (learning, now) => learning.addTarget(action.id, kind, target.id, now));
  }

  async unlinkActionTarget(actor: Actor, actionId: string, type: string, targetId: string, requestId?: string): Promise<void> {
    const { action, incident } = await this.authorizeTargets(actor, actionId);
    const existing = (await new IncidentLearningRepository(this.db).targets([action.id])).find((t) => t.type === type && t.id === targetId);
    if (!existing) throw notFound('What the action changes');
    await this.changeTarget(actor, action, incident, 'action.target-unlinked', existing.type, existing, requestId, (learning) => learning.removeTarget(action.id, existing.type, existing.id));
  }

  private async changeTarget(actor: Actor, action: { id: string; reference: string }, incident: IncidentRow | null, event: string, type: ActionTargetType, target: { id: string; reference: string }, requestId: string | undefined, work: (learning: IncidentLearningRepository, now: Date) => Promise<boolean>): Promise<void> {
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const changed = await work(new IncidentLearningRepository(trx), now);
      if (changed && incident) {
        const removed = event === 'action.target-unlinked';
        await new IncidentRepository(trx).addEvent(incident.id, { kind: 'action', at: now, byPersonId: who.id, byLabel: who.label, text: `${action.reference} ${removed ? 'no longer changes' : 'changes'} ${type} ${target.reference}`, data: { actionId: action.id, type, targetId: target.id, removed } });
      }
      return { result: undefined, event: { actor: who, action: event, recordType: 'action', recordId: action.id, metadata: { reference: action.reference, type, targetId: target.id, targetReference: target.reference, changed, ...(incident ? { incident: incident.reference } : {}) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async actionTargets(actor: Actor, actionId: string): Promise<ActionTarget[]> {
    const learning = new IncidentLearningRepository(this.db);
    const action = await learning.action(requireId(actionId, 'The action'));
    if (!action) throw notFound('The action');
    if (!can(actor, 'actions.read', { unitId: action.unitId }) && !can(actor, 'actions.manage', { unitId: action.unitId })) {
      const incident = action.sourceType === 'incident' && action.sourceId ? await this.load(action.sourceId) : null;
      if (!incident || !canHandleIncident(actor, incident)) throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'Only readers of the actions register and the incident’s handlers may see what this action changes.');
    }
    return learning.targets([action.id]);
  }

  async close(actor: Actor, id: string, note?: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    if (row.stage === 'closed') throw new AppError('invalid_state', `${row.reference} is already closed`);
    const now = this.clock.now();
    const [lessons, actions, decisions] = await Promise.all([new IncidentLearningRepository(this.db).lessons(row.id), new ActionRepository(this.db).actionsFor('incident', [row.id], londonDate(now)), new IncidentRepository(this.db).icoDecisions([row.id])]);
    const missing = missingToClose(row, lessons, actions, icoClock(row, decisions.get(row.id) ?? [], now));
    if (missing.length > 0) {
      throw new AppError('invalid_state', `${row.reference} cannot be closed yet: it needs ${missing.join(', and ')}.`, missing.map((m) => ({ field: MISSING_FIELDS[m] ?? 'form', message: m === 'triage' ? 'Triage the incident first' : `Record ${m}` })));
    }
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      const writer = new IncidentRepository(trx);
      await writer.setStage(row.id, 'closed', now);
      await writer.addEvent(row.id, { kind: 'closed', at: now, byPersonId: who.id, byLabel: who.label, text: `Closed${note?.trim() ? `: ${note.trim()}` : ''}`, data: { from: row.stage } });
      return { result: undefined, event: { actor: who, action: 'incident.closed', recordType: 'incident', recordId: row.id, changes: { before: { stage: row.stage }, after: { stage: 'closed' } }, metadata: { reference: row.reference, actions: actions.map((a) => a.reference) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async reopen(actor: Actor, id: string, input: { reason: string; stage?: string }, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentManage(actor, row, 'reopen an incident');
    if (row.stage !== 'closed') throw new AppError('invalid_state', `${row.reference} is not closed: there is nothing to reopen`);
    const stages: readonly IncidentStage[] = ['triaged', ...HANDLING_STAGES];
    const stage = input.stage === undefined || input.stage === '' ? 'recovered' : stages.find((s) => s === input.stage);
    const problems: FieldProblem[] = [];
    if (!stage) problems.push({ field: 'stage', message: `Choose the stage to reopen it at: ${stages.map((s) => STAGE_NAMES[s].toLowerCase()).join(', ')}` });
    if (input.reason.trim() === '') problems.push({ field: 'reason', message: 'Say why the incident is reopened' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const writer = new IncidentRepository(trx);
      await writer.setStage(row.id, stage!, now);
      await writer.addEvent(row.id, { kind: 'reopened', at: now, byPersonId: who.id, byLabel: who.label, text: `Reopened at ${STAGE_NAMES[stage!].toLowerCase()}: ${input.reason.trim()}`, data: { to: stage } });
      return { result: undefined, event: { actor: who, action: 'incident.reopened', recordType: 'incident', recordId: row.id, changes: { before: { stage: 'closed' }, after: { stage } }, metadata: { reference: row.reference, reason: input.reason.trim() }, ...(requestId ? { requestId } : {}) } };
    });
  }

  // ---- The quarterly return ----

  /** The return counts the whole department: readers of the register at the top of the tree. */
  private authorizeReturn(actor: Actor): void {
    if (can(actor, 'incidents.read') || isIncidentTeamAt(actor, null)) return;
    throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'Only the security team and readers of the whole incidents register may see the quarterly return.');
  }

  async returnLayout(actor: Actor): Promise<ReturnLayout> {
    this.authorizeReturn(actor);
    return { columns: await new IncidentConfigurationRepository(this.db).returnColumns() };
  }

  async setReturnLayout(actor: Actor, layout: ReturnLayout, requestId?: string): Promise<void> {
    if (!can(actor, 'incidents.handle') || !isIncidentTeamAt(actor, null)) throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'Only the security team for the whole department may change the quarterly return’s layout.');
    const columns = layout.columns.map((c) => ({ heading: c.heading.trim(), field: c.field.trim() }));
    const problems = layoutProblems({ columns });
    if (problems.length > 0) throw validationFailed(problems);
    const before = await new IncidentConfigurationRepository(this.db).returnColumns();
    await this.audit.write(this.db, async (trx) => {
      await new IncidentConfigurationRepository(trx).replaceReturnColumns(columns);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'incidents.return-layout-changed', recordType: 'setting', changes: { before, after: columns }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async quarterlyReturn(actor: Actor, quarterText: string): Promise<QuarterlyReturn> {
    this.authorizeReturn(actor);
    const quarter = parseQuarter(quarterText);
    if (!quarter) throw validationFailed([{ field: 'quarter', message: 'Enter the quarter as a year and quarter, such as 2026-Q3 (July to September)' }]);
    const configuration = new IncidentConfigurationRepository(this.db);
    const [columns, units, rows] = await Promise.all([configuration.returnColumns(), configuration.units(), new IncidentViewRepository(this.db).returnRows(quarter.from, quarter.to)]);
    const agencyOf = agencies(units);
    const incidents = rows.map((r) => {
      const agency = agencyOf.get(r.unitId);
      return { ...r, agencyCode: agency?.code ?? '', agencyName: agency?.name ?? '' };
    });
    const layout = { columns };
    const table = quarterlyReturnRows(incidents, layout, quarter);
    return { quarter, layout, rows: table, csv: toCsv(table[0] ?? [], table.slice(1)), filename: `incidents-return-${quarter.label}.csv` };
  }
}

const TARGET_WORDS: Record<ActionTargetType, string> = { control: 'the code of a control', risk: 'the reference of a risk', document: 'the key prefix of a document' };
