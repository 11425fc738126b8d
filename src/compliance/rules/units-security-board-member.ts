// Every unit with its own Accounting Officer has a board member with the security remit (GovS 007, as
// the accountability chain draws it). No statement of the policy names the board member, so the rule
// evidences SISP-001 (the policies and standards are the minimum baseline: the accountability that
// GovS 007 sets out comes with them) and, more directly, CAF A1.a (board direction).
// It agrees with appointments/accountability.ts `findGaps` ('no-security-board-member'): a unit with
// has_own_accounting_officer and no appointment in force to 'security-board-member' at that very unit
// (not above it: such a body appoints its own). Like findGaps, an appointment in force counts even if its
// holder has left; that is findGaps' separate 'holder-left' gap, not this one.
// Accountable: the unit's Accounting Officer, else the nearest one above; at the top, where the Permanent
// Secretary may be recorded instead (findGaps accepts either there), the nearest Permanent Secretary.
// Indexes: appointments_unit_role_idx (unit_id, role_code); organisation_units pkey. The unscoped form
// reads every unit (has_own_accounting_officer has no index, and needs none: few units).
import { sql } from 'kysely';
import { currentAppointments, idList, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const unitsSecurityBoardMember: ComplianceRule = {
  id: 'units.security-board-member',
  title: 'Every unit with its own Accounting Officer has a board member with the security remit',
  register: 'organisation-units',
  requirement: 'SISP-001',
  alsoEvidences: ['ncsc-caf:A1.a'],
  severity: 'high',
  subjectType: 'organisation-unit',
  affectedBy: {
    // Created, renamed, moved, or given (or relieved of) its own Accounting Officer.
    'organisation-unit': 'self',
    appointment: (ids) => sql`select unit_id as id from appointments where id in ${idList(ids)} and unit_id is not null and role_code in ('security-board-member', 'accounting-officer', 'permanent-secretary')`,
  },
  subjects: ({ today, scope }) => sql`
    select 'organisation-unit' as record_type, u.id as record_id, '' as detail_key,
           u.code || ' ' || u.name as label, u.id as unit_id,
           coalesce(ao.person_id, ps.person_id) as accountable_person_id,
           'unit' as scope_type, u.id as scope_id,
           board.n = 0 as failing,
           case when board.n = 0 then
             u.name || ' has its own ' || coalesce((select name from accountable_roles where code = 'accounting-officer'), 'Accounting Officer') ||
             ' but no ' || lower(coalesce((select name from accountable_roles where code = 'security-board-member'), 'board member with the security remit')) ||
             ' is appointed'
           else '' end as reason
      from organisation_units u
      cross join lateral (
        select count(*) as n from ${currentAppointments(today)} a
         where a.unit_id = u.id and a.role_code = 'security-board-member' and a.record_type is null
      ) board
      left join ${nearestUnitHolder('accounting-officer', today)} ao on ao.unit_id = u.id
      left join ${nearestUnitHolder('permanent-secretary', today)} ps on ps.unit_id = u.id
     where u.has_own_accounting_officer
       and ${inScope('u.id', scope)}`,
};
