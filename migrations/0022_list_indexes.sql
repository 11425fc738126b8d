-- Indexes in the order the register lists sort, so a page of 50 is read from the index at department
-- scale (150,000 people, 100,000 incidents, 90,000 actions) instead of sorting every matching row. Each
-- index repeats its list's ORDER BY exactly, expressions included: the planner only uses an index
-- whose expressions match the query's.

-- People: by name (PeopleRepository.list).
create index people_name_idx on people (display_name, id);

-- Suppliers: by name, case-insensitively (SupplierRepository.pageIds).
create index suppliers_list_idx on suppliers (lower(name), reference);

-- Actions: open and in progress first, then by due date (ActionRepository.listActions).
create index actions_list_idx on actions ((status in ('open', 'in-progress')) desc, due_on, reference);

-- Incidents: open first, newest first (IncidentViewRepository.listIncidents).
create index incidents_list_idx on incidents ((stage = 'closed'), reported_at desc, reference desc);
