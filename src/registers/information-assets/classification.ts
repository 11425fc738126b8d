// Government Security Classifications (2023) as rules over a vocabulary that is data: which tiers
// exist, which handling instruction may go with which marking, and the descriptors. Pure functions,
// so the rules are tested as a table (docs/classification.md) and reused by every register that
// holds or derives a classification.
import type { FieldProblem } from '../../platform/http/errors.ts';

export interface ClassificationVocabulary {
  readonly tiers: ReadonlyArray<{ readonly code: string; readonly label: string; readonly rank: number; readonly allowsSensitive: boolean; readonly allowsDescriptors: boolean }>;
  readonly instructions: ReadonlyArray<{ readonly code: string; readonly label: string; readonly needsEndDate: boolean }>;
  /** The handling instructions allowed with each marking. */
  readonly rules: ReadonlyArray<{ readonly instruction: string; readonly tier: string; readonly sensitive: boolean }>;
  readonly descriptors: ReadonlyArray<{ readonly code: string; readonly label: string }>;
}

export interface Classification {
  readonly tier: string;
  readonly sensitive: boolean;
  readonly handlingInstruction: string | null;
  /** The end of an embargo: required with EMBARGOED, and only with it. */
  readonly embargoEndsOn: string | null;
  readonly descriptors: readonly string[];
}

/** A service's classification, derived from the assets it processes: it may carry several instructions. */
export interface DerivedClassification {
  readonly tier: string | null;
  readonly sensitive: boolean;
  readonly handlingInstructions: readonly string[];
  readonly descriptors: readonly string[];
}

const SEPARATOR = ' - ';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The marking: the tier, with -SENSITIVE where it applies (`OFFICIAL-SENSITIVE`). */
export function marking(tier: string, sensitive: boolean): string {
  return sensitive ? `${tier}-SENSITIVE` : tier;
}

/** Every rule the classification breaks, each naming the field to correct and how. */
export function checkClassification(c: Classification, vocabulary: ClassificationVocabulary): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const tier = vocabulary.tiers.find((t) => t.code === c.tier);
  if (!tier) return [{ field: 'classificationTier', message: `Choose the classification: ${vocabulary.tiers.map((t) => t.code).join(', ')}` }];
  if (c.sensitive && !tier.allowsSensitive) problems.push({ field: 'sensitive', message: `The SENSITIVE marking goes only with ${vocabulary.tiers.filter((t) => t.allowsSensitive).map((t) => t.code).join(' or ')}, not ${tier.code}` });
  const name = marking(tier.code, c.sensitive && tier.allowsSensitive);
  if (c.handlingInstruction !== null) {
    const instruction = vocabulary.instructions.find((i) => i.code === c.handlingInstruction);
    if (!instruction) problems.push({ field: 'handlingInstruction', message: `${c.handlingInstruction} is not a handling instruction: use one of ${vocabulary.instructions.map((i) => i.code).join(', ')}` });
    else if (!vocabulary.rules.some((r) => r.instruction === instruction.code && r.tier === tier.code && r.sensitive === c.sensitive)) {
      const allowed = vocabulary.rules.filter((r) => r.tier === tier.code && r.sensitive === c.sensitive).map((r) => r.instruction);
      const needsSensitive = vocabulary.rules.some((r) => r.instruction === instruction.code && r.tier === tier.code && r.sensitive && !c.sensitive);
      problems.push({
        field: 'handlingInstruction',
        message: needsSensitive
          ? `${instruction.code} goes only with ${marking(tier.code, true)}: add the SENSITIVE marking or choose another instruction`
          : `${instruction.code} cannot go with ${name}: ${allowed.length ? `choose ${allowed.join(', ')} or none` : 'it takes no handling instruction'}`,
      });
    }
    if (instruction?.needsEndDate && (c.embargoEndsOn === null || !DATE.test(c.embargoEndsOn))) problems.push({ field: 'embargoEndsOn', message: `Enter the date the ${instruction.code.toLowerCase()} ends, as YYYY-MM-DD` });
    if (instruction && !instruction.needsEndDate && c.embargoEndsOn !== null) problems.push({ field: 'embargoEndsOn', message: `Only an instruction with an end date (${vocabulary.instructions.filter((i) => i.needsEndDate).map((i) => i.code).join(', ')}) takes one: remove the date` });
  } else if (c.embargoEndsOn !== null) {
    problems.push({ field: 'embargoEndsOn', message: 'An end date goes only with an EMBARGOED handling instruction: remove the date' });
  }
  const unknown = c.descriptors.filter((d) => !vocabulary.descriptors.some((v) => v.code === d));
  if (unknown.length > 0) problems.push({ field: 'descriptors', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a descriptor' : 'are not descriptors'}: use ${vocabulary.descriptors.map((d) => d.code).join(', ')}` });
  else if (c.descriptors.length > 0 && !tier.allowsDescriptors) problems.push({ field: 'descriptors', message: `${tier.code} takes no descriptors: remove them` });
  if (new Set(c.descriptors).size !== c.descriptors.length) problems.push({ field: 'descriptors', message: 'Give each descriptor once' });
  return problems;
}

const inOrder = (codes: readonly string[], order: ReadonlyArray<{ readonly code: string }>): string[] => [...new Set(codes)].sort((a, b) => order.findIndex((o) => o.code === a) - order.findIndex((o) => o.code === b));

/** The standard label, in the order tier, handling instruction, descriptor: `OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA`. */
export function classificationLabel(c: Pick<Classification, 'tier' | 'sensitive' | 'handlingInstruction' | 'descriptors'>, vocabulary: ClassificationVocabulary): string {
  return [marking(c.tier, c.sensitive), ...(c.handlingInstruction ? [c.handlingInstruction] : []), ...inOrder(c.descriptors, vocabulary.descriptors)].join(SEPARATOR);
}

export function derivedLabel(d: DerivedClassification, vocabulary: ClassificationVocabulary): string | null {
  if (d.tier === null) return null;
  return [marking(d.tier, d.sensitive), ...inOrder(d.handlingInstructions, vocabulary.instructions), ...inOrder(d.descriptors, vocabulary.descriptors)].join(SEPARATOR);
}

/**
 * A service's classification from the assets it stores or processes: the highest tier, SENSITIVE if
 * any asset at that tier is, and every handling instruction and descriptor the assets carry.
 */
export function deriveClassification(assets: readonly Classification[], vocabulary: ClassificationVocabulary): DerivedClassification {
  const rank = (code: string) => vocabulary.tiers.find((t) => t.code === code)?.rank ?? -1;
  const top = assets.reduce<string | null>((best, a) => (best === null || rank(a.tier) > rank(best) ? a.tier : best), null);
  if (top === null) return { tier: null, sensitive: false, handlingInstructions: [], descriptors: [] };
  return {
    tier: top,
    sensitive: assets.some((a) => a.tier === top && a.sensitive),
    handlingInstructions: inOrder(assets.flatMap((a) => (a.handlingInstruction ? [a.handlingInstruction] : [])), vocabulary.instructions),
    descriptors: inOrder(assets.flatMap((a) => a.descriptors), vocabulary.descriptors),
  };
}

/**
 * Reads a label as people write it (`OFFICIAL-SENSITIVE - RECIPIENTS ONLY - PERSONAL DATA`), for imports.
 * Parts are matched case-insensitively; the embargo date is not part of the label and comes separately.
 */
export function parseClassificationLabel(label: string, vocabulary: ClassificationVocabulary, embargoEndsOn: string | null = null): { classification?: Classification; problems: FieldProblem[] } {
  const parts = label.split(/\s+-\s+/).map((p) => p.trim().toUpperCase()).filter((p) => p !== '');
  const head = parts.shift() ?? '';
  const sensitive = head.endsWith('-SENSITIVE');
  const tier = sensitive ? head.slice(0, -'-SENSITIVE'.length) : head;
  if (!vocabulary.tiers.some((t) => t.code === tier)) return { problems: [{ field: 'classification', message: `"${label}" does not start with a classification: use ${vocabulary.tiers.map((t) => t.code).join(', ')}, or OFFICIAL-SENSITIVE` }] };
  let handlingInstruction: string | null = null;
  const descriptors: string[] = [];
  const problems: FieldProblem[] = [];
  for (const part of parts) {
    if (vocabulary.instructions.some((i) => i.code === part)) {
      if (handlingInstruction !== null) problems.push({ field: 'classification', message: `Only one handling instruction is allowed: "${label}" has ${handlingInstruction} and ${part}` });
      handlingInstruction = part;
    } else descriptors.push(part);
  }
  const classification: Classification = { tier, sensitive, handlingInstruction, embargoEndsOn, descriptors };
  problems.push(...checkClassification(classification, vocabulary));
  return problems.length > 0 ? { problems } : { classification, problems };
}
