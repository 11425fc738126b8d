// Every risk above appetite has been decided: accepted at its level, or being treated (SISP-008: where
// security risks are identified, controls are put in place to manage them — or the risk is formally
// accepted by whoever holds the accepting role at the level it is escalated to).
//
// "Above appetite" is the register's own word (rules.ts `escalate`, assess.ts `overAppetite`): the
// residual band ranks above the appetite of the risk's OWN unit, or that unit has no appetite (a unit
// with none holds nothing of its own). Such a risk is escalated up the tree, so it needs a decision.
// Accepted: an acceptance in force (status 'in-force', expires_on >= today) for the current residual
// band or a higher one (a rating that has fallen since is still within what was accepted; one that rose
// lapses the acceptance, rules.ts `ratingRoseSince`). The role and level were checked when it was decided.
// Treated: the chosen treatment is reduce, transfer or avoid, and at least one action raised from the risk
// (actions.source_type 'risk') is open or in progress and not past its due date. A done action does not
// count (the treatment has happened, and the residual rating should now say so); an overdue one is a
// treatment that has stalled; a risk whose treatment is 'accept' is treated only by accepting it.
// Closed risks are not checked.
// Indexes: risk_matrix_cells pkey (likelihood, impact); risk_bands pkey (code); risk_appetites pkey
// (unit_id); risk_acceptances_one_in_force (risk_id) where status = 'in-force'; actions_source_idx
// (source_type, source_id); risks pkey for the scoped form; risks_unit_idx for the unit's appetite change.
import { sql } from 'kysely';
import { idList, inScope, type ComplianceRule } from '../rule.ts';

const day = (column: string) => sql`to_char(${sql.ref(column)}, 'FMDD FMMonth YYYY')`;

export const risksAboveAppetiteDecided: ComplianceRule = {
  id: 'risks.above-appetite-decided',
  title: 'Every risk above appetite is accepted at its level or being treated',
  register: 'risks',
  requirement: 'SISP-008',
  alsoEvidences: ['ncsc-caf:A2.a'],
  severity: 'high',
  subjectType: 'risk',
  affectedBy: {
    // Edits, decisions and revocations are all recorded against the risk.
    risk: 'self',
    action: (ids) => sql`select source_id as id from actions where id in ${idList(ids)} and source_type = 'risk'`,
    // An appetite is recorded against its unit; only that unit's own risks read it.
    'organisation-unit': (ids) => sql`select id from risks where unit_id in ${idList(ids)}`,
    'risk-matrix': 'all',
    'risk-band': 'all',
  },
  subjects: ({ today, scope }) => sql`
    select 'risk' as record_type, r.id as record_id, '' as detail_key,
           r.reference || ' ' || r.title as label, r.unit_id,
           r.owner_person_id as accountable_person_id,
           'unit' as scope_type, r.unit_id as scope_id,
           not (decided.accepted or decided.treated) as failing,
           case when decided.accepted or decided.treated then '' else
             'Above appetite (' || band.name ||
               case when appetite.name is null then '; ' || u.name || ' has no appetite of its own' else ' over ' || appetite.name end || ') ' ||
             case when ra.id is null then 'with no acceptance in force'
                  when ra.expires_on < ${today}::date then 'with its acceptance past its end date (' || ${day('ra.expires_on')} || ')'
                  else 'with the acceptance in force for ' || accepted.name || ', not ' || band.name end ||
             case when r.treatment = 'accept' then ', and its treatment is to accept it'
                  when act.overdue_since is not null then ' and its treatment actions overdue (due ' || to_char(act.overdue_since, 'FMDD FMMonth YYYY') || ')'
                  else ' and no treatment action' end
           end as reason
      from risks r
      join organisation_units u on u.id = r.unit_id
      join risk_matrix_cells cell on cell.likelihood = r.residual_likelihood and cell.impact = r.residual_impact
      join risk_bands band on band.code = cell.band_code
      left join risk_appetites ap on ap.unit_id = r.unit_id
      left join risk_bands appetite on appetite.code = ap.max_band_code
      left join risk_acceptances ra on ra.risk_id = r.id and ra.status = 'in-force'
      left join risk_bands accepted on accepted.code = ra.band_code
      cross join lateral (
        select count(*) filter (where a.due_on >= ${today}::date) as in_date,
               max(a.due_on) filter (where a.due_on < ${today}::date) as overdue_since
          from actions a
         where a.source_type = 'risk' and a.source_id = r.id and a.status in ('open', 'in-progress')
      ) act
      cross join lateral (
        select coalesce(ra.expires_on >= ${today}::date and accepted.rank >= band.rank, false) as accepted,
               r.treatment <> 'accept' and act.in_date > 0 as treated
      ) decided
     where r.status <> 'closed'
       and (appetite.rank is null or band.rank > appetite.rank)
       and ${inScope('r.id', scope)}`,
};
