import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractDocument } from './index.ts';
import type { ExtractOptions, LintFinding } from './index.ts';

const CONTROLLED = 'Policy owner: SIG\nDocument version: 1.0\nReview date: 2026-04-01\n\n';

function lint(markdown: string, options: ExtractOptions = {}): LintFinding[] {
  return extractDocument(markdown, { fileName: 'test.md', ...options }).lint;
}

function codes(markdown: string, options: ExtractOptions = {}): string[] {
  return lint(markdown, options).map((f) => `${f.code}@${f.line}`);
}

test('placeholder: [xxxx], [TBC], template instructions', () => {
  const text = `# Guide\n\n${CONTROLLED}Responsibilities are defined in \\[xxxx\\].\n\nOwner: [TBC]\n\nSigned [Enter the name of the IAO.]\n`;
  assert.deepEqual(codes(text).filter((c) => c.startsWith('placeholder')), ['placeholder@7', 'placeholder@9', 'placeholder@11']);
});

test('unresolved-reference: a bracketed name that matches no document given with it', () => {
  const text = `# Guide\n\n${CONTROLLED}This is done in line with the \\[Incident Management AUP\\].\n\nSee [Access Control Policy] too.\n`;
  assert.deepEqual(codes(text).filter((c) => c.startsWith('unresolved')), ['unresolved-reference@7', 'unresolved-reference@9']);
  const known = codes(text, { knownDocuments: ['Incident Management AUP', 'access-control-policy.md'] });
  assert.deepEqual(known.filter((c) => c.startsWith('unresolved')), []);
  // Links, reference links with definitions and task boxes are not references.
  assert.deepEqual(codes(`# Guide\n\n${CONTROLLED}See [the guide](guide.md) and [NCSC][ncsc].\n\n- [ ] done\n\n[ncsc]: https://www.ncsc.gov.uk\n`).filter((c) => c.startsWith('unresolved')), []);
});

test('broken-link: relative targets missing next to the document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-links-'));
  writeFileSync(join(dir, 'present.md'), '# Present\n');
  const text = `# Guide\n\n${CONTROLLED}See [present](present.md#part), [missing](missing.md), [web](https://example.org/x.md) and [here](#guide).\n`;
  assert.deepEqual(lint(text, { baseDir: dir }).filter((f) => f.code === 'broken-link').map((f) => [f.line, f.message.includes('missing.md')]), [[7, true]]);
  assert.deepEqual(lint(text).filter((f) => f.code === 'broken-link'), [], 'no base folder, no link check');
});

test('mojibake: UTF-8 read as Windows-1252', () => {
  const found = lint(`# Guide\n\n${CONTROLLED}In line with the MoJâ€™s standard.\n`).filter((f) => f.code === 'mojibake');
  assert.equal(found.length, 1);
  assert.equal(found[0]?.line, 7);
  assert.match(found[0]?.message ?? '', /’/);
});

test('not-utf8: reported when the bytes were read as Latin-1', () => {
  const found = lint(`# Guide\n\n${CONTROLLED}Caf\u00e9 costs \u00a35.\n`, { decodedAs: 'latin-1', firstBadByteLine: 7 });
  assert.deepEqual(found.filter((f) => f.code === 'not-utf8').map((f) => f.line), [7]);
});

test('spelling: en-GB, with acronyms, names, code, URLs and e-mail addresses left alone', () => {
  const text =
    `# Guide\n\n${CONTROLLED}The informtion security standardsy apply to HMPPS, HMCTS and ALBs.\n\n` +
    'Contact Amie Alekna at security@justice.gov.uk or see https://www.gov.uk/guidanse and `confg.yaml`.\n\nWe organise colour-coded programmes.\n';
  assert.deepEqual(lint(text).filter((f) => f.code === 'spelling').map((f) => [f.line, /"(\w+)"/.exec(f.message)?.[1]]), [
    [7, 'informtion'],
    [7, 'standardsy'],
  ]);
  assert.deepEqual(lint(`# Guide\n\n${CONTROLLED}The informtion matters.\n`, { allowedWords: ['informtion'] }).filter((f) => f.code === 'spelling'), []);
});

test('missing-metadata: owner, version and review date', () => {
  const found = lint('# Guide\n\nUsers must lock screens.\n').filter((f) => f.code === 'missing-metadata');
  assert.equal(found.length, 1);
  assert.match(found[0]?.message ?? '', /owner, version, review date/);
  assert.deepEqual(lint(`# Guide\n\n${CONTROLLED}Users must lock screens.\n`).filter((f) => f.code === 'missing-metadata'), []);
  const frontMatter = '---\ntitle: Guide\nowner: SIG\nversion: 2\nreview_date: 2026-01-01\n---\n# Guide\n';
  assert.deepEqual(lint(frontMatter).filter((f) => f.code === 'missing-metadata'), []);
});

test('obligation-without-actor', () => {
  const found = lint(`# Guide\n\n${CONTROLLED}Passwords must not be stored in clear text.\n\nUsers must lock screens.\n`).filter((f) => f.code === 'obligation-without-actor');
  assert.deepEqual(found.map((f) => f.line), [7]);
});

test('unknown-role: a named role outside the catalogue; aliases accepted', () => {
  const text = `# Guide\n\n${CONTROLLED}The Senior Responsible Owner must approve access.\n\nThe SID will review it.\n\nThe Widget Controller must sign off.\n`;
  assert.deepEqual(lint(text).filter((f) => f.code === 'unknown-role').map((f) => [f.line, f.message.startsWith('"Widget Controller"')]), [[11, true]]);
  const catalogue = { roles: [{ name: 'Widget Controller' }] };
  assert.deepEqual(lint(text, { roleCatalogue: catalogue }).filter((f) => f.code === 'unknown-role').map((f) => f.line), [7]);
});

test('policy-only-should: a tier 1 or 2 policy that only recommends', () => {
  const policy = `# Remote Working Policy\n\n${CONTROLLED}Staff should lock their screens.\n\nStaff should not print at home.\n`;
  assert.deepEqual(lint(policy).filter((f) => f.code === 'policy-only-should').map((f) => f.line), [7]);
  const guide = `# Remote Working Guidance\n\n${CONTROLLED}Staff should lock their screens.\n`;
  assert.deepEqual(lint(guide).filter((f) => f.code === 'policy-only-should'), []);
});

test('duplicate-statement-id', () => {
  const text = `# Access Policy\n\n${CONTROLLED}\`POLACP001:\` Users **MUST** authenticate.\n\n\`POLACP001:\` Users **MUST** log off.\n`;
  assert.deepEqual(lint(text).filter((f) => f.code === 'duplicate-statement-id').map((f) => f.line), [9]);
});

test('every documented code is tested here', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile(new URL('../../docs/policy-linter.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^### `([a-z0-9-]+)`/gm)].map((m) => m[1]);
  const here = await readFile(new URL(import.meta.url), 'utf8');
  for (const code of documented) assert.ok(here.includes(`'${code}'`) || here.includes(`${code}@`), `${code} has no test`);
  assert.ok(documented.length >= 11);
});
