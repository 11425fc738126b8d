// The rules over training, continuity plans, incidents.
import type { ComplianceRule } from '../rule.ts';
import { continuityExercisedInInterval } from './continuity-exercised-in-interval.ts';
import { incidentsLessonsLearned } from './incidents-lessons-learned.ts';
import { incidentsTriagedInTime } from './incidents-triaged-in-time.ts';
import { trainingMandatory } from './training-mandatory.ts';
import { trainingRoleSpecific } from './training-role-specific.ts';

export const PEOPLE_AND_RESILIENCE_RULES: readonly ComplianceRule[] = [trainingMandatory, trainingRoleSpecific, continuityExercisedInInterval, incidentsTriagedInTime, incidentsLessonsLearned];
