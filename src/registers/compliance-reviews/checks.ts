// The checks on what a reviewer types: each problem says what to fix. No writes here.
import { isRealDate } from '../../platform/clock.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { FINDING_SEVERITIES, isOneOf, ITEM_RESULTS, type FindingInput, type FindingSeverity, type ItemResult, type ItemRow, type RemediationInput, type ResultInput, type ReviewInput } from './entity.ts';
import type { ComplianceReviewRepository, ReviewValues } from './repository.ts';

/** More than this and a review is an audit programme, not one review: split it. */
export const MAX_CHECKLIST_ITEMS = 300;

export const splitKeys = (text: string): string[] => [...new Set(text.split(/[\s,;]+/).map((k) => k.trim()).filter((k) => k !== ''))];

export async function checkReview(repository: ComplianceReviewRepository, input: ReviewInput): Promise<ReviewValues> {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const title = input.title.trim();
  if (title === '' || title.length > 200) problem('title', 'Enter the review’s title, in 200 characters or fewer');
  const service = input.service.trim() ? await repository.serviceByReference(input.service) : undefined;
  if (input.service.trim() && !service) problem('service', `No technology service has the reference ${input.service.trim()}`);
  const unit = !input.service.trim() && input.unit.trim() ? await repository.unitByCode(input.unit) : undefined;
  if (!input.service.trim() && !unit) problem('unit', input.unit.trim() ? `No unit has the code ${input.unit.trim()}` : 'Enter the code of the unit the review covers, or a technology service’s reference');
  const source = await repository.sourceByCode(input.source);
  if (!source) problem('source', input.source.trim() ? `No policy document or framework has the code ${input.source.trim()}` : 'Choose the policy document or framework the checklist is drawn from');
  const keys = splitKeys(input.requirements);
  if (source) {
    const found = await repository.requirementsInScope(source, keys);
    const known = new Set(found.map((r) => r.key.toUpperCase()));
    const unknown = keys.filter((k) => !known.has(k.toUpperCase()));
    if (unknown.length) problem('requirements', `The source has no active requirement with the key ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}: check the keys, or leave the box empty to review them all`);
    else if (found.length === 0) problem('requirements', 'The source has no requirements to review by default: enter the keys of those to review');
    else if (found.length > MAX_CHECKLIST_ITEMS) problem('requirements', `The source has ${found.length} requirements: choose up to ${MAX_CHECKLIST_ITEMS} by their keys`);
  }
  const lead = await repository.personByReference(input.lead);
  if (!lead) problem('lead', input.lead.trim() ? `No one in the people register has the email or staff number ${input.lead.trim()}` : 'Enter the lead reviewer’s email or staff number');
  const plannedOn = input.plannedOn.trim();
  if (!isRealDate(plannedOn)) problem('plannedOn', 'Enter the planned date as YYYY-MM-DD, such as 2027-03-31');
  if (problems.length) throw validationFailed(problems);
  return {
    title,
    unitId: service?.unitId ?? unit!.id,
    serviceId: service?.id ?? null,
    sourceType: source!.sourceType,
    documentId: source!.documentId,
    frameworkId: source!.frameworkId,
    requirementKeys: keys,
    leadPersonId: lead!.id,
    plannedOn,
  };
}

export function checkResult(input: ResultInput): { result: ItemResult; note: string } {
  const problems: FieldProblem[] = [];
  const note = input.note.trim();
  if (!isOneOf(ITEM_RESULTS, input.result)) problems.push({ field: 'result', message: 'Choose a result: met, partly met, not met or not applicable' });
  else if ((input.result === 'not-met' || input.result === 'partly-met') && note === '') problems.push({ field: 'note', message: 'Say what falls short of the requirement' });
  if (note.length > 4000) problems.push({ field: 'note', message: 'The note must be 4,000 characters or fewer' });
  if (problems.length) throw validationFailed(problems);
  return { result: input.result as ItemResult, note };
}

export function checkFinding(input: FindingInput, items: readonly ItemRow[]): { severity: FindingSeverity; description: string; itemId: string | null } {
  const problems: FieldProblem[] = [];
  const description = input.description.trim();
  if (!isOneOf(FINDING_SEVERITIES, input.severity)) problems.push({ field: 'severity', message: 'Choose the finding’s severity: major, minor or observation' });
  if (description === '' || description.length > 4000) problems.push({ field: 'description', message: 'Describe the finding, in 4,000 characters or fewer' });
  const key = input.item.trim().toUpperCase();
  const item = key ? items.find((i) => i.requirementKey.toUpperCase() === key) : undefined;
  if (key && !item) problems.push({ field: 'item', message: `The checklist has no item with the key ${input.item.trim()}: choose one from the list, or none` });
  if (problems.length) throw validationFailed(problems);
  return { severity: input.severity as FindingSeverity, description, itemId: item?.id ?? null };
}

export async function checkRemediation(repository: ComplianceReviewRepository, input: RemediationInput, today: string): Promise<{ title: string; ownerPersonId: string; dueOn: string }> {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (title === '' || title.length > 200) problems.push({ field: 'title', message: 'Enter what must be done, in 200 characters or fewer' });
  const owner = await repository.personByReference(input.owner);
  if (!owner) problems.push({ field: 'owner', message: input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the action owner’s email or staff number' });
  const dueOn = input.dueOn.trim();
  if (!isRealDate(dueOn)) problems.push({ field: 'dueOn', message: 'Enter the due date as YYYY-MM-DD, such as 2027-03-31' });
  else if (dueOn < today) problems.push({ field: 'dueOn', message: 'The due date must be today or later' });
  if (problems.length) throw validationFailed(problems);
  return { title, ownerPersonId: owner!.id, dueOn };
}
