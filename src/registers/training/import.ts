// Importing training completions from a learning system's CSV (DECISIONS, Imports): rows are checked as
// they are read and staged in chunks; then one set-based transaction resolves people (staff number when
// the row has one, else email) and courses (code or title), reports what is wrong with the set, and
// applies it with one insert … select … on conflict. The same file again creates nothing.
import { sql } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportCounts, ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport, type ImportInput } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';

type Column = 'staffNumber' | 'email' | 'course' | 'completedOn';

export const TRAINING_COMPLETIONS_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'staffNumber', label: 'staff number', required: false, aliases: ['staff_number', 'employee number'] },
    { name: 'email', label: 'email', required: false, aliases: ['email address'] },
    { name: 'course', label: 'course', required: true, aliases: ['course code', 'course title'] },
    { name: 'completedOn', label: 'completed on', required: true, aliases: ['completed_on', 'completion date', 'date completed'] },
  ],
};

function checkRow(line: number, v: Partial<Record<Column, string>>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  const error = (column: Column, message: string) => errors.push({ line, column, message });
  if (!v.staffNumber && !v.email) error('email', 'Enter the person’s staff number or email');
  if (!v.course) error('course', 'Enter the course’s code or title, such as SEC-ANNUAL');
  if (!v.completedOn) error('completedOn', 'Enter the date the course was completed, as YYYY-MM-DD');
  else if (!isRealDate(v.completedOn)) error('completedOn', `"${v.completedOn}" is not a date: write it as YYYY-MM-DD, such as 2026-04-01`);
  if (errors.length > 0) return { errors };
  return { errors, staged: { staffNumber: v.staffNumber ?? '', email: (v.email ?? '').toLowerCase(), course: v.course!, completedOn: v.completedOn! } };
}

export class TrainingImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    authorize(actor, 'training.manage');
    const who = auditActorOf(actor);
    const today = londonDate(this.clock.now());
    return runStagedImport(this.db, this.audit, who, input, {
      kind: 'training-completions',
      csv: TRAINING_COMPLETIONS_CSV,
      emptyFile: 'The file has no rows: add a row for each completion under the header',
      checkRow,
      check: async (trx, batchId) => {
        await resolve(trx, batchId);
        return setErrors(trx, today);
      },
      authorize: async (trx) => {
        for (const unitId of await personUnits(trx)) authorize(actor, 'training.manage', { unitId });
      },
      apply: (trx) => apply(trx, who.label),
    }, onProgress);
  }
}

async function personUnits(trx: Tx): Promise<(string | null)[]> {
  const { rows } = await sql<{ unit_id: string | null }>`select distinct p.unit_id from training_import t join people p on p.id = t.person_id`.execute(trx);
  return rows.map((r) => r.unit_id);
}

async function resolve(trx: Tx, batchId: string): Promise<void> {
  // Hash joins, not a lookup per row: 1,500,000 rows resolve in a few set operations.
  await sql`
    create temp table training_import on commit drop as
    select r.line,
           nullif(r.data->>'staffNumber', '') as staff_number, nullif(r.data->>'email', '') as email,
           r.data->>'course' as course_ref,
           coalesce(ps.id, pe.id) as person_id,
           coalesce(cc.id, ct.id) as course_id,
           (r.data->>'completedOn')::date as completed_on
      from import_rows r
      left join people ps on nullif(r.data->>'staffNumber', '') is not null and ps.staff_number = r.data->>'staffNumber'
      left join people pe on nullif(r.data->>'staffNumber', '') is null and pe.email = r.data->>'email'
      left join training_courses cc on lower(cc.code) = lower(r.data->>'course')
      left join training_courses ct on cc.id is null and lower(ct.title) = lower(r.data->>'course')
     where r.batch_id = ${batchId}`.execute(trx);
  await sql`analyze training_import`.execute(trx);
}

async function setErrors(trx: Tx, today: string): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'staffNumber' as "column", 'No one in the people register has the staff number ' || staff_number || ': add them first, or correct the number' as message
      from training_import where person_id is null and staff_number is not null
    union all
    select line, 'email', 'No one in the people register has the email ' || email || ': add them first, or correct the email'
      from training_import where person_id is null and staff_number is null
    union all
    select line, 'course', 'No course has the code or title ' || course_ref || ': add it to the course catalogue first, or correct it'
      from training_import where course_id is null
    union all
    select line, 'completedOn', 'The completion date cannot be after today'
      from training_import where completed_on > ${today}::date
    union all
    select line, 'course', 'The same completion is also on line ' || first_line || ': give each completion once'
      from (select line, person_id, min(line) over (partition by person_id, course_id, completed_on) as first_line
              from training_import where person_id is not null and course_id is not null) d
     where line <> first_line`.execute(trx);
  return rows;
}

async function apply(trx: Tx, recordedBy: string): Promise<ImportCounts> {
  const created = await sql<{ n: number }>`
    with inserted as (
      insert into training_completions (person_id, course_id, completed_on, source, recorded_by)
      select person_id, course_id, completed_on, 'import', ${recordedBy} from training_import
      on conflict (person_id, course_id, completed_on) do nothing
      returning 1
    )
    select count(*)::int as n from inserted`.execute(trx);
  const total = (await sql<{ n: number }>`select count(*)::int as n from training_import`.execute(trx)).rows[0]!.n;
  const n = created.rows[0]!.n;
  return { created: n, updated: 0, unchanged: total - n, left: 0 };
}
