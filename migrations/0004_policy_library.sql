-- The policy library (issue 05): documents in five tiers, their versions, the requirements drawn from
-- their statements, and decisions (approvals now; risk acceptance and exceptions later use the same table).

create table documents (
  id uuid primary key default gen_random_uuid(),
  tier integer not null check (tier between 1 and 5),
  title text not null,
  unit_id uuid not null references organisation_units (id),
  owner_person_id uuid references people (id),
  parent_document_id uuid references documents (id),
  classification text not null default 'OFFICIAL',
  review_cycle_months integer not null default 12 check (review_cycle_months between 1 and 60),
  next_review_on date,
  status text not null default 'draft',
  source_name text,
  key_prefix text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint documents_status_check check (status in ('draft', 'in_review', 'approved', 'published', 'superseded', 'retired')),
  constraint documents_key_prefix_format check (key_prefix ~ '^[A-Z][A-Z0-9]{1,11}$')
);
create unique index documents_source_key on documents (source_name) where source_name is not null;
create unique index documents_key_prefix_key on documents (key_prefix);
create index documents_unit_idx on documents (unit_id);

create table document_versions (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  number integer not null,
  status text not null default 'draft',
  content text not null,
  content_sha256 text not null,
  summary_of_change text not null default '',
  metadata jsonb not null default '{}'::jsonb,
  lint jsonb not null default '[]'::jsonb,
  created_by text,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  constraint document_versions_status_check check (status in ('draft', 'in_review', 'approved', 'published', 'superseded')),
  unique (document_id, number)
);

-- One model for everything that can be met or unmet (DECISIONS): here, statements of policy documents;
-- later, framework requirements. The key is stable across versions.
create table requirements (
  id uuid primary key default gen_random_uuid(),
  key text not null,
  source_type text not null,
  document_id uuid references documents (id),
  text text not null,
  modality text,
  actor text,
  status text not null default 'active',
  first_version_id uuid references document_versions (id),
  last_version_id uuid references document_versions (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint requirements_source_check check (source_type in ('policy-statement', 'framework')),
  constraint requirements_status_check check (status in ('active', 'retired'))
);
create unique index requirements_key on requirements (key);
create index requirements_document_idx on requirements (document_id);

-- Which requirements a version states, and how it worded them then.
create table version_statements (
  version_id uuid not null references document_versions (id),
  requirement_id uuid not null references requirements (id),
  position integer not null,
  line integer,
  text text not null,
  primary key (version_id, requirement_id)
);

create table decisions (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  record_type text not null,
  record_id uuid not null,
  decided_by_person_id uuid references people (id),
  decided_by_label text not null,
  role_held text,
  outcome text not null,
  reason text not null default '',
  snapshot jsonb not null,
  decided_at timestamptz not null default now()
);
create index decisions_record_idx on decisions (record_type, record_id);
