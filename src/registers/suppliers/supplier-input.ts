// Checks a supplier as a form or the API gives it, finding every problem at once, each named by the
// form's field: the values to store, the SRO and Senior Business Owner, what it reaches and its controls.
import type { Executor } from '../../database.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { splitReferences } from '../technology-services/service.ts';
import { SupplierRepository, type SupplierValues } from './repository.ts';

/** A company number as Companies House writes it: eight letters and digits, such as 01234567 or SC123456. */
export const COMPANY_NUMBER = /^[A-Z0-9]{8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SupplierInput {
  readonly name: string;
  readonly companyNumber?: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly description?: string;
  /** The managing unit's code; on a change, undefined leaves it as it is. */
  readonly unit?: string;
  /** Email or staff number. On a change, undefined leaves the holder as they are. */
  readonly seniorResponsibleOfficer?: string;
  /** Email or staff number; empty for none. On a change, undefined leaves the holder as they are. */
  readonly seniorBusinessOwner?: string;
  /** References, as a list or comma-separated; on a change, undefined leaves them as they are. */
  readonly assets?: string | readonly string[];
  readonly services?: string | readonly string[];
  /** Codes of the controls the supplier must apply, and of those it applies. */
  readonly controls?: string | readonly string[];
  readonly appliedControls?: string | readonly string[];
}

export interface CheckedSupplier {
  readonly values: SupplierValues;
  readonly sroId: string | undefined;
  /** Null: no Senior Business Owner (any holder's appointment ends). */
  readonly sboId: string | null | undefined;
  readonly assetIds: string[] | undefined;
  readonly serviceIds: string[] | undefined;
  readonly controls: Array<{ controlId: string; applied: boolean }> | undefined;
}

/** A list typed into a text field or sent as an array: trimmed, without blanks or repeats. */
export function listOf(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? splitReferences(value) : [...new Set(value.map((v) => v.trim()).filter((v) => v !== ''))];
}

/** Company numbers are written with spaces and in lower case at times; stored as eight capitals and digits. */
export const normaliseCompanyNumber = (value: string | undefined): string => (value ?? '').replace(/\s+/g, '').toUpperCase();

const unknownOnes = (wanted: readonly string[], found: ReadonlyArray<{ key: string }>) => wanted.filter((w) => !found.some((f) => f.key.toLowerCase() === w.toLowerCase()));
const listed = (items: readonly string[]) => `${items.join(', ')} ${items.length === 1 ? 'is' : 'are'}`;

export async function checkSupplierInput(
  db: Executor,
  input: SupplierInput,
  context: { creating: boolean; today: string; existingId?: string; appliedBefore?: ReadonlyArray<{ code: string; applied: boolean }> },
): Promise<CheckedSupplier> {
  const repository = new SupplierRepository(db);
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'Enter the supplier’s name' });
  else if (name.length > 200) problems.push({ field: 'name', message: 'A name is at most 200 characters' });
  else if (await repository.nameTaken(name, context.existingId)) problems.push({ field: 'name', message: `Another supplier is already called ${name}: use its page, or tell them apart in the name` });
  const companyNumber = normaliseCompanyNumber(input.companyNumber);
  if (companyNumber !== '' && !COMPANY_NUMBER.test(companyNumber)) problems.push({ field: 'companyNumber', message: 'A company number is 8 letters and numbers, such as 01234567 or SC123456' });
  else if (companyNumber !== '' && (await repository.companyNumberTaken(companyNumber, context.existingId))) problems.push({ field: 'companyNumber', message: `Another supplier already has the company number ${companyNumber}` });
  const contactName = (input.contactName ?? '').trim();
  if (contactName.length > 200) problems.push({ field: 'contactName', message: 'The contact’s name is at most 200 characters' });
  const contactEmail = (input.contactEmail ?? '').trim().toLowerCase();
  if (contactEmail !== '' && (!EMAIL.test(contactEmail) || contactEmail.length > 254)) problems.push({ field: 'contactEmail', message: 'Enter the contact’s email address in the correct format, like name@example.com' });
  const description = (input.description ?? '').trim();
  if (description.length > 4000) problems.push({ field: 'description', message: 'The description is at most 4,000 characters' });
  const unit = input.unit?.trim() ? await repository.unitByCode(input.unit) : undefined;
  if (!unit) problems.push({ field: 'unit', message: input.unit?.trim() ? `No unit has the code ${input.unit.trim()}: choose the unit that manages the supplier` : 'Choose the unit that manages the supplier' });

  const person = async (field: string, role: string, value: string | undefined, required: boolean): Promise<string | null | undefined> => {
    if (value === undefined) {
      if (required && context.creating) problems.push({ field, message: `Enter the email address or staff number of the ${role}` });
      return undefined;
    }
    if (value.trim() === '') {
      if (required) problems.push({ field, message: `Enter the email address or staff number of the ${role}` });
      return required ? undefined : null;
    }
    const found = await repository.personByReference(value);
    if (!found) problems.push({ field, message: `No one in the people register has the email or staff number ${value.trim()}: check it, or add the person first` });
    else if (found.status === 'left') problems.push({ field, message: `${found.name} has left, so cannot be the ${role}: name someone who is still here` });
    else return found.id;
    return undefined;
  };
  const sroId = (await person('seniorResponsibleOfficer', 'Senior Responsible Officer', input.seniorResponsibleOfficer, true)) ?? undefined;
  const sboId = await person('seniorBusinessOwner', 'Senior Business Owner', input.seniorBusinessOwner, false);

  const assets = listOf(input.assets);
  const foundAssets = assets ? await repository.byReference('information_assets', assets) : [];
  const missingAssets = assets ? unknownOnes(assets, foundAssets.map((a) => ({ key: a.reference }))) : [];
  if (missingAssets.length > 0) problems.push({ field: 'assets', message: `${listed(missingAssets)} not ${missingAssets.length === 1 ? 'an information asset reference' : 'information asset references'}: check them in the information assets register` });
  const services = listOf(input.services);
  const foundServices = services ? await repository.byReference('technology_services', services) : [];
  const missingServices = services ? unknownOnes(services, foundServices.map((s) => ({ key: s.reference }))) : [];
  if (missingServices.length > 0) problems.push({ field: 'services', message: `${listed(missingServices)} not ${missingServices.length === 1 ? 'a technology service reference' : 'technology service references'}: check them in the technology services register` });

  // Only which are applied given: the controls required stay as they were.
  const required = listOf(input.controls)?.map((c) => c.toUpperCase()) ?? (input.appliedControls !== undefined && context.appliedBefore ? context.appliedBefore.map((c) => c.code) : undefined);
  const applied = listOf(input.appliedControls)?.map((c) => c.toUpperCase());
  const foundControls = required ? await repository.controlsByCode(required) : [];
  const missingControls = required ? unknownOnes(required, foundControls.map((c) => ({ key: c.code }))) : [];
  if (missingControls.length > 0) problems.push({ field: 'controls', message: `${listed(missingControls)} not in the control catalogue: use a control’s code, such as CTL-ACC-01` });
  const notRequired = (applied ?? []).filter((code) => !(required ?? []).includes(code));
  if (notRequired.length > 0) problems.push({ field: 'appliedControls', message: `${listed(notRequired)} not among the controls the supplier must apply: add ${notRequired.length === 1 ? 'it' : 'them'} there first` });

  if (problems.length > 0) throw validationFailed(problems);
  let controls: Array<{ controlId: string; applied: boolean }> | undefined;
  if (required) {
    // Left out, which controls are applied stays as it was for the controls still required.
    const appliedCodes = new Set(applied ?? (context.appliedBefore ?? []).filter((c) => c.applied).map((c) => c.code));
    controls = foundControls.map((c) => ({ controlId: c.id, applied: appliedCodes.has(c.code) }));
  }
  return {
    values: { name, companyNumber: companyNumber === '' ? null : companyNumber, contactName, contactEmail, description, unitId: unit!.id },
    sroId,
    sboId,
    assetIds: assets ? foundAssets.map((a) => a.id) : undefined,
    serviceIds: services ? foundServices.map((s) => s.id) : undefined,
    controls,
  };
}
