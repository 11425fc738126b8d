-- Feedback on the policy library (issue 05): any reader comments on a document or one of its
-- statements; the document's managers triage it with a reply.
create table document_feedback (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  requirement_id uuid references requirements (id),
  person_id uuid not null references people (id),
  text text not null check (length(text) between 1 and 5000),
  status text not null default 'new',
  reply text,
  replied_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint document_feedback_status_check check (status in ('new', 'accepted', 'declined', 'done'))
);
create index document_feedback_document_idx on document_feedback (document_id, status);
