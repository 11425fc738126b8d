// Every supplier with access to departmental information has a current security assessment (the
// policy: suppliers and partners are assured before and while they handle the department's
// information). Access is the suppliers register's "reach": an information asset it reaches directly
// (supplier_assets) or a technology service it provides or reaches (supplier_services); a supplier
// that reaches nothing is not checked. Current: an assessment completed, not past the reassessment
// date it was given on completion (reassess_on: completed_on plus supplier_reassessment_intervals'
// months for the supplier's criticality then, criticality.ts). A completed assessment on the date
// itself is still current; one with no reassessment date cannot be shown current.
// Indexes: suppliers pkey; supplier_assets pkey (supplier_id, asset_id) and supplier_services pkey
// (supplier_id, service_id) for reach; supplier_assessments_supplier_idx (supplier_id);
// appointments_record_role_idx (record_type, role_code, record_id) for the SRO.
import { sql } from 'kysely';
import { currentAppointments, idList, importOf, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';


export const suppliersCurrentAssessment: ComplianceRule = {
  id: 'suppliers.current-assessment',
  title: 'Every supplier with access to departmental information has a current security assessment',
  register: 'suppliers',
  requirement: 'SISP-007',
  alsoEvidences: ['ncsc-caf:A4.a'],
  severity: 'high',
  subjectType: 'supplier',
  // Time alone makes an assessment lapse, and a new unit SIRO changes only who is accountable: the
  // scheduled full run catches both.
  affectedBy: {
    supplier: 'self',
    'supplier-assessment': (ids) => sql`select supplier_id as id from supplier_assessments where id in ${idList(ids)}`,
    appointment: (ids) => sql`select record_id as id from appointments where id in ${idList(ids)} and record_type = 'supplier'`,
    import_batch: (ids) => sql`select s.id from suppliers s where ${importOf(ids, ['suppliers'])}`,
  },
  subjects: ({ today, scope }) => sql`
    select 'supplier' as record_type, s.id as record_id, '' as detail_key,
           s.reference || ' ' || s.name as label, s.unit_id,
           coalesce(sro.person_id, siro.person_id) as accountable_person_id,
           'unit' as scope_type, s.unit_id as scope_id,
           cur.id is null as failing,
           case
             when cur.id is not null then ''
             when last.reassess_on is not null then 'No current security assessment: ' || last.reference || ' was due for reassessment on ' || to_char(last.reassess_on, 'YYYY-MM-DD')
             when last.id is not null then 'No current security assessment: ' || last.reference || ' has no reassessment date'
             when pending.id is not null then 'No completed security assessment: ' || pending.reference || ' is ' || replace(pending.status, '-', ' ')
             else 'No security assessment, though it can reach departmental information'
           end as reason
      from suppliers s
      left join lateral (
        select a.id from supplier_assessments a
         where a.supplier_id = s.id and a.status = 'completed' and a.reassess_on >= ${today}::date
         limit 1
      ) cur on true
      left join lateral (
        select a.id, a.reference, a.reassess_on from supplier_assessments a
         where a.supplier_id = s.id and a.status = 'completed'
         order by a.completed_on desc nulls last, a.reference desc limit 1
      ) last on true
      left join lateral (
        select a.id, a.reference, a.status from supplier_assessments a
         where a.supplier_id = s.id and a.status <> 'completed'
         order by a.created_at desc, a.reference desc limit 1
      ) pending on true
      left join lateral (
        select o.person_id from ${currentAppointments(today)} o
         where o.record_type = 'supplier' and o.record_id = s.id and o.role_code = 'senior-responsible-officer' and o.person_id is not null
         order by o.starts_on desc limit 1
      ) sro on true
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = s.unit_id
     where (exists (select 1 from supplier_assets x where x.supplier_id = s.id) or exists (select 1 from supplier_services x where x.supplier_id = s.id))
       and ${inScope('s.id', scope)}`,
};
