// One engine's department-scale run: an empty store, seeded and filled by the real CLI (`custodian
// seed`, `custodian demo generate`), the compliance engine timed against its floor in this process,
// then the real server (`src/main.ts`) under concurrent load, its memory read from /proc throughout.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../../src/access/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openRuntime } from '../../src/runtime.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer } from '../../test/e2e/support/server.ts';
import { measureFloor, measureScopedReevaluation } from '../evaluation.ts';
import { loadListPage, type LoadOptions } from './load.ts';
import { createStore, type Engine } from './stores.ts';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly floor?: number;
  readonly goal?: string;
  /** Whether the figure meets its goal, where it has one that applies to this engine. */
  readonly met?: boolean;
}

/** The register list pages put under load: each shows 50 rows a page. */
export const LIST_PAGES = ['/people', '/information-assets', '/technology-services', '/suppliers', '/risks', '/incidents', '/actions'] as const;

/** The paced load: each client asks for a page once a second (32 people paging through registers briskly). */
const PACED_INTERVAL_MS = 1_000;

const ROOT = new URL('../../', import.meta.url).pathname;
const MiB = 1024 * 1024;

/** Runs `custodian …` as its own process, as an operator would; `onLine` hears what it says on stderr. */
async function custodian(args: readonly string[], env: Record<string, string>, onLine: (line: string) => void): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') onLine(line.trim());
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`custodian ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-4000)}`);
  return stdout;
}

/** Peak and current resident memory of a process, from /proc, in bytes. */
async function memoryOf(pid: number): Promise<{ peak: number; now: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { peak: kib('VmHWM'), now: kib('VmRSS') };
}

export async function measureEngine(engine: Engine, scale: string, seed: number, load: Omit<LoadOptions, 'intervalMs'>, say: (line: string) => void): Promise<Figure[]> {
  const store = await createStore(engine);
  try {
    const env = { ...store.env, CUSTODIAN_EXAMPLE: 'none', CUSTODIAN_ADMIN_EMAIL: ADMIN_EMAIL, CUSTODIAN_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const generation = await generateDepartment(env, scale, seed, say);
    const compliance = await measureCompliance(env, say);
    const server = await measureServer(env, compliance.token, load, say);
    return [...generation, ...compliance.figures, ...server];
  } finally {
    await store.remove();
  }
}

/** `custodian seed` into the empty store, then `custodian demo generate`: what the imports took, and the generator's memory. */
export async function generateDepartment(env: Record<string, string>, scale: string, seed: number, say: (line: string) => void): Promise<Figure[]> {
  say('custodian seed (empty, with an administrator)');
  await custodian(['seed'], env, () => undefined);
  say(`custodian demo generate --scale ${scale} --seed ${seed}`);
  const started = performance.now();
  const generated = JSON.parse(await custodian(['demo', 'generate', '--scale', scale, '--seed', String(seed), '--json'], env, (line) => say(`  ${line}`))) as {
    timings: Record<string, number>;
    peakRssBytes: number;
  };
  const figures: Figure[] = [{ name: 'generate the department (whole command)', value: Math.round((performance.now() - started) / 100) / 10, unit: 's' }];
  for (const [step, ms] of Object.entries(generated.timings)) if (step.endsWith('(import)')) figures.push({ name: `import: ${step.replace(' (import)', '')}`, value: Math.round(ms / 100) / 10, unit: 's' });
  figures.push({ name: 'generator peak RSS', value: Math.round(generated.peakRssBytes / MiB), unit: 'MiB' });
  return figures;
}

/** In this process, over the generated store: full evaluations against the floor, a scoped re-evaluation, the size; and a token for the load. */
export async function measureCompliance(env: Record<string, string>, say: (line: string) => void): Promise<{ figures: Figure[]; token: string }> {
  const figures: Figure[] = [];
  const runtime = await openRuntime(loadConfig(env), { log: { info: () => undefined, error: (obj, msg) => say(`${msg} ${JSON.stringify(obj)}`) } });
  try {
    const { db } = runtime.database;
    const actor = systemActor('bench');
    say('full evaluation (first: every finding is new)');
    const first = await runtime.services.compliance.evaluate(actor, 'bench');
    figures.push({ name: 'full evaluation, first (every finding opened)', value: first.durationMs, unit: 'ms' });
    figures.push({ name: '  findings it opened', value: first.findings.open, unit: 'findings' });
    say('full evaluation again, and the floor');
    const again = await runtime.services.compliance.evaluate(actor, 'bench');
    const floor = await measureFloor(db, systemClock.now());
    const ratio = again.durationMs / floor.totalMs;
    figures.push({ name: 'full evaluation', value: again.durationMs, unit: 'ms', floor: Math.round(floor.totalMs), goal: '≤ 1.5 × floor', met: ratio <= 1.5 });
    for (const rule of floor.rules) figures.push({ name: `  floor: ${rule.id} (${rule.subjects.toLocaleString('en-GB')} checked)`, value: Math.round(rule.ms), unit: 'ms' });
    say('scoped re-evaluation after one change');
    const scoped = await measureScopedReevaluation(db, runtime.services, systemClock.now());
    figures.push({ name: `scoped re-evaluation after one change (${scoped.rules} rules)`, value: scoped.runMs, unit: 'ms', goal: '< 50 ms', met: scoped.runMs < 50 });
    figures.push({ name: 'the change and its re-evaluation, from the caller', value: scoped.withWriteMs, unit: 'ms' });
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(db);
    figures.push({ name: 'database size', value: Math.round(Number(size.rows[0]!.bytes) / MiB), unit: 'MiB' });
    const token = await runtime.services.accounts.createTokenForEmail(ADMIN_EMAIL, { name: 'department benchmark', expiresInDays: 1, readOnly: false });
    return { figures, token };
  } finally {
    await runtime.close();
  }
}

/** The real server over the store: each list page under load, then a full evaluation from the posture page; its peak memory throughout. */
export async function measureServer(env: Record<string, string>, token: string, load: Omit<LoadOptions, 'intervalMs'>, say: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  say('the server under load');
  const server = await startServer({ example: 'none', env: { ...env, LOG_LEVEL: 'warn' } });
  try {
    let sampledPeak = 0;
    const sampler = setInterval(() => void memoryOf(server.pid).then((m) => (sampledPeak = Math.max(sampledPeak, m.now)), () => undefined), 100);
    try {
      for (const mode of [{ intervalMs: 0, label: 'each asking again at once' }, { intervalMs: PACED_INTERVAL_MS, label: `each asking every ${PACED_INTERVAL_MS / 1000} s` }]) {
        for (const path of LIST_PAGES) {
          const result = await loadListPage(server.baseUrl, token, path, { ...load, intervalMs: mode.intervalMs });
          if (result.failures > 0) say(`  ${path}: ${result.failures} of ${result.requests} failed, first: ${result.firstFailure}`);
          say(`  ${path}, ${mode.label}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, ${result.perSecond}/s`);
          figures.push({ name: `list page p95, ${load.clients} clients ${mode.label}: ${path}`, value: result.p95Ms, unit: 'ms', goal: '< 50 ms (PostgreSQL)', met: result.failures === 0 && result.p95Ms < 50 });
          figures.push({ name: `  p50, answers a second: ${path} (${mode.intervalMs === 0 ? 'at once' : 'paced'})`, value: result.p50Ms, unit: `ms (${result.perSecond}/s${result.failures > 0 ? `, ${result.failures} failed` : ''})` });
        }
      }
      say("a full evaluation inside the server (the posture page's button)");
      figures.push({ name: 'full evaluation inside the server, from the form', value: await evaluateThroughServer(server.baseUrl, token), unit: 'ms' });
    } finally {
      clearInterval(sampler);
    }
    const memory = await memoryOf(server.pid);
    const peak = Math.max(memory.peak, sampledPeak);
    figures.push({ name: 'server peak RSS (start, load, a full evaluation)', value: Math.round(peak / MiB), unit: 'MiB', goal: '< 1,536 MiB (PostgreSQL)', met: peak < 1.5 * 1024 * MiB });
    return figures;
  } finally {
    await server.stop();
  }
}

/** Presses "Evaluate now" on the posture page, as the security team would: the form, its CSRF token and the redirect. */
async function evaluateThroughServer(baseUrl: string, token: string): Promise<number> {
  const authorization = `Bearer ${token}`;
  const page = await fetch(`${baseUrl}/compliance`, { headers: { authorization } });
  const cookie = (page.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('The posture page has no form with a CSRF token: cannot press "Evaluate now"');
  const started = performance.now();
  const response = await fetch(`${baseUrl}/compliance/evaluate`, { method: 'POST', redirect: 'manual', headers: { authorization, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString() });
  const ms = performance.now() - started;
  if (response.status !== 303) throw new Error(`"Evaluate now" answered HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return Math.round(ms);
}
