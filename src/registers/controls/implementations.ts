// Control implementations: a control's status for one technology service (or, for people and process
// controls, one unit), with an owner, a date, and evidence with a review-by date.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, unitsWhere } from '../../access/authorize.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { checkUpload, findStoredFile, storeFile, type StoredFile } from '../../platform/files/store.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { authorizeRecording, canRecordImplementation } from './access.ts';
import { EVIDENCE_KINDS, IMPLEMENTATION_STATUSES, STATUS_NAMES, type Evidence, type EvidenceKind, type Implementation, type ImplementationStatus } from './entity.ts';
import { ImplementationRepository, type ImplementationFilter, type ImplementationValues } from './implementation.repository.ts';
import { ControlRepository } from './repository.ts';

export const IMPLEMENTATIONS_PAGE_SIZE = 50;
export { isRealDate };
export const EXPORT_HEADER = ['control', 'service', 'unit', 'status', 'not applicable reason', 'owner', 'status on', 'evidence', 'evidence review overdue'];

export interface StatusInput {
  readonly status: string;
  readonly notApplicableReason?: string | null;
  /** The owner's email or staff number. */
  readonly owner?: string | null;
  /** 'YYYY-MM-DD'; today when empty. */
  readonly statusOn?: string | null;
}

export interface ImplementationTarget {
  readonly controlId: string;
  readonly serviceId?: string | null;
  readonly unitId?: string | null;
}

export interface EvidenceInput {
  readonly kind: string;
  readonly url?: string | null;
  readonly note?: string | null;
  readonly file?: { readonly name: string; readonly bytes: Uint8Array; readonly mediaType?: string } | null;
  readonly reviewBy: string;
}

export class ControlImplementationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly config: Config,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  async list(actor: Actor, filter: ImplementationFilter, page: number) {
    const visible = unitsWhere(actor, 'controls.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'controls.read');
    const current = Math.max(1, Math.floor(page));
    const { implementations, total } = await new ImplementationRepository(this.db).list({ ...filter, ...(visible === 'all' ? {} : { unitIds: visible }) }, this.today(), { limit: IMPLEMENTATIONS_PAGE_SIZE, offset: (current - 1) * IMPLEMENTATIONS_PAGE_SIZE });
    return { implementations, total, page: current, pages: Math.max(1, Math.ceil(total / IMPLEMENTATIONS_PAGE_SIZE)) };
  }

  async get(actor: Actor, id: string): Promise<Implementation> {
    const implementation = await new ImplementationRepository(this.db).find(requireId(id, 'The control implementation'), this.today());
    if (!implementation) throw notFound('The control implementation');
    authorize(actor, 'controls.read', { unitId: implementation.owningUnitId });
    return implementation;
  }

  /** An implementation with its evidence, and whether the actor may change it. */
  async detail(actor: Actor, id: string): Promise<{ implementation: Implementation; evidence: Evidence[]; canRecord: boolean }> {
    const implementation = await this.get(actor, id);
    const evidence = await new ImplementationRepository(this.db).evidence(implementation.id, this.today());
    const canRecord = await canRecordImplementation(this.db, actor, { serviceId: implementation.serviceId, unitId: implementation.owningUnitId }, this.today());
    return { implementation, evidence, canRecord };
  }

  /** What a new implementation would be for: the control and the service or unit, checked; and any existing one. */
  async target(actor: Actor, input: ImplementationTarget) {
    const repository = new ImplementationRepository(this.db);
    const problems: FieldProblem[] = [];
    const control = input.controlId ? await new ControlRepository(this.db).findControl(requireId(input.controlId, 'The control')) : undefined;
    if (!control) throw notFound('The control');
    const serviceId = input.serviceId?.trim() || null;
    const unitId = input.unitId?.trim() || null;
    if ((serviceId === null) === (unitId === null)) throw validationFailed([{ field: 'target', message: 'Record the implementation for exactly one technology service or one unit' }]);
    const service = serviceId ? await repository.findService(requireId(serviceId, 'The technology service')) : undefined;
    const unit = unitId ? await repository.findUnit(requireId(unitId, 'The unit')) : undefined;
    if (serviceId && !service) throw notFound('The technology service');
    if (unitId && !unit) throw notFound('The unit');
    if (unit && control.kind === 'technology') problems.push({ field: 'target', message: `${control.code} is a technology control: record it for each technology service, not for a unit` });
    if (problems.length > 0) throw validationFailed(problems);
    const owningUnitId = service?.unitId ?? unit!.id;
    await authorizeRecording(this.db, actor, { serviceId: service?.id ?? null, unitId: owningUnitId }, this.today());
    const existingId = await repository.existing(control.id, { serviceId: service?.id ?? null, unitId: unit?.id ?? null });
    return { control, service: service ?? null, unit: unit ?? null, owningUnitId, existingId: existingId ?? null };
  }

  private async checkedStatus(input: StatusInput): Promise<ImplementationValues> {
    const problems: FieldProblem[] = [];
    const status = input.status as ImplementationStatus;
    const reason = input.notApplicableReason?.trim() || null;
    if (!(IMPLEMENTATION_STATUSES as readonly string[]).includes(input.status)) problems.push({ field: 'status', message: `Choose a status: ${IMPLEMENTATION_STATUSES.map((s) => STATUS_NAMES[s].toLowerCase()).join(', ')}` });
    else if (status === 'not-applicable' && !reason) problems.push({ field: 'notApplicableReason', message: 'Say why the control does not apply' });
    else if (status !== 'not-applicable' && reason) problems.push({ field: 'notApplicableReason', message: 'A reason goes only with "not applicable": remove it, or choose not applicable' });
    const statusOn = input.statusOn?.trim() || this.today();
    if (!isRealDate(statusOn)) problems.push({ field: 'statusOn', message: 'Enter the date of the status as YYYY-MM-DD, such as 2026-04-01' });
    else if (statusOn > this.today()) problems.push({ field: 'statusOn', message: 'The date of the status cannot be in the future' });
    const owner = input.owner?.trim() ? await new ControlRepository(this.db).findPerson(input.owner) : undefined;
    if (input.owner?.trim() && !owner) problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${input.owner.trim()}` });
    if (problems.length > 0) throw validationFailed(problems);
    return { status, notApplicableReason: reason, ownerPersonId: owner?.id ?? null, statusOn };
  }

  async record(actor: Actor, target: ImplementationTarget, input: StatusInput, requestId?: string): Promise<string> {
    const { control, service, unit, existingId } = await this.target(actor, target);
    const values = await this.checkedStatus(input);
    if (existingId) throw new AppError('conflict', `${control.code} is already recorded for ${service?.name ?? unit?.name}: change that implementation instead`);
    return this.audit.write(this.db, async (trx) => {
      const id = await new ImplementationRepository(trx).insert(control.id, { serviceId: service?.id ?? null, unitId: unit?.id ?? null }, values);
      return {
        result: id,
        event: { actor: auditActorOf(actor), action: 'control-implementation.recorded', recordType: 'control_implementation', recordId: id, changes: { after: { control: control.code, serviceId: service?.id ?? null, unitId: unit?.id ?? null, ...values } }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  async changeStatus(actor: Actor, id: string, input: StatusInput, requestId?: string): Promise<void> {
    const before = await this.get(actor, id);
    await authorizeRecording(this.db, actor, { serviceId: before.serviceId, unitId: before.owningUnitId }, this.today());
    const values = await this.checkedStatus(input);
    await this.audit.write(this.db, async (trx) => {
      await new ImplementationRepository(trx).update(before.id, values, this.clock.now());
      const was = { status: before.status, notApplicableReason: before.notApplicableReason, ownerPersonId: before.ownerPersonId, statusOn: before.statusOn };
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'control-implementation.changed', recordType: 'control_implementation', recordId: before.id, changes: { before: was, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async addEvidence(actor: Actor, implementationId: string, input: EvidenceInput, requestId?: string): Promise<string> {
    const implementation = await this.get(actor, implementationId);
    await authorizeRecording(this.db, actor, { serviceId: implementation.serviceId, unitId: implementation.owningUnitId }, this.today());
    const problems: FieldProblem[] = [];
    const kind = input.kind as EvidenceKind;
    const url = input.url?.trim() || null;
    const note = input.note?.trim() || null;
    if (!(EVIDENCE_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: 'Choose a link, a note or a file' });
    if (kind === 'link' && !isWebAddress(url)) problems.push({ field: 'url', message: 'Enter a web address starting with https:// or http://' });
    if (kind === 'note' && !note) problems.push({ field: 'note', message: 'Enter the note' });
    if (note && note.length > 5000) problems.push({ field: 'note', message: 'The note must be 5,000 characters or fewer' });
    if (kind === 'file' && (!input.file || input.file.bytes.length === 0)) problems.push({ field: 'file', message: 'Choose a file to upload' });
    const reviewBy = input.reviewBy.trim();
    if (!isRealDate(reviewBy)) problems.push({ field: 'reviewBy', message: 'Enter the date by which to review the evidence as YYYY-MM-DD, such as 2027-04-01' });
    else if (reviewBy < this.today()) problems.push({ field: 'reviewBy', message: 'The review-by date must be today or later' });
    const fileRules = { maxBytes: this.config.maxUploadMb * 1024 * 1024, field: 'file' };
    if (kind === 'file' && input.file && input.file.bytes.length > 0) {
      try {
        checkUpload({ name: input.file.name, bytes: input.file.bytes, uploadedBy: '' }, fileRules);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      let stored: StoredFile | null = null;
      if (kind === 'file' && input.file) {
        stored = await storeFile(trx, { name: input.file.name, bytes: input.file.bytes, uploadedBy: who.label, ...(input.file.mediaType ? { mediaType: input.file.mediaType } : {}) }, fileRules);
      }
      const id = await new ImplementationRepository(trx).insertEvidence({ implementationId: implementation.id, kind, url: kind === 'link' ? url : null, note, fileId: stored?.id ?? null, reviewBy, addedBy: who.label, addedByPersonId: actor.kind === 'person' ? actor.personId : null });
      const file = stored ? { id: stored.id, name: stored.name, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 } : null;
      return { result: id, event: { actor: who, action: 'control-evidence.added', recordType: 'control_implementation', recordId: implementation.id, changes: { after: { evidenceId: id, kind, url, note, reviewBy, file } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The uploaded file of a piece of evidence, for download. */
  async evidenceFile(actor: Actor, evidenceId: string) {
    const repository = new ImplementationRepository(this.db);
    const evidence = await repository.findEvidence(requireId(evidenceId, 'The evidence'));
    if (!evidence) throw notFound('The evidence');
    await this.get(actor, evidence.implementationId);
    const file = evidence.fileId ? await findStoredFile(this.db, evidence.fileId) : undefined;
    if (!file) throw notFound('The evidence file');
    return file;
  }

  /** Every implementation the actor may see, as CSV in the import's columns. Owners' names leave the service, so the export is audited. */
  async exportCsv(actor: Actor, requestId?: string): Promise<string> {
    const visible = unitsWhere(actor, 'controls.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'controls.read');
    return this.audit.write(this.db, async (trx) => {
      const rows = await new ImplementationRepository(trx).exportRows(visible === 'all' ? null : visible, this.today());
      const csv = toCsv(
        EXPORT_HEADER,
        rows.map((i) => [i.controlCode, i.serviceReference ?? i.serviceName ?? '', i.unitCode ?? '', i.status, i.notApplicableReason ?? '', i.ownerEmail ?? '', i.statusOn, i.evidence, i.evidenceOverdue]),
      );
      return { result: csv, event: { actor: auditActorOf(actor), action: 'control-implementations.exported', metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } };
    });
  }
}

function isWebAddress(value: string | null): boolean {
  if (!value || value.length > 2000) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
