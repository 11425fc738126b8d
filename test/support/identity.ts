// People with accounts and roles for tests, created through the same services as the product.
import { systemActor } from '../../src/access/actor.ts';
import type { AccessRole } from '../../src/access/catalogue.ts';
import type { TestContext } from './app.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export async function rootUnitId(t: TestContext): Promise<string> {
  const existing = await t.database.db.selectFrom('organisation_units').select('id').where('parent_id', 'is', null).executeTakeFirst();
  if (existing) return existing.id;
  const unit = await t.database.db.insertInto('organisation_units').values({ code: 'ORG', name: 'Test organisation', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  return unit.id;
}

/** Invites a person, accepts the invitation with TEST_PASSWORD, and grants the roles asked for at the root unit. */
export async function createAccount(t: TestContext, email: string, roles: readonly AccessRole[] = []): Promise<{ personId: string; accountId: string }> {
  const admin = systemActor('test setup');
  const { accountId, invitationToken } = await t.services.accounts.invite(admin, { email, displayName: email.split('@')[0]! });
  await t.services.accounts.acceptInvitation(invitationToken, TEST_PASSWORD);
  const person = await t.database.db.selectFrom('accounts').select('person_id').where('id', '=', accountId).executeTakeFirstOrThrow();
  const unitId = await rootUnitId(t);
  for (const role of roles) await t.services.accounts.grantRole(admin, { personId: person.person_id, role, unitId });
  return { personId: person.person_id, accountId };
}

export async function apiToken(t: TestContext, email: string, options: { readOnly?: boolean } = {}): Promise<string> {
  return t.services.accounts.createTokenForEmail(email, { name: 'test', ...options });
}
