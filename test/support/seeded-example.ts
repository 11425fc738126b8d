// A PGlite data directory holding what `custodian seed` makes with the MoJ example, built once and
// copied for each test that needs a seeded Custodian (the Chromium journeys' servers, CLI tests).
// Seeding loads the whole example and evaluates every compliance rule: about 20 s of CPU each time,
// which once per journey file was minutes of CI. The copy is keyed on every source file and the
// administrator's credentials, so a change to the example, a service or a migration builds it again.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFingerprint } from './template.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CACHE = join(ROOT, '.cache');

export interface SeedCredentials {
  readonly adminEmail: string;
  readonly adminPassword: string;
}

async function ensureSeeded(credentials: SeedCredentials): Promise<string> {
  const current = `seeded-moj-${sourceFingerprint()}`;
  const path = join(CACHE, `${current}-${createHash('sha256').update(`${credentials.adminEmail}\n${credentials.adminPassword}`).digest('hex').slice(0, 8)}`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  // Seeded in a folder of its own, then renamed: a parallel test process never copies half of one.
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const env = { CUSTODIAN_DATA_DIR: partial, CUSTODIAN_EXAMPLE: 'moj', CUSTODIAN_ADMIN_EMAIL: credentials.adminEmail, CUSTODIAN_ADMIN_PASSWORD: credentials.adminPassword, LOG_LEVEL: 'silent' };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  // Loaded only when a copy must be built: the whole application, which a journey's process otherwise never imports.
  const { memoryIo } = await import('../../src/cli/io.ts');
  const { runCli } = await import('../../src/cli/main.ts');
  const io = memoryIo();
  try {
    const code = await runCli(['seed'], io);
    if (code !== 0) throw new Error(`custodian seed failed (${code}): ${io.stderr}`);
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  try {
    renameSync(partial, path);
    // Copies made from older sources are never used again: 50 MB each.
    for (const name of readdirSync(CACHE)) if (name.startsWith('seeded-moj-') && !name.startsWith(current)) rmSync(join(CACHE, name), { recursive: true, force: true });
  } catch (error) {
    // Another process finished first: its copy is the same.
    if (!existsSync(path)) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  return path;
}

/** Fills dataDir (which must not hold a database) with a copy of the seeded MoJ example. */
export async function copySeededExample(dataDir: string, credentials: SeedCredentials): Promise<void> {
  cpSync(await ensureSeeded(credentials), dataDir, { recursive: true });
}
