-- CAF self-assessments (GovAssure, issue 13): a critical technology service assessed against the NCSC
-- CAF's contributing outcomes for a GovAssure profile, by assigned assessors, pre-filled from what the
-- registers already prove and completed by the assessors.

create sequence caf_assessments_reference_seq;

create table caf_assessments (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  framework_id uuid not null references frameworks (id),
  service_id uuid not null references technology_services (id),
  -- The service's unit when the assessment started: who may see and manage it.
  unit_id uuid not null references organisation_units (id),
  profile text not null,
  due_on date not null,
  status text not null default 'in-progress',
  started_by text not null,
  prefilled_at timestamptz,
  submitted_by text,
  submitted_at timestamptz,
  completed_by text,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint caf_assessments_profile_check check (profile in ('baseline', 'enhanced')),
  constraint caf_assessments_status_check check (status in ('in-progress', 'submitted', 'completed'))
);
-- One unfinished assessment of a service at a time.
create unique index caf_assessments_open_service_key on caf_assessments (service_id) where status <> 'completed';
create index caf_assessments_unit_idx on caf_assessments (unit_id);

create table caf_assessment_assessors (
  assessment_id uuid not null references caf_assessments (id) on delete cascade,
  person_id uuid not null references people (id),
  assigned_by text not null,
  assigned_at timestamptz not null default now(),
  primary key (assessment_id, person_id)
);
create index caf_assessment_assessors_person_idx on caf_assessment_assessors (person_id);

-- One row per contributing outcome: the registers' proposal and the assessor's answer.
create table caf_outcome_results (
  assessment_id uuid not null references caf_assessments (id) on delete cascade,
  requirement_id uuid not null references requirements (id),
  -- null: not assessed.
  status text,
  justification text not null default '',
  -- 'registers': the status is the pre-fill's proposal, not yet confirmed; 'assessor': an assessor answered
  -- (even "not assessed"), so a refresh of the pre-fill leaves it alone.
  source text,
  proposed_status text,
  proposed_justification text not null default '',
  answered_by text,
  answered_at timestamptz,
  primary key (assessment_id, requirement_id),
  constraint caf_outcome_results_status_check check (status is null or status in ('achieved', 'partially-achieved', 'not-achieved')),
  constraint caf_outcome_results_proposed_check check (proposed_status is null or proposed_status in ('achieved', 'partially-achieved', 'not-achieved')),
  constraint caf_outcome_results_source_check check (source is null or source in ('registers', 'assessor'))
);

create table caf_indicator_answers (
  assessment_id uuid not null references caf_assessments (id) on delete cascade,
  requirement_id uuid not null references requirements (id),
  met boolean not null,
  answered_by text not null,
  answered_at timestamptz not null,
  primary key (assessment_id, requirement_id)
);

-- What the registers say for or against each outcome when the pre-fill last ran.
create table caf_outcome_evidence (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references caf_assessments (id) on delete cascade,
  requirement_id uuid not null references requirements (id),
  supports boolean not null,
  kind text not null,
  label text not null,
  detail text not null default '',
  url text,
  implementation_id uuid references control_implementations (id),
  finding_id uuid references compliance_findings (id),
  recorded_at timestamptz not null,
  constraint caf_outcome_evidence_kind_check check (kind in ('implementation', 'control-gap', 'finding'))
);
create index caf_outcome_evidence_outcome_idx on caf_outcome_evidence (assessment_id, requirement_id);
