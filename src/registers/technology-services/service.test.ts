import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { systemActor } from '../../access/actor.ts';
import { serviceProfiles } from './classification.repository.ts';
import { serviceFixture, type ServiceFixture } from './test-fixtures.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
let f: ServiceFixture;
const admin = systemActor('test');

before(async () => {
  t = await createTestContext();
  f = await serviceFixture(t.database.db);
});
after(async () => t.close());

const base = (reference: string) => ({ reference, name: `Service ${reference}`, purpose: 'Runs things', unitId: f.opsId, hosting: 'public-cloud', suppliers: 'AWS, Acme ', criticality: 'high', technologyServiceOwner: 'ada@example.gov.uk', seniorResponsibleOfficer: 'S2' });
const events = async (action: string) => (await t.database.db.selectFrom('audit_events').select('action').where('action', '=', action).execute()).length;

describe(`technology services (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('creates a service with its TSO and SRO appointed on the record, in one audit event', async () => {
    const before = await events('technology-service.created');
    const id = await t.services.technologyServices.create(admin, { ...base('SVC-1'), assets: ['IA-1'], standards: ['netstd'] });
    const s = await t.services.technologyServices.get(admin, id);
    assert.equal(s.tso?.personId, f.people.ada);
    assert.equal(s.sro?.personId, f.people.bob);
    assert.deepEqual(s.suppliers, ['AWS', 'Acme']);
    assert.deepEqual(s.standards.map((d) => d.reference), ['NETSTD']);
    assert.equal(s.classification, 'OFFICIAL - FOR PUBLIC RELEASE');
    assert.equal(await events('technology-service.created'), before + 1);
    const appointments = await t.database.db.selectFrom('appointments').select(['role_code', 'person_id']).where('record_id', '=', id).where('record_type', '=', 'technology-service').orderBy('role_code').execute();
    assert.deepEqual(appointments, [{ role_code: 'senior-responsible-officer', person_id: f.people.bob }, { role_code: 'technology-service-owner', person_id: f.people.ada }]);
  });

  test('derives the classification: highest tier, SENSITIVE only from that tier, union of instructions and descriptors', async () => {
    const sensitive = await t.services.technologyServices.create(admin, { ...base('SVC-2'), assets: ['IA-1', 'IA-2', 'IA-3'] });
    assert.equal((await t.services.technologyServices.get(admin, sensitive)).classification, 'OFFICIAL-SENSITIVE - FOR PUBLIC RELEASE - MOJ USE ONLY - RECIPIENTS ONLY - PERSONAL DATA - COMMERCIAL');
    const secret = await t.services.technologyServices.create(admin, { ...base('SVC-3'), assets: ['IA-2', 'IA-4'] });
    const none = await t.services.technologyServices.create(admin, base('SVC-4'));
    const profiles = await serviceProfiles(t.database.db, [sensitive, secret, none]);
    assert.deepEqual(profiles.get(secret)?.derived, { tier: 'SECRET', sensitive: false, handlingInstructions: ['RECIPIENTS ONLY'], descriptors: ['PERSONAL DATA', 'LEGAL'] });
    assert.equal(profiles.get(secret)?.personalData, true);
    assert.equal(profiles.get(none)?.derived.tier, null);
    assert.equal(profiles.get(none)?.personalData, false);
    assert.equal(profiles.get(sensitive)?.criticality, 'high');
    const list = await t.services.technologyServices.list(admin, { tier: 'SECRET' }, 1);
    assert.deepEqual(list.services.map((s) => s.reference), ['SVC-3']);
    assert.equal((await t.services.technologyServices.list(admin, { tier: 'none' }, 1)).services.some((s) => s.reference === 'SVC-4'), true);
  });

  test('refuses a bad service with every problem at once, each naming its field', async () => {
    const refused = await refusal(
      t.services.technologyServices.create(admin, { reference: 'SVC-1', name: '', unitId: 'nope', hosting: 'cloud', criticality: 'huge', technologyServiceOwner: 'nobody@example.gov.uk', seniorResponsibleOfficer: 'gone@example.gov.uk', assets: ['IA-1', 'IA-404'], standards: ['NOPE'] }),
    );
    assert.equal(refused.code, 'validation_failed');
    assert.deepEqual(refused.fields, ['assets', 'criticality', 'hosting', 'name', 'reference', 'seniorResponsibleOfficer', 'standards', 'technologyServiceOwner', 'unitId']);
    const missingOwners = await refusal(t.services.technologyServices.create(admin, { ...base('SVC-X'), technologyServiceOwner: '', seniorResponsibleOfficer: ' ' }));
    assert.deepEqual(missingOwners.fields, ['seniorResponsibleOfficer', 'technologyServiceOwner']);
  });

  test('the TSO edits their own service’s details, assets and standards, but not its unit or owners', async () => {
    const id = await t.services.technologyServices.create(admin, base('SVC-5'));
    const tso = personActor(f.people.ada, [], f.rootId, [f.rootId, f.opsId, f.hrId]);
    const before = await events('technology-service.changed');
    await t.services.technologyServices.update(tso, id, { ...base('SVC-5'), name: 'Renamed', assets: ['IA-4'], standards: ['CLOUDSTD'] });
    const s = await t.services.technologyServices.get(tso, id);
    assert.deepEqual([s.name, s.classification, s.standards.map((d) => d.reference)], ['Renamed', 'SECRET - LEGAL', ['CLOUDSTD']]);
    assert.equal(await events('technology-service.changed'), before + 1);
    assert.equal((await refusal(t.services.technologyServices.update(tso, id, { ...base('SVC-5'), technologyServiceOwner: 'cy@example.gov.uk' }))).code, 'forbidden');
    assert.equal((await refusal(t.services.technologyServices.update(tso, id, { ...base('SVC-5'), unitId: f.hrId }))).code, 'forbidden');
    const stranger = personActor(f.people.cy, [], f.rootId, [f.rootId, f.opsId, f.hrId]);
    assert.equal((await refusal(t.services.technologyServices.update(stranger, id, base('SVC-5')))).code, 'forbidden');
    assert.equal(await events('technology-service.changed'), before + 1);
  });

  test('the security team changes the owners: the old TSO’s appointment ends, the new one starts', async () => {
    const id = await t.services.technologyServices.create(admin, base('SVC-6'));
    t.clock.advance(2 * 86_400_000);
    const team = personActor(f.people.bob, ['security_team'], f.rootId, [f.rootId, f.opsId, f.hrId]);
    await t.services.technologyServices.update(team, id, { ...base('SVC-6'), technologyServiceOwner: 'S3' });
    assert.equal((await t.services.technologyServices.get(team, id)).tso?.personId, f.people.cy);
    const ended = await t.database.db.selectFrom('appointments').select('ends_on').where('record_id', '=', id).where('person_id', '=', f.people.ada).executeTakeFirstOrThrow();
    assert.notEqual(ended.ends_on, null);
    const exported = await t.services.technologyServices.exportCsv(team);
    assert.match(exported.csv, /^reference,name,purpose,unit,technology service owner/);
    assert.match(exported.csv, /SVC-6,Service SVC-6,Runs things,OPS,S3,S2,public-cloud,"AWS, Acme",high,,\r\n/);
  });
});
