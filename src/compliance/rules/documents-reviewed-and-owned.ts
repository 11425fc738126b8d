// Every document in force has an owner in post and has been reviewed within its cycle (SISP-014: the
// policy and its framework documents are regularly reviewed, which starts with someone owning each).
// In force means published: a document's status stays 'published' once a version is published (later
// drafts are kept on document_versions), while draft, in_review and approved have never been in force and
// retired ones are out of it. Publication and each review set next_review_on; a published document
// without one has no review date, which fails too. An owner whose person record says 'left' is not in
// post: the nearest Chief Security Officer is accountable then, as when there is no owner.
// Every document has a unit (documents.unit_id is not null), so the scope is always that unit.
// Indexes: documents has no index on status; the unscoped form reads the whole (small) table, the
// scoped form uses documents pkey; people pkey; appointments_unit_role_idx (unit_id, role_code) inside
// nearestUnitHolder; a changed person's documents would use an index on documents (owner_person_id),
// which does not exist (see the report): the table is small enough to scan.
import { sql } from 'kysely';
import { idList, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';

export const documentsReviewedAndOwned: ComplianceRule = {
  id: 'documents.reviewed-and-owned',
  title: 'Every document in force has an owner in post and is reviewed within its cycle',
  register: 'documents',
  requirement: 'SISP-014',
  alsoEvidences: ['ncsc-caf:B1.a'],
  severity: 'medium',
  subjectType: 'document',
  affectedBy: {
    // Publication, reviews, retirement and changes of owner are all recorded against the document.
    document: 'self',
    // A person leaving unseats them as owner.
    person: (ids) => sql`select id from documents where owner_person_id in ${idList(ids)} and status = 'published'`,
  },
  subjects: ({ today, scope }) => sql`
    select 'document' as record_type, d.id as record_id, '' as detail_key,
           d.key_prefix || ' ' || d.title as label, d.unit_id,
           case when p.status = 'active' then p.id else cso.person_id end as accountable_person_id,
           'unit' as scope_type, d.unit_id as scope_id,
           (p.id is null or p.status <> 'active' or d.next_review_on is null or d.next_review_on < ${today}::date) as failing,
           concat_ws('; ',
             case when p.id is null then 'No owner'
                  when p.status <> 'active' then 'Its owner, ' || p.display_name || ', has left' end,
             case when d.next_review_on is null then 'No review date is set'
                  when d.next_review_on < ${today}::date then 'Review overdue since ' || to_char(d.next_review_on, 'FMDD FMMonth YYYY') end) as reason
      from documents d
      left join people p on p.id = d.owner_person_id
      left join ${nearestUnitHolder('chief-security-officer', today)} cso on cso.unit_id = d.unit_id
     where d.status = 'published'
       and ${inScope('d.id', scope)}`,
};
