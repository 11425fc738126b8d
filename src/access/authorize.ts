// One decision point for who may do what. Every service calls authorize() before anything else.
// Issue 03 adds appointments (an IAO on their asset) and assignments as further sources of access.
import { AppError } from '../platform/http/errors.ts';
import type { Actor } from './actor.ts';
import { ACTIONS, roleAllows, type Action } from './catalogue.ts';

/** What an action is done to. `unitId` undefined: a thing of the whole service (accounts, the audit trail). */
export interface Resource {
  readonly unitId?: string | null;
}

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous') return false;
  if (actor.readOnly && ACTIONS[action].kind !== 'read') return false;
  return actor.grants.some((grant) => {
    if (!roleAllows(grant.role, action)) return false;
    if (resource.unitId === undefined || resource.unitId === null) return grant.atRoot;
    return grant.unitIds.has(resource.unitId);
  });
}

export function authorize(actor: Actor, action: Action, resource: Resource = {}): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  if (!can(actor, action, resource)) {
    const readOnly = actor.kind === 'person' && actor.readOnly && ACTIONS[action].kind !== 'read';
    throw new AppError(
      'forbidden',
      readOnly
        ? 'This API token is read-only: create a token without --read-only to make changes.'
        : `You do not have permission to ${ACTIONS[action].description.charAt(0).toLowerCase()}${ACTIONS[action].description.slice(1)}. Ask an administrator if you need it.`,
    );
  }
}

/** Whether the actor may do the action somewhere: the check a route makes before its service checks the record. */
export function canAnywhere(actor: Actor, action: Action): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous') return false;
  if (actor.readOnly && ACTIONS[action].kind !== 'read') return false;
  return actor.grants.some((grant) => roleAllows(grant.role, action));
}

/**
 * The units in which the actor may do the action, or 'all' when they may do it everywhere: lets a list
 * show a person what they may see instead of refusing them the whole list.
 */
export function unitsWhere(actor: Actor, action: Action): 'all' | string[] {
  if (can(actor, action, {})) return 'all';
  if (actor.kind !== 'person' || (actor.readOnly && ACTIONS[action].kind !== 'read')) return [];
  return [...new Set(actor.grants.filter((g) => roleAllows(g.role, action)).flatMap((g) => [...g.unitIds]))];
}
