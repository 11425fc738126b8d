// Suppliers' dated duties (issue 13): a supplier is due for reassessment on the reassessment date of its
// latest completed assessment (set from its criticality when the assessment was completed), and that
// is the duty of its Senior Responsible Officer (an appointment on the supplier, which may have a deputy).
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';
import { SUPPLIER_RECORD_TYPE } from './entity.ts';

export const supplierDeadlines: DeadlineSource = async (db, query) => {
  const { rows } = await sql<{ id: string; reference: string; name: string; unit_id: string; reassess_on: string; person_id: string; deputy_person_id: string | null }>`
    with latest as (
      select distinct on (a.supplier_id) a.supplier_id, a.reassess_on
        from supplier_assessments a
       where a.status = 'completed' and a.reassess_on is not null
       order by a.supplier_id, a.completed_on desc, a.created_at desc
    )
    select s.id, s.reference, s.name, s.unit_id, l.reassess_on::text as reassess_on, ap.person_id, ap.deputy_person_id
      from latest l
      join suppliers s on s.id = l.supplier_id
      join appointments ap on ap.record_type = ${SUPPLIER_RECORD_TYPE} and ap.record_id = s.id and ap.role_code = 'senior-responsible-officer'
       and ap.person_id is not null and ap.starts_on <= ${query.today}::date and (ap.ends_on is null or ap.ends_on >= ${query.today}::date)
     where true
       ${query.personId ? sql`and ap.person_id = ${query.personId}` : sql``}
       ${query.until ? sql`and l.reassess_on <= ${query.until}::date` : sql``}`.execute(db);
  return rows.map(
    (r): Deadline => ({
      kind: 'supplier-reassessment',
      title: `Reassess supplier ${r.reference}: ${r.name}`,
      recordType: 'supplier',
      recordId: r.id,
      href: `/suppliers/${r.id}`,
      personId: r.person_id,
      because: 'Senior Responsible Officer',
      dueOn: r.reassess_on,
      unitId: r.unit_id,
      deputyPersonId: r.deputy_person_id,
    }),
  );
};
