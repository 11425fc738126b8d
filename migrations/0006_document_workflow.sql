-- The policy library's working life (issue 05): drafts approved by the holder of the tier's approving
-- role, document reviews by the Security and Information Group, acknowledgement by an audience, and
-- related documents.

alter table document_versions add column created_by_person_id uuid references people (id);
-- A material change asks everyone in the audience to acknowledge the document again.
alter table document_versions add column material boolean not null default true;
alter table document_versions add column submitted_at timestamptz;

alter table documents add column acknowledgement_audience text;
alter table documents add column acknowledgement_unit_id uuid references organisation_units (id);
alter table documents add column acknowledgement_role_code text references accountable_roles (code);
alter table documents add constraint documents_acknowledgement_audience_check check (
  (acknowledgement_audience is null and acknowledgement_unit_id is null and acknowledgement_role_code is null)
  or (acknowledgement_audience = 'everyone' and acknowledgement_unit_id is null and acknowledgement_role_code is null)
  or (acknowledgement_audience = 'unit' and acknowledgement_unit_id is not null and acknowledgement_role_code is null)
  or (acknowledgement_audience = 'role' and acknowledgement_role_code is not null and acknowledgement_unit_id is null)
);
create index documents_parent_idx on documents (parent_document_id);

create table document_relations (
  document_id uuid not null references documents (id),
  related_document_id uuid not null references documents (id),
  primary key (document_id, related_document_id),
  constraint document_relations_not_self check (document_id <> related_document_id)
);

-- Which accountable role approves a draft of each tier; the approver is the nearest holder of that role
-- at or above the document's unit. Data, so another department sets its own.
create table document_approving_roles (
  tier integer primary key check (tier between 1 and 5),
  role_code text not null references accountable_roles (code)
);
insert into document_approving_roles (tier, role_code) values
  (1, 'security-board-member'),
  (2, 'chief-security-officer'),
  (3, 'chief-security-officer'),
  (4, 'information-assurance-lead'),
  (5, 'siro');

create table document_reviews (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  outcome text not null,
  notes text not null default '',
  reviewed_on date not null,
  next_review_on date,
  reviewed_by_person_id uuid references people (id),
  reviewed_by_label text not null,
  created_at timestamptz not null default now(),
  constraint document_reviews_outcome_check check (outcome in ('no-change', 'revise', 'retire')),
  constraint document_reviews_next_check check ((outcome = 'retire') = (next_review_on is null))
);
create index document_reviews_document_idx on document_reviews (document_id, reviewed_on);

create table document_acknowledgements (
  document_id uuid not null references documents (id),
  version_id uuid not null references document_versions (id),
  person_id uuid not null references people (id),
  acknowledged_at timestamptz not null default now(),
  primary key (version_id, person_id)
);
create index document_acknowledgements_person_idx on document_acknowledgements (person_id, document_id);
create index document_acknowledgements_document_idx on document_acknowledgements (document_id);
