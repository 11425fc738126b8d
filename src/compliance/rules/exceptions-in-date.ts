// No exception to a requirement is relied on past its end (SISP-008: an unmet requirement is managed as
// an accepted risk, and only while it is accepted). An exception with status 'in-force' fails when its
// own end date has passed, or when the risk acceptance behind it is no longer in force: the same test as
// the register's `in_force` (decision.repository.ts listExceptions) and the engine's coverage
// (repository.ts applyRule), so what this rule flags is exactly what no longer covers anything.
// The review sweep ends such exceptions; until it runs, or when the lapse was missed, the register still
// shows them in force. The finding's unit is the backing risk's, whose readers see the exception.
// Indexes: requirement_exceptions pkey for the scoped form (the unscoped form reads every exception
// marked in force: a small table); risk_acceptances_one_in_force (risk_id) where status = 'in-force';
// risk_acceptances_risk_idx (risk_id) for the latest acceptance; requirement_exceptions_risk_idx (risk_id)
// for a changed risk's exceptions; technology_services, information_assets, organisation_units pkeys.
import { sql } from 'kysely';
import { idList, inScope, type ComplianceRule } from '../rule.ts';

const day = (column: string) => sql`to_char(${sql.ref(column)}, 'FMDD FMMonth YYYY')`;

export const exceptionsInDate: ComplianceRule = {
  id: 'exceptions.in-date',
  title: 'No exception to a requirement is relied on past its end',
  register: 'risks',
  requirement: 'SISP-008',
  alsoEvidences: ['ncsc-caf:A2.a'],
  severity: 'high',
  subjectType: 'requirement-exception',
  affectedBy: {
    'requirement-exception': 'self',
    // A decision on, revocation of or lapse of the backing risk's acceptance is recorded against the risk.
    risk: (ids) => sql`select id from requirement_exceptions where risk_id in ${idList(ids)} and status = 'in-force'`,
  },
  subjects: ({ today, scope }) => sql`
    select 'requirement-exception' as record_type, e.id as record_id, '' as detail_key,
           e.reference || ' ' || coalesce(f.code || ':', '') || q.key || ' for ' || coalesce(s.name, a.name, u.name, 'a record that no longer exists') as label,
           r.unit_id, r.owner_person_id as accountable_person_id,
           e.scope_type, e.scope_id,
           not (own_date.holds and backing.id is not null) as failing,
           concat_ws('. ',
             case when e.expires_on is null then 'It is marked in force but has no end date'
                  when not own_date.holds then 'Its end date, ' || ${day('e.expires_on')} || ', has passed but it is still marked in force' end,
             case when backing.id is null then
               'The acceptance of ' || r.reference || ' behind it ' ||
               case latest.status
                 when 'in-force' then 'ran out on ' || ${day('latest.expires_on')} || ' (still marked in force)'
                 when 'expired' then 'expired on ' || ${day('latest.expires_on')}
                 when 'revoked' then 'was revoked'
                 when 'lapsed' then 'lapsed when the rating rose'
                 when 'rejected' then 'was refused'
                 when 'superseded' then 'was superseded'
                 else 'was never made' end ||
               ', so the exception no longer holds' end) as reason
      from requirement_exceptions e
      join requirements q on q.id = e.requirement_id
      left join frameworks f on f.id = q.framework_id
      join risks r on r.id = e.risk_id
      left join risk_acceptances backing on backing.risk_id = e.risk_id and backing.status = 'in-force' and backing.expires_on >= ${today}::date
      left join lateral (
        select ra.status, ra.expires_on from risk_acceptances ra where ra.risk_id = e.risk_id order by ra.seq desc limit 1
      ) latest on true
      left join technology_services s on e.scope_type = 'service' and s.id = e.scope_id
      left join information_assets a on e.scope_type = 'asset' and a.id = e.scope_id
      left join organisation_units u on e.scope_type = 'unit' and u.id = e.scope_id
      cross join lateral (select coalesce(e.expires_on >= ${today}::date, false) as holds) own_date
     where e.status = 'in-force'
       and ${inScope('e.id', scope)}`,
};
