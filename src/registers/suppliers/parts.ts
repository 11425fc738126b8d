// What hangs off a supplier: its contracts, certifications and sub-processors, each added or removed by
// those who manage the supplier (the security team of its unit, or its SRO or Senior Business Owner), in
// one audited transaction; and the lists its page shows, assessments, deviations and risks included.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { authorizeSupplierManagement, authorizeSupplierRead } from './access.ts';
import { SUPPLIER_RECORD_TYPE, VALUE_BANDS, type ValueBand } from './entity.ts';
import { SupplierPartsRepository, type AssessmentListRow, type CertificationRow, type ContractRow, type DeviationListRow, type RiskListRow, type SubprocessorRow } from './parts.repository.ts';
import { SupplierRepository, type SupplierRow } from './repository.ts';

/** A contract's reference, as the department's commercial system writes it: CON-2026-001, PS/123. */
export const CONTRACT_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
/** A certificate expiring within this many days is flagged. */
export const CERTIFICATE_WARNING_DAYS = 60;

export type CertificateState = 'expired' | 'expiring' | 'valid';

export interface Certification extends CertificationRow {
  readonly state: CertificateState;
  /** Days from today to expiry: negative once expired. */
  readonly daysLeft: number;
}

export interface SupplierRecords {
  readonly contracts: readonly ContractRow[];
  readonly certifications: readonly Certification[];
  readonly subprocessors: readonly SubprocessorRow[];
  readonly assessments: readonly AssessmentListRow[];
  readonly deviations: readonly DeviationListRow[];
  readonly risks: readonly RiskListRow[];
}

export interface ContractInput {
  readonly reference: string;
  readonly title: string;
  /** The unit that holds the contract, by code. */
  readonly unit: string;
  readonly startsOn: string;
  readonly endsOn?: string;
  readonly valueBand: string;
}

export interface CertificationInput {
  readonly scheme: string;
  readonly certificateNumber: string;
  readonly scope?: string;
  readonly expiresOn: string;
}

export interface SubprocessorInput {
  readonly name: string;
  readonly country?: string;
  readonly purpose?: string;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Expired once its expiry date has passed; expiring from CERTIFICATE_WARNING_DAYS before. */
export function certificateState(expiresOn: string, today: string): CertificateState {
  if (expiresOn < today) return 'expired';
  return expiresOn <= addDays(today, CERTIFICATE_WARNING_DAYS) ? 'expiring' : 'valid';
}

export class SupplierParts {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  /** The supplier, if the actor may manage it. */
  private async managed(actor: Actor, supplierId: string): Promise<SupplierRow> {
    const supplier = await new SupplierRepository(this.db).findById(requireId(supplierId, 'The supplier'));
    if (!supplier) throw notFound('The supplier');
    await authorizeSupplierManagement(this.db, actor, supplier, this.today());
    return supplier;
  }

  private event(actor: Actor, supplierId: string, action: string, metadata: Record<string, unknown>, requestId?: string) {
    return { actor: auditActorOf(actor), action, recordType: SUPPLIER_RECORD_TYPE, recordId: supplierId, metadata, ...(requestId ? { requestId } : {}) };
  }

  /** Everything the supplier's page lists under it. */
  async recordsOf(actor: Actor, supplier: { id: string; unitId: string }): Promise<SupplierRecords> {
    const today = this.today();
    await authorizeSupplierRead(this.db, actor, supplier, today);
    const repository = new SupplierPartsRepository(this.db);
    const [contracts, certifications, subprocessors, assessments, deviations, risks] = await Promise.all([
      repository.contractsOf(supplier.id),
      repository.certificationsOf(supplier.id),
      repository.subprocessorsOf(supplier.id),
      repository.assessmentsOf(supplier.id),
      repository.deviationsOf(supplier.id),
      repository.risksOf(supplier.id),
    ]);
    return { contracts, certifications: certifications.map((c) => ({ ...c, state: certificateState(c.expiresOn, today), daysLeft: daysBetween(today, c.expiresOn) })), subprocessors, assessments, deviations, risks };
  }

  async schemes(): Promise<Array<{ code: string; name: string }>> {
    return new SupplierPartsRepository(this.db).schemes();
  }

  async addContract(actor: Actor, supplierId: string, input: ContractInput, requestId?: string): Promise<string> {
    const supplier = await this.managed(actor, supplierId);
    const repository = new SupplierPartsRepository(this.db);
    const problems: FieldProblem[] = [];
    const reference = input.reference.trim();
    const title = input.title.trim();
    if (reference === '') problems.push({ field: 'reference', message: 'Enter the contract’s reference, such as CON-2026-001' });
    else if (!CONTRACT_REFERENCE.test(reference)) problems.push({ field: 'reference', message: 'A reference is up to 40 letters, numbers, dots, dashes, underscores or slashes, starting with a letter or number' });
    else if (await repository.contractReferenceTaken(reference)) problems.push({ field: 'reference', message: `Another contract already has the reference ${reference}` });
    if (title === '') problems.push({ field: 'title', message: 'Enter the contract’s title' });
    else if (title.length > 200) problems.push({ field: 'title', message: 'A title is at most 200 characters' });
    const unit = input.unit.trim() ? await new SupplierRepository(this.db).unitByCode(input.unit) : undefined;
    if (!unit) problems.push({ field: 'unit', message: 'Choose the unit that holds the contract' });
    const startsOn = input.startsOn.trim();
    const endsOn = (input.endsOn ?? '').trim();
    if (!isRealDate(startsOn)) problems.push({ field: 'startsOn', message: 'Enter the date the contract starts, as YYYY-MM-DD, such as 2026-04-01' });
    if (endsOn !== '' && !isRealDate(endsOn)) problems.push({ field: 'endsOn', message: 'Enter the date the contract ends as YYYY-MM-DD, or leave it empty' });
    else if (endsOn !== '' && isRealDate(startsOn) && endsOn < startsOn) problems.push({ field: 'endsOn', message: 'The contract cannot end before it starts' });
    if (!(VALUE_BANDS as readonly string[]).includes(input.valueBand)) problems.push({ field: 'valueBand', message: 'Choose the contract’s value band' });
    if (problems.length > 0) throw validationFailed(problems);
    return this.audit.write(this.db, async (trx) => {
      const values = { reference, title, unitId: unit!.id, startsOn, endsOn: endsOn === '' ? null : endsOn, valueBand: input.valueBand as ValueBand };
      const id = await new SupplierPartsRepository(trx).insertContract(supplier.id, values, this.clock.now());
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      return { result: id, event: this.event(actor, supplier.id, 'supplier.contract-added', { contractId: id, ...values }, requestId) };
    });
  }

  async removeContract(actor: Actor, supplierId: string, contractId: string, requestId?: string): Promise<void> {
    const supplier = await this.managed(actor, supplierId);
    const contract = await new SupplierPartsRepository(this.db).findContract(requireId(contractId, 'The contract'));
    if (!contract || contract.supplierId !== supplier.id) throw notFound('The contract');
    await this.audit.write(this.db, async (trx) => {
      await new SupplierPartsRepository(trx).deleteContract(contract.id);
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      const { unitCode: _code, unitName: _name, ...removed } = contract;
      return { result: undefined, event: this.event(actor, supplier.id, 'supplier.contract-removed', { contract: removed }, requestId) };
    });
  }

  async addCertification(actor: Actor, supplierId: string, input: CertificationInput, requestId?: string): Promise<string> {
    const supplier = await this.managed(actor, supplierId);
    const problems: FieldProblem[] = [];
    const schemes = await this.schemes();
    const scheme = schemes.find((s) => s.code === input.scheme);
    const certificateNumber = input.certificateNumber.trim();
    const scope = (input.scope ?? '').trim();
    const expiresOn = input.expiresOn.trim();
    if (!scheme) problems.push({ field: 'scheme', message: `Choose the certification scheme: ${schemes.map((s) => s.name).join(', ')}` });
    if (certificateNumber === '') problems.push({ field: 'certificateNumber', message: 'Enter the certificate number' });
    else if (certificateNumber.length > 100) problems.push({ field: 'certificateNumber', message: 'A certificate number is at most 100 characters' });
    if (scope.length > 2000) problems.push({ field: 'scope', message: 'The scope is at most 2,000 characters' });
    if (!isRealDate(expiresOn)) problems.push({ field: 'expiresOn', message: 'Enter the date the certificate expires, as YYYY-MM-DD, such as 2027-03-31' });
    if (problems.length > 0) throw validationFailed(problems);
    return this.audit.write(this.db, async (trx) => {
      const values = { schemeCode: scheme!.code, certificateNumber, scope, expiresOn };
      const id = await new SupplierPartsRepository(trx).insertCertification(supplier.id, values, this.clock.now());
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      return { result: id, event: this.event(actor, supplier.id, 'supplier.certification-added', { certificationId: id, ...values }, requestId) };
    });
  }

  async removeCertification(actor: Actor, supplierId: string, certificationId: string, requestId?: string): Promise<void> {
    const supplier = await this.managed(actor, supplierId);
    const certification = await new SupplierPartsRepository(this.db).findCertification(requireId(certificationId, 'The certification'));
    if (!certification || certification.supplierId !== supplier.id) throw notFound('The certification');
    await this.audit.write(this.db, async (trx) => {
      await new SupplierPartsRepository(trx).deleteCertification(certification.id);
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      const { schemeName: _name, ...removed } = certification;
      return { result: undefined, event: this.event(actor, supplier.id, 'supplier.certification-removed', { certification: removed }, requestId) };
    });
  }

  async addSubprocessor(actor: Actor, supplierId: string, input: SubprocessorInput, requestId?: string): Promise<string> {
    const supplier = await this.managed(actor, supplierId);
    const problems: FieldProblem[] = [];
    const name = input.name.trim();
    const country = (input.country ?? '').trim();
    const purpose = (input.purpose ?? '').trim();
    if (name === '') problems.push({ field: 'name', message: 'Enter the sub-processor’s name' });
    else if (name.length > 200) problems.push({ field: 'name', message: 'A name is at most 200 characters' });
    if (country.length > 100) problems.push({ field: 'country', message: 'The country is at most 100 characters' });
    if (purpose.length > 2000) problems.push({ field: 'purpose', message: 'The purpose is at most 2,000 characters' });
    if (problems.length > 0) throw validationFailed(problems);
    return this.audit.write(this.db, async (trx) => {
      const id = await new SupplierPartsRepository(trx).insertSubprocessor(supplier.id, { name, country, purpose });
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      return { result: id, event: this.event(actor, supplier.id, 'supplier.subprocessor-added', { subprocessorId: id, name, country, purpose }, requestId) };
    });
  }

  async removeSubprocessor(actor: Actor, supplierId: string, subprocessorId: string, requestId?: string): Promise<void> {
    const supplier = await this.managed(actor, supplierId);
    const subprocessor = await new SupplierPartsRepository(this.db).findSubprocessor(requireId(subprocessorId, 'The sub-processor'));
    if (!subprocessor || subprocessor.supplierId !== supplier.id) throw notFound('The sub-processor');
    await this.audit.write(this.db, async (trx) => {
      await new SupplierPartsRepository(trx).deleteSubprocessor(subprocessor.id);
      await new SupplierRepository(trx).touch(supplier.id, this.clock.now());
      return { result: undefined, event: this.event(actor, supplier.id, 'supplier.subprocessor-removed', { subprocessor }, requestId) };
    });
  }
}
