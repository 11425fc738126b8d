// The information assets list at 50,000 assets (issue 06: filtering, sorting and paging stay fast):
// loaded set-based, each with an IAO appointment, then the list's common queries timed through the service.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { londonDate } from '../src/platform/clock.ts';
import { InformationAssetRepository } from '../src/registers/information-assets/repository.ts';
import { createTestContext } from '../test/support/app.ts';
import { median, type Bench } from './support.ts';


const ASSETS = 50_000;
const UNITS = 100;
const PEOPLE = 2_000;

const bench: Bench = {
  title: `Information assets: the list at ${ASSETS.toLocaleString('en-GB')} assets`,
  async run(record) {
    const t = await createTestContext();
    try {
      const db = t.database.db;
      const today = londonDate(t.clock.now());
      const loadStart = performance.now();
      const root = await db.insertInto('organisation_units').values({ code: 'BENCH', name: 'Bench department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into organisation_units (code, name, unit_type, parent_id)
                select 'U' || n, 'Unit ' || n, 'business_area', ${root.id} from generate_series(1, ${UNITS}) n`.execute(db);
      await sql`insert into people (email, display_name, unit_id)
                select 'person' || n || '@bench.example', 'Person ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS}))
                from generate_series(1, ${PEOPLE}) n`.execute(db);
      await sql`insert into information_assets (reference, name, unit_id, classification_tier, sensitive, handling_instruction, descriptors, personal_data)
                select 'BENCH-' || lpad(n::text, 6, '0'),
                       'Asset ' || n || ' ' || (array['records', 'files', 'footage', 'ledger', 'dataset'])[1 + n % 5],
                       u.id,
                       case when n % 50 = 0 then 'SECRET' else 'OFFICIAL' end,
                       n % 50 <> 0 and n % 3 = 0,
                       case when n % 50 <> 0 and n % 3 = 0 then 'HMG USE ONLY' end,
                       case when n % 4 = 0 then '["PERSONAL DATA"]'::jsonb else '[]'::jsonb end,
                       n % 4 = 0
                from generate_series(1, ${ASSETS}) n
                join organisation_units u on u.code = 'U' || (1 + n % ${UNITS})`.execute(db);
      await sql`insert into appointments (role_code, person_id, record_type, record_id, starts_on)
                select 'information-asset-owner', p.id, 'information-asset', a.id, ${today}::date - 30
                from (select id, row_number() over (order by reference) as n from information_assets) a
                join (select id, row_number() over (order by email) as n from people where email like '%@bench.example') p on p.n = 1 + a.n % ${PEOPLE}`.execute(db);
      await sql`analyze`.execute(db);
      record({ what: `load ${ASSETS.toLocaleString('en-GB')} assets with IAO appointments`, value: Math.round(performance.now() - loadStart), unit: 'ms' });

      const actor = systemActor('bench');
      const assets = t.services.informationAssets;
      const unit = await db.selectFrom('organisation_units').select('id').where('code', '=', 'U7').executeTakeFirstOrThrow();
      record({ what: 'first page, unfiltered, sorted by name', value: await median(5, () => assets.list(actor, {}, 'name', 1)), unit: 'ms' });
      record({ what: 'search "ledger 4711"-style text', value: await median(5, () => assets.list(actor, { search: '4711 ledger' }, 'name', 1)), unit: 'ms' });
      record({ what: 'search by reference fragment', value: await median(5, () => assets.list(actor, { search: 'BENCH-0471' }, 'name', 1)), unit: 'ms' });
      record({ what: 'filter by unit and tier', value: await median(5, () => assets.list(actor, { unitId: unit.id, tier: 'OFFICIAL' }, 'name', 1)), unit: 'ms' });
      record({ what: 'filter by IAO', value: await median(5, () => assets.list(actor, { ownerId: 'person42@bench.example' }, 'name', 1)), unit: 'ms' });
      record({ what: 'page 900, sorted by name', value: await median(5, () => assets.list(actor, {}, 'name', 900)), unit: 'ms' });
      record({ what: 'page 900, sorted by classification', value: await median(5, () => assets.list(actor, {}, 'tier', 900)), unit: 'ms' });
      const exportStart = performance.now();
      await assets.exportCsv(actor, {});
      record({ what: `export all ${ASSETS.toLocaleString('en-GB')} as CSV (once)`, value: Math.round(performance.now() - exportStart), unit: 'ms' });
      record({ what: 'count of all assets', value: await median(5, () => new InformationAssetRepository(db).count({}, today)), unit: 'ms' });
    } finally {
      await t.close();
    }
  },
};

export default bench;
