import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readCsv, readCsvChunks, type CsvChunk, type CsvSpec } from './read-csv.ts';

const people: CsvSpec = {
  columns: [
    { name: 'staff_number', required: false },
    { name: 'name', required: true },
    { name: 'email', required: true, aliases: ['Email address', 'e-mail'] },
    { name: 'unit', required: true, aliases: ['unit code'] },
  ],
};

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url)));

async function readAllChunks(source: AsyncIterable<Uint8Array> | Uint8Array, spec: CsvSpec, chunkSize?: number): Promise<CsvChunk[]> {
  const chunks: CsvChunk[] = [];
  for await (const chunk of readCsvChunks(source, spec, chunkSize)) chunks.push(chunk);
  return chunks;
}

/** Feeds bytes a few at a time, to cut through quotes, CRLFs and multi-byte characters. */
async function* trickle(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

describe('readCsv', () => {
  test('reads rows by canonical column name, trimmed, with the file line of each', () => {
    const result = readCsv(utf8('Staff Number, Name ,EMAIL,Unit\nA1, Ann ,ann@example.test,HMPPS\nA2,Bob,bob@example.test,LAA\n'), people);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.columns, ['staff_number', 'name', 'email', 'unit']);
    assert.deepEqual(result.rows, [
      { line: 2, values: { staff_number: 'A1', name: 'Ann', email: 'ann@example.test', unit: 'HMPPS' } },
      { line: 3, values: { staff_number: 'A2', name: 'Bob', email: 'bob@example.test', unit: 'LAA' } },
    ]);
  });

  test('matches headers ignoring case, spaces, underscores and hyphens, and by alias', () => {
    const result = readCsv(utf8('STAFF-NUMBER,name,E-Mail Address,Unit_Code\nA1,Ann,ann@example.test,HMPPS\n'), people);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.rows[0]?.values, { staff_number: 'A1', name: 'Ann', email: 'ann@example.test', unit: 'HMPPS' });
  });

  test('leaves an optional column out of the values when the file does not have it', () => {
    const result = readCsv(utf8('name,email,unit\nAnn,ann@example.test,HMPPS\n'), people);
    assert.deepEqual(result.rows[0]?.values, { name: 'Ann', email: 'ann@example.test', unit: 'HMPPS' });
    assert.equal('staff_number' in (result.rows[0]?.values ?? {}), false);
  });

  test('strips a byte order mark', () => {
    const result = readCsv(utf8('\uFEFFname,email,unit\nAnn,ann@example.test,HMPPS\n'), people);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.columns, ['name', 'email', 'unit']);
  });

  test('numbers lines from where each record starts, across quoted line breaks and CRLF', () => {
    const text = 'name,email,unit\r\n"Ann\r\nExample",ann@example.test,HMPPS\r\n\r\nBob,"bob@example.test",LAA\r\n"Cat ""the"" Example","cat@\nexample.test\n",HMPPS\r\nDan,dan@example.test,HMPPS';
    const result = readCsv(utf8(text), people);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.rows.map((row) => row.line), [2, 5, 6, 9]);
    assert.equal(result.rows[0]?.values.name, 'Ann\nExample');
    assert.equal(result.rows[2]?.values.name, 'Cat "the" Example');
    assert.equal(result.rows[2]?.values.email, 'cat@\nexample.test');
    assert.equal(result.rows[3]?.values.email, 'dan@example.test');
  });

  test('keeps commas inside quotes and a quote inside an unquoted cell', () => {
    const result = readCsv(utf8('name,email,unit\n"Example, Ann",ann@example.test,5\'11" team\n'), people);
    assert.deepEqual(result.rows[0]?.values, { name: 'Example, Ann', email: 'ann@example.test', unit: '5\'11" team' });
  });

  test('skips blank lines and rows of bare commas, and reads fewer cells than the header as empty', () => {
    const result = readCsv(utf8('\n\nname,email,unit\n\n   \nAnn,ann@example.test\n,,\n,,,,\n'), people);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.rows, [{ line: 6, values: { name: 'Ann', email: 'ann@example.test', unit: '' } }]);
  });

  test('an empty file is one issue', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  \n']) {
      const result = readCsv(utf8(text), people);
      assert.equal(result.rows.length, 0);
      assert.equal(result.issues.length, 1, JSON.stringify(text));
      assert.equal(result.issues[0]?.line, 1);
      assert.match(result.issues[0]?.message ?? '', /^The file is empty: it needs a header line naming the columns \(staff_number, name, email, unit\)/);
    }
  });

  test('a first line naming none of the columns is not a header, and no rows are read', () => {
    const result = readCsv(utf8('Ann,ann@example.test,HMPPS\nBob,bob@example.test,LAA\n'), people);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.issues, [{ line: 1, column: null, message: 'Line 1 is not a header: the first line must name the columns, such as staff_number, name, email, unit' }]);
  });

  test('names each missing required column on line 1, and reads no rows', () => {
    const result = readCsv(fixture('missing-columns.csv'), people);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.issues, [{ line: 1, column: 'email', message: 'The required column email is missing: add it to the header line' }]);
    const both = readCsv(utf8('name\nAnn\n'), people);
    assert.deepEqual(both.issues.map((issue) => issue.column), ['email', 'unit']);
  });

  test('an unknown column is an issue naming the columns it could be, and the rest is still read', () => {
    const result = readCsv(utf8('name,email,unit,Grade\nAnn,ann@example.test,HMPPS,G7\n'), people);
    assert.deepEqual(result.issues, [{ line: 1, column: 'Grade', message: 'Unknown column Grade: remove it or rename it to one of staff_number' }]);
    assert.deepEqual(result.rows[0]?.values, { name: 'Ann', email: 'ann@example.test', unit: 'HMPPS' });
  });

  test('an unnamed header cell between named ones is an issue; trailing empty ones are not', () => {
    const result = readCsv(utf8('name,,email,unit,,\nAnn,x,ann@example.test,HMPPS,,\n'), people);
    assert.deepEqual(result.issues, [{ line: 1, column: 'column 2', message: 'Column 2 has no name in the header: remove it or rename it to one of staff_number' }]);
    assert.deepEqual(result.rows[0]?.values, { name: 'Ann', email: 'ann@example.test', unit: 'HMPPS' });
  });

  test('types the values by the spec’s column names', () => {
    const result = readCsv(utf8('Name\nAnn\n'), { columns: [{ name: 'name', required: true }] });
    const name: string | undefined = result.rows[0]?.values.name;
    assert.equal(name, 'Ann');
  });

  test('a column named twice (by its name and an alias, or the same heading twice) is an issue, named as the file writes it, and no rows are read', () => {
    const result = readCsv(fixture('duplicate-headers.csv'), people);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.issues, [{ line: 1, column: 'email', message: 'Columns email and E-mail (columns 1 and 3) are the same column: keep one of them' }]);
    const same = readCsv(utf8('email,name,unit,Email\na@example.test,A,HMPPS,a@example.test\n'), people);
    assert.deepEqual(same.issues, [{ line: 1, column: 'email', message: 'Column email appears twice in the header (columns 1 and 4): keep one of them' }]);
  });

  test('a row with more cells than the header is an issue on its line, and left out', () => {
    const result = readCsv(utf8('name,email,unit\nExample, Ann,ann@example.test,HMPPS\nBob,bob@example.test,LAA,\n'), people);
    assert.deepEqual(result.issues, [
      { line: 2, column: null, message: 'This row has 4 cells but the header names 3 columns: put quotes around any cell that contains a comma' },
    ]);
    assert.deepEqual(result.rows.map((row) => row.line), [3]);
  });

  test('an unbalanced quote names the line it opens on', () => {
    const result = readCsv(fixture('unbalanced-quotes.csv'), people);
    assert.deepEqual(result.rows.map((row) => row.line), [2]);
    assert.equal(result.issues.length, 1);
    assert.deepEqual({ line: result.issues[0]?.line, column: result.issues[0]?.column }, { line: 3, column: 'name' });
    assert.match(result.issues[0]?.message ?? '', /opened on line 3 is never closed/);
  });

  test('text after a closing quote is an issue for that row', () => {
    const result = readCsv(utf8('name,email,unit\n"Ann" Example,ann@example.test,HMPPS\nBob,bob@example.test,LAA\n'), people);
    assert.deepEqual(result.issues.map((issue) => [issue.line, issue.column]), [[2, 'name']]);
    assert.deepEqual(result.rows.map((row) => row.line), [3]);
  });

  test('more rows than maxRows is an issue on the first row too many, and reading stops', () => {
    const result = readCsv(utf8('name,email,unit\nA,a@x,U\nB,b@x,U\n\nC,c@x,U\nD,d@x,U\n'), { ...people, maxRows: 2 });
    assert.deepEqual(result.rows.map((row) => row.line), [2, 3]);
    assert.deepEqual(result.issues, [{ line: 5, column: null, message: 'The file has more than 2 rows: split it into files of at most 2 rows' }]);
  });

  test('refuses Latin-1 bytes, naming the first bad line, and returns no rows', () => {
    const result = readCsv(fixture('latin1.csv'), people);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.issues, [
      { line: 3, column: null, message: "The file is not UTF-8: line 3 has bytes that are not UTF-8 text. Save it as 'CSV UTF-8' and try again" },
    ]);
  });

  test('refuses malformed UTF-8 sequences (overlong, surrogate, truncated) but reads good multi-byte text', () => {
    const good = readCsv(utf8('name,email,unit\nZoë Siân 李 🙂,z@x,U\n'), people);
    assert.deepEqual(good.issues, []);
    assert.equal(good.rows[0]?.values.name, 'Zoë Siân 李 🙂');
    const header = utf8('name,email,unit\n');
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = new Uint8Array([...header, ...utf8('A,a@x,U\n'), ...bad]);
      assert.equal(readCsv(bytes, people).issues[0]?.line, 3, bad.join(' '));
    }
  });

  test('a spec that gives one spelling to two columns is a programming error', () => {
    assert.throws(() => readCsv(utf8('a\n'), { columns: [{ name: 'email', required: true }, { name: 'work_email', required: false, aliases: ['E-mail'] }] }));
  });
});

describe('readCsvChunks', () => {
  const many = (count: number, lineEnd = '\n') => {
    let text = `name,email,unit${lineEnd}`;
    for (let i = 1; i <= count; i++) text += i % 7 === 0 ? `"Person\n${i}",p${i}@example.test,U${lineEnd}` : `Person ${i},p${i}@example.test,U${lineEnd}`;
    return utf8(text);
  };

  test('gives the same rows and issues as readCsv, in chunks of the size asked', async () => {
    const bytes = many(1234, '\r\n');
    const whole = readCsv(bytes, people);
    const chunks = await readAllChunks(bytes, people, 500);
    assert.deepEqual(chunks.map((chunk) => chunk.rows.length), [500, 500, 234]);
    assert.deepEqual(chunks.flatMap((chunk) => chunk.rows), whole.rows);
    assert.equal(chunks.at(-1)?.bytesRead, bytes.length);
    assert.equal(chunks[0]?.totalBytes, bytes.length);
  });

  test('reads a stream cut at every awkward place: inside quotes, CRLF and multi-byte characters', async () => {
    const bytes = utf8('\uFEFFname,email,unit\r\n"Zoë ""Z""\r\nExample",zoë@example.test,HMPPS\r\n李,li@example.test,"U,1"\r\n"Open,x@x,U\r\n');
    const whole = readCsv(bytes, people);
    assert.equal(whole.rows.length, 2);
    for (const size of [1, 2, 3, 5]) {
      const chunks = await readAllChunks(trickle(bytes, size), people);
      assert.deepEqual(chunks.flatMap((chunk) => chunk.rows), whole.rows, `pieces of ${size}`);
      assert.deepEqual(chunks.flatMap((chunk) => chunk.issues), whole.issues, `pieces of ${size}`);
      assert.equal(chunks[0]?.totalBytes, null);
    }
  });

  test('from a stream, bytes that are not UTF-8 are reported with their line when reached', async () => {
    const chunks = await readAllChunks(trickle(fixture('latin1.csv'), 16), people);
    assert.deepEqual(chunks.flatMap((chunk) => chunk.issues).map((issue) => issue.line), [3]);
    assert.deepEqual(chunks.flatMap((chunk) => chunk.rows).map((row) => row.line), [2]);
  });

  test('a whole file that is not UTF-8 yields only the issue', async () => {
    const chunks = await readAllChunks(fixture('latin1.csv'), people);
    assert.deepEqual(chunks.map((chunk) => [chunk.rows.length, chunk.issues.map((issue) => issue.line)]), [[0, [3]]]);
  });

  test('an empty file yields one chunk with the issue', async () => {
    const chunks = await readAllChunks(utf8(''), people);
    assert.equal(chunks.length, 1);
    assert.match(chunks[0]?.issues[0]?.message ?? '', /The file is empty/);
  });

  test('stops at maxRows', async () => {
    const chunks = await readAllChunks(trickle(many(50), 64), { ...people, maxRows: 20 }, 8);
    assert.equal(chunks.flatMap((chunk) => chunk.rows).length, 20);
    assert.deepEqual(chunks.flatMap((chunk) => chunk.issues).map((issue) => issue.message), ['The file has more than 20 rows: split it into files of at most 20 rows']);
  });
});

describe('column headings as the file writes them', () => {
  test('are kept for each column, so messages can name the column the person sees', () => {
    const spec = { columns: [{ name: 'unitCode' as const, label: 'unit_code', required: true, aliases: ['organisational unit'] }, { name: 'email' as const, required: true }] };
    assert.deepEqual(readCsv(utf8('Organisational Unit,EMAIL\nHMPPS,a@example.test\n'), spec).headings, { unitCode: 'Organisational Unit', email: 'EMAIL' });
    assert.deepEqual(readCsv(utf8('unit code,email\nHMPPS,a@example.test\n'), spec).headings, { unitCode: 'unit code', email: 'email' }, 'the documented name is accepted as written in any case or spacing');
    const missing = readCsv(utf8('email\na@example.test\n'), spec);
    assert.deepEqual(missing.issues, [{ line: 1, column: 'unit_code', message: 'The required column unit_code is missing: add it to the header line' }], 'a missing column is named as documented');
  });
});
