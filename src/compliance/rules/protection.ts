// The rules over information assets, technology services and their controls, suppliers.
import type { ComplianceRule } from '../rule.ts';

export const PROTECTION_RULES: readonly ComplianceRule[] = [];
