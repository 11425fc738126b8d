-- Compliance-reviews by the Security and Information Group (issue 13, part 1). A review covers a unit
-- or a technology service against requirements chosen from one source (a policy document's statements
-- or a framework's requirements). Its checklist is a snapshot of those requirements taken when the
-- review starts, so later versions of the document or framework do not rewrite it. Findings raised on
-- the review take their remediation actions in the actions register (source 'review-finding').

create sequence compliance_reviews_reference_seq;
create table compliance_reviews (
  id uuid primary key default gen_random_uuid(),
  -- CR-0001, CR-0002, ...
  reference text not null unique,
  title text not null check (length(title) between 1 and 200),
  -- The unit is always set (a service's own unit when the review covers one), so access by unit needs no join.
  unit_id uuid not null references organisation_units (id),
  service_id uuid references technology_services (id),
  source_type text not null check (source_type in ('policy-statement', 'framework')),
  document_id uuid references documents (id),
  framework_id uuid references frameworks (id),
  -- The requirement keys chosen, separated by spaces; empty means every requirement of the source.
  requirement_keys text not null default '',
  lead_person_id uuid not null references people (id),
  planned_on date not null,
  status text not null default 'planned' check (status in ('planned', 'in-progress', 'completed')),
  started_on date,
  completed_on date,
  conclusion text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((source_type = 'policy-statement') = (document_id is not null)),
  check ((source_type = 'framework') = (framework_id is not null))
);
create index compliance_reviews_unit_idx on compliance_reviews (unit_id);
create index compliance_reviews_lead_idx on compliance_reviews (lead_person_id) where status <> 'completed';

create table compliance_review_items (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references compliance_reviews (id),
  position integer not null,
  requirement_id uuid not null references requirements (id),
  -- The key and text as they stood when the review started.
  requirement_key text not null,
  requirement_text text not null,
  result text check (result in ('met', 'partly-met', 'not-met', 'not-applicable')),
  note text not null default '',
  recorded_by text,
  recorded_at timestamptz,
  unique (review_id, requirement_id)
);
create index compliance_review_items_review_idx on compliance_review_items (review_id, position);

create table compliance_review_findings (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references compliance_reviews (id),
  -- F1, F2, ... within the review.
  number integer not null,
  item_id uuid references compliance_review_items (id),
  severity text not null check (severity in ('major', 'minor', 'observation')),
  description text not null check (length(description) between 1 and 4000),
  raised_by text not null,
  created_at timestamptz not null default now(),
  unique (review_id, number)
);
