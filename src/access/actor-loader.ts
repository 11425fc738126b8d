// Builds the actor for a signed-in account: their role grants, each expanded to the units it holds for.
// Everyone signed in is a member of staff across the whole organisation.
import type { PersonActor, RoleGrant } from './actor.ts';
import { ROLES_REQUIRING_TWO_FACTOR } from './catalogue.ts';
import type { AccessRepository, AccountWithPerson } from './repository.ts';

const EVERYWHERE: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

export async function loadPersonActor(
  repository: AccessRepository,
  account: AccountWithPerson,
  how: { via: 'session' | 'token'; readOnly: boolean; sessionId?: string; tokenId?: string },
  today: string,
): Promise<PersonActor> {
  const grants: RoleGrant[] = (await repository.grantsOf(account.personId, today)).map((g) => ({ role: g.role, unitId: g.unitId, unitIds: new Set(g.unitIds), atRoot: g.atRoot }));
  grants.push({ role: 'staff', unitId: '*', unitIds: EVERYWHERE, atRoot: true });
  return {
    kind: 'person',
    accountId: account.accountId,
    personId: account.personId,
    displayName: account.displayName,
    email: account.email,
    grants,
    via: how.via,
    readOnly: how.readOnly,
    ...(how.sessionId ? { sessionId: how.sessionId } : {}),
    ...(how.tokenId ? { tokenId: how.tokenId } : {}),
  };
}

export function mustUseTwoFactor(actor: PersonActor, policy: 'roles' | 'everyone'): boolean {
  return policy === 'everyone' || actor.grants.some((g) => ROLES_REQUIRING_TWO_FACTOR.includes(g.role));
}
