// DECISIONS: an import is one audit event (who, file name, content hash, counts), never one per row.
// Every register's import records it through here, so the events look the same across registers.
import type { AuditActor, AuditEventInput } from '../audit/audit-trail.ts';
import type { ImportCounts } from './report.ts';

export function importedEvent(input: {
  readonly actor: AuditActor;
  /** The register: the action becomes `<kind>.imported` (`people.imported`). */
  readonly kind: string;
  readonly batchId: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly rowCount: number;
  readonly counts: ImportCounts;
  readonly requestId?: string;
}): AuditEventInput {
  const { created, updated, unchanged, left } = input.counts;
  return {
    actor: input.actor,
    action: `${input.kind}.imported`,
    recordType: 'import_batch',
    recordId: input.batchId,
    metadata: { fileName: input.fileName, sha256: input.sha256, rows: input.rowCount, counts: { created, updated, unchanged, left } },
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  };
}
