-- Technology services (issue 06): the systems that store or process information assets. A service's
-- classification is never stored: it is derived from its assets. Its Technology Service Owner and
-- Senior Responsible Officer are appointments on the record (record_type 'technology-service').

create table technology_services (
  id uuid primary key default gen_random_uuid(),
  -- The stable key imports match on, such as SVC-0001.
  reference text not null unique,
  name text not null,
  purpose text not null default '',
  unit_id uuid not null references organisation_units (id),
  hosting text not null,
  -- Free text until the suppliers register: a comma-separated list of names.
  suppliers text not null default '',
  criticality text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint technology_services_hosting_check check (hosting in ('on-premises', 'private-cloud', 'public-cloud', 'saas', 'hybrid')),
  constraint technology_services_criticality_check check (criticality in ('low', 'medium', 'high', 'critical')),
  constraint technology_services_reference_format check (reference ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$')
);
create index technology_services_unit_idx on technology_services (unit_id);
create index technology_services_name_idx on technology_services (lower(name));
create index technology_services_updated_idx on technology_services (updated_at);

-- The information assets each service stores or processes.
create table service_assets (
  service_id uuid not null references technology_services (id) on delete cascade,
  asset_id uuid not null references information_assets (id),
  primary key (service_id, asset_id)
);
create index service_assets_asset_idx on service_assets (asset_id);

-- The standards (policy library documents, normally tier 3) that apply to each service.
create table service_standards (
  service_id uuid not null references technology_services (id) on delete cascade,
  document_id uuid not null references documents (id),
  primary key (service_id, document_id)
);
create index service_standards_document_idx on service_standards (document_id);
