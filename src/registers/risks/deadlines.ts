// Risks' dated duties (issue 13): a risk not closed is due for review on its review date; an accepted
// risk's acceptance and an exception in force end on their expiry dates, and before then the risk's
// owner must have it renewed or the risk treated. All three are the risk owner's.
import { sql } from 'kysely';
import type { Deadline, DeadlineSource } from '../../work/deadline.ts';

type Row = { kind: 'risk-review' | 'risk-acceptance-expiry' | 'exception-expiry'; id: string; risk_id: string; reference: string; title: string; owner_person_id: string; due_on: string; unit_id: string };

export const riskDeadlines: DeadlineSource = async (db, query) => {
  const owner = query.personId ? sql`and r.owner_person_id = ${query.personId}` : sql``;
  const until = (column: ReturnType<typeof sql.ref>) => (query.until ? sql`and ${column} <= ${query.until}::date` : sql``);
  const { rows } = await sql<Row>`
    select 'risk-review' as kind, r.id, r.id as risk_id, r.reference, r.title, r.owner_person_id, r.review_on::text as due_on, r.unit_id
      from risks r
     where r.status <> 'closed' ${owner} ${until(sql.ref('r.review_on'))}
    union all
    select 'risk-acceptance-expiry', a.id, r.id, r.reference, r.title, r.owner_person_id, a.expires_on::text, r.unit_id
      from risk_acceptances a join risks r on r.id = a.risk_id
     where a.status = 'in-force' and a.expires_on is not null ${owner} ${until(sql.ref('a.expires_on'))}
    union all
    select 'exception-expiry', e.id, r.id, e.reference, r.title, r.owner_person_id, e.expires_on::text, r.unit_id
      from requirement_exceptions e join risks r on r.id = e.risk_id
     where e.status = 'in-force' and e.expires_on is not null ${owner} ${until(sql.ref('e.expires_on'))}`.execute(db);
  return rows.map((r): Deadline => {
    const base = { personId: r.owner_person_id, because: 'risk owner', dueOn: r.due_on, unitId: r.unit_id };
    if (r.kind === 'risk-review') return { ...base, kind: r.kind, title: `Review risk ${r.reference}: ${r.title}`, recordType: 'risk', recordId: r.id, href: `/risks/${r.id}` };
    if (r.kind === 'risk-acceptance-expiry') return { ...base, kind: r.kind, title: `Acceptance of risk ${r.reference} ends: renew it or treat the risk`, recordType: 'risk', recordId: r.risk_id, href: `/risks/${r.risk_id}` };
    return { ...base, kind: r.kind, title: `Exception ${r.reference} ends (risk: ${r.title})`, recordType: 'requirement-exception', recordId: r.id, href: `/risk-exceptions/${r.id}` };
  });
};
