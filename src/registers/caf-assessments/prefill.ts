// What the registers prove about one contributing outcome for one service, as a pure function over
// the facts the repository gathers: the controls mapped to the outcome (or its indicators) and their
// implementation on the service (else at its unit or the nearest unit above), their evidence, and the
// open compliance findings on the service, its assets or its unit that evidence the outcome.
//
// The registers can prove that controls are in place and evidenced; they cannot prove that those
// controls are everything the outcome asks. So the proposal is "achieved" only when every mapped
// control is implemented with evidence in date and no finding is open; "partially achieved" when some
// are and something counts against; and no proposal when nothing is proven. The assessor decides.
import type { AchievementLevel } from '../frameworks/formats/parsed.ts';
import type { EvidenceKind } from './entity.ts';

export interface ImplementationFact {
  readonly implementationId: string;
  readonly status: 'not-started' | 'partial' | 'implemented' | 'not-applicable';
  readonly notApplicableReason: string | null;
  /** 'service' when on the service itself; else the unit's name it is implemented at. */
  readonly at: { readonly kind: 'service' } | { readonly kind: 'unit'; readonly name: string };
  readonly evidence: ReadonlyArray<{ readonly kind: 'link' | 'note' | 'file'; readonly url: string | null; readonly note: string | null; readonly fileName: string | null; readonly reviewBy: string }>;
}

export interface OutcomeFacts {
  readonly controls: ReadonlyArray<{ readonly code: string; readonly title: string; readonly implementation: ImplementationFact | null }>;
  readonly findings: ReadonlyArray<{ readonly findingId: string; readonly label: string; readonly reason: string; readonly ruleTitle: string }>;
}

export interface EvidenceRow {
  readonly supports: boolean;
  readonly kind: EvidenceKind;
  readonly label: string;
  readonly detail: string;
  readonly url: string | null;
  readonly implementationId: string | null;
  readonly findingId: string | null;
}

export interface Proposal {
  readonly status: AchievementLevel | null;
  readonly justification: string;
  readonly evidence: readonly EvidenceRow[];
}

const describeEvidence = (e: ImplementationFact['evidence'][number]) => (e.kind === 'link' ? (e.note ? `${e.note} (${e.url})` : (e.url ?? '')) : e.kind === 'file' ? `file ${e.fileName ?? ''}` : (e.note ?? ''));

export function proposeOutcome(facts: OutcomeFacts, today: string): Proposal {
  const evidence: EvidenceRow[] = [];
  let proven = 0;
  let against = 0;
  for (const control of facts.controls) {
    const name = `${control.code} ${control.title}`;
    const impl = control.implementation;
    if (!impl) {
      against += 1;
      evidence.push({ supports: false, kind: 'control-gap', label: name, detail: 'Mapped to this outcome but not implemented on this service or its unit', url: null, implementationId: null, findingId: null });
      continue;
    }
    const where = impl.at.kind === 'service' ? 'on this service' : `at ${impl.at.name}`;
    if (impl.status === 'not-applicable') {
      evidence.push({ supports: true, kind: 'implementation', label: name, detail: `Not applicable ${where}: ${impl.notApplicableReason ?? ''}`, url: null, implementationId: impl.implementationId, findingId: null });
      continue;
    }
    if (impl.status !== 'implemented') {
      against += 1;
      evidence.push({ supports: false, kind: 'control-gap', label: name, detail: `${impl.status === 'partial' ? 'Partly implemented' : 'Not started'} ${where}`, url: null, implementationId: impl.implementationId, findingId: null });
      continue;
    }
    const current = impl.evidence.filter((e) => e.reviewBy >= today);
    if (current.length === 0) {
      against += 1;
      const detail = impl.evidence.length === 0 ? `Implemented ${where}, but no evidence is recorded` : `Implemented ${where}, but its evidence was due for review by ${impl.evidence.map((e) => e.reviewBy).sort().at(-1)}`;
      evidence.push({ supports: false, kind: 'control-gap', label: name, detail, url: null, implementationId: impl.implementationId, findingId: null });
      continue;
    }
    proven += 1;
    for (const e of current) {
      evidence.push({ supports: true, kind: 'implementation', label: name, detail: `Implemented ${where}: ${describeEvidence(e)} (review by ${e.reviewBy})`, url: e.kind === 'link' ? e.url : null, implementationId: impl.implementationId, findingId: null });
    }
  }
  for (const f of facts.findings) {
    against += 1;
    evidence.push({ supports: false, kind: 'finding', label: `${f.ruleTitle}: ${f.label}`, detail: f.reason, url: null, implementationId: null, findingId: f.findingId });
  }
  const status: AchievementLevel | null = proven === 0 ? null : against === 0 ? 'achieved' : 'partially-achieved';
  const justification =
    status === null
      ? ''
      : `From the registers: ${proven} of ${facts.controls.length} mapped control${facts.controls.length === 1 ? '' : 's'} implemented with evidence in date` +
        (against === 0 ? ' and no compliance finding open.' : `; ${against} item${against === 1 ? '' : 's'} count${against === 1 ? 's' : ''} against (see the evidence).`);
  return { status, justification, evidence };
}
