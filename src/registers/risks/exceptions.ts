// Exceptions to requirements (issue 08): that a requirement need not be met for a service, an asset or a
// unit, backed by a risk. It is decided under the same rules as the risk's acceptance (the same person,
// an expiry within the band's maximum) and only while that risk is accepted; it lapses with the acceptance.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, isId, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { authorizeRiskEdit, authorizeRiskRead } from './access.ts';
import { RiskAssessor } from './assess.ts';
import { RiskDecisionRepository } from './decision.repository.ts';
import { EXCEPTION_SCOPES, type ExceptionScope, type ExceptionStatus, type RequirementException } from './entity.ts';
import { RiskRepository } from './repository.ts';
import { refusalToDecide } from './rules.ts';

export interface ExceptionRequest {
  /** A policy statement's key (SISP-007) or framework:key (ncsc-caf:B2.a). */
  readonly requirement: string;
  readonly scopeType: string;
  /** The service's or asset's reference, or the unit's code. */
  readonly scope: string;
  readonly riskId: string;
  readonly justification: string;
}

export class RequirementExceptionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  async list(actor: Actor, filter: { status?: ExceptionStatus; riskId?: string } = {}): Promise<RequirementException[]> {
    // Readers see the exceptions in their units: a SIRO at an agency reads the agency's.
    if (!canAnywhere(actor, 'risks.read')) authorize(actor, 'risks.read');
    const rows = await new RiskDecisionRepository(this.db).listExceptions(filter, this.today());
    return rows.filter((e) => can(actor, 'risks.read', { unitId: e.unitId }));
  }

  async get(actor: Actor, id: string): Promise<RequirementException> {
    const exception = await new RiskDecisionRepository(this.db).findException(requireId(id, 'The exception'), this.today());
    if (!exception) throw notFound('The exception');
    // Whoever decides the backing risk must see the exception they are asked to grant.
    const risks = new RiskRepository(this.db);
    const risk = (await risks.findRisk(exception.riskId))!;
    const links = await risks.links(risk.id);
    const { authority } = (await RiskAssessor.load(this.db, this.today())).assess(risk, links.services.map((s) => s.id));
    authorizeRiskRead(actor, risk, authority);
    return exception;
  }

  /** Asked for by the backing risk's owner or the security team; it waits for a decision. */
  async request(actor: Actor, input: ExceptionRequest, requestId?: string): Promise<string> {
    const risks = new RiskRepository(this.db);
    const risk = isId(input.riskId) ? await risks.findRisk(input.riskId) : undefined;
    if (risk) authorizeRiskEdit(actor, risk);
    else authorize(actor, 'risks.edit-own');
    const problems: FieldProblem[] = [];
    if (!risk) problems.push({ field: 'riskId', message: 'Choose the risk that backs the exception: an exception exists only with its accepted risk' });
    const [requirement] = input.requirement.trim() ? await risks.requirementsByCitation([input.requirement.trim()]) : [];
    if (!requirement) problems.push({ field: 'requirement', message: input.requirement.trim() ? `${input.requirement.trim()} is not a requirement: give a policy statement’s key (SISP-007) or framework:key (ncsc-caf:B2.a)` : 'Enter the requirement that need not be met' });
    else if (requirement.status === 'retired') problems.push({ field: 'requirement', message: `${input.requirement.trim()} is retired: it no longer needs an exception` });
    const scopeType = (EXCEPTION_SCOPES as readonly string[]).includes(input.scopeType) ? (input.scopeType as ExceptionScope) : null;
    if (!scopeType) problems.push({ field: 'scopeType', message: 'Choose whether the exception is for a technology service, an information asset or a unit' });
    const scopeId = scopeType ? await this.scopeId(scopeType, input.scope.trim()) : undefined;
    if (scopeType && !scopeId) problems.push({ field: 'scope', message: input.scope.trim() ? `No ${scopeType === 'unit' ? 'unit has the code' : `${scopeType === 'service' ? 'technology service' : 'information asset'} has the reference`} ${input.scope.trim()}` : 'Enter what the exception is for' });
    if (input.justification.trim() === '') problems.push({ field: 'justification', message: 'Say why the requirement cannot be met' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const decisions = new RiskDecisionRepository(trx);
      const reference = await decisions.nextExceptionReference();
      const id = await decisions.insertException({ reference, requirementId: requirement!.id, scopeType: scopeType!, scopeId: scopeId!, riskId: risk!.id, justification: input.justification.trim(), requestedByPersonId: actor.kind === 'person' ? actor.personId : null });
      return { result: id, event: { actor: who, action: 'exception.requested', recordType: 'requirement-exception', recordId: id, changes: { after: { reference, requirement: input.requirement.trim(), scopeType, scope: input.scope.trim(), risk: risk!.reference } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  private async scopeId(scopeType: ExceptionScope, reference: string): Promise<string | undefined> {
    if (reference === '') return undefined;
    const risks = new RiskRepository(this.db);
    if (scopeType === 'unit') return (await risks.unitByCodeOrId(reference))?.id;
    if (scopeType === 'service') return (await risks.servicesByReference([reference]))[0]?.id;
    return (await risks.assetsByReference([reference]))[0]?.id;
  }

  /** Decided by whoever decides the backing risk, only while the risk is accepted, and for no longer. */
  async decide(actor: Actor, id: string, input: { outcome: string; justification: string; expiresOn?: string }, requestId?: string): Promise<void> {
    authorize(actor, 'risks.accept');
    if (actor.kind !== 'person') throw new AppError('forbidden', 'An exception is decided by a person holding the accepting role.');
    const today = this.today();
    const decisions = new RiskDecisionRepository(this.db);
    const exception = await decisions.findException(requireId(id, 'The exception'), today);
    if (!exception) throw notFound('The exception');
    if (exception.status !== 'requested') throw new AppError('invalid_state', `The exception is ${exception.status.replace('-', ' ')}: only a requested exception is decided`);
    const risks = new RiskRepository(this.db);
    const risk = (await risks.findRisk(exception.riskId))!;
    const links = await risks.links(risk.id);
    const assessment = (await RiskAssessor.load(this.db, today)).assess(risk, links.services.map((s) => s.id));
    const refusal = refusalToDecide(assessment.authority, actor.personId, risk.ownerPersonId, assessment.residual.band.name);
    if (refusal) throw new AppError('forbidden', refusal);
    const outcome = input.outcome === 'accepted' || input.outcome === 'rejected' ? input.outcome : null;
    const problems: FieldProblem[] = [];
    if (!outcome) problems.push({ field: 'outcome', message: 'Choose whether you grant or refuse the exception' });
    if (input.justification.trim() === '') problems.push({ field: 'justification', message: 'Give the justification for your decision' });
    const acceptance = await decisions.acceptanceInForce(risk.id);
    if (outcome === 'accepted' && !acceptance) {
      problems.push({ field: 'outcome', message: `${risk.reference} is not accepted: an exception is granted only while the risk behind it is formally accepted. Decide the risk first` });
    }
    const expiresOn = outcome === 'accepted' ? (input.expiresOn ?? '').trim() : null;
    if (outcome === 'accepted' && acceptance) {
      const latest = [acceptance.expiresOn, addMonths(today, assessment.residual.band.maxAcceptanceMonths)].sort()[0]!;
      if (!expiresOn || !isRealDate(expiresOn)) problems.push({ field: 'expiresOn', message: 'Enter the date the exception ends, as YYYY-MM-DD' });
      else if (expiresOn <= today) problems.push({ field: 'expiresOn', message: 'The exception must end after today' });
      else if (expiresOn > latest) problems.push({ field: 'expiresOn', message: `The exception cannot outlast the risk’s acceptance or the band’s maximum: choose ${latest} or earlier` });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    const personId = actor.personId;
    await this.audit.write(this.db, async (trx) => {
      const writer = new RiskDecisionRepository(trx);
      const now = this.clock.now();
      const snapshot = { exception: exception.reference, requirement: exception.requirementKey, scope: `${exception.scopeType} ${exception.scopeName}`, risk: risk.reference, residual: { score: assessment.residual.score, band: assessment.residual.band.code }, acceptanceExpiresOn: acceptance?.expiresOn ?? null };
      const decisionId = await writer.insertDecision({ kind: 'requirement-exception', recordType: 'requirement-exception', recordId: exception.id, personId, label: who.label, roleHeld: assessment.authority.roleName, outcome: outcome!, reason: input.justification.trim(), snapshot, at: now });
      await writer.decideException(exception.id, { status: outcome === 'accepted' ? 'in-force' : 'rejected', decisionId, personId, expiresOn }, now);
      return { result: undefined, event: { actor: who, action: outcome === 'accepted' ? 'exception.granted' : 'exception.refused', recordType: 'requirement-exception', recordId: exception.id, metadata: { decisionId, expiresOn, risk: risk.reference }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async revoke(actor: Actor, id: string, reason: string, requestId?: string): Promise<void> {
    const exception = await this.get(actor, id);
    const risk = (await new RiskRepository(this.db).findRisk(exception.riskId))!;
    authorizeRiskEdit(actor, risk);
    if (exception.status !== 'in-force') throw new AppError('invalid_state', 'Only an exception in force can be revoked');
    if (reason.trim() === '') throw validationFailed([{ field: 'reason', message: 'Say why the exception is revoked' }]);
    await this.audit.write(this.db, async (trx) => {
      await new RiskDecisionRepository(trx).endException(exception.id, 'revoked', reason.trim(), this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'exception.revoked', recordType: 'requirement-exception', recordId: exception.id, metadata: { reason: reason.trim() }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async exportCsv(actor: Actor): Promise<string> {
    const rows = await this.list(actor);
    return toCsv(
      ['reference', 'requirement', 'scope type', 'scope', 'risk', 'status', 'in force', 'expires on', 'justification'],
      rows.map((e) => [e.reference, e.requirementKey, e.scopeType, e.scopeName, e.riskReference, e.status, e.inForce ? 'yes' : 'no', e.expiresOn ?? '', e.justification]),
    );
  }
}
