// Importing technology services from CSV (DECISIONS, Imports), the way every register imports: rows
// are checked as they are read, staged in chunks, then checked and applied together with set-based
// SQL in one transaction with one audit event. A dry run is the same transaction rolled back.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, londonDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { CRITICALITY, HOSTING, SERVICE_REFERENCE, splitSuppliers } from './entity.ts';
import { applyServices, importUnits, resolveServices, serviceSetErrors } from './import.repository.ts';

type Column = 'reference' | 'name' | 'purpose' | 'unitCode' | 'tso' | 'sro' | 'hosting' | 'suppliers' | 'criticality' | 'assets' | 'standards';

/** The columns, as the export writes them. */
export const SERVICES_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'reference', required: true, aliases: ['service reference', 'id'] },
    { name: 'name', required: true, aliases: ['service name', 'service'] },
    { name: 'purpose', required: false, aliases: ['description'] },
    { name: 'unitCode', label: 'unit', required: true, aliases: ['unit code', 'organisational unit'] },
    { name: 'tso', label: 'technology service owner', required: true, aliases: ['tso', 'service owner'] },
    { name: 'sro', label: 'senior responsible officer', required: true, aliases: ['sro', 'senior responsible owner'] },
    { name: 'hosting', required: true, aliases: ['hosted'] },
    { name: 'suppliers', required: false, aliases: ['supplier'] },
    { name: 'criticality', required: true, aliases: ['critical'] },
    { name: 'assets', label: 'information assets', required: false, aliases: ['assets'] },
    { name: 'standards', required: false, aliases: ['standard'] },
  ],
};

export interface ServicesImportInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly dryRun: boolean;
  readonly requestId?: string;
}

const listOf = (text: string | undefined): string => [...new Set((text ?? '').split(/[;,]/).map((s) => s.trim()).filter((s) => s !== ''))].join(';');
const HOSTING_SPELLINGS: Record<string, string> = { 'on premises': 'on-premises', 'on-prem': 'on-premises', 'private cloud': 'private-cloud', 'public cloud': 'public-cloud' };

function checkRow(line: number, values: Partial<Record<Column, string>>, unitCodes: ReadonlySet<string>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  const reference = values.reference ?? '';
  const hostingText = (values.hosting ?? '').toLowerCase();
  const hosting = HOSTING_SPELLINGS[hostingText] ?? hostingText;
  const criticality = (values.criticality ?? '').toLowerCase();
  if (!reference) errors.push({ line, column: 'reference', message: 'Enter the service’s reference, such as SVC-0001' });
  else if (!SERVICE_REFERENCE.test(reference)) errors.push({ line, column: 'reference', message: `"${reference}" is not a reference: use up to 40 letters, numbers, dots, dashes, underscores or slashes, such as SVC-0001` });
  if (!values.name) errors.push({ line, column: 'name', message: 'Enter the service’s name' });
  else if (values.name.length > 200) errors.push({ line, column: 'name', message: 'A name is at most 200 characters' });
  if (!values.unitCode) errors.push({ line, column: 'unitCode', message: 'Enter the code of the service’s unit, such as HMPPS' });
  else if (!unitCodes.has(values.unitCode.toUpperCase())) errors.push({ line, column: 'unitCode', message: `Unit code ${values.unitCode} is not in the organisation: add the unit first, or correct the code` });
  if (!values.tso) errors.push({ line, column: 'tso', message: 'Enter the email or staff number of the Technology Service Owner' });
  if (!values.sro) errors.push({ line, column: 'sro', message: 'Enter the email or staff number of the Senior Responsible Officer' });
  if (!(HOSTING as readonly string[]).includes(hosting)) errors.push({ line, column: 'hosting', message: `"${values.hosting ?? ''}" is not a kind of hosting: use ${HOSTING.join(', ')}` });
  if (!(CRITICALITY as readonly string[]).includes(criticality)) errors.push({ line, column: 'criticality', message: `"${values.criticality ?? ''}" is not a criticality: use ${CRITICALITY.join(', ')}` });
  if (errors.length > 0) return { errors };
  return {
    errors,
    staged: {
      reference,
      name: values.name!,
      purpose: values.purpose ?? '',
      unitCode: values.unitCode!.toUpperCase(),
      tso: values.tso!,
      sro: values.sro!,
      hosting,
      suppliers: splitSuppliers(values.suppliers ?? '').join(', '),
      criticality,
      assets: listOf(values.assets),
      standards: listOf(values.standards).toUpperCase(),
    },
  };
}

export class TechnologyServicesImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ServicesImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    authorize(actor, 'services.manage');
    const unitCodes = new Set((await this.db.selectFrom('organisation_units').select('code').execute()).map((u) => u.code));
    const today = londonDate(this.clock.now());
    return runStagedImport(this.db, this.audit, auditActorOf(actor), input, {
      kind: 'technology-services',
      csv: SERVICES_CSV,
      checkRow: (line, values) => checkRow(line, values, unitCodes),
      check: async (trx, batchId) => {
        await resolveServices(trx, batchId);
        return serviceSetErrors(trx);
      },
      authorize: async (trx) => {
        for (const unitId of await importUnits(trx)) authorize(actor, 'services.manage', { unitId });
      },
      apply: (trx) => applyServices(trx, today, addDays(today, -1), this.clock.now()),
    }, onProgress);
  }
}
