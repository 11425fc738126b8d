// Continuity plans' dated duties (issue 13): a plan not retired is due for its next continuity-exercise
// one testing interval after its last one (as overdue.ts counts it); a plan never exercised is due from
// the day it was recorded. The exercise is the plan owner's to arrange.
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';

export const continuityExerciseDeadlines: DeadlineSource = async (db, query) => {
  const { rows } = await sql<{ id: string; reference: string; title: string; owner_person_id: string; unit_id: string; due_on: string; exercised: boolean }>`
    with due as (
      select p.id, p.reference, p.title, p.owner_person_id, p.unit_id, last.exercised_on is not null as exercised,
             coalesce((last.exercised_on + make_interval(months => p.testing_interval_months))::date,
                      (p.created_at at time zone 'Europe/London')::date) as due_on
        from continuity_plans p
        left join lateral (select max(e.exercised_on) as exercised_on from continuity_exercises e where e.plan_id = p.id) last on true
       where p.status <> 'retired'
         ${query.personId ? sql`and p.owner_person_id = ${query.personId}` : sql``}
    )
    select id, reference, title, owner_person_id, unit_id, due_on::text as due_on, exercised from due
     ${query.until ? sql`where due_on <= ${query.until}::date` : sql``}`.execute(db);
  return rows.map(
    (r): Deadline => ({
      kind: 'continuity-exercise',
      title: `${r.exercised ? 'Exercise' : 'First exercise of'} continuity plan ${r.reference}: ${r.title}`,
      recordType: 'continuity-plan',
      recordId: r.id,
      href: `/continuity/${r.id}`,
      personId: r.owner_person_id,
      because: 'plan owner',
      dueOn: r.due_on,
      unitId: r.unit_id,
    }),
  );
};
