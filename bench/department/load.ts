// Register list pages under concurrent load: `clients` clients each ask for a page of 50 rows and wait
// for the whole page. With no interval each asks again at once (the server saturated: the hardest
// reading of "concurrent"); with one, each asks once per interval, as people reading pages do, the
// clients spread evenly across it. Every answer must be a 200 with the register's table in it, or it
// counts as a failure.
import { performance } from 'node:perf_hooks';

export interface PageLoad {
  readonly path: string;
  readonly requests: number;
  readonly failures: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly perSecond: number;
  readonly firstFailure?: string;
}

export interface LoadOptions {
  readonly clients: number;
  readonly requestsPerClient: number;
  /** Pages 1 to this many (or as many as there are) are asked for in turn, so no answer is the same query as the one before. */
  readonly pagesSpread: number;
  /** Each client asks once per this many milliseconds (0: again as soon as answered). */
  readonly intervalMs: number;
  /** No client starts a request after this long: a slow page is measured on fewer answers rather than holding the run. */
  readonly budgetMs: number;
}

const WARM_UP_PAGES = 3;

export async function loadListPage(baseUrl: string, token: string, path: string, options: LoadOptions): Promise<PageLoad> {
  const headers = { authorization: `Bearer ${token}`, accept: 'text/html' };
  const ask = async (page: number): Promise<{ ms: number; problem?: string; lastPage?: number }> => {
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}${path}${path.includes('?') ? '&' : '?'}page=${page}`, { headers });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) return { ms, problem: `${path} page ${page}: HTTP ${response.status}` };
      if (!body.includes('<table')) return { ms, problem: `${path} page ${page}: no table in the page` };
      return { ms, lastPage: Math.max(page, ...[...body.matchAll(/[?;]page=(\d+)/g)].map((m) => Number(m[1]))) };
    } catch (error) {
      return { ms: performance.now() - started, problem: `${path} page ${page}: ${(error as Error).message}` };
    }
  };
  // Warm up (the first answers pay for compiled templates and cold caches, which a running server has
  // paid already) on the first few pages; the first page's links say how many pages there are.
  const first = await ask(1);
  if (first.problem) return { path, requests: 1, failures: 1, p50Ms: first.ms, p95Ms: first.ms, maxMs: first.ms, perSecond: 0, firstFailure: first.problem };
  const spread = Math.min(options.pagesSpread, first.lastPage ?? 1);
  for (let page = 2; page <= Math.min(spread, WARM_UP_PAGES); page++) await ask(page);

  const times: number[] = [];
  const problems: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async (_unused, client) => {
      for (let i = 0; i < options.requestsPerClient; i++) {
        if (performance.now() - started > options.budgetMs) break;
        if (options.intervalMs > 0) {
          const due = started + (client / options.clients + i) * options.intervalMs;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        }
        const answer = await ask(1 + ((client * options.requestsPerClient + i) % spread));
        times.push(answer.ms);
        if (answer.problem) problems.push(answer.problem);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 10) / 10;
  return {
    path,
    requests: times.length,
    failures: problems.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: at(1),
    perSecond: Math.round((times.length / elapsedMs) * 1000),
    ...(problems[0] ? { firstFailure: problems[0] } : {}),
  };
}
