// Importing information assets from CSV (DECISIONS, Imports), the same way as people: each row is
// checked as it is read (classification label, unit, impacts), rows are staged in chunks, then the
// file is checked as a whole and applied with set-based SQL in one transaction with one audit event.
// A dry run is that transaction rolled back. Assets match on reference, or, for a row without one,
// on unit and name, so importing the same file again changes nothing and records no event.
import { sql } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import type { ImportCounts, ImportError, ImportReport } from '../../platform/imports/report.ts';
import { runStagedImport } from '../../platform/imports/staged-import.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { parseClassificationLabel, type ClassificationVocabulary } from './classification.ts';
import { ASSET_CSV, type AssetColumn } from './csv.ts';
import { ASSET_RECORD_TYPE, IAO_ROLE, IMPACT_LEVELS } from './entity.ts';
import { loadClassificationVocabulary } from './vocabulary.repository.ts';

export interface AssetImportInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly dryRun: boolean;
  readonly requestId?: string;
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/** Checks one row on its own; returns its problems, or the values to stage. */
export function checkAssetRow(line: number, values: Partial<Record<AssetColumn, string>>, unitCodes: ReadonlySet<string>, vocabulary: ClassificationVocabulary): { errors: ImportError[]; staged?: Record<string, unknown> } {
  const errors: ImportError[] = [];
  const problem = (column: AssetColumn, message: string) => errors.push({ line, column, message });
  const reference = values.reference ?? '';
  if (reference && !REFERENCE.test(reference)) problem('reference', `"${reference}" is not a reference: use up to 40 letters, digits, dots, dashes or slashes, such as HMPPS-IA-0001`);
  if (!values.name) problem('name', 'Enter the asset’s name');
  else if (values.name.length > 200) problem('name', 'Shorten the name to 200 characters or fewer');
  if ((values.description ?? '').length > 5000) problem('description', 'Shorten the description to 5,000 characters or fewer');
  if (!values.unitCode) problem('unitCode', 'Enter the code of the unit that holds the asset, such as HMPPS');
  else if (!unitCodes.has(values.unitCode.toUpperCase())) problem('unitCode', `Unit code ${values.unitCode} is not in the organisation: add the unit first, or correct the code`);
  if (!values.owner) problem('owner', 'Enter the Information Asset Owner’s email address or staff number: every asset needs one');
  const embargo = values.embargoEndsOn || null;
  if (embargo !== null && !isRealDate(embargo)) problem('embargoEndsOn', `"${embargo}" is not a date: write it as YYYY-MM-DD, such as 2027-03-31`);
  let classification;
  if (!values.classification) problem('classification', 'Enter the classification label, such as OFFICIAL-SENSITIVE - HMG USE ONLY - PERSONAL DATA');
  else {
    const parsed = parseClassificationLabel(values.classification, vocabulary, embargo);
    for (const p of parsed.problems) {
      // A date that is not a date is reported once, above.
      if (p.field === 'embargoEndsOn' && embargo !== null && !isRealDate(embargo)) continue;
      problem(p.field === 'embargoEndsOn' ? 'embargoEndsOn' : 'classification', p.message);
    }
    classification = parsed.classification;
  }
  const impacts: Record<string, string> = {};
  for (const column of ['confidentiality', 'integrity', 'availability'] as const) {
    const value = (values[column] || 'medium').toLowerCase();
    if (!(IMPACT_LEVELS as readonly string[]).includes(value)) problem(column, `"${values[column]}" is not an impact level: use low, medium or high`);
    impacts[column] = value;
  }
  const personalText = (values.personalData ?? '').toLowerCase();
  const personalDescriptor = classification?.descriptors.includes('PERSONAL DATA') ?? false;
  let personalData = personalDescriptor;
  if (YES.has(personalText)) personalData = true;
  else if (NO.has(personalText)) personalData = false;
  else if (personalText !== '') problem('personalData', `"${values.personalData}" is not yes or no`);
  if (personalDescriptor && !personalData) problem('personalData', 'The classification carries PERSONAL DATA, so personal data must be yes');
  if ((values.retention ?? '').length > 500) problem('retention', 'Shorten the retention to 500 characters or fewer');
  if (errors.length > 0 || !classification) return { errors };
  const order = (code: string) => vocabulary.descriptors.findIndex((d) => d.code === code);
  return {
    errors,
    staged: {
      reference,
      name: values.name!,
      description: values.description ?? '',
      unitCode: values.unitCode!.toUpperCase(),
      owner: values.owner!,
      tier: classification.tier,
      sensitive: classification.sensitive,
      handlingInstruction: classification.handlingInstruction ?? '',
      embargoEndsOn: classification.embargoEndsOn ?? '',
      descriptors: [...new Set(classification.descriptors)].sort((a, b) => order(a) - order(b)),
      ...impacts,
      personalData,
      retention: values.retention ?? '',
    },
  };
}

export class InformationAssetImport {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(actor: Actor, input: AssetImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    // Managing assets anywhere lets a person start; each unit the file touches is checked below.
    if (!canAnywhere(actor, 'assets.manage')) authorize(actor, 'assets.manage');
    const unitCodes = new Set((await this.db.selectFrom('organisation_units').select('code').execute()).map((u) => u.code));
    const vocabulary = await loadClassificationVocabulary(this.db);
    const today = londonDate(this.clock.now());
    return runStagedImport(this.db, this.audit, auditActorOf(actor), input, {
      kind: 'information-assets',
      csv: ASSET_CSV,
      emptyFile: 'The file has no assets: add a header line and one line per asset',
      checkRow: (line, values) => checkAssetRow(line, values, unitCodes, vocabulary),
      check: async (trx, batchId) => {
        await resolve(trx, batchId, today);
        return setErrors(trx);
      },
      authorize: async (trx) => {
        for (const unitId of await unitsTouched(trx)) authorize(actor, 'assets.manage', { unitId });
      },
      apply: (trx) => apply(trx, today, this.clock.now()),
    }, onProgress);
  }
}

/** One row per staged asset, with its unit, its IAO, the asset it updates (if any) and that asset's current IAO. */
async function resolve(trx: Tx, batchId: string, today: string): Promise<void> {
  await sql`
    create temp table asset_import on commit drop as
    select r.line,
           nullif(r.data->>'reference', '') as reference,
           r.data->>'name' as name,
           r.data->>'description' as description,
           u.id as unit_id,
           r.data->>'owner' as owner_ref,
           coalesce((select p.id from people p where p.email = lower(r.data->>'owner')), (select p.id from people p where p.staff_number = r.data->>'owner')) as owner_id,
           r.data->>'tier' as tier,
           (r.data->>'sensitive')::boolean as sensitive,
           nullif(r.data->>'handlingInstruction', '') as handling_instruction,
           nullif(r.data->>'embargoEndsOn', '')::date as embargo_ends_on,
           r.data->'descriptors' as descriptors,
           r.data->>'confidentiality' as confidentiality_impact,
           r.data->>'integrity' as integrity_impact,
           r.data->>'availability' as availability_impact,
           (r.data->>'personalData')::boolean as personal_data,
           r.data->>'retention' as retention,
           case when nullif(r.data->>'reference', '') is not null
                then (select a.id from information_assets a where a.reference = r.data->>'reference')
                else (select a.id from information_assets a where a.unit_id = u.id and lower(a.name) = lower(r.data->>'name') order by a.created_at, a.id limit 1) end as asset_id,
           false as created,
           null::uuid as current_owner_id
    from import_rows r join organisation_units u on u.code = r.data->>'unitCode'
    where r.batch_id = ${batchId}`.execute(trx);
  await sql`create index on asset_import (asset_id)`.execute(trx);
  await sql`create index on asset_import (reference)`.execute(trx);
  await sql`analyze asset_import`.execute(trx);
  await sql`
    update asset_import i set current_owner_id = o.person_id
    from appointments o
    where o.record_type = ${ASSET_RECORD_TYPE} and o.role_code = ${IAO_ROLE} and o.record_id = i.asset_id
      and o.starts_on <= ${today}::date and (o.ends_on is null or o.ends_on >= ${today}::date)`.execute(trx);
}

async function setErrors(trx: Tx): Promise<ImportError[]> {
  const { rows } = await sql<ImportError>`
    select line, 'reference' as "column", 'Reference ' || reference || ' is also on line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from asset_import o where o.reference = i.reference and o.line <> i.line) || ': each asset once' as message
      from asset_import i where reference in (select reference from asset_import where reference is not null group by reference having count(*) > 1)
    union all
    select line, 'name', 'Line ' ||
           (select string_agg(o.line::text, ', ' order by o.line) from asset_import o where o.reference is null and o.unit_id = i.unit_id and lower(o.name) = lower(i.name) and o.line <> i.line) ||
           ' has the same unit and name and no reference, so they are the same asset: give each asset once, or give them their own references'
      from asset_import i where reference is null and (unit_id, lower(name)) in (select unit_id, lower(name) from asset_import where reference is null group by unit_id, lower(name) having count(*) > 1)
    union all
    select line, 'owner', 'No one in the people register has the email or staff number ' || owner_ref || ': add them to the people register first, or correct it'
      from asset_import where owner_id is null
    union all
    select i.line, 'owner', p.display_name || ' has left: choose someone in post as Information Asset Owner'
      from asset_import i join people p on p.id = i.owner_id
      where p.status = 'left' and i.owner_id is distinct from i.current_owner_id
    order by 1`.execute(trx);
  return rows;
}

/** The units the file touches: where assets go, and where the assets it changes are now. */
async function unitsTouched(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ unit_id: string }>`
    select unit_id from asset_import
    union select a.unit_id from information_assets a join asset_import i on i.asset_id = a.id`.execute(trx);
  return rows.map((r) => r.unit_id);
}

async function apply(trx: Tx, today: string, now: Date): Promise<ImportCounts> {
  // New assets without a reference get the next IA-000001-style one; a number someone already typed is skipped.
  for (;;) {
    await sql`update asset_import set reference = 'IA-' || lpad(nextval('information_asset_reference_seq')::text, 6, '0') where asset_id is null and reference is null`.execute(trx);
    const clash = await sql`update asset_import i set reference = null from information_assets a where i.asset_id is null and a.reference = i.reference returning i.line`.execute(trx);
    if (clash.rows.length === 0) break;
  }
  const inserted = await sql<{ id: string }>`
    insert into information_assets (reference, name, description, unit_id, classification_tier, sensitive, handling_instruction, embargo_ends_on, descriptors,
                                    confidentiality_impact, integrity_impact, availability_impact, personal_data, retention)
    select reference, name, description, unit_id, tier, sensitive, handling_instruction, embargo_ends_on, descriptors,
           confidentiality_impact, integrity_impact, availability_impact, personal_data, retention
    from asset_import where asset_id is null
    returning id`.execute(trx);
  await sql`update asset_import i set asset_id = a.id, created = true from information_assets a where i.asset_id is null and a.reference = i.reference`.execute(trx);

  const changed = await sql<{ id: string }>`
    update information_assets a set
      reference = coalesce(i.reference, a.reference), name = i.name, description = i.description, unit_id = i.unit_id,
      classification_tier = i.tier, sensitive = i.sensitive, handling_instruction = i.handling_instruction, embargo_ends_on = i.embargo_ends_on,
      descriptors = i.descriptors, confidentiality_impact = i.confidentiality_impact, integrity_impact = i.integrity_impact,
      availability_impact = i.availability_impact, personal_data = i.personal_data, retention = i.retention, updated_at = ${now}
    from asset_import i
    where i.asset_id = a.id and not i.created
      and (coalesce(i.reference, a.reference), a.name, a.description, a.unit_id, a.classification_tier, a.sensitive, a.handling_instruction, a.embargo_ends_on,
           a.descriptors, a.confidentiality_impact, a.integrity_impact, a.availability_impact, a.personal_data, a.retention)
          is distinct from
          (a.reference, i.name, i.description, i.unit_id, i.tier, i.sensitive, i.handling_instruction, i.embargo_ends_on,
           i.descriptors, i.confidentiality_impact, i.integrity_impact, i.availability_impact, i.personal_data, i.retention)
    returning a.id`.execute(trx);

  // A new IAO: the old appointment ends yesterday (or goes, if it began today), as setRecordHolder does one at a time.
  const yesterday = addDays(today, -1);
  await sql`
    delete from appointments o using asset_import i
    where i.owner_id is distinct from i.current_owner_id and o.record_type = ${ASSET_RECORD_TYPE} and o.role_code = ${IAO_ROLE} and o.record_id = i.asset_id
      and (o.ends_on is null or o.ends_on >= ${today}::date) and o.starts_on >= ${today}::date`.execute(trx);
  await sql`
    update appointments o set ends_on = ${yesterday}::date, updated_at = ${now}
    from asset_import i
    where i.owner_id is distinct from i.current_owner_id and o.record_type = ${ASSET_RECORD_TYPE} and o.role_code = ${IAO_ROLE} and o.record_id = i.asset_id
      and (o.ends_on is null or o.ends_on >= ${today}::date)`.execute(trx);
  const newOwners = await sql<{ record_id: string }>`
    insert into appointments (role_code, person_id, record_type, record_id, starts_on)
    select ${IAO_ROLE}, owner_id, ${ASSET_RECORD_TYPE}, asset_id, ${today}::date from asset_import where owner_id is distinct from current_owner_id
    returning record_id`.execute(trx);

  const created = inserted.rows.length;
  const createdIds = new Set((await sql<{ asset_id: string }>`select asset_id from asset_import where created`.execute(trx)).rows.map((r) => r.asset_id));
  const updatedIds = new Set([...changed.rows.map((r) => r.id), ...newOwners.rows.map((r) => r.record_id)].filter((id) => !createdIds.has(id)));
  const total = await sql<{ n: number }>`select count(*)::int as n from asset_import`.execute(trx);
  return { created, updated: updatedIds.size, unchanged: total.rows[0]!.n - created - updatedIds.size, left: 0 };
}
