// The report the policy asks for: requirements unmet with no accepted risk, by unit and person, and
// each finding's evidence and responses (issue 12). Filled in by the report work.
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import type { Clock } from '../platform/clock.ts';

export class ComplianceReportService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
  ) {}
}
