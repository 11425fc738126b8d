// Compliance reviews' dated duties (issue 13): a review not yet completed is a duty of its lead
// reviewer, due on its planned date. One query whatever the number of people.
import type { DeadlineSource } from '../../work/deadline.ts';

export const complianceReviewDeadlines: DeadlineSource = async (db, query) => {
  let select = db
    .selectFrom('compliance_reviews')
    .select(['id', 'reference', 'title', 'status', 'lead_person_id', 'planned_on', 'unit_id'])
    .where('status', '<>', 'completed');
  if (query.personId) select = select.where('lead_person_id', '=', query.personId);
  const rows = await select.orderBy('planned_on').orderBy('reference').execute();
  return rows.map((r) => ({
    kind: 'compliance-review' as const,
    title: `${r.status === 'planned' ? 'Carry out' : 'Complete'} compliance-review ${r.reference} ${r.title}`,
    recordType: 'compliance-review',
    recordId: r.id,
    href: `/compliance-reviews/${r.id}`,
    personId: r.lead_person_id,
    because: 'lead reviewer',
    dueOn: r.planned_on,
    unitId: r.unit_id,
  }));
};
