import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { systemActor } from '../../access/actor.ts';
import { supplierFixture } from './supplier-test-fixtures.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'reference,name,company number,contact name,contact email,unit,sro,senior business owner,assets,services';
const CONTRACTS_HEADER = 'reference,supplier,title,unit,starts on,ends on,value band';
const GOOD = ['SUP-0099,Acme Hosting,AB123456,Pat,pat@acme.example,OPS,S1,bob@example.gov.uk,IA-1;IA-2,SVC-LOW', ',Payroll Partners,,,,HR,cy@example.gov.uk,,,SVC-CRIT'];
const GOOD_NEW = [GOOD[0]!.replace('SUP-0099', ''), GOOD[1]!];

before(async () => {
  t = await createTestContext();
  await supplierFixture(t.database.db);
});
after(async () => t.close());

const file = (header: string, lines: readonly string[]) => new TextEncoder().encode([header, ...lines].join('\r\n') + '\r\n');
const run = (lines: readonly string[], dryRun = false) => t.services.suppliers.imports.run(admin, { fileName: 'suppliers.csv', bytes: file(HEADER, lines), dryRun });
const runContracts = (lines: readonly string[], dryRun = false) => t.services.suppliers.contractImports.run(admin, { fileName: 'contracts.csv', bytes: file(CONTRACTS_HEADER, lines), dryRun });
const count = async (table: 'suppliers' | 'supplier_contracts') => (await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const events = async (action: string) => (await t.database.db.selectFrom('audit_events').select('action').where('action', '=', action).execute()).length;

describe(`suppliers and contracts import (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports every bad row with its line and column, and writes nothing', async () => {
    const report = await run(
      [
        ...GOOD,
        ',,12,,not-an-email,NOPE,,,,',
        ',Bad People,,,,OPS,nobody@example.gov.uk,gone@example.gov.uk,IA-1;IA-404,SVC-404',
        ',Payroll Partners,,,,OPS,S1,,,',
      ],
      true,
    );
    assert.deepEqual(
      report.errors.map((e) => `${e.line}:${e.column}`).sort(),
      ['2:reference', '3:name', '4:company number', '4:contact email', '4:name', '4:sro', '4:unit', '5:assets', '5:senior business owner', '5:services', '5:sro', '6:name'].sort(),
    );
    assert.match(report.errors.find((e) => e.line === 2)!.message, /SUP-0099/);
    assert.match(report.errors.find((e) => e.line === 5 && e.column === 'senior business owner')!.message, /has left/);
    assert.match(report.errors.find((e) => e.line === 5 && e.column === 'assets')!.message, /IA-404/);
    assert.equal(await count('suppliers'), 0);
  });

  test('a real run is all or nothing; a good file applies in one audit event, and again changes nothing', async () => {
    const rejected = await run([...GOOD_NEW, ',Broken,,,,OPS,S1,,,SVC-404']);
    assert.deepEqual(rejected.errors.map((e) => [e.line, e.column]), [[4, 'services']]);
    assert.equal(await count('suppliers'), 0);
    assert.deepEqual(await run(GOOD_NEW), { errors: [], counts: { created: 2, updated: 0, unchanged: 0, left: 0 } });
    const acme = (await t.services.suppliers.findByName(admin, 'acme hosting'))!;
    assert.deepEqual([acme.companyNumber, acme.sro?.email, acme.sbo?.email, acme.assets.map((a) => a.reference), acme.services.map((s) => s.reference), acme.criticality, acme.classification], ['AB123456', 'ada@example.gov.uk', 'bob@example.gov.uk', ['IA-1', 'IA-2'], ['SVC-LOW'], 'high', 'OFFICIAL-SENSITIVE']);
    assert.equal(await events('suppliers.imported'), 1);
    assert.deepEqual((await run(GOOD_NEW)).counts, { created: 0, updated: 0, unchanged: 2, left: 0 });
    assert.equal(await events('suppliers.imported'), 1);
  });

  test('rows match on company number, else reference, else name; a change updates only what it names', async () => {
    const acme = (await t.services.suppliers.findByName(admin, 'Acme Hosting'))!;
    const payroll = (await t.services.suppliers.findByName(admin, 'Payroll Partners'))!;
    const renamed = await run([`,Acme Cloud,AB123456,Pat,pat@acme.example,OPS,S1,,IA-1,SVC-LOW`, `${payroll.reference},Payroll Partners,PP000001,,,HR,cy@example.gov.uk,,,SVC-CRIT`]);
    assert.deepEqual(renamed.counts, { created: 0, updated: 2, unchanged: 0, left: 0 });
    const after = await t.services.suppliers.get(admin, acme.id);
    assert.deepEqual([after.name, after.sbo, after.assets.map((a) => a.reference), after.classification], ['Acme Cloud', null, ['IA-1'], 'OFFICIAL']);
    assert.equal((await t.services.suppliers.get(admin, payroll.id)).companyNumber, 'PP000001');
    const byName = await t.services.suppliers.imports.run(admin, { fileName: 'names.csv', bytes: file('name,unit,sro', ['Acme Cloud,OPS,S1']), dryRun: false });
    assert.deepEqual(byName.counts, { created: 0, updated: 0, unchanged: 1, left: 0 });
    assert.deepEqual((await t.services.suppliers.get(admin, acme.id)).services.map((s) => s.reference), ['SVC-LOW'], 'a column the file leaves out leaves the supplier as it is');
    const clash = await run([`${payroll.reference},Payroll Partners,AB123456,,,HR,S3,,,`, ',Acme Cloud,ZZ999999,,,OPS,S1,,,']);
    assert.deepEqual(clash.errors.map((e) => [e.line, e.column]), [[2, 'reference'], [3, 'company number']]);
  });

  test('contracts import: bad rows reported, all or nothing, idempotent', async () => {
    const acme = (await t.services.suppliers.findByName(admin, 'Acme Cloud'))!;
    const bad = await runContracts(['CON-1,SUP-9999,Hosting,OPS,2026-01-01,,100k-1m', 'CON-2,PP000001,,NOPE,2026-02-30,2025-01-01,lots', 'CON-3,PP000001,Payroll,HR,2026-01-01,2025-01-01,under-10k', 'CON-4,AB123456,A,OPS,2026-01-01,,under-10k', 'con-4,AB123456,B,OPS,2026-01-01,,under-10k'], true);
    assert.deepEqual(bad.errors.map((e) => `${e.line}:${e.column}`), ['2:supplier', '3:title', '3:unit', '3:starts on', '3:value band', '4:ends on', '5:reference', '6:reference']);
    assert.equal(await count('supplier_contracts'), 0);
    const good = [`CON-1,${acme.reference},Hosting,OPS,2026-01-01,2028-12-31,1m-10m`, 'CON-2,pp000001,Payroll service,HR,2025-04-01,,100k-1m'];
    assert.deepEqual((await runContracts(good)).counts, { created: 2, updated: 0, unchanged: 0, left: 0 });
    assert.deepEqual((await runContracts(good)).counts, { created: 0, updated: 0, unchanged: 2, left: 0 });
    assert.deepEqual((await runContracts([good[0]!.replace('1m-10m', 'over-10m'), good[1]!])).counts, { created: 0, updated: 1, unchanged: 1, left: 0 });
    assert.equal(await events('supplier-contracts.imported'), 2);
  });

  test('each export imports back unchanged', async () => {
    const suppliers = await t.services.suppliers.exportCsv(admin);
    const report = await t.services.suppliers.imports.run(admin, { fileName: 'export.csv', bytes: new TextEncoder().encode(suppliers.csv), dryRun: false });
    assert.deepEqual(report, { errors: [], counts: { created: 0, updated: 0, unchanged: 2, left: 0 } });
    const contracts = await t.services.suppliers.exportContractsCsv(admin);
    assert.match(contracts.csv, /^reference,supplier,title,unit,starts on,ends on,value band\r\nCON-1,SUP-\d{4},Hosting,OPS,2026-01-01,2028-12-31,over-10m\r\n/);
    const again = await t.services.suppliers.contractImports.run(admin, { fileName: 'contracts.csv', bytes: new TextEncoder().encode(contracts.csv), dryRun: false });
    assert.deepEqual(again, { errors: [], counts: { created: 0, updated: 0, unchanged: 2, left: 0 } });
  });

  test('malformed files are refused and write nothing', async () => {
    const before = await count('suppliers');
    for (const bytes of [new TextEncoder().encode(`${HEADER}\r\n,"unterminated,OPS\r\n`), new TextEncoder().encode('colour,shape\r\nred,round\r\n'), new Uint8Array(), Uint8Array.from([...new TextEncoder().encode(`${HEADER}\r\n,Caf`), 0xe9, ...new TextEncoder().encode(',,,,OPS,S1,,,\r\n')])]) {
      const report = await t.services.suppliers.imports.run(admin, { fileName: 'bad.csv', bytes, dryRun: false });
      assert.ok(report.errors.length > 0 && report.errors.every((e) => e.line >= 1));
    }
    assert.equal(await count('suppliers'), before);
  });
});
