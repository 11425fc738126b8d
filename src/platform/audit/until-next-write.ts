// Figures that stand until something changes. Every write is recorded in the audit trail in its own
// transaction, so the trail's head (the last sequence number) moves with any change, in any process:
// a result kept under the head it was worked out at (and the minute, for figures that depend on the
// time) is as fresh as working it out again, at the cost of reading one row.
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { AuditTables } from './tables.ts';

export class UntilNextWrite {
  private readonly kept = new Map<string, Promise<unknown>>();
  /** Per key, the last result worked out, under the head and minute it was worked out at. */
  private readonly settled = new Map<string, { at: string; head: string; value: unknown }>();

  constructor(
    private readonly db: Kysely<AuditTables>,
    private readonly clock: Clock,
    private readonly capacity = 200,
  ) {}

  /**
   * `key` must name everything the result depends on besides the data: the filter, who is asking.
   * When only the minute has turned (nothing written), the last result is given while the new one is
   * worked out: a register's trend over 100,000 incidents takes about half a second, and every page
   * asked for in that half second waited for it. After a write, nobody is given the old result.
   */
  async get<T>(key: string, workOut: () => Promise<T>): Promise<T> {
    const row = await sql<{ seq: string }>`select seq::text as seq from audit_chain_head where id = 1`.execute(this.db);
    const head = row.rows[0]?.seq ?? '0';
    const at = `${head}|${Math.floor(this.clock.now().getTime() / 60_000)}`;
    const last = this.settled.get(key);
    if (last?.at === at) return last.value as T;
    const full = `${at}|${key}`;
    let pending = this.kept.get(full) as Promise<T> | undefined;
    if (!pending) {
      pending = workOut();
      this.kept.set(full, pending);
      // A failure is not kept; the oldest result goes when the cache is full.
      pending.then(
        (value) => this.settled.set(key, { at, head, value }),
        () => this.kept.delete(full),
      );
      if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
      if (this.settled.size > this.capacity) this.settled.delete(this.settled.keys().next().value!);
    }
    return last?.head === head ? (last.value as T) : pending;
  }

  /** `get` under one key, for a repository to call with its work (a list's total count, say). */
  keeping<T>(key: string): KeepOrWorkOut<T> {
    return (workOut) => this.get(key, workOut);
  }
}

/** Given some work, returns its result: kept from before, or worked out now. */
export type KeepOrWorkOut<T> = (workOut: () => Promise<T>) => Promise<T>;

/** Works it out every time: for callers with nothing to keep. */
export const workOutNow = <T>(workOut: () => Promise<T>): Promise<T> => workOut();
