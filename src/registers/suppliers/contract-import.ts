// Importing supplier contracts from CSV (DECISIONS, Imports): each row is one contract, matched on its
// reference, naming its supplier by reference or company number. All or nothing, one audit event, and
// the same file again changes nothing; a dry run is the same transaction rolled back.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport, type ImportInput } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { applyContracts, contractImportUnits, contractSetErrors, resolveContracts } from './contract-import.repository.ts';
import { VALUE_BANDS } from './entity.ts';
import { CONTRACT_REFERENCE } from './parts.ts';
import { SupplierRepository } from './repository.ts';

type Column = 'reference' | 'supplier' | 'title' | 'unit' | 'startsOn' | 'endsOn' | 'valueBand';

/** The columns, as the export writes them. */
export const CONTRACTS_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'reference', required: true, aliases: ['contract reference', 'contract'] },
    { name: 'supplier', required: true, aliases: ['supplier reference', 'company number'] },
    { name: 'title', required: true, aliases: ['contract title'] },
    { name: 'unit', required: true, aliases: ['unit code'] },
    { name: 'startsOn', label: 'starts on', required: true, aliases: ['start date', 'starts'] },
    { name: 'endsOn', label: 'ends on', required: false, aliases: ['end date', 'ends'] },
    { name: 'valueBand', label: 'value band', required: true, aliases: ['value'] },
  ],
};

function checkRow(line: number, v: Partial<Record<Column, string>>, unitCodes: ReadonlySet<string>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  const error = (column: Column, message: string) => errors.push({ line, column, message });
  const valueBand = (v.valueBand ?? '').toLowerCase();
  if (!v.reference) error('reference', 'Enter the contract’s reference, such as CON-2026-001');
  else if (!CONTRACT_REFERENCE.test(v.reference)) error('reference', `"${v.reference}" is not a reference: use up to 40 letters, numbers, dots, dashes, underscores or slashes`);
  if (!v.supplier) error('supplier', 'Enter the supplier’s reference, such as SUP-0001, or its company number');
  if (!v.title) error('title', 'Enter the contract’s title');
  else if (v.title.length > 200) error('title', 'A title is at most 200 characters');
  if (!v.unit) error('unit', 'Enter the code of the unit that holds the contract, such as HMPPS');
  else if (!unitCodes.has(v.unit.toUpperCase())) error('unit', `Unit code ${v.unit} is not in the organisation: add the unit first, or correct the code`);
  if (!v.startsOn || !isRealDate(v.startsOn)) error('startsOn', `"${v.startsOn ?? ''}" is not a date: write it as YYYY-MM-DD, such as 2026-04-01`);
  if (v.endsOn && !isRealDate(v.endsOn)) error('endsOn', `"${v.endsOn}" is not a date: write it as YYYY-MM-DD, or leave it empty`);
  else if (v.endsOn && v.startsOn && isRealDate(v.startsOn) && v.endsOn < v.startsOn) error('endsOn', 'The contract cannot end before it starts');
  if (!(VALUE_BANDS as readonly string[]).includes(valueBand)) error('valueBand', `"${v.valueBand ?? ''}" is not a value band: use ${VALUE_BANDS.join(', ')}`);
  if (errors.length > 0) return { errors };
  return { errors, staged: { reference: v.reference!, supplier: v.supplier!.toUpperCase(), title: v.title!, unit: v.unit!.toUpperCase(), startsOn: v.startsOn!, endsOn: v.endsOn ?? '', valueBand } };
}

export class SupplierContractsImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    if (!canAnywhere(actor, 'suppliers.manage')) authorize(actor, 'suppliers.manage');
    const unitCodes = await new SupplierRepository(this.db).unitCodes();
    return runStagedImport(this.db, this.audit, auditActorOf(actor), input, {
      kind: 'supplier-contracts',
      csv: CONTRACTS_CSV,
      checkRow: (line, values) => checkRow(line, values, unitCodes),
      check: async (trx, batchId) => {
        await resolveContracts(trx, batchId);
        return contractSetErrors(trx);
      },
      authorize: async (trx) => {
        for (const unitId of await contractImportUnits(trx)) authorize(actor, 'suppliers.manage', { unitId });
      },
      apply: (trx) => applyContracts(trx, this.clock.now()),
    }, onProgress);
  }
}
