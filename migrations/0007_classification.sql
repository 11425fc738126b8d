-- The vocabulary of Government Security Classifications (2023) as the MoJ applies it (issue 06). Data,
-- so a department can adjust it: which tiers exist, which handling instructions go with which marking,
-- and the descriptors.

create table classification_tiers (
  code text primary key,
  label text not null,
  -- Higher is more protected; a service takes the highest rank of its assets.
  rank integer not null unique,
  -- Whether the SENSITIVE marking may be added (OFFICIAL only, in the 2023 scheme).
  allows_sensitive boolean not null default false,
  allows_descriptors boolean not null default true
);
insert into classification_tiers (code, label, rank, allows_sensitive, allows_descriptors) values
  ('NO CLASSIFICATION', 'No classification (information HMG does not own)', 0, false, false),
  ('OFFICIAL', 'OFFICIAL', 1, true, true),
  ('SECRET', 'SECRET', 2, false, true),
  ('TOP SECRET', 'TOP SECRET', 3, false, true);

create table handling_instructions (
  code text primary key,
  label text not null,
  sort_order integer not null,
  needs_end_date boolean not null default false
);
insert into handling_instructions (code, label, sort_order, needs_end_date) values
  ('FOR PUBLIC RELEASE', 'For public release', 1, false),
  ('HMG USE ONLY', 'HMG use only', 2, false),
  ('MOJ USE ONLY', 'MoJ use only', 3, false),
  ('EMBARGOED', 'Embargoed until a date', 4, true),
  ('RECIPIENTS ONLY', 'Recipients only', 5, false);

-- Which handling instruction may go with which marking (tier, and whether SENSITIVE).
create table handling_instruction_rules (
  instruction_code text not null references handling_instructions (code),
  tier_code text not null references classification_tiers (code),
  sensitive boolean not null,
  primary key (instruction_code, tier_code, sensitive)
);
insert into handling_instruction_rules (instruction_code, tier_code, sensitive) values
  ('FOR PUBLIC RELEASE', 'OFFICIAL', false),
  ('HMG USE ONLY', 'OFFICIAL', false),
  ('MOJ USE ONLY', 'OFFICIAL', false),
  ('EMBARGOED', 'OFFICIAL', false),
  ('HMG USE ONLY', 'OFFICIAL', true),
  ('MOJ USE ONLY', 'OFFICIAL', true),
  ('EMBARGOED', 'OFFICIAL', true),
  ('RECIPIENTS ONLY', 'OFFICIAL', true);

create table classification_descriptors (
  code text primary key,
  label text not null,
  sort_order integer not null
);
insert into classification_descriptors (code, label, sort_order) values
  ('PERSONAL DATA', 'Personal data', 1),
  ('HR / MANAGEMENT', 'HR / management', 2),
  ('LEGAL PROFESSIONAL PRIVILEGE', 'Legal professional privilege', 3),
  ('LEGAL', 'Legal', 4),
  ('MARKET SENSITIVE', 'Market sensitive', 5),
  ('COMMERCIAL', 'Commercial', 6);
