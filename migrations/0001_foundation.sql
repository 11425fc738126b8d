-- Foundation: settings, the organisation tree, people and accounts (minimal; issue 03 extends them),
-- the job scheduler and the notification outbox. Runs on PostgreSQL 15 and PGlite alike.

create table settings (
  key text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);

create table organisation_units (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  unit_type text not null,
  parent_id uuid references organisation_units (id),
  has_own_accounting_officer boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organisation_units_code_format check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  constraint organisation_units_not_own_parent check (parent_id is null or parent_id <> id)
);
create unique index organisation_units_code_key on organisation_units (code);
create index organisation_units_parent_idx on organisation_units (parent_id);

create table people (
  id uuid primary key default gen_random_uuid(),
  staff_number text,
  display_name text not null,
  email text not null,
  unit_id uuid references organisation_units (id),
  person_type text not null default 'staff',
  status text not null default 'active',
  illustrative boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint people_person_type_check check (person_type in ('staff', 'contractor', 'third_party')),
  constraint people_status_check check (status in ('active', 'left')),
  constraint people_email_lower check (email = lower(email))
);
create unique index people_email_key on people (email);
create unique index people_staff_number_key on people (staff_number) where staff_number is not null;
create index people_unit_idx on people (unit_id);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  password_hash text,
  is_enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index accounts_person_key on accounts (person_id);

-- Jobs: one-off work to run later, and recurring schedules. Claimed with FOR UPDATE SKIP LOCKED
-- so several app processes on PostgreSQL never run the same job twice.
create table jobs (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  payload jsonb not null default '{}'::jsonb,
  dedupe_key text,
  run_at timestamptz not null default now(),
  status text not null default 'queued',
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint jobs_status_check check (status in ('queued', 'running', 'done', 'failed'))
);
create index jobs_due_idx on jobs (run_at) where status = 'queued';
create unique index jobs_dedupe_key on jobs (name, dedupe_key) where dedupe_key is not null and status in ('queued', 'running');

create table job_schedules (
  name text primary key,
  interval_seconds integer not null check (interval_seconds > 0),
  next_run_at timestamptz not null,
  last_run_at timestamptz
);

-- The notification outbox: services queue messages in their own transaction; a job delivers them.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  person_id uuid references people (id),
  recipient_email text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index notifications_unsent_idx on notifications (created_at) where sent_at is null;
