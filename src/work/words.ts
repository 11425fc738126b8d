// How "my work" and the reminders put a deadline into words and groups, in Europe/London. Pure: the
// caller passes the instant now, so the words can be tested on a fixed clock.
import { londonDate } from '../platform/clock.ts';
import type { Deadline } from './deadline.ts';

export const GROUPS = ['overdue', 'week', 'month', 'later'] as const;
export type DeadlineGroup = (typeof GROUPS)[number];
export const GROUP_NAMES: Record<DeadlineGroup, string> = {
  overdue: 'Overdue',
  week: 'Due today or this week',
  month: 'Due within 30 days',
  later: 'Due later',
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false });

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export function isOverdue(d: Pick<Deadline, 'dueOn' | 'dueAt'>, now: Date): boolean {
  return d.dueAt ? now.getTime() > d.dueAt.getTime() : d.dueOn < londonDate(now);
}

/** Days past due (0 when not overdue); an instant's deadline counts whole days past it. */
export function daysOverdue(d: Pick<Deadline, 'dueOn' | 'dueAt'>, now: Date): number {
  if (!isOverdue(d, now)) return 0;
  return d.dueAt ? Math.floor((now.getTime() - d.dueAt.getTime()) / DAY) : daysFrom(d.dueOn, londonDate(now));
}

export function groupOf(d: Pick<Deadline, 'dueOn' | 'dueAt'>, now: Date): DeadlineGroup {
  if (isOverdue(d, now)) return 'overdue';
  const days = daysFrom(londonDate(now), d.dueOn);
  return days <= 6 ? 'week' : days <= 30 ? 'month' : 'later';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 days overdue", "due today", "due tomorrow", "due in 5 days"; for an instant, hours: "due in 7 hours, by 14:30". */
export function dueWords(d: Pick<Deadline, 'dueOn' | 'dueAt'>, now: Date): string {
  if (d.dueAt) {
    const at = TIME.format(d.dueAt);
    const hours = Math.floor(Math.abs(d.dueAt.getTime() - now.getTime()) / HOUR);
    const when = londonDate(d.dueAt) === londonDate(now) ? `${at} today` : `${at} on ${longDate(londonDate(d.dueAt))}`;
    return isOverdue(d, now) ? `${plural(hours, 'hour')} overdue (was due by ${when})` : `due in ${plural(hours, 'hour')}, by ${when}`;
  }
  const days = daysFrom(londonDate(now), d.dueOn);
  if (days < 0) return `${plural(-days, 'day')} overdue`;
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  return `due in ${days} days`;
}

/** "3 December 2026". */
export function longDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T12:00:00Z`));
}
