// The MoJ example's framework mappings: its controls mapped to the contributing outcomes of the built-in
// NCSC CAF 4.0, so the framework's page shows coverage from the example's implementations. They go in
// through the mapping import, as a department would bring them; importing them again changes nothing.
import type { Actor } from '../../access/actor.ts';
import { loadBuiltInFrameworks, BUILT_IN_CAF } from '../../registers/frameworks/built-in.ts';
import type { Services } from '../../services.ts';

/** Control code → CAF 4.0 contributing outcomes it helps achieve. */
const CAF_MAPPINGS: Record<string, readonly string[]> = {
  'CTL-PPL-01': ['B6.a', 'B6.b'],
  'CTL-PPL-02': ['B6.b'],
  'CTL-PPL-03': ['B6.a'],
  'CTL-PRC-01': ['B2.a', 'B2.d'],
  'CTL-PRC-02': ['A4.a'],
  'CTL-PRC-03': ['D1.a', 'D1.b', 'D2.a', 'D2.b'],
  'CTL-PRC-04': ['A3.a', 'B3.a'],
  'CTL-ACC-01': ['B2.a', 'B2.c'],
  'CTL-CRY-01': ['B3.b', 'B3.c'],
  'CTL-LOG-01': ['C1.a', 'C1.b', 'C1.c', 'C1.d'],
  'CTL-BCK-01': ['B5.c'],
  'CTL-VUL-01': ['B4.d'],
};

export async function loadExampleFrameworks(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  await loadBuiltInFrameworks(services.frameworks, actor, (code) => services.frameworks.holds(code));
  const rows = Object.entries(CAF_MAPPINGS).flatMap(([control, outcomes]) => outcomes.map((outcome) => `${BUILT_IN_CAF.code},${outcome},${control}`));
  const bytes = new TextEncoder().encode(['framework,requirement,control', ...rows].join('\r\n') + '\r\n');
  const report = await services.frameworks.mappingImport.run(actor, { fileName: 'moj-example-caf-mappings.csv', bytes, dryRun: false });
  if (report.errors.length > 0) throw new Error(`The MoJ example's CAF mappings do not import: ${report.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  return { created: report.counts.created, unchanged: report.counts.unchanged };
}
