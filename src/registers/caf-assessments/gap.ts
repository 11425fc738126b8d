// The gap to the target profile, as pure functions: an outcome meets its target when its status is at
// least the target's level (not achieved < partially achieved < achieved).
import type { AchievementLevel } from '../frameworks/formats/parsed.ts';
import type { Gap, GapByObjective, Indicator } from './entity.ts';

const RANK: Record<AchievementLevel, number> = { 'not-achieved': 0, 'partially-achieved': 1, achieved: 2 };

export function gapOf(status: AchievementLevel | null, target: AchievementLevel | null): Gap {
  if (status === null) return 'not-assessed';
  if (target === null) return 'no-target';
  return RANK[status] >= RANK[target] ? 'meets' : 'below';
}

type Counts = Omit<GapByObjective, 'objectiveKey' | 'objectiveTitle'>;
const COUNTER: Record<Gap, keyof Counts> = { meets: 'meets', below: 'below', 'not-assessed': 'notAssessed', 'no-target': 'noTarget' };

/** Counts of outcomes meeting, below, not assessed and without a target, per objective in order, and in all. */
export function gapSummary(outcomes: ReadonlyArray<{ objectiveKey: string; objectiveTitle: string; gap: Gap }>): { byObjective: GapByObjective[]; totals: Counts } {
  const byObjective = new Map<string, { objectiveKey: string; objectiveTitle: string } & { -readonly [K in keyof Counts]: number }>();
  const totals = { meets: 0, below: 0, notAssessed: 0, noTarget: 0 };
  for (const o of outcomes) {
    const row = byObjective.get(o.objectiveKey) ?? { objectiveKey: o.objectiveKey, objectiveTitle: o.objectiveTitle, meets: 0, below: 0, notAssessed: 0, noTarget: 0 };
    row[COUNTER[o.gap]] += 1;
    totals[COUNTER[o.gap]] += 1;
    byObjective.set(o.objectiveKey, row);
  }
  return { byObjective: [...byObjective.values()], totals };
}

/**
 * What the marked indicators point to, as the CAF reads them: every "achieved" indicator true is
 * achieved; else every "partially achieved" indicator true (when the outcome has any) is partially
 * achieved; else not achieved. Null until every indicator is answered. A hint for the assessor, who decides.
 */
export function indicatorsSuggest(indicators: readonly Indicator[]): AchievementLevel | null {
  if (indicators.length === 0 || indicators.some((i) => i.met === null)) return null;
  const all = (level: AchievementLevel) => {
    const of = indicators.filter((i) => i.achievement === level);
    return of.length > 0 && of.every((i) => i.met === true);
  };
  if (all('achieved')) return 'achieved';
  if (all('partially-achieved')) return 'partially-achieved';
  return 'not-achieved';
}
