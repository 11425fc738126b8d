// Every person in scope has a current completion of every course everyone must do (the policy: staff
// trained in security when they join and at the interval the course sets). Agrees exactly with the
// training register (src/registers/training/status.ts and repository.ts):
//   - in scope: every person whose status is 'active', whatever their person type (a person who has
//     left is not); a person with no unit is checked too, scoped to the top of the tree (an exception
//     must name a unit);
//   - current: their latest completion on or before today, plus the course's validity in months (a
//     day past the end of a shorter month falls on its last day, as addMonths and PostgreSQL both do),
//     is after today; the expiry day itself no longer counts, so "due soon" still passes.
// One row per person and course (detail_key = course code), not one per person listing the missing
// courses: each course is a duty done on its own day, so completing one resolves exactly its finding
// and keeps the other's history, and a course added to the catalogue opens new findings without
// touching the old ones.
// Indexes: training_completions_key unique (person_id, course_id, completed_on) for a scoped run's
// completions (a full run reads the completions once and aggregates them, one pass, hash-joined);
// training_courses (audience is a 3-value column on a catalogue of tens of rows: no index needed);
// people pkey for a scoped run (a full run reads the active people once: no index on status needed).
import { sql } from 'kysely';
import { inScope, type ComplianceRule } from '../rule.ts';

export const trainingMandatory: ComplianceRule = {
  id: 'training.mandatory',
  title: 'Everyone has completed the training everyone must do, and it is in date',
  register: 'training',
  requirement: 'SISP-010',
  alsoEvidences: ['ncsc-caf:B6.b'],
  severity: 'medium',
  subjectType: 'person',
  affectedBy: {
    // A completion recorded by hand, a person joining, leaving or moving unit: audited on the person.
    person: 'self',
    // A course's audience or validity changes everyone's status.
    'training-course': 'all',
    // An import (training completions, people) is one event naming its batch, not the people.
    import_batch: 'all',
  },
  subjects: ({ today, scope }) => sql`
    select 'person' as record_type, p.id as record_id, c.code as detail_key,
           p.display_name || coalesce(' (' || p.staff_number || ')', '') || ': ' || c.code || ' ' || c.title as label,
           p.unit_id, p.id as accountable_person_id,
           'unit' as scope_type, coalesce(p.unit_id, root.id) as scope_id,
           (l.last_on is null or e.expires_on <= ${today}::date) as failing,
           case
             when l.last_on is null then 'Has never completed ' || c.code || ' (' || c.title || '), which everyone must complete every ' || c.validity_months || ' months'
             when e.expires_on <= ${today}::date then c.code || ' (' || c.title || ') was last completed on ' || to_char(l.last_on, 'YYYY-MM-DD') || ' and expired on ' || to_char(e.expires_on, 'YYYY-MM-DD') || ': everyone must complete it every ' || c.validity_months || ' months'
             else ''
           end as reason
      from people p
      join training_courses c on c.audience = 'everyone'
      left join (
        select t.person_id, t.course_id, max(t.completed_on) as last_on
          from training_completions t
          join training_courses tc on tc.id = t.course_id and tc.audience = 'everyone'
         where t.completed_on <= ${today}::date and ${inScope('t.person_id', scope)}
         group by t.person_id, t.course_id
      ) l on l.person_id = p.id and l.course_id = c.id
      cross join lateral (select (l.last_on + make_interval(months => c.validity_months))::date as expires_on) e
      left join (select id from organisation_units where parent_id is null order by code limit 1) root on true
     where p.status = 'active' and ${inScope('p.id', scope)}`,
};
