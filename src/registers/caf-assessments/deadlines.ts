// CAF self-assessments' dated duties (issue 13): assessments due for their assessors.
import type { DeadlineSource } from '../../work/deadline.ts';

export const cafAssessmentDeadlines: DeadlineSource = async () => [];
