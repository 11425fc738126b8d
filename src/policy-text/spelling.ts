// Spelling in en-GB (Hunspell dictionary through nspell) with the organisation's own words allowed.
// Code, URLs, e-mail addresses, link targets, file names, acronyms and proper names are left alone:
// a linter that flags "HMPPS" or "Alekna" teaches people to ignore it.
import nspell from 'nspell';
import dictionary from 'dictionary-en-gb';

type Speller = ReturnType<typeof nspell>;
let speller: Speller | null = null;

function getSpeller(): Speller {
  // Built on first use (about a quarter of a second), then shared.
  speller ??= nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  return speller;
}

/** Words of the department and of security work that a general dictionary lacks. Lower case. */
export const ORGANISATION_WORDS: readonly string[] = [
  'moj', 'hmg', 'govs', 'siro', 'alb', 'albs', 'hmpps', 'hmcts', 'sig', 'sid', 'sro', 'sros', 'iao', 'iaos', 'dpo', 'tso', 'ciso', 'ncsc',
  'cesg', 'cpni', 'gds', 'psn', 'dg', 'coo', 'laa', 'opg', 'cica', 'cjsm', 'ddat', 'epick', 'itdr', 'syops', 'rmads', 'accreditor',
  'accreditors', 'cyber', 'cybersecurity', 'wifi', 'wi-fi', 'config', 'lockdown', 'backup', 'backups', 'offboarding', 'onboarding',
  'offshoring', 'outsourced', 'misconfiguration', 'misconfigurations', 'allowlist', 'allowlisting', 'denylist', 'blocklist',
  'whitelisting', 'blacklisting', 'whitelist', 'blacklist', 'pentest', 'pentesting', 'hardcoded', 'repo', 'repos', 'github', 'gitlab',
  'devops', 'devsecops', 'saas', 'paas', 'iaas', 'sharepoint', 'onedrive', 'teams', 'yubikey', 'lastpass', 'authenticator', 'bitlocker',
  'filevault', 'macos', 'ios', 'ipados', 'chromebook', 'chromebooks', 'gmail', 'gsuite', 'workspace', 'zoom', 'whatsapp', 'slack',
  'dropbox', 'docusign', 'jira', 'confluence', 'aws', 'azure', 'gcp', 'kubernetes', 'terraform', 'ansible', 'dns', 'dnssec', 'dmarc',
  'dkim', 'spf', 'tls', 'ssl', 'https', 'http', 'vpn', 'vpns', 'mfa', '2fa', 'sso', 'saml', 'oauth', 'api', 'apis', 'sdk', 'cli', 'url',
  'urls', 'usb', 'usbs', 'pii', 'gdpr', 'dpa', 'dpia', 'dpias', 'ico', 'foi', 'pki', 'hsm', 'hsms', 'siem', 'soc', 'cve', 'cves',
  'cvss', 'nist', 'iso', 'iec', 'cis', 'owasp', 'sast', 'dast', 'ddos', 'dos', 'ip', 'ips', 'ids', 'ssh', 'sftp', 'ftp', 'smtp',
  'imap', 'pop3', 'ldap', 'ad', 'aad', 'rbac', 'pam', 'mdm', 'byod', 'cots', 'cyberaware', 'gov', 'uk', 'gov.uk', 'justice',
  'cloudtrail', 'guardduty', 'cloudwatch', 'iam', 'ec2', 's3', 'vpc', 'kms', 'sso', 'webcaf', 'caf', 'govassure', 'dsp', 'dspt',
  'signup', 'sign-in', 'logins', 'logon', 'logoff', 'passcode', 'passcodes', 'passphrase', 'passphrases', 'biometric', 'biometrics',
  'encrypt', 'encrypted', 'decrypt', 'decrypted', 'decryption', 'hashing', 'hashed', 'salted', 'screensaver', 'screensavers',
  'malware', 'ransomware', 'spyware', 'phishing', 'smishing', 'vishing', 'spoofing', 'spoofed', 'exfiltration', 'exfiltrate',
  'timestamps', 'timestamp', 'metadata', 'sandboxing', 'sandboxed', 'containerised', 'virtualised', 'virtualisation', 'geolocation',
  'bluetooth', 'nfc', 'qr', 'sim', 'esim', 'bitlocker', 'tpm', 'bios', 'uefi', 'firmware', 'endpoint', 'endpoints', 'hostname',
  'hostnames', 'subdomain', 'subdomains', 'plugin', 'plugins', 'add-ons', 'addons', 'dropdown', 'checkbox', 'username', 'usernames',
  'runbook', 'runbooks', 'playbook', 'playbooks', 'dashboarding', 'triage', 'triaged', 'triaging', 'de-provisioning', 'deprovisioning',
  'provisioning', 'reprovisioning', 'reissue', 'revalidate', 'revalidation', 'pre-employment', 'pre-determined', 'cyberattack',
  'cyberattacks', 'cybercriminals', 'infosec', 'sharepoint', 'skype', 'webex', 'jabber', 'yammer', 'o365', 'm365', 'office365',
  'gpg', 'gpg6', 'is1', 'is2', 'is4', 'is6', 'itso', 'comso', 'dso', 'cinras', 'bctl', 'iaa', 'sbo', 'csirt', 'cert', 'certs',
  'scalable', 'interoperable', 'interoperability', 'auditable', 'actionable', 'configurable', 'recoverability', 'non-repudiation',
  'repudiation', 'focussed', 'focussing', 'programme', 'programmes', 'e-mail', 'e-mails', 'emails', 'online', 'offline', 'website',
  'websites', 'webpage', 'webpages', 'intranet', 'internet', 'smartphone', 'smartphones', 'laptop', 'laptops', 'app', 'apps',
  'in-house', 'off-site', 'on-site', 'onsite', 'offsite', 'third-party', 'multi', 'pre', 're', 'non', 'co', 'sub', 'cross', 'anti',
  'de', 'un', 'ie', 'eg', 'etc', 'vs', 'ok', 'faq', 'faqs', 'howto', 'lifecycle', 'lifecycles', 'timeframe', 'timeframes',
  'cryptographic', 'cryptographically', 'crypto', 'sanitisation', 'sanitise', 'sanitised', 'evidential', 'reputational', 'nameserver',
  'nameservers', 'namespace', 'namespaces', 'subnet', 'subnets', 'keypair', 'keypairs', 'discoverable', 'undiscoverable', 'middleware',
  'sudo', 'hotspot', 'hotspots', 'programmatically', 'untagged', 'filestore', 'filestores', 'accreditations', 'registerable',
  'deregistration', 'responders', 'wirelessly', 'advisors', 'knowledgebase', 'concentrator', 'concentrators', "don'ts", 'detections',
  'templated', 'supersession', 'routable', 'routeable', 'hotmail', 'assurer', 'commoditising', 'captively', 'multiview', 'iodef',
  'geofencing', 'jailbroken', 'jailbreaking', 'rooted', 'tokenisation', 'pseudonymisation', 'pseudonymised', 'anonymised',
  'anonymisation', 'datasets', 'dataset', 'workflow', 'workflows', 'serverless', 'codebase', 'codebases', 'hyperlink', 'hyperlinks',
];

export interface SpellingIssue {
  line: number;
  word: string;
  suggestions: string[];
}

/** Masks what is not prose on one Markdown line, keeping column positions. */
export function proseOf(line: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return line
    .replace(/`[^`]*`/g, blank)
    .replace(/<[^>\s]+@[^>\s]+>|<https?:[^>]+>|<\/?[A-Za-z][^>]*>/g, blank)
    .replace(/\]\([^)]*\)/g, blank)
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/g, blank)
    .replace(/\b(?:https?|ftp|mailto):[^\s)\]>]+/gi, blank)
    .replace(/\bwww\.[^\s)\]>]+/gi, blank)
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, blank)
    .replace(/\b[\w-]+(?:\.[\w-]+)*\.(?:md|html?|pdf|docx?|xlsx?|pptx?|csv|json|ya?ml|txt|dita|png|jpe?g|gif|svg|zip|exe|sh|js|ts|py|rb|gov\.uk|justice\.gov\.uk|uk|com|org|net|io)\b/gi, blank)
    .replace(/\\./g, blank);
}

const WORD = /[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F'’-]*[A-Za-z\u00C0-\u024F])?/g;

export function checkSpelling(lines: readonly string[], skipLines: ReadonlySet<number>, allowed: readonly string[]): SpellingIssue[] {
  const spell = getSpeller();
  const allow = new Set([...ORGANISATION_WORDS, ...allowed.map((w) => w.toLowerCase())]);
  const issues: SpellingIssue[] = [];
  const seen = new Map<string, boolean>();
  const reported = new Set<string>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (skipLines.has(line)) return;
    const prose = proseOf(raw);
    for (const m of prose.matchAll(WORD)) {
      const word = m[0].replace(/’/g, "'");
      const start = m.index ?? 0;
      // Part of a longer token (an ID, a path, a version like v2.1, a hash) is not a word.
      const before = prose[start - 1] ?? ' ';
      const after = prose[start + m[0].length] ?? ' ';
      if (/[\d_/\\.=#@$%&+]/.test(before) || /[\d_/\\=#@$%&+]/.test(after) || (after === '.' && /[A-Za-z\d]/.test(prose[start + m[0].length + 1] ?? ' '))) continue;
      // "co-ordinating" is one word to the dictionary; "disaster-recovery" is two.
      const parts = word.includes('-') && (spell.correct(word) || allow.has(word.toLowerCase())) ? [] : word.split('-');
      for (const part of parts) {
        const w = part.replace(/'s$|'$|^'/g, '');
        if (!worthChecking(w, allow)) continue;
        let ok = seen.get(w);
        if (ok === undefined) {
          ok = spell.correct(w) || spell.correct(w.toLowerCase()) || allow.has(w.toLowerCase());
          seen.set(w, ok);
        }
        if (!ok && !reported.has(`${line}:${w}`)) {
          reported.add(`${line}:${w}`);
          issues.push({ line, word: w, suggestions: spell.suggest(w).slice(0, 3) });
        }
      }
    }
  });
  return issues;
}

function worthChecking(w: string, allow: ReadonlySet<string>): boolean {
  if (w.length < 3 || allow.has(w.toLowerCase()) || /^(.)\1+$/i.test(w)) return false;
  // Acronyms (HMPPS, ALBs), mixed case (MoJ, GovS, DevOps) and capitalised names (Alekna) are not dictionary words.
  if (/[A-Z]/.test(w.slice(1)) || /^[A-Z]/.test(w)) return false;
  return !/[^A-Za-z']/.test(w);
}
