// Every compliance rule, in the order the report lists them. Add a rule to its group and it runs.
import type { ComplianceRule } from '../rule.ts';
import { assetsIaoCurrent } from './assets-iao-current.ts';
import { GOVERNANCE_RULES } from './governance.ts';
import { PEOPLE_AND_RESILIENCE_RULES } from './people-and-resilience.ts';
import { PROTECTION_RULES } from './protection.ts';
import { servicesOwners } from './services-owners.ts';

export const RULES: readonly ComplianceRule[] = [assetsIaoCurrent, servicesOwners, ...PROTECTION_RULES, ...GOVERNANCE_RULES, ...PEOPLE_AND_RESILIENCE_RULES];

export function ruleById(id: string): ComplianceRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
