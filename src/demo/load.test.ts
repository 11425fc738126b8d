// A tiny department loaded into a test database: every register gets its rows (people, training,
// assets, services and suppliers through their imports), the compliance engine finds the department's
// gaps, and a second load is refused rather than mixed in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../access/actor.ts';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { londonDate } from '../platform/clock.ts';
import { loadDemoDepartment, type DemoLoad } from './load.ts';
import { SCALES } from './scales.ts';

let t: TestContext;
let load: DemoLoad;

before(async () => {
  t = await createTestContext();
  load = await loadDemoDepartment(t.database.db, t.services, SCALES.tiny, 3, londonDate(t.clock.now()));
});
after(async () => t.close());

describe('loading a generated department', () => {
  test('every register holds the scale’s rows', () => {
    const scale = SCALES.tiny;
    assert.ok(load.counts.people! >= scale.people);
    assert.equal(load.counts.units, scale.units);
    assert.equal(load.counts.trainingRecords, scale.trainingRecords);
    assert.equal(load.counts.assets, scale.assets);
    assert.equal(load.counts.services, scale.services);
    assert.equal(load.counts.suppliers, scale.suppliers);
    assert.equal(load.counts.risks, scale.risks);
    assert.equal(load.counts.incidents, scale.incidents);
    assert.ok(load.counts.riskAcceptances! > 0);
    assert.equal(load.counts.documents, scale.documents);
    assert.equal(load.counts.requirements, scale.requirements);
    assert.ok(load.counts.incidentLessons! > 0 && load.counts.incidentLessons! < scale.incidents);
    assert.ok(Object.keys(load.timings).includes('people (import)'));
  });

  test('the compliance engine finds open findings: assets without an owner, risks above appetite, overdue training', async () => {
    const summary = await t.services.compliance.evaluate(systemActor('test'), 'test');
    assert.ok(summary.findings.open > 0);
    const rows = await t.database.db.selectFrom('compliance_findings').select('rule_id').where('status', '=', 'open').groupBy('rule_id').execute();
    const rules = rows.map((r) => r.rule_id);
    for (const rule of ['assets.iao-current', 'risks.above-appetite-decided', 'training.mandatory']) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
  });

  test('a database that already holds people is refused, with what to do', async () => {
    await assert.rejects(loadDemoDepartment(t.database.db, t.services, SCALES.tiny, 3, londonDate(t.clock.now())), /already holds people.*new database/);
  });
});
