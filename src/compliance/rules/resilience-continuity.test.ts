// continuity.exercised-in-interval on a real database: a table of plans (each in its own unit, or for
// its own service, where an exception is involved), agreement with the register's planStanding over
// varied plans, exercises and actions, and the scoped form. TODAY is 2026-06-15.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { planStanding } from '../../registers/continuity-plans/overdue.ts';
import { ContinuityRepository } from '../../registers/continuity-plans/repository.ts';
import { evaluateRule, exceptionFor, NOW, ruleFixture, TODAY, type FoundFinding, type RuleFixture } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ComplianceEngine } from '../evaluate.ts';
import type { SubjectRow } from '../rule.ts';
import { continuityExercisedInInterval as rule } from './continuity-exercised-in-interval.ts';

type Result = 'passed' | 'passed-with-issues' | 'failed';
type ActionStatus = 'open' | 'in-progress' | 'done' | 'cancelled';
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<string>;
  readonly expected: 'passes' | 'open' | 'covered';
  readonly reason?: RegExp;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let serial = 0;

async function unitOfItsOwn(): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('organisation_units').values({ code: `CT${serial}`, name: `Continuity unit ${serial}`, unit_type: 'team', parent_id: f.units.TEAM }).returning('id').executeTakeFirstOrThrow()).id;
}

async function service(unitId: string): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('technology_services').values({ reference: `SVC-C${serial}`, name: `Service ${serial}`, unit_id: unitId, purpose: '', hosting: 'saas', criticality: 'medium' }).returning('id').executeTakeFirstOrThrow()).id;
}

async function plan(input: { status?: 'draft' | 'approved' | 'retired'; months?: number; unitId?: string; serviceId?: string | null } = {}): Promise<string> {
  serial += 1;
  const row = await f.db
    .insertInto('continuity_plans')
    .values({ reference: `CP-T${serial}`, title: `Plan ${serial}`, kind: 'disaster-recovery', service_id: input.serviceId ?? null, unit_id: input.unitId ?? f.units.TEAM, owner_person_id: f.person, rto_hours: 4, rpo_hours: 1, testing_interval_months: input.months ?? 12, status: input.status ?? 'approved' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An exercise of the plan, with the actions it raised in the given statuses; returns the exercise. */
async function exercise(planId: string, exercisedOn: string, result: Result, actions: readonly ActionStatus[] = []): Promise<{ id: string; actionIds: string[] }> {
  const row = await f.db.insertInto('continuity_exercises').values({ plan_id: planId, kind: 'restore-test', exercised_on: exercisedOn, scenario: 'Restore from backup', result, recorded_by: 'test' }).returning('id').executeTakeFirstOrThrow();
  const actionIds: string[] = [];
  for (const status of actions) {
    serial += 1;
    const action = await f.db
      .insertInto('actions')
      .values({ reference: `ACT-C${serial}`, title: 'Close the gap', owner_person_id: f.person, unit_id: f.units.TEAM, due_on: '2026-09-01', status, source_type: 'exercise-gap', source_id: row.id, created_by: 'test', completed_on: status === 'done' ? '2026-05-01' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    actionIds.push(action.id);
  }
  return { id: row.id, actionIds };
}

const exercised = async (on: string, result: Result = 'passed', actions: readonly ActionStatus[] = [], months = 12) => {
  const id = await plan({ months });
  await exercise(id, on, result, actions);
  return id;
};

/** A never-exercised plan for its own service (or its own unit), under an exception. */
async function excepted(input: { forService: boolean; scope: 'plan' | 'unit'; requirementKey?: string; expiresOn?: string }): Promise<string> {
  const unitId = await unitOfItsOwn();
  const serviceId = input.forService ? await service(unitId) : null;
  const id = await plan({ unitId, serviceId });
  const scopeType = input.scope === 'plan' && serviceId ? 'service' : 'unit';
  await exceptionFor(f, { requirementKey: input.requirementKey ?? 'SISP-009', scopeType, scopeId: scopeType === 'service' ? serviceId! : unitId, expiresOn: input.expiresOn ?? '2026-12-31' });
  return id;
}

const cases: Case[] = [
  { name: 'a plan exercised in January (12-month interval) passes', build: () => exercised('2026-01-10'), expected: 'passes' },
  { name: 'a plan never exercised fails', build: () => plan(), expected: 'open', reason: /^Never exercised$/ },
  { name: 'a plan due today (exercised exactly 12 months ago) is still in date', build: () => exercised('2025-06-15'), expected: 'passes' },
  { name: 'a plan due yesterday fails, naming the date', build: () => exercised('2025-06-14'), expected: 'open', reason: /^Last exercised 2025-06-14: due by 2026-06-14$/ },
  { name: 'a 3-month plan exercised in January is overdue', build: () => exercised('2026-01-10', 'passed', [], 3), expected: 'open', reason: /due by 2026-04-10/ },
  { name: 'a failed last exercise with an open action fails', build: () => exercised('2026-03-01', 'failed', ['open', 'done']), expected: 'open', reason: /^The last exercise failed and 1 of its actions is still open$/ },
  { name: 'a failed last exercise with two actions in progress fails', build: () => exercised('2026-03-01', 'failed', ['in-progress', 'open']), expected: 'open', reason: /2 of its actions are still open/ },
  { name: 'a failed last exercise whose actions are done or cancelled is in date (as planStanding says)', build: () => exercised('2026-03-01', 'failed', ['done', 'cancelled']), expected: 'passes' },
  { name: 'passed with issues and open actions is in date', build: () => exercised('2026-03-01', 'passed-with-issues', ['open']), expected: 'passes' },
  {
    name: 'a failed exercise with open actions followed by a passing one passes: the last one counts',
    build: async () => {
      const id = await plan();
      await exercise(id, '2026-02-01', 'failed', ['open']);
      await exercise(id, '2026-04-01', 'passed');
      return id;
    },
    expected: 'passes',
  },
  { name: 'a draft plan is not in force, so not checked', build: () => plan({ status: 'draft' }), expected: 'passes' },
  { name: 'a retired plan is not checked', build: () => plan({ status: 'retired' }), expected: 'passes' },
  { name: 'a service’s plan under an exception for SISP-009 and that service is covered', build: () => excepted({ forService: true, scope: 'plan' }), expected: 'covered' },
  { name: 'a unit’s plan under an exception for SISP-009 and that unit is covered', build: () => excepted({ forService: false, scope: 'plan' }), expected: 'covered' },
  { name: 'a service’s plan is not covered by an exception for its unit', build: () => excepted({ forService: true, scope: 'unit' }), expected: 'open' },
  { name: 'an expired exception covers nothing', build: () => excepted({ forService: true, scope: 'plan', expiresOn: '2026-06-14' }), expected: 'open' },
  { name: 'an exception for another requirement covers nothing', build: () => excepted({ forService: true, scope: 'plan', requirementKey: 'SISP-006' }), expected: 'open' },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
});
after(async () => handle.close());

describe(`compliance rule ${rule.id}`, () => {
  const built = new Map<string, string>();
  let findings: FoundFinding[] = [];
  before(async () => {
    for (const c of cases) built.set(c.name, await c.build(f));
    findings = await evaluateRule(f.db, rule);
  });
  for (const c of cases) {
    test(c.name, () => {
      const finding = findings.find((x) => x.recordId === built.get(c.name));
      if (c.expected === 'passes') return assert.equal(finding, undefined, `expected no finding, got ${JSON.stringify(finding)}`);
      assert.ok(finding, 'expected a finding');
      assert.equal(finding.status, c.expected);
      assert.equal(finding.exceptionId !== null, c.expected === 'covered');
      assert.equal(finding.accountablePersonId, f.person, 'the plan owner is accountable');
      if (c.reason) assert.match(finding.reason, c.reason);
    });
  }
});

describe(`${rule.id} agrees with the register’s planStanding`, () => {
  test('varied plans, exercises and actions: the same plans fail, for the same reason', async () => {
    const dates = ['2024-01-01', '2025-06-14', '2025-06-15', '2025-12-15', '2025-12-16', '2026-03-15', '2026-03-16', '2026-06-01', '2026-06-15'];
    const results: Result[] = ['passed', 'passed-with-issues', 'failed', 'failed'];
    const statuses: ActionStatus[] = ['open', 'in-progress', 'done', 'cancelled'];
    const ids: string[] = [];
    for (let i = 0; i < 48; i += 1) {
      const id = await plan({ status: (['approved', 'approved', 'approved', 'draft', 'retired'] as const)[i % 5], months: [12, 6, 3, 24][i % 4]! });
      for (let e = 0; e < i % 3; e += 1) await exercise(id, dates[(i * 5 + e * 3) % dates.length]!, results[(i + e) % results.length]!, statuses.slice(0, (i * 7 + e) % 4).map((_, k) => statuses[(i + k) % 4]!));
      ids.push(id);
    }
    // The register's reads and its pure decision, as its service makes them.
    const repository = new ContinuityRepository(f.db);
    const plans = await f.db.selectFrom('continuity_plans').select(['id', 'status', 'testing_interval_months']).where('id', 'in', ids).execute();
    const exercises = await repository.exercisesOf(ids);
    const lastOf = new Map<string, (typeof exercises)[number]>();
    for (const e of exercises) if (!lastOf.has(e.planId)) lastOf.set(e.planId, e);
    const open = await repository.openActionCounts([...lastOf.values()].map((e) => e.id));
    const register = new Map<string, string>();
    for (const p of plans) {
      if (p.status !== 'approved') continue;
      const last = lastOf.get(p.id) ?? null;
      const standing = planStanding({ status: p.status, testingIntervalMonths: p.testing_interval_months }, last && { exercisedOn: last.exercisedOn, result: last.result }, last ? (open.get(last.id) ?? 0) : 0, TODAY);
      register.set(p.id, standing.overdue ? standing.reason : 'in date');
    }
    const { rows } = await rule.subjects({ today: TODAY, now: NOW, scope: ids }).execute(f.db);
    const said = new Map((rows as SubjectRow[]).map((r) => [r.record_id, r.failing ? r.reason : 'in date']));
    assert.ok([...register.values()].filter((v) => v === 'in date').length >= 5 && [...register.values()].filter((v) => v !== 'in date').length >= 5, 'both in date and overdue plans');
    assert.ok([...register.values()].some((v) => v.startsWith('The last exercise failed')), 'a failed exercise with open actions among them');
    assert.deepEqual(said, register);
  });
});

describe(`${rule.id}, scoped to the changes that reach it`, () => {
  const statusOf = async (id: string) => (await f.db.selectFrom('compliance_findings').select('status').where('rule_id', '=', rule.id).where('record_id', '=', id).executeTakeFirst())?.status ?? 'none';

  test('an exercise recorded on one plan, or an action of its exercise done, re-checks only that plan', async () => {
    const engine = new ComplianceEngine(f.db, fixedClock(NOW), new AuditTrail(f.db, fixedClock(NOW)), [rule]);
    const [changed, untouched] = [await plan(), await plan()];
    const failed = await plan();
    const { actionIds } = await exercise(failed, '2026-05-01', 'failed', ['open']);
    await engine.evaluate(systemActor('test'), 'test');
    assert.equal(await statusOf(failed), 'open');
    await exercise(changed, '2026-06-01', 'passed');
    await exercise(untouched, '2026-06-01', 'passed');
    await engine.reevaluate({ byType: new Map([['continuity-plan', new Set([changed])]]) });
    assert.equal(await statusOf(changed), 'resolved');
    assert.equal(await statusOf(untouched), 'open', 'a plan the change did not name is not re-checked');
    await f.db.updateTable('actions').set({ status: 'done', completed_on: TODAY }).where('id', '=', actionIds[0]!).execute();
    await engine.reevaluate({ byType: new Map([['action', new Set(actionIds)]]) });
    assert.equal(await statusOf(failed), 'resolved', 'the action reaches its exercise’s plan');
    assert.equal(await statusOf(untouched), 'open');
  });
});
