// Who may see and change a continuity plan: the security team in the plan's unit (continuity.manage),
// and the plan's owner (continuity.edit-own), who manages their plan and records its exercises.
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { AppError } from '../../platform/http/errors.ts';

interface PlanAccessSubject {
  readonly unitId: string;
  readonly ownerPersonId: string;
}

const personOf = (actor: Actor): string | null => (actor.kind === 'person' ? actor.personId : null);

export function canManagePlan(actor: Actor, plan: PlanAccessSubject): boolean {
  return can(actor, 'continuity.manage', { unitId: plan.unitId }) || (can(actor, 'continuity.edit-own', { unitId: plan.unitId }) && personOf(actor) === plan.ownerPersonId);
}

export function canReadPlan(actor: Actor, plan: PlanAccessSubject): boolean {
  return can(actor, 'continuity.read', { unitId: plan.unitId }) || canManagePlan(actor, plan);
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export function authorizePlanRead(actor: Actor, plan: PlanAccessSubject): void {
  if (!canReadPlan(actor, plan)) refuse(actor, 'Only the security team and the plan’s owner may see this continuity plan.');
}

export function authorizePlanManage(actor: Actor, plan: PlanAccessSubject): void {
  if (!canManagePlan(actor, plan)) refuse(actor, 'Only the plan’s owner or the security team may change this continuity plan or record its exercises.');
}
