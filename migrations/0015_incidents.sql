-- Incidents and near misses (issue 10): reported by anyone, triaged and handled through forward-only
-- stages with a timeline, the ICO clock for personal data breaches (the decision is a row in `decisions`),
-- lessons learned and corrective actions (in the shared actions register, which may now say what control,
-- risk or document an action adds or changes), and the Cabinet Office quarterly return's layout as data.

create table incident_types (
  code text primary key,
  name text not null,
  description text not null default '',
  sort_order integer not null default 0,
  constraint incident_types_code_format check (code ~ '^[a-z][a-z0-9-]{0,39}$')
);

-- Severities are data: the department renames them or adds one; rank orders them (1 the least severe).
create table incident_severities (
  code text primary key,
  name text not null,
  rank integer not null unique,
  description text not null default '',
  constraint incident_severities_code_format check (code ~ '^[a-z][a-z0-9-]{0,39}$')
);

create table incidents (
  id uuid primary key default gen_random_uuid(),
  -- INC-0001, INC-0002, ...: from incidents_reference_seq, so concurrent reports never share one.
  reference text not null unique,
  title text not null,
  description text not null,
  occurred_at timestamptz not null,
  -- The ICO's 72 hours run from here.
  aware_at timestamptz not null,
  reported_at timestamptz not null,
  reported_by_person_id uuid references people (id),
  reported_by_label text not null,
  -- The reporter's unit unless they chose another: its security team handles the incident.
  unit_id uuid not null references organisation_units (id),
  affected_information text not null default '',
  personal_data text not null,
  -- Need-to-know: kept apart so that readers without it are shown a placeholder, never the text.
  personal_data_details text not null default '',
  actions_taken text not null default '',
  kind text not null default 'incident',
  category text,
  type_code text references incident_types (code),
  severity_code text references incident_severities (code),
  stage text not null default 'reported',
  handler_person_id uuid references people (id),
  triaged_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint incidents_title check (length(title) between 1 and 200),
  constraint incidents_personal_data_check check (personal_data in ('yes', 'no', 'not-sure')),
  constraint incidents_kind_check check (kind in ('incident', 'near-miss')),
  constraint incidents_category_check check (category in ('confidentiality', 'integrity', 'availability')),
  constraint incidents_stage_check check (stage in ('reported', 'triaged', 'contained', 'eradicated', 'recovered', 'closed')),
  constraint incidents_triaged check (stage = 'reported' or triaged_at is not null),
  constraint incidents_triage_complete check (stage = 'reported' or (category is not null and type_code is not null and severity_code is not null)),
  constraint incidents_closed check ((stage = 'closed') = (closed_at is not null)),
  constraint incidents_aware_after_occurred check (aware_at >= occurred_at)
);
create index incidents_unit_idx on incidents (unit_id);
create index incidents_reporter_idx on incidents (reported_by_person_id);
create index incidents_handler_idx on incidents (handler_person_id) where stage <> 'closed';
create index incidents_reported_at_idx on incidents (reported_at);
create index incidents_stage_idx on incidents (stage);
create sequence incidents_reference_seq;

create table incident_assets (
  incident_id uuid not null references incidents (id) on delete cascade,
  asset_id uuid not null references information_assets (id),
  primary key (incident_id, asset_id)
);
create table incident_services (
  incident_id uuid not null references incidents (id) on delete cascade,
  service_id uuid not null references technology_services (id),
  primary key (incident_id, service_id)
);
create table incident_suppliers (
  incident_id uuid not null references incidents (id) on delete cascade,
  supplier_id uuid not null references suppliers (id),
  primary key (incident_id, supplier_id)
);
-- People affected or involved: personal data, shown only to those who need it.
create table incident_people (
  incident_id uuid not null references incidents (id) on delete cascade,
  person_id uuid not null references people (id),
  role text not null,
  note text not null default '',
  primary key (incident_id, person_id),
  constraint incident_people_role_check check (role in ('affected', 'involved'))
);

-- The timeline: stage changes, notes, assignments, decisions, actions, lessons, links.
create table incident_events (
  id uuid primary key default gen_random_uuid(),
  seq bigserial not null,
  incident_id uuid not null references incidents (id) on delete cascade,
  at timestamptz not null,
  kind text not null,
  by_person_id uuid references people (id),
  by_label text not null,
  text text not null default '',
  restricted boolean not null default false,
  data jsonb not null default '{}',
  constraint incident_events_kind_check check (kind in ('reported', 'triaged', 'stage', 'note', 'assignment', 'decision', 'action', 'lessons', 'link', 'reopened', 'closed'))
);
create index incident_events_incident_idx on incident_events (incident_id, seq);

create table incident_lessons (
  incident_id uuid primary key references incidents (id) on delete cascade,
  went_well text not null,
  went_badly text not null,
  root_cause text not null,
  recorded_by text not null,
  recorded_at timestamptz not null,
  constraint incident_lessons_filled check (length(went_well) > 0 and length(went_badly) > 0 and length(root_cause) > 0)
);

-- What an action adds or changes. Any register's action may say; incidents' corrective actions do.
-- The targets live in different tables, so there is no foreign key on target_id: the service checks it.
create table action_targets (
  action_id uuid not null references actions (id) on delete cascade,
  target_type text not null,
  target_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (action_id, target_type, target_id),
  constraint action_targets_type_check check (target_type in ('control', 'risk', 'document'))
);
create index action_targets_target_idx on action_targets (target_type, target_id);

-- The Cabinet Office quarterly return: one row per agency and a total row; these are its columns, in
-- order. A field is 'quarter', 'agency', 'agency-code', 'total', or conditions joined by '&', each
-- dimension:value[,value] over kind, category, severity, type and personal-data ('none' for not yet set).
-- See docs/incidents.md.
create table incident_return_columns (
  position integer primary key,
  heading text not null,
  field text not null,
  constraint incident_return_columns_heading check (length(heading) between 1 and 100)
);

insert into incident_types (code, name, description, sort_order) values
  ('misdirected', 'Information sent to the wrong recipient', 'Email, post or a file shared with someone who should not have it.', 1),
  ('lost-or-stolen', 'Loss or theft of a device or papers', 'A laptop, phone, removable media or paper records lost or stolen.', 2),
  ('unauthorised-access', 'Unauthorised access', 'Someone reached information or a system they were not entitled to.', 3),
  ('phishing', 'Phishing or social engineering', 'An attempt to trick someone into giving access or information.', 4),
  ('malware', 'Malware or ransomware', 'Malicious software found or run.', 5),
  ('denial-of-service', 'Denial of service', 'A service made unavailable by an attack.', 6),
  ('system-failure', 'System failure or outage', 'A failure that lost, corrupted or made information unavailable.', 7),
  ('physical-security', 'Physical security breach', 'Tailgating, an unlocked secure area, papers left in the open.', 8),
  ('inappropriate-disclosure', 'Inappropriate disclosure', 'Information disclosed verbally, on social media or to the press.', 9),
  ('other', 'Other', 'Anything else: describe it.', 99);

insert into incident_severities (code, name, rank, description) values
  ('low', 'Low', 1, 'Little or no harm; contained locally.'),
  ('medium', 'Medium', 2, 'Some harm or disruption to a business area.'),
  ('high', 'High', 3, 'Serious harm to people, operations or reputation.'),
  ('critical', 'Critical', 4, 'Severe harm across the department; ministers may need to know.');

insert into incident_return_columns (position, heading, field) values
  (1, 'Quarter', 'quarter'),
  (2, 'Agency', 'agency'),
  (3, 'Incidents', 'kind:incident'),
  (4, 'Near misses', 'kind:near-miss'),
  (5, 'Confidentiality', 'category:confidentiality'),
  (6, 'Integrity', 'category:integrity'),
  (7, 'Availability', 'category:availability'),
  (8, 'Not yet triaged', 'category:none'),
  (9, 'Low', 'severity:low'),
  (10, 'Medium', 'severity:medium'),
  (11, 'High', 'severity:high'),
  (12, 'Critical', 'severity:critical'),
  (13, 'Possible personal data breaches', 'kind:incident&personal-data:yes,not-sure'),
  (14, 'Total', 'total');

insert into settings (key, value) values
  ('incidents.triage-target-hours', '24'),
  ('incidents.ico-decision-role', 'data-protection-officer'),
  -- Empty: the security team is told through the holders of the Chief Security Officer role.
  ('incidents.security-mailbox', '')
on conflict (key) do nothing;
