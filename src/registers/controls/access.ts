// Who may record a control implementation: the security team and administrators (controls.manage)
// in their units; for a technology service, also its Technology Service Owner or Senior Responsible
// Officer (holder or deputy of the appointment on that service).
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { Executor } from '../../database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { SERVICE_RECORD_TYPE, SERVICE_RECORDING_ROLES } from './entity.ts';

export interface RecordingTarget {
  readonly serviceId: string | null;
  /** The unit that owns the implementation: the service's unit, or the unit itself. */
  readonly unitId: string | null;
}

export async function canRecordImplementation(db: Executor, actor: Actor, target: RecordingTarget, today: string): Promise<boolean> {
  if (can(actor, 'controls.manage', { unitId: target.unitId })) return true;
  if (actor.kind !== 'person' || target.serviceId === null || !can(actor, 'services.edit-own', { unitId: target.unitId })) return false;
  return new AppointmentRepository(db).holdsRecordRole(actor.personId, SERVICE_RECORDING_ROLES, SERVICE_RECORD_TYPE, target.serviceId, today);
}

export async function authorizeRecording(db: Executor, actor: Actor, target: RecordingTarget, today: string): Promise<void> {
  if (await canRecordImplementation(db, actor, target, today)) return;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', 'Only the security team, or the Technology Service Owner or Senior Responsible Officer of the service, may record its control implementations.');
}
