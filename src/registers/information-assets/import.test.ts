import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { custodian } from '../../../test/support/cli.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'reference,name,description,unit,information asset owner,classification,embargo ends on,confidentiality,integrity,availability,personal data,retention';

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const root = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  const ops = await db.insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'business_area', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('people').values({ email: 'ada@example.gov.uk', display_name: 'Ada', unit_id: ops.id, staff_number: 'S1' }).execute();
  await db.insertInto('people').values({ email: 'bob@example.gov.uk', display_name: 'Bob', unit_id: ops.id }).execute();
  await db.insertInto('people').values({ email: 'gone@example.gov.uk', display_name: 'Gone', unit_id: ops.id, status: 'left' }).execute();
});
after(async () => t.close());

const encode = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => encode([HEADER, ...lines].join('\r\n') + '\r\n');
const run = (bytes: Uint8Array, dryRun = false) => t.services.informationAssets.imports.run(admin, { fileName: 'assets.csv', bytes, dryRun });
const countAssets = async () => (await t.database.db.selectFrom('information_assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const countEvents = async () => (await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const where = (report: { errors: Array<{ line: number; column: string | null }> }) => report.errors.map((e) => [e.line, e.column]);

const GOOD = [
  'OPS-IA-0001,Case files,All case files,OPS,ada@example.gov.uk,OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA,,high,high,medium,yes,6 years',
  'OPS-IA-0002,Statistics,Quarterly statistics,OPS,S1,OFFICIAL - EMBARGOED,2027-01-31,low,high,low,no,',
  ',Intranet pages,,ops,bob@example.gov.uk,OFFICIAL,,,,,,',
];

describe(`information assets import (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports what would happen and writes nothing', async () => {
    const [assets, events] = [await countAssets(), await countEvents()];
    assert.deepEqual(await run(csv(...GOOD), true), { errors: [], counts: { created: 3, updated: 0, unchanged: 0, left: 0 } });
    assert.equal(await countAssets(), assets);
    assert.equal(await countEvents(), events);
  });

  test('a dry run reports every bad row with its line and column, and writes nothing', async () => {
    const report = await run(
      csv(
        'A-1,Good,,OPS,ada@example.gov.uk,OFFICIAL,,,,,,',
        'A-2,Bad label,,OPS,ada@example.gov.uk,OFFICIAL - RECIPIENTS ONLY,,,,,,',
        'A-3,Bad unit,,NOWHERE,ada@example.gov.uk,OFFICIAL,,,,,,',
        'A-4,Unknown person,,OPS,nobody@example.gov.uk,OFFICIAL,,,,,,',
        'A-5,Leaver,,OPS,gone@example.gov.uk,OFFICIAL,,,,,,',
        'A-6,No date,,OPS,ada@example.gov.uk,OFFICIAL - EMBARGOED,,,,,,',
        'A-7,Public sensitive,,OPS,ada@example.gov.uk,OFFICIAL-SENSITIVE - FOR PUBLIC RELEASE,,,,,,',
        'A-8,Not a tier,,OPS,ada@example.gov.uk,RESTRICTED,,,,,,',
        'A-1,Twice,,OPS,ada@example.gov.uk,OFFICIAL,,extreme,,,maybe,',
      ),
      true,
    );
    assert.deepEqual(where(report), [
      [3, 'classification'],
      [4, 'unit'],
      [5, 'information asset owner'],
      [6, 'information asset owner'],
      [7, 'embargo ends on'],
      [8, 'classification'],
      [9, 'classification'],
      [10, 'confidentiality'],
      [10, 'personal data'],
    ]);
    const byLine = new Map(report.errors.map((e) => [`${e.line}:${e.column}`, e.message]));
    assert.match(byLine.get('3:classification') ?? '', /RECIPIENTS ONLY goes only with OFFICIAL-SENSITIVE/);
    assert.match(byLine.get('4:unit') ?? '', /Unit code NOWHERE is not in the organisation/);
    assert.match(byLine.get('5:information asset owner') ?? '', /nobody@example.gov.uk/);
    assert.match(byLine.get('6:information asset owner') ?? '', /Gone has left/);
    assert.match(byLine.get('7:embargo ends on') ?? '', /date/);
    assert.match(byLine.get('9:classification') ?? '', /does not start with a classification/);
    assert.equal(await countAssets(), 0);
  });

  test('malformed files are refused with the line: unterminated quote, wrong header, empty file, not UTF-8', async () => {
    const unterminated = await run(encode(`${HEADER}\r\n"A-1,Broken,,OPS,ada@example.gov.uk,OFFICIAL,,,,,,\r\n`), true);
    assert.ok(unterminated.errors.length > 0 && unterminated.errors.every((e) => e.line >= 2), JSON.stringify(unterminated.errors));
    const header = await run(encode('ref,title\r\nA-1,Thing\r\n'), true);
    assert.ok(header.errors.some((e) => e.line === 1), JSON.stringify(header.errors));
    const empty = await run(encode(''), true);
    assert.ok(empty.errors.length > 0, 'an empty file is an error');
    const latin1 = await run(Uint8Array.from([...encode(`${HEADER}\r\nA-1,Caf`), 0xe9, ...encode(',,OPS,ada@example.gov.uk,OFFICIAL,,,,,,\r\n')]), true);
    assert.ok(latin1.errors.some((e) => e.line === 2 && /UTF-8/.test(e.message)), JSON.stringify(latin1.errors));
    assert.equal(await countAssets(), 0);
  });

  test('a real run is all or nothing', async () => {
    const report = await run(csv(...GOOD, 'OPS-IA-0009,Bad,,OPS,nobody@example.gov.uk,OFFICIAL,,,,,,'));
    assert.deepEqual(where(report), [[5, 'information asset owner']]);
    assert.equal(await countAssets(), 0);
  });

  test('a real run creates assets with their IAOs and one audit event; the same file again changes nothing and records nothing', async () => {
    const events = await countEvents();
    assert.deepEqual((await run(csv(...GOOD))).counts, { created: 3, updated: 0, unchanged: 0, left: 0 });
    assert.equal(await countEvents(), events + 1);
    const event = await t.database.db.selectFrom('audit_events').select(['action', 'metadata']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(event.action, 'information-assets.imported');
    assert.equal((event.metadata as { fileName: string }).fileName, 'assets.csv');
    const list = await t.services.informationAssets.list(admin, {}, 'reference');
    const stats = list.assets.find((a) => a.reference === 'OPS-IA-0002')!;
    assert.equal(stats.label, 'OFFICIAL - EMBARGOED');
    assert.equal(stats.embargoEndsOn, '2027-01-31');
    assert.equal(stats.owner?.name, 'Ada');
    const intranet = list.assets.find((a) => a.name === 'Intranet pages')!;
    assert.match(intranet.reference, /^IA-\d{6}$/);
    assert.equal(intranet.owner?.name, 'Bob');

    assert.deepEqual((await run(csv(...GOOD))).counts, { created: 0, updated: 0, unchanged: 3, left: 0 });
    assert.equal(await countEvents(), events + 1, 'no event when nothing changed');
  });

  test('a changed row updates the asset and moves its IAO appointment', async () => {
    const changed = [GOOD[0]!.replace('ada@example.gov.uk', 'bob@example.gov.uk'), GOOD[1]!.replace('Statistics', 'Statistics (quarterly)'), GOOD[2]!];
    assert.deepEqual((await run(csv(...changed))).counts, { created: 0, updated: 2, unchanged: 1, left: 0 });
    const asset = (await t.services.informationAssets.list(admin, { search: 'OPS-IA-0001' })).assets[0]!;
    assert.equal(asset.owner?.name, 'Bob');
  });

  test('the export is a file the import reads back unchanged', async () => {
    const exported = await t.services.informationAssets.exportCsv(admin, {});
    assert.match(exported, /^protective marking,reference,name/);
    assert.deepEqual((await run(encode(exported))).counts, { created: 0, updated: 0, unchanged: 3, left: 0 });
  });

  test('only someone managing assets may import', async () => {
    const units = (await t.database.db.selectFrom('organisation_units').select('id').execute()).map((u) => u.id);
    const staff = personActor((await t.database.db.selectFrom('people').select('id').where('email', '=', 'bob@example.gov.uk').executeTakeFirstOrThrow()).id, [], units[0]!, units);
    await assert.rejects(t.services.informationAssets.imports.run(staff, { fileName: 'a.csv', bytes: csv(...GOOD), dryRun: true }), (error) => isAppError(error) && error.code === 'forbidden');
  });
});

describe('custodian assets import', () => {
  test('--dry-run --json prints the errors by line and column with exit status 1; a good file imports, then changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-assets-'));
    const env = { CUSTODIAN_DATA_DIR: join(dir, 'data'), CUSTODIAN_EXAMPLE: 'moj', CUSTODIAN_ADMIN_PASSWORD: 'a long operator password', LOG_LEVEL: 'silent' };
    try {
      assert.equal((await custodian(['seed'], env)).code, 0);
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, `${HEADER}\nX-1,Thing,,NOWHERE,ellen.wing@example.justice.gov.uk,OFFICIAL,,,,,,\n`);
      const dry = await custodian(['assets', 'import', bad, '--dry-run', '--json'], env);
      assert.equal(dry.code, 1);
      assert.deepEqual(JSON.parse(dry.stdout).errors.map((e: { line: number; column: string }) => [e.line, e.column]), [[2, 'unit']]);
      const good = join(dir, 'good.csv');
      writeFileSync(good, `${HEADER}\nX-1,Thing,,HMPPS,ellen.wing@example.justice.gov.uk,OFFICIAL - HMG USE ONLY,,,,,no,\n`);
      const first = await custodian(['assets', 'import', good, '--json'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(JSON.parse(first.stdout).counts.created, 1);
      const again = await custodian(['assets', 'import', good, '--json'], env);
      assert.deepEqual(JSON.parse(again.stdout).counts, { created: 0, updated: 0, unchanged: 1, left: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
