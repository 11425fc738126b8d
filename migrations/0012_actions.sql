-- The actions register (issue 08): one register of things to do, each with an owner from the people
-- register, a due date, a status and a link to what raised it. Risks, incidents, reviews, exercises and
-- suppliers add their actions here rather than keeping their own lists.

create table actions (
  id uuid primary key default gen_random_uuid(),
  -- ACT-0001, ACT-0002, ...: from actions_reference_seq, so concurrent writers never share one.
  reference text not null unique,
  title text not null,
  description text not null default '',
  owner_person_id uuid not null references people (id),
  -- The unit whose security team manages the action: the unit of the record that raised it.
  unit_id uuid not null references organisation_units (id),
  due_on date not null,
  status text not null default 'open',
  -- What raised it. The source registers arrive later and differ in kind, so there is no foreign key:
  -- the pair is checked by the register that writes it.
  source_type text,
  source_id uuid,
  progress_note text not null default '',
  completed_on date,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint actions_status_check check (status in ('open', 'in-progress', 'done', 'cancelled')),
  constraint actions_source_type_check check (source_type in ('risk', 'incident', 'review-finding', 'exercise-gap', 'supplier-deviation', 'compliance-review')),
  constraint actions_source_pair check ((source_type is null) = (source_id is null)),
  constraint actions_completed_when_done check (completed_on is null or status = 'done'),
  constraint actions_title check (length(title) between 1 and 200)
);

-- "Your actions" (owner and status), a record's actions (source), a unit's list, and deadlines by date.
create index actions_owner_status_idx on actions (owner_person_id, status);
create index actions_source_idx on actions (source_type, source_id);
create index actions_unit_idx on actions (unit_id);
create index actions_due_idx on actions (due_on);

create sequence actions_reference_seq;
