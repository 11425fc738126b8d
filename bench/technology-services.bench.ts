// The technology services list at 5,000 services over 50,000 assets (issue 06): each service
// processes ten assets, so every page derives its rows' classifications from 500 links of its own.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { londonDate } from '../src/platform/clock.ts';
import { createTestContext } from '../test/support/app.ts';
import { median, type Bench } from './support.ts';

const SERVICES = 5_000;
const ASSETS = 50_000;
const UNITS = 100;
const PEOPLE = 2_000;

const bench: Bench = {
  title: `Technology services: the list at ${SERVICES.toLocaleString('en-GB')} services over ${ASSETS.toLocaleString('en-GB')} assets`,
  async run(record) {
    const t = await createTestContext();
    try {
      const db = t.database.db;
      const today = londonDate(t.clock.now());
      const loadStart = performance.now();
      const root = await db.insertInto('organisation_units').values({ code: 'BENCH', name: 'Bench department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into organisation_units (code, name, unit_type, parent_id) select 'U' || n, 'Unit ' || n, 'business_area', ${root.id} from generate_series(1, ${UNITS}) n`.execute(db);
      await sql`insert into people (email, display_name, unit_id)
                select 'person' || n || '@bench.example', 'Person ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS}))
                from generate_series(1, ${PEOPLE}) n`.execute(db);
      await sql`insert into information_assets (reference, name, unit_id, classification_tier, sensitive, handling_instruction, descriptors, personal_data)
                select 'BENCH-' || lpad(n::text, 6, '0'), 'Asset ' || n, u.id,
                       case when n % 50 = 0 then 'SECRET' else 'OFFICIAL' end,
                       n % 50 <> 0 and n % 3 = 0,
                       case when n % 50 <> 0 and n % 3 = 0 then 'HMG USE ONLY' end,
                       case when n % 4 = 0 then '["PERSONAL DATA"]'::jsonb else '[]'::jsonb end,
                       n % 4 = 0
                from generate_series(1, ${ASSETS}) n join organisation_units u on u.code = 'U' || (1 + n % ${UNITS})`.execute(db);
      await sql`insert into technology_services (reference, name, purpose, unit_id, hosting, criticality)
                select 'SVC-' || lpad(n::text, 5, '0'), 'Service ' || n, 'Bench', u.id,
                       (array['on-premises', 'private-cloud', 'public-cloud', 'saas', 'hybrid'])[1 + n % 5],
                       (array['low', 'medium', 'high', 'critical'])[1 + n % 4]
                from generate_series(1, ${SERVICES}) n join organisation_units u on u.code = 'U' || (1 + n % ${UNITS})`.execute(db);
      await sql`insert into service_assets (service_id, asset_id)
                select s.id, a.id
                from (select id, row_number() over (order by reference) as n from technology_services) s
                join (select id, row_number() over (order by reference) as n from information_assets) a on (a.n - 1) / 10 + 1 = s.n`.execute(db);
      await sql`insert into appointments (role_code, person_id, record_type, record_id, starts_on)
                select role, p.id, 'technology-service', s.id, ${today}::date - 30
                from (select id, row_number() over (order by reference) as n from technology_services) s
                cross join (values ('technology-service-owner'), ('senior-responsible-officer')) r (role)
                join (select id, row_number() over (order by email) as n from people) p on p.n = 1 + (s.n + length(r.role)) % ${PEOPLE}`.execute(db);
      await sql`analyze`.execute(db);
      record({ what: `load ${SERVICES.toLocaleString('en-GB')} services, ${ASSETS.toLocaleString('en-GB')} assets and their links`, value: Math.round(performance.now() - loadStart), unit: 'ms' });

      const actor = systemActor('bench');
      const services = t.services.technologyServices;
      const unit = await db.selectFrom('organisation_units').select('id').where('code', '=', 'U7').executeTakeFirstOrThrow();
      record({ what: 'first page, sorted by name', value: await median(5, () => services.list(actor, { sort: 'name' }, 1)), unit: 'ms' });
      record({ what: 'search by name', value: await median(5, () => services.list(actor, { search: 'Service 4711' }, 1)), unit: 'ms' });
      record({ what: 'filter by unit and criticality', value: await median(5, () => services.list(actor, { unitId: unit.id, criticality: 'critical' }, 1)), unit: 'ms' });
      record({ what: 'filter by derived tier (SECRET)', value: await median(5, () => services.list(actor, { tier: 'SECRET' }, 1)), unit: 'ms' });
      record({ what: 'filter by TSO', value: await median(5, () => services.list(actor, { tso: 'person42@bench.example' }, 1)), unit: 'ms' });
      record({ what: 'page 90, sorted by criticality', value: await median(5, () => services.list(actor, { sort: 'criticality' }, 90)), unit: 'ms' });
    } finally {
      await t.close();
    }
  },
};

export default bench;
