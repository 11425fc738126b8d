// Who may see whose training: everyone their own, a line manager their reports', and those who read
// training (the security team, auditors, appointees) across their units.
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { TraineeRow } from './repository.ts';

export function canSeeTraining(actor: Actor, person: TraineeRow): boolean {
  if (can(actor, 'training.read', { unitId: person.unitId })) return true;
  if (actor.kind !== 'person' || !can(actor, 'training.view-own')) return false;
  return actor.personId === person.id || actor.personId === person.lineManagerId;
}
