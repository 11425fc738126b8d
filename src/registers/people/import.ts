// Importing people from the CSV an HR system exports. Rows are checked one by one as they are read,
// staged in chunks (the embedded database stays responsive), then checked and applied together with
// set-based SQL in one transaction. A dry run is the same transaction rolled back, so it reports
// exactly what a real run would do and writes nothing.
import { sql } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportCounts, ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { findManagerLoops, type PersonNode } from './manager-loops.ts';

type Column = 'staffNumber' | 'email' | 'displayName' | 'unitCode' | 'personType' | 'lineManager' | 'jobTitle' | 'startedOn' | 'status';

/** The columns, as documented in the README. */
export const PEOPLE_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'staffNumber', label: 'staff_number', required: false, aliases: ['employee number', 'staff id'] },
    { name: 'email', label: 'email', required: true, aliases: ['email address', 'work email'] },
    { name: 'displayName', label: 'name', required: true, aliases: ['display name', 'full name'] },
    { name: 'unitCode', label: 'unit_code', required: true, aliases: ['unit', 'organisational unit'] },
    { name: 'personType', label: 'type', required: false, aliases: ['person type', 'worker type'] },
    { name: 'lineManager', label: 'line_manager', required: false, aliases: ['manager', 'line manager email', 'line manager staff number'] },
    { name: 'jobTitle', label: 'job_title', required: false, aliases: ['title', 'role'] },
    { name: 'startedOn', label: 'start_date', required: false, aliases: ['started', 'started on'] },
    { name: 'status', label: 'status', required: false, aliases: ['employment status'] },
  ],
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TYPES: Record<string, string> = { staff: 'staff', contractor: 'contractor', 'third party': 'third_party', 'third-party': 'third_party', third_party: 'third_party' };

export interface PeopleImportInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly dryRun: boolean;
  readonly requestId?: string;
}

function isRealDate(value: string): boolean {
  return DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Checks and tidies one row; returns the problems, or the values to stage. */
function checkRow(line: number, values: Partial<Record<Column, string>>, unitCodes: ReadonlySet<string>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  const email = (values.email ?? '').toLowerCase();
  const personType = TYPES[(values.personType ?? 'staff').toLowerCase() || 'staff'];
  const status = (values.status ?? 'active').toLowerCase() || 'active';
  if (!email) errors.push({ line, column: 'email', message: 'Enter the person’s work email address' });
  else if (!EMAIL.test(email)) errors.push({ line, column: 'email', message: `"${values.email}" is not an email address` });
  if (!values.displayName) errors.push({ line, column: 'displayName', message: 'Enter the person’s name' });
  if (!values.unitCode) errors.push({ line, column: 'unitCode', message: 'Enter the code of the person’s unit, such as HMPPS' });
  else if (!unitCodes.has(values.unitCode.toUpperCase())) errors.push({ line, column: 'unitCode', message: `Unit code ${values.unitCode} is not in the organisation: add the unit first, or correct the code` });
  if (!personType) errors.push({ line, column: 'personType', message: `"${values.personType}" is not a person type: use staff, contractor or third-party` });
  if (values.startedOn && !isRealDate(values.startedOn)) errors.push({ line, column: 'startedOn', message: `"${values.startedOn}" is not a date: write it as YYYY-MM-DD, such as 2025-04-01` });
  if (status !== 'active' && status !== 'left') errors.push({ line, column: 'status', message: `"${values.status}" is not a status: use active or left` });
  if (values.staffNumber && values.staffNumber.length > 50) errors.push({ line, column: 'staffNumber', message: 'A staff number is at most 50 characters' });
  if (errors.length > 0) return { errors };
  return {
    errors,
    staged: {
      email,
      staffNumber: values.staffNumber ?? '',
      displayName: values.displayName!,
      unitCode: values.unitCode!.toUpperCase(),
      personType: personType!,
      lineManager: values.lineManager ?? '',
      jobTitle: values.jobTitle ?? '',
      startedOn: values.startedOn ?? '',
      status,
    },
  };
}

export class PeopleImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: PeopleImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    authorize(actor, 'people.manage');
    // Few enough to hold: every row's unit is checked as it is read, whatever else is wrong with it.
    const unitCodes = new Set((await this.db.selectFrom('organisation_units').select('code').execute()).map((u) => u.code));
    return runStagedImport(this.db, this.audit, auditActorOf(actor), input, {
      kind: 'people',
      csv: PEOPLE_CSV,
      checkRow: (line, values) => checkRow(line, values, unitCodes),
      check: async (trx, batchId) => {
        await resolve(trx, batchId);
        return [...(await setErrors(trx)), ...(await loopErrors(trx))];
      },
      authorize: async (trx) => {
        for (const unitId of await distinctUnits(trx)) authorize(actor, 'people.manage', { unitId });
      },
      apply: (trx) => apply(trx, londonDate(this.clock.now()), this.clock.now()),
    }, onProgress);
  }
}

/** One row per staged person, with who they are (matched on staff number when given, else email) and their unit. */
async function resolve(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table people_import on commit drop as
    select r.line,
           r.data->>'email' as email,
           nullif(r.data->>'staffNumber', '') as staff_number,
           r.data->>'displayName' as display_name,
           r.data->>'unitCode' as unit_code,
           u.id as unit_id,
           r.data->>'personType' as person_type,
           nullif(r.data->>'lineManager', '') as manager_ref,
           nullif(r.data->>'jobTitle', '') as job_title,
           nullif(r.data->>'startedOn', '')::date as started_on,
           r.data->>'status' as status,
           case when nullif(r.data->>'staffNumber', '') is not null
                then (select p.id from people p where p.staff_number = r.data->>'staffNumber')
                else (select p.id from people p where p.email = r.data->>'email') end as person_id,
           null::integer as manager_line,
           null::uuid as manager_id
    from import_rows r left join organisation_units u on u.code = r.data->>'unitCode'
    where r.batch_id = ${batchId}`.execute(trx);
  await sql`create index on people_import (email)`.execute(trx);
  await sql`create index on people_import (staff_number)`.execute(trx);
  await sql`create index on people_import (person_id)`.execute(trx);
  await sql`create index on people_import (line)`.execute(trx);
  await sql`analyze people_import`.execute(trx);
  // A manager is named by email or staff number: someone in the same file, else someone already known.
  await sql`
    update people_import pi set
      manager_line = coalesce((select m.line from people_import m where m.email = lower(pi.manager_ref)), (select m.line from people_import m where m.staff_number = pi.manager_ref))
    where pi.manager_ref is not null`.execute(trx);
  await sql`
    update people_import pi set
      manager_id = coalesce((select p.id from people p where p.email = lower(pi.manager_ref)), (select p.id from people p where p.staff_number = pi.manager_ref))
    where pi.manager_ref is not null and pi.manager_line is null`.execute(trx);
}

async function setErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'email' as "column", 'The email ' || email || ' is also on line' || case when count(*) over (partition by email) > 2 then 's ' else ' ' end ||
           (select string_agg(o.line::text, ', ' order by o.line) from people_import o where o.email = pi.email and o.line <> pi.line) || ': each person once' as message
      from people_import pi where email in (select email from people_import group by email having count(*) > 1)
    union all
    select line, 'staffNumber', 'Staff number ' || staff_number || ' is also on line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from people_import o where o.staff_number = pi.staff_number and o.line <> pi.line) || ': each person once'
      from people_import pi where staff_number in (select staff_number from people_import where staff_number is not null group by staff_number having count(*) > 1)
    union all
    select pi.line, 'email', 'The email ' || pi.email || ' belongs to ' || p.display_name || coalesce(' (staff number ' || p.staff_number || ')', '') || ', who is not the person this row describes'
      from people_import pi join people p on p.email = pi.email
      where p.id is distinct from pi.person_id
        and not exists (select 1 from people_import o where o.person_id = p.id)
    union all
    select line, 'lineManager', 'No one in the file or the people register has the email or staff number ' || manager_ref
      from people_import where manager_ref is not null and manager_line is null and manager_id is null
    union all
    select line, 'lineManager', 'A person cannot be their own line manager'
      from people_import where manager_line = line or (manager_id is not null and manager_id = person_id)`.execute(trx);
  return rows;
}

/** Line-management loops the file would make, with the people already known who are not in it. */
async function loopErrors(trx: Tx): Promise<ImportError[]> {
  const file = await sql<{ line: number; person_id: string | null; manager_line: number | null; manager_id: string | null; display_name: string }>`
    select line, person_id, manager_line, manager_id, display_name from people_import`.execute(trx);
  const known = await sql<{ id: string; line_manager_id: string; display_name: string }>`
    select id, line_manager_id, display_name from people
    where line_manager_id is not null and not exists (select 1 from people_import pi where pi.person_id = people.id)`.execute(trx);
  const keyOfLine = new Map(file.rows.map((r) => [r.line, r.person_id ?? `line ${r.line}`]));
  const nodes: PersonNode[] = [
    ...file.rows.map((r) => ({ key: r.person_id ?? `line ${r.line}`, name: r.display_name, line: r.line, managerKey: r.manager_line !== null ? (keyOfLine.get(r.manager_line) ?? null) : r.manager_id })),
    ...known.rows.map((r) => ({ key: r.id, name: r.display_name, line: null, managerKey: r.line_manager_id })),
  ];
  return findManagerLoops(nodes).map((loop) => ({ line: loop.line, column: 'lineManager', message: `This makes a line-management loop: ${loop.names.join(' → ')}` }));
}

async function distinctUnits(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`select distinct unit_id from people_import where unit_id is not null`.execute(trx);
  return rows.map((r) => r.unit_id);
}

async function apply(trx: Tx, today: string, now: Date): Promise<ImportCounts> {
  const inserted = await sql<{ id: string; email: string }>`
    insert into people (email, staff_number, display_name, unit_id, person_type, job_title, started_on, status, left_on)
    select email, staff_number, display_name, unit_id, person_type, job_title, started_on, status, case when status = 'left' then ${today}::date end
    from people_import where person_id is null
    returning id, email`.execute(trx);
  await sql`update people_import pi set person_id = p.id from people p where pi.person_id is null and p.email = pi.email`.execute(trx);
  await sql`update people_import pi set manager_id = m.person_id from people_import m where pi.manager_line = m.line`.execute(trx);
  const createdIds = new Set(inserted.rows.map((r) => r.id));

  const changed = await sql<{ id: string }>`
    update people p set
      email = pi.email, staff_number = pi.staff_number, display_name = pi.display_name, unit_id = pi.unit_id,
      person_type = pi.person_type, job_title = pi.job_title, started_on = coalesce(pi.started_on, p.started_on),
      line_manager_id = pi.manager_id, status = pi.status,
      left_on = case when pi.status = 'left' then coalesce(p.left_on, ${today}::date) else null end,
      updated_at = ${now}
    from people_import pi
    where pi.person_id = p.id
      and (p.email, p.staff_number, p.display_name, p.unit_id, p.person_type, p.job_title, p.line_manager_id, p.status, p.started_on)
          is distinct from (pi.email, pi.staff_number, pi.display_name, pi.unit_id, pi.person_type, pi.job_title, pi.manager_id, pi.status, coalesce(pi.started_on, p.started_on))
    returning p.id`.execute(trx);
  const updated = changed.rows.filter((r) => !createdIds.has(r.id)).length;

  // People of the units in the file (not their sub-units) whom the file no longer lists have left.
  const leavers = await sql<{ id: string }>`
    update people p set status = 'left', left_on = ${today}::date, updated_at = ${now}
    where p.status = 'active'
      and p.unit_id in (select distinct unit_id from people_import)
      -- not exists, not "not in": a large file's ids do not fit a hashed "not in" within work_mem.
      and not exists (select 1 from people_import pi where pi.person_id = p.id)
    returning p.id`.execute(trx);
  const newlyLeft = await sql<{ id: string }>`
    select p.id from people p join people_import pi on pi.person_id = p.id where pi.status = 'left'`.execute(trx);
  const gone = [...leavers.rows, ...newlyLeft.rows].map((r) => r.id);
  if (gone.length > 0) {
    // A leaver's account stops working at once: disabled, signed out, tokens revoked.
    await sql`update accounts set is_enabled = false, disabled_at = ${now} where is_enabled and person_id in (select unnest(${gone}::uuid[]))`.execute(trx);
    await sql`update sessions set ended_at = ${now} where ended_at is null and account_id in (select id from accounts where person_id in (select unnest(${gone}::uuid[])))`.execute(trx);
    await sql`update api_tokens set revoked_at = ${now} where revoked_at is null and account_id in (select id from accounts where person_id in (select unnest(${gone}::uuid[])))`.execute(trx);
  }
  const total = await sql<{ n: number }>`select count(*)::int as n from people_import`.execute(trx);
  const created = inserted.rows.length;
  return { created, updated, unchanged: total.rows[0]!.n - created - updated, left: leavers.rows.length };
}
