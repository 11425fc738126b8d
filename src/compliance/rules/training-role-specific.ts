// Everyone who holds a role that has a course has a current completion of it (the policy: those with
// security responsibilities trained for them). Agrees exactly with the training register
// (src/registers/training/status.ts isRequired and repository.ts):
//   - a course with audience 'appointment' is required of every active person holding a current
//     appointment (started on or before today, not ended before it; to a unit or to a record) in its
//     role_code; audience 'access-role', of every active person with a role grant of that role
//     (at any unit); deputies are not holders;
//   - current: the latest completion on or before today plus the course's validity in months is after
//     today (the expiry day no longer counts), as in training.mandatory.
// One row per person and required course (detail_key = course code): a person holding two roles has
// two duties, each resolved on its own day.
// Indexes: appointments_person_idx (person_id) and role_grants_key (person_id, role, unit_id) for a
// scoped run's roles (a full run reads the current appointments and grants once); the completions as
// in training.mandatory: training_completions_key (person_id, course_id, completed_on) for a scoped
// run, one aggregated pass for a full run; people pkey.
import { sql } from 'kysely';
import { currentAppointments, idList, inScope, type ComplianceRule } from '../rule.ts';

/** People who hold (or held) appointments on the records: a change of owner there changes their roles. */
const holdersOfRecords = (ids: readonly string[]) => sql<{ id: string }>`select distinct person_id as id from appointments where record_id in ${idList(ids)} and person_id is not null`;

export const trainingRoleSpecific: ComplianceRule = {
  id: 'training.role-specific',
  title: 'Everyone who holds a role with a course has completed it, and it is in date',
  register: 'training',
  requirement: 'SISP-011',
  alsoEvidences: ['ncsc-caf:B6.b'],
  severity: 'medium',
  subjectType: 'person',
  affectedBy: {
    // A completion recorded by hand, a role granted or revoked, a person leaving: audited on the person.
    person: 'self',
    appointment: (ids) => sql`select person_id as id from appointments where id in ${idList(ids)} and person_id is not null`,
    // Record owners (IAO, TSO, SRO, supplier owners) are appointed through their record's own change.
    'information-asset': holdersOfRecords,
    'technology-service': holdersOfRecords,
    supplier: holdersOfRecords,
    'training-course': 'all',
    import_batch: 'all',
  },
  subjects: ({ today, scope }) => sql`
    with required as (
      select a.person_id, c.id as course_id, coalesce(r.name, a.role_code) as role_name
        from ${currentAppointments(today)} a
        join training_courses c on c.audience = 'appointment' and c.role_code = a.role_code
        left join accountable_roles r on r.code = a.role_code
       where a.person_id is not null and ${inScope('a.person_id', scope)}
      union
      select g.person_id, c.id, g.role
        from role_grants g
        join training_courses c on c.audience = 'access-role' and c.role_code = g.role
       where ${inScope('g.person_id', scope)}
    ),
    duty as (
      select person_id, course_id, string_agg(distinct role_name, ', ' order by role_name) as roles from required group by person_id, course_id
    )
    select 'person' as record_type, p.id as record_id, c.code as detail_key,
           p.display_name || coalesce(' (' || p.staff_number || ')', '') || ': ' || c.code || ' ' || c.title as label,
           p.unit_id, p.id as accountable_person_id,
           'unit' as scope_type, coalesce(p.unit_id, root.id) as scope_id,
           (l.last_on is null or e.expires_on <= ${today}::date) as failing,
           case
             when l.last_on is null then 'Holds the role ' || d.roles || ' but has never completed its course ' || c.code || ' (' || c.title || ')'
             when e.expires_on <= ${today}::date then 'Holds the role ' || d.roles || ': its course ' || c.code || ' (' || c.title || ') was last completed on ' || to_char(l.last_on, 'YYYY-MM-DD') || ' and expired on ' || to_char(e.expires_on, 'YYYY-MM-DD') || ' (valid ' || c.validity_months || ' months)'
             else ''
           end as reason
      from duty d
      join people p on p.id = d.person_id and p.status = 'active'
      join training_courses c on c.id = d.course_id
      left join (
        select t.person_id, t.course_id, max(t.completed_on) as last_on
          from training_completions t
          join training_courses tc on tc.id = t.course_id and tc.audience <> 'everyone'
         where t.completed_on <= ${today}::date and ${inScope('t.person_id', scope)}
         group by t.person_id, t.course_id
      ) l on l.person_id = d.person_id and l.course_id = d.course_id
      cross join lateral (select (l.last_on + make_interval(months => c.validity_months))::date as expires_on) e
      left join (select id from organisation_units where parent_id is null order by code limit 1) root on true`,
};
