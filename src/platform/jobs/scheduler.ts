// One scheduler for everything that runs later or on a schedule. Jobs live in the database, so they
// survive restarts; claiming uses FOR UPDATE SKIP LOCKED, so several app processes on PostgreSQL
// share the work without running a job twice (on PGlite there is one process and one connection).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { PlatformTables } from '../db/platform-tables.ts';

export type JobHandler = (payload: Record<string, unknown>, context: { jobId: string; attempt: number }) => Promise<void>;

export interface EnqueueOptions {
  readonly runAt?: Date;
  /** While a job with this key is queued or running, enqueueing it again does nothing. */
  readonly dedupeKey?: string;
  readonly maxAttempts?: number;
}

export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const LEASE_MS = 5 * 60_000;

export class JobScheduler {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
    private readonly log: SchedulerLogger,
  ) {}

  define(name: string, handler: JobHandler): void {
    if (this.#handlers.has(name)) throw new Error(`Job ${name} is defined twice`);
    this.#handlers.set(name, handler);
  }

  /** Queues a job; pass a transaction so the job exists only if the write that wants it commits. */
  async enqueue<DB extends PlatformTables>(name: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}, executor?: Kysely<DB> | Transaction<DB>): Promise<void> {
    const db = (executor ?? this.db) as unknown as Kysely<PlatformTables>;
    await db
      .insertInto('jobs')
      .values({
        name,
        payload: JSON.stringify(payload),
        dedupe_key: options.dedupeKey ?? null,
        run_at: options.runAt ?? this.clock.now(),
        max_attempts: options.maxAttempts ?? 5,
      })
      .onConflict((oc) => oc.columns(['name', 'dedupe_key']).where('dedupe_key', 'is not', null).where('status', 'in', ['queued', 'running']).doNothing())
      .execute();
  }

  /** Declares a recurring job; its first run is one interval from now unless it already exists. */
  async every(name: string, intervalSeconds: number): Promise<void> {
    const next = new Date(this.clock.now().getTime() + intervalSeconds * 1000);
    await this.db
      .insertInto('job_schedules')
      .values({ name, interval_seconds: intervalSeconds, next_run_at: next, last_run_at: null })
      .onConflict((oc) => oc.column('name').doUpdateSet({ interval_seconds: intervalSeconds }))
      .execute();
  }

  /** Moves due schedules forward and queues their jobs. Only one process wins each due schedule. */
  async queueDueSchedules(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .updateTable('job_schedules')
        .set({
          last_run_at: now,
          next_run_at: sql<Date>`${now}::timestamptz + make_interval(secs => interval_seconds)`,
        })
        .where('next_run_at', '<=', now)
        .returning(['name'])
        .execute();
      for (const { name } of due) await this.enqueue(name, {}, { dedupeKey: 'schedule' }, trx);
      return due.length;
    });
  }

  /** Claims and runs due jobs until none is left; returns how many ran. */
  async runDueJobs(limit = 100): Promise<number> {
    let ran = 0;
    while (ran < limit) {
      const job = await this.#claim();
      if (!job) break;
      ran++;
      await this.#run(job);
    }
    return ran;
  }

  async #claim() {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const claimed = await sql<{ id: string; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
      update jobs set status = 'running', attempts = attempts + 1, locked_by = ${this.#workerId}, locked_until = ${leaseUntil}
      where id = (
        select id from jobs
        where (status = 'queued' and run_at <= ${now})
           or (status = 'running' and locked_until < ${now})
        order by run_at
        for update skip locked
        limit 1
      )
      returning id, name, payload, attempts, max_attempts`.execute(this.db);
    return claimed.rows[0];
  }

  async #run(job: { id: string; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }): Promise<void> {
    const handler = this.#handlers.get(job.name);
    try {
      if (!handler) throw new Error(`No handler is defined for job ${job.name}`);
      await handler(job.payload ?? {}, { jobId: job.id, attempt: job.attempts });
      await this.db.updateTable('jobs').set({ status: 'done', finished_at: this.clock.now(), locked_by: null, locked_until: null }).where('id', '=', job.id).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.max_attempts;
      // Retry with a growing delay: 30 s, 2 min, 8 min, …
      const retryAt = new Date(this.clock.now().getTime() + 30_000 * 4 ** (job.attempts - 1));
      await this.db
        .updateTable('jobs')
        .set({
          status: giveUp ? 'failed' : 'queued',
          last_error: message.slice(0, 2000),
          run_at: giveUp ? undefined : retryAt,
          finished_at: giveUp ? this.clock.now() : null,
          locked_by: null,
          locked_until: null,
        })
        .where('id', '=', job.id)
        .execute();
      this.log.error({ job: job.name, jobId: job.id, attempt: job.attempts, err: error }, giveUp ? 'Job failed for good' : 'Job failed; it will be retried');
    }
  }

  /** One pass: queue due schedules, then run due jobs. */
  async tick(): Promise<number> {
    await this.queueDueSchedules();
    return this.runDueJobs();
  }

  start(pollMs = 5_000): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async (): Promise<void> => {
      if (this.#stopped) return;
      try {
        this.#running = this.tick().then(() => undefined);
        await this.#running;
      } catch (error) {
        this.log.error({ err: error }, 'Scheduler pass failed');
      } finally {
        this.#running = undefined;
        if (!this.#stopped) this.#timer = setTimeout(() => void loop(), pollMs);
      }
    };
    this.#timer = setTimeout(() => void loop(), 50);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
