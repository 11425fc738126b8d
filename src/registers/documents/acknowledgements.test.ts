import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type PersonActor } from '../../access/actor.ts';
import type { AccessRole } from '../../access/catalogue.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';

const system = systemActor('test');
let t: TestContext;
const unit: Record<string, string> = {};

before(async () => {
  t = await createTestContext();
  const add = async (code: string, name: string, parent?: string) => {
    unit[code] = (await t.database.db.insertInto('organisation_units').values({ code, name, unit_type: 'department', parent_id: parent ? unit[parent]! : null }).returning('id').executeTakeFirstOrThrow()).id;
  };
  await add('MOJ', 'Ministry of Justice');
  await add('HMPPS', 'HM Prison and Probation Service', 'MOJ');
  await add('PRISONS', 'Prisons', 'HMPPS');
  await add('LAA', 'Legal Aid Agency', 'MOJ');
});
after(async () => {
  await t.close();
});

let people = 0;
async function person(name: string, unitCode: string, status: 'active' | 'left' = 'active'): Promise<string> {
  const email = `person${++people}@example.gov.uk`;
  return (await t.database.db.insertInto('people').values({ display_name: name, email, unit_id: unit[unitCode]!, status }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A signed-in person holding a role everywhere, as a session would load them. */
function actorFor(personId: string, role: AccessRole = 'staff'): PersonActor {
  return personActor(personId, [role], unit.MOJ!, Object.values(unit));
}

let documents = 0;
async function publishedDocument(unitCode: string, text = 'Staff must lock their screens.'): Promise<{ id: string; sourceName: string }> {
  const sourceName = `policy-${++documents}.md`;
  const { documentId } = await t.services.documents.importDocument(system, { sourceName, markdown: `# Policy ${documents}\n\n${text}\n`, unitId: unit[unitCode]! });
  return { id: documentId, sourceName };
}

const events = async (action: string) => (await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', action).execute()).length;
const names = async (documentId: string) => (await t.services.acknowledgements.coverage(system, documentId)).people.map((p) => p.name).sort();
const rejectsWith = (code: string, pattern: RegExp) => (error: unknown) => isAppError(error) && error.code === code && pattern.test(error.message);

describe(`acknowledgement of documents (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('everyone: the active people of the document’s unit and the units below it', async () => {
    await person('Ada in HMPPS', 'HMPPS');
    await person('Ben in Prisons', 'PRISONS');
    await person('Cy in the LAA', 'LAA');
    await person('Dee who left', 'HMPPS', 'left');
    const document = await publishedDocument('HMPPS');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    assert.deepEqual(await names(document.id), ['Ada in HMPPS', 'Ben in Prisons']);
  });

  test('a unit: its active people and those below it, wherever the document sits', async () => {
    const document = await publishedDocument('MOJ');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'unit', unitId: unit.PRISONS! });
    assert.deepEqual(await names(document.id), ['Ben in Prisons']);
  });

  test('a role: people holding an appointment in force, in any unit; an ended appointment does not count', async () => {
    const current = await person('Siro now', 'LAA');
    const former = await person('Siro before', 'HMPPS');
    await t.database.db
      .insertInto('appointments')
      .values([
        { role_code: 'siro', person_id: current, unit_id: unit.LAA!, starts_on: '2026-01-01' },
        { role_code: 'siro', person_id: former, unit_id: unit.HMPPS!, starts_on: '2025-01-01', ends_on: '2026-06-30' },
      ])
      .execute();
    const document = await publishedDocument('PRISONS');
    const set = await t.services.acknowledgements.setAudience(system, document.id, { audience: 'role', roleCode: 'siro' });
    assert.deepEqual(set, { audience: 'role', unitId: null, roleCode: 'siro' });
    assert.deepEqual(await names(document.id), ['Siro now']);
    assert.deepEqual((await t.services.acknowledgements.toAcknowledge(actorFor(former))).map((d) => d.id).includes(document.id), false);
  });

  test('a person sees what to acknowledge, acknowledges it once, and it is gone; saying so twice records one event', async () => {
    const reader = actorFor(await person('Eve the reader', 'PRISONS'));
    const document = await publishedDocument('MOJ');
    assert.equal((await t.services.acknowledgements.toAcknowledge(reader)).some((d) => d.id === document.id), false, 'no audience, nothing asked');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    const listed = (await t.services.acknowledgements.toAcknowledge(reader)).find((d) => d.id === document.id);
    assert.equal(listed?.version, 1);
    assert.equal((await t.services.acknowledgements.statusFor(reader, document.id)).required, true);

    const before = await events('document.acknowledged');
    const first = await t.services.acknowledgements.acknowledge(reader, document.id, 'req-1');
    const second = await t.services.acknowledgements.acknowledge(reader, document.id);
    assert.deepEqual([first.created, first.version, second.created, second.version], [true, 1, false, 1]);
    assert.equal(await events('document.acknowledged'), before + 1);
    assert.equal((await t.services.acknowledgements.toAcknowledge(reader)).some((d) => d.id === document.id), false);
    const status = await t.services.acknowledgements.statusFor(reader, document.id);
    assert.deepEqual([status.required, status.acknowledgedVersion, status.versionToAcknowledge, status.canSeeCoverage, status.canSetAudience], [false, 1, 1, false, false]);
    assert.equal(status.acknowledgedAt?.toISOString(), t.clock.now().toISOString());
  });

  test('a material new version asks again; a non-material one does not', async () => {
    const reader = actorFor(await person('Finn the reader', 'HMPPS'));
    const document = await publishedDocument('HMPPS', 'Staff must wear their pass.');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    await t.services.acknowledgements.acknowledge(reader, document.id);

    await t.services.documents.importDocument(system, { sourceName: document.sourceName, markdown: `# Policy\n\nStaff must wear their pass at all times.\n`, unitId: unit.HMPPS! });
    assert.equal((await t.services.acknowledgements.toAcknowledge(reader)).find((d) => d.id === document.id)?.version, 2, 'version 2 is material');
    assert.equal((await t.services.acknowledgements.acknowledge(reader, document.id)).version, 2);

    const { version } = await t.services.documents.importDocument(system, { sourceName: document.sourceName, markdown: `# Policy\n\nStaff must wear their security pass at all times.\n`, unitId: unit.HMPPS! });
    await t.database.db.updateTable('document_versions').set({ material: false }).where('document_id', '=', document.id).where('number', '=', version).execute();
    assert.equal((await t.services.acknowledgements.toAcknowledge(reader)).some((d) => d.id === document.id), false, 'a correction asks no one again');
    const status = await t.services.acknowledgements.statusFor(reader, document.id);
    assert.deepEqual([status.required, status.versionToAcknowledge, status.acknowledgedVersion], [false, 2, 2]);
    // Someone who never read it acknowledges the text as it now stands.
    const newcomer = actorFor(await person('Gus the newcomer', 'HMPPS'));
    assert.equal((await t.services.acknowledgements.acknowledge(newcomer, document.id)).version, 3);
  });

  test('coverage counts the audience by unit and by person', async () => {
    const document = await publishedDocument('HMPPS');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    const everyone = await t.services.acknowledgements.coverage(system, document.id);
    const reader = everyone.people.find((p) => p.unitCode === 'PRISONS')!;
    await t.services.acknowledgements.acknowledge(actorFor(reader.personId), document.id);

    const coverage = await t.services.acknowledgements.coverage(system, document.id);
    const prisons = coverage.units.find((u) => u.unitCode === 'PRISONS')!;
    const hmpps = coverage.units.find((u) => u.unitCode === 'HMPPS')!;
    const count = (code: string) => coverage.people.filter((p) => p.unitCode === code).length;
    assert.deepEqual([prisons.people, prisons.acknowledged, prisons.outstanding], [count('PRISONS'), 1, count('PRISONS') - 1]);
    assert.equal(prisons.percentage, Math.floor(100 / count('PRISONS')));
    assert.deepEqual([hmpps.acknowledged, hmpps.outstanding, hmpps.percentage], [0, count('HMPPS'), 0]);
    assert.deepEqual(coverage.totals, { people: coverage.people.length, acknowledged: 1, outstanding: coverage.people.length - 1, percentage: Math.floor(100 / coverage.people.length) });
    const row = coverage.people.find((p) => p.personId === reader.personId)!;
    assert.deepEqual([row.acknowledged, row.acknowledgedVersion], [true, 1]);
    assert.ok(coverage.people.filter((p) => p.personId !== reader.personId).every((p) => !p.acknowledged && p.acknowledgedAt === null));
  });

  test('the export is CSV by person, escapes a formula-looking name and records one audit event', async () => {
    await person('=cmd()', 'LAA');
    const document = await publishedDocument('LAA');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    const before = await events('document-acknowledgements.exported');
    const csv = await t.services.acknowledgements.exportCoverage(system, document.id, 'req-export');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'Name,Email,Unit code,Unit,Status,Version acknowledged,Acknowledged at');
    assert.ok(lines.some((l) => l.startsWith(`'=cmd(),`) && l.includes(',LAA,Legal Aid Agency,Outstanding,')), lines.join('\n'));
    assert.equal(lines.length, (await names(document.id)).length + 1);
    assert.equal(await events('document-acknowledgements.exported'), before + 1);
    const event = await t.database.db.selectFrom('audit_events').select(['metadata', 'record_id']).where('action', '=', 'document-acknowledgements.exported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(event.record_id, document.id);
    assert.equal((event.metadata as { rows: number }).rows, lines.length - 1);
  });

  test('someone outside the audience cannot acknowledge, and staff cannot see or export coverage', async () => {
    const outsider = actorFor(await person('Hal outside', 'LAA'));
    const document = await publishedDocument('PRISONS');
    await assert.rejects(t.services.acknowledgements.acknowledge(outsider, document.id), rejectsWith('invalid_state', /does not ask anyone/));
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    await assert.rejects(t.services.acknowledgements.acknowledge(outsider, document.id), rejectsWith('invalid_state', /not in the audience/));
    await assert.rejects(t.services.acknowledgements.coverage(outsider, document.id), rejectsWith('forbidden', /permission/));
    await assert.rejects(t.services.acknowledgements.exportCoverage(outsider, document.id), rejectsWith('forbidden', /permission/));
    await assert.rejects(t.services.acknowledgements.setAudience(outsider, document.id, { audience: '' }), rejectsWith('forbidden', /permission/));
    const team = await t.services.acknowledgements.statusFor(actorFor(await person('Ivy of the security team', 'MOJ'), 'security_team'), document.id);
    assert.deepEqual([team.canSeeCoverage, team.canSetAudience, team.required], [true, true, false]);
  });

  test('the audience must name a unit or role that exists; a change is audited with before and after', async () => {
    const document = await publishedDocument('MOJ');
    const problems = async (input: { audience: string; unitId?: string; roleCode?: string }) => {
      try {
        await t.services.acknowledgements.setAudience(system, document.id, input);
        return [];
      } catch (error) {
        if (!isAppError(error)) throw error;
        return error.problems.map((p) => p.field);
      }
    };
    assert.deepEqual(await problems({ audience: 'unit' }), ['unitId']);
    assert.deepEqual(await problems({ audience: 'unit', unitId: '00000000-0000-4000-8000-000000000000' }), ['unitId']);
    assert.deepEqual(await problems({ audience: 'role', roleCode: 'no-such-role' }), ['roleCode']);
    assert.deepEqual(await problems({ audience: 'somebody' }), ['audience']);

    const before = await events('document.audience-set');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'unit', unitId: unit.LAA! }, 'req-audience');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'unit', unitId: unit.LAA! });
    assert.equal(await events('document.audience-set'), before + 1, 'the same audience again is no change');
    const event = await t.database.db.selectFrom('audit_events').select(['changes']).where('action', '=', 'document.audience-set').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(event.changes, { before: { audience: null, unitId: null, roleCode: null }, after: { audience: 'unit', unitId: unit.LAA!, roleCode: null } });
    const form = await t.services.acknowledgements.audienceOf(system, document.id);
    assert.deepEqual([form.audience, form.unitId, form.audienceLabel], ['unit', unit.LAA!, 'Everyone in Legal Aid Agency and the units below it']);
    assert.ok(form.roles.some((r) => r.code === 'siro') && !form.roles.some((r) => r.code === 'prime-minister'));
  });

  test('a retired document asks no one', async () => {
    const reader = actorFor(await person('Jo the reader', 'MOJ'));
    const document = await publishedDocument('MOJ');
    await t.services.acknowledgements.setAudience(system, document.id, { audience: 'everyone' });
    assert.ok((await t.services.acknowledgements.toAcknowledge(reader)).some((d) => d.id === document.id));
    await t.database.db.updateTable('documents').set({ status: 'retired' }).where('id', '=', document.id).execute();
    assert.equal((await t.services.acknowledgements.toAcknowledge(reader)).some((d) => d.id === document.id), false);
    assert.equal((await t.services.acknowledgements.coverage(system, document.id)).totals.people, 0);
  });
});
