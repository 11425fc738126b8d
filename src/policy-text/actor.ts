// Who bears a duty: the grammatical subject of an active clause, the "by …" agent of a passive one,
// else the actor of the lead-in the statement hangs from. Quoted in the document's own words.
import type { RoleIndex } from './roles.ts';
import { looksLikeRoleAcronym } from './roles.ts';

const LEADING_ADVERBIAL =
  /^(?:when|whenever|where|wherever|if|unless|before|after|once|while|whilst|although|though|since|because|as|in|at|for|to|on|within|during|under|following|upon|by|with|without|ideally|additionally|also|however|therefore|furthermore|moreover|finally|otherwise|then|similarly|instead|normally|generally|typically|regardless|depending|subject|prior|apart|except|unlike|given|until|throughout|outside|beyond|between|across|through|among|per|via|from|note|further|thereafter|specifically|consequently|accordingly|alternatively|again|here|now|currently|where possible)\b/i;

const PRONOUN_NON_AGENT = /^(?:it|this|that|these|those|there|which|what|such|something|anything|nothing|some|others?|its|so|this policy|this standard|this guidance)$/i;

/** The subject of the clause that ends where the marker starts. */
export function subjectBefore(clause: string, markerStart: number): string {
  let s = clause.slice(0, markerStart);
  s = s.replace(/^\s*(?:note|important|nb|warning|tip)\s*[:\-–]\s*/i, '');
  // "recognises that it is vital that all such information must …": the subject follows the last complementiser.
  const complement = [...s.matchAll(/\bthat\s+(?=(?:all|any|each|every|the|a|an|no|your|our|their|its|these|those|such|you|we|they|he|she|staff|users|everyone|[A-Z]))/g)];
  const lastComplement = complement[complement.length - 1];
  if (lastComplement?.index !== undefined) s = s.slice(lastComplement.index + lastComplement[0].length);
  s = s.trim();
  if (LEADING_ADVERBIAL.test(s) && s.includes(',')) s = s.slice(s.lastIndexOf(',') + 1);
  s = s
    .trim()
    .replace(/^(?:and|but|or|so|then|also|;|,)\s+/i, '')
    .replace(/\s+(?:also|always|only|therefore|then|still|normally|generally|usually|ideally|now|thus|hence|themselves|itself|at all times|all)$/i, '')
    .replace(/\s+(?:is|are|was|were|be|been|being|will be|has been|have been)(?:\s+(?:also|still|now|strictly))?$/i, '')
    .replace(/^[\s"“'‘(:,;-]+|[\s"”'’,;:-]+$/g, '');
  return s;
}

const AGENT_WORDS = new Set(
  (
    'you we they he she everyone everybody anyone anybody someone all staff user users employee employees people person persons individual individuals ' +
    'personnel colleague colleagues manager managers owner owners officer officers team teams group groups department departments directorate ' +
    'directorates board boards committee committees supplier suppliers provider providers contractor contractors partner partners administrator ' +
    'administrators developer developers engineer engineers designer designers architect architects lead leads head heads director directors ' +
    'secretary secretaries moj ministry agency agencies body bodies organisation organisations authority authorities customer customers ' +
    'party parties visitor visitors member members holder holders requester requesters requestor requestors approver approvers assessor assessors ' +
    'auditor auditors analyst analysts specialist specialists advisor advisors adviser advisers champion champions custodian custodians ' +
    'steward stewards controller controllers processor processors coordinator coordinators leader leaders operator operators consultant ' +
    'consultants representative representatives minister ministers responder responders investigator investigators handler handlers ' +
    'worker workers workforce recipient recipients sender senders applicant applicants candidate candidates vendor vendors unit units ' +
    'function functions business businesses service-owner caller callers admin admins sponsor sponsors reviewer reviewers'
  ).split(' '),
);

const QUALIFIER = /\s(?:who|that|which|whose|with|within|of|in|for|on|at|from|under|using|across|outside|inside|to|responsible|accountable|working|involved|acting|handling|accessing|holding|and|or)\b/;

/** Whether a subject names someone who can act (a person, role, team or organisation). */
export function isAgent(subject: string, roles: RoleIndex): boolean {
  const s = subject.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.length === 0 || PRONOUN_NON_AGENT.test(s)) return false;
  const firstPart = s.split(QUALIFIER)[0] ?? s;
  const head = (firstPart.trim().split(' ').pop() ?? '').replace(/[’']s$/, '');
  if (AGENT_WORDS.has(head.toLowerCase())) return true;
  if (head === 'MoJ') return true;
  if (/^[A-Z]{2,6}s?$/.test(head)) return roles.isKnownAcronym(head.replace(/s$/, '')) || looksLikeRoleAcronym(head.replace(/s$/, ''));
  // "Staff and contractors", "users or suppliers": any coordinated head that is an agent.
  const heads = s.split(/\s+(?:and|or)\s+|,\s*/).map((p) => (p.split(QUALIFIER)[0] ?? p).trim().split(' ').pop()?.toLowerCase() ?? '');
  if (heads.some((h) => AGENT_WORDS.has(h))) return true;
  return roleMentioned(firstPart, roles);
}

function roleMentioned(text: string, roles: RoleIndex): boolean {
  return roles.catalogue.roles.some((r) => [r.name, ...(r.aliases ?? [])].some((n) => new RegExp(`\\b${escapeRe(n)}s?\\b`, 'i').test(text)));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const IRREGULAR_PARTICIPLES = new Set(
  (
    'made kept held shown set put run given taken done known left sent built found told understood written seen met read paid laid led lost shut ' +
    'spent stolen hidden broken chosen driven forgotten worn withdrawn undertaken overseen brought bought caught taught sought dealt meant won ' +
    'begun drawn grown thrown frozen spoken sworn torn proven struck stuck hung cut hit let split spread cast forbidden rewritten reset ' +
    'upheld withheld overridden bound fed sold shared'
  ).split(' '),
);

const PARTICIPLE_NOT = new Set(['need', 'feed', 'bed', 'red', 'shed', 'speed', 'seed', 'exceed', 'proceed', 'succeed', 'indeed', 'hundred']);

export function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR_PARTICIPLES.has(w)) return true;
  return w.length > 3 && w.endsWith('ed') && !PARTICIPLE_NOT.has(w);
}

export interface VoiceInfo {
  passive: boolean;
  participle: string | null;
  /** The agent of a passive clause ("by all users"), if it names one. */
  agent: string | null;
}

const ADVERB = '(?:not|never|also|always|only|still|normally|usually|generally|then|therefore|ideally|immediately|regularly|promptly|properly|securely|clearly|appropriately|fully|formally|routinely|periodically|independently|explicitly|quickly|at\\s+least|at\\s+all\\s+times|be\\s+able\\s+to\\s+be|\\w+ly)';

/** Reads the verb group after a marker: passive ("be granted"), and its "by …" agent. */
export function voiceAfter(clause: string, markerEnd: number, roles: RoleIndex): VoiceInfo {
  const rest = clause.slice(markerEnd);
  const m = new RegExp(`^\\s*(?:${ADVERB}\\s+)*(?:be|been|get|being)\\s+(?:${ADVERB}\\s+)*([A-Za-z-]+)`, 'i').exec(rest);
  if (m === null || m[1] === undefined || !isParticiple(m[1].replace(/-.*$/, ''))) return { passive: false, participle: null, agent: null };
  const after = rest.slice(m.index + m[0].length);
  const by = /\bby\s+(?!(?:using|means|default|way|virtue|law|hand|email|e-mail|phone|telephone|post|reference|rotation|design|the\s+end|the\s+time|[a-z]+ing)\b)(.+?)(?=\s+(?:against|in|on|for|to|with|at|before|after|within|using|via|when|where|if|unless|as|every|each|from|under|so|once|whenever|prior|through)\b|[,.;:()]|$)/i.exec(
    after,
  );
  const agent = by?.[1] !== undefined && isAgent(by[1], roles) ? by[1].trim() : null;
  return { passive: true, participle: m[1].toLowerCase(), agent };
}

export function isNonAgentPronoun(subject: string): boolean {
  return subject.length === 0 || PRONOUN_NON_AGENT.test(subject.trim());
}
