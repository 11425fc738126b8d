// The rules over risks, acceptances and exceptions, documents, the accountability chain.
import type { ComplianceRule } from '../rule.ts';

export const GOVERNANCE_RULES: readonly ComplianceRule[] = [];
