// Every information asset has a current Information Asset Owner (the policy: data properly identified,
// classified and protected, which starts with someone owning it).
// Indexes: appointments_record_idx (record_type, record_id) for the IAO lookup; information_assets pkey.
import { sql } from 'kysely';
import { currentAppointments, idList, importOf, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const assetsIaoCurrent: ComplianceRule = {
  id: 'assets.iao-current',
  title: 'Every information asset has a current Information Asset Owner',
  register: 'information-assets',
  requirement: 'SISP-004',
  alsoEvidences: ['ncsc-caf:A3.a'],
  severity: 'high',
  subjectType: 'information-asset',
  // A unit appointment (a new SIRO) changes only who is accountable: the scheduled full run catches it.
  affectedBy: {
    'information-asset': 'self',
    appointment: (ids) => sql`select record_id as id from appointments where id in ${idList(ids)} and record_type = 'information-asset'`,
    // An asset import names no records (and may set IAOs): re-check every asset.
    import_batch: (ids) => sql`select a.id from information_assets a where ${importOf(ids, ['information-assets'])}`,
  },
  subjects: ({ today, scope }) => sql`
    select 'information-asset' as record_type, a.id as record_id, '' as detail_key,
           a.reference || ' ' || a.name as label, a.unit_id,
           coalesce(iao.person_id, siro.person_id) as accountable_person_id,
           'asset' as scope_type, a.id as scope_id,
           iao.record_id is null as failing,
           case when iao.record_id is null then 'No current Information Asset Owner is appointed; the unit''s SIRO is accountable until one is' else '' end as reason
      from information_assets a
      left join lateral (
        select o.record_id, o.person_id from ${currentAppointments(today)} o
         where o.record_type = 'information-asset' and o.record_id = a.id and o.role_code = 'information-asset-owner'
         limit 1
      ) iao on true
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = a.unit_id
     where ${inScope('a.id', scope)}`,
};
