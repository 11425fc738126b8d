// When something happened, as a reporter writes it: a London wall-clock time (`2026-11-27T14:30`), a
// date alone (its London midnight), or an ISO instant with an offset (`2026-11-27T14:30:00Z`).
import { isRealDate } from '../../platform/clock.ts';

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** How far London's wall clock is ahead of UTC at an instant, in milliseconds (0 in winter, an hour in summer). */
function londonOffset(at: Date): number {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant, or null when the text is not a real date and time. */
export function parseMoment(text: string): Date | null {
  const value = text.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) || !isRealDate(value.slice(0, 10)) ? null : at;
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!match || !isRealDate(match[1]!)) return null;
  const [hours, minutes, seconds] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const wall = Date.parse(`${match[1]}T00:00:00Z`) + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  // The offset at the wall-clock time read as UTC is right except within an hour of a change; checking it
  // again at the first guess settles those.
  const guess = wall - londonOffset(new Date(wall));
  return new Date(wall - londonOffset(new Date(guess)));
}
