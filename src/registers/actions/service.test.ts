import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type PersonActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { ActionRepository } from './repository.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
const admin = systemActor('test');
const ids: Record<string, string> = {};
let owner: PersonActor;
let stranger: PersonActor;
let security: PersonActor;
let opsReader: PersonActor;

const auditEvents = async () => (await t.database.db.selectFrom('audit_events').select(['seq', 'action', 'record_id']).orderBy('seq').execute());
const action = (overrides: Partial<{ title: string; owner: string; dueOn: string; unitId: string; source: { type: string; id: string } | null }> = {}) => ({
  title: 'Patch the case system',
  description: 'Apply the vendor’s fix',
  owner: 'owner@example.gov.uk',
  dueOn: '2026-12-31',
  unitId: ids.ops!,
  ...overrides,
});

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const unit = async (code: string, parent?: string) => (await db.insertInto('organisation_units').values({ code, name: code, unit_type: 'department', ...(parent ? { parent_id: parent } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
  ids.dept = await unit('DEPT');
  ids.ops = await unit('OPS', ids.dept);
  ids.hr = await unit('HR', ids.dept);
  for (const key of ['owner', 'stranger', 'security', 'reader', 'leaver']) {
    ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ids.ops, staff_number: key.toUpperCase(), ...(key === 'leaver' ? { status: 'left' as const } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
  }
  const all = [ids.dept, ids.ops, ids.hr];
  owner = personActor(ids.owner!, [], ids.dept, all);
  stranger = personActor(ids.stranger!, [], ids.dept, all);
  security = personActor(ids.security!, ['security_team'], ids.dept, all);
  // A holder of an accountable role in OPS only: reads OPS's actions, not HR's.
  const reader = personActor(ids.reader!, [], ids.dept, all);
  opsReader = { ...reader, grants: [...reader.grants, { role: 'appointee', unitId: ids.ops, unitIds: new Set([ids.ops]), atRoot: false }] };
});
after(async () => t.close());

describe(`actions (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('references increase from ACT-0001, each creation one audit event', async () => {
    const before = (await auditEvents()).length;
    ids.first = await t.services.actions.create(security, action());
    ids.second = await t.services.actions.create(security, action({ title: 'Review HR access', unitId: ids.hr!, owner: 'STRANGER' }));
    const [first, second] = [await t.services.actions.get(admin, ids.first), await t.services.actions.get(admin, ids.second)];
    assert.deepEqual([first.reference, second.reference], ['ACT-0001', 'ACT-0002']);
    assert.equal(first.ownerName, 'owner');
    assert.equal(second.ownerPersonId, ids.stranger, 'found by staff number');
    assert.equal(first.status, 'open');
    assert.equal(first.createdBy, 'Someone <' + ids.security + '@example.gov.uk>');
    const events = (await auditEvents()).slice(before);
    assert.deepEqual(events.map((e) => [e.action, e.record_id]), [['action.created', ids.first], ['action.created', ids.second]]);
  });

  test('every mistake is reported at once, with the form’s field names', async () => {
    const all = await refusal(t.services.actions.create(security, { title: ' ', owner: 'nobody@example.gov.uk', dueOn: '2026-11-27', unitId: '', source: { type: 'rumour', id: 'x' } }));
    assert.equal(all.code, 'validation_failed');
    assert.deepEqual(all.fields, ['dueOn', 'owner', 'source', 'title', 'unitId']);
    assert.deepEqual((await refusal(t.services.actions.create(security, action({ dueOn: '2027-02-30', owner: '' })))).fields, ['dueOn', 'owner']);
    assert.match((await refusal(t.services.actions.create(security, action({ owner: 'leaver@example.gov.uk' })))).message, /leaver has left/);
    assert.equal((await refusal(t.services.actions.create(owner, action()))).code, 'forbidden', 'staff do not add actions');
    const today = await t.services.actions.create(security, action({ title: 'Due today', dueOn: '2026-11-28' }));
    assert.equal((await t.services.actions.get(admin, today)).dueOn, '2026-11-28', 'today (Europe/London) is allowed');
  });

  test('the owner records progress; a stranger is refused; cancelling is for the security team; done is final', async () => {
    assert.equal((await refusal(t.services.actions.recordProgress(stranger, ids.first!, { status: 'in-progress' }))).code, 'forbidden');
    assert.equal((await refusal(t.services.actions.get(stranger, ids.first!))).code, 'forbidden');
    assert.equal((await refusal(t.services.actions.recordProgress(owner, ids.first!, { status: 'cancelled', progressNote: 'Not needed' }))).code, 'forbidden');
    const before = (await auditEvents()).length;
    await t.services.actions.recordProgress(owner, ids.first!, { status: 'in-progress', progressNote: 'Change request raised' });
    assert.deepEqual((await refusal(t.services.actions.recordProgress(owner, ids.first!, { status: 'open' }))).fields, ['status'], 'no going back');
    await t.services.actions.recordProgress(owner, ids.first!, { status: 'done', progressNote: 'Patched' });
    const done = await t.services.actions.get(owner, ids.first!);
    assert.deepEqual([done.status, done.progressNote, done.completedOn], ['done', 'Patched', '2026-11-28']);
    const again = await refusal(t.services.actions.recordProgress(owner, ids.first!, { status: 'in-progress' }));
    assert.equal(again.code, 'invalid_state');
    assert.match(again.message, /is done, and a done action is final/);
    assert.equal((await refusal(t.services.actions.update(security, ids.first!, action()))).code, 'invalid_state');
    assert.deepEqual((await auditEvents()).slice(before).map((e) => e.action), ['action.progressed', 'action.progressed']);

    assert.deepEqual((await refusal(t.services.actions.recordProgress(security, ids.second!, { status: 'cancelled' }))).fields, ['progressNote'], 'say why');
    await t.services.actions.recordProgress(security, ids.second!, { status: 'cancelled', progressNote: 'Superseded by the access review' });
    assert.equal((await t.services.actions.get(admin, ids.second!)).completedOn, null);
  });

  test('the security team changes and reassigns an open action; one audit event', async () => {
    const id = await t.services.actions.create(security, action({ title: 'Rotate keys' }));
    assert.equal((await refusal(t.services.actions.update(owner, id, action()))).code, 'forbidden', 'owners record progress, they do not reassign');
    const before = (await auditEvents()).length;
    await t.services.actions.update(security, id, { title: 'Rotate the signing keys', owner: 'stranger@example.gov.uk', dueOn: '2027-01-15' });
    const changed = await t.services.actions.get(stranger, id);
    assert.deepEqual([changed.title, changed.ownerPersonId, changed.dueOn, changed.description], ['Rotate the signing keys', ids.stranger, '2027-01-15', '']);
    assert.equal((await refusal(t.services.actions.get(owner, id))).code, 'forbidden', 'the previous owner no longer sees it');
    assert.deepEqual((await auditEvents()).slice(before).map((e) => e.action), ['action.changed']);
  });

  test('who sees what: readers see their units’ actions, everyone their own', async () => {
    const hrOwned = await t.services.actions.create(security, action({ title: 'HR action owned by the reader', unitId: ids.hr!, owner: 'reader@example.gov.uk' }));
    const titles = async (actor: PersonActor | typeof admin, filter = {}) => (await t.services.actions.list(actor, filter)).actions.map((a) => a.title).sort();
    const everything = await titles(admin);
    assert.deepEqual(await titles(security), everything);
    assert.deepEqual(await titles(owner), ['Due today', 'Patch the case system'], 'only their own');
    const readerSees = await titles(opsReader);
    assert.ok(readerSees.includes('Patch the case system') && readerSees.includes('HR action owned by the reader'));
    assert.ok(!readerSees.includes('Review HR access'), 'not another unit’s action');
    assert.equal((await t.services.actions.get(opsReader, hrOwned)).unitId, ids.hr);
    assert.equal((await refusal(t.services.actions.get(opsReader, ids.second!))).code, 'forbidden');
    assert.deepEqual(await titles(security, { status: 'cancelled' }), ['Review HR access']);
    assert.deepEqual(await titles(security, { search: 'signing' }), ['Rotate the signing keys']);
    assert.deepEqual(await titles(security, { owner: 'OWNER' }), ['Due today', 'Patch the case system']);
    assert.deepEqual(await titles(security, { owner: 'no-one@example.gov.uk' }), []);
    assert.equal((await refusal(t.services.actions.list(security, { status: 'stuck' }))).code, 'validation_failed');
  });

  test('overdue: open actions past their due date, first in "mine" and in the deadlines', async () => {
    const later = await t.services.actions.create(security, action({ title: 'Later', dueOn: '2027-06-01' }));
    t.clock.set('2026-12-02T09:00:00Z');
    try {
      const mine = await t.services.actions.mine(owner);
      assert.deepEqual(mine.map((a) => [a.title, a.overdue]), [['Due today', true], ['Later', false]], 'done actions are not in "mine"');
      const overdue = await t.services.actions.list(security, { overdue: true });
      assert.deepEqual(overdue.actions.map((a) => a.title), ['Due today']);
      assert.equal((await t.services.actions.get(owner, ids.first!)).overdue, false, 'a done action is never overdue');
      const deadlines = await t.services.actions.deadlines('2026-12-02');
      assert.ok(deadlines.every((d) => d.kind === 'action' && d.href === `/actions/${d.recordId}`));
      const owners = deadlines.filter((d) => d.personId === ids.owner);
      assert.deepEqual(owners.map((d) => [d.title, d.dueOn, d.overdue]), [['Due today', '2026-11-28', true], ['Later', '2027-06-01', false]]);
      assert.deepEqual((await t.services.actions.deadlines('2026-12-02', ids.owner)).map((d) => d.recordId), owners.map((d) => d.recordId));
      assert.ok(!deadlines.some((d) => d.recordId === ids.first || d.recordId === ids.second), 'done and cancelled actions have no deadline');
      // An overdue action keeps its due date when its title changes.
      const dueToday = mine[0]!;
      await t.services.actions.update(security, dueToday.id, { title: 'Due today, still', owner: 'owner@example.gov.uk', dueOn: '2026-11-28' });
      assert.deepEqual((await refusal(t.services.actions.update(security, later, { title: 'Later', owner: 'OWNER', dueOn: '2026-12-01' }))).fields, ['dueOn']);
    } finally {
      t.clock.set('2026-11-28T09:00:00Z');
    }
  });

  test('another register adds actions inside its own transaction: they roll back with it, and carry no audit event of their own', async () => {
    const riskId = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    const repositoryValues = { title: 'Treat the risk', description: '', ownerPersonId: ids.owner!, unitId: ids.ops!, dueOn: '2027-01-31', source: { type: 'risk' as const, id: riskId }, createdBy: 'risks' };
    const before = (await auditEvents()).length;
    await assert.rejects(
      t.database.db.transaction().execute(async (trx) => {
        await new ActionRepository(trx).insertAction(repositoryValues);
        throw new Error('the risk could not be saved');
      }),
      /the risk could not be saved/,
    );
    const repository = new ActionRepository(t.database.db);
    assert.deepEqual(await repository.actionsFor('risk', [riskId]), []);
    const { id, reference } = await t.database.db.transaction().execute(async (trx) => new ActionRepository(trx).insertAction(repositoryValues));
    assert.match(reference, /^ACT-\d{4}$/);
    const forRisk = await repository.actionsFor('risk', [riskId, 'not-an-id'], '2026-11-28');
    assert.deepEqual(forRisk.map((a) => [a.id, a.title, a.ownerName, a.sourceType, a.sourceId, a.overdue]), [[id, 'Treat the risk', 'owner', 'risk', riskId, false]]);
    assert.deepEqual(await repository.actionsFor('incident', [riskId]), []);
    assert.equal((await auditEvents()).length, before);
    assert.deepEqual((await t.services.actions.list(security, { sourceType: 'risk' })).actions.map((a) => a.id), [id]);
  });

  test('the CSV export holds what the reader may see, escapes formulas, and is audited', async () => {
    await t.services.actions.create(security, action({ title: '=HYPERLINK("http://evil.example")' }));
    const csv = await t.services.actions.exportCsv(owner);
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'reference,title,description,owner,owner email,unit,due on,status,overdue,raised by,source id,progress note,completed on');
    assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example"")"`)), csv);
    assert.ok(lines.slice(1).every((l) => l.includes('owner@example.gov.uk')), 'only the owner’s own actions');
    assert.equal((await auditEvents()).at(-1)?.action, 'actions.exported');
  });
});
