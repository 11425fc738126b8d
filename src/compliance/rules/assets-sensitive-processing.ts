// Every OFFICIAL-SENSITIVE or personal-data information asset is processed only by technology services
// that implement the controls their baselines require (the policy: sensitive and personal information
// is processed only where it is protected). A service's required controls, and what meets one, come
// from required-controls.sql.ts, the same derivation as services.required-controls; an asset no service
// processes passes.
// Indexes: information_assets_sensitive_idx and information_assets_personal_idx (partial, for the
// subjects); service_assets_asset_idx (asset_id) for the asset's services and service_assets pkey for
// the reverse; those of required-controls.sql.ts; appointments_record_role_idx for the IAO;
// compliance_findings' unique (rule_id, record_id, detail_key) for the failing assets a service change re-checks.
import { sql } from 'kysely';
import { currentAppointments, idList, importOf, inScope, nearestUnitHolder, type ComplianceRule } from '../rule.ts';
import { missingInWords, requiredControls, servicesBelowUnits, servicesReachedByImplementations } from './required-controls.sql.ts';

const RULE_ID = 'assets.sensitive-processing';

/** The assets the given services process. */
const assetsOf = (services: ReturnType<typeof servicesBelowUnits>) => sql<{ id: string }>`select asset_id as id from service_assets where service_id in (${services})`;

export const assetsSensitiveProcessing: ComplianceRule = {
  id: RULE_ID,
  title: 'Sensitive and personal information is processed only by services that implement their required controls',
  register: 'information-assets',
  requirement: 'SISP-003',
  alsoEvidences: ['ncsc-caf:B3.a', 'ncsc-caf:B3.c'],
  severity: 'high',
  subjectType: 'information-asset',
  affectedBy: {
    // An asset's classification changes its services' profile, and so every asset they process.
    'information-asset': (ids) => sql`
      select id from information_assets where id in ${idList(ids)}
      union select other.asset_id from service_assets changed join service_assets other on other.service_id = changed.service_id where changed.asset_id in ${idList(ids)}`,
    // A service's assets now, and the assets failing now: an asset the service no longer processes
    // is no longer linked to it, and only a failing asset can pass because of that.
    'technology-service': (ids) => sql`
      select asset_id as id from service_assets where service_id in ${idList(ids)}
      union select record_id from compliance_findings where rule_id = ${RULE_ID} and status <> 'resolved'`,
    control_implementation: (ids) => assetsOf(servicesReachedByImplementations(ids)),
    'organisation-unit': (ids) => assetsOf(servicesBelowUnits(ids)),
    baseline: 'all',
    control: 'all',
    appointment: (ids) => sql`select record_id as id from appointments where id in ${idList(ids)} and record_type = 'information-asset'`,
    import_batch: (ids) => sql`select a.id from information_assets a where ${importOf(ids, ['technology-services', 'information-assets', 'control-implementations'])}`,
  },
  subjects: ({ today, scope }) => sql`
    with subject as (
      select a.id, a.reference, a.name, a.unit_id from information_assets a
       where (a.sensitive or a.personal_data) and ${inScope('a.id', scope)}
    ),
    gaps as (
      select rc.service_id, string_agg(${missingInWords}, ', ' order by rc.control_code) as missing
        from (${requiredControls(sql`s.id in (select sa.service_id from service_assets sa join subject on subject.id = sa.asset_id)`)}) rc
       where not rc.met
       group by rc.service_id
    ),
    failing_services as (
      select sa.asset_id, string_agg(s.reference || ' ' || s.name || ' lacks ' || gaps.missing, '; ' order by s.reference) as services
        from subject join service_assets sa on sa.asset_id = subject.id
        join gaps on gaps.service_id = sa.service_id
        join technology_services s on s.id = sa.service_id
       group by sa.asset_id
    )
    select 'information-asset' as record_type, a.id as record_id, '' as detail_key,
           a.reference || ' ' || a.name as label, a.unit_id,
           coalesce(iao.person_id, siro.person_id) as accountable_person_id,
           'asset' as scope_type, a.id as scope_id,
           g.services is not null as failing,
           case when g.services is null then '' else 'Processed by services missing required controls: ' || g.services end as reason
      from subject a
      left join failing_services g on g.asset_id = a.id
      left join lateral (
        select o.person_id from ${currentAppointments(today)} o
         where o.record_type = 'information-asset' and o.record_id = a.id and o.role_code = 'information-asset-owner' and o.person_id is not null
         order by o.starts_on desc limit 1
      ) iao on true
      left join ${nearestUnitHolder('siro', today)} siro on siro.unit_id = a.unit_id`,
};
