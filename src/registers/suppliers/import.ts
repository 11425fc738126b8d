// Importing suppliers from CSV (DECISIONS, Imports), the way every register imports: rows are checked as
// they are read, staged in chunks, then checked and applied together with set-based SQL in one transaction
// with one audit event. A dry run is the same transaction rolled back. A row matches a supplier on its
// company number, else its reference, else its name; a row that matches none adds a supplier.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, londonDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport, type ImportInput } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { applySuppliers, resolveSuppliers, supplierImportUnits, supplierSetErrors } from './import.repository.ts';
import { SupplierRepository } from './repository.ts';
import { COMPANY_NUMBER, normaliseCompanyNumber } from './supplier-input.ts';

type Column = 'reference' | 'name' | 'companyNumber' | 'contactName' | 'contactEmail' | 'unit' | 'sro' | 'sbo' | 'assets' | 'services';

/** The columns, as the export writes them. */
export const SUPPLIERS_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'reference', required: false, aliases: ['supplier reference'] },
    { name: 'name', required: true, aliases: ['supplier name', 'supplier'] },
    { name: 'companyNumber', label: 'company number', required: false, aliases: ['company no', 'companies house number', 'crn'] },
    { name: 'contactName', label: 'contact name', required: false, aliases: ['contact'] },
    { name: 'contactEmail', label: 'contact email', required: false, aliases: ['contact email address'] },
    { name: 'unit', required: true, aliases: ['unit code', 'organisational unit'] },
    { name: 'sro', label: 'sro', required: true, aliases: ['senior responsible officer', 'senior responsible owner'] },
    { name: 'sbo', label: 'senior business owner', required: false, aliases: ['sbo'] },
    { name: 'assets', required: false, aliases: ['information assets'] },
    { name: 'services', required: false, aliases: ['technology services'] },
  ],
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A list in a cell, separated by semicolons (as the export writes) or commas; absent stays absent. */
const listOf = (text: string | undefined): string | null => (text === undefined ? null : [...new Set(text.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== ''))].join(';'));

function checkRow(line: number, v: Partial<Record<Column, string>>, unitCodes: ReadonlySet<string>): { errors: ImportError[]; staged?: Record<string, string | null> } {
  const errors: ImportError[] = [];
  const error = (column: Column, message: string) => errors.push({ line, column, message });
  const companyNumber = v.companyNumber === undefined ? null : normaliseCompanyNumber(v.companyNumber);
  if (!v.name) error('name', 'Enter the supplier’s name');
  else if (v.name.length > 200) error('name', 'A name is at most 200 characters');
  if (companyNumber && !COMPANY_NUMBER.test(companyNumber)) error('companyNumber', `"${v.companyNumber ?? ''}" is not a company number: use its 8 letters and numbers, such as 01234567 or SC123456`);
  if (v.contactEmail && !EMAIL.test(v.contactEmail)) error('contactEmail', `"${v.contactEmail}" is not an email address`);
  if ((v.contactName ?? '').length > 200) error('contactName', 'The contact’s name is at most 200 characters');
  if (!v.unit) error('unit', 'Enter the code of the unit that manages the supplier, such as HMPPS');
  else if (!unitCodes.has(v.unit.toUpperCase())) error('unit', `Unit code ${v.unit} is not in the organisation: add the unit first, or correct the code`);
  if (!v.sro) error('sro', 'Enter the email or staff number of the Senior Responsible Officer');
  if (errors.length > 0) return { errors };
  return {
    errors,
    staged: {
      reference: v.reference ?? '',
      name: v.name!,
      companyNumber,
      contactName: v.contactName ?? null,
      contactEmail: v.contactEmail === undefined ? null : v.contactEmail.toLowerCase(),
      unit: v.unit!.toUpperCase(),
      sro: v.sro!,
      sbo: v.sbo ?? null,
      assets: listOf(v.assets),
      services: listOf(v.services),
    },
  };
}

export class SuppliersImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    // The security team of any unit may import; each row is then checked against the units it touches.
    if (!canAnywhere(actor, 'suppliers.manage')) authorize(actor, 'suppliers.manage');
    const unitCodes = await new SupplierRepository(this.db).unitCodes();
    const today = londonDate(this.clock.now());
    return runStagedImport(this.db, this.audit, auditActorOf(actor), input, {
      kind: 'suppliers',
      csv: SUPPLIERS_CSV,
      checkRow: (line, values) => checkRow(line, values, unitCodes),
      check: async (trx, batchId) => {
        await resolveSuppliers(trx, batchId);
        return supplierSetErrors(trx);
      },
      authorize: async (trx) => {
        for (const unitId of await supplierImportUnits(trx)) authorize(actor, 'suppliers.manage', { unitId });
      },
      apply: (trx) => applySuppliers(trx, today, addDays(today, -1), this.clock.now()),
    }, onProgress);
  }
}
