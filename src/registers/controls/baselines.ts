// Which baselines apply to a technology service, and so which controls it must have: derived from
// the service's profile (its classification, derived from its assets, its criticality and whether it
// processes personal data), never typed by hand. Pure, so the rules are tested as a table.
import { CRITICALITIES, type Baseline } from './entity.ts';

export interface ServiceProfileForBaselines {
  /** The rank of the service's derived tier (classification_tiers.rank); null when it has no assets. */
  readonly tierRank: number | null;
  readonly sensitive: boolean;
  readonly personalData: boolean;
  readonly descriptors: readonly string[];
  readonly criticality: string | null;
}

export type BaselineConditions = Pick<Baseline, 'minTierRank' | 'requiresSensitive' | 'requiresPersonalData' | 'descriptor' | 'minCriticality'>;

const criticalityRank = (value: string | null): number => (value === null ? -1 : (CRITICALITIES as readonly string[]).indexOf(value));

/** Every condition the baseline sets holds for the service; a condition left empty holds for any. */
export function baselineApplies(baseline: BaselineConditions, service: ServiceProfileForBaselines): boolean {
  if (baseline.minTierRank !== null && (service.tierRank === null || service.tierRank < baseline.minTierRank)) return false;
  if (baseline.requiresSensitive !== null && service.sensitive !== baseline.requiresSensitive) return false;
  if (baseline.requiresPersonalData !== null && service.personalData !== baseline.requiresPersonalData) return false;
  if (baseline.descriptor !== null && !service.descriptors.includes(baseline.descriptor)) return false;
  if (baseline.minCriticality !== null && criticalityRank(service.criticality) < criticalityRank(baseline.minCriticality)) return false;
  return true;
}

/** The union of the controls of the baselines that apply, each with the names of the baselines requiring it. */
export function requiredControls<C extends { readonly id: string }>(baselines: ReadonlyArray<BaselineConditions & { readonly name: string; readonly controls: readonly C[] }>, service: ServiceProfileForBaselines): Map<string, { control: C; baselines: string[] }> {
  const required = new Map<string, { control: C; baselines: string[] }>();
  for (const baseline of baselines) {
    if (!baselineApplies(baseline, service)) continue;
    for (const control of baseline.controls) {
      const entry = required.get(control.id) ?? { control, baselines: [] };
      entry.baselines.push(baseline.name);
      required.set(control.id, entry);
    }
  }
  return required;
}

/** The conditions in words, for the baselines page: "OFFICIAL or above; marked SENSITIVE; processes personal data". */
export function conditionsInWords(baseline: BaselineConditions, tierName: (rank: number) => string): string {
  const parts: string[] = [];
  if (baseline.minTierRank !== null) parts.push(`classified ${tierName(baseline.minTierRank)} or above`);
  if (baseline.requiresSensitive !== null) parts.push(baseline.requiresSensitive ? 'marked SENSITIVE' : 'not marked SENSITIVE');
  if (baseline.requiresPersonalData !== null) parts.push(baseline.requiresPersonalData ? 'processes personal data' : 'processes no personal data');
  if (baseline.descriptor !== null) parts.push(`carries the descriptor ${baseline.descriptor}`);
  if (baseline.minCriticality !== null) parts.push(`of criticality ${baseline.minCriticality} or higher`);
  return parts.length === 0 ? 'Every technology service' : `Services ${parts.join('; ')}`;
}
