// The SQL derivation of required controls (required-controls.sql.ts) equals the controls register's:
// for varied services, assets, baselines and implementations, each service's required controls and the
// status that counts for each are the same as ControlService.forService gives (baselineApplies over
// serviceProfiles, then the service's own implementation or, for a people or process control, the
// nearest unit's). Generated from a fixed seed so a failure can be reproduced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { systemActor } from '../../access/actor.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { ControlService } from '../../registers/controls/service.ts';
import { testConfig } from '../../../test/support/app.ts';
import { NOW } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { createUnitTree } from '../../../test/support/organisation.ts';
import { requiredControls, type RequiredControlRow } from './required-controls.sql.ts';

let handle: DatabaseHandle<Database>;
const serviceIds: string[] = [];

/** A small linear congruential generator: the same "random" data on every run. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return { pick: <T,>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!, chance: (p: number) => next() < p };
}

const TIERS = [
  { code: 'NO CLASSIFICATION', sensitive: false },
  { code: 'OFFICIAL', sensitive: false },
  { code: 'OFFICIAL', sensitive: true },
  { code: 'SECRET', sensitive: false },
] as const;
const DESCRIPTORS = ['PERSONAL DATA', 'COMMERCIAL', 'LEGAL'] as const;
const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
const STATUSES = ['implemented', 'not-applicable', 'partial', 'not-started'] as const;

before(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const random = seeded(20260615);
  const tree = await createUnitTree(db);
  const units = [tree.DEPT, tree.AGENCY, tree.TEAM];
  for (let i = 0; i < 3; i++) units.push((await db.insertInto('organisation_units').values({ code: `EQ${i}`, name: `Unit ${i}`, unit_type: 'team', parent_id: random.pick(units) }).returning('id').executeTakeFirstOrThrow()).id);

  const controls: Array<{ id: string; kind: 'people' | 'process' | 'technology' }> = [];
  for (let i = 0; i < 8; i++) {
    const kind = (['people', 'process', 'technology'] as const)[i % 3]!;
    controls.push({ id: (await db.insertInto('controls').values({ code: `CTL-EQ-${i}`, title: `Control ${i}`, kind }).returning('id').executeTakeFirstOrThrow()).id, kind });
  }
  // Every kind of condition, alone and together, including the "must not" ones (false).
  const baselines = [
    {},
    { min_tier_rank: 0 },
    { min_tier_rank: 1, requires_sensitive: true },
    { min_tier_rank: 2 },
    { requires_sensitive: false },
    { requires_personal_data: true },
    { requires_personal_data: false, min_criticality: 'medium' as const },
    { descriptor: 'COMMERCIAL' },
    { descriptor: 'PERSONAL DATA', min_tier_rank: 1 },
    { min_criticality: 'high' as const },
    { min_criticality: 'critical' as const, requires_sensitive: true },
  ];
  for (const [i, conditions] of baselines.entries()) {
    const { id } = await db.insertInto('baselines').values({ code: `BL-EQ-${i}`, name: `Baseline ${i}`, ...conditions }).returning('id').executeTakeFirstOrThrow();
    const chosen = new Set([random.pick(controls).id, random.pick(controls).id]);
    for (const controlId of chosen) await db.insertInto('baseline_controls').values({ baseline_id: id, control_id: controlId }).execute();
  }

  for (let i = 0; i < 40; i++) {
    const unitId = random.pick(units);
    const { id } = await db.insertInto('technology_services').values({ reference: `SVC-EQ${i}`, name: `Service ${i}`, unit_id: unitId, hosting: 'saas', criticality: random.pick(CRITICALITIES) }).returning('id').executeTakeFirstOrThrow();
    serviceIds.push(id);
    const assets = random.pick([0, 1, 1, 2, 3]);
    for (let a = 0; a < assets; a++) {
      const tier = random.pick(TIERS);
      const descriptors = tier.code === 'NO CLASSIFICATION' ? [] : DESCRIPTORS.filter(() => random.chance(0.3));
      const asset = await db
        .insertInto('information_assets')
        .values({ reference: `IA-EQ${i}-${a}`, name: `Asset ${i}.${a}`, unit_id: unitId, classification_tier: tier.code, sensitive: tier.sensitive, personal_data: random.chance(0.4), descriptors: JSON.stringify(descriptors) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('service_assets').values({ service_id: id, asset_id: asset.id }).execute();
    }
    for (const control of controls) {
      if (!random.chance(0.35)) continue;
      const status = random.pick(STATUSES);
      await db.insertInto('control_implementations').values({ control_id: control.id, service_id: id, status, not_applicable_reason: status === 'not-applicable' ? 'Reason' : null, status_on: '2026-01-01' }).execute();
    }
  }
  // Unit implementations of every kind: a technology one must never count for a service.
  for (const unitId of units) {
    for (const control of controls) {
      if (!random.chance(0.3)) continue;
      const status = random.pick(STATUSES);
      await db.insertInto('control_implementations').values({ control_id: control.id, unit_id: unitId, status, not_applicable_reason: status === 'not-applicable' ? 'Reason' : null, status_on: '2026-01-01' }).execute();
    }
  }
});
after(async () => handle.close());

describe(`required controls in SQL (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('each service needs the same controls, with the same status counting, as the controls register says', async () => {
    const db = handle.db;
    const clock = fixedClock(NOW);
    const controlService = new ControlService(db, clock, new AuditTrail(db, clock), testConfig());
    const { rows } = await sql<RequiredControlRow>`${requiredControls(sql`true`)}`.execute(db);
    let required = 0;
    let met = 0;
    for (const serviceId of serviceIds) {
      const app = await controlService.forService(systemActor('test'), serviceId);
      const expected = app.required.map((r) => ({ control: r.controlId, status: r.implementation?.status ?? null })).sort((a, b) => a.control.localeCompare(b.control));
      const actual = rows
        .filter((r) => r.service_id === serviceId)
        .map((r) => ({ control: r.control_id, status: r.status }))
        .sort((a, b) => a.control.localeCompare(b.control));
      assert.deepEqual(actual, expected, `service ${serviceId}`);
      for (const r of rows.filter((x) => x.service_id === serviceId)) {
        assert.equal(r.met, r.status === 'implemented' || r.status === 'not-applicable');
        required += 1;
        if (r.met) met += 1;
      }
    }
    // The data must exercise the comparison: services with and without requirements, met and not.
    assert.ok(required > 40 && met > 5 && met < required, `required ${required}, met ${met}`);
    const sets = new Set(serviceIds.map((id) => rows.filter((r) => r.service_id === id).map((r) => r.control_id).sort().join(',')));
    assert.ok(sets.size >= 5, `only ${sets.size} different sets of required controls`);
  });

  test('the fragment limited to some services gives exactly their rows', async () => {
    const some = serviceIds.slice(0, 5);
    const { rows: all } = await sql<RequiredControlRow>`${requiredControls(sql`true`)}`.execute(handle.db);
    const { rows } = await sql<RequiredControlRow>`${requiredControls(sql`s.id in (select jsonb_array_elements_text(${JSON.stringify(some)}::jsonb)::uuid)`)}`.execute(handle.db);
    const key = (r: RequiredControlRow) => `${r.service_id} ${r.control_id} ${r.status}`;
    assert.deepEqual(rows.map(key).sort(), all.filter((r) => some.includes(r.service_id)).map(key).sort());
  });
});
