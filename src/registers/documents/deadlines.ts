// Documents' dated duties (issue 13): a document in force is due for review on its next review date
// (as the review queue in reviews.ts counts it), and the review is its owner's; and a person in a
// document's audience owes an acknowledgement of its latest material version.
import { sql } from 'kysely';
import { addDays, londonDate } from '../../platform/clock.ts';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';
import { AcknowledgementRepository } from './acknowledgement.repository.ts';

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

/** A published version is to be acknowledged within this many days of its publication. */
export const ACKNOWLEDGE_WITHIN_DAYS = 30;

/**
 * The documents one person still owes an acknowledgement of (as the acknowledgements page counts them),
 * due 30 days after the version was published. Only for one person's work: for everyone it would be
 * each person times each document of the whole tree's audiences, so the reminder job leaves it out.
 */
export const acknowledgementDeadlines: DeadlineSource = async (db, query) => {
  if (!query.personId) return [];
  const owed = await new AcknowledgementRepository(db).toAcknowledge(query.personId, query.today);
  return owed
    .map(
      (d): Deadline => ({
        kind: 'document-acknowledgement',
        title: `Read and acknowledge ${d.title} (version ${d.version})`,
        recordType: 'document',
        recordId: d.id,
        href: `/library/${d.id}`,
        personId: query.personId!,
        because: 'in its audience',
        dueOn: addDays(londonDate(d.publishedAt), ACKNOWLEDGE_WITHIN_DAYS),
        unitId: null,
      }),
    )
    .filter((d) => !query.until || d.dueOn <= query.until);
};
