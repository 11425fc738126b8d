// Who may see and run a compliance-review: the Security and Information Group in the review's unit
// (compliance-reviews.manage) plans and runs it; readers in the unit (appointees, auditors) and the
// review's lead reviewer, who is assigned to it, see it.
import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import { AppError } from '../../platform/http/errors.ts';

interface ReviewAccessSubject {
  readonly unitId: string;
  readonly leadPersonId: string;
}

export function canManageReview(actor: Actor, review: { readonly unitId: string }): boolean {
  return can(actor, 'compliance-reviews.manage', { unitId: review.unitId });
}

export function canReadReview(actor: Actor, review: ReviewAccessSubject): boolean {
  return can(actor, 'compliance-reviews.read', { unitId: review.unitId }) || canManageReview(actor, review) || (actor.kind === 'person' && actor.personId === review.leadPersonId);
}

export function authorizeReviewRead(actor: Actor, review: ReviewAccessSubject): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  if (!canReadReview(actor, review)) throw new AppError('forbidden', 'Only the Security and Information Group, readers in the review’s unit and its lead reviewer may see this compliance-review.');
}

/** Every change to a review: the security team's, within the review's unit. */
export function authorizeReviewManage(actor: Actor, review: { readonly unitId: string }): void {
  authorize(actor, 'compliance-reviews.manage', { unitId: review.unitId });
}
