// Links that let a supplier answer its questionnaire without an account (issue 09). A link carries 32
// random bytes (base64url); only their SHA-256 is stored. It expires (14 days unless told otherwise), works
// once (used when the answers are submitted), can be revoked, and a new one revokes the old. Through it the
// supplier sees only its own name and the questionnaire's questions and guidance: not the answer each
// question requires, not its weight, and nothing else in Custodian. A link that does not work, for any
// reason (unknown, used, revoked, expired), gets the same answer, so a guess learns nothing.
import { newToken, sha256 } from '../../access/secrets.ts';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import type { Db } from '../../database.ts';
import type { AuditActor, AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed } from '../../platform/http/errors.ts';
import { accessTo, authorizeManaging } from './assessment-access.ts';
import { AssessmentRepository, type AssessmentRow, type LinkRow } from './assessment.repository.ts';
import { checkAnswers, evaluateAssessment, type GivenAnswer } from './deviations.ts';
import { QuestionnaireRepository, type Questionnaire } from './questionnaire.repository.ts';

export const LINK_DAYS = 14;
export const LINK_DAYS_MAX = 28;
const DAY_MS = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const requestIdOf = (requestId?: string) => (requestId ? { requestId } : {});

/** Said for every link that does not work; the page says the same, whatever the reason. */
export const LINK_GONE = 'This link no longer works. Contact the department that sent it if you still need to answer the questionnaire.';

/** What a supplier sees through its link, and nothing more. */
export interface SupplierQuestionnaire {
  readonly supplierName: string;
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly expiresAt: Date;
  readonly groups: ReadonlyArray<{ readonly title: string; readonly questions: ReadonlyArray<{ readonly id: string; readonly key: string; readonly text: string; readonly guidance: string }> }>;
}

export interface SentLink {
  readonly link: string;
  readonly sentTo: string;
  readonly expiresAt: Date;
}

/** The supplier, as the audit trail names whoever holds the link. */
export const supplierViaLink = (link: LinkRow): AuditActor => ({ type: 'anonymous', id: null, label: `supplier via questionnaire link (sent to ${link.sentTo})` });

export class QuestionnaireLinkService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly publicBaseUrl: string,
  ) {}

  private async managed(actor: Actor, id: string): Promise<AssessmentRow> {
    const row = await new AssessmentRepository(this.db).findAssessment(requireId(id, 'The assessment'));
    if (!row) throw notFound('The assessment');
    authorizeManaging(actor, await accessTo(this.db, actor, row, londonDate(this.clock.now())));
    return row;
  }

  /** Makes a link for the supplier to answer; the link is returned once and never stored. A new link revokes any earlier one. */
  async send(actor: Actor, id: string, input: { sentTo: string; days?: number }, requestId?: string): Promise<SentLink> {
    const row = await this.managed(actor, id);
    if (row.status !== 'in-progress' && row.status !== 'sent-to-supplier') throw new AppError('invalid_state', `${row.reference} is already answered: its questionnaire is not sent again.`);
    const sentTo = input.sentTo.trim().toLowerCase();
    const days = input.days ?? LINK_DAYS;
    const problems = [];
    if (!EMAIL.test(sentTo) || sentTo.length > 254) problems.push({ field: 'sentTo', message: 'Enter the email address of the supplier’s contact, such as security@supplier.example' });
    if (!Number.isInteger(days) || days < 1 || days > LINK_DAYS_MAX) problems.push({ field: 'days', message: `The link lasts from 1 to ${LINK_DAYS_MAX} days` });
    if (problems.length > 0) throw validationFailed(problems);
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + days * DAY_MS);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      const status = await writer.lockAssessment(row.id);
      if (status !== 'in-progress' && status !== 'sent-to-supplier') throw new AppError('conflict', `${row.reference} was answered meanwhile: reload the page.`);
      const replaced = await writer.revokeLinks(row.id, now);
      const linkId = await writer.insertLink({ assessmentId: row.id, tokenSha256: sha256(token), sentTo, expiresAt, createdBy: who.label });
      await writer.setStatus(row.id, 'sent-to-supplier', now);
      return {
        result: { link: `${this.publicBaseUrl}/supplier-questionnaire/${token}`, sentTo, expiresAt },
        event: { actor: who, action: 'supplier-assessment.link-sent', recordType: 'supplier-assessment', recordId: row.id, metadata: { reference: row.reference, linkId, sentTo, expiresAt: expiresAt.toISOString(), replaced }, ...requestIdOf(requestId) },
      };
    });
  }

  /** Revokes the link that is out; the assessment is back in progress, for the assessor to answer. */
  async revoke(actor: Actor, id: string, requestId?: string): Promise<void> {
    const row = await this.managed(actor, id);
    if (row.status !== 'sent-to-supplier') throw new AppError('invalid_state', `${row.reference} has no link out to revoke.`);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      if ((await writer.lockAssessment(row.id)) !== 'sent-to-supplier') throw new AppError('conflict', `${row.reference} was answered meanwhile: reload the page.`);
      const revoked = await writer.revokeLinks(row.id, now);
      await writer.setStatus(row.id, 'in-progress', now);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'supplier-assessment.link-revoked', recordType: 'supplier-assessment', recordId: row.id, metadata: { reference: row.reference, revoked }, ...requestIdOf(requestId) } };
    });
  }

  /** The link's assessment and questionnaire, or not_found (LINK_GONE) for any link that does not work. */
  private async usable(token: string): Promise<{ link: LinkRow; assessment: AssessmentRow; questionnaire: Questionnaire }> {
    const gone = new AppError('not_found', LINK_GONE);
    if (!TOKEN.test(token)) throw gone;
    const repository = new AssessmentRepository(this.db);
    const link = await repository.linkByHash(sha256(token));
    if (!link || link.usedAt || link.revokedAt || link.expiresAt <= this.clock.now()) throw gone;
    const assessment = await repository.findAssessment(link.assessmentId);
    if (!assessment || assessment.status !== 'sent-to-supplier') throw gone;
    return { link, assessment, questionnaire: (await new QuestionnaireRepository(this.db).find(assessment.questionnaireId))! };
  }

  async open(token: string): Promise<SupplierQuestionnaire> {
    const { link, assessment, questionnaire } = await this.usable(token);
    return {
      supplierName: assessment.supplier.name,
      title: questionnaire.title,
      version: questionnaire.version,
      description: questionnaire.description,
      expiresAt: link.expiresAt,
      groups: questionnaire.groups.map((g) => ({ title: g.title, questions: g.questions.map((q) => ({ id: q.id, key: q.key, text: q.text, guidance: q.guidance })) })),
    };
  }

  /** The supplier's answers, all at once: the link is used, and the assessment is evaluated. */
  async submit(token: string, given: ReadonlyMap<string, GivenAnswer>, requestId?: string): Promise<void> {
    const { link, assessment, questionnaire } = await this.usable(token);
    const questions = questionnaire.groups.flatMap((g) => g.questions);
    const { answers, problems } = checkAnswers(questions, given, 'all');
    if (problems.length > 0) throw validationFailed(problems);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const writer = new AssessmentRepository(trx);
      // Two submissions at once, or a revocation meanwhile: only one use of a link ever counts.
      if ((await writer.lockAssessment(assessment.id)) !== 'sent-to-supplier' || !(await writer.useLink(link.id, now))) throw new AppError('not_found', LINK_GONE);
      await writer.saveAnswers(assessment.id, answers, now);
      const evaluation = await evaluateAssessment(trx, { assessmentId: assessment.id, supplierId: assessment.supplier.id, questions, answeredBy: 'supplier', today: londonDate(now), now });
      return {
        result: undefined,
        event: {
          actor: supplierViaLink(link),
          action: 'supplier-assessment.answered-by-supplier',
          recordType: 'supplier-assessment',
          recordId: assessment.id,
          changes: { after: { answers: answers.map((a) => ({ question: questions.find((q) => q.id === a.questionId)!.key, answer: a.answer })) } },
          metadata: { reference: assessment.reference, linkId: link.id, ...(evaluation ? { score: evaluation.score, maxScore: evaluation.maxScore, result: evaluation.result, deviations: evaluation.deviations } : {}) },
          ...requestIdOf(requestId),
        },
      };
    });
  }
}
