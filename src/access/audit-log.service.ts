// Reading the audit trail: the page, the SIEM export and the integrity checks. Exports carry
// personal data, so an export is itself an audit event.
import type { Db } from '../database.ts';
import type { AuditCheckpoint, AuditEvent, AuditFilter, AuditTrail, VerifyResult } from '../platform/audit/audit-trail.ts';
import { AppError } from '../platform/http/errors.ts';
import { auditActorOf, type Actor } from './actor.ts';
import { authorize } from './authorize.ts';

export const AUDIT_PAGE_SIZE = 50;

export class AuditLogService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly auditKey: string | undefined,
  ) {}

  async listEvents(actor: Actor, filter: AuditFilter, page: number): Promise<{ events: AuditEvent[]; total: number; page: number; pages: number }> {
    authorize(actor, 'audit.read');
    const current = Math.max(1, Math.floor(page));
    const { events, total } = await this.audit.list(filter, { limit: AUDIT_PAGE_SIZE, offset: (current - 1) * AUDIT_PAGE_SIZE });
    return { events, total, page: current, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
  }

  /** Streams events since an instant to `write`, as JSON lines, and records the export. */
  async exportSince(actor: Actor, from: Date, write: (line: string) => void): Promise<number> {
    authorize(actor, 'audit.export');
    let count = 0;
    for await (const event of this.audit.since(from)) {
      write(`${JSON.stringify(event)}\n`);
      count++;
    }
    await this.audit.write(this.db, async () => ({ result: undefined, event: { actor: auditActorOf(actor), action: 'audit.exported', metadata: { since: from.toISOString(), events: count } } }));
    return count;
  }

  async verify(actor: Actor, checkpoint?: AuditCheckpoint, onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    authorize(actor, 'audit.read');
    if (!checkpoint) return this.audit.verify(onProgress);
    return this.audit.verifyAgainst(checkpoint, this.requireKey());
  }

  async checkpoint(actor: Actor): Promise<AuditCheckpoint> {
    authorize(actor, 'audit.read');
    return this.audit.checkpoint(this.requireKey());
  }

  private requireKey(): string {
    if (!this.auditKey) throw new AppError('invalid_state', 'Set CUSTODIAN_AUDIT_KEY (at least 32 characters, kept apart from the database) to make or check audit checkpoints.');
    return this.auditKey;
  }
}
