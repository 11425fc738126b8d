// Everything the risk rules need, loaded once per operation: the matrix, the unit tree, appetites, the
// accountable roles and who holds them today. `assess` then rates a risk, escalates it and finds who decides.
import type { Executor } from '../../database.ts';
import type { AcceptingAuthority, Escalation, Rating, RiskMatrix, RiskSummary } from './entity.ts';
import { RiskMatrixRepository } from './matrix.repository.ts';
import type { RiskRow } from './repository.ts';
import { acceptingAuthority, escalate, rate, type RoleHolding, type UnitNode } from './rules.ts';

export interface Assessment {
  readonly inherent: Rating;
  readonly residual: Rating;
  readonly escalation: Escalation;
  readonly authority: AcceptingAuthority;
}

/**
 * The matrix and appetites alone: enough to rate a risk and summarise it for a list, without the unit tree
 * and today's role holders (thousands of appointments at department scale) that only `assess` needs.
 */
export class RiskRatings {
  protected constructor(
    readonly matrix: RiskMatrix,
    readonly appetites: ReadonlyMap<string, string>,
  ) {}

  static async loadRatings(db: Executor): Promise<RiskRatings> {
    const repository = new RiskMatrixRepository(db);
    const [matrix, appetites] = await Promise.all([repository.matrix(), repository.appetites()]);
    return new RiskRatings(matrix, appetites);
  }

  summarise(row: RiskRow, acceptedUntil: string | null): RiskSummary {
    const inherent = rate(this.matrix, row.inherentLikelihood, row.inherentImpact);
    const residual = rate(this.matrix, row.residualLikelihood, row.residualImpact);
    const appetite = this.appetites.get(row.unitId);
    const appetiteRank = appetite ? this.matrix.bands.find((b) => b.code === appetite)?.rank : undefined;
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      unitId: row.unitId,
      unitName: row.unitName,
      ownerPersonId: row.ownerPersonId,
      ownerName: row.ownerName,
      inherent,
      residual,
      treatment: row.treatment,
      status: row.status,
      reviewOn: row.reviewOn,
      overAppetite: appetiteRank === undefined || residual.band.rank > appetiteRank,
      acceptedUntil,
    };
  }
}

export class RiskAssessor extends RiskRatings {
  private constructor(
    matrix: RiskMatrix,
    readonly units: ReadonlyArray<UnitNode & { code: string }>,
    appetites: ReadonlyMap<string, string>,
    private readonly holdings: readonly RoleHolding[],
    private readonly roleNames: ReadonlyMap<string, string>,
    private readonly roleScopes: ReadonlyMap<string, string>,
  ) {
    super(matrix, appetites);
  }

  static async load(db: Executor, today: string): Promise<RiskAssessor> {
    const repository = new RiskMatrixRepository(db);
    const [{ matrix, appetites }, units, roles] = await Promise.all([RiskRatings.loadRatings(db), repository.units(), repository.roles()]);
    const roleCodes = [...new Set([...matrix.bands.map((b) => b.acceptingRoleCode), matrix.aboveAppetiteRoleCode])];
    const holdings = await repository.holdings(roleCodes, today);
    return new RiskAssessor(matrix, units, appetites, holdings, new Map(roles.map((r) => [r.code, r.name])), new Map(roles.map((r) => [r.code, r.scope])));
  }

  rate(likelihood: number, impact: number): Rating {
    return rate(this.matrix, likelihood, impact);
  }

  appetiteOf(unitId: string): string | undefined {
    return this.appetites.get(unitId);
  }

  assess(risk: Pick<RiskRow, 'unitId' | 'inherentLikelihood' | 'inherentImpact' | 'residualLikelihood' | 'residualImpact'>, serviceIds: readonly string[]): Assessment {
    const inherent = rate(this.matrix, risk.inherentLikelihood, risk.inherentImpact);
    const residual = rate(this.matrix, risk.residualLikelihood, risk.residualImpact);
    const escalation = escalate(this.matrix, this.units, this.appetites, risk.unitId, residual.band);
    const authority = acceptingAuthority({ matrix: this.matrix, band: residual.band, escalation, units: this.units, holdings: this.holdings, roleNames: this.roleNames, roleScopes: this.roleScopes, serviceIds });
    return { inherent, residual, escalation, authority };
  }
}
