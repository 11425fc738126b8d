// Actions' dated duties (issue 13): every open or in-progress action is its owner's by its due date.
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';

export const actionDeadlines: DeadlineSource = async (db, query) => {
  const { rows } = await sql<{ id: string; reference: string; title: string; owner_person_id: string; due_on: string; unit_id: string }>`
    select a.id, a.reference, a.title, a.owner_person_id, a.due_on::text as due_on, a.unit_id
      from actions a
     where a.status in ('open', 'in-progress')
       ${query.personId ? sql`and a.owner_person_id = ${query.personId}` : sql``}
       ${query.until ? sql`and a.due_on <= ${query.until}::date` : sql``}`.execute(db);
  return rows.map(
    (r): Deadline => ({
      kind: 'action',
      title: `${r.reference}: ${r.title}`,
      recordType: 'action',
      recordId: r.id,
      href: `/actions/${r.id}`,
      personId: r.owner_person_id,
      because: 'owner',
      dueOn: r.due_on,
      unitId: r.unit_id,
    }),
  );
};
