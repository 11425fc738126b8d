// Accounts, API tokens and role grants: administrators invite, disable and re-enable; people manage
// their own tokens. Disabling an account ends its sessions and revokes its tokens in the same transaction.
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../platform/clock.ts';
import type { NotificationOutbox } from '../platform/jobs/outbox.ts';
import { AppError, notFound, requireId, validationFailed } from '../platform/http/errors.ts';
import { auditActorOf, type Actor, type PersonActor } from './actor.ts';
import { loadPersonActor } from './actor-loader.ts';
import { authorize } from './authorize.ts';
import { GRANTABLE_ROLES, type AccessRole } from './catalogue.ts';
import { hashPassword } from './passwords.ts';
import { passwordProblems } from './password-policy.ts';
import { AccessRepository, type AccountWithPerson } from './repository.ts';
import { newToken, sha256 } from './secrets.ts';

export const TOKEN_PREFIX = 'cust_';
const INVITATION_DAYS = 7;
const MAX_TOKEN_DAYS = 366;
/** How stale a token's recorded last use may be: it is written at most once a minute. */
const TOKEN_USE_PRECISION_MS = 60_000;

const requestIdOf = (requestId?: string) => (requestId ? { requestId } : {});

export class AccountsService {
  private readonly repository: AccessRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
    private readonly publicBaseUrl: string,
  ) {
    this.repository = new AccessRepository(db);
  }

  async getAccount(actor: Actor, accountId: string): Promise<AccountWithPerson> {
    authorize(actor, 'accounts.read');
    const account = await this.repository.findAccount(requireId(accountId, 'The account'));
    if (!account) throw notFound('The account');
    return account;
  }

  async listAccounts(actor: Actor) {
    authorize(actor, 'accounts.read');
    return this.repository.listAccounts();
  }

  async grantsOf(actor: Actor, personId: string) {
    authorize(actor, 'accounts.read');
    return this.repository.grantsOf(personId, londonDate(this.clock.now()));
  }

  /** Creates a token for the actor's own account; the token itself is returned once and stored hashed. */
  async createToken(actor: PersonActor, input: { name: string; expiresInDays?: number; readOnly?: boolean }, requestId?: string): Promise<{ token: string; id: string; expiresAt: Date }> {
    authorize(actor, 'own-account.manage');
    if (actor.via === 'token') throw new AppError('forbidden', 'API tokens cannot create further tokens: sign in to the service to create one.');
    const name = input.name.trim();
    const days = input.expiresInDays ?? 90;
    const problems = [];
    if (name === '' || name.length > 100) problems.push({ field: 'name', message: 'Enter a name for the token of 1 to 100 characters, such as "SIEM export"' });
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) problems.push({ field: 'expiresInDays', message: `Expiry must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}` });
    if (problems.length > 0) throw validationFailed(problems);
    const token = newToken(TOKEN_PREFIX);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + days * 86_400_000);
    const id = await this.audit.write(this.db, async (trx) => {
      const tokenId = await new AccessRepository(trx).createToken({ accountId: actor.accountId, name, tokenHash: sha256(token), readOnly: input.readOnly ?? false, expiresAt, now });
      return { result: tokenId, event: { actor: auditActorOf(actor), action: 'token.created', recordType: 'api-token', recordId: tokenId, changes: { after: { name, readOnly: input.readOnly ?? false, expiresAt } }, ...requestIdOf(requestId) } };
    });
    return { token, id, expiresAt };
  }

  /** For the CLI: an administrator's shell creates a token for a named account. */
  async createTokenForEmail(email: string, input: { name: string; expiresInDays?: number; readOnly?: boolean }): Promise<string> {
    const account = await this.repository.findAccountByEmail(email);
    if (!account || !account.isEnabled) throw new AppError('not_found', `No enabled account has the email ${email}. Check the address, or invite the person first.`);
    const actor = await loadPersonActor(this.repository, account, { via: 'session', readOnly: false }, londonDate(this.clock.now()));
    return (await this.createToken(actor, input)).token;
  }

  listTokens(actor: PersonActor) {
    authorize(actor, 'own-account.manage');
    return this.repository.listTokens(actor.accountId);
  }

  async revokeToken(actor: PersonActor, tokenId: string, requestId?: string): Promise<void> {
    authorize(actor, 'own-account.manage');
    await this.audit.write(this.db, async (trx) => {
      const revoked = await new AccessRepository(trx).revokeToken(requireId(tokenId, 'That token'), actor.accountId, this.clock.now());
      if (!revoked) throw notFound('That token (it may already be revoked)');
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'token.revoked', recordType: 'api-token', recordId: tokenId, metadata: { name: revoked.name }, ...requestIdOf(requestId) } };
    });
  }

  /** The actor behind a bearer token. Its last-used time is kept; its first use each day is audited. */
  async resolveToken(token: string): Promise<PersonActor | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const row = await this.repository.findTokenByHash(sha256(token));
    const now = this.clock.now();
    if (!row || row.revoked_at || row.expires_at <= now) return undefined;
    const account = await this.repository.findAccount(row.account_id);
    if (!account || !account.isEnabled || account.personStatus !== 'active') return undefined;
    const actor = await loadPersonActor(this.repository, account, { via: 'token', readOnly: row.read_only, tokenId: row.id }, londonDate(this.clock.now()));
    const today = now.toISOString().slice(0, 10);
    if (row.last_use_audited_on === today) {
      // The account page shows last use to the minute. Writing it on every request costs a commit each
      // and, for a script sending many requests at once on one token, makes them queue on its row.
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOKEN_USE_PRECISION_MS) await this.repository.recordTokenUse(row.id, now);
    } else {
      await this.audit.write(this.db, async (trx) => {
        await new AccessRepository(trx).recordTokenUse(row.id, now, today);
        return { result: undefined, event: { actor: auditActorOf(actor), action: 'token.used', recordType: 'api-token', recordId: row.id, metadata: { firstUseOn: today } } };
      });
    }
    return actor;
  }

  /**
   * Invites a person: creates (or finds) them and an account with a single-use link to set a password,
   * and sends them the link. The link is returned too, for the administrator to pass on by hand.
   */
  async invite(actor: Actor, input: { email: string; displayName: string }, requestId?: string): Promise<{ accountId: string; invitationToken: string; link: string }> {
    authorize(actor, 'accounts.manage');
    const email = input.email.trim().toLowerCase();
    const displayName = input.displayName.trim();
    const problems = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
    if (displayName === '') problems.push({ field: 'displayName', message: 'Enter the person’s name' });
    if (problems.length > 0) throw validationFailed(problems);
    if (await this.repository.findAccountByEmail(email)) throw new AppError('conflict', `${email} already has an account.`, [{ field: 'email', message: `${email} already has an account` }]);
    const invitationToken = newToken();
    const accountId = await this.audit.write(this.db, async (trx) => {
      const person =
        (await trx.selectFrom('people').select('id').where('email', '=', email).executeTakeFirst()) ??
        (await trx.insertInto('people').values({ display_name: displayName, email }).returning('id').executeTakeFirstOrThrow());
      const account = await trx
        .insertInto('accounts')
        .values({ person_id: person.id, password_hash: null, invitation_hash: sha256(invitationToken), invitation_expires_at: new Date(this.clock.now().getTime() + INVITATION_DAYS * 86_400_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.outbox.queue(
        {
          personId: person.id,
          to: email,
          subject: 'You have been invited to Custodian',
          body: `Set your password within ${INVITATION_DAYS} days to start: ${this.invitationLink(invitationToken)}`,
        },
        trx,
      );
      return { result: account.id, event: { actor: auditActorOf(actor), action: 'account.invited', recordType: 'account', recordId: account.id, changes: { after: { email, displayName } }, ...requestIdOf(requestId) } };
    });
    return { accountId, invitationToken, link: this.invitationLink(invitationToken) };
  }

  private invitationLink(token: string): string {
    return `${this.publicBaseUrl}/invitations/${token}`;
  }

  async acceptInvitation(invitationToken: string, password: string, requestId?: string): Promise<string> {
    const account = await this.repository.findAccountByInvitation(sha256(invitationToken), this.clock.now());
    if (!account) throw new AppError('not_found', 'This invitation link has expired or has already been used. Ask an administrator for a new one.');
    const problems = passwordProblems(password, { email: account.email });
    if (problems.length > 0) throw validationFailed(problems);
    const passwordHash = await hashPassword(password);
    await this.audit.write(this.db, async (trx) => {
      await new AccessRepository(trx).updateAccount(account.accountId, { password_hash: passwordHash, password_changed_at: this.clock.now(), invitation_hash: null, invitation_expires_at: null });
      return { result: undefined, event: { actor: { type: 'person', id: account.personId, label: `${account.displayName} <${account.email}>` }, action: 'account.invitation-accepted', recordType: 'account', recordId: account.accountId, ...requestIdOf(requestId) } };
    });
    return account.email;
  }

  async setEnabled(actor: Actor, accountId: string, enabled: boolean, requestId?: string): Promise<void> {
    authorize(actor, 'accounts.manage');
    const account = await this.repository.findAccount(requireId(accountId, 'The account'));
    if (!account) throw notFound('The account');
    if (actor.kind === 'person' && actor.accountId === accountId && !enabled) throw new AppError('invalid_state', 'You cannot disable your own account: ask another administrator.');
    if (account.isEnabled === enabled) return;
    await this.audit.write(this.db, async (trx) => {
      const repo = new AccessRepository(trx);
      const now = this.clock.now();
      await repo.updateAccount(accountId, { is_enabled: enabled, disabled_at: enabled ? null : now, failed_sign_ins: 0, locked_until: null });
      const endedSessions = enabled ? 0 : await repo.endAllSessions(accountId, now);
      const revokedTokens = enabled ? 0 : await repo.revokeAllTokens(accountId, now);
      return {
        result: undefined,
        event: { actor: auditActorOf(actor), action: enabled ? 'account.enabled' : 'account.disabled', recordType: 'account', recordId: accountId, changes: { before: { enabled: !enabled }, after: { enabled } }, metadata: { endedSessions, revokedTokens }, ...requestIdOf(requestId) },
      };
    });
  }

  async grantRole(actor: Actor, input: { personId: string; role: string; unitId: string }, requestId?: string): Promise<void> {
    requireId(input.personId, 'The person');
    authorize(actor, 'roles.grant', { unitId: requireId(input.unitId, 'The organisational unit') });
    if (!GRANTABLE_ROLES.includes(input.role as AccessRole)) throw validationFailed([{ field: 'role', message: `Choose a role: ${GRANTABLE_ROLES.join(', ')}` }]);
    await this.audit.write(this.db, async (trx) => {
      const added = await new AccessRepository(trx).grantRole(input.personId, input.role as AccessRole, input.unitId);
      if (!added) throw new AppError('conflict', 'The person already holds that role at that unit.');
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'role.granted', recordType: 'person', recordId: input.personId, changes: { after: { role: input.role, unitId: input.unitId } }, ...requestIdOf(requestId) } };
    });
  }

  async revokeRole(actor: Actor, grantId: string, requestId?: string): Promise<void> {
    authorize(actor, 'roles.grant');
    await this.audit.write(this.db, async (trx) => {
      const removed = await new AccessRepository(trx).revokeRole(requireId(grantId, 'That role grant'));
      if (!removed) throw notFound('That role grant');
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'role.revoked', recordType: 'person', recordId: removed.personId, changes: { before: { role: removed.role, unitId: removed.unitId } }, ...requestIdOf(requestId) } };
    });
  }
}
