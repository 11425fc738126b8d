// Incidents' dated duty (issue 13): the ICO clock. A possible personal data breach must be decided on
// (report to the Information Commissioner or not) within 72 hours of awareness. The decision is the
// holder's (or deputy's) of the deciding role nearest the incident's unit (ico.ts); the handler is
// reminded too, since the handler gathers what the decision needs.
import type { Db } from '../../database.ts';
import { londonDate } from '../../platform/clock.ts';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';
import { icoDecider } from './ico.ts';
import { ICO_HOURS, IncidentViewRepository } from './views.repository.ts';

const HOUR = 3_600_000;

export const icoClockDeadlines: DeadlineSource = async (executor, query) => {
  // Few incidents await the decision at once; the decider is looked up once per unit, not per person.
  const db = executor as Db;
  const rows = await new IncidentViewRepository(db).awaitingIcoDecision();
  const deciders = new Map<string, Awaited<ReturnType<typeof icoDecider>>>();
  const out: Deadline[] = [];
  for (const row of rows) {
    const decider = deciders.get(row.unitId) ?? (await icoDecider(db, row.unitId, query.today));
    deciders.set(row.unitId, decider);
    const dueAt = new Date(row.awareAt.getTime() + ICO_HOURS * HOUR);
    const dueOn = londonDate(dueAt);
    if (query.until && dueOn > query.until) continue;
    const base = { kind: 'ico-clock' as const, recordType: 'incident', recordId: row.id, href: `/incidents/${row.id}`, dueOn, dueAt, unitId: row.unitId };
    const people = new Map<string, string>();
    for (const holder of decider.holders) people.set(holder.personId, decider.roleName);
    if (row.handlerPersonId && !people.has(row.handlerPersonId)) people.set(row.handlerPersonId, 'incident handler');
    for (const [personId, because] of people) {
      if (query.personId && personId !== query.personId) continue;
      const title = because === 'incident handler' ? `Have the decision on reporting ${row.reference} to the ICO taken` : `Decide whether ${row.reference} is reported to the ICO`;
      out.push({ ...base, title, personId, because });
    }
  }
  return out;
};
