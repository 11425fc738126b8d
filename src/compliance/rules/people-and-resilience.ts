// The rules over training, continuity plans, incidents.
import type { ComplianceRule } from '../rule.ts';

export const PEOPLE_AND_RESILIENCE_RULES: readonly ComplianceRule[] = [];
