// A readable summary of an extraction, for people at a terminal; `--json` gives the report itself.
import type { ExtractReport, ExtractedFile } from './types.ts';

const TIER_NAMES: Record<number, string> = { 1: 'strategic policy', 2: 'topic policy', 3: 'standard or procedure', 4: 'guidance', 5: 'system- or process-specific policy' };

export function formatReport(report: ExtractReport): string {
  const parts = report.files.map(formatFile);
  for (const problem of report.errors ?? []) parts.push(`${problem.file}\n  Not read (${problem.error.code}): ${problem.error.message}`);
  const statements = report.files.reduce((n, f) => n + f.statements.length, 0);
  const findings = report.files.reduce((n, f) => n + f.lint.length, 0);
  const unread = report.errors?.length ?? 0;
  parts.push(`${report.files.length} document${report.files.length === 1 ? '' : 's'} read, ${statements} statement${statements === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}${unread > 0 ? `, ${unread} not read` : ''}.`);
  return `${parts.join('\n\n')}\n`;
}

function formatFile(f: ExtractedFile): string {
  const out: string[] = [];
  out.push(`${f.file}: ${f.title}${f.tier === null ? '' : ` (tier ${f.tier}, ${TIER_NAMES[f.tier]})`}`);
  const meta = Object.entries(f.metadata);
  out.push(`  Metadata: ${meta.length === 0 ? 'none found' : meta.map(([k, v]) => `${k} ${v}`).join('; ')}`);
  out.push(`  Statements (${f.statements.length}):`);
  f.statements.forEach((s, i) => {
    const who = s.actor === null ? 'no actor' : s.actor;
    out.push(`    ${String(i + 1).padStart(3)}. ${s.modality.toUpperCase()}${s.ref === null ? '' : ` [${s.ref}]`} (${who}): ${s.text}`);
  });
  out.push(`  Findings (${f.lint.length}):`);
  for (const l of f.lint) out.push(`    line ${String(l.line).padEnd(5)} ${l.code.padEnd(25)} ${l.message}`);
  return out.join('\n');
}
