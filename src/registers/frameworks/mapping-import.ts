// Mapping framework requirements to controls in bulk from CSV (issue 07), through the one CSV import
// runner: rows are checked as read, resolved together, and applied in one transaction with one event.
// A row adds a mapping; a mapping the file does not name is left as it is (the page removes mappings).
import { sql } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportCounts, ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport, type ImportInput } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';

type Column = 'framework' | 'requirement' | 'control';

export const CONTROL_MAPPINGS_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'framework', label: 'framework', required: true, aliases: ['framework code'] },
    { name: 'requirement', label: 'requirement', required: true, aliases: ['requirement key', 'requirement id'] },
    { name: 'control', label: 'control', required: true, aliases: ['control code'] },
  ],
};

function checkRow(line: number, v: Partial<Record<Column, string>>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  if (!v.framework) errors.push({ line, column: 'framework', message: 'Enter the framework’s code, such as ncsc-caf (shown on the framework’s page)' });
  if (!v.requirement) errors.push({ line, column: 'requirement', message: 'Enter the requirement’s key as the framework writes it, such as A1.a or ac-2.1' });
  if (!v.control) errors.push({ line, column: 'control', message: 'Enter the control’s code, such as CTL-ACC-01' });
  if (errors.length > 0) return { errors };
  return { errors, staged: { framework: v.framework!.toLowerCase(), requirement: v.requirement!, control: v.control!.toUpperCase() } };
}

export class ControlMappingImport {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    authorize(actor, 'frameworks.manage');
    return runStagedImport(
      this.db,
      this.audit,
      auditActorOf(actor),
      input,
      {
        kind: 'control-mappings',
        csv: CONTROL_MAPPINGS_CSV,
        emptyFile: 'The file has no rows: add a row for each requirement and the control that meets it',
        checkRow,
        check: async (trx, batchId) => {
          await resolve(trx, batchId);
          return setErrors(trx);
        },
        // frameworks.manage is not scoped to a unit: checked above, before the file is read.
        authorize: async () => undefined,
        apply,
      },
      onProgress,
    );
  }
}

async function resolve(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table mapping_import on commit drop as
    select r.line, r.data->>'framework' as framework_code, f.id as framework_id,
           r.data->>'requirement' as requirement_key, q.id as requirement_id, q.status as requirement_status,
           r.data->>'control' as control_code, c.id as control_id,
           exists (select 1 from control_requirements cr where cr.requirement_id = q.id and cr.control_id = c.id) as existing
      from import_rows r
      left join frameworks f on f.code = r.data->>'framework'
      left join requirements q on q.framework_id = f.id and q.key = r.data->>'requirement'
      left join controls c on c.code = r.data->>'control'
     where r.batch_id = ${batchId}`.execute(trx);
}

async function setErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'framework' as "column", 'No framework has the code ' || framework_code || ': import the framework first, or use the code shown on its page' as message
      from mapping_import where framework_id is null
    union all
    select line, 'requirement', requirement_key || ' is not a requirement of ' || framework_code || ': keys are case-sensitive, as the framework writes them'
      from mapping_import where framework_id is not null and requirement_id is null
    union all
    select line, 'requirement', requirement_key || ' is no longer in ' || framework_code || ': map the control to a requirement in force'
      from mapping_import where requirement_status = 'retired'
    union all
    select line, 'control', 'No control has the code ' || control_code || ': add it to the control catalogue first, or correct the code'
      from mapping_import where control_id is null
    union all
    select m.line, 'control', m.control_code || ' for ' || m.requirement_key || ' is also on line ' || min(o.line)::text || ': give each mapping once'
      from mapping_import m join mapping_import o on o.requirement_id = m.requirement_id and o.control_id = m.control_id and o.line < m.line
     group by m.line, m.control_code, m.requirement_key`.execute(trx);
  return rows;
}

async function apply(trx: Tx): Promise<ImportCounts> {
  const created = await sql<{ n: number }>`
    with inserted as (
      insert into control_requirements (control_id, requirement_id)
      select distinct control_id, requirement_id from mapping_import where not existing
      on conflict do nothing returning 1)
    select count(*)::int as n from inserted`.execute(trx);
  const { rows } = await sql<{ total: number; left: number }>`
    select (select count(*)::int from mapping_import) as total,
           (select count(*)::int from control_requirements cr join requirements q on q.id = cr.requirement_id
             where q.framework_id in (select framework_id from mapping_import)
               and not exists (select 1 from mapping_import m where m.requirement_id = cr.requirement_id and m.control_id = cr.control_id)) as "left"`.execute(trx);
  const n = created.rows[0]!.n;
  return { created: n, updated: 0, unchanged: rows[0]!.total - n, left: rows[0]!.left };
}
