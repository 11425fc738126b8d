// Compliance reviews' dated duties (issue 13): planned reviews due for their lead reviewer.
import type { DeadlineSource } from '../../work/deadline.ts';

export const complianceReviewDeadlines: DeadlineSource = async () => [];
