-- Identity, permissions and the tamper-evident audit trail (issue 02).

alter table accounts
  add column failed_sign_ins integer not null default 0,
  add column locked_until timestamptz,
  add column last_sign_in_at timestamptz,
  add column password_changed_at timestamptz,
  add column totp_secret text,
  add column totp_enabled_at timestamptz,
  add column disabled_at timestamptz,
  add column invitation_hash text,
  add column invitation_expires_at timestamptz;
create unique index accounts_invitation_key on accounts (invitation_hash) where invitation_hash is not null;

create table recovery_codes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index recovery_codes_account_idx on recovery_codes (account_id);

-- Server-side sessions; the cookie holds a random token, the table its SHA-256.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null,
  account_id uuid not null references accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  second_factor_done boolean not null default false,
  user_agent text,
  ip_address text,
  ended_at timestamptz
);
create unique index sessions_token_key on sessions (token_hash);
create index sessions_account_idx on sessions (account_id) where ended_at is null;

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  name text not null,
  token_hash text not null,
  read_only boolean not null default false,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  last_use_audited_on date,
  revoked_at timestamptz
);
create unique index api_tokens_hash_key on api_tokens (token_hash);
create index api_tokens_account_idx on api_tokens (account_id);

-- An access role granted to a person at a unit holds for that unit and everything below it.
create table role_grants (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  role text not null,
  unit_id uuid not null references organisation_units (id),
  granted_at timestamptz not null default now(),
  constraint role_grants_role_check check (role in ('administrator', 'security_team', 'auditor', 'staff'))
);
create unique index role_grants_key on role_grants (person_id, role, unit_id);

-- The audit trail: one event per business operation, hash-chained in commit order. Each writing
-- transaction locks the single chain-head row, so concurrent writers queue and cannot fork the chain.
create table audit_events (
  seq bigint primary key,
  occurred_at timestamptz not null,
  actor_type text not null,
  actor_id text,
  actor_label text not null,
  action text not null,
  record_type text,
  record_id text,
  changes jsonb,
  metadata jsonb,
  request_id text,
  prev_hash text not null,
  hash text not null
);
create index audit_events_occurred_idx on audit_events (occurred_at);
create index audit_events_record_idx on audit_events (record_type, record_id);
create index audit_events_actor_idx on audit_events (actor_id);
create index audit_events_action_idx on audit_events (action);

create table audit_chain_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_chain_head (id, seq, hash) values (1, 0, 'genesis');
