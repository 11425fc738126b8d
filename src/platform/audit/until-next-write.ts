// Figures that stand until something changes. Every write is recorded in the audit trail in its own
// transaction, so the trail's head (the last sequence number) moves with any change, in any process:
// a result kept under the head it was worked out at (and the minute, for figures that depend on the
// time) is as fresh as working it out again, at the cost of reading one row.
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { AuditTables } from './tables.ts';

export class UntilNextWrite {
  private readonly kept = new Map<string, Promise<unknown>>();
  /** Per key, the last result worked out and the head it was worked out at. */
  private readonly settled = new Map<string, { head: string; value: unknown }>();

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
    const full = `${head}|${Math.floor(this.clock.now().getTime() / 60_000)}|${key}`;
    const known = this.kept.get(full);
    if (known) return known as Promise<T>;
    const value = workOut();
    this.kept.set(full, value);
    // A failure is not kept; the oldest result goes when the cache is full.
    value.then(
      (result) => this.settled.set(key, { head, value: result }),
      () => this.kept.delete(full),
    );
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    if (this.settled.size > this.capacity) this.settled.delete(this.settled.keys().next().value!);
    const last = this.settled.get(key);
    return last?.head === head ? (last.value as T) : value;
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
