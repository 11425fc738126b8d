// GovAssure sets a target achievement per CAF outcome for each profile (baseline, enhanced). The WebCAF
// publishes targets for CAF 3.2 only, so the targets of CAF 4.0 are carried from 3.2 where that is sound
// and left for the organisation to set where it is not.
import { createHash } from 'node:crypto';
import { PROFILES } from './parsed.ts';
import type { ParsedFramework, ParsedProfileTarget } from './parsed.ts';
import { parseWebCaf } from './webcaf.ts';

export interface OutcomeNeedingTarget {
  readonly key: string;
  readonly title: string;
  readonly reason: string;
}

export interface CarriedTargets {
  readonly carried: ParsedProfileTarget[];
  readonly needingTarget: OutcomeNeedingTarget[];
}

export const CARRY_RULE =
  'An outcome of the newer CAF takes the older version\'s GovAssure targets when the older version has an outcome with the same id and the same title (ignoring case and spacing): its id and its meaning carried over. Every other outcome needs a target: it is new, or its id now names a different outcome.';

/**
 * The targets `next` can take from `previous` (CARRY_RULE). The title test matters: CAF 4.0 reuses ids for
 * new outcomes (A2.b was "Assurance" in 3.2 and is "Understanding Threat" in 4.0), and a target set for one
 * outcome says nothing about another. Carried targets come in `next`'s outcome order, baseline first.
 */
export function carriedOverTargets(previous: ParsedFramework, next: ParsedFramework): CarriedTargets {
  const earlier = new Map(previous.requirements.filter((r) => r.level === 'outcome').map((r) => [r.key, r.title]));
  const carried: ParsedProfileTarget[] = [];
  const needingTarget: OutcomeNeedingTarget[] = [];
  for (const outcome of next.requirements.filter((r) => r.level === 'outcome')) {
    const earlierTitle = earlier.get(outcome.key);
    let reason: string | null = null;
    if (earlierTitle === undefined) reason = `new in ${next.version}`;
    else if (sameTitle(earlierTitle, outcome.title)) {
      const targets = previous.profileTargets
        .filter((t) => t.key === outcome.key)
        .sort((a, b) => PROFILES.indexOf(a.profile) - PROFILES.indexOf(b.profile));
      if (targets.length > 0) carried.push(...targets);
      else reason = `no target in ${previous.version}`;
    } else reason = `title changed from "${earlierTitle}"`;
    if (reason !== null) needingTarget.push({ key: outcome.key, title: outcome.title, reason });
  }
  return { carried, needingTarget };
}

function sameTitle(a: string, b: string): boolean {
  const plain = (title: string) => title.trim().replace(/\s+/g, ' ').toLowerCase();
  return plain(a) === plain(b);
}

/** The committed built-in file: src/registers/frameworks/built-in/ncsc-caf-4.0-govassure-targets.json. */
export interface GovAssureTargetsFile {
  readonly derivedFrom: string;
  readonly rule: string;
  readonly targets: ReadonlyArray<{ readonly key: string; readonly profile: string; readonly target: string }>;
  readonly needingTarget: readonly OutcomeNeedingTarget[];
}

export interface WebCafFile {
  /** The path in co-cddo/domains-webcaf, as frameworks/cyber-assessment-framework-v3.2.yaml. */
  readonly path: string;
  readonly text: string;
}

/** Derives the built-in targets file from the two WebCAF files; scripts/derive-caf-targets.ts writes it. */
export function deriveGovAssureTargets(previous: WebCafFile, next: WebCafFile): GovAssureTargetsFile {
  const older = cafFramework(previous);
  const newer = cafFramework(next);
  const { carried, needingTarget } = carriedOverTargets(older, newer);
  const describe = (file: WebCafFile, framework: ParsedFramework) =>
    `${file.path} (CAF ${framework.version}, sha256 ${createHash('sha256').update(file.text).digest('hex')})`;
  return {
    derivedFrom: `co-cddo/domains-webcaf: ${describe(previous, older)} and ${describe(next, newer)}`,
    rule: CARRY_RULE,
    targets: carried.map(({ key, profile, target }) => ({ key, profile, target })),
    needingTarget,
  };
}

function cafFramework(file: WebCafFile): ParsedFramework {
  const [framework] = parseWebCaf(file.path, file.text).frameworks;
  // parseWebCaf returns one framework or throws; this guards the invariant, not the user's input.
  if (framework === undefined) throw new Error(`${file.path} holds no framework`);
  return framework;
}
