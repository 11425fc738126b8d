// Who may see and do what on a CAF self-assessment. The security team in the assessment's unit starts,
// pre-fills and completes it (caf-assessments.manage) and reads it (caf-assessments.read, as auditors
// and appointees do). An assigned assessor holding caf-assessments.assess sees it always, and records
// outcomes and submits it only while it is in progress: the assignment ends with the work (DECISIONS,
// Assignments). The assignment is the grant on the record, so the assessor's own unit does not matter;
// they need only hold the action somewhere (a read-only token does not).
import type { Actor } from '../../access/actor.ts';
import { can, canAnywhere } from '../../access/authorize.ts';
import { AppError } from '../../platform/http/errors.ts';

interface AssessmentAccessSubject {
  readonly unitId: string;
  readonly status: string;
  readonly assessors: ReadonlyArray<{ readonly personId: string }>;
}

export function isAssessor(actor: Actor, assessment: AssessmentAccessSubject): boolean {
  return actor.kind === 'person' && assessment.assessors.some((a) => a.personId === actor.personId);
}

export function canManageAssessment(actor: Actor, assessment: Pick<AssessmentAccessSubject, 'unitId'>): boolean {
  return can(actor, 'caf-assessments.manage', { unitId: assessment.unitId });
}

export function canReadAssessment(actor: Actor, assessment: AssessmentAccessSubject): boolean {
  return can(actor, 'caf-assessments.read', { unitId: assessment.unitId }) || canManageAssessment(actor, assessment) || (isAssessor(actor, assessment) && canAnywhere(actor, 'caf-assessments.assess'));
}

export function canAssess(actor: Actor, assessment: AssessmentAccessSubject): boolean {
  return assessment.status === 'in-progress' && isAssessor(actor, assessment) && canAnywhere(actor, 'caf-assessments.assess');
}

function refuse(actor: Actor, message: string): never {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', message);
}

export function authorizeAssessmentRead(actor: Actor, assessment: AssessmentAccessSubject): void {
  if (!canReadAssessment(actor, assessment)) refuse(actor, 'Only the security team, auditors and the assigned assessors may see this CAF self-assessment.');
}

export function authorizeAssessmentManage(actor: Actor, assessment: Pick<AssessmentAccessSubject, 'unitId'>): void {
  if (!canManageAssessment(actor, assessment)) refuse(actor, 'Only the security team for the service’s unit may start, pre-fill or complete a CAF self-assessment.');
}

export function authorizeAssess(actor: Actor, assessment: AssessmentAccessSubject): void {
  if (canAssess(actor, assessment)) return;
  if (assessment.status !== 'in-progress' && isAssessor(actor, assessment)) throw new AppError('invalid_state', `This CAF self-assessment is ${assessment.status === 'submitted' ? 'submitted' : 'completed'}; its answers can no longer change.`);
  refuse(actor, 'Only the assessors assigned to this CAF self-assessment may record its outcomes, and only while it is in progress.');
}

/** Pre-fill may be refreshed by the security team or an assessor, while the assessment is in progress. */
export function authorizeRefresh(actor: Actor, assessment: AssessmentAccessSubject): void {
  if (!canManageAssessment(actor, assessment)) authorizeAssess(actor, assessment);
  if (assessment.status !== 'in-progress') throw new AppError('invalid_state', 'Only an assessment in progress can be pre-filled again.');
}
