// The notification outbox: a service queues a message to a person inside its own transaction, so
// the message exists only if the write did; the delivery job sends what is waiting. Delivery is
// log-only unless email delivery is configured (CUSTODIAN_SMTP_URL, smtp-delivery.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { PlatformTables } from '../db/platform-tables.ts';
import type { JobScheduler, SchedulerLogger } from './scheduler.ts';

export interface OutgoingMessage {
  readonly personId?: string | null;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

export interface MessageDelivery {
  readonly name: string;
  deliver(message: OutgoingMessage): Promise<void>;
}

export function logOnlyDelivery(log: SchedulerLogger): MessageDelivery {
  return {
    name: 'log',
    deliver: async (message) => log.info({ to: message.to, subject: message.subject }, 'Notification (log-only delivery)'),
  };
}

export const DELIVER_NOTIFICATIONS_JOB = 'deliver-notifications';

export class NotificationOutbox {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
    private readonly delivery: MessageDelivery,
  ) {}

  /** Pass the caller's transaction, so the message exists only if the write that wants it commits. */
  async queue<DB extends PlatformTables>(message: OutgoingMessage, executor?: Kysely<DB> | Transaction<DB>): Promise<void> {
    const db = (executor ?? this.db) as unknown as Kysely<PlatformTables>;
    await db
      .insertInto('notifications')
      .values({ person_id: message.personId ?? null, recipient_email: message.to, subject: message.subject, body: message.body })
      .execute();
  }

  /** Queues many messages in one transaction (the daily reminders): a few statements however many there are. */
  async queueMany<DB extends PlatformTables>(messages: readonly OutgoingMessage[], executor?: Kysely<DB> | Transaction<DB>): Promise<void> {
    const db = (executor ?? this.db) as unknown as Kysely<PlatformTables>;
    for (let i = 0; i < messages.length; i += 500) {
      const chunk = messages.slice(i, i + 500);
      await db
        .insertInto('notifications')
        .values(chunk.map((m) => ({ person_id: m.personId ?? null, recipient_email: m.to, subject: m.subject, body: m.body })))
        .execute();
    }
  }

  /** Sends waiting messages; a failure is kept on the message and tried again next time. */
  async deliverWaiting(batch = 200): Promise<{ sent: number; failed: number }> {
    const waiting = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', 10)
      .orderBy('created_at')
      .limit(batch)
      .execute();
    let sent = 0;
    let failed = 0;
    for (const n of waiting) {
      try {
        await this.delivery.deliver({ personId: n.person_id, to: n.recipient_email, subject: n.subject, body: n.body });
        await this.db.updateTable('notifications').set({ sent_at: this.clock.now(), attempts: n.attempts + 1, last_error: null }).where('id', '=', n.id).execute();
        sent++;
      } catch (error) {
        await this.db
          .updateTable('notifications')
          .set({ attempts: n.attempts + 1, last_error: (error instanceof Error ? error.message : String(error)).slice(0, 2000) })
          .where('id', '=', n.id)
          .execute();
        failed++;
      }
    }
    return { sent, failed };
  }

  register(scheduler: JobScheduler): void {
    scheduler.define(DELIVER_NOTIFICATIONS_JOB, async () => {
      await this.deliverWaiting();
    });
  }
}
