// The incidents register (issue 10): one service for the pages, API and CLI. Reporting, triage and
// handling are here; reading (the record, lists, trend, timings) in views.ts; the ICO clock and decision
// in ico.ts; lessons, corrective actions, closing, reopening and the quarterly return in learning.ts.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditEventInput, AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { authorizeIncidentHandle, authorizeIncidentManage, authorizeIncidentViews, readsRegister } from './access.ts';
import { IncidentConfigurationRepository, SETTING } from './configuration.repository.ts';
import {
  HANDLING_STAGES,
  INCIDENT_CATEGORIES,
  INCIDENT_KINDS,
  INCIDENT_STAGES,
  isIncidentCategory,
  isIncidentKind,
  isPersonalDataAnswer,
  LINKED_RECORD_TYPES,
  PERSON_LINK_ROLES,
  STAGE_NAMES,
  type ActionTarget,
  type CorrectiveActionInput,
  type IcoDecisionInput,
  type IncidentDetails,
  type IncidentFilter,
  type IncidentOptions,
  type IncidentPage,
  type IncidentReportInput,
  type IncidentSettings,
  type IncidentSummary,
  type IncidentTimings,
  type IncidentTrend,
  type LessonsInput,
  type LinkedRecordType,
  type PersonLinkRole,
  type ReturnLayout,
  type TriageInput,
} from './entity.ts';
import { incidentsCsv } from './export.ts';
import { IcoDecisionService, icoDeadlines, type IcoDeadline } from './ico.ts';
import { IncidentLearningService, type QuarterlyReturn } from './learning.ts';
import { checkReport, reportMessages } from './reporting.ts';
import { IncidentRepository, type IncidentRow, type TimelineValues } from './repository.ts';
import { IncidentViews } from './views.ts';

export { INCIDENTS_PAGE_SIZE } from './views.ts';
export type { IcoDeadline } from './ico.ts';
export type { QuarterlyReturn } from './learning.ts';

export class IncidentService {
  private readonly views: IncidentViews;
  private readonly ico: IcoDecisionService;
  private readonly learning: IncidentLearningService;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
  ) {
    this.views = new IncidentViews(db, clock);
    this.ico = new IcoDecisionService(db, clock, audit);
    this.learning = new IncidentLearningService(db, clock, audit);
  }

  // ---- Reference data and settings ----

  /** Types, severities, categories, kinds and stages, for forms and filters. */
  async options(actor: Actor): Promise<IncidentOptions> {
    authorizeIncidentViews(actor);
    const configuration = new IncidentConfigurationRepository(this.db);
    const [types, severities] = await Promise.all([configuration.types(), configuration.severities()]);
    return { types, severities, categories: INCIDENT_CATEGORIES, kinds: INCIDENT_KINDS, stages: INCIDENT_STAGES };
  }

  async settings(actor: Actor): Promise<IncidentSettings> {
    authorizeIncidentViews(actor);
    return this.views.settings();
  }

  /** Whether the actor may report (every signed-in person) and whether they may read the register. */
  mayReport(actor: Actor): boolean {
    return canAnywhere(actor, 'incidents.report');
  }

  mayReadRegister(actor: Actor): boolean {
    return readsRegister(actor);
  }

  // ---- Reporting ----

  /** Anyone signed in reports; the Information Assurance Lead for the unit and the security team are told. */
  async report(actor: Actor, input: IncidentReportInput, requestId?: string): Promise<{ id: string; reference: string }> {
    authorize(actor, 'incidents.report');
    const now = this.clock.now();
    const repository = new IncidentRepository(this.db);
    const { values, assetIds, serviceIds } = await checkReport(repository, actor, input, now);
    const who = auditActorOf(actor);
    const messages = await reportMessages(this.db, values, londonDate(now));
    return this.audit.write(this.db, async (trx) => {
      const writer = new IncidentRepository(trx);
      const reference = await writer.nextReference();
      const id = await writer.insertIncident(reference, values);
      for (const assetId of assetIds) await writer.link(id, 'asset', assetId);
      for (const serviceId of serviceIds) await writer.link(id, 'service', serviceId);
      await writer.addEvent(id, { kind: 'reported', at: now, byPersonId: values.reportedByPersonId, byLabel: values.reportedByLabel, text: values.kind === 'near-miss' ? 'Reported as a near miss' : 'Reported as an incident' });
      for (const message of messages) await this.outbox.queue(message.render(reference, id), trx);
      const { personalDataDetails, ...after } = values;
      return {
        result: { id, reference },
        event: {
          actor: who,
          action: 'incident.reported',
          recordType: 'incident',
          recordId: id,
          // Personal data stays out of the audit trail, which auditors read: only whether it was given.
          changes: { after: { reference, ...after, personalDataDetails: personalDataDetails ? '[recorded]' : '', assetIds, serviceIds } },
          metadata: { routedTo: messages.map((m) => m.to) },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  // ---- Handling (the security team at the incident's unit, or its assigned handler) ----

  private async load(id: string): Promise<IncidentRow> {
    const row = await new IncidentRepository(this.db).findIncident(requireId(id, 'The incident'));
    if (!row) throw notFound('The incident');
    return row;
  }

  /** One handling write: the change, its timeline entry and its audit event in one transaction. */
  private async handled(actor: Actor, row: IncidentRow, timeline: Omit<TimelineValues, 'at' | 'byPersonId' | 'byLabel'> | null, action: string, details: Pick<AuditEventInput, 'changes' | 'metadata'>, requestId: string | undefined, work: (writer: IncidentRepository, now: Date, trx: Tx) => Promise<void>): Promise<void> {
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const writer = new IncidentRepository(trx);
      if (timeline) await writer.addEvent(row.id, { ...timeline, at: now, byPersonId: who.id, byLabel: who.label });
      await work(writer, now, trx);
      await writer.touch(row.id, now);
      return { result: undefined, event: { actor: who, action, recordType: 'incident', recordId: row.id, ...details, metadata: { reference: row.reference, ...details.metadata }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async triage(actor: Actor, id: string, input: TriageInput, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    if (row.stage === 'closed') throw new AppError('invalid_state', `${row.reference} is closed: reopen it before triaging it again`);
    const configuration = new IncidentConfigurationRepository(this.db);
    const [types, severities] = await Promise.all([configuration.types(), configuration.severities()]);
    const problems: FieldProblem[] = [];
    if (!isIncidentCategory(input.category)) problems.push({ field: 'category', message: 'Choose the category: confidentiality, integrity or availability' });
    const type = types.find((t) => t.code === input.typeCode);
    if (!type) problems.push({ field: 'typeCode', message: 'Choose the type of incident' });
    const severity = severities.find((s) => s.code === input.severityCode);
    if (!severity) problems.push({ field: 'severityCode', message: `Choose the severity: ${severities.map((s) => s.name).join(', ')}` });
    if (!isIncidentKind(input.kind)) problems.push({ field: 'kind', message: 'Choose whether it is an incident or a near miss' });
    const personalData = input.personalData === undefined || input.personalData === '' ? row.personalData : input.personalData;
    if (!isPersonalDataAnswer(personalData)) problems.push({ field: 'personalData', message: 'Say whether personal data is involved: yes, no or not sure' });
    const handler = input.handler?.trim() ? await new IncidentRepository(this.db).personByReference(input.handler) : undefined;
    if (input.handler?.trim() && !handler) problems.push({ field: 'handler', message: `No one in the people register has the email or staff number ${input.handler.trim()}` });
    if (problems.length > 0) throw validationFailed(problems);
    if (handler && handler.id !== row.handlerPersonId) authorizeIncidentManage(actor, row, 'assign a handler');
    const first = row.stage === 'reported';
    const values = {
      category: input.category as (typeof INCIDENT_CATEGORIES)[number],
      typeCode: type!.code,
      severityCode: severity!.code,
      kind: input.kind as (typeof INCIDENT_KINDS)[number],
      personalData: personalData as IncidentRow['personalData'],
      personalDataDetails: input.personalDataDetails !== undefined ? input.personalDataDetails.trim() : row.personalDataDetails,
    };
    const text = `${first ? 'Triaged' : 'Triage changed'}: ${values.kind === 'near-miss' ? 'near miss' : 'incident'}, ${values.category}, ${type!.name}, severity ${severity!.name}${input.note?.trim() ? `. ${input.note.trim()}` : ''}`;
    const before = { category: row.category, typeCode: row.typeCode, severityCode: row.severityCode, kind: row.kind, personalData: row.personalData, stage: row.stage };
    const after = { category: values.category, typeCode: values.typeCode, severityCode: values.severityCode, kind: values.kind, personalData: values.personalData, stage: first ? 'triaged' : row.stage };
    await this.handled(actor, row, { kind: 'triaged', text, data: after }, 'incident.triaged', { changes: { before, after }, metadata: { handler: handler?.id ?? null } }, requestId, async (writer, now, trx) => {
      await writer.recordTriage(row.id, { ...values, stage: first ? 'triaged' : row.stage, triagedAt: first ? now : row.triagedAt }, now);
      if (handler && handler.id !== row.handlerPersonId) {
        await writer.setHandler(row.id, handler.id, now);
        await writer.addEvent(row.id, { kind: 'assignment', at: now, byPersonId: auditActorOf(actor).id, byLabel: auditActorOf(actor).label, text: `Assigned to ${handler.name}`, data: { personId: handler.id } });
        await this.outbox.queue(handlerMessage(row, handler), trx);
      }
    });
  }

  /** The security team assigns (or changes) the handler: an email or staff number. */
  async assignHandler(actor: Actor, id: string, handler: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentManage(actor, row, 'assign a handler');
    if (row.stage === 'closed') throw new AppError('invalid_state', `${row.reference} is closed: reopen it before assigning a handler`);
    const person = await new IncidentRepository(this.db).personByReference(handler);
    if (!person) throw validationFailed([{ field: 'handler', message: handler.trim() ? `No one in the people register has the email or staff number ${handler.trim()}` : 'Enter the handler’s email or staff number' }]);
    if (person.id === row.handlerPersonId) return;
    await this.handled(actor, row, { kind: 'assignment', text: `Assigned to ${person.name}`, data: { personId: person.id } }, 'incident.handler-assigned', { changes: { before: { handlerPersonId: row.handlerPersonId }, after: { handlerPersonId: person.id } } }, requestId, async (writer, now, trx) => {
      await writer.setHandler(row.id, person.id, now);
      await this.outbox.queue(handlerMessage(row, person), trx);
    });
  }

  /** Moves a triaged incident forward to contained, eradicated or recovered; never back. */
  async advance(actor: Actor, id: string, stage: string, note?: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const target = HANDLING_STAGES.find((s) => s === stage);
    if (!target) throw validationFailed([{ field: 'stage', message: `Choose the stage to move to: ${HANDLING_STAGES.map((s) => STAGE_NAMES[s].toLowerCase()).join(', ')}` }]);
    if (row.stage === 'reported') throw new AppError('invalid_state', `${row.reference} has not been triaged yet: triage it first`);
    if (row.stage === 'closed') throw new AppError('invalid_state', `${row.reference} is closed: only the security team may reopen it`);
    if (INCIDENT_STAGES.indexOf(target) <= INCIDENT_STAGES.indexOf(row.stage)) throw new AppError('invalid_state', `${row.reference} is already ${STAGE_NAMES[row.stage].toLowerCase()}: stages only move forward`);
    await this.handled(actor, row, { kind: 'stage', text: `${STAGE_NAMES[target]}${note?.trim() ? `: ${note.trim()}` : ''}`, data: { from: row.stage, to: target } }, 'incident.stage-changed', { changes: { before: { stage: row.stage }, after: { stage: target } } }, requestId, async (writer, now) => {
      await writer.setStage(row.id, target, now);
    });
  }

  /** A note on the timeline; a restricted note holds personal data and is shown only to those who need it. */
  async addNote(actor: Actor, id: string, input: { text: string; restricted?: boolean }, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const text = input.text.trim();
    if (text === '') throw validationFailed([{ field: 'text', message: 'Enter the note' }]);
    const restricted = input.restricted === true;
    await this.handled(actor, row, { kind: 'note', text, restricted }, 'incident.note-added', { metadata: { restricted, ...(restricted ? {} : { text }) } }, requestId, async () => undefined);
  }

  /** Links an information asset, technology service or supplier by its reference. */
  async linkRecord(actor: Actor, id: string, type: string, reference: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const kind = LINKED_RECORD_TYPES.find((t) => t === type);
    if (!kind) throw validationFailed([{ field: 'type', message: 'Choose what to link: an information asset, a technology service or a supplier' }]);
    const record = await new IncidentRepository(this.db).recordByReference(kind, reference);
    if (!record) throw validationFailed([{ field: 'reference', message: reference.trim() ? `${reference.trim()} is not the reference of ${RECORD_WORDS[kind]}` : `Enter the reference of ${RECORD_WORDS[kind]}` }]);
    await this.handled(actor, row, { kind: 'link', text: `Linked ${record.reference} ${record.name}`, data: { type: kind, id: record.id } }, 'incident.linked', { metadata: { type: kind, recordId: record.id, recordReference: record.reference } }, requestId, async (writer) => {
      await writer.link(row.id, kind, record.id);
    });
  }

  async unlinkRecord(actor: Actor, id: string, type: string, recordId: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const kind = LINKED_RECORD_TYPES.find((t) => t === type);
    if (!kind) throw validationFailed([{ field: 'type', message: 'Choose what to unlink: an information asset, a technology service or a supplier' }]);
    const links = await new IncidentRepository(this.db).recordLinks(row.id);
    const found = [...links.assets, ...links.services, ...links.suppliers].find((l) => l.type === kind && l.id === recordId);
    if (!found) throw notFound(`The linked ${kind}`);
    await this.handled(actor, row, { kind: 'link', text: `Unlinked ${found.reference} ${found.name}`, data: { type: kind, id: found.id, removed: true } }, 'incident.unlinked', { metadata: { type: kind, recordId: found.id, recordReference: found.reference } }, requestId, async (writer) => {
      await writer.unlink(row.id, kind, found.id);
    });
  }

  /** Links a person as affected or involved: personal data, so the timeline entry is restricted too. */
  async linkPerson(actor: Actor, id: string, input: { person: string; role: string; note?: string }, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const problems: FieldProblem[] = [];
    const role = PERSON_LINK_ROLES.find((r) => r === input.role);
    if (!role) problems.push({ field: 'role', message: 'Choose whether the person was affected or involved' });
    const person = await new IncidentRepository(this.db).personByReference(input.person);
    if (!person) problems.push({ field: 'person', message: input.person.trim() ? `No one in the people register has the email or staff number ${input.person.trim()}` : 'Enter the person’s email or staff number' });
    if (problems.length > 0) throw validationFailed(problems);
    await this.handled(actor, row, { kind: 'link', text: `${person!.name} linked as ${role}`, restricted: true, data: { type: 'person', role } }, 'incident.person-linked', { metadata: { personId: person!.id, role } }, requestId, async (writer) => {
      await writer.linkPerson(row.id, person!.id, role as PersonLinkRole, input.note?.trim() ?? '');
    });
  }

  async unlinkPerson(actor: Actor, id: string, personId: string, requestId?: string): Promise<void> {
    const row = await this.load(id);
    authorizeIncidentHandle(actor, row);
    const linked = (await new IncidentRepository(this.db).people(row.id)).find((p) => p.personId === personId);
    if (!linked) throw notFound('The linked person');
    await this.handled(actor, row, { kind: 'link', text: `${linked.name} unlinked`, restricted: true, data: { type: 'person', removed: true } }, 'incident.person-unlinked', { metadata: { personId } }, requestId, async (writer) => {
      await writer.unlinkPerson(row.id, personId);
    });
  }

  // ---- The ICO decision (the holder of the deciding role) ----

  async decideIcoReporting(actor: Actor, id: string, input: IcoDecisionInput, requestId?: string): Promise<string> {
    return this.ico.decide(actor, id, input, requestId);
  }

  /** Undecided possible personal data breaches with their deadlines, one per holder of the deciding role. */
  async icoDeadlines(personId?: string): Promise<IcoDeadline[]> {
    return icoDeadlines(this.db, this.clock.now(), personId);
  }

  // ---- Learning and closing ----

  async recordLessons(actor: Actor, id: string, input: LessonsInput, requestId?: string): Promise<void> {
    return this.learning.recordLessons(actor, id, input, requestId);
  }

  async addCorrectiveAction(actor: Actor, id: string, input: CorrectiveActionInput, requestId?: string): Promise<{ id: string; reference: string }> {
    return this.learning.addCorrectiveAction(actor, id, input, requestId);
  }

  /** Links an action to a control (code), risk (reference) or document (key prefix or id) it adds or changes. */
  async linkActionTarget(actor: Actor, actionId: string, type: string, reference: string, requestId?: string): Promise<void> {
    return this.learning.linkActionTarget(actor, actionId, type, reference, requestId);
  }

  async unlinkActionTarget(actor: Actor, actionId: string, type: string, targetId: string, requestId?: string): Promise<void> {
    return this.learning.unlinkActionTarget(actor, actionId, type, targetId, requestId);
  }

  async actionTargets(actor: Actor, actionId: string): Promise<ActionTarget[]> {
    return this.learning.actionTargets(actor, actionId);
  }

  /** Refused, naming what is missing, without lessons learned or a corrective action (or, for a breach, the ICO decision). */
  async close(actor: Actor, id: string, note?: string, requestId?: string): Promise<void> {
    return this.learning.close(actor, id, note, requestId);
  }

  /** The security team reopens a closed incident with a reason, to a handling stage (default recovered). */
  async reopen(actor: Actor, id: string, input: { reason: string; stage?: string }, requestId?: string): Promise<void> {
    return this.learning.reopen(actor, id, input, requestId);
  }

  // ---- Views ----

  /** Everything about the incident; personal data redacted where the actor has no need to know. */
  async get(actor: Actor, id: string): Promise<IncidentDetails> {
    return this.views.get(actor, id);
  }

  async list(actor: Actor, filter: IncidentFilter, page: number): Promise<IncidentPage> {
    return this.views.list(actor, filter, page);
  }

  /** Open incidents assigned to the actor. */
  async queue(actor: Actor): Promise<IncidentSummary[]> {
    return this.views.queue(actor);
  }

  /** The actor's own reports, newest first. */
  /** Every incident the actor may see under the filter, as CSV; audited, since it names the people involved. */
  async exportCsv(actor: Actor, filter: IncidentFilter, requestId?: string): Promise<string> {
    const rows: IncidentSummary[] = [];
    for (let page = 1; ; page++) {
      const result = await this.views.list(actor, filter, page);
      rows.push(...result.incidents);
      if (page >= result.pages) break;
    }
    return this.audit.write(this.db, async () => ({ result: incidentsCsv(rows), event: { actor: auditActorOf(actor), action: 'incidents.exported', metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } }));
  }

  async myReports(actor: Actor): Promise<IncidentSummary[]> {
    return this.views.myReports(actor);
  }

  async trend(actor: Actor, filter: IncidentFilter): Promise<IncidentTrend> {
    return this.views.trend(actor, filter);
  }

  async timings(actor: Actor, filter: IncidentFilter): Promise<IncidentTimings> {
    return this.views.timings(actor, filter);
  }

  // ---- The quarterly return ----

  async returnLayout(actor: Actor): Promise<ReturnLayout> {
    return this.learning.returnLayout(actor);
  }

  async setReturnLayout(actor: Actor, layout: ReturnLayout, requestId?: string): Promise<void> {
    return this.learning.setReturnLayout(actor, layout, requestId);
  }

  /** `quarter` as `2026-Q3` (calendar quarters). */
  async quarterlyReturn(actor: Actor, quarter: string): Promise<QuarterlyReturn> {
    return this.learning.quarterlyReturn(actor, quarter);
  }
}

const handlerMessage = (row: IncidentRow, handler: { id: string; email: string }) => ({
  personId: handler.id,
  to: handler.email,
  subject: `${row.reference} is assigned to you to handle`,
  body: `${row.reference} ${row.title}\n\nYou are the handler of this ${row.kind === 'near-miss' ? 'near miss' : 'incident'} until it is closed. Open /incidents/${row.id} in Custodian.`,
});

const RECORD_WORDS: Record<LinkedRecordType, string> = { asset: 'an information asset', service: 'a technology service', supplier: 'a supplier' };
export { SETTING as INCIDENT_SETTINGS };
