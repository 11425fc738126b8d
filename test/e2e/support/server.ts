// Starts the real server (`src/main.ts`) as a child process for the Chromium journeys: a fresh
// PGlite folder per server (or E2E_DATABASE_URL's PostgreSQL), a known first administrator, and a
// free port. The server is the one an operator runs, so the journeys test what ships.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySeededExample } from '../../support/seeded-example.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const HEALTHY_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 10_000;
const PORT_ATTEMPTS = 3;
/** Enough of the server's output to explain a failed start, without keeping a whole run's log. */
const OUTPUT_KEPT_CHARS = 20_000;

/** The first administrator that first-run setup creates: a later journey signs in with these. */
export const ADMIN_EMAIL = 'e2e.admin@custodian.test';
export const ADMIN_PASSWORD = 'e2e-Admin-password-1234';

export interface StartOptions {
  /** Example data loaded at first run; the foundation journeys need the MoJ example. */
  readonly example?: 'moj' | 'none';
  /** Extra environment variables for the server (settings under test). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunningServer {
  /** Origin without a trailing slash, such as http://127.0.0.1:40123. */
  readonly baseUrl: string;
  readonly port: number;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly database: 'pglite' | 'postgres';
  /** The server's process id (the benchmark reads its memory from /proc). */
  readonly pid: number;
  /** Absolute URL of a path on this server. */
  url(path: string): string;
  /** Everything the server has printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited; removes the PGlite folder. Safe to call twice. */
  stop(): Promise<void>;
}

class ServerStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
    this.name = 'ServerStartError';
  }
}

/** A port nothing listens on now. Another process could take it before the server binds it, so start() retries. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port was found.'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_WITHIN_MS);
  });
  const killed = await Promise.race([exited(child).then(() => false), gaveUp]);
  clearTimeout(timer);
  if (killed) {
    child.kill('SIGKILL');
    await exited(child);
  }
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
  } catch {
    return false;
  }
}

async function startOnce(options: StartOptions): Promise<RunningServer> {
  const databaseUrl = process.env.E2E_DATABASE_URL?.trim() || undefined;
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'custodian-e2e-data-'));
  // A server on the MoJ example starts from a copy of one seeded data directory (test/support/seeded-example.ts):
  // the same first-run setup, done once per run rather than once per journey file. A journey that sets its
  // own data directory or database seeds its own.
  const ownStore = options.env !== undefined && ('CUSTODIAN_DATA_DIR' in options.env || 'DATABASE_URL' in options.env);
  if (dataDir && (options.example ?? 'moj') === 'moj' && !ownStore) await copySeededExample(dataDir, { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  // Only what the server needs, so a developer's own CUSTODIAN_* or DATABASE_URL cannot leak in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    PORT: String(port),
    HOST: '127.0.0.1',
    CUSTODIAN_BASE_URL: baseUrl,
    CUSTODIAN_EXAMPLE: options.example ?? 'moj',
    CUSTODIAN_ADMIN_EMAIL: ADMIN_EMAIL,
    CUSTODIAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    // A journey signs many people in from one address within minutes: more than a person would.
    CUSTODIAN_SIGN_IN_ATTEMPTS: '1000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { CUSTODIAN_DATA_DIR: dataDir ?? '' }),
    ...options.env,
  };

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A test runner that dies must not leave a server holding the port and the PGlite lock.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await stopChild(child);
      process.removeListener('exit', killOnExit);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  while (!(await healthy(baseUrl))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new ServerStartError(
        `The server exited (code ${child.exitCode ?? child.signalCode}) before it answered /health. Its output:\n${output}`,
        /EADDRINUSE/.test(output),
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new ServerStartError(`The server did not answer /health within ${HEALTHY_WITHIN_MS / 1000} s. Its output:\n${output}`, false);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    port,
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    database: databaseUrl || options.env?.DATABASE_URL ? 'postgres' : 'pglite',
    pid: child.pid ?? 0,
    url: (path) => new URL(path, `${baseUrl}/`).toString(),
    output: () => output,
    stop,
  };
}

/** Starts a server and waits until /health answers; fails with the server's output if it does not within 60 s. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      // Another process took the port between choosing it and binding it: choose again.
      if (error instanceof ServerStartError && error.portInUse && attempt < PORT_ATTEMPTS) continue;
      throw error;
    }
  }
}
