-- External frameworks (issue 07): NCSC CAF, CISO Assistant libraries and NIST OSCAL catalogs and
-- profiles, loaded as data. Their requirements join the one requirements model (DECISIONS), keyed
-- within their framework, so a newer version updates the same rows and every link survives.

create table frameworks (
  id uuid primary key default gen_random_uuid(),
  -- Stable across versions: 'ncsc-caf', 'iso27001-2022', 'nist-sp-800-53-rev5-moderate'.
  code text not null unique,
  name text not null,
  version text not null,
  -- The file's own identifier (a CISO Assistant URN, an OSCAL uuid): mapping sets cite it.
  external_id text not null unique,
  format text not null,
  publisher text not null default '',
  attribution text not null default '',
  description text not null default '',
  built_in boolean not null default false,
  file_name text not null,
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint frameworks_format_check check (format in ('webcaf', 'ciso-assistant', 'oscal-catalog', 'oscal-profile')),
  constraint frameworks_code_format check (code ~ '^[a-z0-9][a-z0-9._-]{0,79}$')
);

-- Policy statement keys stay unique across the library; framework keys are unique within their framework.
alter table requirements add column framework_id uuid references frameworks (id);
alter table requirements add column external_id text;
alter table requirements add column parent_id uuid references requirements (id);
alter table requirements add column level text;
alter table requirements add column title text not null default '';
alter table requirements add column assessable boolean not null default true;
alter table requirements add column position integer;
alter table requirements add column details jsonb not null default '{}'::jsonb;
drop index requirements_key;
create unique index requirements_statement_key on requirements (key) where framework_id is null;
alter table requirements add constraint requirements_framework_check check ((source_type = 'framework') = (framework_id is not null));
create unique index requirements_framework_key on requirements (framework_id, key) where framework_id is not null;
create index requirements_framework_position_idx on requirements (framework_id, position) where framework_id is not null;
create index requirements_parent_idx on requirements (parent_id);
create index requirements_external_idx on requirements (framework_id, external_id) where framework_id is not null;

-- GovAssure profile targets per CAF outcome: a null target is an outcome that still needs one.
create table framework_profile_targets (
  requirement_id uuid not null references requirements (id),
  profile text not null,
  target text,
  source text not null,
  updated_by text,
  updated_at timestamptz not null default now(),
  primary key (requirement_id, profile),
  constraint framework_profile_targets_profile_check check (profile in ('baseline', 'enhanced')),
  constraint framework_profile_targets_target_check check (target is null or target in ('achieved', 'partially-achieved', 'not-achieved')),
  constraint framework_profile_targets_source_check check (source in ('framework', 'carried-over', 'department'))
);

-- Mapping sets between frameworks, as CISO Assistant publishes them.
create table mapping_sets (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  version text not null,
  external_id text not null unique,
  source_framework_id uuid not null references frameworks (id),
  target_framework_id uuid not null references frameworks (id),
  attribution text not null default '',
  file_name text not null,
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table requirement_mappings (
  mapping_set_id uuid not null references mapping_sets (id) on delete cascade,
  source_requirement_id uuid not null references requirements (id),
  target_requirement_id uuid not null references requirements (id),
  relationship text not null,
  rationale text not null default '',
  primary key (mapping_set_id, source_requirement_id, target_requirement_id),
  constraint requirement_mappings_relationship_check check (relationship in ('equal', 'subset', 'superset', 'intersect', 'not-related'))
);
create index requirement_mappings_source_idx on requirement_mappings (source_requirement_id);
create index requirement_mappings_target_idx on requirement_mappings (target_requirement_id);
