// The risk rules as pure functions over data (issue 08): rating on the matrix, escalation up the unit
// tree to the nearest appetite that holds a rating, who holds the accepting role there, and whether a
// decision may stand. The service loads the data and writes; these decide.
import type { AcceptingAuthority, Band, Escalation, Rating, RiskMatrix } from './entity.ts';

export class MatrixError extends Error {}

export function rate(matrix: RiskMatrix, likelihood: number, impact: number): Rating {
  const cell = matrix.cells.find((c) => c.likelihood === likelihood && c.impact === impact);
  if (!cell) throw new MatrixError(`The matrix has no cell for likelihood ${likelihood} and impact ${impact}`);
  const band = matrix.bands.find((b) => b.code === cell.bandCode);
  if (!band) throw new MatrixError(`The matrix names a band ${cell.bandCode} that does not exist`);
  return { likelihood, impact, score: cell.score, band };
}

export function bandByCode(matrix: RiskMatrix, code: string): Band | undefined {
  return matrix.bands.find((b) => b.code === code);
}

export interface UnitNode {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

/** The unit and its ancestors, nearest first (a loop in the data ends the walk rather than hanging it). */
export function unitPath(units: readonly UnitNode[], unitId: string): UnitNode[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: UnitNode[] = [];
  for (let unit = byId.get(unitId); unit && !path.includes(unit); unit = unit.parentId ? byId.get(unit.parentId) : undefined) path.push(unit);
  return path;
}

/**
 * A residual rating is held by the nearest unit, from the risk's own upwards, whose appetite reaches its
 * band. Held by its own unit, the risk is not escalated; held by no unit, it is above appetite and goes to
 * the top of the tree.
 */
export function escalate(matrix: RiskMatrix, units: readonly UnitNode[], appetites: ReadonlyMap<string, string>, unitId: string, residual: Band): Escalation {
  const path = unitPath(units, unitId);
  const top = path[path.length - 1];
  if (!top) throw new MatrixError('The risk’s unit is not in the organisation');
  const holder = path.find((unit) => {
    const appetite = appetites.get(unit.id);
    const max = appetite ? bandByCode(matrix, appetite) : undefined;
    return max !== undefined && max.rank >= residual.rank;
  });
  const decidingUnit = holder ?? top;
  return {
    escalated: holder?.id !== unitId,
    holdingUnit: holder ? { id: holder.id, name: holder.name } : null,
    decidingUnit: { id: decidingUnit.id, name: decidingUnit.name },
    aboveAppetite: holder === undefined,
  };
}

export interface RoleHolding {
  readonly roleCode: string;
  /** Set for a unit appointment. */
  readonly unitId: string | null;
  /** Set for an appointment on a record (a technology service's SRO). */
  readonly recordId: string | null;
  readonly personId: string;
  readonly name: string;
}

/**
 * Who may decide: the band's accepting role (or the above-appetite role), held at the deciding unit or its
 * nearest ancestor that has a holder; a role held on records (an SRO) is looked for on the risk's
 * technology services. Deputies count as holders.
 */
export function acceptingAuthority(input: {
  readonly matrix: RiskMatrix;
  readonly band: Band;
  readonly escalation: Escalation;
  readonly units: readonly UnitNode[];
  readonly holdings: readonly RoleHolding[];
  readonly roleNames: ReadonlyMap<string, string>;
  readonly roleScopes: ReadonlyMap<string, string>;
  readonly serviceIds: readonly string[];
}): AcceptingAuthority {
  const roleCode = input.escalation.aboveAppetite ? input.matrix.aboveAppetiteRoleCode : input.band.acceptingRoleCode;
  const base = { roleCode, roleName: input.roleNames.get(roleCode) ?? roleCode, ownerMayAccept: input.band.ownerMayAccept, maxAcceptanceMonths: input.band.maxAcceptanceMonths };
  if (input.roleScopes.get(roleCode) === 'record') {
    const holders = input.holdings.filter((h) => h.roleCode === roleCode && h.recordId !== null && input.serviceIds.includes(h.recordId));
    return { ...base, heldAt: holders.length > 0 ? 'the risk’s technology services' : null, holders: unique(holders) };
  }
  for (const unit of unitPath(input.units, input.escalation.decidingUnit.id)) {
    const holders = input.holdings.filter((h) => h.roleCode === roleCode && h.unitId === unit.id);
    if (holders.length > 0) return { ...base, heldAt: unit.name, holders: unique(holders) };
  }
  return { ...base, heldAt: null, holders: [] };
}

function unique(holdings: readonly RoleHolding[]): Array<{ personId: string; name: string }> {
  const seen = new Map<string, string>();
  for (const h of holdings) if (!seen.has(h.personId)) seen.set(h.personId, h.name);
  return [...seen].map(([personId, name]) => ({ personId, name }));
}

/** Why this person may not decide on the risk, or null when they may. */
export function refusalToDecide(authority: AcceptingAuthority, personId: string, riskOwnerPersonId: string, bandName: string): string | null {
  if (authority.holders.length === 0) return `No one holds the ${authority.roleName} role where this risk is decided: appoint one first`;
  if (!authority.holders.some((h) => h.personId === personId)) {
    return `A ${bandName.toLowerCase()} risk at this level is decided by the ${authority.roleName} (${authority.holders.map((h) => h.name).join(', ')}), not by you`;
  }
  if (personId === riskOwnerPersonId && !authority.ownerMayAccept) return `You own this risk, and a ${bandName.toLowerCase()} risk may not be accepted by its owner: the decision needs another holder of the ${authority.roleName} role`;
  return null;
}

/** An acceptance stops holding when the residual rating rises above what was accepted. */
export function ratingRoseSince(acceptedScore: number, acceptedBandRank: number, now: Rating): boolean {
  return now.score > acceptedScore || now.band.rank > acceptedBandRank;
}
