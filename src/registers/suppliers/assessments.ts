// Security risk assessments of suppliers (issue 09). An assessment (ASM-0001) puts one questionnaire to
// one supplier. Its life: in progress (the assessor records answers, or a link goes to the supplier) →
// sent to the supplier (a single-use link is out; questionnaire-links.ts) → answered (every question has an
// answer: scored, deviations found; deviations.ts) → completed (every deviation linked to a risk; the
// reassessment date follows the supplier's criticality). Every write: authorize, check, one audited
// transaction, return.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { ActionRepository } from '../actions/repository.ts';
import type { ActionSummary } from '../actions/entity.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { RiskService } from '../risks/service.ts';
import { authorizeSupplierManagement, authorizeSupplierRead } from './access.ts';
import { accessTo, authorizeManaging, authorizeRecording, authorizeSeeing, type AssessmentAccess } from './assessment-access.ts';
import { AssessmentRepository, type AssessmentRow, type DeviationRow, type LinkRow, type SupplierFacts } from './assessment.repository.ts';
import { derivedCriticality, reachOf, reassessmentMonths } from './criticality.ts';
import { checkAnswers, evaluateAssessment, SupplierDeviationService, type Evaluation, type GivenAnswer, type ScoredQuestion } from './deviations.ts';
import type { Answer, AssessmentStatus, Criticality } from './entity.ts';
import { QuestionnaireLinkService } from './questionnaire-links.ts';
import { QuestionnaireRepository, type Question, type Questionnaire } from './questionnaire.repository.ts';

export const STATUS_NAMES: Record<AssessmentStatus, string> = { 'in-progress': 'In progress', 'sent-to-supplier': 'Sent to the supplier', answered: 'Answered', completed: 'Completed' };
const LIST_LIMIT = 200;
const requestIdOf = (requestId?: string) => (requestId ? { requestId } : {});

export type LinkState = 'usable' | 'used' | 'revoked' | 'expired';

export interface AssessmentDetail extends AssessmentRow {
  readonly questionnaire: Pick<Questionnaire, 'id' | 'code' | 'title' | 'version' | 'description'>;
  readonly groups: ReadonlyArray<{ readonly id: string; readonly title: string; readonly questions: ReadonlyArray<Question & { readonly answer: Answer | null; readonly comment: string }> }>;
  readonly questionCount: number;
  readonly answeredCount: number;
  readonly deviations: readonly DeviationRow[];
  readonly links: ReadonlyArray<LinkRow & { readonly state: LinkState }>;
  readonly actions: readonly ActionSummary[];
  readonly criticality: Criticality;
  readonly reassessmentMonths: number;
  readonly access: AssessmentAccess;
}

export interface StartInput {
  readonly supplierId: string;
  readonly questionnaireId: string;
  /** The assessor's email or staff number; blank to leave it to those who manage the supplier. */
  readonly assessor?: string;
}

/** An assessment is completed only when each of its open deviations is linked to a risk: names each one that is not. */
function refuseUnlinked(deviations: readonly DeviationRow[]): void {
  const unlinked = deviations.filter((d) => d.status === 'open' && d.riskId === null);
  if (unlinked.length > 0) throw validationFailed(unlinked.map((d) => ({ field: `deviation-${d.id}`, message: `Link this deviation to a risk before completing the assessment: ${d.description}` })));
}

export const questionsOf = (questionnaire: Questionnaire): ScoredQuestion[] => questionnaire.groups.flatMap((g) => g.questions);

export class SupplierAssessmentService {
  readonly deviations: SupplierDeviationService;
  readonly links: QuestionnaireLinkService;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
    private readonly publicBaseUrl: string,
    risks: RiskService,
  ) {
    this.deviations = new SupplierDeviationService(db, clock, audit, risks);
    this.links = new QuestionnaireLinkService(db, clock, audit, publicBaseUrl);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  /** The assessments the actor is assessing, and those of the suppliers in units where they read suppliers. */
  async list(actor: Actor): Promise<AssessmentRow[]> {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
    return new AssessmentRepository(this.db).listAssessments({ units: unitsWhere(actor, 'suppliers.read'), personId: actor.kind === 'person' ? actor.personId : null }, LIST_LIMIT);
  }

  /** A supplier's assessments, newest first: for the supplier's page. */
  async listForSupplier(actor: Actor, supplierId: string): Promise<AssessmentRow[]> {
    const supplier = await this.supplier(supplierId);
    await authorizeSupplierRead(this.db, actor, supplier, this.today());
    return new AssessmentRepository(this.db).assessmentsOfSupplier(supplier.id);
  }

  /** The supplier an assessment is about to be started for: only those who manage it start one. */
  async supplierToAssess(actor: Actor, supplierId: string): Promise<SupplierFacts> {
    const supplier = await this.supplier(supplierId);
    await authorizeSupplierManagement(this.db, actor, supplier, this.today());
    return supplier;
  }

  private async supplier(id: string | undefined): Promise<SupplierFacts> {
    const supplier = await new AssessmentRepository(this.db).supplier(requireId(id, 'The supplier'));
    if (!supplier) throw notFound('The supplier');
    return supplier;
  }

  private async assessment(id: string): Promise<AssessmentRow> {
    const row = await new AssessmentRepository(this.db).findAssessment(requireId(id, 'The assessment'));
    if (!row) throw notFound('The assessment');
    return row;
  }

  private async assessor(reference: string | undefined, problems: FieldProblem[]): Promise<{ id: string; displayName: string; email: string } | null> {
    if (!reference?.trim()) return null;
    const person = await new PeopleRepository(this.db).findByReference(reference);
    if (!person) problems.push({ field: 'assessor', message: `No one in the people register has the email or staff number ${reference.trim()}` });
    else if (person.status === 'left') problems.push({ field: 'assessor', message: `${person.displayName} has left: choose someone in post to assess` });
    else return person;
    return null;
  }

  async start(actor: Actor, input: StartInput, requestId?: string): Promise<string> {
    const supplier = await this.supplierToAssess(actor, input.supplierId);
    const repository = new AssessmentRepository(this.db);
    const problems: FieldProblem[] = [];
    const questionnaire = /^[0-9a-f-]{36}$/i.test(input.questionnaireId) ? await new QuestionnaireRepository(this.db).find(input.questionnaireId) : undefined;
    if (!questionnaire) problems.push({ field: 'questionnaire', message: 'Choose the questionnaire to put to the supplier' });
    const assessor = await this.assessor(input.assessor, problems);
    if (problems.length > 0) throw validationFailed(problems);
    const open = (await repository.assessmentsOfSupplier(supplier.id)).find((a) => a.status !== 'completed');
    if (open) throw new AppError('conflict', `${supplier.name} already has an open assessment, ${open.reference}: complete it before starting another.`);
    return this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      const reference = await writer.nextReference();
      const id = await writer.insertAssessment({ reference, supplierId: supplier.id, questionnaireId: questionnaire!.id, assessorPersonId: assessor?.id ?? null });
      if (assessor) await this.outbox.queue(this.assignmentMessage(assessor, reference, supplier.name, id), trx);
      return {
        result: id,
        event: {
          actor: auditActorOf(actor),
          action: 'supplier-assessment.started',
          recordType: 'supplier-assessment',
          recordId: id,
          changes: { after: { reference, supplierId: supplier.id, questionnaire: `${questionnaire!.code} ${questionnaire!.version}`, assessorPersonId: assessor?.id ?? null } },
          ...requestIdOf(requestId),
        },
      };
    });
  }

  private assignmentMessage(assessor: { id: string; email: string }, reference: string, supplierName: string, id: string) {
    return { personId: assessor.id, to: assessor.email, subject: `You are assessing ${supplierName} (${reference})`, body: `You are the assessor of ${reference}, the security risk assessment of ${supplierName}. Record its answers here: ${this.publicBaseUrl}/supplier-assessments/${id}` };
  }

  async get(actor: Actor, id: string): Promise<AssessmentDetail> {
    const row = await this.assessment(id);
    const today = this.today();
    const access = await accessTo(this.db, actor, row, today);
    authorizeSeeing(actor, access);
    const repository = new AssessmentRepository(this.db);
    const [questionnaire, answers, deviations, links, reach] = await Promise.all([
      new QuestionnaireRepository(this.db).find(row.questionnaireId),
      repository.answers(row.id),
      repository.deviations(row.id),
      repository.links(row.id),
      reachOf(this.db, [row.supplier.id]),
    ]);
    const given = new Map(answers.map((a) => [a.questionId, a]));
    const groups = questionnaire!.groups.map((g) => ({ ...g, questions: g.questions.map((q) => ({ ...q, answer: given.get(q.id)?.answer ?? null, comment: given.get(q.id)?.comment ?? '' })) }));
    const criticality = row.supplier.criticalityOverride ?? derivedCriticality(reach.get(row.supplier.id)!);
    const now = this.clock.now();
    return {
      ...row,
      questionnaire: { id: questionnaire!.id, code: questionnaire!.code, title: questionnaire!.title, version: questionnaire!.version, description: questionnaire!.description },
      groups,
      questionCount: groups.reduce((n, g) => n + g.questions.length, 0),
      answeredCount: answers.length,
      deviations,
      links: links.map((l) => ({ ...l, state: l.usedAt ? 'used' : l.revokedAt ? 'revoked' : l.expiresAt <= now ? 'expired' : 'usable' })),
      actions: await new ActionRepository(this.db).actionsFor('supplier-deviation', deviations.map((d) => d.id), today),
      criticality,
      reassessmentMonths: await reassessmentMonths(this.db, criticality),
      access,
    };
  }

  /** Assigns (or changes, or removes with a blank) the assessor: the person who records this assessment. */
  async assignAssessor(actor: Actor, id: string, assessorReference: string, requestId?: string): Promise<void> {
    const row = await this.assessment(id);
    authorizeManaging(actor, await accessTo(this.db, actor, row, this.today()));
    if (row.status === 'completed') throw new AppError('invalid_state', `${row.reference} is completed: its assessor can no longer change.`);
    const problems: FieldProblem[] = [];
    const assessor = await this.assessor(assessorReference, problems);
    if (problems.length > 0) throw validationFailed(problems);
    if ((assessor?.id ?? null) === row.assessorPersonId) return;
    await this.audit.write(this.db, async (trx) => {
      await new AssessmentRepository(trx).setAssessor(row.id, assessor?.id ?? null, this.clock.now());
      if (assessor) await this.outbox.queue(this.assignmentMessage(assessor, row.reference, row.supplier.name, row.id), trx);
      return {
        result: undefined,
        event: { actor: auditActorOf(actor), action: 'supplier-assessment.assessor-assigned', recordType: 'supplier-assessment', recordId: row.id, changes: { before: { assessorPersonId: row.assessorPersonId }, after: { assessorPersonId: assessor?.id ?? null } }, ...requestIdOf(requestId) },
      };
    });
  }

  /**
   * Records answers (some or all; unanswered questions wait). Once every question has one, the assessment
   * is evaluated: scored, its deviations found, and it is answered.
   */
  async recordAnswers(actor: Actor, id: string, given: ReadonlyMap<string, GivenAnswer>, requestId?: string): Promise<{ evaluation: Evaluation | null; unanswered: number }> {
    const row = await this.assessment(id);
    authorizeRecording(actor, await accessTo(this.db, actor, row, this.today()));
    if (row.status === 'completed') throw new AppError('invalid_state', `${row.reference} is completed: its answers can no longer change.`);
    if (row.status === 'sent-to-supplier') throw new AppError('invalid_state', `${row.reference} is with the supplier: revoke the link before recording answers yourself.`);
    const questionnaire = (await new QuestionnaireRepository(this.db).find(row.questionnaireId))!;
    const questions = questionsOf(questionnaire);
    const { answers, problems } = checkAnswers(questions, given, 'some');
    if (problems.length > 0) throw validationFailed(problems);
    if (answers.length === 0) throw validationFailed([{ field: 'form', message: 'Choose an answer to at least one question before saving' }]);
    const now = this.clock.now();
    return this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      const status = await writer.lockAssessment(row.id);
      if (status !== row.status) throw new AppError('conflict', `${row.reference} changed while you were answering: reload the page and try again.`);
      await writer.saveAnswers(row.id, answers, now);
      const evaluation = await evaluateAssessment(trx, { assessmentId: row.id, supplierId: row.supplier.id, questions, answeredBy: row.answeredBy ?? 'assessor', today: this.today(), now });
      const unanswered = evaluation ? 0 : questions.length - (await writer.answers(row.id)).length;
      return {
        result: { evaluation, unanswered },
        event: {
          actor: auditActorOf(actor),
          action: 'supplier-assessment.answers-recorded',
          recordType: 'supplier-assessment',
          recordId: row.id,
          changes: { after: { answers: answers.map((a) => ({ question: questions.find((q) => q.id === a.questionId)!.key, answer: a.answer })) } },
          metadata: { reference: row.reference, unanswered, ...(evaluation ? { score: evaluation.score, maxScore: evaluation.maxScore, result: evaluation.result, deviations: evaluation.deviations } : {}) },
          ...requestIdOf(requestId),
        },
      };
    });
  }

  /**
   * Completes the assessment: every question answered and every open deviation linked to a risk. The
   * supplier is next assessed after the interval for its criticality (its override, else the derived one).
   */
  async complete(actor: Actor, id: string, requestId?: string): Promise<void> {
    const row = await this.assessment(id);
    authorizeManaging(actor, await accessTo(this.db, actor, row, this.today()));
    if (row.status === 'completed') throw new AppError('invalid_state', `${row.reference} is already completed.`);
    if (row.status !== 'answered') throw new AppError('invalid_state', `${row.reference} is ${STATUS_NAMES[row.status].toLowerCase()}: every question must be answered before it is completed.`);
    refuseUnlinked(await new AssessmentRepository(this.db).deviations(row.id));
    const today = this.today();
    const criticality = row.supplier.criticalityOverride ?? derivedCriticality((await reachOf(this.db, [row.supplier.id])).get(row.supplier.id)!);
    const reassessOn = addMonths(today, await reassessmentMonths(this.db, criticality));
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      if ((await writer.lockAssessment(row.id)) !== 'answered') throw new AppError('conflict', `${row.reference} changed meanwhile: reload the page and try again.`);
      // A deviation found by an evaluation that ran meanwhile must be linked too.
      refuseUnlinked(await writer.deviations(row.id));
      await writer.complete(row.id, { completedOn: today, reassessOn, completedBy: who.label }, this.clock.now());
      return {
        result: undefined,
        event: { actor: who, action: 'supplier-assessment.completed', recordType: 'supplier-assessment', recordId: row.id, changes: { after: { status: 'completed', completedOn: today, reassessOn } }, metadata: { reference: row.reference, result: row.result, score: row.score, maxScore: row.maxScore, criticality }, ...requestIdOf(requestId) },
      };
    });
  }
}
