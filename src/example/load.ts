// Loads example data by name. Idempotent: records are matched on their natural keys (unit codes).
import type { ExampleData } from '../config.ts';
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { MOJ_UNITS, type ExampleUnit } from './moj/organisation.ts';

async function upsertUnits(db: Db, audit: AuditTrail, units: readonly ExampleUnit[]): Promise<{ created: number; unchanged: number }> {
  let created = 0;
  let unchanged = 0;
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const row of await trx.selectFrom('organisation_units').select(['id', 'code']).execute()) ids.set(row.code, row.id);
    for (const unit of units) {
      if (ids.has(unit.code)) {
        unchanged++;
        continue;
      }
      const parentId = unit.parent ? ids.get(unit.parent) : null;
      if (parentId === undefined) throw new Error(`Example unit ${unit.code} names parent ${unit.parent ?? ''}, which comes later or does not exist`);
      const inserted = await trx
        .insertInto('organisation_units')
        .values({ code: unit.code, name: unit.name, unit_type: unit.unitType, parent_id: parentId, has_own_accounting_officer: unit.hasOwnAccountingOfficer })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(unit.code, inserted.id);
      created++;
    }
    // One event for the whole load, as for any import.
    if (created > 0) await audit.record(trx, { actor: { type: 'system', id: null, label: 'first-run setup' }, action: 'example.loaded', metadata: { example: 'moj', organisationUnits: created } });
  });
  return { created, unchanged };
}

export async function loadExample(db: Db, audit: AuditTrail, example: Exclude<ExampleData, 'none'>): Promise<{ created: number; unchanged: number }> {
  switch (example) {
    case 'moj':
      return upsertUnits(db, audit, MOJ_UNITS);
  }
}
