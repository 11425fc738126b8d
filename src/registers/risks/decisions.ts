// Formal decisions on risks (issue 08): accepted or rejected by the holder of the accepting role for the
// residual band at the level the risk is escalated to, with a justification, conditions, an expiry within
// the band's maximum and a frozen snapshot. An acceptance ends when it expires, when the rating rises
// after it, or when it is revoked; then the risk is back in review, its exceptions lapse and its owner is told.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { canManageRisk } from './access.ts';
import { RiskAssessor } from './assess.ts';
import { RiskDecisionRepository } from './decision.repository.ts';
import type { RiskSummary } from './entity.ts';
import { RiskRepository, type RiskRow } from './repository.ts';
import { refusalToDecide } from './rules.ts';

export interface DecisionInput {
  readonly outcome: string;
  readonly justification: string;
  readonly conditions?: string;
  /** Required to accept: YYYY-MM-DD, after today and no later than the band allows. */
  readonly expiresOn?: string;
}

/** Ends a risk's acceptance inside the caller's transaction: the risk goes back to review, its exceptions lapse, its owner is told. */
export async function endAcceptance(trx: Tx, outbox: NotificationOutbox, input: { riskId: string; acceptanceId: string; status: 'expired' | 'revoked' | 'lapsed'; reason: string; by: string; at: Date }): Promise<string[]> {
  const decisions = new RiskDecisionRepository(trx);
  await decisions.endAcceptance(input.acceptanceId, input.status, input.reason, input.by, input.at);
  const lapsed = await decisions.lapseExceptionsOf(input.riskId, `The risk’s acceptance ${input.status === 'revoked' ? 'was revoked' : input.status}: ${input.reason}`, input.at);
  const risks = new RiskRepository(trx);
  await risks.setStatus(input.riskId, 'in-review', input.at);
  const risk = await risks.findRisk(input.riskId);
  if (risk?.ownerEmail) {
    await outbox.queue(
      {
        personId: risk.ownerPersonId,
        to: risk.ownerEmail,
        subject: `${risk.reference} is back in review: its acceptance ${input.status === 'revoked' ? 'was revoked' : input.status}`,
        body: `${risk.reference} ${risk.title}\n\n${input.reason}.\n\nReview the risk and its treatment, then ask for a new decision.${lapsed.length > 0 ? ` ${lapsed.length} exception(s) it backed are no longer in force.` : ''}`,
      },
      trx,
    );
  }
  return lapsed;
}

export class RiskDecisionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  private async load(id: string): Promise<{ row: RiskRow; serviceIds: string[] }> {
    const repository = new RiskRepository(this.db);
    const row = await repository.findRisk(requireId(id, 'The risk'));
    if (!row) throw notFound('The risk');
    const links = await repository.links(row.id);
    return { row, serviceIds: links.services.map((s) => s.id) };
  }

  async decide(actor: Actor, riskId: string, input: DecisionInput, requestId?: string): Promise<string> {
    authorize(actor, 'risks.accept');
    if (actor.kind !== 'person') throw new AppError('forbidden', 'A risk is decided by a person holding the accepting role, not by the system.');
    const { row, serviceIds } = await this.load(riskId);
    const today = this.today();
    const assessor = await RiskAssessor.load(this.db, today);
    const assessment = assessor.assess(row, serviceIds);
    const band = assessment.residual.band;
    const refusal = refusalToDecide(assessment.authority, actor.personId, row.ownerPersonId, band.name);
    if (refusal) throw new AppError('forbidden', refusal);
    const current = await new RiskDecisionRepository(this.db).acceptanceInForce(row.id);
    if (row.status === 'closed') throw new AppError('invalid_state', 'The risk is closed: there is nothing to decide');
    if (current) throw new AppError('invalid_state', `The risk is already accepted until ${current.expiresOn}: revoke that acceptance first to decide again`);

    const problems: FieldProblem[] = [];
    const outcome = input.outcome === 'accepted' || input.outcome === 'rejected' ? input.outcome : null;
    if (!outcome) problems.push({ field: 'outcome', message: 'Choose whether you accept or reject the risk' });
    const justification = input.justification.trim();
    if (justification === '') problems.push({ field: 'justification', message: 'Give the justification for your decision: it is kept with the decision' });
    const latest = addMonths(today, band.maxAcceptanceMonths);
    const expiresOn = outcome === 'accepted' ? (input.expiresOn ?? '').trim() : null;
    if (outcome === 'accepted') {
      if (!expiresOn || !isRealDate(expiresOn)) problems.push({ field: 'expiresOn', message: 'Enter the date the acceptance ends, as YYYY-MM-DD: an acceptance always ends' });
      else if (expiresOn <= today) problems.push({ field: 'expiresOn', message: 'The acceptance must end after today' });
      else if (expiresOn > latest) problems.push({ field: 'expiresOn', message: `A ${band.name.toLowerCase()} risk may be accepted for at most ${band.maxAcceptanceMonths} months: choose ${latest} or earlier` });
    }
    if (problems.length > 0) throw validationFailed(problems);

    const links = await new RiskRepository(this.db).links(row.id);
    const snapshot = {
      reference: row.reference,
      title: row.title,
      unit: row.unitName,
      owner: row.ownerName,
      inherent: { likelihood: assessment.inherent.likelihood, impact: assessment.inherent.impact, score: assessment.inherent.score, band: assessment.inherent.band.code },
      residual: { likelihood: assessment.residual.likelihood, impact: assessment.residual.impact, score: assessment.residual.score, band: band.code },
      treatment: row.treatment,
      escalation: assessment.escalation,
      controls: links.controls.map((c) => c.code),
      services: links.services.map((s) => s.reference),
      assets: links.assets.map((a) => a.reference),
      requirements: links.requirements.map((r) => (r.framework ? `${r.framework}:${r.key}` : r.key)),
    };
    const who = auditActorOf(actor);
    const personId = actor.personId;
    return this.audit.write(this.db, async (trx) => {
      const decisions = new RiskDecisionRepository(trx);
      const now = this.clock.now();
      const decisionId = await decisions.insertDecision({ kind: 'risk-acceptance', recordType: 'risk', recordId: row.id, personId, label: who.label, roleHeld: assessment.authority.roleName, outcome: outcome!, reason: justification, snapshot, at: now });
      const acceptanceId = await decisions.insertAcceptance({ riskId: row.id, decisionId, outcome: outcome!, bandCode: band.code, roleCode: assessment.authority.roleCode, unitId: assessment.escalation.decidingUnit.id, personId, justification, conditions: input.conditions?.trim() ?? '', expiresOn });
      await new RiskRepository(trx).setStatus(row.id, outcome === 'accepted' ? 'accepted' : 'open', now);
      return { result: acceptanceId, event: { actor: who, action: outcome === 'accepted' ? 'risk.accepted' : 'risk.rejected', recordType: 'risk', recordId: row.id, metadata: { decisionId, role: assessment.authority.roleName, band: band.code, expiresOn, level: assessment.escalation.decidingUnit.name }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Revoked by whoever may decide the risk now, or by the security team. */
  async revoke(actor: Actor, riskId: string, reason: string, requestId?: string): Promise<void> {
    authorize(actor, 'risks.accept');
    const { row, serviceIds } = await this.load(riskId);
    const assessment = (await RiskAssessor.load(this.db, this.today())).assess(row, serviceIds);
    const personId = actor.kind === 'person' ? actor.personId : null;
    if (!canManageRisk(actor, row) && !assessment.authority.holders.some((h) => h.personId === personId)) throw new AppError('forbidden', `Only the ${assessment.authority.roleName} who decides this risk, or the security team, may revoke its acceptance`);
    const acceptance = await new RiskDecisionRepository(this.db).acceptanceInForce(row.id);
    if (!acceptance) throw new AppError('invalid_state', 'The risk has no acceptance in force to revoke');
    if (reason.trim() === '') throw validationFailed([{ field: 'reason', message: 'Say why the acceptance is revoked' }]);
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      const lapsed = await endAcceptance(trx, this.outbox, { riskId: row.id, acceptanceId: acceptance.id, status: 'revoked', reason: reason.trim(), by: who.label, at: this.clock.now() });
      return { result: undefined, event: { actor: who, action: 'risk.acceptance-revoked', recordType: 'risk', recordId: row.id, metadata: { acceptanceId: acceptance.id, reason: reason.trim(), exceptionsLapsed: lapsed }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Risks awaiting a decision that the actor is the one to take. */
  async queue(actor: Actor): Promise<RiskSummary[]> {
    authorize(actor, 'risks.accept');
    if (actor.kind !== 'person') return [];
    const repository = new RiskRepository(this.db);
    const { rows } = await repository.listRisks({ status: 'awaiting-decision' }, { units: 'all', personId: null }, this.today(), { limit: 1000, offset: 0 });
    // Who decides needs today's role holders: loaded only when some risk awaits a decision.
    if (rows.length === 0) return [];
    const assessor = await RiskAssessor.load(this.db, this.today());
    const mine: RiskSummary[] = [];
    for (const row of rows) {
      const links = await repository.links(row.id);
      const { authority } = assessor.assess(row, links.services.map((s) => s.id));
      if (authority.holders.some((h) => h.personId === actor.personId)) mine.push(assessor.summarise(row, null));
    }
    return mine;
  }

  /** Whether anyone may see the queue link: only those who could ever decide. */
  mayDecide(actor: Actor): boolean {
    return canAnywhere(actor, 'risks.accept');
  }

  /**
   * The daily sweep: acceptances past their expiry end and their risks go back to review; exceptions past
   * their own expiry end. One audit event for the sweep, naming what it ended.
   */
  async reviewSweep(): Promise<{ acceptances: number; exceptions: number }> {
    const today = this.today();
    const decisions = new RiskDecisionRepository(this.db);
    const [expired, expiredExceptions] = await Promise.all([decisions.expiredAcceptances(today), decisions.expiredExceptions(today)]);
    if (expired.length === 0 && expiredExceptions.length === 0) return { acceptances: 0, exceptions: 0 };
    const label = 'scheduled review';
    return this.audit.write(this.db, async (trx) => {
      const now = this.clock.now();
      for (const acceptance of expired) await endAcceptance(trx, this.outbox, { riskId: acceptance.riskId, acceptanceId: acceptance.id, status: 'expired', reason: 'The acceptance reached its end date', by: label, at: now });
      for (const id of expiredExceptions) await new RiskDecisionRepository(trx).endException(id, 'expired', 'The exception reached its end date', now);
      return {
        result: { acceptances: expired.length, exceptions: expiredExceptions.length },
        // No record id: the sweep ends many, so the compliance watcher re-checks every risk rule.
        event: { actor: { type: 'system', id: null, label }, action: 'risks.review-sweep', recordType: 'risk', metadata: { acceptancesExpired: expired.map((a) => a.id), exceptionsExpired: expiredExceptions, on: today } },
      };
    });
  }
}
