-- Continuity (issue 11, part 1): backup, disaster recovery and business continuity plans, each for a
-- technology service (or a whole unit), with its recovery objectives and testing interval, and the
-- continuity-exercises that test it. Gaps an exercise finds become actions (source 'exercise-gap').

create sequence continuity_plans_reference_seq;
create table continuity_plans (
  id uuid primary key default gen_random_uuid(),
  -- CP-0001, CP-0002, ...
  reference text not null unique,
  title text not null check (length(title) between 1 and 200),
  kind text not null check (kind in ('backup', 'disaster-recovery', 'business-continuity')),
  -- A plan covers one technology service, or a whole unit when it has none; the unit is always set
  -- (the service's own unit when it has one) so access by unit needs no join.
  service_id uuid references technology_services (id),
  unit_id uuid not null references organisation_units (id),
  owner_person_id uuid not null references people (id),
  rto_hours double precision not null check (rto_hours >= 0),
  rpo_hours double precision not null check (rpo_hours >= 0),
  backup_arrangements text not null default '',
  document_url text not null default '',
  -- Or an uploaded copy of the plan document (src/platform/files).
  document_file_id uuid references stored_files (id),
  testing_interval_months integer not null check (testing_interval_months between 1 and 60),
  status text not null default 'draft' check (status in ('draft', 'approved', 'retired')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index continuity_plans_unit_idx on continuity_plans (unit_id);
create index continuity_plans_owner_idx on continuity_plans (owner_person_id);

create table continuity_exercises (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references continuity_plans (id),
  kind text not null check (kind in ('restore-test', 'failover', 'tabletop', 'full-exercise')),
  exercised_on date not null,
  scenario text not null check (length(scenario) between 1 and 2000),
  participants text not null default '',
  result text not null check (result in ('passed', 'passed-with-issues', 'failed')),
  -- Null where the exercise did not measure it (a tabletop).
  achieved_rto_hours double precision check (achieved_rto_hours >= 0),
  achieved_rpo_hours double precision check (achieved_rpo_hours >= 0),
  gaps text not null default '',
  evidence text not null default '',
  recorded_by text not null,
  created_at timestamptz not null default now()
);
create index continuity_exercises_plan_idx on continuity_exercises (plan_id, exercised_on desc);
