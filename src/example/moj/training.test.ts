import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { loadExampleTraining } from './training.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const root = await db.insertInto('organisation_units').values({ code: 'MOJ', name: 'Ministry of Justice', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  const agency = await db.insertInto('organisation_units').values({ code: 'HMPPS', name: 'HMPPS', unit_type: 'executive_agency', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('people').values(Array.from({ length: 200 }, (_, i) => ({ email: `person${i}@example.justice.gov.uk`, display_name: `Person ${i}`, unit_id: agency.id }))).execute();
});
after(async () => t.close());

test('the example training gives a believable completion rate, and loading it again adds nothing', async () => {
  const actor = systemActor('example');
  const first = await loadExampleTraining(t.services, actor);
  assert.ok(first.created > 100);
  const again = await loadExampleTraining(t.services, actor);
  assert.equal(again.created, 0);
  const { agencies } = await t.services.training.completion(actor);
  const hmpps = agencies.find((a) => a.code === 'HMPPS')!;
  const rate = hmpps.mandatoryComplete / hmpps.people;
  assert.ok(rate > 0.6 && rate < 0.97, String(rate));
});
