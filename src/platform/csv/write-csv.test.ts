import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCsv } from './read-csv.ts';
import { csvCell, streamCsv, toCsv } from './write-csv.ts';

test('writes RFC 4180: CRLF line ends, and quotes around commas, quotes and line breaks', () => {
  const csv = toCsv(['Name', 'Note'], [
    ['Example, Ann', 'said "hello"'],
    ['Bob', 'two\nlines'],
    ['Cat', 'plain'],
  ]);
  assert.equal(csv, 'Name,Note\r\n"Example, Ann","said ""hello"""\r\nBob,"two\nlines"\r\nCat,plain\r\n');
});

test('escapes every first character a spreadsheet would run as a formula', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  assert.equal(csvCell('+44 20 7946 0000'), "'+44 20 7946 0000");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1:A2)'), "'@SUM(A1:A2)");
  assert.equal(csvCell('\tcmd'), "'\tcmd");
  assert.equal(csvCell('\rcmd'), `"'\rcmd"`);
});

test('leaves safe text, numbers and dangerous characters after the first alone', () => {
  assert.equal(csvCell('a=b'), 'a=b');
  assert.equal(csvCell(' =1'), ' =1');
  assert.equal(csvCell(-5), '-5');
  assert.equal(csvCell(3.5), '3.5');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell(new Date('2026-11-28T09:00:00Z')), '2026-11-28T09:00:00.000Z');
  assert.equal(csvCell(['a', 'b']), '"[""a"",""b""]"');
});

test('escapes the header too', () => {
  assert.equal(toCsv(['=bad'], []), "'=bad\r\n");
});

test('what it writes reads back through the importer’s reader, except the escape mark', () => {
  const rows = [['Example, Ann', 'line one\nline two', 'She said "no"'], ['=1+1', '', 'é ü 李']];
  const csv = toCsv(['name', 'note', 'quote'], rows);
  const spec = { columns: [{ name: 'name', required: true }, { name: 'note', required: true }, { name: 'quote', required: true }] };
  const read = readCsv(new TextEncoder().encode(csv), spec);
  assert.deepEqual(read.issues, []);
  assert.deepEqual(read.rows.map((row) => [row.values.name, row.values.note, row.values.quote]), [rows[0], ["'=1+1", '', 'é ü 李']]);
});

test('the streaming variant writes the same document in pieces', async () => {
  const rows = Array.from({ length: 25 }, (_, i) => [`=row ${i}`, i]);
  async function* source() {
    yield* rows;
  }
  const pieces: string[] = [];
  for await (const piece of streamCsv(['text', 'number'], source(), 10)) pieces.push(piece);
  assert.equal(pieces.length, 3);
  assert.equal(pieces.join(''), toCsv(['text', 'number'], rows));
});
