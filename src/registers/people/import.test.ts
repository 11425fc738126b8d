import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { createAccount } from '../../../test/support/identity.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'staff_number,email,name,unit_code,type,line_manager,job_title,start_date';

before(async () => {
  t = await createTestContext();
  const root = await t.database.db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  for (const code of ['OPS', 'HR']) await t.database.db.insertInto('organisation_units').values({ code, name: code, unit_type: 'business_area', parent_id: root.id }).execute();
});
after(async () => {
  await t.close();
});

const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n') + '\r\n');
const run = (bytes: Uint8Array, dryRun = false) => t.services.peopleImport.run(admin, { fileName: 'hr.csv', bytes, dryRun });
const countPeople = async () => (await t.database.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

const BASE = [
  'S1,ada@example.gov.uk,Ada Lovelace,OPS,staff,,Head of Operations,2024-01-02',
  'S2,bob@example.gov.uk,Bob Byte,OPS,contractor,S1,Engineer,',
  'S3,cy@example.gov.uk,Cy Cipher,OPS,third-party,ada@example.gov.uk,Analyst,',
  ',dee@example.gov.uk,Dee Data,HR,staff,S1,,',
];

describe(`people import (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports what would happen and writes nothing', async () => {
    const before = await countPeople();
    const report = await run(csv(...BASE), true);
    assert.deepEqual(report, { errors: [], counts: { created: 4, updated: 0, unchanged: 0, left: 0 } });
    assert.equal(await countPeople(), before);
    const batches = await t.database.db.selectFrom('import_batches').select('status').execute();
    assert.ok(batches.every((b) => b.status === 'discarded'));
    assert.equal((await t.database.db.selectFrom('import_rows').select('line').execute()).length, 0);
  });

  test('a real run creates people with managers; the same file again changes nothing', async () => {
    assert.deepEqual((await run(csv(...BASE))).counts, { created: 4, updated: 0, unchanged: 0, left: 0 });
    const bob = await t.database.db.selectFrom('people as p').innerJoin('people as m', 'm.id', 'p.line_manager_id').select(['m.email', 'p.person_type']).where('p.email', '=', 'bob@example.gov.uk').executeTakeFirstOrThrow();
    assert.deepEqual(bob, { email: 'ada@example.gov.uk', person_type: 'contractor' });
    const events = await t.database.db.selectFrom('audit_events').select(['action', 'metadata']).where('action', '=', 'people.imported').execute();
    assert.equal(events.length, 1, 'one audit event for the whole import');
    assert.equal((events[0]!.metadata as { fileName: string }).fileName, 'hr.csv');

    const auditCount = (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;
    assert.deepEqual((await run(csv(...BASE))).counts, { created: 0, updated: 0, unchanged: 4, left: 0 });
    const changedPeople = await t.database.db.selectFrom('people').select('updated_at').where('email', 'like', '%@example.gov.uk').execute();
    assert.equal(new Set(changedPeople.map((p) => p.updated_at.getTime())).size >= 1, true);
    assert.equal((await t.database.db.selectFrom('audit_events').select('seq').execute()).length, auditCount, 'nothing changed, so nothing is recorded');
  });

  test('changed people are updated, matched on staff number; people missing from their unit’s file have left, and their accounts stop', async () => {
    await createAccount(t, 'cy@example.gov.uk');
    const token = await t.services.accounts.createTokenForEmail('cy@example.gov.uk', { name: 'x' });
    const report = await run(csv(BASE[0]!, 'S2,robert@example.gov.uk,Robert Byte,OPS,contractor,S1,Engineer,', BASE[3]!));
    assert.deepEqual(report.counts, { created: 0, updated: 1, unchanged: 2, left: 1 });
    const cy = await t.database.db.selectFrom('people').select(['status', 'left_on']).where('email', '=', 'cy@example.gov.uk').executeTakeFirstOrThrow();
    assert.deepEqual(cy, { status: 'left', left_on: '2026-11-28' });
    const account = await t.database.db.selectFrom('accounts').innerJoin('people', 'people.id', 'accounts.person_id').select('accounts.is_enabled').where('people.email', '=', 'cy@example.gov.uk').executeTakeFirstOrThrow();
    assert.equal(account.is_enabled, false);
    assert.equal(await t.services.accounts.resolveToken(token), undefined);
    assert.equal((await t.database.db.selectFrom('people').select('email').where('staff_number', '=', 'S2').executeTakeFirstOrThrow()).email, 'robert@example.gov.uk');
  });

  test('a file for one unit leaves the people of other units alone', async () => {
    const report = await run(csv(BASE[3]!));
    assert.equal(report.counts.left, 0, 'HR’s only person is in the file; OPS is not in it');
  });
});

describe('malformed files are refused whole, with every bad row reported', () => {
  const errorsOf = async (bytes: Uint8Array) => {
    const before = await countPeople();
    const report = await run(bytes, true);
    assert.equal(await countPeople(), before);
    const real = await run(bytes, false);
    assert.deepEqual(real.counts, { created: 0, updated: 0, unchanged: 0, left: 0 }, 'a real run applies nothing either');
    assert.equal(await countPeople(), before);
    return report.errors.map((e) => `${e.line}:${e.column ?? '-'}:${e.message}`);
  };

  test('not UTF-8', async () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode(`${HEADER}\nS9,zoe@example.gov.uk,Zo`), 0xeb, ...new TextEncoder().encode(',OPS,staff,,,\n')]);
    const errors = await errorsOf(latin1);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^2:-:.*not UTF-8/);
  });

  test('missing columns', async () => {
    const errors = await errorsOf(new TextEncoder().encode('email,name\nzoe@example.gov.uk,Zoe\n'));
    assert.ok(errors.some((e) => /^1:unit_code:/.test(e)), errors.join('\n'));
  });

  test('duplicate emails and staff numbers, unknown units, unknown managers, bad values: all at once, each on its line', async () => {
    const errors = await errorsOf(
      csv(
        'S10,x@example.gov.uk,X One,OPS,staff,,,',
        'S11,x@example.gov.uk,X Two,OPS,staff,,,',
        'S10,y@example.gov.uk,Y,OPS,staff,,,',
        'S12,z@example.gov.uk,Z,NOWHERE,staff,,,',
        'S13,w@example.gov.uk,W,OPS,staff,nobody@example.gov.uk,,',
        'S14,not-an-email,V,OPS,volunteer,,,31/12/2024',
      ),
    );
    const has = (re: RegExp) => assert.ok(errors.some((e) => re.test(e)), `${re} in\n${errors.join('\n')}`);
    has(/^2:email:The email x@example.gov.uk is also on line 3/);
    has(/^3:email:The email x@example.gov.uk is also on line 2/);
    has(/^2:staff_number:Staff number S10 is also on line 4/);
    has(/^5:unit_code:Unit code NOWHERE is not in the organisation/);
    has(/^6:line_manager:No one in the file or the people register has the email or staff number nobody@example.gov.uk/);
    has(/^7:email:"not-an-email" is not an email address/);
    has(/^7:type:"volunteer" is not a person type/);
    has(/^7:start_date:"31\/12\/2024" is not a date/);
  });

  test('a line-management loop, within the file or through someone already known', async () => {
    const errors = await errorsOf(csv('S20,p@example.gov.uk,P,OPS,staff,S21,,', 'S21,q@example.gov.uk,Q,OPS,staff,S20,,'));
    assert.ok(errors.some((e) => /^2:line_manager:This makes a line-management loop: P → Q → P/.test(e)), errors.join('\n'));
    const through = await errorsOf(csv('S1,ada@example.gov.uk,Ada Lovelace,OPS,staff,robert@example.gov.uk,Head of Operations,2024-01-02'));
    assert.ok(through.some((e) => /loop: Ada Lovelace → Robert Byte → Ada Lovelace/.test(e)), through.join('\n'));
  });

  test('an email that belongs to someone else', async () => {
    const errors = await errorsOf(csv('S99,ada@example.gov.uk,Impostor,OPS,staff,,,'));
    assert.ok(errors.some((e) => /^2:email:The email ada@example.gov.uk belongs to Ada Lovelace \(staff number S1\)/.test(e)), errors.join('\n'));
  });
});
