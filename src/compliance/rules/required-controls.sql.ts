// The controls each technology service must have, in SQL: the same derivation as the controls register
// (baselines.ts `baselineApplies` over classification.repository.ts `serviceProfiles`), written once
// for the rules that need it for many services at a time (services.required-controls,
// assets.sensitive-processing). protection-required-controls.test.ts proves it equals the app's.
//
// The profile, as deriveClassification makes it: the tier is the highest rank of the service's assets
// (none when it has none), SENSITIVE when an asset at that tier is, personal data when any asset holds
// it, descriptors the union of all its assets'; criticality is the service's own.
//
// What counts for a required control, as ControlService.forService decides it: the service's own
// implementation of the control; failing that, for a people or process control (never a technology
// one), the implementation at the nearest unit at or above the service's unit. It is met when that
// implementation is 'implemented', or 'not-applicable' with its reason (the table refuses one without);
// 'partial', 'not-started' or nothing recorded is missing.
//
// Indexes: service_assets pkey (service_id, asset_id) and service_assets_asset_idx; information_assets
// pkey; classification_tiers pkey (code); baseline_controls pkey (baseline_id, control_id);
// control_implementations_service_key (control_id, service_id) and control_implementations_unit_key
// (control_id, unit_id); organisation_units pkey. Baselines are few and read whole.
import { sql, type RawBuilder } from 'kysely';
import { idList } from '../rule.ts';

export interface RequiredControlRow {
  readonly service_id: string;
  readonly control_id: string;
  readonly control_code: string;
  /** The status of the implementation that counts, or null when none is recorded. */
  readonly status: string | null;
  readonly met: boolean;
}

/** Criticality in rising order, as CRITICALITIES in the controls register. */
const CRITICALITY_ORDER = sql`array['low', 'medium', 'high', 'critical']::text[]`;

/**
 * One row per (service, required control) for the services `servicesWhere` (a condition on `s`, the
 * technology_services row) selects: the control, the status that counts and whether it is met.
 */
export function requiredControls(servicesWhere: RawBuilder<boolean>): RawBuilder<RequiredControlRow> {
  return sql<RequiredControlRow>`
    with recursive up (unit_id, ancestor_id, depth) as (
      select id, id, 0 from organisation_units
      union all
      select up.unit_id, u.parent_id, up.depth + 1 from up join organisation_units u on u.id = up.ancestor_id where u.parent_id is not null
    ),
    profile as (
      select s.id as service_id, s.unit_id, s.criticality, top.tier_rank,
             coalesce((select bool_or(a.sensitive) from service_assets sa join information_assets a on a.id = sa.asset_id
                        join classification_tiers t on t.code = a.classification_tier
                       where sa.service_id = s.id and t.rank = top.tier_rank), false) as sensitive,
             top.personal_data
        from technology_services s
       cross join lateral (
         select max(t.rank) as tier_rank, coalesce(bool_or(a.personal_data), false) as personal_data
           from service_assets sa join information_assets a on a.id = sa.asset_id
           join classification_tiers t on t.code = a.classification_tier
          where sa.service_id = s.id
       ) top
       where ${servicesWhere}
    ),
    required as (
      select distinct p.service_id, p.unit_id, bc.control_id
        from profile p
        join baselines b
          on (b.min_tier_rank is null or (p.tier_rank is not null and p.tier_rank >= b.min_tier_rank))
         and (b.requires_sensitive is null or p.sensitive = b.requires_sensitive)
         and (b.requires_personal_data is null or p.personal_data = b.requires_personal_data)
         and (b.descriptor is null or exists (
               select 1 from service_assets sa join information_assets a on a.id = sa.asset_id
                where sa.service_id = p.service_id and a.descriptors @> jsonb_build_array(b.descriptor)))
         and (b.min_criticality is null
              or coalesce(array_position(${CRITICALITY_ORDER}, p.criticality), 0) >= coalesce(array_position(${CRITICALITY_ORDER}, b.min_criticality), 0))
        join baseline_controls bc on bc.baseline_id = b.id
    ),
    -- The implementations that could count, nearest first: the service's own (depth -1), then for a
    -- people or process control each unit's from the service's unit upwards. Joins, not a lateral
    -- per required control, so a department-sized run stays set-based.
    candidate as (
      select r.service_id, r.control_id, ci.status, ci.not_applicable_reason, -1 as depth
        from required r join control_implementations ci on ci.control_id = r.control_id and ci.service_id = r.service_id
      union all
      select r.service_id, r.control_id, ci.status, ci.not_applicable_reason, up.depth
        from required r
        join controls c on c.id = r.control_id and c.kind <> 'technology'
        join up on up.unit_id = r.unit_id
        join control_implementations ci on ci.unit_id = up.ancestor_id and ci.control_id = r.control_id
    ),
    counted as (
      select distinct on (service_id, control_id) service_id, control_id, status, not_applicable_reason
        from candidate order by service_id, control_id, depth
    )
    select r.service_id, r.control_id, c.code as control_code, i.status,
           coalesce(i.status = 'implemented' or (i.status = 'not-applicable' and btrim(coalesce(i.not_applicable_reason, '')) <> ''), false) as met
      from required r
      join controls c on c.id = r.control_id
      left join counted i on i.service_id = r.service_id and i.control_id = r.control_id`;
}

/** "CTL-LOG-01 (partial)", "CTL-VUL-01 (not recorded)": a missing control in words, for reasons. */
export const missingInWords = sql`(control_code || ' (' || coalesce(replace(status, '-', ' '), 'not recorded') || ')')`;

/** The services an implementation reaches: its own service, or every service at or below its unit. */
export function servicesReachedByImplementations(ids: readonly string[]): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`
    select ci.service_id as id from control_implementations ci where ci.id in ${idList(ids)} and ci.service_id is not null
    union
    select s.id from technology_services s where s.unit_id in (${unitsAtOrBelow(sql`select ci.unit_id from control_implementations ci where ci.id in ${idList(ids)} and ci.unit_id is not null`)})`;
}

/** The services at or below the given units (a unit moved changes which unit implementations hold). */
export function servicesBelowUnits(ids: readonly string[]): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`select s.id from technology_services s where s.unit_id in (${unitsAtOrBelow(sql`select id from organisation_units where id in ${idList(ids)}`)})`;
}

/** Every unit at or below the units `roots` selects. */
function unitsAtOrBelow(roots: RawBuilder<unknown>): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`
    with recursive down (id) as (${roots} union select u.id from organisation_units u join down on u.parent_id = down.id)
    select id from down`;
}

