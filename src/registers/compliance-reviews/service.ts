// Compliance reviews by the Security and Information Group: plan a review of a unit or a technology
// service against chosen requirements, start it (the checklist is drawn then), record a result per
// item, raise findings with remediation actions on the shared actions register, and complete it,
// after which it is frozen. Every write: authorize, check, one audited transaction.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere, unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { OPEN_STATUSES } from '../actions/entity.ts';
import { ActionRepository } from '../actions/repository.ts';
import { authorizeReviewManage, authorizeReviewRead, canManageReview } from './access.ts';
import { checkFinding, checkRemediation, checkResult, checkReview } from './checks.ts';
import {
  FINDING_SEVERITIES, FINDING_SEVERITY_NAMES, ITEM_RESULT_NAMES, ITEM_RESULTS,
  type FindingInput, type RemediationInput, type ResultInput, type ReviewDetails, type ReviewInput, type ReviewStatus, type ReviewSummary,
} from './entity.ts';
import { ComplianceReviewRepository, type ReviewFilter, type ReviewRow } from './repository.ts';

/** Remediation actions point at the finding that raised them, which points at its review. */
export const ACTION_SOURCE = 'review-finding';

const summaryOf = ({ documentId: _d, frameworkId: _f, ...row }: ReviewRow): ReviewSummary => row;

export class ComplianceReviewService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly outbox: NotificationOutbox,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  /** The reviews in the units where the actor may read them, and always those they lead (their assignment). */
  async list(actor: Actor, filter: ReviewFilter = {}): Promise<ReviewSummary[]> {
    if (actor.kind === 'anonymous') authorize(actor, 'compliance-reviews.read');
    const units = unitsWhere(actor, 'compliance-reviews.read');
    const rows = await new ComplianceReviewRepository(this.db).listReviews(filter, { units, personId: actor.kind === 'person' ? actor.personId : null });
    return rows.map(summaryOf);
  }

  private async find(actor: Actor, id: string): Promise<ReviewRow> {
    const row = await new ComplianceReviewRepository(this.db).findReview(requireId(id, 'The compliance-review'));
    if (!row) throw notFound('The compliance-review');
    authorizeReviewRead(actor, row);
    return row;
  }

  async get(actor: Actor, id: string): Promise<ReviewDetails> {
    const row = await this.find(actor, id);
    const repository = new ComplianceReviewRepository(this.db);
    const items = await repository.items(row.id);
    const engine = await repository.engineViews(row, items.map((i) => i.requirementId));
    const findings = await repository.findings(row.id);
    const actions = await new ActionRepository(this.db).actionsFor(ACTION_SOURCE, findings.map((f) => f.id), this.today());
    const keyOf = new Map(items.map((i) => [i.id, i.requirementKey]));
    const results = Object.fromEntries([...ITEM_RESULTS, 'none'].map((r) => [r, items.filter((i) => (i.result ?? 'none') === r).length])) as ReviewDetails['counts']['results'];
    const severities = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as ReviewDetails['counts']['severities'];
    // Before the review starts there is no checklist yet: show what it will be drawn from.
    const preview = row.status === 'planned' ? (await repository.requirementsInScope(row, row.requirementKeys)).map((r) => ({ key: r.key, text: r.text })) : [];
    return {
      ...summaryOf(row),
      checklist: items.map((i) => ({ ...i, engine: engine.get(i.requirementId) ?? { open: 0, covered: 0, resolved: 0 } })),
      preview,
      findings: findings.map((f) => ({ ...f, label: `F${f.number}`, itemKey: f.itemId ? (keyOf.get(f.itemId) ?? null) : null, actions: actions.filter((a) => a.sourceId === f.id) })),
      counts: { results, severities, openActions: actions.filter((a) => OPEN_STATUSES.includes(a.status)).length },
    };
  }

  mayManage(actor: Actor, review: { unitId: string }): boolean {
    return canManageReview(actor, review);
  }

  mayPlan(actor: Actor): boolean {
    return canAnywhere(actor, 'compliance-reviews.manage');
  }

  async sourceChoices(actor: Actor): Promise<Array<{ code: string; name: string }>> {
    if (!canAnywhere(actor, 'compliance-reviews.read')) authorize(actor, 'compliance-reviews.read');
    return new ComplianceReviewRepository(this.db).sources();
  }

  async create(actor: Actor, input: ReviewInput, requestId?: string): Promise<string> {
    if (!canAnywhere(actor, 'compliance-reviews.manage')) authorize(actor, 'compliance-reviews.manage');
    const values = await checkReview(new ComplianceReviewRepository(this.db), input);
    authorizeReviewManage(actor, values);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const { id, reference } = await new ComplianceReviewRepository(trx).insertReview(values, who.label);
      return { result: id, event: { actor: who, action: 'compliance-review.planned', recordType: 'compliance-review', recordId: id, changes: { after: { reference, ...values } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Runs a change on a review in one of the statuses given, with the review locked for the transaction. */
  private async change<T>(
    actor: Actor,
    id: string,
    allowed: readonly ReviewStatus[],
    refusal: string,
    work: (repository: ComplianceReviewRepository, review: ReviewRow, who: ReturnType<typeof auditActorOf>) => Promise<{ result: T; action: string; changes: Record<string, unknown> }>,
    requestId?: string,
  ): Promise<T> {
    const review = await this.find(actor, id);
    authorizeReviewManage(actor, review);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const repository = new ComplianceReviewRepository(trx);
      const locked = await repository.lockReview(review.id);
      if (!locked || !allowed.includes(locked.status)) throw new AppError('invalid_state', refusal);
      const { result, action, changes } = await work(repository, { ...review, status: locked.status }, who);
      return { result, event: { actor: who, action, recordType: 'compliance-review', recordId: review.id, changes, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Starts the review: its checklist is drawn from the requirements in scope as they stand today. */
  async start(actor: Actor, id: string, requestId?: string): Promise<void> {
    const today = this.today();
    const now = this.clock.now();
    await this.change(actor, id, ['planned'], 'This review has already started.', async (repository, review) => {
      const requirements = await repository.requirementsInScope(review, review.requirementKeys);
      if (requirements.length === 0) throw new AppError('invalid_state', 'None of the review’s requirements is active any more: plan a new review of the current requirements.');
      await repository.insertItems(review.id, requirements);
      await repository.startReview(review.id, today, now);
      return { result: undefined, action: 'compliance-review.started', changes: { before: { status: review.status }, after: { status: 'in-progress', startedOn: today, checklist: requirements.map((r) => r.key) } } };
    }, requestId);
  }

  async recordResult(actor: Actor, id: string, itemId: string, input: ResultInput, requestId?: string): Promise<void> {
    const values = checkResult(input);
    const now = this.clock.now();
    requireId(itemId, 'The checklist item');
    await this.change(actor, id, ['in-progress'], 'Results are recorded only while the review is in progress: start it first; a completed review is frozen.', async (repository, review, who) => {
      const item = (await repository.items(review.id)).find((i) => i.id === itemId);
      if (!item) throw notFound('The checklist item');
      await repository.recordResult(item.id, values.result, values.note, who.label, now);
      return { result: undefined, action: 'compliance-review.result-recorded', changes: { before: { key: item.requirementKey, result: item.result, note: item.note }, after: { key: item.requirementKey, ...values } } };
    }, requestId);
  }

  async addFinding(actor: Actor, id: string, input: FindingInput, requestId?: string): Promise<string> {
    return this.change(actor, id, ['in-progress'], 'Findings are raised only while the review is in progress: start it first; a completed review is frozen.', async (repository, review, who) => {
      const values = checkFinding(input, await repository.items(review.id));
      const { id: findingId, number } = await repository.insertFinding(review.id, values, who.label);
      return { result: findingId, action: 'compliance-review.finding-raised', changes: { after: { findingId, number, ...values } } };
    }, requestId);
  }

  /** A remediation action for a finding, on the shared actions register in the review's unit, its source the finding. */
  async addAction(actor: Actor, id: string, findingId: string, input: RemediationInput, requestId?: string): Promise<string> {
    const today = this.today();
    requireId(findingId, 'The finding');
    return this.change(actor, id, ['in-progress'], 'Remediation actions are added while the review is in progress; a completed review is frozen, so follow its actions in the actions register.', async (repository, review, who) => {
      const finding = (await repository.findings(review.id)).find((f) => f.id === findingId);
      if (!finding) throw notFound('The finding');
      const values = await checkRemediation(repository, input, today);
      const { id: actionId, reference } = await new ActionRepository(repository.db).insertAction({
        title: values.title,
        description: `Remediation of finding F${finding.number} (${FINDING_SEVERITY_NAMES[finding.severity].toLowerCase()}) of compliance-review ${review.reference} ${review.title}: ${finding.description}`.slice(0, 4000),
        ownerPersonId: values.ownerPersonId,
        unitId: review.unitId,
        dueOn: values.dueOn,
        source: { type: ACTION_SOURCE, id: finding.id },
        createdBy: who.label,
      });
      return { result: actionId, action: 'compliance-review.action-raised', changes: { after: { actionId, reference, finding: `F${finding.number}`, ...values } } };
    }, requestId);
  }

  /** Completes the review once every checklist item has a result; from then on it is frozen. */
  async complete(actor: Actor, id: string, input: { conclusion: string }, requestId?: string): Promise<void> {
    const conclusion = input.conclusion.trim();
    if (conclusion.length > 4000) throw validationFailed([{ field: 'conclusion', message: 'The conclusion must be 4,000 characters or fewer' }]);
    const today = this.today();
    const now = this.clock.now();
    await this.change(actor, id, ['in-progress'], 'Only a review in progress can be completed.', async (repository, review) => {
      const open = (await repository.items(review.id)).filter((i) => i.result === null);
      if (open.length) {
        const keys = open.slice(0, 5).map((i) => i.requirementKey).join(', ');
        throw validationFailed([{ field: 'conclusion', message: `Record a result for every checklist item first: ${open.length} ${open.length === 1 ? 'has' : 'have'} none (${keys}${open.length > 5 ? ', …' : ''})` }]);
      }
      await repository.completeReview(review.id, today, conclusion, now);
      return { result: undefined, action: 'compliance-review.completed', changes: { before: { status: review.status }, after: { status: 'completed', completedOn: today, conclusion } } };
    }, requestId);
  }

  /** Records the export: the findings' CSV names the actions' owners, and exports of personal data are audited. */
  private exported(actor: Actor, review: ReviewDetails, what: 'checklist' | 'findings', csv: string, rows: number, requestId?: string): Promise<string> {
    return this.audit.write(this.db, async () => ({
      result: csv,
      event: { actor: auditActorOf(actor), action: 'compliance-review.exported', recordType: 'compliance-review', recordId: review.id, metadata: { what, rows, format: 'csv' }, ...(requestId ? { requestId } : {}) },
    }));
  }

  async checklistCsv(actor: Actor, id: string, requestId?: string): Promise<string> {
    const review = await this.get(actor, id);
    const csv = toCsv(
      ['review', 'position', 'requirement key', 'requirement', 'result', 'note', 'recorded by', 'engine open', 'engine covered', 'engine resolved'],
      review.checklist.map((i) => [review.reference, i.position, i.requirementKey, i.requirementText, i.result ? ITEM_RESULT_NAMES[i.result] : '', i.note, i.recordedBy ?? '', i.engine.open, i.engine.covered, i.engine.resolved]),
    );
    return this.exported(actor, review, 'checklist', csv, review.checklist.length, requestId);
  }

  async findingsCsv(actor: Actor, id: string, requestId?: string): Promise<string> {
    const review = await this.get(actor, id);
    const rows = review.findings.flatMap((f) => {
      const base = [review.reference, f.label, FINDING_SEVERITY_NAMES[f.severity], f.itemKey ?? '', f.description];
      return f.actions.length ? f.actions.map((a) => [...base, a.reference, a.title, a.ownerName, a.dueOn, a.status, a.overdue ? 'yes' : 'no']) : [[...base, '', '', '', '', '', '']];
    });
    const csv = toCsv(['review', 'finding', 'severity', 'requirement key', 'description', 'action', 'action title', 'owner', 'due on', 'status', 'overdue'], rows);
    return this.exported(actor, review, 'findings', csv, rows.length, requestId);
  }
}
