// Daily reminders of dated duties (issue 13): one message per person per day listing their overdue and
// soon-due duties, and one escalation message per recipient per day listing others' duties overdue by
// more than the escalation days, sent to the deputy of the appointment the duty comes from where there is
// one, else to the person's line manager. The work_reminders table's key claims each message once per
// day, so running twice in a day, or in two processes at once, sends nothing twice. One audited
// transaction per run writes the claims, queues the messages and records the counts.
import { auditActorOf, systemActor } from '../access/actor.ts';
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { addDays, londonDate, type Clock } from '../platform/clock.ts';
import type { NotificationOutbox, OutgoingMessage } from '../platform/jobs/outbox.ts';
import type { Deadline, DeadlineSource } from './deadline.ts';
import { WorkRepository, type WorkPerson } from './repository.ts';
import { DEADLINE_SOURCES, gatherDeadlines } from './sources.ts';
import { daysOverdue, dueWords, isOverdue, longDate } from './words.ts';

export const REMINDERS_JOB = 'work.daily-reminders';

export interface ReminderSettings {
  /** Hour (0–23, Europe/London) from which the day's reminders go. */
  readonly hour: number;
  /** Duties due within this many days are included with those overdue. */
  readonly days: number;
  /** Overdue by more than this many days: escalated. */
  readonly escalationDays: number;
  /** Public base URL, for links in the messages. */
  readonly baseUrl: string;
}

export interface ReminderRun {
  readonly day: string;
  readonly reminders: number;
  readonly escalations: number;
  /** Messages not sent because this day's were already sent. */
  readonly alreadySent: number;
}

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' });

export class ReminderService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly outbox: NotificationOutbox,
    readonly settings: ReminderSettings = { hour: 7, days: 7, escalationDays: 7, baseUrl: 'http://localhost:3000' },
    readonly sources: readonly DeadlineSource[] = DEADLINE_SOURCES,
  ) {}

  /** The scheduled job runs hourly; it sends from the configured hour on, and the day's claims stop repeats. */
  async runIfDue(): Promise<ReminderRun | null> {
    if (Number(LONDON_HOUR.format(this.clock.now())) < this.settings.hour) return null;
    return this.run();
  }

  /** Sends today's reminders and escalations that have not yet been sent. */
  async run(): Promise<ReminderRun> {
    const now = this.clock.now();
    const day = londonDate(now);
    const duties = await gatherDeadlines(this.db, { today: day, until: addDays(day, this.settings.days) }, this.sources);
    const dutiesOf = groupBy(duties, (d) => d.personId);
    const escalated = duties.filter((d) => daysOverdue(d, now) > this.settings.escalationDays);
    const repository = new WorkRepository(this.db);
    const people = await repository.people([...dutiesOf.keys(), ...escalated.map((d) => d.deputyPersonId).filter((id): id is string => !!id)]);
    // Line managers are only known once the people are: a second lookup, for the managers alone.
    const managers = await repository.people(escalated.map((d) => (d.deputyPersonId ? null : people.get(d.personId)?.lineManagerId)).filter((id): id is string => !!id));
    // A duty of someone who has left is escalated all the same: it is then nobody's unless someone is told.
    const escalationsTo = groupBy(
      escalated,
      (d) => d.deputyPersonId ?? people.get(d.personId)?.lineManagerId ?? '',
    );
    escalationsTo.delete('');
    const recipient = (id: string): WorkPerson | undefined => {
      const p = people.get(id) ?? managers.get(id);
      return p?.active ? p : undefined;
    };
    const reminderTo = [...dutiesOf.keys()].filter((id) => recipient(id));
    const escalationTo = [...escalationsTo.keys()].filter((id) => recipient(id));

    return this.db.transaction().execute(async (trx) => {
      const writer = new WorkRepository(trx);
      const remind = await writer.claim(day, 'reminder', reminderTo.map((id) => ({ personId: id, duties: dutiesOf.get(id)!.length })));
      const escalate = await writer.claim(day, 'escalation', escalationTo.map((id) => ({ personId: id, duties: escalationsTo.get(id)!.length })));
      const messages: OutgoingMessage[] = [
        ...[...remind].map((id) => this.reminder(recipient(id)!, dutiesOf.get(id)!, now)),
        ...[...escalate].map((id) => this.escalation(recipient(id)!, escalationsTo.get(id)!, people, now)),
      ];
      await this.outbox.queueMany(messages, trx);
      const result: ReminderRun = { day, reminders: remind.size, escalations: escalate.size, alreadySent: reminderTo.length - remind.size + (escalationTo.length - escalate.size) };
      await this.audit.record(trx, {
        actor: auditActorOf(systemActor('daily reminders')),
        action: 'work.reminders-sent',
        metadata: { ...result, duties: duties.length, escalatedDuties: escalated.length, reminderDays: this.settings.days, escalationDays: this.settings.escalationDays },
      });
      return result;
    });
  }

  private reminder(person: WorkPerson, duties: readonly Deadline[], now: Date): OutgoingMessage {
    const overdue = duties.filter((d) => isOverdue(d, now)).length;
    const subject = overdue > 0 ? `Your dated duties: ${overdue} overdue, ${duties.length - overdue} due soon` : `Your dated duties: ${duties.length} due within ${this.settings.days} days`;
    const lines = duties.map((d) => `- ${d.title}: ${dueWords(d, now)} (${longDate(d.dueOn)}), as ${d.because}\n  ${this.settings.baseUrl}${d.href}`);
    const body = [`Dear ${person.displayName},`, '', `These are your duties in Custodian that are overdue or due within ${this.settings.days} days:`, '', ...lines, '', `All your dated duties: ${this.settings.baseUrl}/my-work`].join('\n');
    return { personId: person.id, to: person.email, subject, body };
  }

  private escalation(to: WorkPerson, duties: readonly Deadline[], people: ReadonlyMap<string, WorkPerson>, now: Date): OutgoingMessage {
    const byPerson = groupBy(duties, (d) => d.personId);
    const sections = [...byPerson].flatMap(([personId, theirs]) => {
      const who = people.get(personId);
      const why = theirs.some((d) => d.deputyPersonId === to.id) ? 'you are the deputy of the appointment these come from' : 'you are their line manager';
      return [`${who?.displayName ?? 'Someone'} (${why}):`, ...theirs.map((d) => `- ${d.title}: ${dueWords(d, now)} (${longDate(d.dueOn)})\n  ${this.settings.baseUrl}${d.href}`), `  Their work: ${this.settings.baseUrl}/my-work?person=${personId}`, ''];
    });
    const names = [...byPerson.keys()].map((id) => people.get(id)?.displayName ?? 'someone');
    const subject = `Overdue duties of ${names.length === 1 ? names[0] : `${names.length} people`}: ${duties.length} overdue by more than ${this.settings.escalationDays} days`;
    const body = [`Dear ${to.displayName},`, '', `These duties in Custodian are overdue by more than ${this.settings.escalationDays} days and are escalated to you:`, '', ...sections].join('\n');
    return { personId: to.id, to: to.email, subject, body };
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
