// The tamper-evident audit trail. Every write records one event in the same transaction as the write.
// Events form a hash chain in commit order: recording locks the single chain-head row until the
// transaction ends, so concurrent writers on PostgreSQL queue behind each other and cannot fork it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import { canonicalJson } from './canonical-json.ts';
import type { AuditEventTable, AuditTables } from './tables.ts';

export interface AuditActor {
  readonly type: 'person' | 'system' | 'anonymous';
  readonly id: string | null;
  readonly label: string;
}

export interface AuditEventInput {
  readonly actor: AuditActor;
  /** What happened, as `<record>.<verb>`: `risk.accepted`, `sign-in.failed`, `people.imported`. */
  readonly action: string;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly changes?: { readonly before?: unknown; readonly after?: unknown };
  readonly metadata?: Record<string, unknown>;
  readonly requestId?: string;
}

export interface AuditEvent {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly recordType: string | null;
  readonly recordId: string | null;
  readonly changes: unknown;
  readonly metadata: unknown;
  readonly requestId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = 'genesis';

type EventContent = Omit<AuditEvent, 'hash'>;

export function hashEvent(event: EventContent): string {
  const content = canonicalJson([
    event.seq,
    event.occurredAt.toISOString(),
    event.actorType,
    event.actorId,
    event.actorLabel,
    event.action,
    event.recordType,
    event.recordId,
    event.changes ?? null,
    event.metadata ?? null,
    event.requestId,
    event.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

export function toAuditEvent(row: { [K in keyof AuditEventTable]: unknown }): AuditEvent {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at as Date,
    actorType: row.actor_type as string,
    actorId: (row.actor_id as string | null) ?? null,
    actorLabel: row.actor_label as string,
    action: row.action as string,
    recordType: (row.record_type as string | null) ?? null,
    recordId: (row.record_id as string | null) ?? null,
    changes: row.changes ?? null,
    metadata: row.metadata ?? null,
    requestId: (row.request_id as string | null) ?? null,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

export class AuditTrail {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly db: Kysely<AuditTables>,
    private readonly clock: Clock,
  ) {}

  /**
   * Called after each event is recorded, before its transaction commits: a listener that reads the
   * trail must wait for the commit (compliance/watcher.ts debounces, then reads committed events).
   */
  onRecorded(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Records an event inside the caller's transaction; the event commits or rolls back with the write. */
  async record<DB extends AuditTables>(transaction: Transaction<DB>, input: AuditEventInput): Promise<AuditEvent> {
    const trx = transaction as unknown as Transaction<AuditTables>;
    const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head where id = 1 for update`.execute(trx);
    const current = head.rows[0];
    if (!current) throw new Error('The audit chain head is missing: run the migrations');
    const content: EventContent = {
      seq: Number(current.seq) + 1,
      occurredAt: this.clock.now(),
      actorType: input.actor.type,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      recordType: input.recordType ?? null,
      recordId: input.recordId ?? null,
      changes: input.changes === undefined ? null : JSON.parse(JSON.stringify(input.changes)),
      metadata: input.metadata === undefined ? null : JSON.parse(JSON.stringify(input.metadata)),
      requestId: input.requestId ?? null,
      prevHash: current.hash,
    };
    const hash = hashEvent(content);
    await trx
      .insertInto('audit_events')
      .values({
        seq: content.seq,
        occurred_at: content.occurredAt,
        actor_type: content.actorType,
        actor_id: content.actorId,
        actor_label: content.actorLabel,
        action: content.action,
        record_type: content.recordType,
        record_id: content.recordId,
        changes: content.changes === null ? null : JSON.stringify(content.changes),
        metadata: content.metadata === null ? null : JSON.stringify(content.metadata),
        request_id: content.requestId,
        prev_hash: content.prevHash,
        hash,
      })
      .execute();
    await trx.updateTable('audit_chain_head').set({ seq: content.seq, hash }).where('id', '=', 1).execute();
    for (const listener of this.listeners) listener();
    return { ...content, hash };
  }

  /** Runs `work` in a transaction and records its event there; the common shape of every write. */
  async write<DB extends AuditTables, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<{ result: T; event: AuditEventInput }>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const { result, event } = await work(trx);
      await this.record(trx, event);
      return result;
    });
  }

  /** Events, newest first, filtered by who, what, when and which record; one page at a time. */
  async list(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ events: AuditEvent[]; total: number }> {
    let query = this.db.selectFrom('audit_events');
    if (filter.actor) query = query.where('actor_label', 'ilike', `%${escapeLike(filter.actor)}%`);
    if (filter.action) query = query.where('action', 'like', `${escapeLike(filter.action)}%`);
    if (filter.recordType) query = query.where('record_type', '=', filter.recordType);
    if (filter.recordId) query = query.where('record_id', '=', filter.recordId);
    if (filter.from) query = query.where('occurred_at', '>=', filter.from);
    if (filter.to) query = query.where('occurred_at', '<', filter.to);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { events: rows.map(toAuditEvent), total: count.n };
  }

  /** Every event at or after an instant, oldest first, in batches: for a SIEM. */
  async *since(from: Date, batch = 5000): AsyncGenerator<AuditEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_events').selectAll().where('occurred_at', '>=', from).where('seq', '>', after).orderBy('seq').limit(batch).execute();
      for (const row of rows) yield toAuditEvent(row);
      if (rows.length < batch) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** Walks the whole chain in order, in batches, and reports the first event that does not fit. */
  async verify(onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    const head = await this.db.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const total = Number(head.seq);
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let lastSeq = 0;
    const batch = 5000;
    for (;;) {
      const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
      for (const row of rows) {
        const event = toAuditEvent(row);
        if (event.seq !== expectedSeq) return fail(event.seq, `event ${expectedSeq} is missing (the next event is ${event.seq})`, lastSeq, prevHash);
        if (event.prevHash !== prevHash) return fail(event.seq, `event ${event.seq} does not follow event ${event.seq - 1}: removed, inserted or reordered events`, lastSeq, prevHash);
        if (hashEvent(event) !== event.hash) return fail(event.seq, `event ${event.seq} (${event.action}) was altered after it was recorded`, lastSeq, prevHash);
        prevHash = event.hash;
        lastSeq = event.seq;
        expectedSeq++;
      }
      onProgress?.(lastSeq, total);
      if (rows.length < batch) break;
    }
    if (lastSeq !== total || prevHash !== head.hash) {
      return fail(lastSeq + 1, `the chain ends at event ${lastSeq} but its head says ${total}: the newest events were removed`, lastSeq, prevHash);
    }
    return { ok: true, count: lastSeq, headHash: prevHash };
  }

  /** A checkpoint to keep elsewhere; verifying against it also catches removal of the newest events. */
  async checkpoint(key: string): Promise<AuditCheckpoint> {
    const head = await this.db.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const body = { count: Number(head.seq), headHash: head.hash, at: this.clock.now().toISOString() };
    return { ...body, hmac: checkpointHmac(key, body) };
  }

  async verifyAgainst(checkpoint: AuditCheckpoint, key: string): Promise<VerifyResult> {
    const expected = checkpointHmac(key, { count: checkpoint.count, headHash: checkpoint.headHash, at: checkpoint.at });
    const given = Buffer.from(String(checkpoint.hmac), 'hex');
    const wanted = Buffer.from(expected, 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return { ok: false, count: 0, headHash: '', firstBad: { seq: 0, reason: 'the checkpoint’s HMAC does not match: it was altered, or made with another key' } };
    }
    const result = await this.verify();
    if (!result.ok) return result;
    if (result.count < checkpoint.count) {
      return { ...result, ok: false, firstBad: { seq: result.count + 1, reason: `the checkpoint records ${checkpoint.count} events but only ${result.count} remain: events ${result.count + 1} to ${checkpoint.count} were removed` } };
    }
    const atCheckpoint = await this.db.selectFrom('audit_events').select('hash').where('seq', '=', checkpoint.count).executeTakeFirst();
    if (checkpoint.count > 0 && atCheckpoint?.hash !== checkpoint.headHash) {
      return { ...result, ok: false, firstBad: { seq: checkpoint.count, reason: `event ${checkpoint.count} is not the one the checkpoint recorded: the chain was rewritten` } };
    }
    return result;
  }
}

export interface AuditFilter {
  readonly actor?: string;
  /** An action or the start of one: `sign-in` matches `sign-in.failed` too. */
  readonly action?: string;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly count: number;
  readonly headHash: string;
  readonly firstBad?: { readonly seq: number; readonly reason: string };
}

export interface AuditCheckpoint {
  readonly count: number;
  readonly headHash: string;
  readonly at: string;
  readonly hmac: string;
}

function fail(seq: number, reason: string, count: number, headHash: string): VerifyResult {
  return { ok: false, count, headHash, firstBad: { seq, reason } };
}

function checkpointHmac(key: string, body: { count: number; headHash: string; at: string }): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}
