// The one first-run setup, used by `npm start` and `custodian seed`: migrate, make sure the first
// administrator exists, and load the chosen example data. Running it again changes nothing.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../database.ts';
import { generatePassword, hashPassword } from '../access/passwords.ts';
import { migrate } from '../platform/db/migrator.ts';
import { loadExample } from '../example/load.ts';

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

async function ensureAdministrator(db: Db, config: Config): Promise<{ created: boolean; generatedPassword?: string }> {
  const existing = await db.selectFrom('people').innerJoin('accounts', 'accounts.person_id', 'people.id').select('accounts.id').where('people.email', '=', config.adminEmail).executeTakeFirst();
  if (existing) return { created: false };
  const generatedPassword = config.adminPassword === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(config.adminPassword ?? generatedPassword!);
  await db.transaction().execute(async (trx) => {
    const person =
      (await trx.selectFrom('people').select('id').where('email', '=', config.adminEmail).executeTakeFirst()) ??
      (await trx.insertInto('people').values({ display_name: 'Administrator', email: config.adminEmail }).returning('id').executeTakeFirstOrThrow());
    await trx.insertInto('accounts').values({ person_id: person.id, password_hash: passwordHash }).execute();
  });
  return generatedPassword ? { created: true, generatedPassword } : { created: true };
}

export async function firstRunSetup(db: Db, config: Config): Promise<SetupOutcome> {
  const { applied } = await migrate(db);
  await ensureSessionSecret(db, config.sessionSecret);
  const admin = await ensureAdministrator(db, config);
  const example = config.example === 'none' ? undefined : { name: config.example, ...(await loadExample(db, config.example)) };
  return {
    migrationsApplied: applied,
    adminCreated: admin.created,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    example,
  };
}
