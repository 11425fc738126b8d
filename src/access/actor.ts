// Who is acting: a signed-in person (through a session or an API token), the system itself
// (setup, scheduled jobs), or nobody yet.
import type { AuditActor } from '../platform/audit/audit-trail.ts';
import type { AccessRole } from './catalogue.ts';

export interface RoleGrant {
  readonly role: AccessRole;
  readonly unitId: string;
  /** The units the grant holds for: its unit and every unit below it. */
  readonly unitIds: ReadonlySet<string>;
  /** Granted at the top of the tree: holds for things that belong to no unit. */
  readonly atRoot: boolean;
}

export interface PersonActor {
  readonly kind: 'person';
  readonly accountId: string;
  readonly personId: string;
  readonly displayName: string;
  readonly email: string;
  readonly grants: readonly RoleGrant[];
  readonly via: 'session' | 'token';
  readonly readOnly: boolean;
  readonly sessionId?: string;
  readonly tokenId?: string;
}

export interface SystemActor {
  readonly kind: 'system';
  readonly name: string;
}

export interface AnonymousActor {
  readonly kind: 'anonymous';
}

export type Actor = PersonActor | SystemActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };
export const systemActor = (name: string): SystemActor => ({ kind: 'system', name });

export function auditActorOf(actor: Actor): AuditActor {
  switch (actor.kind) {
    case 'person':
      return { type: 'person', id: actor.personId, label: `${actor.displayName} <${actor.email}>${actor.via === 'token' ? ' (API token)' : ''}` };
    case 'system':
      return { type: 'system', id: null, label: actor.name };
    case 'anonymous':
      return { type: 'anonymous', id: null, label: 'anonymous' };
  }
}
