// The set-based SQL of the suppliers import: resolve the staged rows into a temporary table (each matched
// to a supplier on company number, else reference, else name), find every problem the whole file has,
// then apply it. Runs inside the import's one transaction. A column the file does not have (staged as
// null) leaves that part of an existing supplier as it is.
import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import type { ImportCounts, ImportError } from '../../platform/imports/report.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { SUPPLIER_RECORD_TYPE } from './entity.ts';

const SRO = 'senior-responsible-officer';
const SBO = 'senior-business-owner';
const person = (column: string) => sql`coalesce((select p.id from people p where p.email = lower(r.data->>${column})), (select p.id from people p where p.staff_number = r.data->>${column}))`;
/** A current appointment in the role on the import row's supplier, as setRecordHolder sees one. */
const holds = (role: string, personColumn: string, today: string) =>
  sql`exists (select 1 from appointments ap where ap.record_type = ${SUPPLIER_RECORD_TYPE} and ap.record_id = si.supplier_id and ap.role_code = ${role}
        and (ap.ends_on is null or ap.ends_on >= ${today}) ${personColumn ? sql`and ap.person_id = ${sql.ref(`si.${personColumn}`)}` : sql``})`;

export async function resolveSuppliers(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table suppliers_import on commit drop as
    select r.line,
           nullif(upper(r.data->>'reference'), '') as reference,
           r.data->>'name' as name,
           r.data->>'companyNumber' as company_number_given,
           r.data->>'contactName' as contact_name_given,
           r.data->>'contactEmail' as contact_email_given,
           u.id as unit_id,
           r.data->>'sro' as sro_ref,
           r.data->>'sbo' as sbo_ref,
           r.data->>'assets' as assets,
           r.data->>'services' as services,
           ${person('sro')} as sro_id,
           case when nullif(r.data->>'sbo', '') is not null then ${person('sbo')} end as sbo_id,
           by_cn.id as cn_supplier_id,
           by_ref.id as ref_supplier_id,
           by_name.id as name_supplier_id,
           by_name.company_number as name_supplier_company_number,
           coalesce(by_cn.id, by_ref.id, by_name.id) as supplier_id,
           coalesce(by_cn.id, by_ref.id, by_name.id) is null as is_new,
           null::uuid as old_unit_id,
           null::text as company_number,
           null::text as contact_name,
           null::text as contact_email,
           -- The row's keys point at different suppliers (or at none): reported once, not again as a clash of names.
           (nullif(upper(r.data->>'reference'), '') is not null and by_ref.id is null)
             or (by_cn.id is not null and by_ref.id is not null and by_cn.id <> by_ref.id)
             or (by_cn.id is null and by_ref.id is null and by_name.id is not null and nullif(r.data->>'companyNumber', '') is not null and by_name.company_number is not null) as conflict
      from import_rows r
      left join organisation_units u on u.code = r.data->>'unit'
      left join lateral (select s.id from suppliers s where nullif(r.data->>'companyNumber', '') is not null and s.company_number = r.data->>'companyNumber') by_cn on true
      left join lateral (select s.id from suppliers s where s.reference = nullif(upper(r.data->>'reference'), '')) by_ref on true
      left join lateral (select s.id, s.company_number from suppliers s where lower(s.name) = lower(r.data->>'name') order by s.reference limit 1) by_name on true
     where r.batch_id = ${batchId}`.execute(trx);
  // The values to store: a column the file leaves out keeps what the supplier has.
  await sql`
    update suppliers_import si
       set old_unit_id = s.unit_id,
           company_number = case when si.company_number_given is null then s.company_number else nullif(si.company_number_given, '') end,
           contact_name = coalesce(si.contact_name_given, s.contact_name, ''),
           contact_email = coalesce(si.contact_email_given, s.contact_email, '')
      from suppliers_import x left join suppliers s on s.id = x.supplier_id
     where x.line = si.line`.execute(trx);
  await sql`create index on suppliers_import (line)`.execute(trx);
  for (const [kind, table, column] of [['assets', 'information_assets', 'asset_id'], ['services', 'technology_services', 'service_id']] as const) {
    await sql`
      create temp table ${sql.raw(`suppliers_import_${kind}`)} on commit drop as
      select si.line, ref as reference, x.id as ${sql.raw(column)}
        from suppliers_import si
        cross join lateral unnest(string_to_array(si.${sql.raw(kind)}, ';')) as ref
        left join ${sql.raw(table)} x on lower(x.reference) = lower(ref)
       where si.${sql.raw(kind)} is not null and ref <> ''`.execute(trx);
  }
  await sql`analyze suppliers_import`.execute(trx);
}

/** Problems only the whole file and the registers can show: unknown references, clashes, repeats, unknown people and reach. */
export async function supplierSetErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'reference' as "column", 'No supplier has the reference ' || reference || ': leave the reference empty to add a new supplier' as message
      from suppliers_import where reference is not null and ref_supplier_id is null
    union all
    select si.line, 'reference', 'Company number ' || si.company_number_given || ' belongs to ' || s.reference || ', not ' || si.reference || ': correct one of them'
      from suppliers_import si join suppliers s on s.id = si.cn_supplier_id where si.ref_supplier_id is not null and si.ref_supplier_id <> si.cn_supplier_id
    union all
    select si.line, 'companyNumber', 'A supplier called ' || si.name || ' already has company number ' || si.name_supplier_company_number || ': correct the number or the name'
      from suppliers_import si
     where si.cn_supplier_id is null and si.ref_supplier_id is null and si.name_supplier_id is not null
       and nullif(si.company_number_given, '') is not null and si.name_supplier_company_number is not null
    union all
    select si.line, 'name', s.reference || ' is already called ' || s.name || ': each supplier’s name is its own'
      from suppliers_import si join suppliers s on lower(s.name) = lower(si.name) and s.id is distinct from si.supplier_id
     where not si.conflict and not (si.cn_supplier_id is null and si.ref_supplier_id is null)
    union all
    select si.line, 'name', 'Line ' || (select string_agg(o.line::text, ', ' order by o.line) from suppliers_import o where o.line <> si.line and not o.conflict and (o.supplier_id = si.supplier_id or (o.is_new and si.is_new and lower(o.name) = lower(si.name))))
           || ' is the same supplier: give each supplier once'
      from suppliers_import si
     where not si.conflict and exists (select 1 from suppliers_import o where o.line <> si.line and not o.conflict and (o.supplier_id = si.supplier_id or (o.is_new and si.is_new and lower(o.name) = lower(si.name))))
    union all
    select si.line, 'companyNumber', 'Company number ' || si.company_number || ' is also on line ' || (select string_agg(o.line::text, ', ' order by o.line) from suppliers_import o where o.line <> si.line and o.company_number = si.company_number)
      from suppliers_import si
     where si.company_number is not null and exists (select 1 from suppliers_import o where o.line <> si.line and o.company_number = si.company_number)
    union all
    select line, 'sro', 'No one in the people register has the email or staff number ' || sro_ref from suppliers_import where sro_id is null
    union all
    select si.line, 'sro', p.display_name || ' has left, so cannot be the Senior Responsible Officer: name someone who is still here'
      from suppliers_import si join people p on p.id = si.sro_id where p.status = 'left'
    union all
    select line, 'sbo', 'No one in the people register has the email or staff number ' || sbo_ref from suppliers_import where nullif(sbo_ref, '') is not null and sbo_id is null
    union all
    select si.line, 'sbo', p.display_name || ' has left, so cannot be the Senior Business Owner: name someone who is still here'
      from suppliers_import si join people p on p.id = si.sbo_id where p.status = 'left'
    union all
    select line, 'assets', string_agg(reference, ', ' order by reference) || case when count(*) > 1 then ' are not information asset references' else ' is not an information asset reference' end || ': check them in the information assets register'
      from suppliers_import_assets where asset_id is null group by line
    union all
    select line, 'services', string_agg(reference, ', ' order by reference) || case when count(*) > 1 then ' are not technology service references' else ' is not a technology service reference' end || ': check them in the technology services register'
      from suppliers_import_services where service_id is null group by line`.execute(trx);
  return rows;
}

/** The units the import touches: each row's unit, and the unit a supplier moves from. */
export async function supplierImportUnits(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`
    select unit_id from suppliers_import where unit_id is not null
    union select old_unit_id from suppliers_import where old_unit_id is not null`.execute(trx);
  return rows.map((r) => r.unit_id);
}

export async function applySuppliers(trx: Tx, today: string, yesterday: string, now: Date): Promise<ImportCounts> {
  // Which existing suppliers the file changes, decided before anything is written.
  const sameSet = (kind: 'assets' | 'services', link: string, column: string) => sql`
    si.${sql.raw(kind)} is not null and array(select l.${sql.raw(column)} from ${sql.raw(link)} l where l.supplier_id = s.id order by 1)
      is distinct from array(select distinct x.${sql.raw(column)} from ${sql.raw(`suppliers_import_${kind}`)} x where x.line = si.line order by 1)`;
  const changed = await sql<{ line: number }>`
    select si.line from suppliers_import si join suppliers s on s.id = si.supplier_id
     where not si.is_new and (
           (s.name, s.company_number, s.contact_name, s.contact_email, s.unit_id) is distinct from (si.name, si.company_number, si.contact_name, si.contact_email, si.unit_id)
        or not ${holds(SRO, 'sro_id', today)}
        or (si.sbo_ref is not null and (case when si.sbo_id is null then ${holds(SBO, '', today)} else not ${holds(SBO, 'sbo_id', today)} end))
        or (${sameSet('assets', 'supplier_assets', 'asset_id')})
        or (${sameSet('services', 'supplier_services', 'service_id')}))`.execute(trx);
  const changedLines = changed.rows.map((r) => r.line);

  const inserted = await sql<{ id: string }>`
    insert into suppliers (reference, name, company_number, contact_name, contact_email, unit_id, created_at, updated_at)
    select 'SUP-' || lpad(nextval('suppliers_reference_seq')::text, 4, '0'), name, company_number, contact_name, contact_email, unit_id, ${now}, ${now}
      from (select * from suppliers_import where is_new order by line) n
    returning id`.execute(trx);
  await sql`update suppliers_import si set supplier_id = s.id from suppliers s where si.is_new and lower(s.name) = lower(si.name)`.execute(trx);
  await sql`
    update suppliers s set name = si.name, company_number = si.company_number, contact_name = si.contact_name, contact_email = si.contact_email, unit_id = si.unit_id, updated_at = ${now}
      from suppliers_import si where si.supplier_id = s.id and si.line = any(${changedLines}::int[])`.execute(trx);

  // Owners change through the one way a record's holder changes; only the rows whose holder differs.
  const owners = await sql<{ supplier_id: string; role: string; person_id: string | null }>`
    select si.supplier_id, ${SRO}::text as role, si.sro_id as person_id from suppliers_import si where not ${holds(SRO, 'sro_id', today)}
    union all
    select si.supplier_id, ${SBO}::text, si.sbo_id from suppliers_import si
     where si.sbo_ref is not null and (case when si.sbo_id is null then ${holds(SBO, '', today)} else not ${holds(SBO, 'sbo_id', today)} end)`.execute(trx);
  const appointments = new AppointmentRepository(trx);
  for (const o of owners.rows) await appointments.setRecordHolder({ roleCode: o.role, recordType: SUPPLIER_RECORD_TYPE, recordId: o.supplier_id, personId: o.person_id, today, yesterday });

  for (const [kind, link, column] of [['assets', 'supplier_assets', 'asset_id'], ['services', 'supplier_services', 'service_id']] as const) {
    const staged = sql.raw(`suppliers_import_${kind}`);
    await sql`
      delete from ${sql.raw(link)} l using suppliers_import si
       where l.supplier_id = si.supplier_id and si.${sql.raw(kind)} is not null
         and not exists (select 1 from ${staged} x where x.line = si.line and x.${sql.raw(column)} = l.${sql.raw(column)})`.execute(trx);
    await sql`
      insert into ${sql.raw(link)} (supplier_id, ${sql.raw(column)})
      select distinct si.supplier_id, x.${sql.raw(column)} from ${staged} x join suppliers_import si on si.line = x.line
      on conflict do nothing`.execute(trx);
  }

  const total = await sql<{ n: number }>`select count(*)::int as n from suppliers_import`.execute(trx);
  const created = inserted.rows.length;
  const updated = changedLines.length;
  return { created, updated, unchanged: total.rows[0]!.n - created - updated, left: 0 };
}
