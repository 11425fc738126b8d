-- Suppliers and partners (issue 09): who they are, their contracts, what they can reach (and so the
-- highest classification they handle and their criticality, derived), certifications, security risk
-- assessments from questionnaires that are data, single-use links for suppliers to answer without an
-- account, and deviations, each of which must be linked to a risk. The SRO and Senior Business Owner are
-- appointments on the supplier record (record_type 'supplier').

create sequence suppliers_reference_seq;
create table suppliers (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  name text not null,
  company_number text,
  contact_name text not null default '',
  contact_email text not null default '',
  description text not null default '',
  -- The unit that manages the relationship: the security team there manages the supplier.
  unit_id uuid not null references organisation_units (id),
  criticality_override text check (criticality_override in ('low', 'medium', 'high', 'critical')),
  criticality_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint suppliers_company_number check (company_number is null or company_number ~ '^[A-Z0-9]{8}$'),
  constraint suppliers_override_reason check ((criticality_override is null) = (criticality_reason is null or btrim(criticality_reason) = ''))
);
create unique index suppliers_company_number_key on suppliers (company_number) where company_number is not null;
create index suppliers_unit_idx on suppliers (unit_id);
create index suppliers_name_idx on suppliers (lower(name));

create table supplier_contracts (
  id uuid primary key default gen_random_uuid(),
  supplier_id uuid not null references suppliers (id) on delete cascade,
  reference text not null unique,
  title text not null,
  unit_id uuid not null references organisation_units (id),
  starts_on date not null,
  ends_on date,
  value_band text not null check (value_band in ('under-10k', '10k-100k', '100k-1m', '1m-10m', 'over-10m')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint supplier_contracts_dates check (ends_on is null or ends_on >= starts_on)
);
create index supplier_contracts_supplier_idx on supplier_contracts (supplier_id);

-- What the supplier can reach: information assets and technology services.
create table supplier_assets (supplier_id uuid not null references suppliers (id) on delete cascade, asset_id uuid not null references information_assets (id), primary key (supplier_id, asset_id));
create table supplier_services (supplier_id uuid not null references suppliers (id) on delete cascade, service_id uuid not null references technology_services (id), primary key (supplier_id, service_id));
create index supplier_services_service_idx on supplier_services (service_id);
create index supplier_assets_asset_idx on supplier_assets (asset_id);

create table supplier_subprocessors (
  id uuid primary key default gen_random_uuid(),
  supplier_id uuid not null references suppliers (id) on delete cascade,
  name text not null,
  country text not null default '',
  purpose text not null default ''
);
create index supplier_subprocessors_supplier_idx on supplier_subprocessors (supplier_id);

-- Controls the supplier must apply, and whether it does: one it does not is a deviation.
create table supplier_controls (
  supplier_id uuid not null references suppliers (id) on delete cascade,
  control_id uuid not null references controls (id),
  applied boolean not null default false,
  primary key (supplier_id, control_id)
);

create table certification_schemes (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null,
  sort_order integer not null default 0
);
insert into certification_schemes (code, name, sort_order) values
  ('cyber-essentials', 'Cyber Essentials', 1),
  ('cyber-essentials-plus', 'Cyber Essentials Plus', 2),
  ('iso-27001', 'ISO/IEC 27001', 3),
  ('iso-27701', 'ISO/IEC 27701', 4),
  ('soc-2-type-2', 'SOC 2 Type II', 5),
  ('pci-dss', 'PCI DSS', 6);

create table supplier_certifications (
  id uuid primary key default gen_random_uuid(),
  supplier_id uuid not null references suppliers (id) on delete cascade,
  scheme_code text not null references certification_schemes (code),
  certificate_number text not null,
  scope text not null default '',
  expires_on date not null,
  created_at timestamptz not null default now()
);
create index supplier_certifications_supplier_idx on supplier_certifications (supplier_id);

-- How often a supplier is reassessed, by its criticality.
create table supplier_reassessment_intervals (
  criticality text primary key check (criticality in ('low', 'medium', 'high', 'critical')),
  months integer not null check (months between 1 and 60)
);
insert into supplier_reassessment_intervals (criticality, months) values ('critical', 6), ('high', 12), ('medium', 24), ('low', 36);

-- Questionnaires are data: groups of questions, each with the answer required, a weight and guidance.
create table questionnaires (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  title text not null,
  version text not null default '1',
  description text not null default '',
  created_at timestamptz not null default now()
);
create table questionnaire_groups (
  id uuid primary key default gen_random_uuid(),
  questionnaire_id uuid not null references questionnaires (id) on delete cascade,
  position integer not null,
  title text not null,
  unique (questionnaire_id, position)
);
create table questionnaire_questions (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references questionnaire_groups (id) on delete cascade,
  position integer not null,
  key text not null,
  text text not null,
  -- 'yes' or 'no' where an answer is required to meet it; null for a question asked only for information.
  required_answer text check (required_answer in ('yes', 'no')),
  weight integer not null default 1 check (weight between 0 and 100),
  guidance text not null default '',
  unique (group_id, position)
);

create sequence supplier_assessments_reference_seq;
create table supplier_assessments (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  supplier_id uuid not null references suppliers (id),
  questionnaire_id uuid not null references questionnaires (id),
  status text not null default 'in-progress' check (status in ('in-progress', 'sent-to-supplier', 'answered', 'completed')),
  -- The internal assessor: assigned to the work, they see and record this assessment until it is completed.
  assessor_person_id uuid references people (id),
  answered_by text check (answered_by in ('assessor', 'supplier')),
  score integer,
  max_score integer,
  result text check (result in ('meets', 'meets-with-deviations', 'does-not-meet')),
  completed_on date,
  reassess_on date,
  completed_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index supplier_assessments_supplier_idx on supplier_assessments (supplier_id);

create table assessment_answers (
  assessment_id uuid not null references supplier_assessments (id) on delete cascade,
  question_id uuid not null references questionnaire_questions (id),
  answer text not null check (answer in ('yes', 'no', 'not-applicable')),
  comment text not null default '',
  answered_at timestamptz not null default now(),
  primary key (assessment_id, question_id)
);

-- A link for the supplier to answer one questionnaire without an account: only its SHA-256 is kept,
-- it expires, and it works once (used_at is set when the answers are submitted).
create table supplier_questionnaire_links (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references supplier_assessments (id),
  token_sha256 text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
  sent_to text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index supplier_questionnaire_links_assessment_idx on supplier_questionnaire_links (assessment_id);

-- Deviations: a required answer not met, a certificate expired, a control not applied. Each must be
-- linked to a risk before its assessment can be completed.
create table supplier_deviations (
  id uuid primary key default gen_random_uuid(),
  supplier_id uuid not null references suppliers (id),
  assessment_id uuid references supplier_assessments (id),
  kind text not null check (kind in ('answer', 'certificate', 'control')),
  question_id uuid references questionnaire_questions (id),
  certification_id uuid references supplier_certifications (id) on delete set null,
  control_id uuid references controls (id),
  description text not null,
  risk_id uuid references risks (id),
  status text not null default 'open' check (status in ('open', 'resolved')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index supplier_deviations_supplier_idx on supplier_deviations (supplier_id);
create index supplier_deviations_assessment_idx on supplier_deviations (assessment_id);
create unique index supplier_deviations_answer_key on supplier_deviations (assessment_id, question_id) where kind = 'answer';
create unique index supplier_deviations_certificate_key on supplier_deviations (assessment_id, certification_id) where kind = 'certificate';
create unique index supplier_deviations_control_key on supplier_deviations (assessment_id, control_id) where kind = 'control';

-- Risks can now name the suppliers they concern.
create table risk_suppliers (risk_id uuid not null references risks (id) on delete cascade, supplier_id uuid not null references suppliers (id), primary key (risk_id, supplier_id));
create index risk_suppliers_supplier_idx on risk_suppliers (supplier_id);
