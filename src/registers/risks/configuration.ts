// The risk matrix, the bands' acceptance rules and each unit's appetite are the department's data
// (issue 08). Changing a cell re-rates every open risk in the same transaction: a rating that changes is
// recorded in its history, and an acceptance whose rating rose lapses.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, validationFailed } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { RiskAssessor } from './assess.ts';
import { RiskDecisionRepository } from './decision.repository.ts';
import { endAcceptance } from './decisions.ts';
import { RiskMatrixRepository } from './matrix.repository.ts';
import { RiskRepository } from './repository.ts';
import { ratingRoseSince } from './rules.ts';

export class RiskConfigurationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  /** Appetites by unit, for the configuration page. */
  async appetites(actor: Actor): Promise<Array<{ unitId: string; code: string; name: string; parentId: string | null; bandCode: string | null }>> {
    if (!canAnywhere(actor, 'risks.read')) authorize(actor, 'risks.read');
    const repository = new RiskMatrixRepository(this.db);
    const [units, appetites] = await Promise.all([repository.units(), repository.appetites()]);
    return units.map((u) => ({ unitId: u.id, code: u.code, name: u.name, parentId: u.parentId, bandCode: appetites.get(u.id) ?? null })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async setAppetite(actor: Actor, unitCode: string, bandCode: string | null, requestId?: string): Promise<void> {
    const repository = new RiskMatrixRepository(this.db);
    const unit = (await repository.units()).find((u) => u.code === unitCode.trim().toUpperCase());
    if (!unit) throw validationFailed([{ field: 'unit', message: `No unit has the code ${unitCode.trim()}` }]);
    authorize(actor, 'risks.manage', { unitId: unit.id });
    const matrix = await repository.matrix();
    if (bandCode !== null && !matrix.bands.some((b) => b.code === bandCode)) throw validationFailed([{ field: 'band', message: `Choose one of the bands: ${matrix.bands.map((b) => b.name).join(', ')}` }]);
    const before = (await repository.appetites()).get(unit.id) ?? null;
    await this.audit.write(this.db, async (trx) => {
      await new RiskMatrixRepository(trx).setAppetite(unit.id, bandCode, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'risk-appetite.set', recordType: 'organisation-unit', recordId: unit.id, changes: { before: { band: before }, after: { band: bandCode } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async setBandRule(actor: Actor, bandCode: string, input: { acceptingRoleCode: string; ownerMayAccept: boolean; maxAcceptanceMonths: number }, requestId?: string): Promise<void> {
    authorize(actor, 'risks.manage');
    const repository = new RiskMatrixRepository(this.db);
    const [matrix, roles] = await Promise.all([repository.matrix(), repository.roles()]);
    const band = matrix.bands.find((b) => b.code === bandCode);
    if (!band) throw new AppError('not_found', `There is no band ${bandCode}.`);
    const problems = [];
    if (!roles.some((r) => r.code === input.acceptingRoleCode && r.scope !== 'external')) problems.push({ field: 'acceptingRoleCode', message: 'Choose an accountable role of the department' });
    if (!Number.isInteger(input.maxAcceptanceMonths) || input.maxAcceptanceMonths < 1 || input.maxAcceptanceMonths > 60) problems.push({ field: 'maxAcceptanceMonths', message: 'Enter the longest acceptance in whole months, from 1 to 60' });
    if (problems.length > 0) throw validationFailed(problems);
    await this.audit.write(this.db, async (trx) => {
      await new RiskMatrixRepository(trx).setBandRule(band.code, input);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'risk-band.changed', recordType: 'risk-band', changes: { before: band, after: { code: band.code, ...input } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Puts a cell of the matrix in another band (and score), then re-rates every open risk. */
  async setCell(actor: Actor, input: { likelihood: number; impact: number; score: number; bandCode: string }, requestId?: string): Promise<{ rerated: number; lapsed: number }> {
    authorize(actor, 'risks.manage');
    const matrix = await new RiskMatrixRepository(this.db).matrix();
    const cell = matrix.cells.find((c) => c.likelihood === input.likelihood && c.impact === input.impact);
    const problems = [];
    if (!cell) problems.push({ field: 'cell', message: `The matrix has no cell for likelihood ${input.likelihood} and impact ${input.impact}` });
    if (!matrix.bands.some((b) => b.code === input.bandCode)) problems.push({ field: 'bandCode', message: `Choose one of the bands: ${matrix.bands.map((b) => b.name).join(', ')}` });
    if (!Number.isInteger(input.score) || input.score < 0) problems.push({ field: 'score', message: 'Enter the cell’s score as a whole number' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const now = this.clock.now();
      await new RiskMatrixRepository(trx).setCell(input.likelihood, input.impact, input.score, input.bandCode);
      const assessor = await RiskAssessor.load(trx, this.today());
      const risks = new RiskRepository(trx);
      const decisions = new RiskDecisionRepository(trx);
      let rerated = 0;
      let lapsed = 0;
      for (const latest of await risks.latestRatings()) {
        const inherent = assessor.rate(latest.values.il, latest.values.ii);
        const residual = assessor.rate(latest.values.rl, latest.values.ri);
        if (inherent.score === latest.inherentScore && inherent.band.code === latest.inherentBand && residual.score === latest.residualScore && residual.band.code === latest.residualBand) continue;
        rerated++;
        await risks.insertRating(latest.riskId, { inherent: { likelihood: inherent.likelihood, impact: inherent.impact, score: inherent.score, band: inherent.band.code }, residual: { likelihood: residual.likelihood, impact: residual.impact, score: residual.score, band: residual.band.code } }, 'matrix-changed', who.label, now);
        const acceptance = await decisions.acceptanceInForce(latest.riskId);
        const acceptedBand = acceptance && assessor.matrix.bands.find((b) => b.code === acceptance.bandCode);
        if (acceptance && acceptedBand && ratingRoseSince(acceptance.residualScore, acceptedBand.rank, residual)) {
          lapsed++;
          await endAcceptance(trx, this.outbox, { riskId: latest.riskId, acceptanceId: acceptance.id, status: 'lapsed', reason: `The matrix changed: its residual rating is now ${residual.score} (${residual.band.name})`, by: who.label, at: now });
        }
      }
      return { result: { rerated, lapsed }, event: { actor: who, action: 'risk-matrix.changed', recordType: 'risk-matrix', changes: { before: cell, after: input }, metadata: { risksRerated: rerated, acceptancesLapsed: lapsed }, ...(requestId ? { requestId } : {}) } };
    });
  }
}
