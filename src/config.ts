// The only module that reads process.env. Every setting is read and checked once, at start,
// and all problems are reported together so an operator fixes them in one pass.
import { resolve } from 'node:path';

export type ExampleData = 'moj' | 'none';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly example: ExampleData;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly sessionSecret: string | undefined;
  readonly protectiveMarking: string;
  readonly serviceName: string;
  readonly publicBaseUrl: string;
  readonly trustedProxies: readonly string[];
  readonly logLevel: LogLevel;
  readonly maxUploadMb: number;
  readonly requireSecureCookies: boolean;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly twoFactorFor: 'roles' | 'everyone';
  readonly signInAttemptsPerAddress: number;
  readonly auditKey: string | undefined;
  /** Email delivery of the notification outbox; log-only delivery when unset. */
  readonly smtp: SmtpSettings | undefined;
  /** The hour (0–23, Europe/London) from which the day's reminders are sent. */
  readonly reminderHour: number;
  /** Duties due within this many days are in a person's daily reminder, with those overdue. */
  readonly reminderDays: number;
  /** A duty overdue by more than this many days is escalated to the deputy or the line manager. */
  readonly escalationDays: number;
}

export interface SmtpSettings {
  readonly url: string;
  readonly from: string;
}

/** Each documented setting; a test checks that the README's configuration table names every one. */
export const SETTINGS = [
  ['PORT', 'Port the web server listens on.', '3000'],
  ['HOST', 'Address the web server binds to.', 'localhost'],
  ['DATABASE_URL', 'PostgreSQL connection string. When unset, Custodian uses the embedded PGlite database.', '(unset: PGlite)'],
  ['CUSTODIAN_DATA_DIR', 'Folder of the embedded PGlite database (ignored with DATABASE_URL).', './data'],
  ['CUSTODIAN_EXAMPLE', 'Example data loaded at first run: `moj` or `none`.', '`moj` on PGlite, `none` on PostgreSQL'],
  ['CUSTODIAN_ADMIN_EMAIL', 'Email of the first administrator, created at first run.', 'admin@custodian.local'],
  ['CUSTODIAN_ADMIN_PASSWORD', 'Password of the first administrator (at least 12 characters). When unset, one is generated and printed once.', '(generated)'],
  ['CUSTODIAN_SESSION_SECRET', 'Secret (at least 32 characters) that signs cookies. When unset, one is generated at first run and kept in the database.', '(generated)'],
  ['CUSTODIAN_PROTECTIVE_MARKING', 'Protective marking shown on every page and export.', 'OFFICIAL-SENSITIVE'],
  ['CUSTODIAN_SERVICE_NAME', 'Service name in the page header.', 'Custodian'],
  ['CUSTODIAN_BASE_URL', 'Public base URL, used in links sent to people (reminders, supplier questionnaires).', 'http://localhost:PORT'],
  ['CUSTODIAN_TRUSTED_PROXIES', 'Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-* headers are trusted.', '(none)'],
  ['CUSTODIAN_MAX_UPLOAD_MB', 'Largest uploaded file, in megabytes.', '20'],
  ['CUSTODIAN_SESSION_IDLE_MINUTES', 'A session ends after this many minutes without a request.', '30'],
  ['CUSTODIAN_SESSION_MAX_HOURS', 'A session ends this many hours after sign-in, whatever happens.', '12'],
  ['CUSTODIAN_TWO_FACTOR', '`roles`: two-factor authentication is required for administrators and the security team, optional for others; `everyone`: required for all.', 'roles'],
  ['CUSTODIAN_SIGN_IN_ATTEMPTS', 'Sign-in attempts (passwords, security codes, invitation links) allowed from one network address in 5 minutes; the account lockout still bounds guesses per account.', '20'],
  ['CUSTODIAN_AUDIT_KEY', 'Key (at least 32 characters) for the HMAC of audit checkpoints (`custodian audit checkpoint`). Keep it apart from the database.', '(unset: checkpoints refused)'],
  ['CUSTODIAN_SMTP_URL', 'SMTP server for email notifications, as `smtp://user:password@host:587` (STARTTLS when the server offers it) or `smtps://user:password@host:465` (TLS from the start); user and password are optional. When unset, notifications are only logged.', '(unset: log only)'],
  ['CUSTODIAN_MAIL_FROM', 'The From address of email notifications; required with CUSTODIAN_SMTP_URL.', '(none)'],
  ['CUSTODIAN_REMINDER_HOUR', 'Hour of the day (0–23, Europe/London) from which the daily reminders of dated duties are sent; each person gets at most one a day.', '7'],
  ['CUSTODIAN_REMINDER_DAYS', 'A daily reminder lists the duties overdue and those due within this many days.', '7'],
  ['CUSTODIAN_ESCALATION_DAYS', 'A duty overdue by more than this many days is escalated to the deputy of the appointment it comes from, else the person’s line manager.', '7'],
  ['LOG_LEVEL', 'fatal, error, warn, info, debug, trace or silent.', 'info'],
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Custodian cannot start: fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the settings from an environment (process.env by default) and validates them all. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };

  const port = integer('PORT', 3000, 0, 65535);
  const host = text('HOST') ?? 'localhost';

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/custodian.');
  }

  const exampleRaw = text('CUSTODIAN_EXAMPLE') ?? (databaseUrl ? 'none' : 'moj');
  let example: ExampleData = 'none';
  if (exampleRaw === 'moj' || exampleRaw === 'none') example = exampleRaw;
  else problems.push(`CUSTODIAN_EXAMPLE must be "moj" or "none" (got "${exampleRaw}").`);

  const adminEmail = (text('CUSTODIAN_ADMIN_EMAIL') ?? 'admin@custodian.local').toLowerCase();
  if (!EMAIL.test(adminEmail)) problems.push(`CUSTODIAN_ADMIN_EMAIL must be an email address (got "${adminEmail}").`);

  const adminPassword = env.CUSTODIAN_ADMIN_PASSWORD === '' ? undefined : env.CUSTODIAN_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    problems.push('CUSTODIAN_ADMIN_PASSWORD must be at least 12 characters long (or unset, to have one generated).');
  }

  const sessionSecret = text('CUSTODIAN_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('CUSTODIAN_SESSION_SECRET must be at least 32 characters long (or unset, to have one generated).');
  }

  const publicBaseUrl = (text('CUSTODIAN_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let requireSecureCookies = false;
  try {
    const url = new URL(publicBaseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    requireSecureCookies = url.protocol === 'https:';
  } catch {
    problems.push(`CUSTODIAN_BASE_URL must be an http(s) URL such as https://custodian.example.gov.uk (got "${publicBaseUrl}").`);
  }

  const trustedProxies = (text('CUSTODIAN_TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const proxy of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(proxy)) {
      problems.push(`CUSTODIAN_TRUSTED_PROXIES has "${proxy}", which is not an IP address or CIDR range.`);
    }
  }

  const logLevelRaw = text('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === logLevelRaw);
  if (logLevel === undefined) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}").`);

  const protectiveMarking = text('CUSTODIAN_PROTECTIVE_MARKING') ?? 'OFFICIAL-SENSITIVE';
  const serviceName = text('CUSTODIAN_SERVICE_NAME') ?? 'Custodian';
  const maxUploadMb = integer('CUSTODIAN_MAX_UPLOAD_MB', 20, 1, 1024);
  const sessionIdleMinutes = integer('CUSTODIAN_SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const sessionMaxHours = integer('CUSTODIAN_SESSION_MAX_HOURS', 12, 1, 24 * 30);
  const twoFactorRaw = text('CUSTODIAN_TWO_FACTOR') ?? 'roles';
  if (twoFactorRaw !== 'roles' && twoFactorRaw !== 'everyone') problems.push(`CUSTODIAN_TWO_FACTOR must be "roles" or "everyone" (got "${twoFactorRaw}").`);
  const signInAttemptsPerAddress = integer('CUSTODIAN_SIGN_IN_ATTEMPTS', 20, 1, 100_000);
  const auditKey = text('CUSTODIAN_AUDIT_KEY');
  if (auditKey !== undefined && auditKey.length < 32) problems.push('CUSTODIAN_AUDIT_KEY must be at least 32 characters long.');

  const smtp = smtpSettings(text('CUSTODIAN_SMTP_URL'), text('CUSTODIAN_MAIL_FROM'), problems);
  const reminderHour = integer('CUSTODIAN_REMINDER_HOUR', 7, 0, 23);
  const reminderDays = integer('CUSTODIAN_REMINDER_DAYS', 7, 0, 365);
  const escalationDays = integer('CUSTODIAN_ESCALATION_DAYS', 7, 0, 365);

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    port,
    host,
    databaseUrl,
    dataDir: resolve(text('CUSTODIAN_DATA_DIR') ?? './data'),
    example,
    adminEmail,
    adminPassword,
    sessionSecret,
    protectiveMarking,
    serviceName,
    publicBaseUrl,
    trustedProxies: Object.freeze(trustedProxies),
    logLevel: logLevel ?? 'info',
    maxUploadMb,
    requireSecureCookies,
    sessionIdleMinutes,
    sessionMaxHours,
    twoFactorFor: twoFactorRaw === 'everyone' ? 'everyone' : 'roles',
    signInAttemptsPerAddress,
    auditKey,
    smtp,
    reminderHour,
    reminderDays,
    escalationDays,
  });
}

function smtpSettings(url: string | undefined, from: string | undefined, problems: string[]): SmtpSettings | undefined {
  if (url === undefined) {
    if (from !== undefined && !EMAIL.test(from)) problems.push(`CUSTODIAN_MAIL_FROM must be an email address such as custodian@example.gov.uk (got "${from}").`);
    return undefined;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // The password is never repeated in a message: only the scheme and host of the URL are shown.
  const shown = parsed ? `got "${parsed.protocol}//${parsed.host}"` : 'the value set is not a URL';
  if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || parsed.hostname === '') {
    problems.push(`CUSTODIAN_SMTP_URL must be smtp://user:password@host:587 or smtps://user:password@host:465 (${shown}).`);
  } else if (parsed.port !== '' && (Number(parsed.port) < 1 || Number(parsed.port) > 65535)) {
    problems.push(`CUSTODIAN_SMTP_URL has port ${parsed.port}; use a port from 1 to 65535.`);
  }
  if (from === undefined) problems.push('CUSTODIAN_MAIL_FROM must be set when CUSTODIAN_SMTP_URL is: the From address of email notifications, such as custodian@example.gov.uk.');
  else if (!EMAIL.test(from)) problems.push(`CUSTODIAN_MAIL_FROM must be an email address such as custodian@example.gov.uk (got "${from}").`);
  return { url, from: from ?? '' };
}
