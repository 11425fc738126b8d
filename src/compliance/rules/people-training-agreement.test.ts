// The training rules agree with the training register: varied people, roles and completions in one
// database; the rules' statements say who fails which course, and status.ts (the register's own,
// pure) says the same for the same data, on TODAY and on a month end (where adding months clamps).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../database.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { TrainingRepository } from '../../registers/training/repository.ts';
import { counts, personStatus } from '../../registers/training/status.ts';
import { appoint, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import type { SubjectRow } from '../rule.ts';
import { trainingMandatory } from './training-mandatory.ts';
import { trainingRoleSpecific } from './training-role-specific.ts';

let handle: DatabaseHandle<Database>;
let f: RuleFixture;

// Completion dates around the boundaries of 1-, 3-, 6-, 12- and 24-month courses seen from 2026-06-15
// and 2026-06-30, a date after both, and an old one.
const DATES = ['2021-01-01', '2024-06-15', '2024-06-16', '2024-06-30', '2025-06-15', '2025-06-16', '2025-06-30', '2025-07-01', '2025-12-31', '2026-01-01', '2026-03-31', '2026-04-01', '2026-05-15', '2026-05-16', '2026-05-31', '2026-06-15', '2026-07-01'];

/** A small deterministic generator, so a failure can be reproduced. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  const db = f.db;
  const courses: { id: string; audience: string }[] = [];
  for (const [code, audience, roleCode, months] of [
    ['EVERY-12', 'everyone', null, 12],
    ['EVERY-1', 'everyone', null, 1],
    ['EVERY-6', 'everyone', null, 6],
    ['IAO-24', 'appointment', 'information-asset-owner', 24],
    ['SIRO-3', 'appointment', 'siro', 3],
    ['ADMIN-12', 'access-role', 'administrator', 12],
    ['AUDIT-6', 'access-role', 'auditor', 6],
  ] as const) {
    const row = await db.insertInto('training_courses').values({ code, title: code, audience, role_code: roleCode, validity_months: months }).returning('id').executeTakeFirstOrThrow();
    courses.push({ id: row.id, audience });
  }
  const random = generator(20260615);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < 80; i += 1) {
    const person = (
      await db
        .insertInto('people')
        .values({
          display_name: `Person ${i}`,
          email: `agreement.${i}@example.gov.uk`,
          unit_id: i % 23 === 0 ? null : pick([f.units.DEPT, f.units.AGENCY, f.units.TEAM]),
          person_type: pick(['staff', 'staff', 'contractor', 'third_party'] as const),
          status: i % 7 === 0 ? 'left' : 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    if (random() < 0.4) {
      const [startsOn, endsOn] = pick([['2020-01-01', null], ['2020-01-01', null], ['2020-01-01', '2026-06-14'], ['2020-01-01', '2026-06-15'], ['2020-01-01', '2026-06-29'], ['2026-06-16', null], ['2026-06-30', '2026-07-31']] as const);
      await appoint(db, { role: 'information-asset-owner', personId: person, record: { type: 'information-asset', id: crypto.randomUUID() }, startsOn, endsOn });
    }
    if (random() < 0.2) await appoint(db, { role: 'siro', personId: person, unitId: f.units.AGENCY, startsOn: '2024-01-01' });
    if (random() < 0.25) await db.insertInto('role_grants').values({ person_id: person, role: 'administrator', unit_id: f.units.TEAM }).execute();
    if (random() < 0.2) await db.insertInto('role_grants').values({ person_id: person, role: 'auditor', unit_id: f.units.DEPT }).execute();
    for (const course of courses) {
      const times = Math.floor(random() * 3);
      const dates = new Set(Array.from({ length: times }, () => pick(DATES)));
      for (const completedOn of dates) await db.insertInto('training_completions').values({ person_id: person, course_id: course.id, completed_on: completedOn, recorded_by: 'test' }).execute();
    }
  }
});
after(async () => handle.close());

/** status.ts over the register's own reads: "person course" → fails, for every course required. */
async function registerSays(today: string, audience: 'everyone' | 'role'): Promise<Map<string, boolean>> {
  const repo = new TrainingRepository(f.db);
  const [people, courses, appointed, granted] = await Promise.all([repo.trainees(), repo.courses(), repo.appointmentRoles(today), repo.accessRoles()]);
  // Every completion date (status.ts's input): the repository's max-only read is not used here.
  const rows = await f.db.selectFrom('training_completions').select(['person_id', 'course_id', 'completed_on']).execute();
  const done = new Map<string, Map<string, string[]>>();
  for (const r of rows) {
    const byCourse = done.get(r.person_id) ?? new Map<string, string[]>();
    byCourse.set(r.course_id, [...(byCourse.get(r.course_id) ?? []), r.completed_on]);
    done.set(r.person_id, byCourse);
  }
  const empty = new Set<string>();
  const out = new Map<string, boolean>();
  for (const person of people) {
    for (const s of personStatus(courses, { appointmentRoles: appointed.get(person.id) ?? empty, accessRoles: granted.get(person.id) ?? empty }, done.get(person.id) ?? new Map(), today)) {
      if ((s.course.audience === 'everyone') === (audience === 'everyone')) out.set(`${person.id} ${s.course.code}`, !counts(s.status));
    }
  }
  return out;
}

async function ruleSays(rule: typeof trainingMandatory, today: string): Promise<Map<string, boolean>> {
  const { rows } = await rule.subjects({ today, now: new Date(`${today}T09:00:00Z`), scope: null }).execute(f.db);
  return new Map((rows as SubjectRow[]).map((r) => [`${r.record_id} ${r.detail_key}`, r.failing]));
}

describe('the training rules agree with the training register’s status', () => {
  for (const today of ['2026-06-15', '2026-06-30']) {
    test(`training.mandatory on ${today}: the same people and courses checked, the same ones failing`, async () => {
      const [register, rule] = [await registerSays(today, 'everyone'), await ruleSays(trainingMandatory, today)];
      assert.ok(register.size > 150, `a varied sample (${register.size} checks)`);
      assert.ok([...register.values()].filter(Boolean).length > 20 && [...register.values()].some((v) => !v), 'both passing and failing checks');
      assert.deepEqual(rule, register);
    });
    test(`training.role-specific on ${today}: the same people and courses checked, the same ones failing`, async () => {
      const [register, rule] = [await registerSays(today, 'role'), await ruleSays(trainingRoleSpecific, today)];
      assert.ok(register.size > 30, `a varied sample (${register.size} checks)`);
      assert.ok([...register.values()].some(Boolean) && [...register.values()].some((v) => !v), 'both passing and failing checks');
      assert.deepEqual(rule, register);
    });
  }
});
