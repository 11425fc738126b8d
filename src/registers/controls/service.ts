// Stub: the helper building this register replaces this file, keeping forService's signature.
import type { Actor } from '../../access/actor.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { Clock } from '../../platform/clock.ts';

/** The controls a technology service needs (from baselines) and has, for the service's page. */
export interface ServiceControls {
  readonly required: ReadonlyArray<{ readonly controlId: string; readonly code: string; readonly title: string; readonly kind: string; readonly baselines: readonly string[]; readonly implementation: { readonly id: string; readonly status: string; readonly ownerName: string | null; readonly date: string | null; readonly evidence: number } | null }>;
  /** Implementations recorded for controls no baseline requires of the service. */
  readonly additional: ReadonlyArray<{ readonly controlId: string; readonly code: string; readonly title: string; readonly implementation: { readonly id: string; readonly status: string } }>;
  readonly canRecord: boolean;
}

export class ControlService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly config: Config,
  ) {}

  async forService(actor: Actor, serviceId: string): Promise<ServiceControls> {
    void actor;
    void serviceId;
    return { required: [], additional: [], canRecord: false };
  }
}
