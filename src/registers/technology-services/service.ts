// Technology services: reading, adding and changing one service at a time, and the audited export.
// The CSV import is import.ts. A service's owners are appointments on the record; its classification
// is derived from its assets (classification.repository.ts), never typed.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, unitsWhere } from '../../access/authorize.ts';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { classificationLabel, derivedLabel, deriveClassification } from '../information-assets/classification.ts';
import { loadClassificationVocabulary } from '../information-assets/vocabulary.repository.ts';
import { serviceAssetClassifications, toCodes } from './classification.repository.ts';
import { TechnologyServicesImport } from './import.ts';
import { CRITICALITY, HOSTING, SERVICE_RECORD_TYPE, SERVICE_REFERENCE, SRO_ROLE, TSO_ROLE, splitSuppliers, type TechnologyService, type TechnologyServiceSummary } from './entity.ts';
import { TechnologyServiceRepository, type ServiceFilter, type ServiceRow, type ServiceSort, type ServiceValues } from './repository.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';

export const SERVICES_PAGE_SIZE = 50;
export const SERVICES_CSV_HEADER = ['reference', 'name', 'purpose', 'unit', 'technology service owner', 'senior responsible officer', 'hosting', 'suppliers', 'criticality', 'information assets', 'standards'];

export interface ServiceInput {
  readonly reference: string;
  readonly name: string;
  readonly purpose?: string;
  readonly unitId: string;
  readonly hosting: string;
  /** Comma-separated, or a list. */
  readonly suppliers?: string | readonly string[];
  readonly criticality: string;
  /** Email or staff number. On update, undefined leaves the owner as they are. */
  readonly technologyServiceOwner?: string;
  readonly seniorResponsibleOfficer?: string;
  /** Asset references; on update, undefined leaves them as they are. */
  readonly assets?: readonly string[];
  /** Document references (key prefixes, such as SISP). */
  readonly standards?: readonly string[];
}

export interface ServiceListQuery extends Omit<ServiceFilter, 'unitIds' | 'tsoPersonId'> {
  /** The Technology Service Owner's email or staff number. */
  readonly tso?: string;
  readonly sort?: ServiceSort;
  readonly descending?: boolean;
}

interface Checked {
  readonly values: ServiceValues;
  readonly tsoId: string | undefined;
  readonly sroId: string | undefined;
  readonly assetIds: string[] | undefined;
  readonly standardIds: string[] | undefined;
}

/** Splits a list typed into a text field: commas, semicolons or new lines. */
export function splitReferences(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== ''))];
}

export class TechnologyServiceService {
  /** The CSV import: `imports.run(actor, { fileName, bytes, dryRun }, onProgress)`. */
  /** List counts, kept until the next write: on the embedded database a count of the whole register costs more than its page. */
  private readonly counts: UntilNextWrite;
  readonly imports: TechnologyServicesImport;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly config: Config,
  ) {
    this.imports = new TechnologyServicesImport(db, clock, audit);
    this.counts = new UntilNextWrite(db, clock);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  async list(actor: Actor, query: ServiceListQuery, page: number) {
    if (query.unitId) authorize(actor, 'services.read', { unitId: query.unitId });
    const visible = unitsWhere(actor, 'services.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'services.read');
    const repository = new TechnologyServiceRepository(this.db);
    let tsoPersonId: string | undefined;
    if (query.tso?.trim()) {
      // Someone no one knows owns nothing: the list is empty rather than unfiltered.
      tsoPersonId = (await repository.personByReference(query.tso))?.id ?? '00000000-0000-0000-0000-000000000000';
    }
    const filter: ServiceFilter = {
      ...(query.search ? { search: query.search } : {}),
      ...(query.unitId ? { unitId: query.unitId } : {}),
      ...(query.hosting ? { hosting: query.hosting } : {}),
      ...(query.criticality ? { criticality: query.criticality } : {}),
      ...(query.tier ? { tier: query.tier } : {}),
      ...(tsoPersonId ? { tsoPersonId } : {}),
      ...(visible !== 'all' ? { unitIds: visible } : {}),
    };
    const current = Math.max(1, Math.floor(page));
    const today = this.today();
    const { services: rows, total } = await repository.list(filter, query.sort ?? 'name', query.descending ?? false, { limit: SERVICES_PAGE_SIZE, offset: (current - 1) * SERVICES_PAGE_SIZE }, today, this.counts.keeping(JSON.stringify(filter)));
    const services = await this.summaries(this.db, rows, today);
    return { services, total, page: current, pages: Math.max(1, Math.ceil(total / SERVICES_PAGE_SIZE)) };
  }

  /** Derived labels and owners for a page of rows: a fixed number of queries, whatever the page holds. */
  private async summaries(db: Executor, rows: readonly ServiceRow[], today: string): Promise<TechnologyServiceSummary[]> {
    const ids = rows.map((r) => r.id);
    const [assets, vocabulary, holders] = await Promise.all([serviceAssetClassifications(db, ids), loadClassificationVocabulary(db), new AppointmentRepository(db).recordHolders(SERVICE_RECORD_TYPE, ids, today)]);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      name: r.name,
      unitId: r.unitId,
      unitCode: r.unitCode,
      unitName: r.unitName,
      hosting: r.hosting,
      criticality: r.criticality,
      updatedAt: r.updatedAt,
      classification: derivedLabel(deriveClassification(assets.get(r.id) ?? [], vocabulary), vocabulary),
      tso: holders.get(r.id)?.get(TSO_ROLE) ?? null,
    }));
  }

  async get(actor: Actor, id: string): Promise<TechnologyService> {
    const row = await new TechnologyServiceRepository(this.db).findById(requireId(id, 'The technology service'));
    if (!row) throw notFound('The technology service');
    authorize(actor, 'services.read', { unitId: row.unitId });
    return this.load(this.db, row);
  }

  private async load(db: Executor, row: ServiceRow): Promise<TechnologyService> {
    const repository = new TechnologyServiceRepository(db);
    const today = this.today();
    const [[summary], assets, standards, vocabulary, holders] = await Promise.all([
      this.summaries(db, [row], today),
      repository.assetsOf(row.id),
      repository.standardsOf(row.id),
      loadClassificationVocabulary(db),
      new AppointmentRepository(db).recordHolders(SERVICE_RECORD_TYPE, [row.id], today),
    ]);
    return {
      ...summary!,
      purpose: row.purpose,
      suppliers: splitSuppliers(row.suppliers),
      createdAt: row.createdAt,
      sro: holders.get(row.id)?.get(SRO_ROLE) ?? null,
      assets: assets.map((a) => ({
        id: a.id,
        reference: a.reference,
        name: a.name,
        label: classificationLabel({ tier: a.classification_tier, sensitive: a.sensitive, handlingInstruction: a.handling_instruction, descriptors: toCodes(a.descriptors) }, vocabulary),
        personalData: a.personal_data,
      })),
      standards,
      personalData: assets.some((a) => a.personal_data),
    };
  }

  /** Whether the actor may change the service as its TSO or SRO (holder or deputy), not as the security team. */
  private async isOwner(actor: Actor, service: { id: string; unitId: string }): Promise<boolean> {
    if (actor.kind !== 'person' || !can(actor, 'services.edit-own', { unitId: service.unitId })) return false;
    return new AppointmentRepository(this.db).holdsRecordRole(actor.personId, [TSO_ROLE, SRO_ROLE], SERVICE_RECORD_TYPE, service.id, this.today());
  }

  /** A service for its change form: only the security team at its unit, or its TSO or SRO, may have it. */
  async getForChange(actor: Actor, id: string): Promise<TechnologyService> {
    const service = await this.get(actor, id);
    if (!(await this.permissions(actor, service)).canEdit) authorize(actor, 'services.manage', { unitId: service.unitId });
    return service;
  }

  /** What the actor may do to one service: for pages, which links to show. */
  async permissions(actor: Actor, service: { id: string; unitId: string }): Promise<{ canEdit: boolean; canManage: boolean }> {
    const canManage = can(actor, 'services.manage', { unitId: service.unitId });
    return { canManage, canEdit: canManage || (await this.isOwner(actor, service)) };
  }

  private async checked(input: ServiceInput, creating: boolean, existingId?: string): Promise<Checked> {
    const repository = new TechnologyServiceRepository(this.db);
    const problems: FieldProblem[] = [];
    const reference = input.reference.trim();
    const name = input.name.trim();
    if (reference === '') problems.push({ field: 'reference', message: 'Enter the service’s reference, such as SVC-0001' });
    else if (!SERVICE_REFERENCE.test(reference)) problems.push({ field: 'reference', message: 'A reference is up to 40 letters, numbers, dots, dashes, underscores or slashes, starting with a letter or number, such as SVC-0001' });
    else if (await repository.referenceTaken(reference, existingId)) problems.push({ field: 'reference', message: `Another service already has the reference ${reference}: choose another` });
    if (name === '') problems.push({ field: 'name', message: 'Enter the service’s name' });
    else if (name.length > 200) problems.push({ field: 'name', message: 'A name is at most 200 characters' });
    const purpose = (input.purpose ?? '').trim();
    if (purpose.length > 4000) problems.push({ field: 'purpose', message: 'The purpose is at most 4,000 characters' });
    if (!input.unitId || !/^[0-9a-f-]{36}$/i.test(input.unitId) || !(await repository.unitExists(input.unitId))) problems.push({ field: 'unitId', message: 'Choose the unit the service belongs to' });
    if (!(HOSTING as readonly string[]).includes(input.hosting)) problems.push({ field: 'hosting', message: `Choose how the service is hosted: ${HOSTING.join(', ')}` });
    if (!(CRITICALITY as readonly string[]).includes(input.criticality)) problems.push({ field: 'criticality', message: `Choose the service’s criticality: ${CRITICALITY.join(', ')}` });
    const suppliers = (typeof input.suppliers === 'string' ? splitSuppliers(input.suppliers) : (input.suppliers ?? []).map((s) => s.trim()).filter((s) => s !== '')).join(', ');
    if (suppliers.length > 2000) problems.push({ field: 'suppliers', message: 'The suppliers are at most 2,000 characters' });

    const owner = async (field: string, role: string, value: string | undefined): Promise<string | undefined> => {
      if (value === undefined && !creating) return undefined;
      if (!value?.trim()) {
        problems.push({ field, message: `Enter the email address or staff number of the ${role}` });
        return undefined;
      }
      const person = await repository.personByReference(value);
      if (!person) problems.push({ field, message: `No one in the people register has the email or staff number ${value.trim()}: check it, or add the person first` });
      else if (person.status === 'left') problems.push({ field, message: `${person.name} has left, so cannot be the ${role}: name someone who is still here` });
      else return person.id;
      return undefined;
    };
    const tsoId = await owner('technologyServiceOwner', 'Technology Service Owner', input.technologyServiceOwner);
    const sroId = await owner('seniorResponsibleOfficer', 'Senior Responsible Officer', input.seniorResponsibleOfficer);

    let assetIds: string[] | undefined;
    if (input.assets !== undefined) {
      const wanted = [...new Set(input.assets.map((a) => a.trim()).filter((a) => a !== ''))];
      const found = await repository.assetsByReference(wanted);
      const unknown = wanted.filter((w) => !found.some((f) => f.reference.toLowerCase() === w.toLowerCase()));
      if (unknown.length > 0) problems.push({ field: 'assets', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not an information asset reference' : 'are not information asset references'}: check the references in the information assets register` });
      assetIds = found.map((f) => f.id);
    }
    let standardIds: string[] | undefined;
    if (input.standards !== undefined) {
      const wanted = [...new Set(input.standards.map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
      const found = await repository.documentsByReference(wanted);
      const unknown = wanted.filter((w) => !found.some((f) => f.reference === w));
      if (unknown.length > 0) problems.push({ field: 'standards', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not the reference of a document' : 'are not references of documents'} in the policy library: use the document’s reference, such as SISP` });
      standardIds = found.map((f) => f.id);
    }
    if (problems.length > 0) throw validationFailed(problems);
    return { values: { reference, name, purpose, unitId: input.unitId, hosting: input.hosting, suppliers, criticality: input.criticality }, tsoId, sroId, assetIds, standardIds };
  }

  private async setOwners(trx: Executor, serviceId: string, checked: Checked): Promise<void> {
    const appointments = new AppointmentRepository(trx);
    const today = this.today();
    const yesterday = addDays(today, -1);
    if (checked.tsoId) await appointments.setRecordHolder({ roleCode: TSO_ROLE, recordType: SERVICE_RECORD_TYPE, recordId: serviceId, personId: checked.tsoId, today, yesterday });
    if (checked.sroId) await appointments.setRecordHolder({ roleCode: SRO_ROLE, recordType: SERVICE_RECORD_TYPE, recordId: serviceId, personId: checked.sroId, today, yesterday });
  }

  async create(actor: Actor, input: ServiceInput, requestId?: string): Promise<string> {
    authorize(actor, 'services.manage', { unitId: /^[0-9a-f-]{36}$/i.test(input.unitId) ? input.unitId : undefined });
    const checked = await this.checked(input, true);
    return this.audit.write(this.db, async (trx) => {
      const repository = new TechnologyServiceRepository(trx);
      const id = await repository.insert(checked.values, this.clock.now());
      await this.setOwners(trx, id, checked);
      await repository.setAssets(id, checked.assetIds ?? []);
      await repository.setStandards(id, checked.standardIds ?? []);
      const after = await this.load(trx, (await repository.findById(id))!);
      return { result: id, event: { actor: auditActorOf(actor), action: 'technology-service.created', recordType: SERVICE_RECORD_TYPE, recordId: id, changes: { after: auditView(after) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /**
   * Changes a service. The security team (services.manage at its unit) may change anything; its TSO or
   * SRO may change its details, assets and standards, but not its unit or its owners.
   */
  async update(actor: Actor, id: string, input: ServiceInput, requestId?: string): Promise<void> {
    const before = await this.get(actor, id);
    const manages = can(actor, 'services.manage', { unitId: before.unitId });
    if (!manages && !(await this.isOwner(actor, before))) authorize(actor, 'services.manage', { unitId: before.unitId });
    if (manages && input.unitId !== before.unitId && /^[0-9a-f-]{36}$/i.test(input.unitId)) authorize(actor, 'services.manage', { unitId: input.unitId });
    if (!manages && input.unitId !== before.unitId) throw ownersOnly();
    const checked = await this.checked(input, false, id);
    if (!manages && ((checked.tsoId !== undefined && checked.tsoId !== before.tso?.personId) || (checked.sroId !== undefined && checked.sroId !== before.sro?.personId))) throw ownersOnly();
    await this.audit.write(this.db, async (trx) => {
      const repository = new TechnologyServiceRepository(trx);
      await repository.update(id, checked.values, this.clock.now());
      await this.setOwners(trx, id, checked);
      if (checked.assetIds) await repository.setAssets(id, checked.assetIds);
      if (checked.standardIds) await repository.setStandards(id, checked.standardIds);
      const after = await this.load(trx, (await repository.findById(id))!);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'technology-service.changed', recordType: SERVICE_RECORD_TYPE, recordId: id, changes: { before: auditView(before), after: auditView(after) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Every service the actor may see, as the import file's columns; one audit event for the export. */
  async exportCsv(actor: Actor, requestId?: string): Promise<{ csv: string; rows: number }> {
    const visible = unitsWhere(actor, 'services.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'services.read');
    return this.audit.write(this.db, async (trx) => {
      const rows = await new TechnologyServiceRepository(trx).exportRows(visible, this.today());
      const csv = toCsv(
        SERVICES_CSV_HEADER,
        rows.map((r) => [r.reference, r.name, r.purpose, r.unit, r.tso, r.sro, r.hosting, r.suppliers, r.criticality, r.assets, r.standards]),
      );
      return { result: { csv, rows: rows.length }, event: { actor: auditActorOf(actor), action: 'technology-services.exported', recordType: SERVICE_RECORD_TYPE, metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Finds a service by its reference (for the example data and the CLI). */
  async findByReference(actor: Actor, reference: string): Promise<TechnologyService | undefined> {
    const row = await new TechnologyServiceRepository(this.db).findByReference(reference.trim());
    if (!row) return undefined;
    authorize(actor, 'services.read', { unitId: row.unitId });
    return this.load(this.db, row);
  }
}

function ownersOnly(): AppError {
  return new AppError('forbidden', 'As the service’s owner you may change its details, assets and standards: ask the security team to change its unit or its owners.');
}

/** What the audit event keeps of a service: its values and who owns it, not display-only fields. */
function auditView(s: TechnologyService) {
  return {
    reference: s.reference,
    name: s.name,
    purpose: s.purpose,
    unitId: s.unitId,
    hosting: s.hosting,
    suppliers: s.suppliers,
    criticality: s.criticality,
    technologyServiceOwner: s.tso?.personId ?? null,
    seniorResponsibleOfficer: s.sro?.personId ?? null,
    assets: s.assets.map((a) => a.reference),
    standards: s.standards.map((d) => d.reference),
  };
}
