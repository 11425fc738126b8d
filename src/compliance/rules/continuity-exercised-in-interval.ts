// Every continuity plan in force has been exercised within its testing interval (the policy: backup,
// disaster recovery and business continuity plans tested at the interval they set). Agrees exactly
// with the register's planStanding (src/registers/continuity-plans/overdue.ts) over what its service
// loads (the newest exercise by date, then by when it was recorded; the open or in-progress actions
// that exercise raised, source 'exercise-gap'):
//   - in force: status 'approved' (a draft is not yet a plan anyone relies on; a retired one no longer);
//   - fails when never exercised; when today is after the last exercise's date plus the interval in
//     months (the due day itself is in date); or when the last exercise failed and actions it raised
//     are still open: a failed test proves nothing until its gaps are closed. A failed last exercise
//     whose actions are all done or cancelled is in date, as the register says.
// Reasons are planStanding's words, so the register and the finding say the same thing.
// Indexes: continuity_exercises_plan_idx (plan_id, exercised_on desc) for the last exercise;
// actions_source_idx (source_type, source_id) for its open actions; continuity_plans pkey.
import { sql } from 'kysely';
import { idList, inScope, type ComplianceRule } from '../rule.ts';

export const continuityExercisedInInterval: ComplianceRule = {
  id: 'continuity.exercised-in-interval',
  title: 'Every continuity plan in force has been exercised within its testing interval',
  register: 'continuity-plans',
  requirement: 'SISP-009',
  alsoEvidences: ['ncsc-caf:D1.c', 'ncsc-caf:B5.c'],
  severity: 'high',
  subjectType: 'continuity-plan',
  affectedBy: {
    // Recording a continuity-exercise is audited on its plan, as are the plan's own changes.
    'continuity-plan': 'self',
    // Closing an exercise's action can bring its plan back in date.
    action: (ids) => sql`select e.plan_id as id from actions a join continuity_exercises e on e.id = a.source_id where a.id in ${idList(ids)} and a.source_type = 'exercise-gap'`,
  },
  subjects: ({ today, scope }) => sql`
    select 'continuity-plan' as record_type, cp.id as record_id, '' as detail_key,
           cp.reference || ' ' || cp.title as label, cp.unit_id, cp.owner_person_id as accountable_person_id,
           case when cp.service_id is null then 'unit' else 'service' end as scope_type,
           coalesce(cp.service_id, cp.unit_id) as scope_id,
           (last.id is null or ${today}::date > d.due_on or (last.result = 'failed' and oa.n > 0)) as failing,
           case
             when last.id is null then 'Never exercised'
             when ${today}::date > d.due_on then 'Last exercised ' || to_char(last.exercised_on, 'YYYY-MM-DD') || ': due by ' || to_char(d.due_on, 'YYYY-MM-DD')
             when last.result = 'failed' and oa.n > 0 then 'The last exercise failed and ' || oa.n || ' of its actions ' || case when oa.n = 1 then 'is' else 'are' end || ' still open'
             else ''
           end as reason
      from continuity_plans cp
      left join lateral (
        select e.id, e.exercised_on, e.result from continuity_exercises e
         where e.plan_id = cp.id
         order by e.exercised_on desc, e.created_at desc
         limit 1
      ) last on true
      cross join lateral (select (last.exercised_on + make_interval(months => cp.testing_interval_months))::date as due_on) d
      cross join lateral (
        select count(*) as n from actions a
         where a.source_type = 'exercise-gap' and a.source_id = last.id and a.status in ('open', 'in-progress')
      ) oa
     where cp.status = 'approved' and ${inScope('cp.id', scope)}`,
};
