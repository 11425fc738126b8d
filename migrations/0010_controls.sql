-- Controls (issue 06): the catalogue of the organisation's controls and the requirements each meets,
-- their implementations per technology service (or per unit, for people and process controls) with
-- evidence, and the baselines from which each service's required controls are derived.

-- Uploaded files (evidence now, plans later): kept in the database with their SHA-256 (DECISIONS).
create table stored_files (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  uploaded_by text not null,
  created_at timestamptz not null default now()
);

create table controls (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  title text not null,
  kind text not null,
  description text not null default '',
  owner_person_id uuid references people (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint controls_kind_check check (kind in ('people', 'process', 'technology')),
  constraint controls_code_format check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$')
);
create unique index controls_code_key on controls (code);

-- The requirements a control meets: policy statements now, framework requirements later.
create table control_requirements (
  control_id uuid not null references controls (id) on delete cascade,
  requirement_id uuid not null references requirements (id),
  primary key (control_id, requirement_id)
);
create index control_requirements_requirement_idx on control_requirements (requirement_id);

create table control_implementations (
  id uuid primary key default gen_random_uuid(),
  control_id uuid not null references controls (id),
  service_id uuid references technology_services (id),
  unit_id uuid references organisation_units (id),
  status text not null,
  not_applicable_reason text,
  owner_person_id uuid references people (id),
  status_on date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint control_implementations_status_check check (status in ('not-started', 'partial', 'implemented', 'not-applicable')),
  constraint control_implementations_one_target check ((service_id is null) <> (unit_id is null)),
  constraint control_implementations_reason check ((status = 'not-applicable') = (not_applicable_reason is not null and btrim(not_applicable_reason) <> ''))
);
create unique index control_implementations_service_key on control_implementations (control_id, service_id) where service_id is not null;
create unique index control_implementations_unit_key on control_implementations (control_id, unit_id) where unit_id is not null;
create index control_implementations_service_idx on control_implementations (service_id);
create index control_implementations_unit_idx on control_implementations (unit_id);

create table control_evidence (
  id uuid primary key default gen_random_uuid(),
  implementation_id uuid not null references control_implementations (id),
  kind text not null,
  url text,
  note text,
  file_id uuid references stored_files (id),
  review_by date not null,
  added_by text not null,
  added_by_person_id uuid references people (id),
  created_at timestamptz not null default now(),
  constraint control_evidence_kind_check check (kind in ('link', 'note', 'file')),
  constraint control_evidence_link check (kind <> 'link' or url ~ '^https?://'),
  constraint control_evidence_note check (kind <> 'note' or (note is not null and btrim(note) <> '')),
  constraint control_evidence_file check ((kind = 'file') = (file_id is not null))
);
create index control_evidence_implementation_idx on control_evidence (implementation_id);

-- A baseline applies to a service when every condition it sets holds; a null condition is "any".
create table baselines (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  description text not null default '',
  min_tier_rank integer,
  requires_sensitive boolean,
  requires_personal_data boolean,
  descriptor text references classification_descriptors (code),
  min_criticality text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint baselines_code_format check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$'),
  constraint baselines_criticality_check check (min_criticality is null or min_criticality in ('low', 'medium', 'high', 'critical'))
);
create unique index baselines_code_key on baselines (code);

create table baseline_controls (
  baseline_id uuid not null references baselines (id) on delete cascade,
  control_id uuid not null references controls (id),
  primary key (baseline_id, control_id)
);
create index baseline_controls_control_idx on baseline_controls (control_id);
