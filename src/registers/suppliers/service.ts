// Suppliers and partners (issue 09): the list with its filters, one supplier with what it reaches and so
// its derived criticality and the highest classification it handles, adding and changing suppliers, the
// security team's criticality override, and the audited exports. Contracts, certifications and
// sub-processors are parts.ts; the CSV imports import.ts and contract-import.ts.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere, unitsWhere } from '../../access/authorize.ts';
import type { Db, Executor } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { classificationLabel } from '../information-assets/classification.ts';
import { loadClassificationVocabulary } from '../information-assets/vocabulary.repository.ts';
import { toCodes } from '../technology-services/classification.repository.ts';
import { authorizeSupplierManagement, authorizeSupplierRead, managesSupplier } from './access.ts';
import { SupplierContractsImport } from './contract-import.ts';
import { derivedCriticality, handledClassification, reachOf, type Reach } from './criticality.ts';
import { CRITICALITIES, SUPPLIER_RECORD_TYPE, type AssessmentStatus, type Criticality } from './entity.ts';
import { SuppliersImport } from './import.ts';
import { CERTIFICATE_WARNING_DAYS, SupplierParts } from './parts.ts';
import { SupplierPartsRepository } from './parts.repository.ts';
import { SupplierRepository, type SupplierFilter, type SupplierRow } from './repository.ts';
import { checkSupplierInput, type CheckedSupplier, type SupplierInput } from './supplier-input.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';

export type { SupplierInput } from './supplier-input.ts';

export const SUPPLIERS_PAGE_SIZE = 50;
export const SRO_ROLE = 'senior-responsible-officer';
export const SBO_ROLE = 'senior-business-owner';
export const SUPPLIERS_CSV_HEADER = ['reference', 'name', 'company number', 'contact name', 'contact email', 'unit', 'sro', 'senior business owner', 'assets', 'services'];
export const CONTRACTS_CSV_HEADER = ['reference', 'supplier', 'title', 'unit', 'starts on', 'ends on', 'value band'];

export interface Holder {
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
}

export interface SupplierSummary {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly companyNumber: string | null;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly derivedCriticality: Criticality;
  /** The override where the security team set one, else the derived criticality. */
  readonly criticality: Criticality;
  readonly criticalityOverridden: boolean;
  /** The highest classification the supplier handles: OFFICIAL-SENSITIVE, SECRET, or None. */
  readonly classification: string;
  readonly sro: Holder | null;
  readonly latestAssessmentStatus: AssessmentStatus | null;
  readonly expiredCertificates: number;
  readonly expiringCertificates: number;
  readonly openDeviations: number;
  readonly updatedAt: Date;
}

export interface Supplier extends SupplierSummary {
  readonly contactName: string;
  readonly contactEmail: string;
  readonly description: string;
  readonly criticalityReason: string | null;
  readonly sbo: Holder | null;
  readonly assets: ReadonlyArray<{ id: string; reference: string; name: string; label: string; personalData: boolean }>;
  readonly services: ReadonlyArray<{ id: string; reference: string; name: string; criticality: string }>;
  readonly controls: ReadonlyArray<{ controlId: string; code: string; title: string; applied: boolean }>;
  readonly createdAt: Date;
}

export interface SupplierListQuery {
  readonly search?: string;
  /** A unit's code. */
  readonly unit?: string;
  readonly criticality?: Criticality;
  readonly assessmentStatus?: AssessmentStatus | 'never';
  readonly certificates?: 'expired' | 'expiring';
  readonly withinDays?: number;
  readonly openDeviations?: boolean;
}

export interface SupplierPermissions {
  /** The security team of its unit, or its SRO or SBO: change it, its contracts, certifications and sub-processors. */
  readonly canEdit: boolean;
  /** The security team of its unit: change its unit and owners, and set its criticality. */
  readonly canManage: boolean;
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

export class SupplierService {
  /** List counts, kept until the next write: on the embedded database a count of the whole register costs more than its page. */
  private readonly counts: UntilNextWrite;
  readonly imports: SuppliersImport;
  readonly contractImports: SupplierContractsImport;
  readonly parts: SupplierParts;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
  ) {
    this.imports = new SuppliersImport(db, clock, audit);
    this.contractImports = new SupplierContractsImport(db, clock, audit);
    this.parts = new SupplierParts(db, clock, audit);
    this.counts = new UntilNextWrite(db, clock);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  async list(actor: Actor, query: SupplierListQuery, page: number): Promise<{ suppliers: SupplierSummary[]; total: number; page: number; pages: number }> {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
    const repository = new SupplierRepository(this.db);
    const today = this.today();
    const current = Math.max(1, Math.floor(page));
    const unit = query.unit?.trim() ? await repository.unitByCode(query.unit) : undefined;
    const filter: SupplierFilter = {
      ...(query.search?.trim() ? { search: query.search.trim() } : {}),
      // A unit no one knows has no suppliers: the list is empty rather than unfiltered.
      ...(query.unit?.trim() ? { unitId: unit?.id ?? NOBODY } : {}),
      ...(query.assessmentStatus ? { assessmentStatus: query.assessmentStatus } : {}),
      ...(query.certificates ? { certificates: query.certificates, withinDays: query.withinDays ?? CERTIFICATE_WARNING_DAYS } : {}),
      ...(query.openDeviations !== undefined ? { openDeviations: query.openDeviations } : {}),
    };
    const visibility = { unitIds: unitsWhere(actor, 'suppliers.read'), personId: actor.kind === 'person' ? actor.personId : null };
    const slice = { limit: SUPPLIERS_PAGE_SIZE, offset: (current - 1) * SUPPLIERS_PAGE_SIZE };
    let ids: string[];
    let total: number;
    if (query.criticality) {
      // Criticality is derived in code (criticality.ts), so it is filtered here, over every match, before paging.
      const matching = await repository.matching(filter, visibility, today);
      const reach = await reachOf(this.db, matching.map((m) => m.id));
      const critical = matching.filter((m) => (m.criticalityOverride ?? derivedCriticality(reachFor(reach, m.id))) === query.criticality);
      ids = critical.slice(slice.offset, slice.offset + slice.limit).map((m) => m.id);
      total = critical.length;
    } else {
      // Without it the database pages and counts: only the page's 50 suppliers come back.
      [ids, total] = await Promise.all([repository.pageIds(filter, visibility, today, slice), this.counts.get(JSON.stringify([filter, visibility]), () => repository.count(filter, visibility, today))]);
    }
    const rows = await repository.byIds(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const suppliers = await this.summaries(this.db, ids.map((id) => byId.get(id)!), today);
    return { suppliers, total, page: current, pages: Math.max(1, Math.ceil(total / SUPPLIERS_PAGE_SIZE)) };
  }

  /** Derived criticality, classification, SRO and flags for a page of rows: a fixed number of queries. */
  private async summaries(db: Executor, rows: readonly SupplierRow[], today: string): Promise<SupplierSummary[]> {
    const ids = rows.map((r) => r.id);
    const [reach, facts, holders] = await Promise.all([reachOf(db, ids), new SupplierRepository(db).listFacts(ids, today, CERTIFICATE_WARNING_DAYS), new AppointmentRepository(db).recordHolders(SUPPLIER_RECORD_TYPE, ids, today)]);
    return rows.map((r) => {
      const supplierReach = reachFor(reach, r.id);
      const derived = derivedCriticality(supplierReach);
      const fact = facts.get(r.id);
      return {
        id: r.id,
        reference: r.reference,
        name: r.name,
        companyNumber: r.companyNumber,
        unitId: r.unitId,
        unitCode: r.unitCode,
        unitName: r.unitName,
        derivedCriticality: derived,
        criticality: r.criticalityOverride ?? derived,
        criticalityOverridden: r.criticalityOverride !== null,
        classification: handledClassification(supplierReach),
        sro: holders.get(r.id)?.get(SRO_ROLE) ?? null,
        latestAssessmentStatus: fact?.latestAssessmentStatus ?? null,
        expiredCertificates: fact?.expiredCertificates ?? 0,
        expiringCertificates: fact?.expiringCertificates ?? 0,
        openDeviations: fact?.openDeviations ?? 0,
        updatedAt: r.updatedAt,
      };
    });
  }

  private async load(db: Executor, row: SupplierRow): Promise<Supplier> {
    const repository = new SupplierRepository(db);
    const today = this.today();
    const [[summary], assets, services, controls, vocabulary, holders] = await Promise.all([
      this.summaries(db, [row], today),
      repository.assetsOf(row.id),
      repository.servicesOf(row.id),
      repository.controlsOf(row.id),
      loadClassificationVocabulary(db),
      new AppointmentRepository(db).recordHolders(SUPPLIER_RECORD_TYPE, [row.id], today),
    ]);
    return {
      ...summary!,
      contactName: row.contactName,
      contactEmail: row.contactEmail,
      description: row.description,
      criticalityReason: row.criticalityReason,
      sbo: holders.get(row.id)?.get(SBO_ROLE) ?? null,
      assets: assets.map((a) => ({ id: a.id, reference: a.reference, name: a.name, personalData: a.personalData, label: classificationLabel({ tier: a.tier, sensitive: a.sensitive, handlingInstruction: a.handlingInstruction, descriptors: toCodes(a.descriptors) }, vocabulary) })),
      services,
      controls,
      createdAt: row.createdAt,
    };
  }

  private async row(id: string): Promise<SupplierRow> {
    const row = await new SupplierRepository(this.db).findById(requireId(id, 'The supplier'));
    if (!row) throw notFound('The supplier');
    return row;
  }

  async get(actor: Actor, id: string): Promise<Supplier> {
    const row = await this.row(id);
    await authorizeSupplierRead(this.db, actor, row, this.today());
    return this.load(this.db, row);
  }

  /** A supplier for its change form: only those who may change it may have it. */
  async getForChange(actor: Actor, id: string): Promise<Supplier> {
    const row = await this.row(id);
    await authorizeSupplierManagement(this.db, actor, row, this.today());
    return this.load(this.db, row);
  }

  /** A supplier for the criticality form: only the security team of its unit may set its criticality. */
  async getForOverride(actor: Actor, id: string): Promise<Supplier> {
    const supplier = await this.get(actor, id);
    authorize(actor, 'suppliers.manage', { unitId: supplier.unitId });
    return supplier;
  }

  /** Finds a supplier by name (the example data is idempotent by name). */
  async findByName(actor: Actor, name: string): Promise<Supplier | undefined> {
    const row = await new SupplierRepository(this.db).findByName(name);
    if (!row) return undefined;
    await authorizeSupplierRead(this.db, actor, row, this.today());
    return this.load(this.db, row);
  }

  async permissions(actor: Actor, supplier: { id: string; unitId: string }): Promise<SupplierPermissions> {
    const canManage = can(actor, 'suppliers.manage', { unitId: supplier.unitId });
    return { canManage, canEdit: canManage || (await managesSupplier(this.db, actor, supplier, this.today())) };
  }

  private async setOwners(trx: Executor, supplierId: string, checked: CheckedSupplier): Promise<void> {
    const appointments = new AppointmentRepository(trx);
    const today = this.today();
    const yesterday = addDays(today, -1);
    if (checked.sroId !== undefined) await appointments.setRecordHolder({ roleCode: SRO_ROLE, recordType: SUPPLIER_RECORD_TYPE, recordId: supplierId, personId: checked.sroId, today, yesterday });
    if (checked.sboId !== undefined) await appointments.setRecordHolder({ roleCode: SBO_ROLE, recordType: SUPPLIER_RECORD_TYPE, recordId: supplierId, personId: checked.sboId, today, yesterday });
  }

  private async write(trx: Executor, id: string, checked: CheckedSupplier): Promise<void> {
    const repository = new SupplierRepository(trx);
    await this.setOwners(trx, id, checked);
    if (checked.assetIds !== undefined || checked.serviceIds !== undefined) {
      const current = await this.load(trx, (await repository.findById(id))!);
      await repository.setReach(id, checked.assetIds ?? current.assets.map((a) => a.id), checked.serviceIds ?? current.services.map((s) => s.id));
    }
    if (checked.controls !== undefined) await repository.setControls(id, checked.controls);
  }

  async create(actor: Actor, input: SupplierInput, requestId?: string): Promise<string> {
    const unit = await new SupplierRepository(this.db).unitByCode(input.unit ?? '');
    if (unit) authorize(actor, 'suppliers.manage', { unitId: unit.id });
    else if (!canAnywhere(actor, 'suppliers.manage')) authorize(actor, 'suppliers.manage', {});
    const checked = await checkSupplierInput(this.db, input, { creating: true, today: this.today() });
    return this.audit.write(this.db, async (trx) => {
      const repository = new SupplierRepository(trx);
      const id = await repository.insert(checked.values, this.clock.now());
      await this.write(trx, id, checked);
      const after = await this.load(trx, (await repository.findById(id))!);
      return { result: id, event: { actor: auditActorOf(actor), action: 'supplier.created', recordType: SUPPLIER_RECORD_TYPE, recordId: id, changes: { after: auditView(after) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /**
   * Changes a supplier. The security team of its unit may change anything; its SRO or Senior Business
   * Owner may change its details, reach and controls, but not its unit or its owners.
   */
  async update(actor: Actor, id: string, input: SupplierInput, requestId?: string): Promise<void> {
    const before = await this.getForChange(actor, id);
    const manages = can(actor, 'suppliers.manage', { unitId: before.unitId });
    const unitChanges = input.unit !== undefined && input.unit.trim().toUpperCase() !== before.unitCode;
    if (!manages && unitChanges) throw ownersOnly();
    if (manages && unitChanges) {
      const unit = await new SupplierRepository(this.db).unitByCode(input.unit ?? '');
      if (unit) authorize(actor, 'suppliers.manage', { unitId: unit.id });
    }
    const checked = await checkSupplierInput(this.db, { ...input, unit: input.unit ?? before.unitCode }, { creating: false, today: this.today(), existingId: id, appliedBefore: before.controls });
    if (!manages && ((checked.sroId !== undefined && checked.sroId !== before.sro?.personId) || (checked.sboId !== undefined && checked.sboId !== (before.sbo?.personId ?? null)))) throw ownersOnly();
    await this.audit.write(this.db, async (trx) => {
      const repository = new SupplierRepository(trx);
      await repository.update(id, checked.values, this.clock.now());
      await this.write(trx, id, checked);
      const after = await this.load(trx, (await repository.findById(id))!);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'supplier.changed', recordType: SUPPLIER_RECORD_TYPE, recordId: id, changes: { before: auditView(before), after: auditView(after) }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The security team sets a criticality other than the derived one, with its reason; an empty override returns to the derived one. */
  async setCriticality(actor: Actor, id: string, input: { override: string; reason: string }, requestId?: string): Promise<void> {
    const before = await this.getForOverride(actor, id);
    const override = input.override.trim();
    const reason = input.reason.trim();
    const problems: FieldProblem[] = [];
    if (override !== '' && !(CRITICALITIES as readonly string[]).includes(override)) problems.push({ field: 'override', message: `Choose a criticality: ${CRITICALITIES.join(', ')}, or none to use the derived one` });
    if (override !== '' && reason === '') problems.push({ field: 'reason', message: 'Say why the supplier’s criticality differs from the derived one' });
    if (reason.length > 2000) problems.push({ field: 'reason', message: 'The reason is at most 2,000 characters' });
    if (problems.length > 0) throw validationFailed(problems);
    const value = override === '' ? null : (override as Criticality);
    await this.audit.write(this.db, async (trx) => {
      await new SupplierRepository(trx).setCriticalityOverride(id, value, value ? reason : null, this.clock.now());
      return {
        result: undefined,
        event: {
          actor: auditActorOf(actor),
          action: value ? 'supplier.criticality-set' : 'supplier.criticality-cleared',
          recordType: SUPPLIER_RECORD_TYPE,
          recordId: id,
          changes: { before: { override: before.criticalityOverridden ? before.criticality : null, reason: before.criticalityReason }, after: { override: value, reason: value ? reason : null } },
          metadata: { derived: before.derivedCriticality },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  /** Every supplier the actor may read, as the import file's columns; one audit event for the export. */
  async exportCsv(actor: Actor, requestId?: string): Promise<{ csv: string; rows: number }> {
    const visible = unitsWhere(actor, 'suppliers.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'suppliers.read');
    return this.audit.write(this.db, async (trx) => {
      const rows = await new SupplierRepository(trx).exportRows(visible, this.today());
      const csv = toCsv(SUPPLIERS_CSV_HEADER, rows.map((r) => [r.reference, r.name, r.company_number, r.contact_name, r.contact_email, r.unit, r.sro, r.sbo, r.assets, r.services]));
      return { result: { csv, rows: rows.length }, event: { actor: auditActorOf(actor), action: 'suppliers.exported', recordType: SUPPLIER_RECORD_TYPE, metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Every contract of the suppliers the actor may read, as the contracts import file's columns. */
  async exportContractsCsv(actor: Actor, requestId?: string): Promise<{ csv: string; rows: number }> {
    const visible = unitsWhere(actor, 'suppliers.read');
    if (visible !== 'all' && visible.length === 0) authorize(actor, 'suppliers.read');
    return this.audit.write(this.db, async (trx) => {
      const rows = await new SupplierPartsRepository(trx).contractExportRows(visible);
      const csv = toCsv(CONTRACTS_CSV_HEADER, rows.map((r) => [r.reference, r.supplier, r.title, r.unit, r.starts_on, r.ends_on, r.value_band]));
      return { result: { csv, rows: rows.length }, event: { actor: auditActorOf(actor), action: 'supplier-contracts.exported', recordType: 'supplier-contract', metadata: { rows: rows.length, format: 'csv' }, ...(requestId ? { requestId } : {}) } };
    });
  }
}

const EMPTY_REACH: Reach = { tierRank: 0, tier: null, sensitive: false, personalData: false, highestServiceCriticality: null };
const reachFor = (reach: Map<string, Reach>, id: string): Reach => reach.get(id) ?? EMPTY_REACH;

function ownersOnly(): AppError {
  return new AppError('forbidden', 'As the supplier’s SRO or Senior Business Owner you may change its details, reach and controls: ask the security team to change its unit or its owners.');
}

/** What the audit event keeps of a supplier: its values, owners, reach and controls, not display-only fields. */
function auditView(s: Supplier) {
  return {
    reference: s.reference,
    name: s.name,
    companyNumber: s.companyNumber,
    contactName: s.contactName,
    contactEmail: s.contactEmail,
    description: s.description,
    unitId: s.unitId,
    seniorResponsibleOfficer: s.sro?.personId ?? null,
    seniorBusinessOwner: s.sbo?.personId ?? null,
    assets: s.assets.map((a) => a.reference),
    services: s.services.map((x) => x.reference),
    controls: s.controls.map((c) => ({ code: c.code, applied: c.applied })),
    derivedCriticality: s.derivedCriticality,
  };
}
