// Scoring an assessment and the deviations it finds (issue 09).
//
// The rule. Only questions with a required answer are scored; a question asked for information is not.
//   score     = the weights of the required questions answered as required
//   max score = the weights of the required questions not answered "not applicable"
// "Not applicable" takes a question out of the score (it is neither met nor unmet) and must say why.
// The result: "does not meet" when the score is under PASS_MARK_PERCENT of the max score; otherwise
// "meets" when there are no deviations, and "meets with deviations" when there are. A deviation is each
// required answer not met, each of the supplier's certificates expired on the day of the evaluation, and
// each control the supplier should apply but does not. Every deviation must be linked to a risk before
// the assessment is completed; remediation is tracked as actions raised from the deviation.
import { auditActorOf, systemActor, type Actor } from '../../access/actor.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditActor, AuditEventInput, AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { ActionRepository } from '../actions/repository.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { PeopleRepository } from '../people/repository.ts';
import { canEditRisk, canReadRisk } from '../risks/access.ts';
import type { RiskService } from '../risks/service.ts';
import { accessTo, authorizeManaging, authorizeRecording } from './assessment-access.ts';
import { AssessmentRepository, type AssessmentRow, type DeviationRow, type FoundDeviation } from './assessment.repository.ts';
import { SUPPLIER_RECORD_TYPE, type Answer, type AssessmentResult } from './entity.ts';

export const PASS_MARK_PERCENT = 80;
/** A risk raised from a deviation is reviewed this many months on: soon, while its treatment is agreed. */
export const RAISED_RISK_REVIEW_MONTHS = 3;
export const RESULT_NAMES: Record<AssessmentResult, string> = { meets: 'Meets', 'meets-with-deviations': 'Meets with deviations', 'does-not-meet': 'Does not meet' };

const requestIdOf = (requestId?: string) => (requestId ? { requestId } : {});

export interface ScoredQuestion {
  readonly id: string;
  readonly key: string;
  readonly text: string;
  readonly requiredAnswer: 'yes' | 'no' | null;
  readonly weight: number;
}

export interface Scoring {
  readonly score: number;
  readonly maxScore: number;
  readonly unmet: readonly ScoredQuestion[];
  readonly unanswered: readonly ScoredQuestion[];
}

export function scoreAnswers(questions: readonly ScoredQuestion[], answers: ReadonlyMap<string, Answer>): Scoring {
  let score = 0;
  let maxScore = 0;
  const unmet: ScoredQuestion[] = [];
  const unanswered: ScoredQuestion[] = [];
  for (const question of questions) {
    const answer = answers.get(question.id);
    if (!answer) unanswered.push(question);
    if (!answer || question.requiredAnswer === null || answer === 'not-applicable') continue;
    maxScore += question.weight;
    if (answer === question.requiredAnswer) score += question.weight;
    else unmet.push(question);
  }
  return { score, maxScore, unmet, unanswered };
}

export function resultOf(score: number, maxScore: number, deviations: number): AssessmentResult {
  if (maxScore > 0 && score * 100 < PASS_MARK_PERCENT * maxScore) return 'does-not-meet';
  return deviations === 0 ? 'meets' : 'meets-with-deviations';
}

export interface GivenAnswer {
  readonly answer: string;
  readonly comment: string;
}

const COMMENT_MAX = 2000;

/**
 * Checks answers as a form gives them (question id → answer and comment). `all`: every question must be
 * answered, as when a supplier submits; otherwise unanswered questions are left for later. A required
 * question answered "not applicable" must say why, since it is then left out of the score.
 */
export function checkAnswers(questions: readonly ScoredQuestion[], given: ReadonlyMap<string, GivenAnswer>, mode: 'all' | 'some'): { answers: Array<{ questionId: string; answer: Answer; comment: string }>; problems: FieldProblem[] } {
  const answers: Array<{ questionId: string; answer: Answer; comment: string }> = [];
  const problems: FieldProblem[] = [];
  for (const question of questions) {
    const answer = given.get(question.id)?.answer.trim() ?? '';
    const comment = given.get(question.id)?.comment.trim() ?? '';
    if (answer === '') {
      if (mode === 'all') problems.push({ field: `answer-${question.id}`, message: `Answer ${question.key}: yes, no or not applicable` });
      continue;
    }
    if (answer !== 'yes' && answer !== 'no' && answer !== 'not-applicable') {
      problems.push({ field: `answer-${question.id}`, message: `Choose yes, no or not applicable for ${question.key}` });
      continue;
    }
    if (comment.length > COMMENT_MAX) problems.push({ field: `comment-${question.id}`, message: `The comment on ${question.key} must be ${COMMENT_MAX} characters or fewer` });
    else if (answer === 'not-applicable' && question.requiredAnswer !== null && comment === '') problems.push({ field: `comment-${question.id}`, message: `Say why ${question.key} does not apply` });
    else answers.push({ questionId: question.id, answer, comment });
  }
  return { answers, problems };
}

export interface Evaluation {
  readonly score: number;
  readonly maxScore: number;
  readonly result: AssessmentResult;
  readonly deviations: { readonly added: number; readonly resolved: number; readonly removed: number; readonly found: number };
}

const ANSWER_WORDS: Record<Answer, string> = { yes: 'yes', no: 'no', 'not-applicable': 'not applicable' };

/**
 * Evaluates an assessment inside the caller's transaction once every question has an answer: the score,
 * the result and the deviations (found again each time, so evaluating twice adds nothing). Returns null,
 * leaving the assessment in progress, while any question is unanswered.
 */
export async function evaluateAssessment(trx: Tx, input: { assessmentId: string; supplierId: string; questions: readonly ScoredQuestion[]; answeredBy: 'assessor' | 'supplier'; today: string; now: Date }): Promise<Evaluation | null> {
  const repository = new AssessmentRepository(trx);
  const answers = new Map((await repository.answers(input.assessmentId)).map((a) => [a.questionId, a.answer]));
  const scoring = scoreAnswers(input.questions, answers);
  if (scoring.unanswered.length > 0) return null;
  const [certificates, controls] = await Promise.all([repository.expiredCertifications(input.supplierId, input.today), repository.unappliedControls(input.supplierId)]);
  const found: FoundDeviation[] = [
    ...scoring.unmet.map((q) => ({ kind: 'answer' as const, subjectId: q.id, description: `${q.key}: ${q.text} Answered “${ANSWER_WORDS[answers.get(q.id)!]}”; “${q.requiredAnswer}” is required.` })),
    ...certificates.map((c) => ({ kind: 'certificate' as const, subjectId: c.id, description: `${c.schemeName} certificate ${c.certificateNumber} expired on ${c.expiresOn}.` })),
    ...controls.map((c) => ({ kind: 'control' as const, subjectId: c.id, description: `${c.code} ${c.title}: the supplier should apply this control and does not.` })),
  ];
  const reconciled = await repository.reconcileDeviations(input.assessmentId, input.supplierId, found, input.now);
  const result = resultOf(scoring.score, scoring.maxScore, found.length);
  await repository.setEvaluation(input.assessmentId, { status: 'answered', answeredBy: input.answeredBy, score: scoring.score, maxScore: scoring.maxScore, result }, input.now);
  return { score: scoring.score, maxScore: scoring.maxScore, result, deviations: { ...reconciled, found: found.length } };
}

export interface RaisedRiskInput {
  readonly title: string;
  readonly likelihood: number;
  readonly impact: number;
}

export interface DeviationActionInput {
  readonly title: string;
  /** The owner's email address or staff number. */
  readonly owner: string;
  readonly dueOn: string;
  readonly description?: string;
}

/** Linking deviations to risks, and raising actions to remedy them. */
export class SupplierDeviationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly risks: RiskService,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  private async load(actor: Actor, deviationId: string): Promise<{ deviation: DeviationRow; assessment: AssessmentRow; access: Awaited<ReturnType<typeof accessTo>> }> {
    const repository = new AssessmentRepository(this.db);
    const deviation = await repository.findDeviation(requireId(deviationId, 'The deviation'));
    const assessment = deviation?.assessmentId ? await repository.findAssessment(deviation.assessmentId) : undefined;
    if (!deviation || !assessment) throw notFound('The deviation');
    return { deviation, assessment, access: await accessTo(this.db, actor, assessment, this.today()) };
  }

  private linkable(deviation: DeviationRow, assessment: AssessmentRow): void {
    if (assessment.status === 'completed') throw new AppError('invalid_state', `${assessment.reference} is completed: its deviations’ risks can no longer be changed.`);
    if (deviation.status !== 'open') throw new AppError('invalid_state', 'This deviation was resolved when the assessment was evaluated again: it needs no risk.');
  }

  /** Links the deviation to an existing risk by its reference (RISK-0001); the risk is linked to the supplier too. */
  async linkToRisk(actor: Actor, deviationId: string, riskReference: string, requestId?: string): Promise<void> {
    const { deviation, assessment, access } = await this.load(actor, deviationId);
    authorizeRecording(actor, access);
    this.linkable(deviation, assessment);
    const reference = riskReference.trim().toUpperCase();
    if (reference === '') throw validationFailed([{ field: 'riskReference', message: 'Enter the reference of the risk, such as RISK-0001' }]);
    const risk = await new AssessmentRepository(this.db).riskByReference(reference);
    // One answer for a risk that does not exist and one the actor may not see: references give nothing away.
    if (!risk || !canReadRisk(actor, risk)) throw validationFailed([{ field: 'riskReference', message: `No risk you can see has the reference ${reference}: check it, or raise a new risk from the deviation` }]);
    if (risk.status === 'closed') throw validationFailed([{ field: 'riskReference', message: `${risk.reference} is closed: link the deviation to an open risk` }]);
    await this.recordLink(actor, deviation, assessment, { id: risk.id, reference: risk.reference }, false, requestId);
  }

  /**
   * Raises a new risk from the deviation, in the supplier's unit and owned by the supplier's SRO, and links
   * it. An assessor who may not add risks for the SRO raises it on the assessment's behalf: the risk is
   * recorded as created for the assessment, and the link's event names the assessor.
   */
  async raiseRisk(actor: Actor, deviationId: string, input: RaisedRiskInput, requestId?: string): Promise<string> {
    const { deviation, assessment, access } = await this.load(actor, deviationId);
    authorizeRecording(actor, access);
    this.linkable(deviation, assessment);
    const today = this.today();
    const sro = (await new AppointmentRepository(this.db).recordHolders(SUPPLIER_RECORD_TYPE, [assessment.supplier.id], today)).get(assessment.supplier.id)?.get('senior-responsible-officer');
    if (!sro) throw validationFailed([{ field: 'form', message: `${assessment.supplier.name} has no Senior Responsible Officer: appoint one first, because a risk raised from a deviation is theirs to own` }]);
    const riskActor = canEditRisk(actor, { unitId: assessment.supplier.unitId, ownerPersonId: sro.personId }) ? actor : systemActor(`${auditActorOf(actor).label}, assessing ${assessment.reference}`);
    const who = auditActorOf(actor);
    try {
      // The risk, its link to the deviation and to the supplier, and both events: one transaction.
      return await this.risks.create(
        riskActor,
        {
          title: input.title,
          description: `${deviation.description}\n\nRaised from supplier assessment ${assessment.reference} of ${assessment.supplier.name} (${assessment.supplier.reference}).`,
          unit: assessment.supplier.unitId,
          owner: sro.email ?? '',
          inherentLikelihood: input.likelihood,
          inherentImpact: input.impact,
          residualLikelihood: input.likelihood,
          residualImpact: input.impact,
          treatment: 'reduce',
          reviewOn: addMonths(today, RAISED_RISK_REVIEW_MONTHS),
          suppliers: [assessment.supplier.reference],
        },
        requestId,
        async (trx, risk) => {
          await this.link(trx, deviation, assessment, risk.id);
          await this.audit.record(trx, this.linkEvent(who, deviation, assessment, risk, true, requestId));
        },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') {
        // Inherent and residual are one rating here: each of its mistakes is said once.
        const problems = error.problems.map(asRiskFormProblem);
        throw validationFailed(problems.filter((p, i) => p.field === 'form' || problems.findIndex((q) => q.field === p.field) === i));
      }
      throw error;
    }
  }

  private async recordLink(actor: Actor, deviation: DeviationRow, assessment: AssessmentRow, risk: { id: string; reference: string }, created: boolean, requestId?: string): Promise<void> {
    await this.audit.write(this.db, async (trx) => {
      await this.link(trx, deviation, assessment, risk.id);
      return { result: undefined, event: this.linkEvent(auditActorOf(actor), deviation, assessment, risk, created, requestId) };
    });
  }

  private async link(trx: Tx, deviation: DeviationRow, assessment: AssessmentRow, riskId: string): Promise<void> {
    const writer = new AssessmentRepository(trx);
    if ((await writer.lockAssessment(assessment.id)) === 'completed') throw new AppError('invalid_state', `${assessment.reference} was completed meanwhile: its deviations’ risks can no longer be changed.`);
    await writer.linkDeviation(deviation.id, riskId, this.clock.now());
    await writer.linkRiskToSupplier(riskId, assessment.supplier.id);
  }

  private linkEvent(who: AuditActor, deviation: DeviationRow, assessment: AssessmentRow, risk: { id: string; reference: string }, created: boolean, requestId?: string): AuditEventInput {
    return {
      actor: who,
      action: 'supplier-deviation.linked-to-risk',
      recordType: 'supplier-deviation',
      recordId: deviation.id,
      changes: { before: { riskId: deviation.riskId }, after: { riskId: risk.id } },
      metadata: { assessment: assessment.reference, supplierId: assessment.supplier.id, risk: risk.reference, riskCreated: created },
      ...requestIdOf(requestId),
    };
  }


  /** Adds an action to remedy the deviation, in the shared actions register, in the supplier's unit. */
  async addAction(actor: Actor, deviationId: string, input: DeviationActionInput, requestId?: string): Promise<string> {
    const { deviation, assessment, access } = await this.load(actor, deviationId);
    authorizeManaging(actor, access);
    const problems: FieldProblem[] = [];
    const title = input.title.trim();
    if (title === '') problems.push({ field: 'actionTitle', message: 'Enter what is to be done' });
    else if (title.length > 200) problems.push({ field: 'actionTitle', message: 'The action must be 200 characters or fewer' });
    const owner = input.owner.trim() ? await new PeopleRepository(this.db).findByReference(input.owner) : undefined;
    if (!owner) problems.push({ field: 'actionOwner', message: input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the action owner’s email or staff number' });
    const dueOn = input.dueOn.trim();
    if (!isRealDate(dueOn)) problems.push({ field: 'actionDueOn', message: 'Enter the due date as YYYY-MM-DD' });
    else if (dueOn < this.today()) problems.push({ field: 'actionDueOn', message: 'The due date cannot be in the past' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const action = await new ActionRepository(trx).insertAction({ title, description: input.description?.trim() ?? '', ownerPersonId: owner!.id, unitId: assessment.supplier.unitId, dueOn, source: { type: 'supplier-deviation', id: deviation.id }, createdBy: who.label });
      return {
        result: action.id,
        event: { actor: who, action: 'action.created', recordType: 'action', recordId: action.id, metadata: { reference: action.reference, source: { type: 'supplier-deviation', id: deviation.id, assessment: assessment.reference, supplierId: assessment.supplier.id } }, ...requestIdOf(requestId) },
      };
    });
  }
}

/** The risk form's problems, in the words of the deviation's form. */
function asRiskFormProblem(problem: FieldProblem): FieldProblem {
  if (problem.field === 'title') return { field: 'riskTitle', message: problem.message };
  if (/Likelihood$/.test(problem.field)) return { field: 'likelihood', message: problem.message };
  if (/Impact$/.test(problem.field)) return { field: 'impact', message: problem.message };
  return { field: 'form', message: problem.message };
}
