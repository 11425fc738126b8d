-- "My work" and reminders (issue 13). One row per message the reminder job has sent a person on a day:
-- the primary key is what makes the job safe to run twice in a day, or in two processes at once (the
-- second insert of the same person, day and kind finds the row and sends nothing).
create table work_reminders (
  person_id uuid not null references people (id),
  -- The Europe/London calendar day the reminder is for.
  sent_on date not null,
  -- reminder: the person's own duties; escalation: others' duties overdue, sent to their deputy or line manager.
  kind text not null check (kind in ('reminder', 'escalation')),
  duties integer not null check (duties > 0),
  created_at timestamptz not null default now(),
  primary key (person_id, sent_on, kind)
);
create index work_reminders_day_idx on work_reminders (sent_on);
