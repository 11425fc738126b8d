import type { Executor } from '../../database.ts';
import type { ClassificationVocabulary } from './classification.ts';

/** Loads the classification vocabulary, which is data a department may adjust. */
export async function loadClassificationVocabulary(db: Executor): Promise<ClassificationVocabulary> {
  const [tiers, instructions, rules, descriptors] = await Promise.all([
    db.selectFrom('classification_tiers').selectAll().orderBy('rank').execute(),
    db.selectFrom('handling_instructions').selectAll().orderBy('sort_order').execute(),
    db.selectFrom('handling_instruction_rules').selectAll().execute(),
    db.selectFrom('classification_descriptors').selectAll().orderBy('sort_order').execute(),
  ]);
  return {
    tiers: tiers.map((t) => ({ code: t.code, label: t.label, rank: t.rank, allowsSensitive: t.allows_sensitive, allowsDescriptors: t.allows_descriptors })),
    instructions: instructions.map((i) => ({ code: i.code, label: i.label, needsEndDate: i.needs_end_date })),
    rules: rules.map((r) => ({ instruction: r.instruction_code, tier: r.tier_code, sensitive: r.sensitive })),
    descriptors: descriptors.map((d) => ({ code: d.code, label: d.label })),
  };
}
