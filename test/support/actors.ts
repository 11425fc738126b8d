// Actors for service tests, shaped as a session would load them, without going through sign-in.
import type { PersonActor } from '../../src/access/actor.ts';
import type { AccessRole } from '../../src/access/catalogue.ts';

/** A signed-in person holding `roles` at `rootUnitId` and so for every unit in `unitIds`. */
export function personActor(personId: string, roles: readonly AccessRole[], rootUnitId: string, unitIds: Iterable<string>, options: { readOnly?: boolean } = {}): PersonActor {
  const held = new Set(unitIds);
  return {
    kind: 'person',
    accountId: personId,
    personId,
    displayName: 'Someone',
    email: `${personId}@example.gov.uk`,
    via: 'session',
    readOnly: options.readOnly ?? false,
    grants: ['staff' as const, ...roles].map((role) => ({ role, unitId: rootUnitId, unitIds: held, atRoot: true })),
  };
}
