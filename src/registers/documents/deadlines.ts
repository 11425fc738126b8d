// Documents' dated duties (issue 13): a document in force is due for review on its next review date
// (as the review queue in reviews.ts counts it), and the review is its owner's.
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';

export const documentDeadlines: DeadlineSource = async (db, query) => {
  const { rows } = await sql<{ id: string; title: string; owner_person_id: string; next_review_on: string; unit_id: string }>`
    select d.id, d.title, d.owner_person_id, d.next_review_on::text as next_review_on, d.unit_id
      from documents d
     where d.status <> 'retired' and d.next_review_on is not null and d.owner_person_id is not null
       ${query.personId ? sql`and d.owner_person_id = ${query.personId}` : sql``}
       ${query.until ? sql`and d.next_review_on <= ${query.until}::date` : sql``}`.execute(db);
  return rows.map(
    (r): Deadline => ({
      kind: 'document-review',
      title: `Review ${r.title}`,
      recordType: 'document',
      recordId: r.id,
      href: `/library/${r.id}/review`,
      personId: r.owner_person_id,
      because: 'document owner',
      dueOn: r.next_review_on,
      unitId: r.unit_id,
    }),
  );
};
