// The set-based SQL of the services import: resolve the staged rows into a temporary table, find every
// problem the whole file has, then apply it. Runs inside the import's one transaction.
import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import type { ImportCounts, ImportError } from '../../platform/imports/report.ts';
import { SERVICE_RECORD_TYPE, SRO_ROLE, TSO_ROLE } from './entity.ts';

/** One row per staged service, with its unit, owners and the existing service it describes. */
export async function resolveServices(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table services_import on commit drop as
    select r.line,
           r.data->>'reference' as reference,
           r.data->>'name' as name,
           r.data->>'purpose' as purpose,
           u.id as unit_id,
           r.data->>'hosting' as hosting,
           r.data->>'suppliers' as suppliers,
           r.data->>'criticality' as criticality,
           r.data->>'tso' as tso_ref,
           r.data->>'sro' as sro_ref,
           r.data->>'assets' as assets,
           r.data->>'standards' as standards,
           coalesce((select p.id from people p where p.email = lower(r.data->>'tso')), (select p.id from people p where p.staff_number = r.data->>'tso')) as tso_id,
           coalesce((select p.id from people p where p.email = lower(r.data->>'sro')), (select p.id from people p where p.staff_number = r.data->>'sro')) as sro_id,
           s.id as service_id,
           s.unit_id as old_unit_id,
           s.id is null as is_new
      from import_rows r
      left join organisation_units u on u.code = r.data->>'unitCode'
      left join technology_services s on lower(s.reference) = lower(r.data->>'reference')
     where r.batch_id = ${batchId}`.execute(trx);
  await sql`create index on services_import (line)`.execute(trx);
  await sql`
    create temp table services_import_assets on commit drop as
    select si.line, ref as reference, a.id as asset_id
      from services_import si
      cross join lateral unnest(string_to_array(si.assets, ';')) as ref
      left join information_assets a on lower(a.reference) = lower(ref)
     where ref <> ''`.execute(trx);
  await sql`
    create temp table services_import_standards on commit drop as
    select si.line, ref as reference, d.id as document_id
      from services_import si
      cross join lateral unnest(string_to_array(si.standards, ';')) as ref
      left join documents d on d.key_prefix = upper(ref)
     where ref <> ''`.execute(trx);
  await sql`analyze services_import`.execute(trx);
}

/** Problems only the whole file and the registers can show: duplicates, unknown people, assets and standards. */
export async function serviceSetErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'reference' as "column", 'The reference ' || reference || ' is also on line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from services_import o where lower(o.reference) = lower(si.reference) and o.line <> si.line) || ': each service once' as message
      from services_import si where lower(reference) in (select lower(reference) from services_import group by lower(reference) having count(*) > 1)
    union all
    select line, 'tso', 'No one in the people register has the email or staff number ' || tso_ref from services_import where tso_id is null
    union all
    select si.line, 'tso', p.display_name || ' has left, so cannot be the Technology Service Owner: name someone who is still here'
      from services_import si join people p on p.id = si.tso_id where p.status = 'left'
    union all
    select line, 'sro', 'No one in the people register has the email or staff number ' || sro_ref from services_import where sro_id is null
    union all
    select si.line, 'sro', p.display_name || ' has left, so cannot be the Senior Responsible Officer: name someone who is still here'
      from services_import si join people p on p.id = si.sro_id where p.status = 'left'
    union all
    select line, 'assets', string_agg(reference, ', ' order by reference) || case when count(*) > 1 then ' are not information asset references' else ' is not an information asset reference' end || ': check them in the information assets register'
      from services_import_assets where asset_id is null group by line
    union all
    select line, 'standards', string_agg(reference, ', ' order by reference) || case when count(*) > 1 then ' are not references of documents' else ' is not the reference of a document' end || ' in the policy library: use the document''s reference, such as SISP'
      from services_import_standards where document_id is null group by line`.execute(trx);
  return rows;
}

/** The units the import touches: each row's unit, and the unit a service moves from. */
export async function importUnits(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`
    select unit_id from services_import where unit_id is not null
    union select old_unit_id from services_import where old_unit_id is not null`.execute(trx);
  return rows.map((r) => r.unit_id);
}

export async function applyServices(trx: Tx, today: string, yesterday: string, now: Date): Promise<ImportCounts> {
  // Which existing services the file changes, decided before anything is written.
  const changed = await sql<{ line: number }>`
    select si.line from services_import si join technology_services s on s.id = si.service_id
     where (s.reference, s.name, s.purpose, s.unit_id, s.hosting, s.suppliers, s.criticality)
             is distinct from (si.reference, si.name, si.purpose, si.unit_id, si.hosting, si.suppliers, si.criticality)
        or not exists (select 1 from appointments ap where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = ${TSO_ROLE}
                         and ap.person_id = si.tso_id and ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today}))
        or not exists (select 1 from appointments ap where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = ${SRO_ROLE}
                         and ap.person_id = si.sro_id and ap.starts_on <= ${today} and (ap.ends_on is null or ap.ends_on >= ${today}))
        or array(select sa.asset_id from service_assets sa where sa.service_id = s.id order by 1)
             is distinct from array(select distinct x.asset_id from services_import_assets x where x.line = si.line order by 1)
        or array(select ss.document_id from service_standards ss where ss.service_id = s.id order by 1)
             is distinct from array(select distinct x.document_id from services_import_standards x where x.line = si.line order by 1)`.execute(trx);
  const changedLines = changed.rows.map((r) => r.line);

  const inserted = await sql<{ id: string }>`
    insert into technology_services (reference, name, purpose, unit_id, hosting, suppliers, criticality, created_at, updated_at)
    select reference, name, purpose, unit_id, hosting, suppliers, criticality, ${now}, ${now} from services_import where is_new
    returning id`.execute(trx);
  await sql`update services_import si set service_id = s.id from technology_services s where si.is_new and s.reference = si.reference`.execute(trx);
  await sql`
    update technology_services s set reference = si.reference, name = si.name, purpose = si.purpose, unit_id = si.unit_id, hosting = si.hosting,
           suppliers = si.suppliers, criticality = si.criticality, updated_at = ${now}
      from services_import si where si.service_id = s.id and si.line = any(${changedLines}::int[])`.execute(trx);

  for (const [role, column] of [[TSO_ROLE, 'tso_id'], [SRO_ROLE, 'sro_id']] as const) {
    const wanted = sql.ref(`si.${column}`);
    // The holder the file does not name stops holding the role: ended yesterday, or removed if appointed today.
    const outgoing = sql`
      select ap.id from appointments ap join services_import si on si.service_id = ap.record_id
       where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.role_code = ${role}
         and (ap.ends_on is null or ap.ends_on >= ${today}) and ap.person_id is distinct from ${wanted}`;
    await sql`delete from appointments where id in (${outgoing}) and starts_on >= ${today}`.execute(trx);
    await sql`update appointments set ends_on = ${yesterday}::date, updated_at = ${now} where id in (${outgoing})`.execute(trx);
    await sql`
      insert into appointments (role_code, person_id, record_type, record_id, starts_on)
      select ${role}, ${wanted}, ${SERVICE_RECORD_TYPE}, si.service_id, ${today}::date from services_import si
       where not exists (select 1 from appointments ap where ap.record_type = ${SERVICE_RECORD_TYPE} and ap.record_id = si.service_id
                           and ap.role_code = ${role} and ap.person_id = ${wanted} and (ap.ends_on is null or ap.ends_on >= ${today}))`.execute(trx);
  }

  await sql`
    delete from service_assets sa using services_import si
     where sa.service_id = si.service_id
       and not exists (select 1 from services_import_assets x where x.line = si.line and x.asset_id = sa.asset_id)`.execute(trx);
  await sql`
    insert into service_assets (service_id, asset_id)
    select distinct si.service_id, x.asset_id from services_import_assets x join services_import si on si.line = x.line
    on conflict do nothing`.execute(trx);
  await sql`
    delete from service_standards ss using services_import si
     where ss.service_id = si.service_id
       and not exists (select 1 from services_import_standards x where x.line = si.line and x.document_id = ss.document_id)`.execute(trx);
  await sql`
    insert into service_standards (service_id, document_id)
    select distinct si.service_id, x.document_id from services_import_standards x join services_import si on si.line = x.line
    on conflict do nothing`.execute(trx);

  const total = await sql<{ n: number }>`select count(*)::int as n from services_import`.execute(trx);
  const created = inserted.rows.length;
  const updated = changedLines.length;
  return { created, updated, unchanged: total.rows[0]!.n - created - updated, left: 0 };
}
