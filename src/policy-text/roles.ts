// The role catalogue: who may bear a duty. Built in for `extract`; the policy library passes the
// organisation's own catalogue (appointments, issue 03) so the linter and the register agree.
import type { Role, RoleCatalogue } from './types.ts';

export const DEFAULT_ROLE_CATALOGUE: RoleCatalogue = {
  roles: [
    { name: 'Senior Responsible Officer', aliases: ['SRO', 'Senior Responsible Owner'] },
    { name: 'Security and Information Group', aliases: ['SIG', 'SID', 'Security and Information Directorate', 'Security Team', 'Cyber Security Team'] },
    { name: 'Information Asset Owner', aliases: ['IAO'] },
    { name: 'Senior Information Risk Owner', aliases: ['SIRO'] },
    { name: 'Data Protection Officer', aliases: ['DPO'] },
    { name: 'Chief Security Officer', aliases: ['CSO'] },
    { name: 'Chief Information Security Officer', aliases: ['CISO', 'Chief Information Security Office'] },
    { name: 'Accounting Officer', aliases: ['Principal Accounting Officer'] },
    { name: 'Permanent Secretary' },
    { name: 'Cabinet Secretary' },
    { name: 'Board member with the security remit', aliases: ['Board member'] },
    { name: 'Information Assurance Lead', aliases: ['IA Lead'] },
    { name: 'Technology Service Owner', aliases: ['TSO', 'Service Owner'] },
    { name: 'Senior Business Owner', aliases: ['SBO', 'Business Owner'] },
    { name: 'line manager', aliases: ['Line Manager', 'manager'] },
    { name: 'Information Asset Administrator', aliases: ['IAA'] },
    { name: 'System Owner' },
    { name: 'System Administrator', aliases: ['Administrator', 'Application Administrator', 'System Manager'] },
    { name: 'Service Provider', aliases: ['Supplier', 'Third party supplier', 'Contractor'] },
    { name: 'Technical user' },
    { name: 'General user' },
    { name: 'Privileged user' },
    { name: 'Developer', aliases: ['Software Developer', 'System Designer', 'Technical Architect', 'DevOps engineer'] },
    { name: 'Incident Manager' },
    { name: 'Business Continuity Team Leader', aliases: ['BCTL'] },
    { name: 'Security Operations Centre', aliases: ['SOC'] },
    { name: 'Cyber Consultancy Team', aliases: ['Cyber Assistance Team'] },
    { name: 'Prime Minister', aliases: ['PM'] },
  ],
};

// Organisations are not roles, but a statement may still name one as its actor.
const ORGANISATIONS = new Set([
  'moj', 'ministry of justice', 'hmg', 'hmpps', 'hmcts', 'opg', 'laa', 'cica', 'ncsc', 'gds', 'alb', 'cabinet office', 'department',
  'ministry', 'government', 'psn', 'dts', 'ddat', 'mod', 'hmrc', 'ico', 'cps', 'yjb', 'cjsm', 'it', 'ict', 'nhs', 'uk',
]);

/** Normalises a role name for comparison: case, plural, "the", punctuation. */
export function roleKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\b(the|a|an|all|each|every|any|our|your|their|moj|relevant|appropriate|nominated|designated|named)\b/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map(singular)
    .join(' ');
}

function singular(word: string): string {
  if (word.length <= 3 || /ss$|us$|is$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

export interface RoleIndex {
  has(name: string): boolean;
  isKnownAcronym(acronym: string): boolean;
  catalogue: RoleCatalogue;
}

export function indexRoles(catalogue: RoleCatalogue): RoleIndex {
  const keys = new Set<string>();
  const add = (role: Role) => {
    for (const n of [role.name, ...(role.aliases ?? [])]) {
      keys.add(roleKey(n));
      if (/^[A-Z]{2,6}$/.test(n)) keys.add(n.toLowerCase());
    }
  };
  catalogue.roles.forEach(add);
  return {
    catalogue,
    isKnownAcronym: (a: string) => keys.has(a.toLowerCase()) || ORGANISATIONS.has(a.toLowerCase()),
    has(name: string): boolean {
      const key = roleKey(name);
      if (key.length === 0 || keys.has(key) || ORGANISATIONS.has(key)) return true;
      // "Chief Technical Officer and Data Protection Officer": each of the joined names must be known.
      const parts = name.split(/\s+(?:and|or)\s+|,\s*/).filter((p) => p.trim().length > 0);
      return parts.length > 1 && parts.every((p) => keys.has(roleKey(p)) || ORGANISATIONS.has(roleKey(p)));
    },
  };
}

// The nouns a job title ends with; used to tell a named role ("Information Asset Owner")
// from a thing ("Information Asset Register").
const ROLE_HEADS =
  'owner|officer|manager|lead|head|director|administrator|designer|developer|architect|secretary|member|team|group|directorate|board|committee|controller|processor|advisor|adviser|analyst|engineer|coordinator|co-ordinator|champion|custodian|steward|leader|authority|assessor|auditor|reviewer|approver|sponsor|specialist|provider|supplier|contractor|user|operator|consultant|representative|agent|partner|holder|chair|minister|responder|investigator|handler|commander|practitioner|centre|desk|unit|office';
/**
 * The named roles an actor mentions: title-case job titles ("Information Asset Owner") and bare
 * acronyms ("the DSO"). Ordinary groups ("all staff", "users") are not roles and are not checked.
 */
export function namedRoles(actor: string): string[] {
  const found: string[] = [];
  const withoutBrackets = actor
    .replace(/\(([^)]*)\)/g, (_m, inner: string) => (/^[A-Z]{2,6}s?$/.test(inner.trim()) ? ' ' : ` ${inner} `))
    .replace(/\s+/g, ' ');
  const titleCase = new RegExp(`\\b(?:[A-Z][A-Za-z-]*\\s+(?:(?:and|of|for|with|the)\\s+(?:the\\s+)?)?)*(?:[A-Z][A-Za-z-]*\\s+)?(?:${capitalisedHeads()})s?\\b`, 'g');
  for (const m of withoutBrackets.matchAll(titleCase)) {
    const name = m[0].trim().replace(/^(?:The|All|Each|Every|Any|A|An|MoJ|Contact|Ask|Tell|Notify)\s+(?:the\s+)?/, '');
    // One capitalised word ("Users" opening a sentence) is an ordinary group, not a job title.
    if (name.split(/\s+/).length >= 2) found.push(name);
  }
  const trimmed = withoutBrackets.trim().replace(/^(?:the|all|each|every|any)\s+/i, '');
  if (/^[A-Z]{2,6}s?$/.test(trimmed) && looksLikeRoleAcronym(trimmed.replace(/s$/, ''))) found.push(trimmed.replace(/s$/, ''));
  return found;
}

/** Acronyms of posts end in O (Officer, Owner) or name a team; SSO and ISO do not. */
export function looksLikeRoleAcronym(acronym: string): boolean {
  return /O$/.test(acronym) && !/^(?:SSO|ISO|GPO|SEO|IO|NGO|FAQ|CTO)$/.test(acronym);
}

function capitalisedHeads(): string {
  return ROLE_HEADS.split('|')
    .map((h) => `[${h[0]?.toUpperCase() ?? ''}]${h.slice(1)}`)
    .join('|');
}

