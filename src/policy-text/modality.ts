// Deontic markers: which words make a sentence an obligation, a prohibition, a recommendation or a
// permission, and which uses of the same words do not ("may be subject to", "will vary").
import type { Modality } from './types.ts';
import type { RoleIndex } from './roles.ts';
import { isAgent, isNonAgentPronoun, subjectBefore, voiceAfter } from './actor.ts';

export interface Marker {
  modality: Modality;
  start: number;
  end: number;
  /** Adjectival markers ("prohibited", "mandatory") take their actor only from an agent subject. */
  adjectival: boolean;
}

// Verbs after "may" that speak of what could happen, not what someone is allowed to do.
const POSSIBILITY_VERBS = new Set(
  (
    'be have need want wish find see notice receive get experience encounter result cause lead affect include contain vary differ change happen ' +
    'occur mean require involve become seem appear help face lose suffer exist arise depend fall feel know think look sound contribute impact ' +
    'compromise expose allow enable prevent make put increase reduce indicate suggest reveal fail well already even potentially introduce ' +
    'apply incur attract constitute result prove end break leave go come hold remain pose provide abuse misuse attempt try steal ' +
    'exploit circumvent bypass target attack leak'
  ).split(' '),
);

// Passives after "may be" that grant a permission ("may be used", "may be shared").
const PERMISSION_PASSIVES = new Set(
  'used shared granted accessed stored installed connected permitted allowed released disclosed sent transferred copied printed authorised approved exempted delegated retained processed downloaded uploaded carried issued waived extended'.split(' '),
);

// Verbs after "will" that predict rather than promise.
const PREDICTION_VERBS = new Set(
  (
    'be have need vary help find see receive get result cause lead affect depend happen occur become appear allow enable mean want wish like know ' +
    'feel seem continue remain include contain involve require expire last work fail probably likely usually normally often generally also ' +
    'automatically typically already always never still then soon hear notice experience lose suffer face'
  ).split(' '),
);

// Passives after "will be" that describe a duty someone carries out.
const DUTY_PASSIVES = new Set(
  (
    'reviewed undertaken monitored logged recorded revoked removed disabled deleted tested audited assessed reported investigated encrypted ' +
    'protected stored retained destroyed issued checked updated patched approved granted managed maintained escalated notified informed ' +
    'trained documented completed conducted enforced applied implemented performed kept classified labelled handled provided published ' +
    'agreed appointed assigned carried signed submitted verified validated scanned backed locked allocated restricted held'
  ).split(' '),
);

const SUBORDINATE_START = /^(?:if|which|that|as|what|whether|when|where|than|so|because|though|although|while|whilst|unless|until|once|since|how|whatever|whoever|wherever|whichever|however)\b/i;

const MODAL_SUBORDINATE = /^(?:if|when|whenever|whether|how|what|why|unless|until|because|since|although|though)\b|\b(?:on|about|of|for|for example|e\.g\.?|such as)\s+(?:when|how|whether|what)\b|\b(?:defines?|describes?|explains?|shows?|sets out|decides?|determines?|know|understand|advice on|guidance on|help on)\s+(?:when|how|whether|what|which)\b/i;

/** Sentences that mention the words rather than use them ("Use of the word MUST … RFC 2119"). */
function mentionsKeywords(sentence: string): boolean {
  return /\bRFC\s*2119\b|\bRFC\s*8174\b|\bkey\s*words?\b/i.test(sentence);
}

function isMention(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - 24), start);
  const after = sentence.slice(end, end + 2);
  if (/["“'‘`]\s*$/.test(before) && /^\s*["”'’`]/.test(after)) return true;
  return /\b(?:word|words|term|terms|keyword|keywords|verb|verbs)\s+["“'‘]?$/i.test(before);
}

const RAW_MARKERS: { re: RegExp; kind: 'modal' | 'may' | 'will' | 'required' | 'mandatory' | 'prohibited' | 'permitted' | 'ought' }[] = [
  { re: /\b(must|shall|should)(n['’]t\b|\s+(?:not|never)\b|\b)(?!-)/gi, kind: 'modal' },
  { re: /\bmay(\s+not\b)?/gi, kind: 'may' },
  { re: /\bwill(\s+not\b|n['’]t)?/gi, kind: 'will' },
  { re: /\b(?:is|are|am|be|being|were|was)\s+(?:also\s+|therefore\s+|still\s+|now\s+|always\s+)?required\s+to\b/gi, kind: 'required' },
  { re: /\b(?:(?:is|are|be|becomes|become|remains|remain)\s+(?:\w+ly\s+|also\s+)?mandatory\b|mandatory\s+(?:for|that)\b)/gi, kind: 'mandatory' },
  {
    re: /\b(?:(?:is|are|be|being|was|were|remains?)\s+(?:\w+ly\s+|also\s+)?(?:prohibited|forbidden)\b|prohibited\s+from\b|not\s+(?:be\s+)?(?:permitted|allowed|authorised)\b)/gi,
    kind: 'prohibited',
  },
  { re: /\b(?:is|are|be)\s+(?:only\s+|also\s+)?(?:permitted|allowed|entitled)\s+to\b/gi, kind: 'permitted' },
  { re: /\bought\s+(?:not\s+)?to\b/gi, kind: 'ought' },
];

/** The deontic markers in a sentence, in order, leaving out uses that carry no duty. */
export function findMarkers(sentence: string, roles: RoleIndex, leadIn = false): Marker[] {
  if (mentionsKeywords(sentence) || /\?\s*$/.test(sentence) || /^(?:an?|the)\s+\S+(?:\s+\S+){0,3}\s+(?:is|are)\s+defined\s+(?:here\s+)?as\b/i.test(sentence)) return [];
  const found: Marker[] = [];
  for (const { re, kind } of RAW_MARKERS) {
    for (const m of sentence.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (isMention(sentence, start, end)) continue;
      const modality = classify(kind, m, sentence, start, end, roles, leadIn);
      if (modality !== null) found.push({ modality, start, end, adjectival: kind !== 'modal' && kind !== 'may' && kind !== 'will' && kind !== 'ought' });
    }
  }
  found.sort((a, b) => a.start - b.start);
  return found.filter((m, i) => i === 0 || m.start >= (found[i - 1]?.end ?? 0));
}

function classify(
  kind: (typeof RAW_MARKERS)[number]['kind'],
  m: RegExpMatchArray,
  sentence: string,
  start: number,
  end: number,
  roles: RoleIndex,
  leadIn: boolean,
): Modality | null {
  const word = (m[1] ?? m[0]).toLowerCase();
  const negated = (m[2] ?? '').length > 0;
  switch (kind) {
    case 'modal': {
      // "Should you need help, …" is a condition; "It should be noted that" is commentary.
      if (word === 'should' && (/^\W*should\b/i.test(sentence.slice(0, end)) || /^\s+(?:you|they|we|there|this|it)\b/i.test(sentence.slice(end)))) return null;
      if (/^\s+be\s+(?:noted|remembered|borne\s+in\s+mind)\b/i.test(sentence.slice(end))) return null;
      // "help on when passwords should be changed", "defines how information should be labelled": not the point of the sentence.
      if (MODAL_SUBORDINATE.test(clauseLead(sentence, start))) return null;
      return (negated ? `${word} not` : word) as Modality;
    }
    case 'may':
      return classifyMay(sentence, start, end, m[1] !== undefined, roles);
    case 'will':
      if (m[1] !== undefined) return null;
      return classifyWill(sentence, start, end, roles, leadIn);
    case 'required':
      if (MODAL_SUBORDINATE.test(clauseLead(sentence, start)) || /\bwhether\b[^,;]*$/i.test(sentence.slice(0, start))) return null;
      // "additional controls may be required to …" speaks of what could be needed.
      if (/\b(?:may|might|could|can|would|will|if|when|where)\s+(?:also\s+)?$/i.test(sentence.slice(0, start))) return null;
      return 'must';
    case 'mandatory':
      return 'must';
    case 'prohibited':
      return 'must not';
    case 'permitted':
      return isAgent(subjectBefore(sentence, start), roles) ? 'may' : null;
    case 'ought':
      return /\bnot\b/i.test(m[0]) ? 'should not' : 'should';
  }
}

function clauseLead(sentence: string, start: number): string {
  // Asides in brackets ("(when an application is verbose)") are not where the clause starts.
  const before = sentence.slice(0, start).replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));
  const cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'), before.lastIndexOf('('), before.lastIndexOf('—'), before.lastIndexOf(' – '));
  return before.slice(cut + 1).trim();
}

function nextVerb(sentence: string, end: number): { verb: string; rest: string } {
  const rest = sentence.slice(end);
  const m = /^\s*(?:(?:only|also|still|then|now|additionally|further|not|at\s+any\s+time|at\s+their\s+discretion|\w+ly)\s+)*([A-Za-z-]+)/i.exec(rest);
  return { verb: (m?.[1] ?? '').toLowerCase(), rest };
}

function classifyMay(sentence: string, start: number, end: number, negated: boolean, roles: RoleIndex): Modality | null {
  const raw = sentence.slice(start, end);
  // "May 2021" and "in May" are dates.
  if (/^May/.test(raw) && (/^\s*\d/.test(sentence.slice(end)) || /\b(?:in|of|since|until|from|by)\s*$/i.test(sentence.slice(0, start)) || /\d\s*$/.test(sentence.slice(0, start)))) return null;
  if (SUBORDINATE_START.test(clauseLead(sentence, start))) return null;
  const subject = subjectBefore(sentence, start);
  if (isNonAgentPronoun(subject)) return null;
  const { verb } = nextVerb(sentence, end);
  if (verb === 'be') {
    const voice = voiceAfter(sentence, end, roles);
    if (voice.passive && voice.participle !== null && PERMISSION_PASSIVES.has(voice.participle) && !/^\s+(?:be\s+)?able\b/.test(sentence.slice(end))) {
      return negated ? 'must not' : 'may';
    }
    return null;
  }
  if (POSSIBILITY_VERBS.has(verb) || verb.length === 0) return null;
  if (!isAgent(subject, roles)) return null;
  return negated ? 'must not' : 'may';
}

function classifyWill(sentence: string, start: number, end: number, roles: RoleIndex, leadIn: boolean): Modality | null {
  if (SUBORDINATE_START.test(clauseLead(sentence, start))) return null;
  const subject = subjectBefore(sentence, start);
  if (isNonAgentPronoun(subject)) return null;
  const { verb, rest } = nextVerb(sentence, end);
  if (verb.length === 0) return leadIn && isAgent(subject, roles) ? 'will' : null;
  if (verb === 'be') {
    const voice = voiceAfter(sentence, end, roles);
    if (voice.passive && (voice.agent !== null || (voice.participle !== null && DUTY_PASSIVES.has(voice.participle)))) return 'will';
    return null;
  }
  if (verb === 'take' && /^\s*(?:\w+ly\s+)?take\s+place\b/i.test(rest)) return null;
  if (PREDICTION_VERBS.has(verb)) return null;
  return isAgent(subject, roles) ? 'will' : null;
}
