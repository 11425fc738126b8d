// Who may see and handle an incident, and who may see the personal data in it.
//
// The catalogue gives `incidents.handle` to everyone so that an assigned handler can act on their one
// incident; so "may handle" is decided here: the security team at the incident's unit (a security team or
// administrator grant covering it), or the assigned handler until the incident is closed (DECISIONS,
// Assignments). Readers of the register (`incidents.read`: the security team, auditors, appointees such as
// an Information Assurance Lead) see its incidents, but the personal data in them only where they need it:
// the reporter, the handler, the security team at the unit and the holder of the ICO deciding role.
import type { Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere } from '../../access/authorize.ts';
import { roleAllows, type AccessRole } from '../../access/catalogue.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { IncidentStage } from './entity.ts';

export interface IncidentAccessSubject {
  readonly unitId: string;
  readonly reportedByPersonId: string | null;
  readonly handlerPersonId: string | null;
  readonly stage: IncidentStage;
}

/** The roles that make someone part of the security team for incidents at the units their grant covers. */
const INCIDENT_TEAM_ROLES: readonly AccessRole[] = ['administrator', 'security_team'];

const personOf = (actor: Actor): string | null => (actor.kind === 'person' ? actor.personId : null);

/** The security team at a unit (null: at the top of the tree), whether or not the actor's token may write. */
export function isIncidentTeamAt(actor: Actor, unitId: string | null): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'person') return false;
  return actor.grants.some((g) => INCIDENT_TEAM_ROLES.includes(g.role) && roleAllows(g.role, 'incidents.handle') && (unitId === null ? g.atRoot : g.unitIds.has(unitId)));
}

/** The units where the actor is the security team for incidents, or 'all'. */
export function incidentTeamUnits(actor: Actor): 'all' | string[] {
  if (isIncidentTeamAt(actor, null)) return 'all';
  if (actor.kind !== 'person') return [];
  return [...new Set(actor.grants.filter((g) => INCIDENT_TEAM_ROLES.includes(g.role) && roleAllows(g.role, 'incidents.handle')).flatMap((g) => [...g.unitIds]))];
}

export const isReporter = (actor: Actor, incident: IncidentAccessSubject): boolean => personOf(actor) !== null && personOf(actor) === incident.reportedByPersonId;

/** The assigned handler, while the incident is open: the assignment ends when the work does. */
export const isAssignedHandler = (actor: Actor, incident: IncidentAccessSubject): boolean => personOf(actor) !== null && personOf(actor) === incident.handlerPersonId && incident.stage !== 'closed';

export function canReadIncident(actor: Actor, incident: IncidentAccessSubject, decider = false): boolean {
  return can(actor, 'incidents.read', { unitId: incident.unitId }) || isIncidentTeamAt(actor, incident.unitId) || isAssignedHandler(actor, incident) || isReporter(actor, incident) || decider;
}

export function canHandleIncident(actor: Actor, incident: IncidentAccessSubject): boolean {
  return can(actor, 'incidents.handle', { unitId: incident.unitId }) && (isIncidentTeamAt(actor, incident.unitId) || isAssignedHandler(actor, incident));
}

/** Assigning a handler and reopening are the security team's. */
export function canManageIncident(actor: Actor, incident: Pick<IncidentAccessSubject, 'unitId'>): boolean {
  return can(actor, 'incidents.handle', { unitId: incident.unitId }) && isIncidentTeamAt(actor, incident.unitId);
}

/** Need-to-know for personal data: the reporter, the handler, the security team at the unit, the decider. */
export function canSeePersonalData(actor: Actor, incident: IncidentAccessSubject, decider: boolean): boolean {
  return isReporter(actor, incident) || isAssignedHandler(actor, incident) || isIncidentTeamAt(actor, incident.unitId) || decider;
}

/** Whether the actor reads the register at all (beyond their own reports and assignments). */
export function readsRegister(actor: Actor): boolean {
  const team = incidentTeamUnits(actor);
  return canAnywhere(actor, 'incidents.read') || team === 'all' || team.length > 0;
}

/**
 * Reading the register's lists and reference data: everyone who may report (their own reports) or read it.
 * A read-only token of a reader passes on `incidents.read`, since reporting is a write.
 */
export function authorizeIncidentViews(actor: Actor): void {
  if (!canAnywhere(actor, 'incidents.read')) authorize(actor, 'incidents.report');
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export function authorizeIncidentRead(actor: Actor, incident: IncidentAccessSubject, decider = false): void {
  if (!canReadIncident(actor, incident, decider)) refuse(actor, 'Only the reporter, the assigned handler, the security team and readers of the incidents register for its unit may see this incident.');
}

export function authorizeIncidentHandle(actor: Actor, incident: IncidentAccessSubject): void {
  if (actor.kind === 'person' && actor.readOnly) refuse(actor, 'This API token is read-only: create a token without --read-only to make changes.');
  if (!canHandleIncident(actor, incident)) refuse(actor, 'Only the security team for the incident’s unit or its assigned handler may handle this incident.');
}

export function authorizeIncidentManage(actor: Actor, incident: Pick<IncidentAccessSubject, 'unitId'>, what: string): void {
  if (actor.kind === 'person' && actor.readOnly) refuse(actor, 'This API token is read-only: create a token without --read-only to make changes.');
  if (!canManageIncident(actor, incident)) refuse(actor, `Only the security team for the incident’s unit may ${what}.`);
}
