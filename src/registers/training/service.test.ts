import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'staff number,email,course,completed on';
const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n') + '\r\n');
const run = (bytes: Uint8Array, dryRun = false) => t.services.training.import.run(admin, { fileName: 'training.csv', bytes, dryRun });
const completions = async () => (await t.database.db.selectFrom('training_completions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const ids: Record<string, string> = {};
let rootId = '';

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const root = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  rootId = root.id;
  const ops = await db.insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'executive_agency', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  for (const [key, staff] of [['manager', 'S1'], ['report', 'S2'], ['stranger', null]] as const) {
    ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ops.id, staff_number: staff }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await db.updateTable('people').set({ line_manager_id: ids.manager! }).where('id', '=', ids.report!).execute();
  await t.services.training.addCourse(admin, { code: 'SEC-ANNUAL', title: 'Responsible for information', audience: 'everyone', validityMonths: 12 });
  await t.services.training.addCourse(admin, { code: 'IAO', title: 'Information Asset Owner training', audience: 'appointment', roleCode: 'information-asset-owner', validityMonths: 24 });
});
after(async () => t.close());

describe(`training (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports every bad row by line and column and writes nothing', async () => {
    const report = await run(
      csv(
        'S1,,SEC-ANNUAL,2026-02-30', // bad date
        'S9,,SEC-ANNUAL,2026-02-01', // unknown staff number
        ',nobody@example.gov.uk,SEC-ANNUAL,2026-02-01', // unknown email
        'S1,,NO-SUCH,2026-02-01', // unknown course
        'S2,,SEC-ANNUAL,2026-02-01',
        ',report@example.gov.uk,sec-annual,2026-02-01', // the same completion again, matched by email
        'S2,,SEC-ANNUAL,2027-01-01', // after today
      ),
      true,
    );
    assert.deepEqual(
      report.errors.map((e) => [e.line, e.column]),
      [[2, 'completed on'], [3, 'staff number'], [4, 'email'], [5, 'course'], [7, 'course'], [8, 'completed on']],
    );
    assert.match(report.errors.find((e) => e.line === 7)!.message, /line 6/);
    assert.equal(await completions(), 0);
  });

  test('a file with any bad row changes nothing; a good one is applied once, and again changes nothing', async () => {
    const bad = await run(csv('S1,,SEC-ANNUAL,2026-01-10', 'S9,,SEC-ANNUAL,2026-01-10'));
    assert.equal(bad.errors.length, 1);
    assert.equal(await completions(), 0);
    const good = csv('S1,,SEC-ANNUAL,2026-01-10', ',report@example.gov.uk,Responsible for information,2025-10-01');
    const dry = await run(good, true);
    assert.deepEqual(dry.counts, { created: 2, updated: 0, unchanged: 0, left: 0 });
    assert.equal(await completions(), 0);
    assert.deepEqual((await run(good)).counts, { created: 2, updated: 0, unchanged: 0, left: 0 });
    assert.deepEqual((await run(good)).counts, { created: 0, updated: 0, unchanged: 2, left: 0 });
    assert.equal(await completions(), 2);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'training-completions.imported').execute();
    assert.equal(events.length, 1);
  });

  test('status per required course follows roles in force and records', async () => {
    await t.database.db.insertInto('appointments').values({ role_code: 'information-asset-owner', person_id: ids.manager!, starts_on: '2026-01-01' }).execute();
    const manager = await t.services.training.personTraining(admin, ids.manager!);
    assert.deepEqual(manager.courses.map((c) => [c.course.code, c.status]), [['IAO', 'never-done'], ['SEC-ANNUAL', 'complete']]);
    const report = await t.services.training.personTraining(admin, ids.report!);
    assert.deepEqual(report.courses.map((c) => [c.course.code, c.status]), [['SEC-ANNUAL', 'overdue']]);
  });

  test('a line manager sees their reports’ training; a stranger is refused', async () => {
    const manager = personActor(ids.manager!, [], rootId, []);
    const stranger = personActor(ids.stranger!, [], rootId, []);
    assert.equal((await t.services.training.personTraining(manager, ids.report!)).person.id, ids.report);
    assert.equal((await t.services.training.reports(manager)).length, 1);
    assert.equal((await t.services.training.personTraining(stranger, ids.stranger!)).person.id, ids.stranger);
    await assert.rejects(t.services.training.personTraining(stranger, ids.report!), (e: unknown) => e instanceof AppError && e.code === 'forbidden');
    await assert.rejects(t.services.training.import.run(stranger, { fileName: 'x.csv', bytes: csv('S1,,SEC-ANNUAL,2026-01-10'), dryRun: true }), (e: unknown) => e instanceof AppError && e.code === 'forbidden');
  });

  test('completion by unit and by agency, and a completion recorded by hand is audited', async () => {
    await t.services.training.recordCompletion(admin, { person: 'stranger@example.gov.uk', courseCode: 'SEC-ANNUAL', completedOn: '2026-11-01' });
    const { units, agencies } = await t.services.training.completion(admin);
    const ops = units.find((u) => u.code === 'OPS')!;
    assert.deepEqual([ops.people, ops.mandatoryComplete, ops.roleHolders, ops.roleComplete], [3, 2, 1, 0]);
    assert.deepEqual(agencies.map((a) => a.code), ['OPS']);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'training-completion.recorded').execute();
    assert.equal(events.length, 1);
  });
});
