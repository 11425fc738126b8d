import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, testConfig, type TestContext } from '../../test/support/app.ts';
import { systemActor } from '../access/actor.ts';
import { verifyPassword } from '../access/passwords.ts';
import { ensureSessionSecret, firstRunSetup } from './first-run.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => {
  await t.close();
});

describe('first-run setup', () => {
  test('creates the administrator with a generated password, loads the MoJ example, and changes nothing the second time', async () => {
    const config = testConfig({ CUSTODIAN_EXAMPLE: 'moj', CUSTODIAN_ADMIN_EMAIL: 'Security.Admin@Example.gov.uk' });
    const first = await firstRunSetup(t.database.db, config);
    assert.equal(first.adminCreated, true);
    assert.match(first.generatedAdminPassword ?? '', /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.equal(first.example?.name, 'moj');
    assert.ok((first.example?.created ?? 0) > 100, 'units, people and appointments');
    assert.equal(first.example?.unchanged, 0);

    const account = await t.database.db
      .selectFrom('accounts')
      .innerJoin('people', 'people.id', 'accounts.person_id')
      .select(['accounts.password_hash', 'people.email'])
      .executeTakeFirstOrThrow();
    assert.equal(account.email, 'security.admin@example.gov.uk');
    assert.ok(await verifyPassword(account.password_hash!, first.generatedAdminPassword!));
    assert.ok(account.password_hash!.startsWith('$argon2id$'));

    const second = await firstRunSetup(t.database.db, config);
    assert.equal(second.adminCreated, false);
    assert.equal(second.generatedAdminPassword, undefined);
    assert.deepEqual(second.example, { name: 'moj', created: 0, unchanged: first.example!.created });
    assert.deepEqual(second.migrationsApplied, []);

    const units = await t.services.organisationUnits.organisationTree(systemActor('test'));
    assert.equal(units.length, 1);
    assert.equal(units[0]!.code, 'MOJ');
    for (const agency of ['CICA', 'HMCTS', 'HMPPS', 'LAA', 'OPG']) assert.ok(units[0]!.children.some((u) => u.code === agency), agency);
  });

  test('the session secret is generated once and then kept', async () => {
    const a = await ensureSessionSecret(t.database.db, undefined);
    const b = await ensureSessionSecret(t.database.db, undefined);
    assert.equal(a, b);
    assert.ok(a.length >= 32);
    assert.equal(await ensureSessionSecret(t.database.db, 'x'.repeat(40)), 'x'.repeat(40));
  });
});
