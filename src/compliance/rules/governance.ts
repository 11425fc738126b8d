// The rules over risks, acceptances and exceptions, documents, the accountability chain.
import type { ComplianceRule } from '../rule.ts';
import { documentsReviewedAndOwned } from './documents-reviewed-and-owned.ts';
import { exceptionsInDate } from './exceptions-in-date.ts';
import { risksAboveAppetiteDecided } from './risks-above-appetite-decided.ts';
import { risksAcceptanceInDate } from './risks-acceptance-in-date.ts';
import { unitsSecurityBoardMember } from './units-security-board-member.ts';

export const GOVERNANCE_RULES: readonly ComplianceRule[] = [risksAboveAppetiteDecided, risksAcceptanceInDate, exceptionsInDate, documentsReviewedAndOwned, unitsSecurityBoardMember];
