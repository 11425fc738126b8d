import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { firstRunSetup } from '../../setup/first-run.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { loadExampleSupplierAssessments } from './supplier-assessments.ts';
import { loadExampleSuppliers } from './suppliers.ts';

let t: TestContext;
const actor = systemActor('example');

before(async () => {
  t = await createTestContext();
  await firstRunSetup(t.database.db, testConfig({ CUSTODIAN_EXAMPLE: 'moj' }), t.clock);
});
after(async () => t.close());

describe('the MoJ example’s supplier assessments', () => {
  test('without the example suppliers only the questionnaire loads', async () => {
    const bare = await createTestContext();
    try {
      assert.deepEqual(await loadExampleSupplierAssessments(bare.services, actor), { created: 1, unchanged: 0 });
      assert.equal((await bare.database.db.selectFrom('supplier_assessments').select('id').execute()).length, 0);
    } finally {
      await bare.close();
    }
  });

  test('with them: one completed with every deviation linked to a risk, one sent to the supplier, one in progress; loading again changes nothing', async () => {
    // First-run setup may load the suppliers (and these assessments) already; both loads are idempotent.
    await loadExampleSuppliers(t.services, actor);
    await loadExampleSupplierAssessments(t.services, actor);
    const rows = await t.database.db
      .selectFrom('supplier_assessments as a')
      .innerJoin('suppliers as s', 's.id', 'a.supplier_id')
      .select(['s.name', 'a.status', 'a.result', 'a.reassess_on', 'a.id'])
      .orderBy('s.name')
      .execute();
    assert.deepEqual(rows.map((r) => [r.name, r.status]), [['CGI', 'sent-to-supplier'], ['Perimeter Vision Ltd', 'completed'], ['Shared Services Connected Ltd (SSCL)', 'in-progress']]);
    const completed = rows.find((r) => r.status === 'completed')!;
    assert.equal(completed.result, 'meets-with-deviations');
    const deviations = await t.database.db.selectFrom('supplier_deviations').select(['kind', 'risk_id']).where('assessment_id', '=', completed.id).execute();
    assert.deepEqual(deviations.map((d) => d.kind).sort(), ['answer', 'answer', 'certificate', 'control']);
    assert.ok(deviations.every((d) => d.risk_id !== null));
    assert.equal(new Set(deviations.map((d) => d.risk_id)).size, 2);
    assert.equal((await t.database.db.selectFrom('supplier_questionnaire_links').select('id').execute()).length, 1);
    assert.deepEqual(await loadExampleSupplierAssessments(t.services, actor), { created: 0, unchanged: 4 });
  });
});
