// The engine over real writes: findings open, are covered by an exception, resolve and reopen, each
// change kept as history; a committed write re-checks only what it reached (scoped), after the commit,
// once for a burst; a full run records its denominators.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../access/actor.ts';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { appoint, exceptionFor, ruleFixture, type RuleFixture } from '../../test/support/compliance.ts';
import { RULES } from './rules/index.ts';

const RULE = 'assets.iao-current';
const system = systemActor('test');
let t: TestContext;
let f: RuleFixture;
const assets: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
const iao: Record<string, string> = {};

async function newAsset(name: string, withIao: boolean): Promise<string> {
  const row = await t.database.db.insertInto('information_assets').values({ reference: `IA-E${name}`, name: `Asset ${name}`, unit_id: f.units.TEAM, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
  if (withIao) iao[row.id] = await appoint(t.database.db, { role: 'information-asset-owner', personId: f.person, record: { type: 'information-asset', id: row.id } });
  return row.id;
}

const finding = (recordId: string) => t.database.db.selectFrom('compliance_findings').selectAll().where('rule_id', '=', RULE).where('record_id', '=', recordId).executeTakeFirst();
const history = async (recordId: string) => {
  const row = await finding(recordId);
  if (!row) return [];
  const events = await t.database.db.selectFrom('compliance_finding_events').select(['status']).where('finding_id', '=', row.id).orderBy('seq').execute();
  return events.map((e) => e.status);
};
const runs = () => t.database.db.selectFrom('compliance_runs').selectAll().orderBy('started_at').execute();

before(async () => {
  t = await createTestContext({ now: '2026-11-28T09:00:00Z' });
  f = await ruleFixture(t.database.db);
  assets.A = await newAsset('A', true);
  assets.B = await newAsset('B', false);
  assets.C = await newAsset('C', true);
});
after(async () => t.close());

describe('the compliance engine', () => {
  test('a full run checks every rule, opens a finding for each failing record and records its denominators', async () => {
    const summary = await t.services.compliance.evaluate(system, 'test');
    assert.equal(summary.kind, 'full');
    assert.equal(summary.rules, RULES.length);
    assert.ok(summary.findings.open >= 1, 'asset B has no IAO');
    assert.equal(typeof summary.durationMs, 'number');
    assert.equal((await finding(assets.B))?.status, 'open');
    assert.equal(await finding(assets.A), undefined);
    const totals = await t.database.db.selectFrom('compliance_run_results').selectAll().where('run_id', '=', summary.runId).where('rule_id', '=', RULE).execute();
    assert.deepEqual(totals.map((r) => [r.unit_id, r.checked, r.failing, r.covered]), [[f.units.TEAM, 3, 1, 0]]);
    const audited = await t.database.db.selectFrom('audit_events').select(['action', 'record_id']).where('action', '=', 'compliance.evaluated').execute();
    assert.deepEqual(audited.map((e) => e.record_id), [summary.runId]);
  });

  test('the same run again changes nothing and records no new history', async () => {
    await t.services.compliance.evaluate(system, 'test');
    assert.deepEqual(await history(assets.B), ['open']);
  });

  test('a write re-checks, after it commits, only the records it reached', async () => {
    const before = await finding(assets.B);
    await t.services.appointments.endAppointment(system, iao[assets.A]!, '2026-11-27');
    const made = await t.services.complianceWatcher.catchUp();
    assert.equal(made.length, 1);
    assert.equal(made[0]?.kind, 'scoped');
    const run = (await runs()).at(-1)!;
    assert.equal(run.kind, 'scoped');
    assert.equal(run.trigger, 'change');
    // Only rules that read appointments of assets ran, each scoped to asset A.
    assert.ok(made[0]!.rules >= 1 && made[0]!.rules < RULES.length, `${made[0]!.rules} rules re-checked`);
    // A scoped run reports what it changed: asset A's finding opened.
    assert.equal(made[0]!.findings.open, 1);
    assert.equal((await finding(assets.A))?.status, 'open');
    assert.match((await finding(assets.A))!.reason, /No current Information Asset Owner/);
    // B was outside the scope: its finding is as it was.
    assert.deepEqual(await finding(assets.B), before);
    // Nothing new committed: nothing to do.
    assert.deepEqual(await t.services.complianceWatcher.catchUp(), []);
  });

  test('an exception in force for exactly the requirement and the asset covers its finding; its history shows both', async () => {
    const exceptionId = await exceptionFor(f, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: assets.B, expiresOn: '2027-12-31' });
    await t.services.compliance.evaluate(system, 'test');
    const covered = await finding(assets.B);
    assert.equal(covered?.status, 'covered');
    assert.equal(covered?.exception_id, exceptionId);
    assert.deepEqual(await history(assets.B), ['open', 'covered']);
  });

  test('a finding resolves when the record meets the requirement, and reopens with a new opening date when it fails again', async () => {
    const appointmentId = await appoint(t.database.db, { role: 'information-asset-owner', personId: f.person, record: { type: 'information-asset', id: assets.B } });
    await t.services.compliance.evaluate(system, 'test');
    const resolved = await finding(assets.B);
    assert.equal(resolved?.status, 'resolved');
    assert.ok(resolved?.resolved_at);
    t.clock.set('2026-12-10T09:00:00Z');
    await t.services.appointments.endAppointment(system, appointmentId, '2026-12-09');
    await t.services.complianceWatcher.catchUp();
    const reopened = await finding(assets.B);
    // The exception still stands for B (until 2027), so the reopened finding is covered again.
    assert.equal(reopened?.status, 'covered');
    assert.equal(reopened?.resolved_at, null);
    assert.equal(reopened?.opened_at.toISOString(), '2026-12-10T09:00:00.000Z');
    assert.deepEqual(await history(assets.B), ['open', 'covered', 'resolved', 'covered']);
  });

  test('an exception decided (or the risk behind it changing) re-checks the findings it names, whatever rule raised them', async () => {
    const e = await newAsset('E', false);
    await t.services.compliance.evaluate(system, 'test');
    assert.equal((await finding(e))?.status, 'open');
    const exceptionId = await exceptionFor(f, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: e, expiresOn: '2027-12-31' });
    const covered = await t.services.compliance.reevaluate({ byType: new Map([['requirement-exception', new Set([exceptionId])]]) });
    assert.equal(covered?.kind, 'scoped');
    assert.equal((await finding(e))?.status, 'covered');
    // The backing risk's acceptance is revoked: the exception lapses with it, and the finding opens.
    const exception = await t.database.db.selectFrom('requirement_exceptions').select('risk_id').where('id', '=', exceptionId).executeTakeFirstOrThrow();
    await t.database.db.updateTable('risk_acceptances').set({ status: 'revoked' }).where('risk_id', '=', exception.risk_id).execute();
    await t.services.compliance.reevaluate({ byType: new Map([['risk', new Set([exception.risk_id])]]) });
    assert.equal((await finding(e))?.status, 'open');
  });

  test('told of writes, the watcher re-evaluates once for a burst, after the commits', async () => {
    t.services.audit.onRecorded(() => t.services.complianceWatcher.notify());
    const before = (await runs()).length;
    await t.services.appointments.endAppointment(system, iao[assets.C]!, '2026-12-09');
    const d = await newAsset('D', true);
    await t.services.appointments.endAppointment(system, iao[d]!, '2026-12-09');
    for (let i = 0; i < 50 && (await finding(d)) === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await t.services.complianceWatcher.stop();
    const after = await runs();
    assert.equal(after.length - before, 1, 'one scoped run for the burst of two writes');
    assert.equal((await finding(assets.C))?.status, 'open');
    assert.equal((await finding(d))?.status, 'open');
  });
});
