// SQL for identity: accounts, sessions, API tokens, recovery codes and role grants.
import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { AccessRole } from './catalogue.ts';

export interface AccountWithPerson {
  readonly accountId: string;
  readonly personId: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly isEnabled: boolean;
  readonly failedSignIns: number;
  readonly lockedUntil: Date | null;
  readonly totpSecret: string | null;
  readonly totpEnabledAt: Date | null;
  readonly lastSignInAt: Date | null;
  readonly personStatus: string;
}

export interface GrantRow {
  readonly id: string;
  readonly role: AccessRole;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly atRoot: boolean;
  readonly unitIds: string[];
}

export class AccessRepository {
  constructor(private readonly db: Executor) {}

  private accounts() {
    return this.db
      .selectFrom('accounts')
      .innerJoin('people', 'people.id', 'accounts.person_id')
      .select([
        'accounts.id as accountId',
        'people.id as personId',
        'people.email as email',
        'people.display_name as displayName',
        'accounts.password_hash as passwordHash',
        'accounts.is_enabled as isEnabled',
        'accounts.failed_sign_ins as failedSignIns',
        'accounts.locked_until as lockedUntil',
        'accounts.totp_secret as totpSecret',
        'accounts.totp_enabled_at as totpEnabledAt',
        'accounts.last_sign_in_at as lastSignInAt',
        'people.status as personStatus',
      ]);
  }

  findAccountByEmail(email: string): Promise<AccountWithPerson | undefined> {
    return this.accounts().where('people.email', '=', email.trim().toLowerCase()).executeTakeFirst();
  }

  findAccount(accountId: string): Promise<AccountWithPerson | undefined> {
    return this.accounts().where('accounts.id', '=', accountId).executeTakeFirst();
  }

  findAccountByInvitation(hash: string, now: Date): Promise<AccountWithPerson | undefined> {
    return this.accounts().where('accounts.invitation_hash', '=', hash).where('accounts.invitation_expires_at', '>', now).executeTakeFirst();
  }

  listAccounts(): Promise<AccountWithPerson[]> {
    return this.accounts().orderBy('people.display_name').execute();
  }

  async updateAccount(accountId: string, values: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('accounts').set(values).where('id', '=', accountId).execute();
  }

  /**
   * The person's access: the roles granted to them, and (as 'appointee') each unit for which they hold
   * or deputise in an accountable role today. Each holds for its unit and every unit below it.
   */
  async grantsOf(personId: string, today: string): Promise<GrantRow[]> {
    const rows = await sql<{ id: string; role: AccessRole; unit_id: string; unit_code: string; unit_name: string; at_root: boolean; unit_ids: string[] }>`
      with recursive held (id, role, unit_id) as (
        select g.id::text, g.role, g.unit_id from role_grants g where g.person_id = ${personId}
        union
        select 'appointment:' || a.id, 'appointee', a.unit_id from appointments a
        where a.unit_id is not null and (a.person_id = ${personId} or a.deputy_person_id = ${personId})
          and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)
      ),
      covered (grant_id, unit_id) as (
        select h.id, h.unit_id from held h
        union all
        select c.grant_id, u.id from covered c join organisation_units u on u.parent_id = c.unit_id
      )
      select h.id, h.role, h.unit_id, u.code as unit_code, u.name as unit_name, (u.parent_id is null) as at_root,
             array(select c.unit_id::text from covered c where c.grant_id = h.id) as unit_ids
      from held h join organisation_units u on u.id = h.unit_id
      order by h.role, u.name`.execute(this.db);
    return rows.rows.map((r) => ({ id: r.id, role: r.role, unitId: r.unit_id, unitCode: r.unit_code, unitName: r.unit_name, atRoot: r.at_root, unitIds: r.unit_ids }));
  }

  async grantRole(personId: string, role: AccessRole, unitId: string): Promise<boolean> {
    const inserted = await this.db.insertInto('role_grants').values({ person_id: personId, role, unit_id: unitId }).onConflict((oc) => oc.columns(['person_id', 'role', 'unit_id']).doNothing()).returning('id').executeTakeFirst();
    return inserted !== undefined;
  }

  async revokeRole(grantId: string): Promise<{ personId: string; role: string; unitId: string } | undefined> {
    const row = await this.db.deleteFrom('role_grants').where('id', '=', grantId).returning(['person_id', 'role', 'unit_id']).executeTakeFirst();
    return row ? { personId: row.person_id, role: row.role, unitId: row.unit_id } : undefined;
  }

  // Sessions
  async createSession(values: { tokenHash: string; accountId: string; expiresAt: Date; secondFactorDone: boolean; userAgent: string | null; ipAddress: string | null; now: Date }): Promise<string> {
    const row = await this.db
      .insertInto('sessions')
      .values({ token_hash: values.tokenHash, account_id: values.accountId, expires_at: values.expiresAt, second_factor_done: values.secondFactorDone, user_agent: values.userAgent, ip_address: values.ipAddress, created_at: values.now, last_seen_at: values.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  findSessionByToken(tokenHash: string) {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).where('ended_at', 'is', null).executeTakeFirst();
  }

  listOpenSessions(accountId: string, now: Date) {
    return this.db.selectFrom('sessions').selectAll().where('account_id', '=', accountId).where('ended_at', 'is', null).where('expires_at', '>', now).orderBy('last_seen_at', 'desc').execute();
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
  }

  async markSecondFactorDone(sessionId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ second_factor_done: true }).where('id', '=', sessionId).execute();
  }

  async endSession(sessionId: string, accountId: string, now: Date): Promise<boolean> {
    const rows = await this.db.updateTable('sessions').set({ ended_at: now }).where('id', '=', sessionId).where('account_id', '=', accountId).where('ended_at', 'is', null).executeTakeFirst();
    return Number(rows.numUpdatedRows) > 0;
  }

  async endAllSessions(accountId: string, now: Date, exceptSessionId?: string): Promise<number> {
    let query = this.db.updateTable('sessions').set({ ended_at: now }).where('account_id', '=', accountId).where('ended_at', 'is', null);
    if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  // API tokens
  async createToken(values: { accountId: string; name: string; tokenHash: string; readOnly: boolean; expiresAt: Date; now: Date }): Promise<string> {
    const row = await this.db
      .insertInto('api_tokens')
      .values({ account_id: values.accountId, name: values.name, token_hash: values.tokenHash, read_only: values.readOnly, expires_at: values.expiresAt, created_at: values.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  findTokenByHash(tokenHash: string) {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  listTokens(accountId: string) {
    return this.db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').execute();
  }

  async recordTokenUse(tokenId: string, now: Date, auditedOn?: string): Promise<void> {
    await this.db.updateTable('api_tokens').set(auditedOn ? { last_used_at: now, last_use_audited_on: auditedOn } : { last_used_at: now }).where('id', '=', tokenId).execute();
  }

  async revokeToken(tokenId: string, accountId: string, now: Date) {
    return this.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('account_id', '=', accountId).where('revoked_at', 'is', null).returning(['id', 'name']).executeTakeFirst();
  }

  async revokeAllTokens(accountId: string, now: Date): Promise<number> {
    return Number((await this.db.updateTable('api_tokens').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst()).numUpdatedRows);
  }

  // Recovery codes
  async replaceRecoveryCodes(accountId: string, codeHashes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
    if (codeHashes.length > 0) await this.db.insertInto('recovery_codes').values(codeHashes.map((code_hash) => ({ account_id: accountId, code_hash }))).execute();
  }

  async useRecoveryCode(accountId: string, codeHash: string, now: Date): Promise<boolean> {
    const used = await this.db.updateTable('recovery_codes').set({ used_at: now }).where('account_id', '=', accountId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
    return Number(used.numUpdatedRows) > 0;
  }

  async countUnusedRecoveryCodes(accountId: string): Promise<number> {
    const row = await this.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('used_at', 'is', null).executeTakeFirstOrThrow();
    return row.n;
  }

  async rootUnitId(): Promise<string | undefined> {
    const row = await this.db.selectFrom('organisation_units').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
    return row?.id;
  }
}
