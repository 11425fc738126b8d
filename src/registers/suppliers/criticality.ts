// A supplier's criticality (issue 09) follows from what it can reach: the most critical technology
// service it reaches, and the highest classification it handles (the assets it reaches directly and those
// of the services it reaches). The security team may set another with a reason; the derived one is shown beside it.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { CRITICALITIES, type Criticality } from './entity.ts';

export interface Reach {
  /** The highest tier's rank handled (0 for none or NO CLASSIFICATION), and whether SENSITIVE or personal data at it. */
  readonly tierRank: number;
  readonly tier: string | null;
  readonly sensitive: boolean;
  readonly personalData: boolean;
  readonly highestServiceCriticality: Criticality | null;
}

const rankOf = (c: Criticality) => CRITICALITIES.indexOf(c);
const higher = (a: Criticality, b: Criticality): Criticality => (rankOf(a) >= rankOf(b) ? a : b);

/** SECRET and above: critical; OFFICIAL-SENSITIVE: high; OFFICIAL personal data: medium; else low; raised to the most critical service reached. */
export function derivedCriticality(reach: Reach): Criticality {
  const byInformation: Criticality = reach.tierRank >= 2 ? 'critical' : reach.tierRank === 1 && reach.sensitive ? 'high' : reach.tierRank === 1 && reach.personalData ? 'medium' : 'low';
  return reach.highestServiceCriticality ? higher(byInformation, reach.highestServiceCriticality) : byInformation;
}

/** The label of the highest classification a supplier handles: OFFICIAL-SENSITIVE, SECRET, or none. */
export function handledClassification(reach: Reach): string {
  if (!reach.tier || reach.tierRank === 0) return 'None';
  return reach.tier === 'OFFICIAL' && reach.sensitive ? 'OFFICIAL-SENSITIVE' : reach.tier;
}

/** What each supplier reaches, for these suppliers (all when none are named). */
export async function reachOf(db: Executor, supplierIds: readonly string[] | null): Promise<Map<string, Reach>> {
  // `handled` is read only for the chosen suppliers: a page of 50 must not walk every supplier's reach.
  const only = supplierIds === null ? sql`true` : sql`s.id in (select jsonb_array_elements_text(${JSON.stringify(supplierIds)}::jsonb)::uuid)`;
  const { rows } = await sql<{ supplier_id: string; tier_rank: number | null; tier: string | null; sensitive: boolean | null; personal_data: boolean | null; service_rank: number | null }>`
    with chosen as (select s.id from suppliers s where ${only}),
    handled as (
      select sa.supplier_id, a.classification_tier, a.sensitive, a.personal_data
        from supplier_assets sa join information_assets a on a.id = sa.asset_id
       where sa.supplier_id in (select id from chosen)
      union all
      select ss.supplier_id, a.classification_tier, a.sensitive, a.personal_data
        from supplier_services ss join service_assets x on x.service_id = ss.service_id join information_assets a on a.id = x.asset_id
       where ss.supplier_id in (select id from chosen)
    ),
    top as (
      select h.supplier_id, max(t.rank) as tier_rank from handled h join classification_tiers t on t.code = h.classification_tier group by h.supplier_id
    )
    select s.id as supplier_id, top.tier_rank,
           (select t.code from classification_tiers t where t.rank = top.tier_rank) as tier,
           (select bool_or(h.sensitive) from handled h join classification_tiers t on t.code = h.classification_tier where h.supplier_id = s.id and t.rank = top.tier_rank) as sensitive,
           (select bool_or(h.personal_data) from handled h join classification_tiers t on t.code = h.classification_tier where h.supplier_id = s.id and t.rank = top.tier_rank) as personal_data,
           (select max(array_position(array['low', 'medium', 'high', 'critical'], ts.criticality)) from supplier_services ss join technology_services ts on ts.id = ss.service_id where ss.supplier_id = s.id) as service_rank
      from chosen s left join top on top.supplier_id = s.id`.execute(db);
  return new Map(
    rows.map((r) => [
      r.supplier_id,
      { tierRank: r.tier_rank ?? 0, tier: r.tier, sensitive: r.sensitive ?? false, personalData: r.personal_data ?? false, highestServiceCriticality: r.service_rank ? CRITICALITIES[r.service_rank - 1]! : null },
    ]),
  );
}

/** How long until a supplier of this criticality is assessed again. */
export async function reassessmentMonths(db: Executor, criticality: Criticality): Promise<number> {
  const row = await db.selectFrom('supplier_reassessment_intervals').select('months').where('criticality', '=', criticality).executeTakeFirst();
  return row?.months ?? 12;
}
