import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';

let t: TestContext;
const admin = systemActor('test');
const HEADER = 'control,service,unit,status,not applicable reason,owner,status on,evidence link,evidence note,evidence review by';
const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n') + '\r\n');
const run = (bytes: Uint8Array, dryRun = false) => t.services.controls.implementationImport.run(admin, { fileName: 'controls.csv', bytes, dryRun });
const count = async (table: 'control_implementations' | 'control_evidence') => (await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const ops = await db.insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('people').values({ email: 'owner@example.gov.uk', display_name: 'Owner', unit_id: ops.id, staff_number: 'S1' }).execute();
  await db.insertInto('technology_services').values({ reference: 'SVC-1', name: 'Case system', unit_id: ops.id, hosting: 'saas', criticality: 'high' }).execute();
  await db.insertInto('controls').values([{ code: 'CTL-MFA', title: 'MFA', kind: 'technology' }, { code: 'CTL-TRN', title: 'Training', kind: 'people' }]).execute();
});
after(async () => t.close());

const GOOD = [
  'CTL-MFA,SVC-1,,implemented,,owner@example.gov.uk,2026-10-01,https://wiki.example/mfa,IdP settings,2027-10-01',
  'CTL-TRN,,OPS,partial,,S1,,,Course records,2027-03-31',
];

describe(`control implementations import (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a dry run reports every bad row with its line and column, and writes nothing', async () => {
    const report = await run(
      csv(
        'CTL-NOPE,SVC-1,,implemented,,,,,,',
        'CTL-MFA,SVC-1,,done,,,,,,',
        'CTL-MFA,,OPS,not-applicable,,nobody@example.gov.uk,2026-13-01,ftp://x,,',
        'CTL-TRN,SVC-1,OPS,implemented,,,,,,',
        'CTL-TRN,SVC-1,,implemented,,,,,note,',
        'CTL-MFA,SVC-9,,implemented,,,,,,',
      ),
      true,
    );
    assert.deepEqual(
      report.errors.map((e) => [e.line, e.column]).sort(),
      [
        [2, 'control'],
        [3, 'status'],
        [4, 'evidence link'],
        [4, 'evidence review by'],
        [4, 'not applicable reason'],
        [4, 'status on'],
        [5, 'unit'],
        [6, 'evidence review by'],
        [7, 'service'],
      ].sort(),
    );
    assert.equal(await count('control_implementations'), 0);
  });

  test('malformed files are refused whole: unterminated quote, wrong header, empty file, not UTF-8', async () => {
    const quote = await run(new TextEncoder().encode(`${HEADER}\r\n"CTL-MFA,SVC-1,,implemented,,,,,,\r\n`));
    assert.ok(quote.errors.length > 0 && quote.errors[0]!.line === 2, JSON.stringify(quote.errors));
    const header = await run(new TextEncoder().encode('colour,shape\r\nred,round\r\n'));
    assert.ok(header.errors.some((e) => e.line === 1), JSON.stringify(header.errors));
    const empty = await run(new Uint8Array());
    assert.ok(empty.errors.length > 0);
    const latin1 = await run(Uint8Array.from([...new TextEncoder().encode(`${HEADER}\r\nCTL-MFA,SVC-1,,implemented,,,,,Caf`), 0xe9, 0x0d, 0x0a]));
    assert.equal(latin1.errors[0]?.line, 2);
    assert.match(latin1.errors[0]!.message, /UTF-8/);
    assert.equal(await count('control_implementations'), 0);
  });

  test('a real run is all or nothing: one bad row and nothing is written', async () => {
    const report = await run(csv(GOOD[0]!, 'CTL-TRN,,NOWHERE,partial,,,,,,'));
    assert.deepEqual(report.errors.map((e) => [e.line, e.column]), [[3, 'unit']]);
    assert.equal(await count('control_implementations'), 0);
    assert.equal(await count('control_evidence'), 0);
  });

  test('a good file imports with one audit event; the same file again changes nothing; a change updates', async () => {
    assert.deepEqual(await run(csv(...GOOD)), { errors: [], counts: { created: 2, updated: 0, unchanged: 0, left: 0 } });
    assert.equal(await count('control_evidence'), 2);
    const events = await t.database.db.selectFrom('audit_events').select('metadata').where('action', '=', 'control-implementations.imported').execute();
    assert.equal(events.length, 1);
    assert.deepEqual(await run(csv(...GOOD)), { errors: [], counts: { created: 0, updated: 0, unchanged: 2, left: 0 } });
    assert.equal(await count('control_evidence'), 2);
    assert.deepEqual((await run(csv(GOOD[0]!, 'CTL-TRN,,OPS,implemented,,S1,,,Course records,2027-03-31'))).counts, { created: 0, updated: 1, unchanged: 1, left: 0 });
    const training = await t.database.db.selectFrom('control_implementations').select(['status', 'status_on']).where('unit_id', 'is not', null).executeTakeFirstOrThrow();
    assert.deepEqual(training, { status: 'implemented', status_on: '2026-11-28' });
  });
});
