// Statement IDs: the MoJ writes POLACP001, POL.TCP.001, POL.ITDR.001; other organisations use keys
// like ISP-007 or AC.2.001. An ID counts only where it labels a statement (at its start), not where
// the text merely mentions one.

const ID = String.raw`(?:[A-Z]{2,}(?:[.\-][A-Z]{2,})*[.\-]?\d{2,4}(?:\.\d{1,3})?)`;
const LEADING_ID = new RegExp(String.raw`^\s*[\[(]?(${ID})[\])]?\s*(?:[:.–—)-]\s*|\s+(?=[A-Z“"']))`);
const ONLY_ID = new RegExp(String.raw`^\s*[\[(]?(${ID})[\])]?\s*[:.]?\s*$`);

// Words that look like IDs but are standards and versions the text refers to.
const NOT_IDS = /^(?:RFC|ISO|IEC|BS|NIST|SP|GPG|IS|TLS|SSL|PCI|FIPS|CVE|SHA|AES|RSA|GDPR|PSN|WCAG|OWASP|EN|CIS|PAS|SOC|ISAE|IPV|HTTP|UTF|GOVS|COVID)[.-]?\d/i;

export function leadingRef(text: string): { ref: string; rest: string } | null {
  const m = LEADING_ID.exec(text);
  if (m?.[1] === undefined || NOT_IDS.test(m[1])) return null;
  return { ref: m[1], rest: text.slice(m[0].length) };
}

/** A paragraph that is nothing but an ID, which then labels the paragraph after it. */
export function idOnly(text: string): string | null {
  const m = ONLY_ID.exec(text);
  if (m?.[1] === undefined || NOT_IDS.test(m[1])) return null;
  return m[1];
}
