-- Security training (issue 11): a catalogue of courses, each required of everyone or of the holders of
-- one role (an accountable role such as information-asset-owner, or an access role such as
-- administrator), valid for some months; and completion records, imported from a learning system or
-- recorded by hand. A person's status per course is derived, never stored.
create table training_courses (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  title text not null,
  description text not null default '',
  -- everyone: the annual mandatory course; appointment: holders of an accountable role in force;
  -- access-role: holders of an access role grant.
  audience text not null,
  role_code text,
  validity_months integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint training_courses_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$'),
  constraint training_courses_audience check (audience in ('everyone', 'appointment', 'access-role')),
  constraint training_courses_role check ((audience = 'everyone') = (role_code is null)),
  constraint training_courses_validity check (validity_months between 1 and 120)
);

create table training_completions (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  course_id uuid not null references training_courses (id),
  completed_on date not null,
  source text not null default 'manual',
  recorded_by text not null,
  created_at timestamptz not null default now(),
  constraint training_completions_source check (source in ('manual', 'import')),
  -- The same completion twice is one record: this is what makes an import idempotent.
  constraint training_completions_key unique (person_id, course_id, completed_on)
);
create index training_completions_course_idx on training_completions (course_id);
