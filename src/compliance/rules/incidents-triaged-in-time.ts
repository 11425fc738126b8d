// No incident waits for triage beyond the target (setting 'incidents.triage-target-hours', default 24;
// a value that is not a positive number means the default, as the register reads it in views.ts).
// Fails while an incident (or near miss) is not yet triaged (no triaged_at: still at stage 'reported')
// and more than the target has passed since it was reported, measured to the run's instant, never the
// database's clock: the same test as the register's triageClock (src/registers/incidents/ico.ts).
// An incident triaged late passes once triaged: the lateness is history nothing can now fix, and the
// register already reports each incident's time to triage; a finding would stay open for ever.
// Time alone makes an incident late, with no change to trigger a scoped run: the scheduled full run
// finds it.
// Accountable: the handler if one is assigned, else the nearest Information Assurance Lead of the
// incident's unit, else its SIRO.
// Indexes: incidents pkey for a scoped run (a full run reads the incidents once: they number in the
// thousands); settings pkey (key); appointments_unit_role_idx (unit_id, role_code) in nearestUnitHolder.
import { sql } from 'kysely';
import { inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const incidentsTriagedInTime: ComplianceRule = {
  id: 'incidents.triaged-in-time',
  title: 'No incident waits for triage beyond the target',
  register: 'incidents',
  requirement: 'SISP-006',
  alsoEvidences: ['ncsc-caf:C1.d'],
  severity: 'high',
  subjectType: 'incident',
  affectedBy: {
    incident: 'self',
    // The triage target is a setting; a change to it reaches every untriaged incident.
    setting: 'all',
  },
  subjects: ({ today, now, scope }) => sql`
    select 'incident' as record_type, i.id as record_id, '' as detail_key,
           i.reference || ' ' || i.title as label, i.unit_id,
           coalesce(i.handler_person_id, ial.person_id, siro.person_id) as accountable_person_id,
           'unit' as scope_type, i.unit_id as scope_id,
           w.late as failing,
           case when w.late then
             'Reported ' || to_char(i.reported_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') || ' and not yet triaged after '
               || floor(extract(epoch from (${now}::timestamptz - i.reported_at)) / 3600) || ' hours: the target is ' || t.hours || ' hours'
           else '' end as reason
      from incidents i
      cross join (
        select coalesce((
          select trim(value)::numeric from settings
           where key = 'incidents.triage-target-hours' and trim(value) ~ '^[0-9]+(\\.[0-9]+)?$' and trim(value)::numeric > 0
        ), 24) as hours
      ) t
      cross join lateral (
        select (i.triaged_at is null and ${now}::timestamptz > i.reported_at + make_interval(secs => (t.hours * 3600)::double precision)) as late
      ) w
      left join ${nearestUnitHolder('information-assurance-lead', today)} ial on ial.unit_id = i.unit_id
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = i.unit_id
     where ${inScope('i.id', scope)}`,
};
