// The SQL of what hangs off a supplier: contracts, certifications, sub-processors, and the read-only lists
// of its assessments, deviations and risks that its page shows (the assessments work writes those).
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../database.ts';
import type { AssessmentResult, AssessmentStatus, DeviationKind, ValueBand } from './entity.ts';

export interface ContractRow {
  readonly id: string;
  readonly supplierId: string;
  readonly reference: string;
  readonly title: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly valueBand: ValueBand;
}

export interface ContractValues {
  readonly reference: string;
  readonly title: string;
  readonly unitId: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly valueBand: ValueBand;
}

export interface CertificationRow {
  readonly id: string;
  readonly schemeCode: string;
  readonly schemeName: string;
  readonly certificateNumber: string;
  readonly scope: string;
  readonly expiresOn: string;
}

export interface SubprocessorRow {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly purpose: string;
}

export interface AssessmentListRow {
  readonly id: string;
  readonly reference: string;
  readonly status: AssessmentStatus;
  readonly result: AssessmentResult | null;
  readonly completedOn: string | null;
  readonly reassessOn: string | null;
}

export interface DeviationListRow {
  readonly id: string;
  readonly description: string;
  readonly kind: DeviationKind;
  readonly status: 'open' | 'resolved';
  readonly assessmentReference: string | null;
  readonly riskId: string | null;
  readonly riskReference: string | null;
}

export interface RiskListRow {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly status: string;
}

const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export class SupplierPartsRepository {
  constructor(private readonly db: Executor) {}

  /** Whether the person is the assessor of an open assessment of the supplier (DECISIONS: assignments). */
  async assessesSupplier(supplierId: string, personId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('supplier_assessments')
      .select('id')
      .where('supplier_id', '=', supplierId)
      .where('assessor_person_id', '=', personId)
      .where('status', '<>', 'completed')
      .executeTakeFirst();
    return row !== undefined;
  }

  private contracts() {
    return this.db
      .selectFrom('supplier_contracts as c')
      .innerJoin('organisation_units as u', 'u.id', 'c.unit_id')
      .select(['c.id', 'c.supplier_id as supplierId', 'c.reference', 'c.title', 'c.unit_id as unitId', 'u.code as unitCode', 'u.name as unitName', 'c.starts_on as startsOn', 'c.ends_on as endsOn', 'c.value_band as valueBand']);
  }

  async contractsOf(supplierId: string): Promise<ContractRow[]> {
    return this.contracts().where('c.supplier_id', '=', supplierId).orderBy('c.starts_on', 'desc').orderBy('c.reference').execute();
  }

  async findContract(id: string): Promise<ContractRow | undefined> {
    return this.contracts().where('c.id', '=', id).executeTakeFirst();
  }

  async contractReferenceTaken(reference: string): Promise<boolean> {
    return (await this.db.selectFrom('supplier_contracts').select('id').where(sql<SqlBool>`lower(reference) = ${reference.toLowerCase()}`).executeTakeFirst()) !== undefined;
  }

  async insertContract(supplierId: string, values: ContractValues, now: Date): Promise<string> {
    const row = await this.db
      .insertInto('supplier_contracts')
      .values({ supplier_id: supplierId, reference: values.reference, title: values.title, unit_id: values.unitId, starts_on: values.startsOn, ends_on: values.endsOn, value_band: values.valueBand, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async deleteContract(id: string): Promise<void> {
    await this.db.deleteFrom('supplier_contracts').where('id', '=', id).execute();
  }

  async schemes(): Promise<Array<{ code: string; name: string }>> {
    return this.db.selectFrom('certification_schemes').select(['code', 'name']).orderBy('sort_order').orderBy('name').execute();
  }

  async certificationsOf(supplierId: string): Promise<CertificationRow[]> {
    return this.db
      .selectFrom('supplier_certifications as c')
      .innerJoin('certification_schemes as s', 's.code', 'c.scheme_code')
      .select(['c.id', 'c.scheme_code as schemeCode', 's.name as schemeName', 'c.certificate_number as certificateNumber', 'c.scope', 'c.expires_on as expiresOn'])
      .where('c.supplier_id', '=', supplierId)
      .orderBy('s.sort_order')
      .orderBy('c.expires_on', 'desc')
      .execute();
  }

  async findCertification(id: string): Promise<(CertificationRow & { supplierId: string }) | undefined> {
    return this.db
      .selectFrom('supplier_certifications as c')
      .innerJoin('certification_schemes as s', 's.code', 'c.scheme_code')
      .select(['c.id', 'c.supplier_id as supplierId', 'c.scheme_code as schemeCode', 's.name as schemeName', 'c.certificate_number as certificateNumber', 'c.scope', 'c.expires_on as expiresOn'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  async insertCertification(supplierId: string, values: { schemeCode: string; certificateNumber: string; scope: string; expiresOn: string }, now: Date): Promise<string> {
    const row = await this.db
      .insertInto('supplier_certifications')
      .values({ supplier_id: supplierId, scheme_code: values.schemeCode, certificate_number: values.certificateNumber, scope: values.scope, expires_on: values.expiresOn, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async deleteCertification(id: string): Promise<void> {
    await this.db.deleteFrom('supplier_certifications').where('id', '=', id).execute();
  }

  async subprocessorsOf(supplierId: string): Promise<SubprocessorRow[]> {
    return this.db.selectFrom('supplier_subprocessors').select(['id', 'name', 'country', 'purpose']).where('supplier_id', '=', supplierId).orderBy(sql`lower(name)`).execute();
  }

  async findSubprocessor(id: string): Promise<(SubprocessorRow & { supplierId: string }) | undefined> {
    return this.db.selectFrom('supplier_subprocessors').select(['id', 'supplier_id as supplierId', 'name', 'country', 'purpose']).where('id', '=', id).executeTakeFirst();
  }

  async insertSubprocessor(supplierId: string, values: { name: string; country: string; purpose: string }): Promise<string> {
    const row = await this.db.insertInto('supplier_subprocessors').values({ supplier_id: supplierId, name: values.name, country: values.country, purpose: values.purpose }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async deleteSubprocessor(id: string): Promise<void> {
    await this.db.deleteFrom('supplier_subprocessors').where('id', '=', id).execute();
  }

  async assessmentsOf(supplierId: string): Promise<AssessmentListRow[]> {
    return this.db
      .selectFrom('supplier_assessments')
      .select(['id', 'reference', 'status', 'result', 'completed_on as completedOn', 'reassess_on as reassessOn'])
      .where('supplier_id', '=', supplierId)
      .orderBy('created_at', 'desc')
      .orderBy('reference', 'desc')
      .execute();
  }

  async deviationsOf(supplierId: string): Promise<DeviationListRow[]> {
    return this.db
      .selectFrom('supplier_deviations as d')
      .leftJoin('supplier_assessments as a', 'a.id', 'd.assessment_id')
      .leftJoin('risks as r', 'r.id', 'd.risk_id')
      .select(['d.id', 'd.description', 'd.kind', 'd.status', 'a.reference as assessmentReference', 'r.id as riskId', 'r.reference as riskReference'])
      .where('d.supplier_id', '=', supplierId)
      .orderBy(sql`d.status = 'open'`, 'desc')
      .orderBy('d.created_at', 'desc')
      .execute();
  }

  async risksOf(supplierId: string): Promise<RiskListRow[]> {
    return this.db
      .selectFrom('risk_suppliers as rs')
      .innerJoin('risks as r', 'r.id', 'rs.risk_id')
      .select(['r.id', 'r.reference', 'r.title', 'r.status'])
      .where('rs.supplier_id', '=', supplierId)
      .orderBy('r.reference')
      .execute();
  }

  /** Every contract of suppliers in the units, as the contracts import file's columns. */
  async contractExportRows(unitIds: 'all' | readonly string[]): Promise<Array<Record<string, string>>> {
    const where = unitIds === 'all' ? sql<SqlBool>`true` : sql<SqlBool>`s.unit_id = any(${unitIds.length > 0 ? [...unitIds] : [NO_UNIT]}::uuid[])`;
    const { rows } = await sql<Record<string, string>>`
      select c.reference, s.reference as supplier, c.title, u.code as unit, c.starts_on::text as starts_on, coalesce(c.ends_on::text, '') as ends_on, c.value_band
        from supplier_contracts c join suppliers s on s.id = c.supplier_id join organisation_units u on u.id = c.unit_id
       where ${where}
       order by c.reference`.execute(this.db);
    return rows;
  }
}
