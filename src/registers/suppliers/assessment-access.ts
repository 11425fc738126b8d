// Who may do what to a supplier assessment (issue 09). Those who manage the supplier (the security team in
// its unit, its SRO and Senior Business Owner) start assessments, assign the assessor, send and revoke
// links, link deviations and complete. The assessor assigned to an assessment (DECISIONS: assignments)
// sees it, records its answers and links its deviations until it is completed, and then no longer sees
// it unless they read the supplier anyway. Readers of the supplier see its assessments.
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { Executor } from '../../database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { managesSupplier, readsSupplier } from './access.ts';
import type { AssessmentStatus } from './entity.ts';

export interface AssessmentSubject {
  readonly status: AssessmentStatus;
  readonly assessorPersonId: string | null;
  readonly supplier: { readonly id: string; readonly unitId: string };
}

export interface AssessmentAccess {
  readonly sees: boolean;
  /** Records answers and links deviations to risks (the services refuse it once the assessment is completed). */
  readonly records: boolean;
  /** Manages the supplier: assigns, sends links, completes, adds actions. */
  readonly manages: boolean;
  /** The assessor assigned to the open assessment. */
  readonly assigned: boolean;
  /** Sees the supplier itself, not only this assessment: its page can be linked to. */
  readonly readsSupplier: boolean;
}

export async function accessTo(db: Executor, actor: Actor, assessment: AssessmentSubject, today: string): Promise<AssessmentAccess> {
  const manages = await managesSupplier(db, actor, assessment.supplier, today);
  const open = assessment.status !== 'completed';
  // can() keeps a read-only API token from recording, as it does for every write.
  const assigned = actor.kind === 'person' && open && actor.personId === assessment.assessorPersonId && can(actor, 'suppliers.edit-own', { unitId: assessment.supplier.unitId });
  const assessorSees = actor.kind === 'person' && open && actor.personId === assessment.assessorPersonId;
  const reads = manages || (await readsSupplier(db, actor, assessment.supplier, today));
  return { manages, assigned, records: manages || assigned, sees: reads || assessorSees, readsSupplier: reads };
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export function authorizeSeeing(actor: Actor, access: AssessmentAccess): void {
  if (!access.sees) refuse(actor, 'Only the security team, the supplier’s SRO and Senior Business Owner, and the assessor assigned to it may see this assessment.');
}

export function authorizeRecording(actor: Actor, access: AssessmentAccess): void {
  authorizeSeeing(actor, access);
  if (!access.records) refuse(actor, 'Only the assessor assigned to this assessment, the security team and the supplier’s SRO or Senior Business Owner may record it.');
}

export function authorizeManaging(actor: Actor, access: AssessmentAccess): void {
  authorizeSeeing(actor, access);
  if (!access.manages) refuse(actor, 'Only the security team, or the supplier’s Senior Responsible Officer or Senior Business Owner, may do this.');
}
