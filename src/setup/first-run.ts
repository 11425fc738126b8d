// The one first-run setup, used by `npm start` and `custodian seed`: migrate, make sure the first
// administrator exists, and load the chosen example data. Running it again changes nothing.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../database.ts';
import { generatePassword, hashPassword } from '../access/passwords.ts';
import { migrate } from '../platform/db/migrator.ts';
import { loadExample } from '../example/load.ts';
import { AuditTrail } from '../platform/audit/audit-trail.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { createServices } from '../services.ts';
import { systemActor } from '../access/actor.ts';
import { loadBuiltInFrameworks } from '../registers/frameworks/built-in.ts';

export interface SetupOutcome {
  readonly migrationsApplied: string[];
  /** Set only when the administrator was created now with a generated password: print it once. */
  readonly generatedAdminPassword?: string;
  readonly adminCreated: boolean;
  readonly example: { readonly name: string; readonly created: number; readonly unchanged: number } | undefined;
}

export async function ensureSessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await db.selectFrom('settings').select('value').where('key', '=', 'session_secret').executeTakeFirst();
  if (existing) return existing.value;
  const secret = randomBytes(48).toString('base64url');
  await db.insertInto('settings').values({ key: 'session_secret', value: secret }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('settings').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return stored.value;
}

const SETUP_ACTOR = { type: 'system', id: null, label: 'first-run setup' } as const;

/** Grants need a unit: a department set up without example data starts with one root unit to rename. */
async function ensureRootUnit(db: Db, audit: AuditTrail): Promise<string> {
  const root = await db.selectFrom('organisation_units').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
  if (root) return root.id;
  return audit.write(db, async (trx) => {
    const unit = await trx.insertInto('organisation_units').values({ code: 'ORG', name: 'Your organisation', unit_type: 'department', has_own_accounting_officer: true }).returning('id').executeTakeFirstOrThrow();
    return { result: unit.id, event: { actor: SETUP_ACTOR, action: 'organisation-unit.created', recordType: 'organisation-unit', recordId: unit.id, changes: { after: { code: 'ORG' } } } };
  });
}

async function ensureAdministrator(db: Db, audit: AuditTrail, config: Config, rootUnitId: string): Promise<{ created: boolean; generatedPassword?: string }> {
  const existing = await db.selectFrom('people').innerJoin('accounts', 'accounts.person_id', 'people.id').select('accounts.id').where('people.email', '=', config.adminEmail).executeTakeFirst();
  if (existing) return { created: false };
  const generatedPassword = config.adminPassword === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(config.adminPassword ?? generatedPassword!);
  await audit.write(db, async (trx) => {
    const person =
      (await trx.selectFrom('people').select('id').where('email', '=', config.adminEmail).executeTakeFirst()) ??
      (await trx.insertInto('people').values({ display_name: 'Administrator', email: config.adminEmail }).returning('id').executeTakeFirstOrThrow());
    const account = await trx.insertInto('accounts').values({ person_id: person.id, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('role_grants').values({ person_id: person.id, role: 'administrator', unit_id: rootUnitId }).onConflict((oc) => oc.columns(['person_id', 'role', 'unit_id']).doNothing()).execute();
    return { result: undefined, event: { actor: SETUP_ACTOR, action: 'account.created', recordType: 'account', recordId: account.id, changes: { after: { email: config.adminEmail, role: 'administrator' } } } };
  });
  return generatedPassword ? { created: true, generatedPassword } : { created: true };
}

/** `clock` dates what the setup records; tests pass their fixed clock so the example agrees with it. */
export async function firstRunSetup(db: Db, config: Config, clock: Clock = systemClock): Promise<SetupOutcome> {
  const { applied } = await migrate(db);
  await ensureSessionSecret(db, config.sessionSecret);
  const audit = new AuditTrail(db, clock);
  // The example goes in through the registers' own services, as a person would enter it.
  const services = createServices({ db, engine: config.databaseUrl ? 'postgres' : 'pglite', clock, config, log: { info: () => undefined, error: () => undefined } });
  // Built-in frameworks are there for every department, with or without the example.
  await loadBuiltInFrameworks(services.frameworks, systemActor('first-run setup'), (code) => services.frameworks.holds(code));
  const example = config.example === 'none' ? undefined : { name: config.example, ...(await loadExample(services, config.example)) };
  const admin = await ensureAdministrator(db, audit, config, await ensureRootUnit(db, audit));
  // The first start shows findings at once, not after the first scheduled run; new example data was
  // evaluated as it loaded (loadExample).
  const evaluated = await db.selectFrom('compliance_runs').select('id').where('kind', '=', 'full').limit(1).executeTakeFirst();
  if (!evaluated) await services.compliance.evaluate(systemActor('first-run setup'), 'setup');
  return {
    migrationsApplied: applied,
    adminCreated: admin.created,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    example,
  };
}
