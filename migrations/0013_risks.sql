-- Risks (issue 08): a configurable likelihood × impact matrix with bands, a risk appetite per unit,
-- who accepts each band, the risk register with its rating history, formal acceptance decisions
-- (in the one decisions table) and exceptions to requirements backed by an accepted risk.

create table risk_likelihoods (
  level integer primary key check (level between 1 and 10),
  name text not null,
  description text not null default ''
);
create table risk_impacts (
  level integer primary key check (level between 1 and 10),
  name text not null,
  description text not null default ''
);

-- Bands in rising order; who may accept a residual rating in the band, whether a risk's owner may accept
-- their own, and the longest an acceptance may run.
create table risk_bands (
  code text primary key check (code ~ '^[a-z][a-z0-9-]{0,39}$'),
  name text not null,
  rank integer not null unique,
  colour text not null check (colour in ('green', 'yellow', 'orange', 'red', 'purple', 'grey', 'blue')),
  accepting_role_code text not null references accountable_roles (code),
  owner_may_accept boolean not null default false,
  max_acceptance_months integer not null check (max_acceptance_months between 1 and 60)
);

create table risk_matrix_cells (
  likelihood integer not null references risk_likelihoods (level),
  impact integer not null references risk_impacts (level),
  score integer not null check (score >= 0),
  band_code text not null references risk_bands (code),
  primary key (likelihood, impact)
);

-- The highest residual band a unit may hold without escalating. A unit with none holds nothing of its own.
create table risk_appetites (
  unit_id uuid primary key references organisation_units (id),
  max_band_code text not null references risk_bands (code),
  updated_at timestamptz not null default now()
);

create sequence risks_reference_seq;
create table risks (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  title text not null,
  description text not null default '',
  cause text not null default '',
  effect text not null default '',
  threats text not null default '',
  unit_id uuid not null references organisation_units (id),
  owner_person_id uuid not null references people (id),
  inherent_likelihood integer not null references risk_likelihoods (level),
  inherent_impact integer not null references risk_impacts (level),
  residual_likelihood integer not null references risk_likelihoods (level),
  residual_impact integer not null references risk_impacts (level),
  treatment text not null check (treatment in ('reduce', 'accept', 'transfer', 'avoid')),
  status text not null default 'open' check (status in ('open', 'awaiting-decision', 'accepted', 'in-review', 'closed')),
  review_on date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index risks_unit_idx on risks (unit_id);
create index risks_owner_idx on risks (owner_person_id);
create index risks_status_idx on risks (status);

create table risk_assets (risk_id uuid not null references risks (id) on delete cascade, asset_id uuid not null references information_assets (id), primary key (risk_id, asset_id));
create table risk_services (risk_id uuid not null references risks (id) on delete cascade, service_id uuid not null references technology_services (id), primary key (risk_id, service_id));
create table risk_requirements (risk_id uuid not null references risks (id) on delete cascade, requirement_id uuid not null references requirements (id), primary key (risk_id, requirement_id));
create table risk_controls (risk_id uuid not null references risks (id) on delete cascade, control_id uuid not null references controls (id), primary key (risk_id, control_id));
create index risk_services_service_idx on risk_services (service_id);
create index risk_requirements_requirement_idx on risk_requirements (requirement_id);

-- Every rating a risk has had: on creation, on each change of rating, and when the matrix is changed.
create table risk_ratings (
  id uuid primary key default gen_random_uuid(),
  -- Order of recording: ratings made in the same instant (a change and a re-rating) still sort.
  seq bigint generated always as identity,
  risk_id uuid not null references risks (id) on delete cascade,
  rated_at timestamptz not null default now(),
  inherent_likelihood integer not null,
  inherent_impact integer not null,
  inherent_score integer not null,
  inherent_band text not null,
  residual_likelihood integer not null,
  residual_impact integer not null,
  residual_score integer not null,
  residual_band text not null,
  reason text not null check (reason in ('created', 'rated', 'matrix-changed')),
  rated_by text not null
);
create index risk_ratings_risk_idx on risk_ratings (risk_id, seq);

-- A formal acceptance (or rejection) of a risk: the decision itself, with its snapshot, is in decisions.
create table risk_acceptances (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  risk_id uuid not null references risks (id),
  decision_id uuid not null references decisions (id),
  outcome text not null check (outcome in ('accepted', 'rejected')),
  band_code text not null references risk_bands (code),
  role_code text not null references accountable_roles (code),
  unit_id uuid references organisation_units (id),
  decided_by_person_id uuid not null references people (id),
  justification text not null,
  conditions text not null default '',
  expires_on date,
  status text not null check (status in ('in-force', 'rejected', 'expired', 'revoked', 'lapsed', 'superseded')),
  ended_at timestamptz,
  ended_reason text,
  ended_by text,
  created_at timestamptz not null default now(),
  constraint risk_acceptances_expiry check ((outcome = 'accepted') = (expires_on is not null))
);
create index risk_acceptances_risk_idx on risk_acceptances (risk_id);
create unique index risk_acceptances_one_in_force on risk_acceptances (risk_id) where status = 'in-force';

-- An exception: a requirement need not be met for a scope, while the risk backing it is accepted.
create sequence requirement_exceptions_reference_seq;
create table requirement_exceptions (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  requirement_id uuid not null references requirements (id),
  scope_type text not null check (scope_type in ('service', 'asset', 'unit')),
  scope_id uuid not null,
  risk_id uuid not null references risks (id),
  justification text not null,
  requested_by_person_id uuid references people (id),
  status text not null default 'requested' check (status in ('requested', 'in-force', 'rejected', 'expired', 'revoked', 'lapsed')),
  decision_id uuid references decisions (id),
  decided_by_person_id uuid references people (id),
  expires_on date,
  ended_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index requirement_exceptions_requirement_idx on requirement_exceptions (requirement_id, scope_type, scope_id);
create index requirement_exceptions_risk_idx on requirement_exceptions (risk_id);

-- The default 5×5 matrix (score = likelihood × impact) and the bands the policy describes; all data.
insert into risk_likelihoods (level, name, description) values
  (1, 'Rare', 'May happen only in exceptional circumstances'),
  (2, 'Unlikely', 'Could happen, but not expected'),
  (3, 'Possible', 'Might happen at some time'),
  (4, 'Likely', 'Will probably happen'),
  (5, 'Almost certain', 'Expected to happen');
insert into risk_impacts (level, name, description) values
  (1, 'Negligible', 'No noticeable effect on services, people or trust'),
  (2, 'Minor', 'Limited, short-lived effect'),
  (3, 'Moderate', 'Noticeable harm to a service, people or the department''s reputation'),
  (4, 'Major', 'Serious harm: a service stops, or personal data of many people is exposed'),
  (5, 'Severe', 'Harm to the justice system or to life; national attention');
insert into risk_bands (code, name, rank, colour, accepting_role_code, owner_may_accept, max_acceptance_months) values
  ('low', 'Low', 1, 'green', 'senior-responsible-officer', true, 12),
  ('medium', 'Medium', 2, 'yellow', 'senior-responsible-officer', false, 12),
  ('high', 'High', 3, 'orange', 'siro', false, 6),
  ('very-high', 'Very high', 4, 'red', 'security-board-member', false, 3);
insert into risk_matrix_cells (likelihood, impact, score, band_code)
select l, i, l * i,
       case when l * i <= 4 then 'low' when l * i <= 9 then 'medium' when l * i <= 16 then 'high' else 'very-high' end
  from generate_series(1, 5) l cross join generate_series(1, 5) i;
-- Above the appetite of every unit up to the department, the Accounting Officer decides.
insert into settings (key, value) values ('risk.above-appetite-role', 'accounting-officer') on conflict (key) do nothing;
