// The seed policy's real defects (issue 04). Reads ../shared from the repository root; skips when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseDocument, extractFiles } from './index.ts';
import { readFileSync } from 'node:fs';

const seedPath = fileURLToPath(new URL('../../../shared/seed/strategic-information-security-policy.md', import.meta.url));
const skip = existsSync(seedPath) ? false : 'shared seed policy not present';

test('seed: title, tier and the statements under "must ensure that:" and "will:"', { skip }, () => {
  const result = analyseDocument(readFileSync(seedPath, 'utf8'), { fileName: 'strategic-information-security-policy.md' });
  assert.equal(result.title, 'Strategic Information Security Policy');
  assert.equal(result.tier, 1);
  const everyone = 'Everyone within the scope of this policy';
  const underEnsure = result.located.filter((s) => s.actor === everyone && s.text.startsWith(`${everyone} must ensure that`));
  assert.deepEqual(underEnsure.map((s) => s.line), [47, 48, 49, 51, 52], 'each list item without its own marker');
  for (const s of underEnsure) assert.equal(s.modality, 'must');
  const sro = result.located.find((s) => s.line === 50);
  assert.equal(sro?.modality, 'must');
  assert.equal(sro?.actor, 'the Senior Responsible Officer (SRO)');
  const staff = 'All MoJ staff and users within scope of this policy';
  assert.deepEqual(
    result.located.filter((s) => s.modality === 'will' && s.actor === staff).map((s) => s.text),
    [
      `${staff} will complete regular information security training`,
      `${staff} will undertake role-specific security training as required`,
      `${staff} will take all reasonable steps to keep the department's information protected against unauthorised or accidental disclosure`,
      `${staff} will seek help if they are unsure how to implement any aspect of the MoJ security policies or guidance.`,
    ],
  );
  assert.ok(result.located.some((s) => s.line === 61 && s.modality === 'will' && s.actor === 'SIG'));
  assert.ok(!result.statements.some((s) => /disciplinary/.test(s.text)), '"may be subject to" is not a statement');
  assert.ok(!result.statements.some((s) => /additional controls may be required/.test(s.text)));
});

test('seed: the linter finds each real defect on its line, and nothing that is not wrong', { skip }, async () => {
  const report = await extractFiles([seedPath]);
  const lint = report.files[0]?.lint ?? [];
  const at = (code: string) => lint.filter((l) => l.code === code).map((l) => l.line);
  assert.deepEqual(at('placeholder'), [47]);
  assert.deepEqual(at('unresolved-reference'), [49, 52]);
  assert.ok(lint.some((l) => l.code === 'unresolved-reference' && l.message.includes('Incident Management AUP')));
  assert.deepEqual(at('mojibake'), [52]);
  assert.deepEqual(
    lint.filter((l) => l.code === 'spelling').map((l) => [l.line, /"(\w+)"/.exec(l.message)?.[1]]),
    [
      [15, 'standardsy'],
      [32, 'informtion'],
    ],
  );
  assert.deepEqual(at('missing-metadata'), [1]);
  assert.deepEqual(at('unknown-role'), [], 'SRO, SIG and the rest are catalogue roles');
  assert.deepEqual(at('broken-link'), []);
  assert.deepEqual(at('policy-only-should'), []);
  // The only other findings are statements that name no one (lines 39, 43 and 67).
  const expected = new Set(['placeholder', 'unresolved-reference', 'mojibake', 'spelling', 'missing-metadata', 'obligation-without-actor']);
  assert.deepEqual(lint.filter((l) => !expected.has(l.code)), []);
  assert.deepEqual(at('obligation-without-actor'), [39, 43, 67]);
});
