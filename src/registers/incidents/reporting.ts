// Reporting an incident or near miss: checking what the reporter wrote, and whom the report goes to. It
// goes to the Information Assurance Lead nearest the incident's unit (the reporter's own unit unless they
// chose another: people.unit_id) and to the security team: the mailbox in the setting
// `incidents.security-mailbox` when it is set, else the holders of Chief Security Officer nearest the unit.
// The messages never carry the personal data details: email is not need-to-know.
import type { Actor } from '../../access/actor.ts';
import type { Db } from '../../database.ts';
import { AppError, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { OutgoingMessage } from '../../platform/jobs/outbox.ts';
import { ROLE } from '../appointments/entity.ts';
import { IncidentConfigurationRepository, SETTING } from './configuration.repository.ts';
import { isIncidentKind, isPersonalDataAnswer, PERSONAL_DATA_NAMES, type IncidentReportInput } from './entity.ts';
import { icoClockApplies } from './ico.ts';
import { parseMoment } from './moment.ts';
import type { IncidentRepository, NewIncident } from './repository.ts';
import { ICO_HOURS } from './views.repository.ts';

/** A reporter may be a little ahead of the server's clock; anything further ahead is a mistake. */
const FUTURE_SLACK_MS = 10 * 60 * 1000;

const references = (values: readonly string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim().toUpperCase()).filter((v) => v !== ''))];

export async function checkReport(repository: IncidentRepository, actor: Actor, input: IncidentReportInput, now: Date): Promise<{ values: NewIncident; assetIds: string[]; serviceIds: string[] }> {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  let reporter: { id: string; name: string; email: string; unitId: string | null } | undefined;
  if (actor.kind === 'person') reporter = await repository.personById(actor.personId);
  else if (actor.kind === 'system' && input.reportedBy?.trim()) {
    reporter = await repository.personByReference(input.reportedBy);
    if (!reporter) problem('reportedBy', `No one in the people register has the email or staff number ${input.reportedBy.trim()}`);
  } else if (actor.kind !== 'system') throw new AppError('unauthenticated', 'Sign in to continue.');

  const title = input.title.trim();
  if (title === '') problem('title', 'Enter a short title that says what happened');
  else if (title.length > 200) problem('title', 'The title must be 200 characters or fewer');
  const description = input.description.trim();
  if (description === '') problem('description', 'Describe what happened');
  const occurredAt = input.occurredAt.trim() ? parseMoment(input.occurredAt) : null;
  const awareAt = input.awareAt.trim() ? parseMoment(input.awareAt) : null;
  if (!input.occurredAt.trim()) problem('occurredAt', 'Enter when it happened');
  else if (!occurredAt) problem('occurredAt', 'Enter when it happened as a real date and time, such as 2026-11-27T14:30');
  else if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) problem('occurredAt', 'When it happened cannot be in the future');
  if (!input.awareAt.trim()) problem('awareAt', 'Enter when you found out about it');
  else if (!awareAt) problem('awareAt', 'Enter when you found out as a real date and time, such as 2026-11-27T15:00');
  else if (awareAt.getTime() > now.getTime() + FUTURE_SLACK_MS) problem('awareAt', 'When you found out cannot be in the future');
  else if (occurredAt && awareAt.getTime() < occurredAt.getTime()) problem('awareAt', 'When you found out cannot be before it happened');
  if (!isPersonalDataAnswer(input.personalData)) problem('personalData', 'Say whether personal data is involved: yes, no or not sure');
  const kind = input.kind === undefined || input.kind === '' ? 'incident' : input.kind;
  if (!isIncidentKind(kind)) problem('kind', 'Say whether it is an incident or a near miss');

  let unit: { id: string } | undefined;
  if (input.unit?.trim()) {
    unit = await repository.unitByCodeOrId(input.unit);
    if (!unit) problem('unit', `No unit has the code ${input.unit.trim()}`);
  } else if (reporter?.unitId) unit = { id: reporter.unitId };
  else problem('unit', 'Choose the unit the incident belongs to: you are not in a unit in the people register');

  const wantedAssets = references(input.assets);
  const wantedServices = references(input.services);
  const [assets, services] = await Promise.all([repository.recordsByReference('asset', wantedAssets), repository.recordsByReference('service', wantedServices)]);
  const missing = (field: string, wanted: string[], found: Array<{ reference: string }>, what: string) => {
    const unknown = wanted.filter((w) => !found.some((f) => f.reference.toUpperCase() === w));
    if (unknown.length > 0) problem(field, `${unknown.join(', ')}: not the reference of ${what}`);
  };
  missing('assets', wantedAssets, assets, 'an information asset');
  missing('services', wantedServices, services, 'a technology service');
  if (problems.length > 0) throw validationFailed(problems);

  return {
    values: {
      title,
      description,
      occurredAt: occurredAt!,
      awareAt: awareAt!,
      reportedAt: now,
      reportedByPersonId: reporter?.id ?? null,
      reportedByLabel: reporter ? `${reporter.name} <${reporter.email}>` : actor.kind === 'system' ? actor.name : 'unknown',
      unitId: unit!.id,
      affectedInformation: input.affectedInformation?.trim() ?? '',
      personalData: input.personalData as NewIncident['personalData'],
      personalDataDetails: input.personalDataDetails?.trim() ?? '',
      actionsTaken: input.actionsTaken?.trim() ?? '',
      kind: kind as NewIncident['kind'],
    },
    assetIds: assets.map((a) => a.id),
    serviceIds: services.map((s) => s.id),
  };
}

export interface ReportMessage {
  readonly to: string;
  render(reference: string, id: string): OutgoingMessage;
}

/** The messages a new report sends: to the nearest Information Assurance Lead(s) and to the security team. */
export async function reportMessages(db: Db, values: NewIncident, today: string): Promise<ReportMessage[]> {
  const configuration = new IncidentConfigurationRepository(db);
  const [ials, settings] = await Promise.all([configuration.nearestHolders(ROLE.informationAssuranceLead, values.unitId, today), configuration.settings()]);
  const mailbox = settings.get(SETTING.securityMailbox)?.trim() ?? '';
  const security = mailbox ? [{ personId: null, email: mailbox }] : (await configuration.nearestHolders(ROLE.chiefSecurityOfficer, values.unitId, today)).map((h) => ({ personId: h.personId, email: h.email }));
  const clock = icoClockApplies({ personalData: values.personalData, kind: values.kind, stage: 'reported' });
  const deadline = new Date(values.awareAt.getTime() + ICO_HOURS * 3_600_000);
  const body = (reference: string, id: string, why: string) =>
    [
      `${reference} ${values.title}`,
      '',
      why,
      `Reported by ${values.reportedByLabel}. ${values.kind === 'near-miss' ? 'A near miss' : 'An incident'}; personal data involved: ${PERSONAL_DATA_NAMES[values.personalData].toLowerCase()}.`,
      clock ? `If it is a personal data breach, the decision on reporting it to the ICO is due by ${deadline.toISOString()} (72 hours from becoming aware).` : '',
      '',
      `Open /incidents/${id} in Custodian to triage it.`,
    ]
      .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
      .join('\n');
  const seen = new Set<string>();
  const messages: ReportMessage[] = [];
  const add = (recipient: { personId: string | null; email: string }, why: string, subject: (reference: string) => string) => {
    const key = recipient.email.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    messages.push({ to: recipient.email, render: (reference, id) => ({ personId: recipient.personId, to: recipient.email, subject: subject(reference), body: body(reference, id, why) }) });
  };
  for (const ial of ials) add({ personId: ial.personId, email: ial.email }, 'You are the Information Assurance Lead for the business area it was reported in.', (reference) => `New ${values.kind === 'near-miss' ? 'near miss' : 'incident'} in your business area: ${reference}`);
  for (const recipient of security) add(recipient, 'A new report for the security team.', (reference) => `New ${values.kind === 'near-miss' ? 'near miss' : 'incident'} reported: ${reference}`);
  return messages;
}
