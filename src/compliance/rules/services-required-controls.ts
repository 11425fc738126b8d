// Every technology service implements the controls its baselines require (the policy: technology
// services are protected through the controls their profile calls for). The required controls and
// what counts as meeting one are derived as the controls register derives them: required-controls.sql.ts
// says how (implemented, or not applicable with a reason; the service's own implementation first, else
// a people or process control's at the nearest unit at or above the service's).
// Indexes: those of required-controls.sql.ts; appointments_record_role_idx (record_type, role_code,
// record_id) for the SRO and TSO; technology_services pkey.
import { sql } from 'kysely';
import { currentAppointments, idList, importOf, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';
import { missingInWords, requiredControls, servicesBelowUnits, servicesReachedByImplementations } from './required-controls.sql.ts';

export const servicesRequiredControls: ComplianceRule = {
  id: 'services.required-controls',
  title: 'Every technology service implements the controls its baselines require',
  register: 'technology-services',
  requirement: 'SISP-005',
  alsoEvidences: ['ncsc-caf:B1.b', 'ncsc-caf:B4.b'],
  severity: 'high',
  subjectType: 'technology-service',
  // A new unit SIRO changes only who is accountable: the scheduled full run catches it.
  affectedBy: {
    'technology-service': 'self',
    'information-asset': (ids) => sql`select service_id as id from service_assets where asset_id in ${idList(ids)}`,
    control_implementation: (ids) => servicesReachedByImplementations(ids),
    'organisation-unit': (ids) => servicesBelowUnits(ids),
    baseline: 'all',
    control: 'all',
    appointment: (ids) => sql`select record_id as id from appointments where id in ${idList(ids)} and record_type = 'technology-service'`,
    import_batch: (ids) => sql`select s.id from technology_services s where ${importOf(ids, ['technology-services', 'information-assets', 'control-implementations'])}`,
  },
  subjects: ({ today, scope }) => sql`
    select 'technology-service' as record_type, s.id as record_id, '' as detail_key,
           s.reference || ' ' || s.name as label, s.unit_id,
           coalesce(o.sro, o.tso, siro.person_id) as accountable_person_id,
           'service' as scope_type, s.id as scope_id,
           m.missing is not null as failing,
           case when m.missing is null then '' else 'Required controls not implemented: ' || m.missing end as reason
      from technology_services s
      left join (
        select service_id, string_agg(${missingInWords}, ', ' order by control_code) as missing
          from (${requiredControls(inScope('s.id', scope))}) rc
         where not met
         group by service_id
      ) m on m.service_id = s.id
      cross join lateral (
        select (array_agg(a.person_id order by a.starts_on desc) filter (where a.role_code = 'senior-responsible-officer' and a.person_id is not null))[1] as sro,
               (array_agg(a.person_id order by a.starts_on desc) filter (where a.role_code = 'technology-service-owner' and a.person_id is not null))[1] as tso
          from ${currentAppointments(today)} a
         where a.record_type = 'technology-service' and a.record_id = s.id
      ) o
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = s.unit_id
     where ${inScope('s.id', scope)}`,
};
