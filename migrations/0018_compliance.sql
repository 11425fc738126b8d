-- The compliance engine (issue 12). Rules are code (src/compliance/rules/); these tables hold what
-- they found. A run is one evaluation (the full set, or some rules scoped to changed records); a
-- finding is one record failing one rule, kept across runs with its history, so the posture on any
-- past date can be read back.

create table compliance_runs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('full', 'scoped')),
  -- What started it: 'schedule', 'cli', 'setup', 'change' (a write committed), 'test'.
  trigger text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  duration_ms integer,
  rules integer not null default 0,
  open_count integer not null default 0,
  covered_count integer not null default 0,
  resolved_count integer not null default 0
);
create index compliance_runs_full_idx on compliance_runs (started_at) where kind = 'full';

-- Per run, per rule and unit: how many records the rule checked and how many failed. Posture on a
-- past date is read from the last full run before it, so these are the denominators.
create table compliance_run_results (
  run_id uuid not null references compliance_runs (id) on delete cascade,
  rule_id text not null,
  unit_id uuid references organisation_units (id),
  checked integer not null,
  failing integer not null,
  covered integer not null
);
create index compliance_run_results_run_idx on compliance_run_results (run_id, rule_id);

create table compliance_findings (
  id uuid primary key default gen_random_uuid(),
  rule_id text not null,
  -- The record that fails and, where one record fails a rule in several ways (a person missing two
  -- courses), what distinguishes them: together they identify the finding across runs.
  record_type text not null,
  record_id uuid not null,
  detail_key text not null default '',
  requirement_id uuid references requirements (id),
  -- What an exception must name to cover it: exactly this requirement and this scope.
  scope_type text not null check (scope_type in ('service', 'asset', 'unit')),
  scope_id uuid not null,
  unit_id uuid references organisation_units (id),
  accountable_person_id uuid references people (id),
  label text not null,
  reason text not null,
  status text not null check (status in ('open', 'covered', 'resolved')),
  exception_id uuid references requirement_exceptions (id),
  -- When it (last) started failing: "open for N days" counts from here.
  opened_at timestamptz not null,
  -- When its status or details (reason, accountable person, covering exception) last changed: a run
  -- that finds it failing the same way writes nothing.
  changed_at timestamptz not null,
  resolved_at timestamptz,
  unique (rule_id, record_id, detail_key)
);
create index compliance_findings_status_idx on compliance_findings (status, unit_id);
create index compliance_findings_person_idx on compliance_findings (accountable_person_id) where status <> 'resolved';
create index compliance_findings_record_idx on compliance_findings (record_id);

-- Every change of a finding's status, with the run that saw it: the finding's history, and the
-- point-in-time posture by requirement and person.
create table compliance_finding_events (
  -- Orders events that share an instant (two runs in one clock tick, a fixed clock in tests).
  seq bigint generated always as identity,
  finding_id uuid not null references compliance_findings (id) on delete cascade,
  run_id uuid not null references compliance_runs (id) on delete cascade,
  at timestamptz not null,
  status text not null check (status in ('open', 'covered', 'resolved')),
  reason text not null
);
create index compliance_finding_events_finding_idx on compliance_finding_events (finding_id, seq);
create index compliance_finding_events_at_idx on compliance_finding_events (at);
create index compliance_finding_events_run_idx on compliance_finding_events (run_id);

-- The last audit event the change watcher has re-evaluated after (one row).
create table compliance_watch (
  id integer primary key check (id = 1),
  watched_seq bigint not null
);
insert into compliance_watch (id, watched_seq) select 1, coalesce(max(seq), 0) from audit_events;

-- The accountable person may answer a finding by planning a fix: an action raised from it.
alter table actions drop constraint if exists actions_source_type_check;
alter table actions add constraint actions_source_type_check
  check (source_type in ('risk', 'incident', 'review-finding', 'exercise-gap', 'supplier-deviation', 'compliance-review', 'compliance-finding'));
