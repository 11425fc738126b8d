// Every closed incident has its lessons learned recorded and at least one corrective action: what
// closing requires (missingToClose in src/registers/incidents/learning.ts: lessons, and an action
// raised from the incident that is not cancelled). The register refuses to close without them, so a
// failure here means something changed after closing (an action cancelled) or the incident was closed
// before the rule, or by an import: either way the learning is missing.
// Accountable: the handler, else the nearest Information Assurance Lead of the incident's unit, else
// its SIRO.
// Indexes: incidents_stage_idx (stage) for the closed incidents; incident_lessons pkey (incident_id);
// actions_source_idx (source_type, source_id) for the corrective actions.
import { sql } from 'kysely';
import { idList, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const incidentsLessonsLearned: ComplianceRule = {
  id: 'incidents.lessons-learned',
  title: 'Every closed incident has lessons learned and a corrective action',
  register: 'incidents',
  requirement: 'SISP-006',
  alsoEvidences: ['ncsc-caf:D2.a', 'ncsc-caf:D2.b'],
  severity: 'medium',
  subjectType: 'incident',
  affectedBy: {
    // Closing, reopening and recording lessons are audited on the incident.
    incident: 'self',
    action: (ids) => sql`select source_id as id from actions where id in ${idList(ids)} and source_type = 'incident'`,
  },
  subjects: ({ today, scope }) => sql`
    select 'incident' as record_type, i.id as record_id, '' as detail_key,
           i.reference || ' ' || i.title as label, i.unit_id,
           coalesce(i.handler_person_id, ial.person_id, siro.person_id) as accountable_person_id,
           'unit' as scope_type, i.unit_id as scope_id,
           (l.incident_id is null or not ca.found) as failing,
           concat_ws('; ',
             case when l.incident_id is null then 'Closed without lessons learned (what went well, what did not, the root cause)' end,
             case when not ca.found then 'Closed without a corrective action that is not cancelled' end) as reason
      from incidents i
      left join incident_lessons l on l.incident_id = i.id
      cross join lateral (
        select exists (select 1 from actions a where a.source_type = 'incident' and a.source_id = i.id and a.status <> 'cancelled') as found
      ) ca
      left join ${nearestUnitHolder('information-assurance-lead', today)} ial on ial.unit_id = i.unit_id
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = i.unit_id
     where i.stage = 'closed' and ${inScope('i.id', scope)}`,
};
