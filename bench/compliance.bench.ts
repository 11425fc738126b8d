// The compliance engine at scale (issue 12): 50,000 assets, 5,000 services, 20,000 people with
// training, suppliers, risks, incidents and continuity plans, a realistic share of them failing. Measures a
// full evaluation against the floor (each rule's statement run directly, summed), and a scoped
// re-evaluation after one committed change (bench/evaluation.ts, as the department-scale run times them).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { addDays, londonDate } from '../src/platform/clock.ts';
import type { Db } from '../src/database.ts';
import { createTestContext } from '../test/support/app.ts';
import { measureFloor, measureScopedReevaluation } from './evaluation.ts';
import type { Bench } from './support.ts';

const UNITS = 60;
const PEOPLE = 20_000;
const ASSETS = 50_000;
const SERVICES = 5_000;
const SUPPLIERS = 500;
const RISKS = 2_000;
const INCIDENTS = 10_000;
const PLANS = 2_000;

/** The registers at the bench's size, made by set-based inserts. */
export async function loadRegisters(db: Db, today: string): Promise<void> {
    const root = await db.insertInto('organisation_units').values({ code: 'BENCH', name: 'Bench department', unit_type: 'department', has_own_accounting_officer: true }).returning('id').executeTakeFirstOrThrow();
    await sql`insert into organisation_units (code, name, unit_type, parent_id, has_own_accounting_officer) select 'U' || n, 'Unit ' || n, 'business_area', ${root.id}, n % 10 = 0 from generate_series(1, ${UNITS}) n`.execute(db);
    await sql`insert into people (email, display_name, unit_id, staff_number)
              select 'person' || n || '@bench.example', 'Person ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS})), 'S' || n
              from generate_series(1, ${PEOPLE}) n`.execute(db);
    const person = sql`(select id from people where staff_number = 'S' || (1 + (n * 7919) % ${PEOPLE}))`;
    await sql`insert into appointments (role_code, person_id, unit_id, starts_on) select 'siro', ${person}, ${root.id}, '2020-01-01' from generate_series(1, 1) n`.execute(db);
    await sql`insert into information_assets (reference, name, unit_id, classification_tier, sensitive, handling_instruction, descriptors, personal_data)
              select 'BENCH-' || lpad(n::text, 6, '0'), 'Asset ' || n, u.id, 'OFFICIAL', n % 3 = 0, case when n % 3 = 0 then 'HMG USE ONLY' end,
                     case when n % 4 = 0 then '["PERSONAL DATA"]'::jsonb else '[]'::jsonb end, n % 4 = 0
              from generate_series(1, ${ASSETS}) n join organisation_units u on u.code = 'U' || (1 + n % ${UNITS})`.execute(db);
    await sql`insert into appointments (role_code, person_id, record_type, record_id, starts_on)
              select 'information-asset-owner', p.id, 'information-asset', a.id, '2024-01-01'
                from (select id, row_number() over (order by reference) n from information_assets) a
                join people p on p.staff_number = 'S' || (1 + (a.n * 31) % ${PEOPLE})
               where a.n % 20 <> 0`.execute(db);
    await sql`insert into technology_services (reference, name, purpose, unit_id, hosting, criticality)
              select 'SVC-' || lpad(n::text, 5, '0'), 'Service ' || n, 'Bench', u.id, 'public-cloud', (array['low', 'medium', 'high', 'critical'])[1 + n % 4]
              from generate_series(1, ${SERVICES}) n join organisation_units u on u.code = 'U' || (1 + n % ${UNITS})`.execute(db);
    await sql`insert into service_assets (service_id, asset_id)
              select s.id, a.id from (select id, row_number() over (order by reference) n from technology_services) s
              join (select id, row_number() over (order by reference) n from information_assets) a on (a.n - 1) / 10 + 1 = s.n`.execute(db);
    await sql`insert into appointments (role_code, person_id, record_type, record_id, starts_on)
              select r.role, p.id, 'technology-service', s.id, '2024-01-01'
                from (select id, row_number() over (order by reference) n from technology_services) s
               cross join (values ('technology-service-owner'), ('senior-responsible-officer')) r (role)
                join people p on p.staff_number = 'S' || (1 + (s.n * 13) % ${PEOPLE})
               where s.n % 33 <> 0`.execute(db);
    await sql`insert into controls (code, title, kind) select 'C-' || n, 'Control ' || n, 'technology' from generate_series(1, 20) n`.execute(db);
    await sql`insert into baselines (code, name, min_tier_rank) values ('ALL', 'Every service', 1)`.execute(db);
    await sql`insert into baselines (code, name, requires_personal_data) values ('PD', 'Personal data', true)`.execute(db);
    await sql`insert into baseline_controls (baseline_id, control_id) select b.id, c.id from baselines b join controls c on (b.code = 'ALL' and c.code in ('C-1', 'C-2', 'C-3', 'C-4')) or (b.code = 'PD' and c.code in ('C-5', 'C-6'))`.execute(db);
    await sql`insert into control_implementations (control_id, service_id, status, status_on)
              select c.id, s.id, case when (s.n + c.n) % 17 = 0 then 'partial' else 'implemented' end, '2026-01-01'
                from (select id, row_number() over (order by reference) n from technology_services) s
               cross join (select id, row_number() over (order by code) n from controls where code in ('C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6')) c`.execute(db);
    await sql`insert into training_courses (code, title, audience, validity_months) values ('ANNUAL', 'Annual security training', 'everyone', 12)`.execute(db);
    await sql`insert into training_completions (person_id, course_id, completed_on, source, recorded_by)
              select p.id, c.id, ${today}::date - (n % 500)::int, 'import', 'bench'
                from (select id, row_number() over (order by staff_number) n from people) p cross join training_courses c
               where p.n % 9 <> 0`.execute(db);
    await sql`insert into suppliers (reference, name, unit_id) select 'SUP-' || n, 'Supplier ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS})) from generate_series(1, ${SUPPLIERS}) n`.execute(db);
    await sql`insert into supplier_services (supplier_id, service_id)
              select sp.id, s.id from (select id, row_number() over (order by reference) n from suppliers) sp
              join (select id, row_number() over (order by reference) n from technology_services) s on s.n % ${SUPPLIERS} = sp.n - 1`.execute(db);
    await sql`insert into risks (reference, title, unit_id, owner_person_id, inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, treatment, status, review_on)
              select 'R-' || n, 'Risk ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS})), ${person}, 1 + n % 5, 1 + (n / 5) % 5, 1 + n % 3, 1 + (n / 5) % 3, 'reduce', 'open', ${today}::date + 90
              from generate_series(1, ${RISKS}) n`.execute(db);
    await sql`insert into incidents (reference, title, description, occurred_at, aware_at, reported_at, reported_by_label, unit_id, personal_data, kind, stage, category, type_code, severity_code, triaged_at, closed_at)
              select 'INC-' || n, 'Incident ' || n, 'Bench', ts, ts, ts, 'bench', (select id from organisation_units where code = 'U' || (1 + n % ${UNITS})), 'no', 'incident',
                     case when n % 50 = 0 then 'reported' else 'closed' end,
                     case when n % 50 = 0 then null else 'confidentiality' end,
                     case when n % 50 = 0 then null else (select code from incident_types order by code limit 1) end,
                     case when n % 50 = 0 then null else (select code from incident_severities order by rank limit 1) end,
                     case when n % 50 = 0 then null else ts + interval '2 hours' end,
                     case when n % 50 = 0 then null else ts + interval '5 days' end
                from generate_series(1, ${INCIDENTS}) n, lateral (select now() - (n || ' hours')::interval as ts) x`.execute(db);
    await sql`insert into incident_lessons (incident_id, went_well, went_badly, root_cause, recorded_by, recorded_at) select id, 'x', 'y', 'z', 'bench', closed_at from incidents where stage = 'closed' and reference not like '%7'`.execute(db);
    await sql`insert into continuity_plans (reference, title, kind, service_id, unit_id, owner_person_id, rto_hours, rpo_hours, testing_interval_months, status)
              select 'CP-' || s.n, 'Plan ' || s.n, 'disaster-recovery', s.id, s.unit_id, ${sql`(select id from people where staff_number = 'S' || (1 + (s.n * 7919) % ${PEOPLE}))`}, 4, 1, 12, 'approved'
                from (select id, unit_id, row_number() over (order by reference) n from technology_services) s where s.n <= ${PLANS}`.execute(db);
    await sql`insert into continuity_exercises (plan_id, kind, exercised_on, scenario, result, recorded_by)
              select id, 'restore-test', ${addDays(today, -200)}::date - (row_number() over (order by reference))::int % 300, 'Bench', 'passed', 'bench' from continuity_plans`.execute(db);
}

const bench: Bench = {
  title: `Compliance: every rule over ${ASSETS.toLocaleString('en-GB')} assets, ${SERVICES.toLocaleString('en-GB')} services, ${PEOPLE.toLocaleString('en-GB')} people and their registers`,
  async run(record) {
    const t = await createTestContext();
    try {
      const db = t.database.db;
      const today = londonDate(t.clock.now());
      const loadStart = performance.now();
      await loadRegisters(db, today);
      await sql`analyze`.execute(db);
      record({ what: 'load the registers', value: Math.round(performance.now() - loadStart), unit: 'ms' });

      const actor = systemActor('bench');
      const first = await t.services.compliance.evaluate(actor, 'bench');
      record({ what: `first full evaluation (${first.rules} rules; ${first.findings.open} findings opened)`, value: first.durationMs, unit: 'ms' });
      const again = await t.services.compliance.evaluate(actor, 'bench');
      record({ what: 'full evaluation again (nothing changed)', value: again.durationMs, unit: 'ms' });
      const floor = await measureFloor(db, t.clock.now());
      for (const rule of floor.rules) record({ what: `  floor: ${rule.id} (${rule.subjects.toLocaleString('en-GB')} records checked)`, value: Math.round(rule.ms), unit: 'ms' });
      record({ what: 'floor: every rule statement run directly, summed', value: Math.round(floor.totalMs), unit: 'ms' });
      record({ what: 'full evaluation over the floor', value: Math.round((again.durationMs / floor.totalMs) * 100) / 100, unit: '×' });

      const scoped = await measureScopedReevaluation(db, t.services, t.clock.now());
      record({ what: 'a write, then the scoped re-evaluation of what it reached (write included)', value: scoped.withWriteMs, unit: 'ms' });
      record({ what: `the scoped run alone, as it recorded itself (${scoped.rules} rules)`, value: scoped.runMs, unit: 'ms' });
    } finally {
      await t.close();
    }
  },
};

export default bench;
