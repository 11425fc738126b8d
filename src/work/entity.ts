// Tables of "my work" and reminders (issue 13).
import type { Generated } from 'kysely';

export interface WorkTables {
  work_reminders: {
    person_id: string;
    /** The Europe/London day the message is for. */
    sent_on: string;
    kind: 'reminder' | 'escalation';
    duties: number;
    created_at: Generated<Date>;
  };
}
