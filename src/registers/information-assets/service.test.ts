import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PersonActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import type { AssetInput } from './entity.ts';

let t: TestContext;
let security: PersonActor;
let iao: PersonActor;
let staff: PersonActor;
const ids: Record<string, string> = {};

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const root = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  ids.root = root.id;
  for (const code of ['OPS', 'HR']) ids[code] = (await db.insertInto('organisation_units').values({ code, name: code, unit_type: 'business_area', parent_id: root.id }).returning('id').executeTakeFirstOrThrow()).id;
  const person = async (key: string, status: 'active' | 'left' = 'active', staffNumber: string | null = null) =>
    (ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ids.OPS!, staff_number: staffNumber, status }).returning('id').executeTakeFirstOrThrow()).id);
  await person('sec');
  await person('ada', 'active', 'S100');
  await person('bob');
  await person('gone', 'left');
  const units = [ids.root, ids.OPS!, ids.HR!];
  security = personActor(ids.sec!, ['security_team'], ids.root, units);
  iao = personActor(ids.ada!, [], ids.root, units);
  staff = personActor(ids.bob!, [], ids.root, units);
});
after(async () => t.close());

const input = (over: Partial<AssetInput> = {}): AssetInput => ({
  name: 'Case files',
  description: 'Files',
  unitId: ids.OPS!,
  owner: 'ada@example.gov.uk',
  classificationTier: 'OFFICIAL',
  sensitive: true,
  handlingInstruction: 'RECIPIENTS ONLY',
  embargoEndsOn: null,
  descriptors: ['PERSONAL DATA'],
  confidentialityImpact: 'high',
  integrityImpact: 'medium',
  availabilityImpact: 'low',
  personalData: true,
  retention: '6 years',
  ...over,
});
const events = async (action: string) => (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', action).execute()).length;
const fields = (error: unknown) => (isAppError(error) && error.code === 'validation_failed' ? error.problems.map((p) => p.field).sort() : ['not a validation error']);

describe(`information assets service (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('creating an asset appoints its IAO, gives it a reference and label, and records one event', async () => {
    const id = await t.services.informationAssets.create(security, input());
    const asset = await t.services.informationAssets.get(security, id);
    assert.match(asset.reference, /^IA-\d{6}$/);
    assert.equal(asset.label, 'OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA');
    assert.equal(asset.owner?.personId, ids.ada);
    assert.equal(asset.mayEdit, 'all');
    const appointment = await t.database.db.selectFrom('appointments').select(['role_code', 'record_type', 'person_id']).where('record_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(appointment, { role_code: 'information-asset-owner', record_type: 'information-asset', person_id: ids.ada });
    assert.equal(await events('information-asset.created'), 1);
  });

  test('every problem is reported at once, by field, and nothing is written', async () => {
    const before = await events('information-asset.created');
    await assert.rejects(
      t.services.informationAssets.create(security, input({ name: ' ', owner: 'nobody@example.gov.uk', sensitive: false, handlingInstruction: 'RECIPIENTS ONLY', confidentialityImpact: 'extreme', personalData: false })),
      (error) => {
        assert.deepEqual(fields(error), ['confidentialityImpact', 'handlingInstruction', 'name', 'owner', 'personalData']);
        return true;
      },
    );
    await assert.rejects(t.services.informationAssets.create(security, input({ owner: '' })), (error) => fields(error).includes('owner'));
    await assert.rejects(t.services.informationAssets.create(security, input({ owner: 'gone@example.gov.uk' })), (error) => isAppError(error) && /has left/.test(error.problems[0]!.message));
    await assert.rejects(t.services.informationAssets.create(security, input({ handlingInstruction: 'EMBARGOED' })), (error) => fields(error).includes('embargoEndsOn'));
    await assert.rejects(t.services.informationAssets.create(security, input({ classificationTier: 'SECRET' })), (error) => fields(error).includes('sensitive'));
    assert.equal(await events('information-asset.created'), before);
  });

  test('a reference must be unique; a staff number names the IAO', async () => {
    await t.services.informationAssets.create(security, input({ reference: 'OPS-IA-0001', owner: 'S100' }));
    await assert.rejects(t.services.informationAssets.create(security, input({ reference: 'OPS-IA-0001' })), (error) => fields(error).includes('reference'));
  });

  test('the IAO may change their asset’s details but not its IAO or unit; staff may not change it at all', async () => {
    const id = await t.services.informationAssets.create(security, input({ name: 'Rota' }));
    await t.services.informationAssets.update(iao, id, input({ name: 'Staff rota', owner: 'ada@example.gov.uk' }));
    assert.equal((await t.services.informationAssets.get(iao, id)).name, 'Staff rota');
    assert.equal((await t.services.informationAssets.get(iao, id)).mayEdit, 'details');
    await assert.rejects(t.services.informationAssets.update(iao, id, input({ name: 'Staff rota', owner: 'bob@example.gov.uk' })), (error) => isAppError(error) && error.code === 'forbidden');
    await assert.rejects(t.services.informationAssets.update(iao, id, input({ name: 'Staff rota', unitId: ids.HR! })), (error) => isAppError(error) && error.code === 'forbidden');
    await assert.rejects(t.services.informationAssets.update(staff, id, input({ name: 'Mine now' })), (error) => isAppError(error) && error.code === 'forbidden');
    await assert.rejects(t.services.informationAssets.create(staff, input()), (error) => isAppError(error) && error.code === 'forbidden');
    assert.equal((await t.services.informationAssets.get(staff, id)).mayEdit, 'none');
  });

  test('the security team changes the IAO: the old appointment ends, the new one starts, one event; an unchanged save writes nothing', async () => {
    const id = await t.services.informationAssets.create(security, input({ name: 'Ledger' }));
    const before = await events('information-asset.changed');
    await t.services.informationAssets.update(security, id, input({ name: 'Ledger', owner: 'bob@example.gov.uk' }));
    assert.equal(await events('information-asset.changed'), before + 1);
    assert.equal((await t.services.informationAssets.get(security, id)).owner?.personId, ids.bob);
    await t.services.informationAssets.update(security, id, input({ name: 'Ledger', owner: 'bob@example.gov.uk' }));
    assert.equal(await events('information-asset.changed'), before + 1, 'saving without a change records nothing');
    // Bob now owns it and may edit its details; Ada no longer may.
    assert.equal((await t.services.informationAssets.get(staff, id)).mayEdit, 'details');
    assert.equal((await t.services.informationAssets.get(iao, id)).mayEdit, 'none');
  });

  test('the list filters, sorts and pages, with a total', async () => {
    await t.services.informationAssets.create(security, input({ name: 'Zebra register', unitId: ids.HR!, classificationTier: 'OFFICIAL', sensitive: false, handlingInstruction: null, descriptors: [], personalData: false }));
    const all = await t.services.informationAssets.list(staff, {}, 'name', 1, 2);
    assert.equal(all.pageSize, 2);
    assert.equal(all.pages, Math.ceil(all.total / 2));
    const names = (await t.services.informationAssets.list(staff, {}, 'name', 1, 100)).assets.map((a) => a.name.toLowerCase());
    assert.deepEqual(names, [...names].sort());
    const hr = await t.services.informationAssets.list(staff, { unitId: ids.HR! });
    assert.deepEqual(hr.assets.map((a) => a.name), ['Zebra register']);
    assert.equal((await t.services.informationAssets.list(staff, { search: 'zebra' })).total, 1);
    assert.equal((await t.services.informationAssets.list(staff, { sensitive: false })).total, 1);
    assert.ok((await t.services.informationAssets.list(staff, { personalData: true })).assets.every((a) => a.personalData));
    const owned = await t.services.informationAssets.list(staff, { ownerId: 'bob@example.gov.uk' });
    assert.deepEqual(owned.assets.map((a) => a.name), ['Ledger']);
    assert.equal((await t.services.informationAssets.list(staff, { unitId: 'not-a-unit' })).total, 0);
  });
});
