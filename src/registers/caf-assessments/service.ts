import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';

export class CafAssessmentService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly outbox: NotificationOutbox,
  ) {}
}
