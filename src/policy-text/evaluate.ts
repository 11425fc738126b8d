// Scores the extractor against hand labels: statements are paired by word overlap, one to one, best
// pairs first, so small differences in how a statement is quoted do not count as misses.
import type { Modality, Statement } from './types.ts';

export interface LabelledPage {
  page: string;
  statements: Statement[];
}

export interface PageScore {
  page: string;
  labelled: number;
  extracted: number;
  matched: number;
  modalityAgreed: number;
  refAgreed: number;
  actorAgreed: number;
  missed: Statement[];
  spurious: Statement[];
  wrongModality: { label: Statement; got: Modality }[];
}

export interface Score {
  precision: number;
  recall: number;
  modalityAccuracy: number;
  refAccuracy: number;
  actorAgreement: number;
  labelled: number;
  extracted: number;
  matched: number;
  pages: PageScore[];
}

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^a-z0-9']+/)
    .filter((w) => w.length > 0);
}

/** Overlap of two statements: Dice on word sets, or containment when one quotes the other with more context. */
export function overlap(a: string, b: string): number {
  const A = new Set(words(a));
  const B = new Set(words(b));
  if (A.size === 0 || B.size === 0) return 0;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  const dice = (2 * common) / (A.size + B.size);
  const smaller = Math.min(A.size, B.size);
  const containment = smaller >= 5 ? common / smaller : 0;
  return Math.max(dice, containment >= 0.85 ? 0.5 + containment / 4 : 0);
}

export const MATCH_THRESHOLD = 0.5;

function sameActor(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const A = words(a).join(' ');
  const B = words(b).join(' ');
  return A === B || A.includes(B) || B.includes(A);
}

export function scorePage(page: string, labels: readonly Statement[], extracted: readonly Statement[]): PageScore {
  const pairs: { i: number; j: number; s: number }[] = [];
  labels.forEach((l, i) =>
    extracted.forEach((e, j) => {
      const s = overlap(l.text, e.text);
      if (s >= MATCH_THRESHOLD) pairs.push({ i, j, s });
    }),
  );
  pairs.sort((x, y) => y.s - x.s);
  const usedL = new Set<number>();
  const usedE = new Set<number>();
  const score: PageScore = { page, labelled: labels.length, extracted: extracted.length, matched: 0, modalityAgreed: 0, refAgreed: 0, actorAgreed: 0, missed: [], spurious: [], wrongModality: [] };
  for (const { i, j } of pairs) {
    if (usedL.has(i) || usedE.has(j)) continue;
    usedL.add(i);
    usedE.add(j);
    const l = labels[i];
    const e = extracted[j];
    if (l === undefined || e === undefined) continue;
    score.matched++;
    if (l.modality === e.modality) score.modalityAgreed++;
    else score.wrongModality.push({ label: l, got: e.modality });
    if (l.ref === e.ref) score.refAgreed++;
    if (sameActor(l.actor, e.actor)) score.actorAgreed++;
  }
  score.missed = labels.filter((_l, i) => !usedL.has(i));
  score.spurious = extracted.filter((_e, j) => !usedE.has(j));
  return score;
}

export function combine(pages: PageScore[]): Score {
  const sum = (f: (p: PageScore) => number) => pages.reduce((n, p) => n + f(p), 0);
  const matched = sum((p) => p.matched);
  const extracted = sum((p) => p.extracted);
  const labelled = sum((p) => p.labelled);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    precision: ratio(matched, extracted),
    recall: ratio(matched, labelled),
    modalityAccuracy: ratio(sum((p) => p.modalityAgreed), matched),
    refAccuracy: ratio(sum((p) => p.refAgreed), matched),
    actorAgreement: ratio(sum((p) => p.actorAgreed), matched),
    labelled,
    extracted,
    matched,
    pages,
  };
}
