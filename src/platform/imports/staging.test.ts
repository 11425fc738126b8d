import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import type { Database } from '../../database.ts';
import { readCsv, readCsvChunks } from '../csv/read-csv.ts';
import { isAppError } from '../http/errors.ts';
import { contentHash, discardBatch, getBatch, markBatch, readStagedRows, stageRows, type StagingProgress } from './staging.ts';
import type { ImportTables } from './tables.ts';

const spec = { columns: [{ name: 'staff_number', required: true }, { name: 'email', required: true }, { name: 'unit', required: false }] };

function peopleFile(count: number): Uint8Array {
  const lines = ['staff_number,email,unit'];
  for (let i = 1; i <= count; i++) lines.push(`S${i},person${i}@example.test,U${i % 10}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

async function countStaged(db: Kysely<ImportTables>, batchId: string): Promise<number> {
  const row = await db.selectFrom('import_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('staging an import', () => {
  let t: TestContext;
  let db: Kysely<Database & ImportTables>;
  before(async () => {
    t = await createTestContext();
    db = t.database.db.withTables<ImportTables>();
  });
  after(async () => t.close());

  test('stages 12,000 rows in chunks of 5,000, reporting progress after each, with the file line and values', async () => {
    const bytes = peopleFile(12_000);
    const { rows, issues } = readCsv(bytes, spec);
    assert.deepEqual(issues, []);
    const progress: StagingProgress[] = [];
    const staged = await stageRows(db, { kind: 'people', fileName: 'people.csv', bytes, createdBy: 'Ann Admin', totalRows: rows.length }, [{ rows }], (p) => {
      progress.push(p);
    });

    assert.deepEqual(progress.map((p) => [p.rowsStaged, p.totalRows]), [[5000, 12_000], [10_000, 12_000], [12_000, 12_000]]);
    assert.equal(staged.rowCount, 12_000);
    assert.equal(staged.sha256, contentHash(bytes));
    assert.equal(await countStaged(db, staged.batchId), 12_000);

    const batch = await getBatch(db, staged.batchId);
    assert.deepEqual(
      { kind: batch?.kind, fileName: batch?.fileName, sha256: batch?.sha256, rowCount: batch?.rowCount, status: batch?.status, createdBy: batch?.createdBy },
      { kind: 'people', fileName: 'people.csv', sha256: contentHash(bytes), rowCount: 12_000, status: 'staging', createdBy: 'Ann Admin' },
    );
    const last = await db.selectFrom('import_rows').select(['line', 'data']).where('batch_id', '=', staged.batchId).orderBy('line', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(last, { line: 12_001, data: { staff_number: 'S12000', email: 'person12000@example.test', unit: 'U0' } });
  });

  test('another query runs between chunks: staging never holds the database for the whole file', async () => {
    const bytes = peopleFile(12_000);
    const seenBetweenChunks: Array<{ rowsStaged: number; committedRows: number; rowCount: number }> = [];
    let finished = false;
    const staged = await stageRows(db, { kind: 'people', fileName: 'people.csv', bytes, createdBy: null }, readCsvChunks(bytes, spec), async (p) => {
      if (p.rowsStaged !== 5000) return;
      // Staging is paused here, mid-file. On PGlite a transaction held across chunks would make
      // these queries wait for ever; instead they run now, see the first chunk committed, and can write.
      const committedRows = await countStaged(db, p.batchId);
      const batch = await getBatch(db, p.batchId);
      await db.insertInto('settings').values({ key: 'written-between-chunks', value: 'yes' }).execute();
      seenBetweenChunks.push({ rowsStaged: p.rowsStaged, committedRows, rowCount: batch?.rowCount ?? -1 });
      assert.equal(finished, false);
    });
    finished = true;
    assert.deepEqual(seenBetweenChunks, [{ rowsStaged: 5000, committedRows: 5000, rowCount: 5000 }]);
    assert.equal(staged.rowCount, 12_000);
    const setting = await db.selectFrom('settings').select('value').where('key', '=', 'written-between-chunks').executeTakeFirst();
    assert.equal(setting?.value, 'yes');
  });

  test('streams a file through the chunked reader, passing back the issues it found', async () => {
    const bytes = new TextEncoder().encode('staff_number,email\nS1,a@example.test\n"S2,b@example.test\n');
    const staged = await stageRows(db, { kind: 'people', fileName: 'broken.csv', sha256: contentHash(bytes), createdBy: null }, readCsvChunks(bytes, spec));
    assert.equal(staged.rowCount, 1);
    assert.deepEqual(staged.issues.map((issue) => [issue.line, issue.column]), [[3, 'staff_number']]);
  });

  test('reads staged rows back a page at a time, in line order', async () => {
    const { rows } = readCsv(peopleFile(23), spec);
    const staged = await stageRows(db, { kind: 'people', fileName: 'small.csv', bytes: peopleFile(23), createdBy: null }, [{ rows }]);
    const pages: number[][] = [];
    for await (const page of readStagedRows(db, staged.batchId, 10)) pages.push(page.map((row) => row.line));
    assert.deepEqual(pages.map((page) => page.length), [10, 10, 3]);
    assert.deepEqual(pages.flat(), rows.map((row) => row.line));
  });

  test('discarding a batch deletes its rows and keeps the batch, marked discarded', async () => {
    const { rows } = readCsv(peopleFile(7000), spec);
    const staged = await stageRows(db, { kind: 'people', fileName: 'people.csv', bytes: peopleFile(7000), createdBy: null }, [{ rows }]);
    await discardBatch(db, staged.batchId);
    assert.equal(await countStaged(db, staged.batchId), 0);
    const batch = await getBatch(db, staged.batchId);
    assert.equal(batch?.status, 'discarded');
    assert.ok(batch?.finishedAt instanceof Date);
  });

  test('an applied batch cannot be discarded, and an unknown one is not found', async () => {
    const { rows } = readCsv(peopleFile(3), spec);
    const staged = await stageRows(db, { kind: 'people', fileName: 'people.csv', bytes: peopleFile(3), createdBy: null }, [{ rows }]);
    await markBatch(db, staged.batchId, 'applied');
    await assert.rejects(discardBatch(db, staged.batchId), (error) => isAppError(error) && error.code === 'invalid_state');
    await assert.rejects(discardBatch(db, '00000000-0000-4000-8000-000000000000'), (error) => isAppError(error) && error.code === 'not_found');
    await assert.rejects(discardBatch(db, 'not-an-id'), (error) => isAppError(error) && error.code === 'not_found');
    assert.equal(await countStaged(db, staged.batchId), 3);
  });

  test('if staging fails part way, the batch is marked failed and its staged rows removed', async () => {
    const { rows } = readCsv(peopleFile(6000), spec);
    let batchId = '';
    async function* failing() {
      yield { rows };
      throw new Error('the upload was cut off');
    }
    await assert.rejects(
      stageRows(db, { kind: 'people', fileName: 'cut.csv', sha256: 'a'.repeat(64), createdBy: null }, failing(), (p) => {
        batchId = p.batchId;
      }),
      /the upload was cut off/,
    );
    assert.equal(await countStaged(db, batchId), 0);
    assert.equal((await getBatch(db, batchId))?.status, 'failed');
  });
});
