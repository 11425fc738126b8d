// Importing control implementations from CSV (DECISIONS, Imports): rows are checked as they are read,
// staged in chunks, then checked together and applied with set-based SQL in one transaction with one
// audit event. A dry run is the same transaction rolled back. Importing the same file again changes
// nothing: implementations match on (control, service) or (control, unit), evidence on its content.
import { sql } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { ImportCounts, ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport, type ImportInput } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { IMPLEMENTATION_STATUSES } from './entity.ts';
import { isRealDate } from './implementations.ts';

type Column = 'control' | 'service' | 'unit' | 'status' | 'reason' | 'owner' | 'statusOn' | 'link' | 'note' | 'reviewBy';

export const CONTROL_IMPLEMENTATIONS_CSV: CsvSpec<Column> = {
  columns: [
    { name: 'control', label: 'control', required: true, aliases: ['control code'] },
    { name: 'service', label: 'service', required: false, aliases: ['service reference', 'technology service'] },
    { name: 'unit', label: 'unit', required: false, aliases: ['unit code'] },
    { name: 'status', label: 'status', required: true },
    { name: 'reason', label: 'not applicable reason', required: false, aliases: ['reason'] },
    { name: 'owner', label: 'owner', required: false, aliases: ['owner email', 'owner staff number'] },
    { name: 'statusOn', label: 'status on', required: false, aliases: ['date', 'status date'] },
    { name: 'link', label: 'evidence link', required: false, aliases: ['evidence url'] },
    { name: 'note', label: 'evidence note', required: false },
    { name: 'reviewBy', label: 'evidence review by', required: false, aliases: ['review by'] },
  ],
};

function checkRow(line: number, v: Partial<Record<Column, string>>): { errors: ImportError[]; staged?: Record<string, string> } {
  const errors: ImportError[] = [];
  const error = (column: Column, message: string) => errors.push({ line, column, message });
  const status = (v.status ?? '').toLowerCase().replace(/\s+/g, '-');
  if (!v.control) error('control', 'Enter the control’s code, such as CTL-ACC-01');
  if (!v.service === !v.unit) error(v.service ? 'unit' : 'service', v.service ? 'Give a service or a unit, not both: a row records one implementation' : 'Enter the service’s reference, or a unit’s code for a people or process control');
  if (!(IMPLEMENTATION_STATUSES as readonly string[]).includes(status)) error('status', `"${v.status ?? ''}" is not a status: use ${IMPLEMENTATION_STATUSES.join(', ')}`);
  else if (status === 'not-applicable' && !v.reason) error('reason', 'Say why the control does not apply');
  else if (status !== 'not-applicable' && v.reason) error('reason', 'A reason goes only with not-applicable: remove it, or change the status');
  if (v.statusOn && !isRealDate(v.statusOn)) error('statusOn', `"${v.statusOn}" is not a date: write it as YYYY-MM-DD, such as 2026-04-01`);
  if (v.link && !/^https?:\/\/[^\s/]+/i.test(v.link)) error('link', `"${v.link}" is not a web address: it must start with https:// or http://`);
  if ((v.link || v.note) && !v.reviewBy) error('reviewBy', 'Evidence needs a review-by date, as YYYY-MM-DD');
  if (v.reviewBy && !isRealDate(v.reviewBy)) error('reviewBy', `"${v.reviewBy}" is not a date: write it as YYYY-MM-DD, such as 2027-04-01`);
  if (v.reviewBy && !v.link && !v.note) error('reviewBy', 'A review-by date goes with evidence: add an evidence link or note, or remove the date');
  if (errors.length > 0) return { errors };
  return { errors, staged: { control: v.control!.toUpperCase(), service: v.service ?? '', unit: (v.unit ?? '').toUpperCase(), status, reason: v.reason ?? '', owner: v.owner ?? '', statusOn: v.statusOn ?? '', link: v.link ?? '', note: v.note ?? '', reviewBy: v.reviewBy ?? '' } };
}

export class ControlImplementationImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: ImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    authorize(actor, 'controls.manage');
    const who = auditActorOf(actor);
    const today = londonDate(this.clock.now());
    return runStagedImport(this.db, this.audit, who, input, {
      kind: 'control-implementations',
      csv: CONTROL_IMPLEMENTATIONS_CSV,
      emptyFile: 'The file has no rows: add a row for each control implementation under the header',
      checkRow,
      check: async (trx, batchId) => {
        await resolve(trx, batchId);
        return setErrors(trx);
      },
      authorize: async (trx) => {
        for (const unitId of await owningUnits(trx)) authorize(actor, 'controls.manage', { unitId });
      },
      apply: (trx) => apply(trx, today, this.clock.now(), who.label, actor.kind === 'person' ? actor.personId : null),
    }, onProgress);
  }
}

/** The units whose implementations the file changes: the security team must manage each. */
async function owningUnits(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`select distinct owning_unit_id as unit_id from control_import where owning_unit_id is not null`.execute(trx);
  return rows.map((r) => r.unit_id);
}

/** One row per staged line, with the control, service or unit, owner and any implementation it matches. */
async function resolve(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table control_import on commit drop as
    select r.line,
           r.data->>'control' as control_code, c.id as control_id, c.kind as control_kind,
           nullif(r.data->>'service', '') as service_ref, s.id as service_id,
           nullif(r.data->>'unit', '') as unit_code, u.id as unit_id,
           coalesce(s.unit_id, u.id) as owning_unit_id,
           r.data->>'status' as status, nullif(r.data->>'reason', '') as reason,
           nullif(r.data->>'owner', '') as owner_ref,
           (select p.id from people p where p.email = lower(r.data->>'owner') or p.staff_number = r.data->>'owner' order by p.email = lower(r.data->>'owner') desc limit 1) as owner_id,
           nullif(r.data->>'statusOn', '')::date as status_on,
           nullif(r.data->>'link', '') as link, nullif(r.data->>'note', '') as note, nullif(r.data->>'reviewBy', '')::date as review_by,
           null::uuid as implementation_id
      from import_rows r
      left join controls c on c.code = r.data->>'control'
      left join lateral (select ts.id, ts.unit_id from technology_services ts
                          where nullif(r.data->>'service', '') is not null
                            and (ts.reference = r.data->>'service' or lower(ts.name) = lower(r.data->>'service'))
                          order by ts.reference = r.data->>'service' desc limit 1) s on true
      left join organisation_units u on u.code = nullif(r.data->>'unit', '')
     where r.batch_id = ${batchId}`.execute(trx);
  await sql`
    update control_import ci set implementation_id = i.id
      from control_implementations i
     where i.control_id = ci.control_id and (i.service_id = ci.service_id or i.unit_id = ci.unit_id)`.execute(trx);
}

async function setErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'control' as "column", 'No control has the code ' || control_code || ': add it to the catalogue first, or correct the code' as message
      from control_import where control_id is null
    union all
    select line, 'service', 'No technology service has the reference ' || service_ref || ': add the service first, or correct the reference'
      from control_import where service_ref is not null and service_id is null
    union all
    select line, 'unit', 'Unit code ' || unit_code || ' is not in the organisation: correct the code'
      from control_import where unit_code is not null and unit_id is null
    union all
    select line, 'unit', control_code || ' is a technology control: record it for each technology service, not for a unit'
      from control_import where unit_id is not null and control_kind = 'technology'
    union all
    select line, 'owner', 'No one in the people register has the email or staff number ' || owner_ref
      from control_import where owner_ref is not null and owner_id is null
    union all
    select line, 'statusOn', 'The date of the status cannot be in the future'
      from control_import where status_on > current_date + 1
    union all
    select ci.line, 'control', control_code || ' for ' || coalesce(service_ref, unit_code) || ' is also on line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from control_import o where o.control_id = ci.control_id and (o.service_id = ci.service_id or o.unit_id = ci.unit_id) and o.line <> ci.line) || ': give each implementation once'
      from control_import ci
     where control_id is not null and exists (select 1 from control_import o where o.control_id = ci.control_id and (o.service_id = ci.service_id or o.unit_id = ci.unit_id) and o.line <> ci.line)`.execute(trx);
  return rows;
}

async function apply(trx: Tx, today: string, now: Date, addedBy: string, addedByPersonId: string | null): Promise<ImportCounts> {
  // A row without a date keeps the implementation's date while its status stands, else takes today.
  const changed = await sql<{ line: number }>`
    with next as (
      select ci.line, ci.implementation_id, ci.status, ci.reason, ci.owner_id,
             coalesce(ci.status_on, case when i.status = ci.status then i.status_on else ${today}::date end) as status_on
        from control_import ci join control_implementations i on i.id = ci.implementation_id
    )
    update control_implementations i set status = n.status, not_applicable_reason = n.reason, owner_person_id = n.owner_id, status_on = n.status_on, updated_at = ${now}
      from next n
     where i.id = n.implementation_id
       and (i.status, i.not_applicable_reason, i.owner_person_id, i.status_on) is distinct from (n.status, n.reason, n.owner_id, n.status_on)
    returning n.line`.execute(trx);
  const created = await sql<{ line: number }>`
    with inserted as (
      insert into control_implementations (control_id, service_id, unit_id, status, not_applicable_reason, owner_person_id, status_on)
      select control_id, service_id, case when service_id is null then unit_id end, status, reason, owner_id, coalesce(status_on, ${today}::date)
        from control_import where implementation_id is null
      returning id, control_id, service_id, unit_id
    )
    update control_import ci set implementation_id = ins.id from inserted ins
     where ins.control_id = ci.control_id and (ins.service_id = ci.service_id or ins.unit_id = ci.unit_id)
    returning ci.line`.execute(trx);
  const evidence = await sql<{ line: number }>`
    insert into control_evidence (implementation_id, kind, url, note, review_by, added_by, added_by_person_id)
    select ci.implementation_id, case when ci.link is not null then 'link' else 'note' end, ci.link, ci.note, ci.review_by, ${addedBy}, ${addedByPersonId}::uuid
      from control_import ci
     where (ci.link is not null or ci.note is not null)
       and not exists (select 1 from control_evidence e where e.implementation_id = ci.implementation_id
                          and e.url is not distinct from ci.link and e.note is not distinct from ci.note and e.review_by = ci.review_by)
    returning (select ci2.line from control_import ci2 where ci2.implementation_id = control_evidence.implementation_id limit 1) as line`.execute(trx);
  const total = (await sql<{ n: number }>`select count(*)::int as n from control_import`.execute(trx)).rows[0]!.n;
  const createdLines = new Set(created.rows.map((r) => r.line));
  const updatedLines = new Set([...changed.rows, ...evidence.rows].map((r) => r.line).filter((l) => !createdLines.has(l)));
  return { created: createdLines.size, updated: updatedLines.size, unchanged: total - createdLines.size - updatedLines.size, left: 0 };
}
