// The set-based SQL of the supplier contracts import: contracts match on their reference, and name their
// supplier by its reference (SUP-0001) or company number. Runs inside the import's one transaction.
import { sql } from 'kysely';
import type { Tx } from '../../database.ts';
import type { ImportCounts, ImportError } from '../../platform/imports/report.ts';

export async function resolveContracts(trx: Tx, batchId: string): Promise<void> {
  await sql`
    create temp table contracts_import on commit drop as
    select r.line,
           r.data->>'reference' as reference,
           r.data->>'supplier' as supplier_ref,
           s.id as supplier_id,
           s.unit_id as supplier_unit_id,
           r.data->>'title' as title,
           u.id as unit_id,
           (r.data->>'startsOn')::date as starts_on,
           nullif(r.data->>'endsOn', '')::date as ends_on,
           r.data->>'valueBand' as value_band,
           c.id as contract_id,
           c.unit_id as old_unit_id
      from import_rows r
      left join lateral (select x.id, x.unit_id from suppliers x where x.reference = upper(r.data->>'supplier') or x.company_number = upper(r.data->>'supplier')
                          order by x.reference = upper(r.data->>'supplier') desc limit 1) s on true
      left join organisation_units u on u.code = r.data->>'unit'
      left join supplier_contracts c on lower(c.reference) = lower(r.data->>'reference')
     where r.batch_id = ${batchId}`.execute(trx);
  await sql`analyze contracts_import`.execute(trx);
}

export async function contractSetErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'supplier' as "column", 'No supplier has the reference or company number ' || supplier_ref || ': add the supplier first, or correct it' as message
      from contracts_import where supplier_id is null
    union all
    select ci.line, 'reference', 'The reference ' || ci.reference || ' is also on line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from contracts_import o where lower(o.reference) = lower(ci.reference) and o.line <> ci.line) || ': each contract once'
      from contracts_import ci where exists (select 1 from contracts_import o where lower(o.reference) = lower(ci.reference) and o.line <> ci.line)`.execute(trx);
  return rows;
}

/** The units the import touches: each contract's unit and the unit it moves from, and its supplier's unit. */
export async function contractImportUnits(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`
    select unit_id from contracts_import where unit_id is not null
    union select old_unit_id from contracts_import where old_unit_id is not null
    union select supplier_unit_id from contracts_import where supplier_unit_id is not null`.execute(trx);
  return rows.map((r) => r.unit_id);
}

export async function applyContracts(trx: Tx, now: Date): Promise<ImportCounts> {
  const updated = await sql<{ id: string }>`
    update supplier_contracts c set reference = ci.reference, supplier_id = ci.supplier_id, title = ci.title, unit_id = ci.unit_id,
           starts_on = ci.starts_on, ends_on = ci.ends_on, value_band = ci.value_band, updated_at = ${now}
      from contracts_import ci
     where ci.contract_id = c.id
       and (c.reference, c.supplier_id, c.title, c.unit_id, c.starts_on, c.ends_on, c.value_band)
           is distinct from (ci.reference, ci.supplier_id, ci.title, ci.unit_id, ci.starts_on, ci.ends_on, ci.value_band)
    returning c.id`.execute(trx);
  const inserted = await sql<{ id: string }>`
    insert into supplier_contracts (supplier_id, reference, title, unit_id, starts_on, ends_on, value_band, created_at, updated_at)
    select supplier_id, reference, title, unit_id, starts_on, ends_on, value_band, ${now}, ${now} from contracts_import where contract_id is null
    returning id`.execute(trx);
  const total = await sql<{ n: number }>`select count(*)::int as n from contracts_import`.execute(trx);
  const created = inserted.rows.length;
  return { created, updated: updated.rows.length, unchanged: total.rows[0]!.n - created - updated.rows.length, left: 0 };
}
