-- Organisation, people and the accountability chain (issue 03); staging for CSV imports (all registers).

-- Kinds of unit, as data a department can change.
create table unit_types (
  code text primary key,
  name text not null,
  sort_order integer not null default 0
);
insert into unit_types (code, name, sort_order) values
  ('department', 'Department', 1),
  ('executive_agency', 'Executive agency', 2),
  ('executive_ndpb', 'Executive non-departmental public body', 3),
  ('advisory_ndpb', 'Advisory non-departmental public body', 4),
  ('tribunal_ndpb', 'Tribunal non-departmental public body', 5),
  ('other_alb', 'Other arm’s length body', 6),
  ('directorate', 'Directorate or group', 7),
  ('business_area', 'Business area', 8),
  ('team', 'Team', 9);
alter table organisation_units add constraint organisation_units_type_fk foreign key (unit_type) references unit_types (code);

alter table people
  add column line_manager_id uuid references people (id),
  add column job_title text,
  add column started_on date,
  add column left_on date,
  add constraint people_not_own_manager check (line_manager_id is null or line_manager_id <> id);
create index people_line_manager_idx on people (line_manager_id);

-- The catalogue of accountable roles. `code` is what the product's logic relies on; names, aliases and
-- descriptions are the department's to change.
create table accountable_roles (
  code text primary key,
  name text not null,
  aliases jsonb not null default '[]'::jsonb,
  scope text not null,
  description text not null default '',
  sort_order integer not null default 0,
  constraint accountable_roles_scope_check check (scope in ('unit', 'record', 'external'))
);
insert into accountable_roles (code, name, aliases, scope, description, sort_order) values
  ('prime-minister', 'Prime Minister', '["PM"]', 'external', 'Ultimately responsible for the security of His Majesty''s Government (GovS 007).', 1),
  ('cabinet-secretary', 'Cabinet Secretary', '[]', 'external', 'Accountable to the Prime Minister; delegates to Accounting Officers and Permanent Secretaries.', 2),
  ('permanent-secretary', 'Permanent Secretary', '["Perm Sec"]', 'unit', 'The department''s most senior civil servant and Principal Accounting Officer.', 3),
  ('accounting-officer', 'Accounting Officer', '["AO", "Principal Accounting Officer"]', 'unit', 'Accountable for the body''s use of public money and for its security.', 4),
  ('security-board-member', 'Board member with the security remit', '["board member responsible for information security", "security board member"]', 'unit', 'The board member who holds the security remit (GovS 007).', 5),
  ('chief-security-officer', 'Chief Security Officer', '["CSO"]', 'unit', 'The senior officer accountable for security.', 6),
  ('cyber-minister', 'Minister with the cyber security portfolio', '["Minister for cyber security"]', 'unit', 'The minister whose portfolio includes cyber security.', 7),
  ('siro', 'Senior Information Risk Owner', '["SIRO"]', 'unit', 'Owns information risk for the body.', 8),
  ('data-protection-officer', 'Data Protection Officer', '["DPO"]', 'unit', 'Advises on and monitors compliance with data protection law.', 9),
  ('information-assurance-lead', 'Information Assurance Lead', '["IA Lead", "IAL"]', 'unit', 'First point of contact on information security for a business area.', 10),
  ('information-asset-owner', 'Information Asset Owner', '["IAO"]', 'record', 'Responsible for an information asset.', 11),
  ('senior-responsible-officer', 'Senior Responsible Officer', '["SRO", "Senior Responsible Owner"]', 'record', 'Accountable for a service, supplier or programme, and its security risks.', 12),
  ('technology-service-owner', 'Technology Service Owner', '["TSO"]', 'record', 'Runs a technology service day to day.', 13),
  ('senior-business-owner', 'Senior Business Owner', '["SBO"]', 'record', 'Owns the business relationship with a supplier.', 14);

-- An appointment puts a holder in a role: for a unit, for one record (an asset's IAO), or outside the
-- department (the Prime Minister). External holders may have no person record, only a name.
create table appointments (
  id uuid primary key default gen_random_uuid(),
  role_code text not null references accountable_roles (code),
  person_id uuid references people (id),
  holder_name text,
  unit_id uuid references organisation_units (id),
  record_type text,
  record_id uuid,
  starts_on date not null,
  ends_on date,
  deputy_person_id uuid references people (id),
  illustrative boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint appointments_holder check (person_id is not null or holder_name is not null),
  constraint appointments_dates check (ends_on is null or ends_on >= starts_on),
  constraint appointments_target check (num_nonnulls(unit_id, record_id) <= 1 and (record_id is null) = (record_type is null)),
  constraint appointments_deputy_not_holder check (deputy_person_id is null or deputy_person_id <> person_id)
);
create index appointments_unit_role_idx on appointments (unit_id, role_code);
create index appointments_record_idx on appointments (record_type, record_id);
create index appointments_person_idx on appointments (person_id);
create index appointments_deputy_idx on appointments (deputy_person_id);

-- CSV imports (every register): rows are staged in chunks, validated there with set-based SQL, then
-- applied in one transaction. A batch is kept as the record of what was imported.
create table import_batches (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  file_name text not null,
  sha256 text not null,
  row_count integer not null default 0,
  status text not null default 'staging',
  created_by text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint import_batches_status_check check (status in ('staging', 'validated', 'applied', 'failed', 'discarded'))
);

create table import_rows (
  batch_id uuid not null references import_batches (id) on delete cascade,
  line integer not null,
  data jsonb not null,
  primary key (batch_id, line)
);
