// A service's classification is derived from the assets it processes (issue 06): the highest tier,
// SENSITIVE if any asset at that tier is, and the union of handling instructions and descriptors.
// Computed set-based for a page of services at once, never one query per service.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Classification, DerivedClassification } from '../information-assets/classification.ts';
import { deriveClassification } from '../information-assets/classification.ts';
import { loadClassificationVocabulary } from '../information-assets/vocabulary.repository.ts';

export interface ServiceProfile {
  readonly serviceId: string;
  readonly unitId: string;
  readonly criticality: string;
  readonly derived: DerivedClassification;
  /** Whether any asset the service processes holds personal data. */
  readonly personalData: boolean;
}

interface ServiceAssetClassificationRow {
  service_id: string;
  classification_tier: string;
  sensitive: boolean;
  handling_instruction: string | null;
  embargo_ends_on: string | null;
  descriptors: unknown;
  personal_data: boolean;
}

/** The classification columns of every asset of the given services, in one query. */
export async function serviceAssetClassifications(db: Executor, serviceIds: readonly string[]): Promise<Map<string, Array<Classification & { personalData: boolean }>>> {
  const byService = new Map<string, Array<Classification & { personalData: boolean }>>();
  if (serviceIds.length === 0) return byService;
  const { rows } = await sql<ServiceAssetClassificationRow>`
    select sa.service_id, a.classification_tier, a.sensitive, a.handling_instruction,
           a.embargo_ends_on::text as embargo_ends_on, a.descriptors, a.personal_data
      from service_assets sa
      join information_assets a on a.id = sa.asset_id
     where sa.service_id = any(${[...serviceIds]}::uuid[])`.execute(db);
  for (const row of rows) {
    const list = byService.get(row.service_id) ?? [];
    list.push({
      tier: row.classification_tier,
      sensitive: row.sensitive,
      handlingInstruction: row.handling_instruction,
      embargoEndsOn: row.embargo_ends_on,
      descriptors: toCodes(row.descriptors),
      personalData: row.personal_data,
    });
    byService.set(row.service_id, list);
  }
  return byService;
}

/** The derived classification, unit, criticality and personal data of each service that exists. */
export async function serviceProfiles(db: Executor, serviceIds: readonly string[]): Promise<Map<string, ServiceProfile>> {
  const profiles = new Map<string, ServiceProfile>();
  if (serviceIds.length === 0) return profiles;
  const [services, assets, vocabulary] = await Promise.all([
    db.selectFrom('technology_services').select(['id', 'unit_id', 'criticality']).where('id', 'in', [...serviceIds]).execute(),
    serviceAssetClassifications(db, serviceIds),
    loadClassificationVocabulary(db),
  ]);
  for (const s of services) {
    const list = assets.get(s.id) ?? [];
    profiles.set(s.id, {
      serviceId: s.id,
      unitId: s.unit_id,
      criticality: s.criticality,
      derived: deriveClassification(list, vocabulary),
      personalData: list.some((a) => a.personalData),
    });
  }
  return profiles;
}

/** jsonb arrays arrive parsed on both engines; a text value is parsed defensively. */
export function toCodes(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}
