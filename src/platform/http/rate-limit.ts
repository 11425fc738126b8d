// Per-address limits on routes that guess-and-check secrets (sign-in, security codes, invitations).
// Counted in fixed windows in this process's memory: with several processes on PostgreSQL each keeps
// its own count, and the account lockout (in the database) still bounds guesses per account.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The name of a rate-limit bucket this route counts against. */
    rateLimit?: string;
  }
}

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

const MAX_TRACKED = 50_000;

export function registerRateLimits(app: FastifyInstance, buckets: Readonly<Record<string, RateLimit>>, clock: Clock): void {
  const windows = new Map<string, { count: number; resetAt: number }>();
  app.addHook('onRoute', (route) => {
    const bucket = route.config?.rateLimit;
    if (bucket && !buckets[bucket]) throw new Error(`Route ${route.url} names unknown rate-limit bucket ${bucket}`);
  });
  app.addHook('onRequest', async (request) => {
    const bucket = request.routeOptions.config?.rateLimit;
    const limit = bucket ? buckets[bucket] : undefined;
    if (!bucket || !limit) return;
    const now = clock.now().getTime();
    const key = `${bucket}|${request.ip}`;
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      if (windows.size >= MAX_TRACKED) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      window = { count: 0, resetAt: now + limit.windowMs };
      windows.set(key, window);
    }
    window.count++;
    if (window.count > limit.max) {
      const minutes = Math.ceil((window.resetAt - now) / 60_000);
      throw new AppError('too_many_requests', `Too many attempts from your network. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`);
    }
  });
}
