// Figures that stand until something changes. Every write is recorded in the audit trail in its own
// transaction, so the trail's head (the last sequence number) moves with any change, in any process:
// a result kept under the head it was worked out at (and the minute, for figures that depend on the
// time) is as fresh as working it out again, at the cost of reading one row.
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { AuditTables } from './tables.ts';

export class UntilNextWrite {
  private readonly kept = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<AuditTables>,
    private readonly clock: Clock,
    private readonly capacity = 200,
  ) {}

  /** `key` must name everything the result depends on besides the data: the filter, who is asking. */
  async get<T>(key: string, workOut: () => Promise<T>): Promise<T> {
    const head = await sql<{ seq: string }>`select seq::text as seq from audit_chain_head where id = 1`.execute(this.db);
    const full = `${head.rows[0]?.seq ?? '0'}|${Math.floor(this.clock.now().getTime() / 60_000)}|${key}`;
    const known = this.kept.get(full);
    if (known) return known as Promise<T>;
    const value = workOut();
    this.kept.set(full, value);
    // A failure is not kept; the oldest result goes when the cache is full.
    value.catch(() => this.kept.delete(full));
    if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    return value;
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
