// Signing in and out, sessions, and two-factor authentication. Every outcome that matters for
// security (sign-in, failed sign-in, lockout, sign-out, enrolment) is an audit event.
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import type { Config } from '../config.ts';
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../platform/clock.ts';
import { AppError, requireId, validationFailed } from '../platform/http/errors.ts';
import { auditActorOf, type PersonActor } from './actor.ts';
import { loadPersonActor, mustUseTwoFactor } from './actor-loader.ts';
import { verifyPassword } from './passwords.ts';
import { AccessRepository, type AccountWithPerson } from './repository.ts';
import { newRecoveryCode, newToken, sha256 } from './secrets.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
const TOUCH_AFTER_MS = 60_000;
const SIGN_IN_REFUSED = 'Enter a correct email address and password. After 5 failed attempts the account is locked for 15 minutes.';

export interface RequestInfo {
  readonly requestId?: string;
  readonly userAgent?: string | null;
  readonly ipAddress?: string | null;
}

export interface ResolvedSession {
  readonly sessionId: string;
  readonly actor: PersonActor;
  /** Signed in with a password; the second factor is still owed. */
  readonly secondFactorPending: boolean;
  /** The person's roles require two-factor authentication, and they have not set it up yet. */
  readonly mustEnrolTwoFactor: boolean;
}

export class SignInService {
  private readonly repository: AccessRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly config: Pick<Config, 'sessionIdleMinutes' | 'sessionMaxHours' | 'twoFactorFor' | 'serviceName'>,
  ) {
    this.repository = new AccessRepository(db);
  }

  async signIn(email: string, password: string, info: RequestInfo = {}): Promise<{ sessionToken: string; next: 'signed-in' | 'second-factor' | 'set-up-two-factor' }> {
    const problems = [];
    if (email.trim() === '') problems.push({ field: 'email', message: 'Enter your email address' });
    if (password === '') problems.push({ field: 'password', message: 'Enter your password' });
    if (problems.length > 0) throw validationFailed(problems);

    const now = this.clock.now();
    const account = await this.repository.findAccountByEmail(email);
    const usable = account && account.isEnabled && account.personStatus === 'active' && account.passwordHash;
    if (account) await this.refuseIfLocked(account, info);
    if (!usable || !(await verifyPassword(account.passwordHash!, password))) {
      if (account) await this.recordFailure(account, usable ? 'wrong-password' : 'account-disabled', info);
      else await this.audit.write(this.db, async () => ({ result: undefined, event: { actor: { type: 'anonymous', id: null, label: email.trim().toLowerCase().slice(0, 200) }, action: 'sign-in.failed', metadata: { reason: 'unknown-email', ip: info.ipAddress ?? null }, ...(info.requestId ? { requestId: info.requestId } : {}) } }));
      throw validationFailed([{ field: 'email', message: SIGN_IN_REFUSED }]);
    }

    const sessionToken = newToken();
    const secondFactorPending = account.totpEnabledAt !== null;
    await this.audit.write(this.db, async (trx) => {
      const repo = new AccessRepository(trx);
      await repo.updateAccount(account.accountId, { failed_sign_ins: 0, locked_until: null, last_sign_in_at: now });
      const sessionId = await repo.createSession({
        tokenHash: sha256(sessionToken),
        accountId: account.accountId,
        expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3600_000),
        secondFactorDone: !secondFactorPending,
        userAgent: info.userAgent?.slice(0, 300) ?? null,
        ipAddress: info.ipAddress ?? null,
        now,
      });
      return {
        result: sessionId,
        event: {
          actor: { type: 'person', id: account.personId, label: `${account.displayName} <${account.email}>` },
          action: secondFactorPending ? 'sign-in.password-accepted' : 'sign-in',
          recordType: 'session',
          recordId: sessionId,
          metadata: { ip: info.ipAddress ?? null },
          ...(info.requestId ? { requestId: info.requestId } : {}),
        },
      };
    });
    if (secondFactorPending) return { sessionToken, next: 'second-factor' };
    const actor = await loadPersonActor(this.repository, account, { via: 'session', readOnly: false }, londonDate(this.clock.now()));
    return { sessionToken, next: mustUseTwoFactor(actor, this.config.twoFactorFor) ? 'set-up-two-factor' : 'signed-in' };
  }

  /** A locked account is refused at either step of signing in, and the attempt is recorded. */
  private async refuseIfLocked(account: AccountWithPerson, info: RequestInfo): Promise<void> {
    if (!account.lockedUntil || account.lockedUntil <= this.clock.now()) return;
    await this.recordFailure(account, 'locked', info);
    throw new AppError('too_many_requests', `This account is locked after repeated failed sign-ins. Try again after ${formatTime(account.lockedUntil)}, or ask an administrator.`);
  }

  private async recordFailure(account: AccountWithPerson, reason: string, info: RequestInfo): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const repo = new AccessRepository(trx);
      const failures = account.failedSignIns + 1;
      // Guessing codes is guessing passwords: wrong second factors count towards the same lockout.
      const lock = (reason === 'wrong-password' || reason === 'wrong-second-factor') && failures >= MAX_FAILED_SIGN_INS;
      await repo.updateAccount(account.accountId, { failed_sign_ins: failures, ...(lock ? { locked_until: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) } : {}) });
      const actor = { type: 'person' as const, id: account.personId, label: `${account.displayName} <${account.email}>` };
      const requestId = info.requestId ? { requestId: info.requestId } : {};
      await this.audit.record(trx, { actor, action: 'sign-in.failed', recordType: 'account', recordId: account.accountId, metadata: { reason, failures, ip: info.ipAddress ?? null }, ...requestId });
      if (lock) await this.audit.record(trx, { actor, action: 'account.locked', recordType: 'account', recordId: account.accountId, metadata: { minutes: LOCKOUT_MINUTES }, ...requestId });
    });
  }

  /** The session behind a cookie, if it is open and within its idle and absolute limits. */
  async resolveSession(sessionToken: string): Promise<ResolvedSession | undefined> {
    const session = await this.repository.findSessionByToken(sha256(sessionToken));
    if (!session) return undefined;
    const now = this.clock.now();
    const idleLimit = new Date(session.last_seen_at.getTime() + this.config.sessionIdleMinutes * 60_000);
    if (session.expires_at <= now || idleLimit <= now) return undefined;
    const account = await this.repository.findAccount(session.account_id);
    if (!account || !account.isEnabled || account.personStatus !== 'active') return undefined;
    if (now.getTime() - session.last_seen_at.getTime() > TOUCH_AFTER_MS) await this.repository.touchSession(session.id, now);
    const actor = await loadPersonActor(this.repository, account, { via: 'session', readOnly: false, sessionId: session.id }, londonDate(this.clock.now()));
    return {
      sessionId: session.id,
      actor,
      secondFactorPending: !session.second_factor_done,
      mustEnrolTwoFactor: account.totpEnabledAt === null && mustUseTwoFactor(actor, this.config.twoFactorFor),
    };
  }

  /** Completes sign-in with a code from the authenticator app, or a single-use recovery code. */
  async completeSecondFactor(session: ResolvedSession, code: string, info: RequestInfo = {}): Promise<void> {
    const account = await this.repository.findAccount(session.actor.accountId);
    if (!account?.totpSecret || !account.totpEnabledAt) throw new AppError('invalid_state', 'Two-factor authentication is not set up for this account.');
    await this.refuseIfLocked(account, info);
    const cleaned = code.replace(/\s+/g, '').toLowerCase();
    if (cleaned === '') throw validationFailed([{ field: 'code', message: 'Enter the 6-digit code from your authenticator app, or a recovery code' }]);
    const viaRecovery = /^[a-z2-9]{5}-?[a-z2-9]{5}$/.test(cleaned);
    const totpAccepted = !viaRecovery && (await this.checkTotp(account.totpSecret, cleaned));
    const accepted = await this.db.transaction().execute(async (trx) => {
      const repo = new AccessRepository(trx);
      const recoveryCode = `${cleaned.replace('-', '').slice(0, 5)}-${cleaned.replace('-', '').slice(5)}`;
      const ok = viaRecovery ? await repo.useRecoveryCode(account.accountId, sha256(recoveryCode), this.clock.now()) : totpAccepted;
      if (!ok) return false;
      await repo.markSecondFactorDone(session.sessionId);
      await repo.updateAccount(account.accountId, { failed_sign_ins: 0, locked_until: null });
      await this.audit.record(trx, {
        actor: auditActorOf(session.actor),
        action: 'sign-in',
        recordType: 'session',
        recordId: session.sessionId,
        metadata: { secondFactor: viaRecovery ? 'recovery-code' : 'totp' },
        ...(info.requestId ? { requestId: info.requestId } : {}),
      });
      return true;
    });
    if (!accepted) {
      await this.recordFailure(account, 'wrong-second-factor', info);
      throw validationFailed([{ field: 'code', message: 'The code is not right: enter the current 6-digit code from your authenticator app, or an unused recovery code' }]);
    }
  }

  private async checkTotp(secret: string, token: string): Promise<boolean> {
    if (!/^\d{6}$/.test(token)) return false;
    const result = await verifyTotp({ secret, token, epoch: Math.floor(this.clock.now().getTime() / 1000), epochTolerance: 30 });
    return result.valid;
  }

  async signOut(session: ResolvedSession, info: RequestInfo = {}): Promise<void> {
    await this.audit.write(this.db, async (trx) => {
      await new AccessRepository(trx).endSession(session.sessionId, session.actor.accountId, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(session.actor), action: 'sign-out', recordType: 'session', recordId: session.sessionId, ...(info.requestId ? { requestId: info.requestId } : {}) } };
    });
  }

  listSessions(actor: PersonActor) {
    return this.repository.listOpenSessions(actor.accountId, this.clock.now());
  }

  /** Ends one of your sessions, or (with no id) all but the current one. */
  async endSessions(actor: PersonActor, sessionId: string | 'others', info: RequestInfo = {}): Promise<number> {
    return this.audit.write(this.db, async (trx) => {
      const repo = new AccessRepository(trx);
      const now = this.clock.now();
      const ended = sessionId === 'others' ? await repo.endAllSessions(actor.accountId, now, actor.sessionId) : (await repo.endSession(requireId(sessionId, 'That session'), actor.accountId, now)) ? 1 : 0;
      if (sessionId !== 'others' && ended === 0) throw new AppError('not_found', 'That session is not one of your open sessions.');
      return { result: ended, event: { actor: auditActorOf(actor), action: 'sign-out', recordType: 'session', ...(sessionId === 'others' ? {} : { recordId: sessionId }), metadata: { ended, scope: sessionId === 'others' ? 'other-sessions' : 'one-session' }, ...(info.requestId ? { requestId: info.requestId } : {}) } };
    });
  }

  /** Starts enrolment: a new secret, kept but not in force until a code from it is confirmed. */
  async beginTwoFactorEnrolment(actor: PersonActor): Promise<{ secret: string; uri: string; qrSvg: string }> {
    const account = await this.repository.findAccount(actor.accountId);
    if (!account) throw new AppError('not_found', 'Account not found.');
    // Starting again would replace the secret in force and switch two-factor off.
    if (account.totpEnabledAt) throw new AppError('invalid_state', 'Two-factor authentication is already on for your account.');
    const secret = account.totpSecret && !account.totpEnabledAt ? account.totpSecret : generateSecret();
    if (secret !== account.totpSecret) {
      await this.audit.write(this.db, async (trx) => {
        await new AccessRepository(trx).updateAccount(actor.accountId, { totp_secret: secret, totp_enabled_at: null });
        return { result: undefined, event: { actor: auditActorOf(actor), action: 'two-factor.enrolment-started', recordType: 'account', recordId: actor.accountId } };
      });
    }
    const uri = generateURI({ secret, label: account.email, issuer: this.config.serviceName });
    const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { secret, uri, qrSvg };
  }

  /** Confirms enrolment with a code from the app; returns recovery codes, shown once. */
  async confirmTwoFactorEnrolment(actor: PersonActor, code: string, info: RequestInfo = {}): Promise<string[]> {
    const account = await this.repository.findAccount(actor.accountId);
    if (!account?.totpSecret) throw new AppError('invalid_state', 'Start setting up two-factor authentication first.');
    if (account.totpEnabledAt) throw new AppError('invalid_state', 'Two-factor authentication is already on for your account.');
    if (!(await this.checkTotp(account.totpSecret, code.replace(/\s+/g, '')))) {
      throw validationFailed([{ field: 'code', message: 'The code is not right: enter the 6-digit code your authenticator app shows now' }]);
    }
    const codes = Array.from({ length: 10 }, () => newRecoveryCode());
    await this.audit.write(this.db, async (trx) => {
      const repo = new AccessRepository(trx);
      await repo.updateAccount(actor.accountId, { totp_enabled_at: this.clock.now() });
      await repo.replaceRecoveryCodes(actor.accountId, codes.map(sha256));
      if (actor.sessionId) await repo.markSecondFactorDone(actor.sessionId);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'two-factor.enabled', recordType: 'account', recordId: actor.accountId, ...(info.requestId ? { requestId: info.requestId } : {}) } };
    });
    return codes;
  }

  async twoFactorStatus(actor: PersonActor): Promise<{ enabled: boolean; required: boolean; recoveryCodesLeft: number }> {
    const account = await this.repository.findAccount(actor.accountId);
    return {
      enabled: account?.totpEnabledAt != null,
      required: mustUseTwoFactor(actor, this.config.twoFactorFor),
      recoveryCodesLeft: await this.repository.countUnusedRecoveryCodes(actor.accountId),
    };
  }
}

function formatTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }).format(at);
}
