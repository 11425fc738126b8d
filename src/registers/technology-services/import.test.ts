import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { systemActor } from '../../access/actor.ts';
import { serviceFixture } from './test-fixtures.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'reference,name,purpose,unit,technology service owner,senior responsible officer,hosting,suppliers,criticality,information assets,standards';
const GOOD = ['SVC-1,Case system,Cases,OPS,ada@example.gov.uk,S2,public-cloud,"AWS, Acme",high,IA-1;IA-2,NETSTD', 'SVC-2,Payroll,,HR,S3,bob@example.gov.uk,saas,,critical,,'];

before(async () => {
  t = await createTestContext();
  await serviceFixture(t.database.db);
});
after(async () => t.close());

const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n') + '\r\n');
const run = (bytes: Uint8Array, dryRun = false) => t.services.technologyServices.imports.run(admin, { fileName: 'services.csv', bytes, dryRun });
const count = async () => (await t.database.db.selectFrom('technology_services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe(`technology services import (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports every bad row with line and column, and writes nothing', async () => {
    const report = await run(
      csv(...GOOD, 'SVC-3,Bad,,NOPE,nobody@example.gov.uk,gone@example.gov.uk,cloud,,high,IA-1;IA-404,', 'SVC-1,Again,,OPS,S1,S2,saas,,low,,UNKNOWN'),
      true,
    );
    const found = report.errors.map((e) => `${e.line}:${e.column}`).sort();
    assert.deepEqual(found, ['2:reference', '4:hosting', '4:unit', '5:reference', '5:standards']);
    assert.ok(report.errors.some((e) => e.line === 4 && e.column === 'unit' && /NOPE/.test(e.message)));
    assert.ok(report.errors.some((e) => e.line === 4 && e.column === 'hosting'));
    assert.ok(report.errors.some((e) => e.line === 2 && e.column === 'reference') && report.errors.some((e) => e.line === 5 && e.column === 'reference'));
    assert.ok(report.errors.some((e) => e.line === 5 && e.column === 'standards'));
    assert.equal(await count(), 0);
  });

  test('unknown people and assets are reported against their columns', async () => {
    const report = await run(csv('SVC-3,Bad,,OPS,nobody@example.gov.uk,gone@example.gov.uk,saas,,high,IA-1;IA-404,'), true);
    assert.deepEqual(report.errors.map((e) => [e.line, e.column]).sort(), [[2, 'information assets'], [2, 'senior responsible officer'], [2, 'technology service owner']]);
    assert.match(report.errors.find((e) => e.column === 'information assets')!.message, /IA-404/);
    assert.match(report.errors.find((e) => e.column === 'senior responsible officer')!.message, /has left/);
  });

  test('malformed files are refused and write nothing', async () => {
    const bad = [
      new TextEncoder().encode(`${HEADER}\r\nSVC-1,"unterminated,OPS\r\n`),
      new TextEncoder().encode('ref,title\r\nSVC-1,x\r\n'),
      new Uint8Array(),
      Uint8Array.from([...new TextEncoder().encode(`${HEADER}\r\nSVC-1,Caf`), 0xe9, ...new TextEncoder().encode(',,OPS,S1,S2,saas,,low,,\r\n')]),
    ];
    for (const bytes of bad) {
      const report = await run(bytes, false);
      assert.ok(report.errors.length > 0, 'expected errors');
      assert.ok(report.errors.every((e) => e.line >= 1));
    }
    assert.equal(await count(), 0);
  });

  test('a real run is all-or-nothing, then applies the whole file in one audit event, and again changes nothing', async () => {
    const rejected = await run(csv(...GOOD, 'SVC-9,Bad,,OPS,S1,S2,saas,,extreme,,'));
    assert.equal(rejected.errors.length, 1);
    assert.equal(await count(), 0);
    const first = await run(csv(...GOOD));
    assert.deepEqual(first, { errors: [], counts: { created: 2, updated: 0, unchanged: 0, left: 0 } });
    const svc = await t.services.technologyServices.findByReference(admin, 'SVC-1');
    assert.deepEqual([svc?.tso?.email, svc?.sro?.email, svc?.assets.map((a) => a.reference), svc?.standards.map((d) => d.reference), svc?.classification], ['ada@example.gov.uk', 'bob@example.gov.uk', ['IA-1', 'IA-2'], ['NETSTD'], 'OFFICIAL-SENSITIVE - FOR PUBLIC RELEASE - RECIPIENTS ONLY - PERSONAL DATA']);
    const events = await t.database.db.selectFrom('audit_events').select(['action', 'metadata']).where('action', '=', 'technology-services.imported').execute();
    assert.equal(events.length, 1);
    assert.deepEqual((await run(csv(...GOOD))).counts, { created: 0, updated: 0, unchanged: 2, left: 0 });
    const changed = await run(csv(GOOD[0]!.replace('ada@example.gov.uk', 'S3').replace('IA-1;IA-2', 'IA-4'), GOOD[1]!));
    assert.deepEqual(changed.counts, { created: 0, updated: 1, unchanged: 1, left: 0 });
    const after = await t.services.technologyServices.findByReference(admin, 'SVC-1');
    assert.deepEqual([after?.tso?.email, after?.classification], ['cy@example.gov.uk', 'SECRET - LEGAL']);
  });
});
