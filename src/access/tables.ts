import type { Generated } from 'kysely';

export interface RecoveryCodeTable {
  id: Generated<string>;
  account_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SessionTable {
  id: Generated<string>;
  token_hash: string;
  account_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  second_factor_done: Generated<boolean>;
  user_agent: string | null;
  ip_address: string | null;
  ended_at: Date | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  token_hash: string;
  read_only: Generated<boolean>;
  created_at: Generated<Date>;
  expires_at: Date;
  last_used_at: Date | null;
  last_use_audited_on: string | null;
  revoked_at: Date | null;
}

export interface RoleGrantTable {
  id: Generated<string>;
  person_id: string;
  role: string;
  unit_id: string;
  granted_at: Generated<Date>;
}

export interface AccessTables {
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  role_grants: RoleGrantTable;
}
