// Who may see and change an action. The security team and administrators manage the actions of their
// units (actions.manage); readers (the security team, auditors, holders of accountable roles) see
// those of their units (actions.read); and everyone sees and updates the actions they own
// (actions.edit-own), wherever those belong.
import type { Actor } from '../../access/actor.ts';
import { can, unitsWhere } from '../../access/authorize.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { ActionSummary } from './entity.ts';
import type { ActionVisibility } from './repository.ts';

type Owned = Pick<ActionSummary, 'ownerPersonId' | 'unitId'>;

export const ownsAction = (actor: Actor, action: Owned): boolean => actor.kind === 'person' && actor.personId === action.ownerPersonId;

export const canManageAction = (actor: Actor, action: Pick<ActionSummary, 'unitId'>): boolean => can(actor, 'actions.manage', { unitId: action.unitId });

// Seeing one's own action needs no more than being its owner: a read-only API token holds no write
// actions such as actions.edit-own, yet its holder may still read what is theirs.
export const canSeeAction = (actor: Actor, action: Owned): boolean => ownsAction(actor, action) || can(actor, 'actions.read', { unitId: action.unitId }) || canManageAction(actor, action);

export const canRecordProgress = (actor: Actor, action: Owned): boolean => canManageAction(actor, action) || (ownsAction(actor, action) && can(actor, 'actions.edit-own', { unitId: action.unitId }));

/** What the actor may see in lists: every action of the units they read, and their own. */
export function visibilityOf(actor: Actor): ActionVisibility {
  const units = unitsWhere(actor, 'actions.read');
  return { unitIds: units, personId: actor.kind === 'person' ? actor.personId : null };
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

/** Lists and exports are open to anyone signed in, read-only tokens too: they hold only what the reader may see. */
export function authorizeListing(actor: Actor): void {
  if (actor.kind === 'anonymous') refuse(actor, 'Sign in to continue.');
}

export function authorizeSeeing(actor: Actor, action: Owned): void {
  if (!canSeeAction(actor, action)) refuse(actor, 'You can see only the actions you own, or those of the units whose actions you may read. Ask the security team if you need to see this one.');
}

export function authorizeProgress(actor: Actor, action: Owned): void {
  if (!canRecordProgress(actor, action)) refuse(actor, 'Only the owner of the action, or the security team of its unit, may record its progress.');
}
