// CAF self-assessments' dated duties (issue 13): each assessment in progress is a duty of each of its
// assigned assessors, due on its due date. One query, whatever the number of people.
import type { DeadlineSource } from '../../work/deadline.ts';
import { CafAssessmentRepository } from './repository.ts';

export const cafAssessmentDeadlines: DeadlineSource = async (db, query) =>
  (await new CafAssessmentRepository(db).unfinishedDuties(query.personId)).map((d) => ({
    kind: 'caf-assessment' as const,
    title: `Complete the CAF self-assessment ${d.reference} of ${d.serviceReference} ${d.serviceName}`,
    recordType: 'caf-assessment',
    recordId: d.id,
    href: `/caf-assessments/${d.id}`,
    personId: d.personId,
    because: 'assessor',
    dueOn: d.dueOn,
    unitId: d.unitId,
  }));
