// CAF self-assessments (GovAssure): start one for a critical service against a profile, pre-filled from
// the registers; assessors record each contributing outcome with its indicators; submit; the security
// team completes it, and it is frozen. The gap to the profile's targets and the CSV export are read
// from the same details. Every write: authorize, check, one transaction with its audit event.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere, unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { BUILT_IN_CAF } from '../frameworks/built-in.ts';
import { ACHIEVEMENT_NAMES } from '../frameworks/entity.ts';
import { ACHIEVEMENT_LEVELS, PROFILES, type AchievementLevel, type GovAssureProfile } from '../frameworks/formats/parsed.ts';
import { authorizeAssess, authorizeAssessmentManage, authorizeAssessmentRead, authorizeRefresh, canAssess, canManageAssessment } from './access.ts';
import { GAP_NAMES, type AssessmentDetails, type AssessmentSummary, type OutcomeInput, type OutcomeResult, type StartInput } from './entity.ts';
import { gapOf, gapSummary } from './gap.ts';
import { outline, prefill } from './outline.ts';
import { CafAssessmentRepository } from './repository.ts';

const MAX_ASSESSORS = 10;

/** The people named as assessors (email or staff number), each found once; a problem for each not found. */
async function checkAssessors(repository: CafAssessmentRepository, assessors: readonly string[], problems: FieldProblem[]): Promise<string[]> {
  const ids: string[] = [];
  const named = [...new Set(assessors.map((a) => a.trim()).filter((a) => a !== ''))];
  if (named.length === 0) problems.push({ field: 'assessors', message: 'Enter the email or staff number of at least one assessor' });
  else if (named.length > MAX_ASSESSORS) problems.push({ field: 'assessors', message: `Assign at most ${MAX_ASSESSORS} assessors` });
  for (const name of named.slice(0, MAX_ASSESSORS)) {
    const person = await repository.personByReference(name);
    if (!person) problems.push({ field: 'assessors', message: `No one in the people register has the email or staff number ${name}` });
    else if (!ids.includes(person.id)) ids.push(person.id);
  }
  return ids;
}
const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

export class CafAssessmentService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly outbox: NotificationOutbox,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  private async find(id: string): Promise<AssessmentSummary> {
    const assessment = await new CafAssessmentRepository(this.db).findAssessment(requireId(id, 'The CAF self-assessment'));
    if (!assessment) throw notFound('The CAF self-assessment');
    return assessment;
  }

  /** The assessments the reader may see: all in the units where they read them, and those they assess. */
  async list(actor: Actor): Promise<AssessmentSummary[]> {
    if (!canAnywhere(actor, 'caf-assessments.read')) authorize(actor, 'caf-assessments.assess');
    const personId = actor.kind === 'person' ? actor.personId : null;
    return new CafAssessmentRepository(this.db).listAssessments({ units: unitsWhere(actor, 'caf-assessments.read'), personId });
  }

  async get(actor: Actor, id: string): Promise<AssessmentDetails> {
    const assessment = await this.find(id);
    authorizeAssessmentRead(actor, assessment);
    const repository = new CafAssessmentRepository(this.db);
    const [outcomes, rows, answers, evidence, targets] = await Promise.all([
      outline(this.db, assessment.frameworkId),
      repository.outcomeRows(assessment.id),
      repository.indicatorAnswers(assessment.id),
      repository.evidence(assessment.id),
      repository.targets(assessment.frameworkId, assessment.profile),
    ]);
    const rowOf = new Map(rows.map((r) => [r.requirementId, r]));
    const results: OutcomeResult[] = outcomes.map((o) => {
      const row = rowOf.get(o.id);
      const status = row?.status ?? null;
      const target = targets.get(o.id) ?? null;
      return {
        requirementId: o.id, key: o.key, title: o.title, text: o.text, objectiveKey: o.objectiveKey, objectiveTitle: o.objectiveTitle, principleKey: o.principleKey, principleTitle: o.principleTitle,
        target, status, justification: row?.justification ?? '', source: row?.source ?? null, proposedStatus: row?.proposedStatus ?? null, proposedJustification: row?.proposedJustification ?? '',
        answeredBy: row?.answeredBy ?? null, answeredAt: row?.answeredAt ?? null, gap: gapOf(status, target),
        indicators: o.indicators.map((i) => ({ ...i, met: answers.get(i.id) ?? null })),
        evidence: evidence.get(o.id) ?? [],
      };
    });
    const { byObjective, totals } = gapSummary(results);
    return { ...assessment, outcomes: results, gapByObjective: byObjective, totals };
  }

  async outcome(actor: Actor, id: string, key: string): Promise<{ assessment: AssessmentDetails; outcome: OutcomeResult }> {
    const assessment = await this.get(actor, id);
    const outcome = assessment.outcomes.find((o) => o.key === key);
    if (!outcome) throw notFound(`The contributing outcome ${key}`);
    return { assessment, outcome };
  }

  mayManage(actor: Actor, assessment: AssessmentSummary): boolean {
    return canManageAssessment(actor, assessment);
  }

  mayAssess(actor: Actor, assessment: AssessmentSummary): boolean {
    return canAssess(actor, assessment);
  }

  async start(actor: Actor, input: StartInput, requestId?: string): Promise<string> {
    authorize(actor, 'caf-assessments.manage');
    const repository = new CafAssessmentRepository(this.db);
    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string) => problems.push({ field, message });
    const reference = input.service.trim();
    const service = reference ? await repository.serviceByReference(reference) : undefined;
    if (!reference) problem('service', 'Enter the reference of the technology service to assess, such as SVC-0001');
    else if (!service) problem('service', `No technology service has the reference ${reference}`);
    else if (service.criticality !== 'critical') {
      problem('service', `${service.reference} ${service.name} is of ${service.criticality} criticality: GovAssure self-assessments are of critical services. If it is critical, change its criticality on its page first`);
    } else if ((await repository.findByService(service.id)).some((a) => a.status !== 'completed')) {
      problem('service', `${service.reference} already has a CAF self-assessment that is not completed: finish that one first`);
    }
    if (!isOneOf(PROFILES, input.profile)) problem('profile', 'Choose the GovAssure profile to assess against: Baseline or Enhanced');
    const dueOn = input.dueOn.trim();
    if (!isRealDate(dueOn)) problem('dueOn', 'Enter the date the assessment is due, such as 2027-03-31');
    else if (dueOn < this.today()) problem('dueOn', 'The due date must be today or later');
    const assessorIds = await checkAssessors(repository, input.assessors, problems);
    if (problems.length) throw validationFailed(problems);
    authorizeAssessmentManage(actor, { unitId: service!.unitId });
    const framework = await repository.frameworkByCode(BUILT_IN_CAF.code);
    if (!framework) throw new AppError('invalid_state', 'The NCSC CAF is not loaded: import it on the frameworks page first.');
    const outcomes = await outline(this.db, framework.id);
    const who = auditActorOf(actor);
    const now = this.clock.now();
    const today = this.today();
    const values = { frameworkId: framework.id, serviceId: service!.id, unitId: service!.unitId, profile: input.profile as GovAssureProfile, dueOn, startedBy: who.label };
    return this.audit.write(this.db, async (trx) => {
      const trxRepository = new CafAssessmentRepository(trx);
      if (await trxRepository.hasOpenAssessmentLocked(service!.id)) throw validationFailed([{ field: 'service', message: `${service!.reference} already has a CAF self-assessment that is not completed: finish that one first` }]);
      const proposals = await prefill(trx, framework.id, service!.id, outcomes, today);
      const { id, reference: ref } = await trxRepository.insertAssessment(values, outcomes.map((o) => o.id), assessorIds);
      for (const [outcomeId, proposal] of proposals) await trxRepository.applyProposal(id, outcomeId, proposal, now);
      await trxRepository.markPrefilled(id, now);
      const prefilled = [...proposals.values()].filter((p) => p.status !== null).length;
      return {
        result: id,
        event: { actor: who, action: 'caf-assessment.started', recordType: 'caf-assessment', recordId: id, changes: { after: { reference: ref, ...values, assessorIds } }, metadata: { outcomes: outcomes.length, prefilled }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  /** The security team changes who assesses an assessment in progress: the list given replaces the one held. */
  async assignAssessors(actor: Actor, id: string, assessors: readonly string[], requestId?: string): Promise<void> {
    const assessment = await this.find(id);
    authorizeAssessmentManage(actor, assessment);
    if (assessment.status !== 'in-progress') throw new AppError('invalid_state', 'Assessors can be changed only while the assessment is in progress.');
    const problems: FieldProblem[] = [];
    const personIds = await checkAssessors(new CafAssessmentRepository(this.db), assessors, problems);
    if (problems.length) throw validationFailed(problems);
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      await new CafAssessmentRepository(trx).replaceAssessors(assessment.id, personIds, who.label, this.clock.now());
      return {
        result: undefined,
        event: { actor: who, action: 'caf-assessment.assessors-changed', recordType: 'caf-assessment', recordId: assessment.id, changes: { before: { assessorIds: assessment.assessors.map((a) => a.personId) }, after: { assessorIds: personIds } }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  /** Runs the pre-fill again: proposals and evidence are replaced; answers an assessor gave are kept. */
  async refreshPrefill(actor: Actor, id: string, requestId?: string): Promise<{ prefilled: number }> {
    const assessment = await this.find(id);
    authorizeRefresh(actor, assessment);
    const outcomes = await outline(this.db, assessment.frameworkId);
    const now = this.clock.now();
    const today = this.today();
    return this.audit.write(this.db, async (trx) => {
      const proposals = await prefill(trx, assessment.frameworkId, assessment.serviceId, outcomes, today);
      const repository = new CafAssessmentRepository(trx);
      for (const [outcomeId, proposal] of proposals) await repository.applyProposal(assessment.id, outcomeId, proposal, now);
      await repository.markPrefilled(assessment.id, now);
      const prefilled = [...proposals.values()].filter((p) => p.status !== null).length;
      return { result: { prefilled }, event: { actor: auditActorOf(actor), action: 'caf-assessment.prefilled', recordType: 'caf-assessment', recordId: assessment.id, metadata: { prefilled }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** An assessor's answer for one outcome: its status and justification, and each indicator met or not. */
  async recordOutcome(actor: Actor, id: string, key: string, input: OutcomeInput, requestId?: string): Promise<void> {
    const { assessment, outcome } = await this.outcome(actor, id, key);
    authorizeAssess(actor, assessment);
    const problems: FieldProblem[] = [];
    const status = input.status === 'not-assessed' ? null : isOneOf(ACHIEVEMENT_LEVELS, input.status) ? input.status : undefined;
    if (status === undefined) problems.push({ field: 'status', message: 'Choose the outcome’s status: achieved, partially achieved, not achieved or not assessed' });
    const justification = input.justification.trim();
    if (status && justification === '') problems.push({ field: 'justification', message: 'Say why the outcome has this status: what you saw and where the evidence is' });
    if (justification.length > 4000) problems.push({ field: 'justification', message: 'Keep the justification to 4,000 characters or fewer' });
    const known = new Map(outcome.indicators.map((i) => [i.key, i.id]));
    const unknown = Object.keys(input.indicators).filter((k) => !known.has(k));
    if (unknown.length) problems.push({ field: 'indicators', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not an indicator' : 'are not indicators'} of ${outcome.key}: use the keys shown with its indicators` });
    if (problems.length) throw validationFailed(problems);
    const indicators = new Map(outcome.indicators.map((i) => [i.id, input.indicators[i.key] === true]));
    const who = auditActorOf(actor);
    const now = this.clock.now();
    const confirmation = outcome.source === 'registers' ? (status === outcome.proposedStatus ? 'confirmed' : 'overridden') : null;
    await this.audit.write(this.db, async (trx) => {
      await new CafAssessmentRepository(trx).recordOutcome(assessment.id, outcome.requirementId, { status: status ?? null, justification, indicators }, who.label, now);
      return {
        result: undefined,
        event: {
          actor: who, action: 'caf-assessment.outcome-recorded', recordType: 'caf-assessment', recordId: assessment.id,
          changes: { before: { key, status: outcome.status, justification: outcome.justification, source: outcome.source }, after: { key, status: status ?? null, justification, indicators: Object.fromEntries(outcome.indicators.map((i) => [i.key, indicators.get(i.id)])) } },
          metadata: { outcome: key, ...(confirmation ? { registersProposal: confirmation } : {}) },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  /** The assessors hand it in: every outcome must have a status. Their answers are frozen from here. */
  async submit(actor: Actor, id: string, requestId?: string): Promise<void> {
    const assessment = await this.get(actor, id);
    authorizeAssess(actor, assessment);
    const unassessed = assessment.outcomes.filter((o) => o.status === null);
    if (unassessed.length) {
      const keys = unassessed.slice(0, 5).map((o) => o.key).join(', ');
      throw validationFailed([{ field: 'outcomes', message: `Assess every contributing outcome before submitting: ${unassessed.length} ${unassessed.length === 1 ? 'is' : 'are'} not assessed yet (${keys}${unassessed.length > 5 ? ', …' : ''})` }]);
    }
    await this.changeStatus(actor, assessment, 'submitted', requestId);
  }

  /** The security team accepts a submitted assessment: it is completed and frozen. */
  async complete(actor: Actor, id: string, requestId?: string): Promise<void> {
    const assessment = await this.get(actor, id);
    authorizeAssessmentManage(actor, assessment);
    if (assessment.status !== 'submitted') throw new AppError('invalid_state', assessment.status === 'completed' ? 'This CAF self-assessment is already completed.' : 'The assessors submit the assessment first; then it can be completed.');
    await this.changeStatus(actor, assessment, 'completed', requestId);
  }

  private async changeStatus(actor: Actor, assessment: AssessmentDetails, status: 'submitted' | 'completed', requestId?: string): Promise<void> {
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      await new CafAssessmentRepository(trx).setStatus(assessment.id, status, who.label, now);
      return {
        result: undefined,
        event: { actor: who, action: `caf-assessment.${status}`, recordType: 'caf-assessment', recordId: assessment.id, changes: { before: { status: assessment.status }, after: { status } }, metadata: { ...assessment.totals }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  /** Every outcome with its target, status, gap, justification and evidence, one row each. */
  async exportCsv(actor: Actor, id: string): Promise<{ reference: string; csv: string }> {
    const assessment = await this.get(actor, id);
    const level = (l: AchievementLevel | null) => (l ? ACHIEVEMENT_NAMES[l] : '');
    const rows = assessment.outcomes.map((o) => [
      `${o.objectiveKey} ${o.objectiveTitle}`, `${o.principleKey} ${o.principleTitle}`, o.key, o.title, o.target ? level(o.target) : 'No target set', o.status ? level(o.status) : 'Not assessed',
      GAP_NAMES[o.gap], o.source === 'registers' ? 'From the registers, not confirmed' : o.source === 'assessor' ? `Assessor (${o.answeredBy ?? ''})` : '', o.justification,
      o.indicators.filter((i) => i.met === true).map((i) => i.key).join(' '),
      o.evidence.map((e) => `${e.supports ? 'For' : 'Against'}: ${e.label}: ${e.detail}`).join('\n'),
    ]);
    return {
      reference: assessment.reference,
      csv: toCsv(['objective', 'principle', 'outcome', 'title', 'target', 'status', 'gap', 'answered by', 'justification', 'indicators met', 'evidence'], rows),
    };
  }
}
