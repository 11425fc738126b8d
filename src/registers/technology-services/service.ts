// Stub: the helper building this register replaces this file.
import type { Config } from '../../config.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { Clock } from '../../platform/clock.ts';

export class TechnologyServiceService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly config: Config,
  ) {}
}
