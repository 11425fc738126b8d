// Frameworks that ship with Custodian (issue 07): the NCSC CAF 4.0, from the Cabinet Office's WebCAF
// YAML (© Crown copyright, NCSC, Open Government Licence v3.0; see built-in/PROVENANCE.md), with the
// GovAssure targets carried over from CAF 3.2 where an outcome kept its id and title.
import { readFileSync } from 'node:fs';
import type { Actor } from '../../access/actor.ts';
import type { AchievementLevel, GovAssureProfile } from './formats/parsed.ts';
import type { FrameworkImportSummary, FrameworkService } from './service.ts';

interface TargetsFile {
  readonly targets: ReadonlyArray<{ key: string; profile: GovAssureProfile; target: AchievementLevel }>;
  readonly needingTarget: ReadonlyArray<{ key: string; title: string; reason: string }>;
}

const BUILT_IN = new URL('./built-in/', import.meta.url);
export const BUILT_IN_CAF = { code: 'ncsc-caf', file: 'ncsc-caf-4.0.yaml', targets: 'ncsc-caf-4.0-govassure-targets.json' } as const;

/**
 * Loads each built-in framework the department does not hold yet. One it already holds, in any version,
 * is left alone: a department that imported a later CAF keeps it, and its own targets stand.
 */
export async function loadBuiltInFrameworks(frameworks: FrameworkService, actor: Actor, held: (code: string) => Promise<boolean>): Promise<FrameworkImportSummary[]> {
  if (await held(BUILT_IN_CAF.code)) return [];
  const text = readFileSync(new URL(BUILT_IN_CAF.file, BUILT_IN), 'utf8');
  const carried = JSON.parse(readFileSync(new URL(BUILT_IN_CAF.targets, BUILT_IN), 'utf8')) as TargetsFile;
  return [await frameworks.importFile(actor, { fileName: BUILT_IN_CAF.file, text }, { builtIn: true, carriedTargets: carried })];
}
