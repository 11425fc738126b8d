import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';

const SEED = readFileSync(new URL('../../example/moj/documents/strategic-information-security-policy.md', import.meta.url), 'utf8');
const actor = systemActor('test');
let t: TestContext;
let unitId: string;

before(async () => {
  t = await createTestContext();
  unitId = (await t.database.db.insertInto('organisation_units').values({ code: 'MOJ', name: 'Ministry of Justice', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow()).id;
});
after(async () => {
  await t.close();
});

const events = async () => (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;

describe(`the policy library (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the strategic policy imports as tier 1 with its statements as requirements and its lint findings', async () => {
    const result = await t.services.documents.importDocument(actor, { sourceName: 'strategic-information-security-policy.md', markdown: SEED, unitId });
    assert.deepEqual([result.outcome, result.version], ['created', 1]);
    const { document, version, statements } = await t.services.documents.get(actor, result.documentId);
    assert.equal(document.tier, 1);
    assert.equal(document.title, 'Strategic Information Security Policy');
    assert.equal(document.key_prefix, 'SISP');
    assert.ok(statements.length >= 12, `statements: ${statements.length}`);
    assert.deepEqual(statements.slice(0, 3).map((s) => s.key), ['SISP-001', 'SISP-002', 'SISP-003']);
    assert.ok(statements.some((s) => s.modality === 'will' && /complete regular information security training/.test(s.text)));
    const codes = new Set(version!.lint.map((f) => f.code));
    for (const code of ['placeholder', 'unresolved-reference', 'mojibake', 'spelling']) assert.ok(codes.has(code), code);
  });

  test('importing the same text again changes nothing, not even the audit trail', async () => {
    const before = await events();
    const again = await t.services.documents.importDocument(actor, { sourceName: 'strategic-information-security-policy.md', markdown: SEED, unitId });
    assert.deepEqual([again.outcome, again.version], ['unchanged', 1]);
    assert.equal(await events(), before);
  });

  test('a new version keeps the keys of unchanged and lightly edited statements, retires removed ones and adds new ones', async () => {
    const first = await t.services.documents.get(actor, (await t.database.db.selectFrom('documents').select('id').executeTakeFirstOrThrow()).id);
    const keyOf = (re: RegExp) => first.statements.find((s) => re.test(s.text))?.key;
    const trainingKey = keyOf(/complete regular information security training/);
    const helpKey = keyOf(/seek help if they are unsure/);
    const edited = SEED.replace('complete regular information security training', 'complete regular information security training every year')
      .replace(/^ {4}-\s+seek help if they are unsure.*$/m, '')
      .replace('## Compliance', '- Suppliers must report security incidents to the department within 24 hours.\n\n## Compliance');
    const result = await t.services.documents.importDocument(actor, { sourceName: 'strategic-information-security-policy.md', markdown: edited, unitId });
    assert.deepEqual([result.outcome, result.version], ['versioned', 2]);
    const second = await t.services.documents.get(actor, result.documentId);
    const training = second.statements.find((s) => /information security training every year/.test(s.text));
    assert.equal(training?.key, trainingKey, 'a lightly edited statement keeps its requirement');
    assert.ok(second.retired.some((r) => r.key === helpKey), 'a removed statement retires its requirement, visibly');
    const added = second.statements.find((s) => /report security incidents to the department within 24 hours/.test(s.text));
    assert.ok(added && !first.statements.some((s) => s.key === added.key), 'a new statement gets a new key');
    assert.deepEqual(second.versions.map((v) => [v.number, v.status]), [[2, 'published'], [1, 'superseded']]);
  });

  test('a member of staff reads the library; only the security team and administrators import', async () => {
    const { createAccount } = await import('../../../test/support/identity.ts');
    const { personId } = await createAccount(t, 'reader@example.gov.uk');
    const account = await t.database.db.selectFrom('accounts').select('id').where('person_id', '=', personId).executeTakeFirstOrThrow();
    const reader = { kind: 'person' as const, accountId: account.id, personId, displayName: 'Reader', email: 'reader@example.gov.uk', via: 'session' as const, readOnly: false, grants: [{ role: 'staff' as const, unitId: '*', unitIds: new Set([unitId]), atRoot: true }] };
    assert.ok((await t.services.documents.list(reader)).length >= 1);
    await assert.rejects(t.services.documents.importDocument(reader, { sourceName: 'x.md', markdown: '# X\n\nStaff must do X.', unitId }), /permission/);
  });
});
