// The people "my work" and the reminder job need, and the record of reminders sent. SQL only here.
import { sql } from 'kysely';
import type { Executor } from '../database.ts';

export interface WorkPerson {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly unitId: string | null;
  readonly lineManagerId: string | null;
  readonly active: boolean;
}

export class WorkRepository {
  constructor(private readonly db: Executor) {}

  /** The people given, by id: one query with one array parameter however many there are. */
  async people(ids: readonly string[]): Promise<Map<string, WorkPerson>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ id: string; display_name: string; email: string; unit_id: string | null; line_manager_id: string | null; status: string }>`
      select id, display_name, email, unit_id, line_manager_id, status from people where id = any(${[...new Set(ids)]}::uuid[])`.execute(this.db);
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, email: r.email, unitId: r.unit_id, lineManagerId: r.line_manager_id, active: r.status === 'active' }]));
  }

  /**
   * Claims the day's message for each recipient: returns those not yet sent one of this kind today. The
   * primary key decides, so a second run (or a second process) that day claims nobody.
   */
  async claim(day: string, kind: 'reminder' | 'escalation', recipients: ReadonlyArray<{ personId: string; duties: number }>): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (let i = 0; i < recipients.length; i += 1000) {
      const chunk = recipients.slice(i, i + 1000);
      const rows = await this.db
        .insertInto('work_reminders')
        .values(chunk.map((r) => ({ person_id: r.personId, sent_on: day, kind, duties: r.duties })))
        .onConflict((oc) => oc.columns(['person_id', 'sent_on', 'kind']).doNothing())
        .returning('person_id')
        .execute();
      for (const r of rows) claimed.add(r.person_id);
    }
    return claimed;
  }

  async sentOn(day: string): Promise<Array<{ personId: string; kind: 'reminder' | 'escalation'; duties: number }>> {
    const rows = await this.db.selectFrom('work_reminders').select(['person_id', 'kind', 'duties']).where('sent_on', '=', day).execute();
    return rows.map((r) => ({ personId: r.person_id, kind: r.kind, duties: r.duties }));
  }
}
