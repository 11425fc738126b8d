// Who may see and change a risk: the security team (risks.manage) and readers (risks.read) in the risk's
// units; the risk's owner (risks.edit-own); and the person who would decide it (its accepting authority),
// who must see what they are asked to accept.
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AcceptingAuthority } from './entity.ts';

interface RiskAccessSubject {
  readonly unitId: string;
  readonly ownerPersonId: string;
}

const personOf = (actor: Actor): string | null => (actor.kind === 'person' ? actor.personId : null);

export function canManageRisk(actor: Actor, risk: RiskAccessSubject): boolean {
  return can(actor, 'risks.manage', { unitId: risk.unitId });
}

export function canEditRisk(actor: Actor, risk: RiskAccessSubject): boolean {
  return canManageRisk(actor, risk) || (can(actor, 'risks.edit-own', { unitId: risk.unitId }) && personOf(actor) === risk.ownerPersonId);
}

export function canReadRisk(actor: Actor, risk: RiskAccessSubject, authority?: AcceptingAuthority): boolean {
  if (can(actor, 'risks.read', { unitId: risk.unitId }) || canEditRisk(actor, risk)) return true;
  const personId = personOf(actor);
  return personId !== null && authority !== undefined && authority.holders.some((h) => h.personId === personId);
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export function authorizeRiskRead(actor: Actor, risk: RiskAccessSubject, authority?: AcceptingAuthority): void {
  if (!canReadRisk(actor, risk, authority)) refuse(actor, 'Only the security team, the risk’s owner and the person who decides it may see this risk.');
}

export function authorizeRiskEdit(actor: Actor, risk: RiskAccessSubject): void {
  if (!canEditRisk(actor, risk)) refuse(actor, 'Only the risk’s owner or the security team may change this risk.');
}
