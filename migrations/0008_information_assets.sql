-- The information assets register (issue 06). An asset's Information Asset Owner is an appointment on
-- the record (role 'information-asset-owner', record_type 'information-asset'), not a column here:
-- record owners are appointments, so the history of owners stays and the IAO gets access through it.

create table information_assets (
  id uuid primary key default gen_random_uuid(),
  -- The stable key imports match on (HMPPS-IA-0001); IA-000001 style when none is given.
  reference text not null unique,
  name text not null,
  description text not null default '',
  unit_id uuid not null references organisation_units (id),
  classification_tier text not null references classification_tiers (code),
  sensitive boolean not null default false,
  handling_instruction text null references handling_instructions (code),
  embargo_ends_on date null,
  -- Descriptor codes (classification_descriptors), in the vocabulary's order.
  descriptors jsonb not null default '[]',
  confidentiality_impact text not null default 'medium' check (confidentiality_impact in ('low', 'medium', 'high')),
  integrity_impact text not null default 'medium' check (integrity_impact in ('low', 'medium', 'high')),
  availability_impact text not null default 'medium' check (availability_impact in ('low', 'medium', 'high')),
  personal_data boolean not null default false,
  retention text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- What the list's search box matches (reference and name), lower-cased once on write, not per row per search.
  search_text text generated always as (lower(reference || ' ' || name)) stored,
  constraint information_assets_name check (length(name) between 1 and 200),
  constraint information_assets_descriptors check (jsonb_typeof(descriptors) = 'array')
);

-- The list filters on unit, tier, SENSITIVE and personal data, and sorts by name, reference, unit,
-- tier or last change; each sort ends on id so pages never overlap. These keep it fast at 50,000.
create index information_assets_name_idx on information_assets (lower(name), id);
create index information_assets_unit_idx on information_assets (unit_id, lower(name), id);
create index information_assets_tier_idx on information_assets (classification_tier, lower(name), id);
create index information_assets_updated_idx on information_assets (updated_at desc, id);
create index information_assets_personal_idx on information_assets (personal_data) where personal_data;
create index information_assets_sensitive_idx on information_assets (sensitive) where sensitive;

-- IAO lookups: the current holder of one asset, and the assets one person owns.
create index appointments_record_role_idx on appointments (record_type, role_code, record_id) where record_id is not null;
create index appointments_person_record_idx on appointments (person_id, record_type, role_code) where record_id is not null;

-- IA-000001, IA-000002, ... for assets added without a reference of their own.
create sequence information_asset_reference_seq;
