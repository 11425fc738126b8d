import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PersonActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import type { ExerciseInput, PlanInput } from './entity.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
const ids: Record<string, string> = {};
let owner: PersonActor;
let stranger: PersonActor;
let security: PersonActor;

const auditActions = async () => (await t.database.db.selectFrom('audit_events').select(['action', 'record_id', 'metadata']).orderBy('seq').execute());
const planInput = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  title: 'Case system disaster recovery',
  kind: 'disaster-recovery',
  service: 'SVC-0001',
  unit: '',
  owner: 'owner@example.gov.uk',
  rtoHours: '4',
  rpoHours: '1',
  backupArrangements: 'Nightly snapshots to a second region',
  documentUrl: 'https://example.gov.uk/plans/case-dr',
  testingIntervalMonths: '12',
  status: 'approved',
  ...overrides,
});
const exerciseInput = (overrides: Partial<ExerciseInput> = {}): ExerciseInput => ({
  kind: 'restore-test',
  exercisedOn: '2026-10-01',
  scenario: 'Restore the case database from last night’s snapshot',
  participants: 'Platform team',
  result: 'passed',
  achievedRtoHours: '3',
  achievedRpoHours: '0.5',
  gaps: '',
  evidence: 'Test record in the team site',
  actions: [],
  ...overrides,
});

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const unit = async (code: string, parent?: string) => (await db.insertInto('organisation_units').values({ code, name: code, unit_type: 'department', ...(parent ? { parent_id: parent } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
  ids.dept = await unit('DEPT');
  ids.ops = await unit('OPS', ids.dept);
  for (const key of ['owner', 'stranger', 'security']) {
    ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ids.ops, staff_number: key.toUpperCase() }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: ids.ops, hosting: 'saas', criticality: 'high' }).execute();
  const all = [ids.dept, ids.ops];
  owner = personActor(ids.owner!, [], ids.dept, all);
  stranger = personActor(ids.stranger!, [], ids.dept, all);
  security = personActor(ids.security!, ['security_team'], ids.dept, all);
});
after(async () => t.close());

describe(`continuity plans (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the owner adds their own plan, in the service’s unit, with one audit event; it is never exercised, so overdue', async () => {
    const before = (await auditActions()).length;
    ids.plan = await t.services.continuityPlans.create(owner, planInput());
    const events = (await auditActions()).slice(before);
    assert.deepEqual(events.map((e) => [e.action, e.record_id]), [['continuity-plan.created', ids.plan]]);
    const plan = await t.services.continuityPlans.get(owner, ids.plan);
    assert.equal(plan.reference, 'CP-0001');
    assert.equal(plan.unitId, ids.ops);
    assert.equal(plan.standing.code, 'never-exercised');
    assert.equal(plan.standing.overdue, true);
  });

  test('a stranger may neither add a plan owned by someone else nor change or exercise the owner’s plan, nor see it', async () => {
    assert.equal((await refusal(t.services.continuityPlans.create(stranger, planInput({ title: 'Not mine' })))).code, 'forbidden');
    assert.equal((await refusal(t.services.continuityPlans.update(stranger, ids.plan!, planInput({ title: 'Hijacked' })))).code, 'forbidden');
    assert.equal((await refusal(t.services.continuityPlans.recordExercise(stranger, ids.plan!, exerciseInput()))).code, 'forbidden');
    assert.equal((await refusal(t.services.continuityPlans.get(stranger, ids.plan!))).code, 'forbidden');
    assert.deepEqual(await t.services.continuityPlans.list(stranger), []);
  });

  test('the security team manages plans for others in its units', async () => {
    ids.unitPlan = await t.services.continuityPlans.create(security, planInput({ title: 'OPS business continuity', kind: 'business-continuity', service: '', unit: 'OPS', testingIntervalMonths: '6' }));
    await t.services.continuityPlans.update(security, ids.plan!, planInput({ rtoHours: '4', rpoHours: '1', backupArrangements: 'Hourly log shipping' }));
    assert.equal((await t.services.continuityPlans.get(owner, ids.plan!)).backupArrangements, 'Hourly log shipping');
    assert.equal((await t.services.continuityPlans.list(security)).length, 2);
  });

  test('a plan form with mistakes names every field at fault', async () => {
    const { code, fields } = await refusal(t.services.continuityPlans.create(security, planInput({ title: '', kind: 'fire-drill', service: 'SVC-9999', owner: 'nobody@example.gov.uk', rtoHours: 'four', rpoHours: '', testingIntervalMonths: '0', documentUrl: 'javascript:alert(1)', status: 'live' })));
    assert.equal(code, 'validation_failed');
    assert.deepEqual(fields, ['documentUrl', 'kind', 'owner', 'rpoHours', 'rtoHours', 'service', 'status', 'testingIntervalMonths', 'title']);
  });

  test('an exercise within its objectives puts the plan in date; achieved times over the objectives are flagged', async () => {
    await t.services.continuityPlans.recordExercise(owner, ids.plan!, exerciseInput());
    let plan = await t.services.continuityPlans.get(owner, ids.plan!);
    assert.equal(plan.standing.code, 'in-date');
    assert.equal(plan.standing.dueOn, '2027-10-01');
    assert.deepEqual([plan.lastExercise?.rtoMissed, plan.lastExercise?.rpoMissed], [false, false]);
    await t.services.continuityPlans.recordExercise(owner, ids.plan!, exerciseInput({ exercisedOn: '2026-10-15', result: 'passed-with-issues', achievedRtoHours: '6', achievedRpoHours: '' }));
    plan = await t.services.continuityPlans.get(owner, ids.plan!);
    assert.deepEqual([plan.lastExercise?.rtoMissed, plan.lastExercise?.rpoMissed, plan.lastExercise?.achievedRpoHours], [true, false, null]);
    const recorded = (await auditActions()).filter((e) => e.action === 'continuity-exercise.recorded').at(-1);
    assert.deepEqual(recorded?.metadata, { rtoMissed: true, rpoMissed: false });
  });

  test('a failed exercise’s gaps become actions (source exercise-gap) in one audited transaction; open, they keep the plan overdue', async () => {
    const before = (await auditActions()).length;
    const exerciseId = await t.services.continuityPlans.recordExercise(security, ids.unitPlan!, exerciseInput({ kind: 'tabletop', exercisedOn: '2026-11-01', result: 'failed', achievedRtoHours: '', achievedRpoHours: '', gaps: 'No call tree; no alternate site', actions: [{ title: 'Write a call tree', dueOn: '2027-01-31' }, { title: 'Agree an alternate site', dueOn: '2027-03-31', owner: 'STRANGER' }] }));
    const events = (await auditActions()).slice(before);
    assert.deepEqual(events.map((e) => [e.action, e.record_id]), [['continuity-exercise.recorded', ids.unitPlan]]);
    const actions = await t.database.db.selectFrom('actions').select(['title', 'source_type', 'source_id', 'owner_person_id', 'unit_id', 'status']).where('source_id', '=', exerciseId).orderBy('title').execute();
    assert.deepEqual(actions.map((a) => [a.title, a.source_type, a.owner_person_id, a.unit_id]), [
      ['Agree an alternate site', 'exercise-gap', ids.stranger, ids.ops],
      ['Write a call tree', 'exercise-gap', ids.owner, ids.ops],
    ]);
    let plan = await t.services.continuityPlans.get(security, ids.unitPlan!);
    assert.equal(plan.standing.code, 'overdue');
    assert.equal(plan.openActions, 2);
    assert.equal(plan.actions.length, 2);
    assert.deepEqual((await t.services.continuityPlans.list(security, { overdue: true })).map((p) => p.id), [ids.unitPlan]);
    await t.database.db.updateTable('actions').set({ status: 'done', completed_on: '2026-11-20' }).where('source_id', '=', exerciseId).execute();
    plan = await t.services.continuityPlans.get(security, ids.unitPlan!);
    assert.equal(plan.standing.code, 'in-date');
  });

  test('an exercise form with mistakes is refused without writing anything', async () => {
    const before = (await auditActions()).length;
    const { code, fields } = await refusal(t.services.continuityPlans.recordExercise(owner, ids.plan!, exerciseInput({ kind: 'drill', exercisedOn: '2027-01-01', scenario: '', result: 'ok', achievedRtoHours: 'soon', actions: [{ title: 'Fix it', dueOn: 'next week' }] })));
    assert.equal(code, 'validation_failed');
    assert.deepEqual(fields, ['achievedRtoHours', 'actions-0-title', 'exercisedOn', 'kind', 'result', 'scenario']);
    assert.equal((await auditActions()).length, before);
  });

  test('the owner uploads the plan document, with one audit event; a stranger may not; an empty upload is refused', async () => {
    const file = { name: 'case-dr-plan.txt', bytes: new TextEncoder().encode('Case system disaster recovery plan, version 3.\n'), mediaType: 'text/plain' };
    assert.equal((await refusal(t.services.continuityPlans.uploadDocument(stranger, ids.plan!, file))).code, 'forbidden');
    assert.deepEqual((await refusal(t.services.continuityPlans.uploadDocument(owner, ids.plan!, null))).fields, ['document']);
    const before = (await auditActions()).length;
    await t.services.continuityPlans.uploadDocument(owner, ids.plan!, file);
    assert.deepEqual((await auditActions()).slice(before).map((e) => [e.action, e.record_id]), [['continuity-plan.document-uploaded', ids.plan]]);
    assert.equal((await t.services.continuityPlans.get(owner, ids.plan!)).documentFile?.name, 'case-dr-plan.txt');
    assert.equal(new TextDecoder().decode((await t.services.continuityPlans.documentFile(owner, ids.plan!)).content), 'Case system disaster recovery plan, version 3.\n');
  });

  test('an old exercise leaves the plan overdue; the chart counts plans per agency by standing; the CSV lists them', async () => {
    const old = await t.services.continuityPlans.create(owner, planInput({ title: 'Case system backup', kind: 'backup' }));
    await t.services.continuityPlans.recordExercise(owner, old, exerciseInput({ exercisedOn: '2025-06-01' }));
    assert.equal((await t.services.continuityPlans.get(owner, old)).standing.code, 'overdue');
    const plans = await t.services.continuityPlans.list(security);
    assert.deepEqual(t.services.continuityPlans.standingByAgency(plans), { agencies: ['OPS'], counts: { 'in-date': [2], overdue: [1], 'never-exercised': [0] } });
    const csv = await t.services.continuityPlans.exportCsv(security, { kind: 'backup' });
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /Case system backup/);
    assert.match(lines[1]!, /overdue/);
  });
});
