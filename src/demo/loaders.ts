// The SQL of the demonstration department: the registers the generator loads directly (units,
// unit appointments, appetites, risks with ratings and acceptances, incidents), in chunks of set-based
// inserts, and the counts it reports. People, training, assets, services and suppliers go in through
// their imports instead (load.ts).
import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { DemoIncident, DemoRisk, DemoUnit } from './generate.ts';

const CHUNK = 1_000;
const BANDS = (score: number) => (score <= 4 ? 'low' : score <= 9 ? 'medium' : score <= 16 ? 'high' : 'very-high');

function* chunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}

/** People other than those with an account: first-run setup's administrator may already be there. */
export async function countPeopleWithoutAccounts(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from people p where not exists (select 1 from accounts a where a.person_id = p.id)`.execute(db);
  return Number(rows[0]!.n);
}

export async function rootUnitId(db: Db): Promise<string> {
  const row = await db.selectFrom('organisation_units').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertUnits(db: Db, units: readonly DemoUnit[]): Promise<void> {
  const ids = new Map<string, string>();
  // First-run setup leaves one root unit ("Your organisation") holding the administrator's grant: it
  // becomes the department, so the administrator administers all of it.
  const existing = await db.selectFrom('organisation_units').select(['id', 'parent_id']).execute();
  const [department, ...below] = units;
  if (existing.length === 1 && existing[0]!.parent_id === null) {
    await db.updateTable('organisation_units').set({ code: department!.code, name: department!.name }).where('id', '=', existing[0]!.id).execute();
    ids.set(department!.code, existing[0]!.id);
  } else below.unshift(department!);
  for (const unit of below) {
    const row = await db
      .insertInto('organisation_units')
      .values({ code: unit.code, name: unit.name, unit_type: unit.unitType, parent_id: unit.parentCode ? ids.get(unit.parentCode)! : null, has_own_accounting_officer: unit.unitType !== 'business_area' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(unit.code, row.id);
  }
}

/**
 * Each unit's head is its SIRO and Information Assurance Lead; the department and agencies have a board
 * member with the security remit, except the last agency (a finding). Risk appetite is medium everywhere.
 */
export async function insertUnitAppointments(db: Db, startsOn: string): Promise<void> {
  await sql`
    insert into appointments (role_code, person_id, unit_id, starts_on)
    select r.role, head.id, u.id, ${startsOn}::date
      from organisation_units u
      cross join (values ('siro'), ('information-assurance-lead')) r(role)
      join lateral (select p.id from people p where p.unit_id = u.id and p.line_manager_id is null order by p.staff_number limit 1) head on true`.execute(db);
  await sql`
    insert into appointments (role_code, person_id, unit_id, starts_on)
    select 'security-board-member', head.id, u.id, ${startsOn}::date
      from organisation_units u
      join lateral (select p.id from people p where p.unit_id = u.id and p.line_manager_id is null order by p.staff_number limit 1) head on true
     where u.unit_type <> 'business_area'
       and u.code <> (select max(code) from organisation_units where unit_type = 'executive_agency')`.execute(db);
  await sql`insert into risk_appetites (unit_id, max_band_code) select id, 'medium' from organisation_units`.execute(db);
}

/**
 * Ends the IAO appointment of one asset in `every`: the owner moved on a month ago and no one has been
 * appointed since. The appointment is backdated (it began a year before) so its dates stay in order.
 */
export async function endSomeAssetOwners(db: Db, every: number, today: string): Promise<number> {
  const result = await sql`
    update appointments a set starts_on = ${today}::date - 400, ends_on = ${today}::date - 30
      from information_assets ia
     where a.record_type = 'information-asset' and a.record_id = ia.id and a.ends_on is null
       and a.role_code = 'information-asset-owner'
       and substring(ia.reference from 4)::int % ${every} = 0`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Security assessments of the suppliers, by the last digit of their company number (generated, so
 * deterministic): six in ten completed and current, two completed but due for reassessment, one in
 * progress, one never assessed. The last three kinds are findings.
 */
export async function insertSupplierAssessments(db: Db, questionnaireId: string, today: string): Promise<void> {
  await sql`
    insert into supplier_assessments (reference, supplier_id, questionnaire_id, status, answered_by, result, completed_on, reassess_on, completed_by)
    select 'ASM-' || lpad(n::text, greatest(4, length(n::text)), '0'), s.id, ${questionnaireId}::uuid,
           case when d < 8 then 'completed' else 'in-progress' end,
           case when d < 8 then 'assessor' end,
           case when d < 8 then (case when d % 3 = 0 then 'meets-with-deviations' else 'meets' end) end,
           case when d < 8 then ${today}::date - (400 - d * 40) end,
           case when d < 6 then ${today}::date + (30 + d * 50) when d < 8 then ${today}::date - (20 + d) end,
           case when d < 8 then 'demo generator' end
      from (select id, d, nextval('supplier_assessments_reference_seq') as n
              from (select id, company_number, right(company_number, 1)::int as d from suppliers where right(company_number, 1)::int < 9 order by company_number) ordered) s0
      join suppliers s using (id)`.execute(db);
}

export async function insertRisks(db: Db, risks: readonly DemoRisk[], decidedAt: string): Promise<void> {
  for (const chunk of chunks(risks)) {
    const json = JSON.stringify(chunk.map((r) => ({ ...r, il: r.inherent[0], ii: r.inherent[1], rl: r.residual[0], ri: r.residual[1], ib: BANDS(r.inherent[0] * r.inherent[1]), rb: BANDS(r.residual[0] * r.residual[1]) })));
    await db.transaction().execute(async (trx) => {
      await sql`
        with input as (select * from jsonb_to_recordset(${json}::jsonb) as x(reference text, title text, "unitCode" text, "ownerStaffNumber" text, il int, ii int, rl int, ri int, ib text, rb text, treatment text, "acceptedUntil" date, "reviewOn" date)),
        inserted as (
          insert into risks (reference, title, description, unit_id, owner_person_id, inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, treatment, status, review_on)
          select i.reference, i.title, 'Generated for the demonstration department.', u.id, p.id, i.il, i.ii, i.rl, i.ri, i.treatment,
                 case when i."acceptedUntil" is not null then 'accepted' else 'open' end, i."reviewOn"
            from input i join organisation_units u on u.code = i."unitCode" join people p on p.staff_number = i."ownerStaffNumber"
          returning id, reference)
        insert into risk_ratings (risk_id, rated_at, inherent_likelihood, inherent_impact, inherent_score, inherent_band, residual_likelihood, residual_impact, residual_score, residual_band, reason, rated_by)
        select ins.id, ${decidedAt}::timestamptz, i.il, i.ii, i.il * i.ii, i.ib, i.rl, i.ri, i.rl * i.ri, i.rb, 'created', 'demo generator'
          from inserted ins join input i using (reference)`.execute(trx);
      // An accepted risk has its decision (the record of who decided) and an acceptance in force.
      await sql`
        with input as (select * from jsonb_to_recordset(${json}::jsonb) as x(reference text, rb text, "acceptedUntil" date)),
        accepted as (
          select r.id as risk_id, r.unit_id, r.owner_person_id, i.rb, i."acceptedUntil", gen_random_uuid() as decision_id
            from input i join risks r using (reference) where i."acceptedUntil" is not null),
        decided as (
          insert into decisions (id, kind, record_type, record_id, decided_by_person_id, decided_by_label, role_held, outcome, reason, snapshot, decided_at)
          select decision_id, 'risk-acceptance', 'risk', risk_id, owner_person_id, 'demo generator', 'Senior Information Risk Owner', 'accepted', 'Accepted while the replacement is procured', '{}'::jsonb, ${decidedAt}::timestamptz
            from accepted returning id)
        insert into risk_acceptances (risk_id, decision_id, outcome, band_code, role_code, unit_id, decided_by_person_id, justification, expires_on, status, created_at)
        select a.risk_id, a.decision_id, 'accepted', a.rb, 'siro', a.unit_id, a.owner_person_id, 'Accepted while the replacement is procured', a."acceptedUntil", 'in-force', ${decidedAt}::timestamptz
          from accepted a join decided d on d.id = a.decision_id`.execute(trx);
    });
  }
  await sql`select setval('risks_reference_seq', ${risks.length + 1}, false)`.execute(db);
}

export async function insertIncidents(db: Db, incidents: readonly DemoIncident[]): Promise<void> {
  for (const chunk of chunks(incidents)) {
    const json = JSON.stringify(chunk);
    await sql`
      insert into incidents (reference, title, description, occurred_at, aware_at, reported_at, reported_by_person_id, reported_by_label, unit_id, personal_data, kind,
                             category, type_code, severity_code, stage, handler_person_id, triaged_at, closed_at, created_at, updated_at)
      select i.reference, i.title, 'Generated for the demonstration department.', i."occurredAt", i."reportedAt", i."reportedAt", rep.id, rep.display_name, u.id, i."personalData", i.kind,
             case when i.stage = 'reported' then null else i.category end, case when i.stage = 'reported' then null else i."typeCode" end,
             case when i.stage = 'reported' then null else i."severityCode" end, i.stage, h.id, i."triagedAt", i."closedAt", i."reportedAt", i."reportedAt"
        from jsonb_to_recordset(${json}::jsonb) as i(reference text, title text, "unitCode" text, "reporterStaffNumber" text, "handlerStaffNumber" text, "occurredAt" timestamptz, "reportedAt" timestamptz,
                                                     kind text, "personalData" text, stage text, category text, "typeCode" text, "severityCode" text, "triagedAt" timestamptz, "closedAt" timestamptz)
        join organisation_units u on u.code = i."unitCode"
        join people rep on rep.staff_number = i."reporterStaffNumber"
        join people h on h.staff_number = i."handlerStaffNumber"`.execute(db);
    // Lessons learned and a completed corrective action, owned by the handler, for most closed incidents.
    // References as the register writes them (ACT-0001), without lpad cutting ACT-10000 down to ACT-1000.
    await sql`
      with input as (select * from jsonb_to_recordset(${json}::jsonb) as x(reference text, "lessonsRecorded" boolean)),
      learned as (select inc.id, inc.unit_id, inc.handler_person_id, inc.closed_at from input join incidents inc using (reference) where input."lessonsRecorded"),
      lessons as (
        insert into incident_lessons (incident_id, went_well, went_badly, root_cause, recorded_by, recorded_at)
        select id, 'Reported promptly', 'Took a day to contain', 'A manual step was skipped', 'demo generator', closed_at from learned returning incident_id)
      insert into actions (reference, title, owner_person_id, unit_id, due_on, status, source_type, source_id, completed_on, created_by, created_at)
      select 'ACT-' || lpad(n::text, greatest(4, length(n::text)), '0'), 'Remind the team of the procedure', handler_person_id, unit_id,
             (closed_at + interval '30 days')::date, 'done', 'incident', id, closed_at::date, 'demo generator', closed_at
        from (select l.*, nextval('actions_reference_seq') as n from learned l join lessons on lessons.incident_id = l.id) numbered`.execute(db);
  }
  await sql`select setval('incidents_reference_seq', ${incidents.length + 1}, false)`.execute(db);
}

/** What landed, register by register (what the command prints and the test checks). */
export async function registerCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, string>>`
    select (select count(*) from organisation_units) as units, (select count(*) from people) as people,
           (select count(*) from appointments) as appointments, (select count(*) from information_assets) as assets,
           (select count(*) from technology_services) as services, (select count(*) from suppliers) as suppliers,
           (select count(*) from supplier_assessments) as "supplierAssessments",
           (select count(*) from training_completions) as "trainingRecords", (select count(*) from risks) as risks,
           (select count(*) from risk_acceptances) as "riskAcceptances", (select count(*) from incidents) as incidents,
           (select count(*) from incident_lessons) as "incidentLessons", (select count(*) from documents) as documents,
           (select count(*) from requirements where document_id is not null) as requirements`.execute(db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}
