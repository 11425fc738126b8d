import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string | null, string | null>;

export interface AuditEventTable {
  seq: number;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  changes: Json;
  metadata: Json;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
}
