// A new version of a document restates most of its statements, some reworded. Each requirement keeps
// its identity (and so its links to controls, checks and findings) when its statement carries on:
// matched first by statement ID, then by closeness of wording. A statement that disappears retires
// its requirement; a new one gets a new key.

export interface ExistingRequirement {
  readonly id: string;
  readonly key: string;
  readonly ref: string | null;
  readonly text: string;
}

export interface NewStatement {
  readonly ref: string | null;
  readonly text: string;
}

export interface StatementMatch {
  /** Index into the new statements. */
  readonly statement: number;
  /** The requirement it carries on, or null for a new requirement. */
  readonly requirementId: string | null;
}

export interface MatchOutcome {
  readonly matches: StatementMatch[];
  readonly retired: string[];
}

/** How close two wordings must be (shared words over all words) to count as the same statement. */
export const SAME_STATEMENT = 0.6;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter((w) => w.length > 1));
}

export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

export function matchStatements(existing: readonly ExistingRequirement[], statements: readonly NewStatement[]): MatchOutcome {
  const taken = new Set<string>();
  const assigned = new Map<number, string>();

  // 1. The same statement ID is the same requirement, however it is now worded.
  statements.forEach((s, i) => {
    if (!s.ref) return;
    const found = existing.find((r) => r.ref === s.ref && !taken.has(r.id));
    if (found) {
      taken.add(found.id);
      assigned.set(i, found.id);
    }
  });

  // 2. Otherwise the closest wording, best pairs first, above the threshold.
  const pairs: Array<{ i: number; id: string; score: number }> = [];
  statements.forEach((s, i) => {
    if (assigned.has(i)) return;
    for (const r of existing) {
      if (taken.has(r.id) || (r.ref && s.ref && r.ref !== s.ref)) continue;
      const score = similarity(s.text, r.text);
      if (score >= SAME_STATEMENT) pairs.push({ i, id: r.id, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.i - b.i);
  for (const p of pairs) {
    if (assigned.has(p.i) || taken.has(p.id)) continue;
    taken.add(p.id);
    assigned.set(p.i, p.id);
  }

  return {
    matches: statements.map((_, i) => ({ statement: i, requirementId: assigned.get(i) ?? null })),
    retired: existing.filter((r) => !taken.has(r.id)).map((r) => r.id),
  };
}
