// No risk is relied on as accepted past the acceptance's end (SISP-008: a risk not managed by controls is
// managed by a decision, and a decision that has run out manages nothing). Two ways to fail:
// - an acceptance still marked in force after its end date (expires_on < today): the hourly review sweep
//   (decisions.ts reviewSweep) has not ended it yet, so the register still shows the risk as accepted;
// - the risk's most recent decision (risk_acceptances by seq, either outcome) is an acceptance that ended
//   'expired': the risk is back in review and nobody has decided it again.
// Acceptances that lapsed (the rating rose) or were revoked are not expiries; the above-appetite rule
// sees the risks they leave undecided. Subjects: every risk not closed that has ever been accepted.
// Indexes: risk_acceptances_risk_idx (risk_id) for the latest decision and the filter;
// risk_acceptances_one_in_force (risk_id) where status = 'in-force'; risks pkey for the scoped form.
import { sql } from 'kysely';
import { inScope, type ComplianceRule } from '../rule.ts';

export const risksAcceptanceInDate: ComplianceRule = {
  id: 'risks.acceptance-in-date',
  title: 'No risk is relied on as accepted after its acceptance has expired',
  register: 'risks',
  requirement: 'SISP-008',
  alsoEvidences: ['ncsc-caf:A2.a'],
  severity: 'high',
  subjectType: 'risk',
  // Decisions, revocations and lapses are recorded against the risk. The review sweep's event names no
  // record: the acceptances it ends (which only turn one failure into the other) wait for the full run.
  affectedBy: { risk: 'self' },
  subjects: ({ today, scope }) => sql`
    select 'risk' as record_type, r.id as record_id, '' as detail_key,
           r.reference || ' ' || r.title as label, r.unit_id,
           r.owner_person_id as accountable_person_id,
           'unit' as scope_type, r.unit_id as scope_id,
           (stale.id is not null or latest.status = 'expired') as failing,
           case when stale.id is not null then
                  'The acceptance''s end date, ' || to_char(stale.expires_on, 'FMDD FMMonth YYYY') || ', has passed but it is still marked in force: the review sweep has not ended it'
                when latest.status = 'expired' then
                  'The acceptance expired on ' || to_char(latest.expires_on, 'FMDD FMMonth YYYY') || ' and no one has decided since: the risk is back in review' ||
                  case when r.status = 'awaiting-decision' then ' and waiting for a decision' else '' end
                else '' end as reason
      from risks r
      cross join lateral (
        select a.status, a.expires_on from risk_acceptances a where a.risk_id = r.id order by a.seq desc limit 1
      ) latest
      left join risk_acceptances stale on stale.risk_id = r.id and stale.status = 'in-force' and stale.expires_on < ${today}::date
     where r.status <> 'closed'
       and exists (select 1 from risk_acceptances ever where ever.risk_id = r.id and ever.outcome = 'accepted')
       and ${inScope('r.id', scope)}`,
};
