// Every register's dated duties, in one list: "my work" and the reminder job both read all of them.
import { actionDeadlines } from '../registers/actions/deadlines.ts';
import { cafAssessmentDeadlines } from '../registers/caf-assessments/deadlines.ts';
import { complianceReviewDeadlines } from '../registers/compliance-reviews/deadlines.ts';
import { continuityExerciseDeadlines } from '../registers/continuity-plans/deadlines.ts';
import { acknowledgementDeadlines, documentDeadlines } from '../registers/documents/deadlines.ts';
import { icoClockDeadlines } from '../registers/incidents/deadlines.ts';
import { riskDeadlines } from '../registers/risks/deadlines.ts';
import { supplierDeadlines } from '../registers/suppliers/deadlines.ts';
import { trainingDeadlines } from '../registers/training/deadlines.ts';
import type { Executor } from '../database.ts';
import type { Deadline, DeadlineQuery, DeadlineSource } from './deadline.ts';

export const DEADLINE_SOURCES: readonly DeadlineSource[] = [
  actionDeadlines,
  documentDeadlines,
  acknowledgementDeadlines,
  riskDeadlines,
  supplierDeadlines,
  continuityExerciseDeadlines,
  trainingDeadlines,
  icoClockDeadlines,
  complianceReviewDeadlines,
  cafAssessmentDeadlines,
];

/** Every dated duty the query asks for, soonest first. Sources run one after another: on PGlite there is one connection. */
export async function gatherDeadlines(db: Executor, query: DeadlineQuery, sources: readonly DeadlineSource[] = DEADLINE_SOURCES): Promise<Deadline[]> {
  const all: Deadline[] = [];
  // No spread into push: a source may return more duties (150,000 people's training) than a call has arguments.
  for (const source of sources) for (const d of await source(db, query)) all.push(d);
  return all.sort((a, b) => dueKey(a).localeCompare(dueKey(b)) || a.title.localeCompare(b.title));
}

const dueKey = (d: Deadline): string => `${d.dueOn}${d.dueAt ? d.dueAt.toISOString() : 'T99'}`;
