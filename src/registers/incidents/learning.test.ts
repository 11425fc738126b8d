import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { RESTRICTED_TEXT, type ReturnLayout } from './entity.ts';
import { auditedOnce, incidentFixture, refused, reportInput, type IncidentFixture } from './test-fixtures.ts';

let t: TestContext;
let f: IncidentFixture;
const NOW = '2026-11-28T09:00:00Z';
const db = () => t.database.db;
const incidents = () => t.services.incidents;
const hoursBefore = (iso: string, hours: number) => new Date(new Date(iso).getTime() - hours * 3_600_000).toISOString();
const triage = { category: 'confidentiality', typeCode: 'misdirected', severityCode: 'high', kind: 'incident' };

before(async () => {
  t = await createTestContext({ now: NOW });
  f = await incidentFixture(db());
});
after(async () => t.close());

describe(`incidents: the ICO clock, learning and the return (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the ICO clock runs 72 hours from awareness: hours left, then overdue', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Breach near its deadline', occurredAt: hoursBefore(NOW, 61), awareAt: hoursBefore(NOW, 60), personalData: 'not-sure' }));
    const running = (await incidents().get(f.actors.security, id)).ico;
    assert.deepEqual([running.applies, running.icoDeadline.toISOString(), running.hoursLeft, running.overdue], [true, '2026-11-28T21:00:00.000Z', 12, false]);
    assert.ok(!(await incidents().list(f.actors.security, { icoOverdue: true }, 1)).incidents.some((i) => i.id === id));
    t.clock.set('2026-11-28T22:00:00Z');
    const late = (await incidents().get(f.actors.security, id)).ico;
    assert.deepEqual([late.hoursLeft, late.overdue], [-1, true]);
    assert.ok((await incidents().list(f.actors.security, { icoOverdue: true }, 1)).incidents.some((i) => i.id === id));
    const deadlines = await incidents().icoDeadlines(f.people.dpo);
    assert.deepEqual(deadlines.filter((d) => d.recordId === id).map((d) => [d.personName, d.overdue]), [['DPO', true]]);
    t.clock.set(NOW);
  });

  test('the ICO decision is refused to anyone but the DPO, and recorded with a frozen snapshot for the DPO', async () => {
    const { id, reference } = await incidents().report(f.actors.reporter, reportInput({ title: 'Breach for the DPO', awareAt: hoursBefore(NOW, 10), occurredAt: hoursBefore(NOW, 12) }));
    for (const who of ['security', 'handler', 'ial', 'cso'] as const) {
      const refusal = await refused(incidents().decideIcoReporting(f.actors[who], id, { outcome: 'report', reason: 'Serious' }));
      assert.equal(refusal.code, 'forbidden', who);
      assert.match(refusal.text, /Only the Data Protection Officer \(DPO\) decides whether INC-\d+ is reported/, who);
    }
    assert.match((await refused(incidents().decideIcoReporting(f.actors.dpo, id, { outcome: 'maybe', reason: '' }))).text, /Choose whether .* \| Give the reason/);
    const decisionId = await auditedOnce(db(), 'incident.ico-decided', () => incidents().decideIcoReporting(f.actors.dpo, id, { outcome: 'report', reason: 'Special category data of 40 people' }));
    const row = await db().selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow();
    const snapshot = (typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as Record<string, unknown>;
    assert.deepEqual([row.kind, row.record_type, row.record_id, row.outcome, row.role_held, row.decided_by_person_id], ['ico-reporting', 'incident', id, 'report', 'Data Protection Officer', f.people.dpo]);
    assert.deepEqual([snapshot.reference, snapshot.personalData, snapshot.decidedWithHoursLeft], [reference, 'yes', 62]);
    const incident = await incidents().get(f.actors.security, id);
    assert.deepEqual([incident.ico.decided, incident.ico.overdue, incident.ico.hoursLeft, incident.ico.decision?.outcome, incident.timeline.at(-1)?.kind], [true, false, null, 'report', 'decision']);
    assert.equal((await incidents().get(f.actors.auditor, id)).icoDecisions[0]?.snapshot.personalDataDetails, RESTRICTED_TEXT);
    // The deciding role is a setting the department can change.
    await db().updateTable('settings').set({ value: 'chief-security-officer' }).where('key', '=', 'incidents.ico-decision-role').execute();
    assert.match((await refused(incidents().decideIcoReporting(f.actors.dpo, id, { outcome: 'do-not-report', reason: 'Changed' }))).text, /Only the Chief Security Officer/);
    await db().updateTable('settings').set({ value: 'data-protection-officer' }).where('key', '=', 'incidents.ico-decision-role').execute();
  });

  test('closing is refused without lessons, then without a corrective action, naming what is missing; then allowed', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Wrong attachment sent', personalData: 'yes' }));
    assert.match((await refused(incidents().close(f.actors.security, id))).text, /triage/);
    await incidents().triage(f.actors.security, id, { ...triage, handler: 'handler@example.gov.uk' });
    const first = await refused(incidents().close(f.actors.handler, id));
    assert.equal(first.code, 'invalid_state');
    assert.match(first.text, /lessons learned/);
    assert.match(first.text, /corrective action/);
    assert.match(first.text, /reporting the breach to the ICO/);
    await incidents().recordLessons(f.actors.handler, id, { wentWell: 'Reported within the hour', wentBadly: 'Autocomplete picked the wrong address', rootCause: 'Email autocomplete' });
    const second = await refused(incidents().close(f.actors.handler, id));
    assert.doesNotMatch(second.text, /lessons learned/);
    assert.match(second.text, /at least one corrective action/);
    await db().insertInto('controls').values({ code: 'CTL-MAIL', title: 'Outbound email checks', kind: 'technology' }).execute();
    const action = await incidents().addCorrectiveAction(f.actors.handler, id, { title: 'Turn off autocomplete for external addresses', owner: 'S-owner', dueOn: '2027-02-28', targets: [{ type: 'control', reference: 'ctl-mail' }] });
    assert.match(action.reference, /^ACT-\d{4}$/);
    await incidents().decideIcoReporting(f.actors.dpo, id, { outcome: 'do-not-report', reason: 'Recipient deleted it, low risk' });
    assert.deepEqual((await incidents().get(f.actors.handler, id)).missingToClose, []);
    await incidents().close(f.actors.handler, id, 'Done');
    const closed = await incidents().get(f.actors.security, id);
    assert.deepEqual([closed.stage, closed.lessons?.rootCause, closed.actions.map((a) => a.targets.map((x) => x.reference))], ['closed', 'Email autocomplete', [['CTL-MAIL']]]);
    assert.equal((await db().selectFrom('actions').select(['source_type', 'source_id']).where('id', '=', action.id).executeTakeFirstOrThrow()).source_id, id);
    const timings = await incidents().timings(f.actors.security, {});
    assert.equal(timings.close.count, 1);
  });

  test('a corrective action says which control, risk or document it adds or changes', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'USB stick lost', personalData: 'no', personalDataDetails: '' }));
    await incidents().triage(f.actors.security, id, { ...triage, typeCode: 'lost-or-stolen', handler: 'handler@example.gov.uk' });
    const action = await incidents().addCorrectiveAction(f.actors.handler, id, { title: 'Encrypt removable media', owner: 'owner@example.gov.uk', dueOn: '2027-01-15' });
    await db().insertInto('documents').values({ tier: 2, title: 'Removable media policy', unit_id: f.units.DEPT, key_prefix: 'RMP', status: 'published' }).execute();
    await auditedOnce(db(), 'action.target-linked', () => incidents().linkActionTarget(f.actors.handler, action.id, 'document', 'RMP'));
    assert.match((await refused(incidents().linkActionTarget(f.actors.handler, action.id, 'risk', 'RISK-9999'))).text, /RISK-9999 is not the reference of a risk/);
    assert.equal((await refused(incidents().linkActionTarget(f.actors.stranger, action.id, 'document', 'RMP'))).code, 'forbidden');
    const targets = await incidents().actionTargets(f.actors.handler, action.id);
    assert.deepEqual(targets.map((x) => [x.type, x.reference, x.name]), [['document', 'RMP', 'Removable media policy']]);
    assert.match(targets[0]!.href, /^\/documents\//);
    await auditedOnce(db(), 'action.target-unlinked', () => incidents().unlinkActionTarget(f.actors.handler, action.id, 'document', targets[0]!.id));
    assert.deepEqual(await incidents().actionTargets(f.actors.security, action.id), []);
  });

  test('the quarterly return counts by agency from the stored layout, which is the committed example’s', async () => {
    const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/incidents/${name}`, import.meta.url), 'utf8');
    assert.deepEqual(await incidents().returnLayout(f.actors.auditor), JSON.parse(fixture('return-layout.json')) as ReturnLayout);
    assert.equal((await refused(incidents().quarterlyReturn(f.actors.reporter, '2026-Q4'))).code, 'forbidden');
    await incidents().report(systemActor('test'), reportInput({ title: 'Other agency outage', unit: 'OTHER', personalData: 'no', reportedBy: 'stranger@example.gov.uk' }));
    const report = await incidents().quarterlyReturn(f.actors.security, '2026-Q4');
    assert.equal(report.filename, 'incidents-return-2026-Q4.csv');
    const rows = report.rows.map((r) => [r[1], r[2], r[13]]);
    const total = (await incidents().list(f.actors.security, {}, 1)).total;
    assert.deepEqual(rows, [['Agency', 'Incidents', 'Total'], ['Agency', String(total - 1), String(total - 1)], ['Other agency', '1', '1'], ['Total', String(total), String(total)]]);
    assert.ok(report.csv.startsWith('Quarter,Agency,Incidents,Near misses,'));
    assert.equal((await incidents().quarterlyReturn(f.actors.security, '2026-Q3')).rows.length, 2);
    const custom = { columns: [{ heading: 'Agency', field: 'agency' }, { heading: 'Breaches', field: 'personal-data:yes,not-sure' }] };
    assert.equal((await refused(incidents().setReturnLayout(f.actors.auditor, custom))).code, 'forbidden');
    assert.equal((await refused(incidents().setReturnLayout(f.actors.security, { columns: [{ heading: 'Bad', field: 'colour:red' }] }))).code, 'validation_failed');
    await auditedOnce(db(), 'incidents.return-layout-changed', () => incidents().setReturnLayout(f.actors.security, custom));
    assert.deepEqual((await incidents().quarterlyReturn(f.actors.auditor, '2026-Q4')).rows[0], ['Agency', 'Breaches']);
  });
});
