// Who may see and manage a supplier (issue 09): the security team and readers in the supplier's unit; its
// Senior Responsible Officer and Senior Business Owner (appointments on the supplier record, holder or
// deputy); and an assessor assigned to one of its assessments, for that assessment while it is open.
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { Executor } from '../../database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { SUPPLIER_MANAGING_ROLES, SUPPLIER_RECORD_TYPE } from './entity.ts';
import { SupplierPartsRepository } from './parts.repository.ts';

export interface SupplierSubject {
  readonly id: string;
  readonly unitId: string;
}

export async function managesSupplier(db: Executor, actor: Actor, supplier: SupplierSubject, today: string): Promise<boolean> {
  if (can(actor, 'suppliers.manage', { unitId: supplier.unitId })) return true;
  if (actor.kind !== 'person' || !can(actor, 'suppliers.edit-own', { unitId: supplier.unitId })) return false;
  return new AppointmentRepository(db).holdsRecordRole(actor.personId, SUPPLIER_MANAGING_ROLES, SUPPLIER_RECORD_TYPE, supplier.id, today);
}

/**
 * Reading needs no write action, so an SRO or SBO on a read-only API token still reads their supplier; an
 * assessor reads the supplier of an assessment assigned to them while it is open.
 */
export async function readsSupplier(db: Executor, actor: Actor, supplier: SupplierSubject, today: string): Promise<boolean> {
  if (can(actor, 'suppliers.read', { unitId: supplier.unitId })) return true;
  if (actor.kind !== 'person') return false;
  if (await new AppointmentRepository(db).holdsRecordRole(actor.personId, SUPPLIER_MANAGING_ROLES, SUPPLIER_RECORD_TYPE, supplier.id, today)) return true;
  return new SupplierPartsRepository(db).assessesSupplier(supplier.id, actor.personId);
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export async function authorizeSupplierManagement(db: Executor, actor: Actor, supplier: SupplierSubject, today: string): Promise<void> {
  if (!(await managesSupplier(db, actor, supplier, today))) refuse(actor, 'Only the security team, or the supplier’s Senior Responsible Officer or Senior Business Owner, may change this supplier.');
}

export async function authorizeSupplierRead(db: Executor, actor: Actor, supplier: SupplierSubject, today: string): Promise<void> {
  if (!(await readsSupplier(db, actor, supplier, today))) refuse(actor, 'Only the security team, the supplier’s SRO and Senior Business Owner, and its assessors may see this supplier.');
}
