// The CAF as an assessment walks it: each contributing outcome in framework order with its principle,
// objective and indicators, built from the framework's requirements; and the pre-fill of every outcome
// for one service from what the registers hold.
import { RULES } from '../../compliance/rules/index.ts';
import { BUILT_IN_CAF } from '../frameworks/built-in.ts';
import type { AchievementLevel } from '../frameworks/formats/parsed.ts';
import type { FrameworkRequirement } from '../frameworks/entity.ts';
import { FrameworkRepository } from '../frameworks/repository.ts';
import type { Executor } from '../../database.ts';
import { proposeOutcome, type Proposal } from './prefill.ts';
import { CafAssessmentRepository } from './repository.ts';

export interface OutlineOutcome {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly text: string;
  readonly objectiveKey: string;
  readonly objectiveTitle: string;
  readonly principleKey: string;
  readonly principleTitle: string;
  readonly indicators: ReadonlyArray<{ readonly id: string; readonly key: string; readonly text: string; readonly achievement: AchievementLevel }>;
}

const ACHIEVEMENTS: readonly string[] = ['achieved', 'partially-achieved', 'not-achieved'];
const LEVEL_ORDER: Record<AchievementLevel, number> = { 'not-achieved': 0, 'partially-achieved': 1, achieved: 2 };

/** The framework's outcomes in force, in document order, each under its principle and objective. */
export async function outline(db: Executor, frameworkId: string): Promise<OutlineOutcome[]> {
  const requirements = (await new FrameworkRepository(db).requirements(frameworkId)).filter((r) => r.status === 'active');
  const byId = new Map(requirements.map((r) => [r.id, r]));
  const children = new Map<string, FrameworkRequirement[]>();
  for (const r of requirements) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  return requirements
    .filter((r) => r.level === 'outcome')
    .map((o) => {
      const principle = o.parentId ? byId.get(o.parentId) : undefined;
      const objective = principle?.parentId ? byId.get(principle.parentId) : undefined;
      const indicators = (children.get(o.id) ?? [])
        .filter((i) => i.level === 'indicator' && ACHIEVEMENTS.includes(String(i.details.achievement)))
        .map((i) => ({ id: i.id, key: i.key, text: i.text || i.title, achievement: i.details.achievement as AchievementLevel }))
        .sort((a, b) => LEVEL_ORDER[a.achievement] - LEVEL_ORDER[b.achievement]);
      return {
        id: o.id, key: o.key, title: o.title, text: o.text,
        objectiveKey: objective?.key ?? '', objectiveTitle: objective?.title ?? '', principleKey: principle?.key ?? '', principleTitle: principle?.title ?? '',
        indicators,
      };
    });
}

/** Outcome key → the compliance rules whose checks evidence it (the rule's own requirement or alsoEvidences). */
function rulesByOutcome(): Map<string, Array<{ id: string; title: string }>> {
  const prefix = `${BUILT_IN_CAF.code}:`;
  const map = new Map<string, Array<{ id: string; title: string }>>();
  for (const rule of RULES) {
    for (const cited of [rule.requirement, ...rule.alsoEvidences]) {
      if (!cited.startsWith(prefix)) continue;
      const key = cited.slice(prefix.length);
      map.set(key, [...(map.get(key) ?? []), { id: rule.id, title: rule.title }]);
    }
  }
  return map;
}

/** Every outcome's proposal for the service: one query each for mappings, implementations with evidence, and findings. */
export async function prefill(db: Executor, frameworkId: string, serviceId: string, outcomes: readonly OutlineOutcome[], today: string): Promise<Map<string, Proposal>> {
  const repository = new CafAssessmentRepository(db);
  const controls = await repository.controlsByOutcome(frameworkId);
  const implementations = await repository.implementationsFor(serviceId, [...new Set([...controls.values()].flat().map((c) => c.controlId))]);
  const findings = await repository.openFindingsFor(serviceId);
  const rules = rulesByOutcome();
  const proposals = new Map<string, Proposal>();
  for (const outcome of outcomes) {
    const ruleIds = new Map((rules.get(outcome.key) ?? []).map((r) => [r.id, r.title]));
    const own = new Set([outcome.id, ...outcome.indicators.map((i) => i.id)]);
    const against = findings.filter((f) => ruleIds.has(f.ruleId) || (f.requirementId !== null && own.has(f.requirementId)));
    proposals.set(
      outcome.id,
      proposeOutcome(
        {
          controls: (controls.get(outcome.id) ?? []).map((c) => ({ code: c.code, title: c.title, implementation: implementations.get(c.controlId) ?? null })),
          findings: against.map((f) => ({ findingId: f.id, label: f.label, reason: f.reason, ruleTitle: ruleIds.get(f.ruleId) ?? 'Compliance finding' })),
        },
        today,
      ),
    );
  }
  return proposals;
}
