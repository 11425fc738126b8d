// Training's dated duties (issue 13): every course a person must do (as status.ts decides: everyone's
// courses, and those of the roles they hold) is due the last day their latest completion still counts;
// a course never done is due from the day the person was recorded. One query for everyone: the
// required (person, course) pairs and latest completions are joined in the database, never in Node,
// so it holds for 150,000 people.
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';

export const trainingDeadlines: DeadlineSource = async (db, query) => {
  const person = (column: string) => (query.personId ? sql`and ${sql.ref(column)} = ${query.personId}` : sql``);
  const { rows } = await sql<{ person_id: string; unit_id: string | null; course_id: string; title: string; due_on: string; done: boolean }>`
    with required as (
      select p.id as person_id, c.id as course_id
        from people p cross join training_courses c
       where c.audience = 'everyone' and p.status = 'active' ${person('p.id')}
      union
      select a.person_id, c.id
        from appointments a join training_courses c on c.audience = 'appointment' and c.role_code = a.role_code
       where a.person_id is not null and a.starts_on <= ${query.today}::date and (a.ends_on is null or a.ends_on >= ${query.today}::date) ${person('a.person_id')}
      union
      select g.person_id, c.id
        from role_grants g join training_courses c on c.audience = 'access-role' and c.role_code = g.role
       where true ${person('g.person_id')}
    ), due as (
      select p.id as person_id, p.unit_id, c.id as course_id, c.title, last.completed_on is not null as done,
             coalesce((last.completed_on + make_interval(months => c.validity_months))::date - 1,
                      (p.created_at at time zone 'Europe/London')::date) as due_on
        from required r
        join people p on p.id = r.person_id and p.status = 'active'
        join training_courses c on c.id = r.course_id
        left join lateral (
          select max(t.completed_on) as completed_on from training_completions t
           where t.person_id = r.person_id and t.course_id = r.course_id and t.completed_on <= ${query.today}::date
        ) last on true
    )
    select person_id, unit_id, course_id, title, due_on::text as due_on, done from due
     ${query.until ? sql`where due_on <= ${query.until}::date` : sql``}`.execute(db);
  return rows.map(
    (r): Deadline => ({
      kind: 'training',
      title: `${r.done ? 'Renew' : 'Complete'} the training course ${r.title}`,
      recordType: 'training-course',
      recordId: r.course_id,
      href: `/training/people/${r.person_id}`,
      personId: r.person_id,
      because: 'trainee',
      dueOn: r.due_on,
      unitId: r.unit_id,
    }),
  );
};
