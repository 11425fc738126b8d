import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractDocument, extractFiles, formatReport, PolicyTextError, readPolicyFile } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-files-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

test('odd inputs become typed errors with a message saying what to do, and the rest are still read', async () => {
  const good = write('good.md', '# Good Policy\n\nUsers must lock screens.\n');
  const empty = write('empty.md', '');
  const blank = write('blank.md', '  \n\n');
  const binary = write('image.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const missing = join(dir, 'missing.md');
  const report = await extractFiles([good, empty, blank, binary, folder, missing]);
  assert.equal(report.files.length, 1);
  assert.deepEqual(
    report.errors?.map((e) => [e.file, e.error.code]),
    [
      [empty, 'empty-file'],
      [blank, 'empty-file'],
      [binary, 'binary-file'],
      [folder, 'is-a-directory'],
      [missing, 'file-not-found'],
    ],
  );
  for (const e of report.errors ?? []) assert.ok(!/\n\s+at /.test(e.error.message), 'no stack traces');
  assert.match(formatReport(report), /Not read \(is-a-directory\): .*Name the Markdown files/);
});

test('a file over the size limit is refused', async () => {
  const big = write('big.md', `# Big\n\n${'Users must lock screens. '.repeat(2000)}\n`);
  await assert.rejects(readPolicyFile(big, 10_000), (e: unknown) => e instanceof PolicyTextError && e.code === 'file-too-large');
});

test('a large document is read in reasonable time', async () => {
  const big = write('large.md', `# Large Standard\n\n${'- Users must lock their screens when they leave.\n'.repeat(5000)}`);
  const started = Date.now();
  const report = await extractFiles([big]);
  assert.equal(report.files[0]?.statements.length, 5000);
  assert.ok(Date.now() - started < 20_000);
});

test('Windows line endings keep line numbers', async () => {
  const crlf = write('crlf.md', '# Policy\r\n\r\nThe informtion is here.\r\n\r\nUsers must lock screens.\r\n');
  const report = await extractFiles([crlf]);
  const file = report.files[0];
  assert.equal(file?.title, 'Policy');
  assert.deepEqual(file?.lint.filter((l) => l.code === 'spelling').map((l) => l.line), [3]);
  assert.equal(file?.statements[0]?.text, 'Users must lock screens.');
});

test('Latin-1 bytes are decoded and reported', async () => {
  const bytes = new Uint8Array([...Buffer.from('# Caf'), 0xe9, ...Buffer.from(' Policy\n\nStaff must pay '), 0xa3, ...Buffer.from('5.\n')]);
  const report = await extractFiles([write('latin1.md', bytes)]);
  const file = report.files[0];
  assert.equal(file?.title, 'Café Policy');
  assert.equal(file?.statements[0]?.text, 'Staff must pay £5.');
  assert.deepEqual(file?.lint.filter((l) => l.code === 'not-utf8').map((l) => l.line), [1]);
});

test('a UTF-8 byte-order mark is dropped', async () => {
  const report = await extractFiles([write('bom.md', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('# BOM Policy\n')]))]);
  assert.equal(report.files[0]?.title, 'BOM Policy');
  assert.deepEqual(report.files[0]?.lint.filter((l) => l.code === 'mojibake'), []);
});

test('in memory: empty text gives an empty result, not an error', () => {
  const result = extractDocument('', { fileName: 'nothing.md' });
  assert.equal(result.title, 'nothing');
  assert.deepEqual(result.statements, []);
});

test('title, tier and metadata from front matter and a header block', () => {
  const fm = extractDocument('---\ntitle: Remote Access Standard\nowner: SIG\nversion: 1.2\nnext_review: 2026-03-01\nredirect_from:\n  - /old/\n---\nText.\n', { fileName: 'x.md' });
  assert.equal(fm.title, 'Remote Access Standard');
  assert.equal(fm.tier, 3);
  assert.deepEqual(fm.metadata, { owner: 'SIG', version: '1.2', reviewDate: '2026-03-01' });
  const header = extractDocument('# Acceptable Use Policy\n\nPolicy owner: Chief Security Officer\nDocument version: 3.1\nReview date: April 2026\n\n## Scope\n\nText.\n');
  assert.equal(header.tier, 2);
  assert.deepEqual(header.metadata, { owner: 'Chief Security Officer', version: '3.1', reviewDate: 'April 2026' });
  assert.equal(extractDocument('# Strategic Information Security Policy\n').tier, 1);
  assert.equal(extractDocument('# Password Guidance\n').tier, 4);
  assert.equal(extractDocument('---\ntier: 5\n---\n# Payroll System Security Policy\n').tier, 5);
});
