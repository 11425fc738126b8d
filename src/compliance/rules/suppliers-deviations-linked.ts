// Every open supplier deviation is linked to a risk (the policy: a supplier's shortfall against what
// the department requires of it is a risk someone owns). Completing an assessment already refuses
// unlinked deviations; this catches those of assessments not yet completed, and any linked otherwise.
// Indexes: supplier_deviations pkey for scoped runs; a full run reads every deviation and filters on
// status (no index on it: deviations are few per supplier); suppliers pkey;
// appointments_record_role_idx (record_type, role_code, record_id) for the SRO. For scoped runs:
// supplier_deviations_assessment_idx and supplier_deviations_supplier_idx, and compliance_findings'
// unique (rule_id, record_id, detail_key) for the findings of removed deviations.
import { sql } from 'kysely';
import { currentAppointments, idList, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

const RULE_ID = 'suppliers.deviations-linked';

export const suppliersDeviationsLinked: ComplianceRule = {
  id: RULE_ID,
  title: 'Every open supplier deviation is linked to a risk',
  register: 'suppliers',
  requirement: 'SISP-007',
  alsoEvidences: ['ncsc-caf:A4.a', 'ncsc-caf:A2.a'],
  severity: 'medium',
  subjectType: 'supplier-deviation',
  affectedBy: {
    'supplier-deviation': 'self',
    // Evaluating an assessment opens, resolves and removes its deviations: a removed one is re-checked
    // through its open finding, so the finding resolves.
    'supplier-assessment': (ids) => sql`
      select id from supplier_deviations where assessment_id in ${idList(ids)}
      union select f.record_id from compliance_findings f
       where f.rule_id = ${RULE_ID} and f.status <> 'resolved' and not exists (select 1 from supplier_deviations d where d.id = f.record_id)`,
    // The supplier's unit is the scope and its SRO is accountable.
    supplier: (ids) => sql`select id from supplier_deviations where supplier_id in ${idList(ids)}`,
    appointment: (ids) => sql`select d.id from supplier_deviations d join appointments a on a.record_id = d.supplier_id and a.record_type = 'supplier' where a.id in ${idList(ids)}`,
  },
  subjects: ({ today, scope }) => sql`
    select 'supplier-deviation' as record_type, d.id as record_id, '' as detail_key,
           s.reference || ' ' || s.name || ': ' || left(d.description, 120) as label, s.unit_id,
           coalesce(sro.person_id, siro.person_id) as accountable_person_id,
           'unit' as scope_type, s.unit_id as scope_id,
           d.risk_id is null as failing,
           case when d.risk_id is null
                then 'Open deviation not linked to a risk' || coalesce(' (found by ' || a.reference || ')', '')
                else '' end as reason
      from supplier_deviations d
      join suppliers s on s.id = d.supplier_id
      left join supplier_assessments a on a.id = d.assessment_id
      left join lateral (
        select o.person_id from ${currentAppointments(today)} o
         where o.record_type = 'supplier' and o.record_id = s.id and o.role_code = 'senior-responsible-officer' and o.person_id is not null
         order by o.starts_on desc limit 1
      ) sro on true
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = s.unit_id
     where d.status = 'open' and ${inScope('d.id', scope)}`,
};
