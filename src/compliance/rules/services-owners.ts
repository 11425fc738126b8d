// Every technology service has a current Technology Service Owner and Senior Responsible Officer
// (the policy: technology services protected through the controls their owners answer for).
// Indexes: appointments_record_idx (record_type, record_id); technology_services pkey.
import { sql } from 'kysely';
import { currentAppointments, idList, importOf, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const servicesOwners: ComplianceRule = {
  id: 'services.owners',
  title: 'Every technology service has a Technology Service Owner and a Senior Responsible Officer',
  register: 'technology-services',
  requirement: 'SISP-005',
  alsoEvidences: ['ncsc-caf:A1.b'],
  severity: 'high',
  subjectType: 'technology-service',
  affectedBy: {
    'technology-service': 'self',
    appointment: (ids) => sql`select record_id as id from appointments where id in ${idList(ids)} and record_type = 'technology-service'`,
    // A service import names no records (and may set owners): re-check every service.
    import_batch: (ids) => sql`select s.id from technology_services s where ${importOf(ids, ['technology-services'])}`,
  },
  subjects: ({ today, scope }) => sql`
    select 'technology-service' as record_type, s.id as record_id, '' as detail_key,
           s.reference || ' ' || s.name as label, s.unit_id,
           coalesce(o.sro, siro.person_id) as accountable_person_id,
           'service' as scope_type, s.id as scope_id,
           (o.tso_count = 0 or o.sro_count = 0) as failing,
           concat_ws('; ',
             case when o.tso_count = 0 then 'No current Technology Service Owner' end,
             case when o.sro_count = 0 then 'No current Senior Responsible Officer' end) as reason
      from technology_services s
      cross join lateral (
        select count(*) filter (where a.role_code = 'technology-service-owner') as tso_count,
               count(*) filter (where a.role_code = 'senior-responsible-officer') as sro_count,
               (array_agg(a.person_id) filter (where a.role_code = 'senior-responsible-officer' and a.person_id is not null))[1] as sro
          from ${currentAppointments(today)} a
         where a.record_type = 'technology-service' and a.record_id = s.id
      ) o
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = s.unit_id
     where ${inScope('s.id', scope)}`,
};
