// External frameworks (issue 07): import a framework or mapping set from its file, map its requirements
// to the organisation's controls, keep GovAssure targets, and say how much of it the controls cover.
// An import is one transaction and one audit event: a bad file, or a mapping that names requirements
// Custodian does not hold, imports nothing.
import { createHash } from 'node:crypto';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import type { Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { Coverage, FrameworkRequirement, FrameworkSummary, ProfileTarget, RequirementMet } from './entity.ts';
import { parseFrameworkFile, type ParseOptions } from './formats/index.ts';
import { ACHIEVEMENT_LEVELS, FrameworkFileError, PROFILES, type AchievementLevel, type GovAssureProfile, type ParsedLibrary, type ParsedMappingSet } from './formats/parsed.ts';
import { computeCoverage } from './coverage.ts';
import { ControlMappingImport } from './mapping-import.ts';
import { FrameworkRepository, type RequirementCounts } from './repository.ts';

export interface FrameworkFile {
  readonly fileName: string;
  readonly text: string;
  /** An OSCAL profile's catalog, given in place of its import link. */
  readonly catalog?: string;
  /** Reads what an OSCAL profile imports by its link (the CLI reads beside the profile). */
  readonly readImport?: ParseOptions['readImport'];
}

/** What an import did: the CLI prints the first five fields with --json. */
export interface FrameworkImportSummary {
  readonly framework: string | null;
  readonly version: string | null;
  readonly requirements: number;
  readonly assessable: number;
  readonly mappings: number;
  readonly frameworkId: string | null;
  readonly changes: RequirementCounts | null;
  readonly unchanged: boolean;
}

/** GovAssure targets carried over from an earlier version of a framework, and the outcomes that need one. */
export interface CarriedTargets {
  readonly targets: ReadonlyArray<{ key: string; profile: GovAssureProfile; target: AchievementLevel }>;
  readonly needingTarget: ReadonlyArray<{ key: string }>;
}

/** A newer version number sorts after an older one: 4.0 after 3.2, 5.1.1 after 5.1, 10 after 9. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function fileProblems(error: FrameworkFileError): AppError {
  return validationFailed(error.problems.map((p) => ({ field: 'file', message: p.at ? `${p.at}: ${p.message}` : p.message })));
}

export class FrameworkService {
  readonly mappingImport: ControlMappingImport;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.mappingImport = new ControlMappingImport(db, audit);
  }

  private get repository() {
    return new FrameworkRepository(this.db);
  }

  /** Whether a framework with that code is loaded, in any version: for loading built-in frameworks once. */
  async holds(code: string): Promise<boolean> {
    return (await this.repository.frameworkByCode(code)) !== undefined;
  }

  async list(actor: Actor): Promise<FrameworkSummary[]> {
    authorize(actor, 'frameworks.read');
    return this.repository.listFrameworks();
  }

  async get(actor: Actor, id: string): Promise<FrameworkSummary> {
    authorize(actor, 'frameworks.read');
    const framework = await this.repository.findFramework(requireId(id, 'The framework'));
    if (!framework) throw notFound('The framework');
    return framework;
  }

  /** The framework's requirements in document order, each with the controls that meet it. */
  async requirements(actor: Actor, id: string) {
    const framework = await this.get(actor, id);
    const [requirements, direct, mapped] = await Promise.all([this.repository.requirements(framework.id), this.repository.directControls(framework.id), this.repository.mappedControls(framework.id)]);
    return requirements.map((r) => ({ ...r, controls: direct.get(r.id) ?? [], throughMappings: (mapped.get(r.id) ?? []).filter((m) => !(direct.get(r.id) ?? []).some((d) => d.controlId === m.controlId)) }));
  }

  async requirement(actor: Actor, frameworkId: string, requirementId: string): Promise<{ framework: FrameworkSummary; requirement: FrameworkRequirement; parent: FrameworkRequirement | null }> {
    const framework = await this.get(actor, frameworkId);
    const requirement = await this.repository.findRequirement(framework.id, requireId(requirementId, 'The requirement'));
    if (!requirement) throw notFound('The requirement');
    const parent = requirement.parentId ? ((await this.repository.findRequirement(framework.id, requirement.parentId)) ?? null) : null;
    return { framework, requirement, parent };
  }

  async mappingSets(actor: Actor, frameworkId: string) {
    const framework = await this.get(actor, frameworkId);
    return this.repository.mappingSets(framework.id);
  }

  async coverage(actor: Actor, frameworkId: string): Promise<Coverage> {
    const framework = await this.get(actor, frameworkId);
    const { total, served } = await this.repository.servedRequirements(framework.id);
    const implemented = await this.repository.implementedAt([...new Set(served.map((s) => s.controlId))]);
    return computeCoverage({ total, served, implemented });
  }

  /** The framework's control mappings as CSV, in the columns the mapping import reads. */
  async controlMappingsCsv(actor: Actor, frameworkId: string): Promise<string> {
    const framework = await this.get(actor, frameworkId);
    const rows = await this.repository.controlMappings(framework.id);
    return toCsv(['framework', 'requirement', 'control'], rows.map((r) => [framework.code, r.key, r.controlCode]));
  }

  async profileTargets(actor: Actor, frameworkId: string): Promise<ProfileTarget[]> {
    const framework = await this.get(actor, frameworkId);
    return this.repository.profileTargets(framework.id);
  }

  async requirementsMetByControl(actor: Actor, controlId: string): Promise<RequirementMet[]> {
    authorize(actor, 'frameworks.read');
    return this.repository.requirementsMetByControl(requireId(controlId, 'The control'));
  }

  /** Imports a framework file, or a library of mapping sets: all of it, or nothing with every problem. */
  async importFile(actor: Actor, file: FrameworkFile, options: { builtIn?: boolean; carriedTargets?: CarriedTargets; requestId?: string } = {}): Promise<FrameworkImportSummary> {
    authorize(actor, 'frameworks.manage');
    let library: ParsedLibrary;
    try {
      library = await parseFrameworkFile(file.fileName, file.text, { ...(file.readImport ? { readImport: file.readImport } : {}), ...(file.catalog !== undefined ? { catalog: file.catalog } : {}) });
    } catch (error) {
      if (error instanceof FrameworkFileError) throw fileProblems(error);
      throw error;
    }
    const hash = sha256(file.text);
    const framework = library.frameworks[0];
    if (library.frameworks.length > 1) throw validationFailed([{ field: 'file', message: 'The file holds more than one framework: import them one file at a time' }]);
    const existing = framework ? await this.repository.frameworkByCode(framework.code) : undefined;
    const sameSource = framework ? await this.repository.frameworkByExternalId(framework.externalId) : undefined;
    if (framework && sameSource && sameSource.code !== framework.code) {
      throw validationFailed([{ field: 'file', message: `The file's framework (${framework.externalId}) is already loaded with the code ${sameSource.code}, not ${framework.code}: one framework cannot be loaded under two codes` }]);
    }
    if (framework && existing && compareVersions(framework.version, existing.version) < 0) {
      throw new AppError('conflict', `The file holds version ${framework.version} of ${framework.name}, older than version ${existing.version} that Custodian holds. Importing it would take requirements back a version: import version ${existing.version} or later.`);
    }
    const mappingCount = library.mappingSets.reduce((n, s) => n + s.mappings.length, 0);
    const summaryOf = (frameworkId: string | null, changes: RequirementCounts | null, unchanged: boolean): FrameworkImportSummary => ({
      framework: framework?.code ?? library.mappingSets[0]?.code ?? null,
      version: framework?.version ?? library.mappingSets[0]?.version ?? null,
      requirements: framework?.requirements.length ?? 0,
      assessable: framework?.requirements.filter((r) => r.assessable).length ?? 0,
      mappings: mappingCount,
      frameworkId,
      changes,
      unchanged,
    });
    // The same file again changes nothing, so it records no event.
    if (framework && existing && existing.sha256 === hash && library.mappingSets.length === 0) return summaryOf(existing.id, null, true);

    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const repository = new FrameworkRepository(trx);
      const now = this.clock.now();
      let frameworkId: string | null = null;
      let changes: RequirementCounts | null = null;
      if (framework) {
        frameworkId = await repository.saveFramework({ ...framework, builtIn: options.builtIn ?? false, fileName: file.fileName, sha256: hash }, now);
        changes = await repository.saveRequirements(frameworkId, framework.requirements, now);
        await repository.saveProfileTargets(frameworkId, framework.profileTargets, 'framework', who.label);
        const carried = options.carriedTargets;
        if (carried) {
          const needing = carried.needingTarget.flatMap((n) => PROFILES.map((profile) => ({ key: n.key, profile, target: null })));
          await repository.saveProfileTargets(frameworkId, [...carried.targets, ...needing], 'carried-over', who.label);
        }
      }
      const sets = [];
      for (const set of library.mappingSets) sets.push(await this.saveMappingSet(repository, set, file.fileName, hash, now));
      const summary = summaryOf(frameworkId, changes, false);
      return {
        result: summary,
        event: {
          actor: who,
          action: framework ? 'framework.imported' : 'mapping-set.imported',
          recordType: framework ? 'framework' : 'mapping-set',
          ...(frameworkId ? { recordId: frameworkId } : sets[0] ? { recordId: sets[0] } : {}),
          metadata: { fileName: file.fileName, sha256: hash, framework: summary.framework, version: summary.version, previousVersion: existing?.version ?? null, requirements: changes, mappingSets: library.mappingSets.map((s) => s.code), mappings: mappingCount, ...(options.carriedTargets ? { targetsCarriedOver: options.carriedTargets.targets.length, needingTarget: options.carriedTargets.needingTarget.map((n) => n.key) } : {}) },
          ...(options.requestId ? { requestId: options.requestId } : {}),
        },
      };
    });
  }

  private async saveMappingSet(repository: FrameworkRepository, set: ParsedMappingSet, fileName: string, hash: string, now: Date): Promise<string> {
    const [source, target] = await Promise.all([repository.frameworkByExternalId(set.sourceFramework), repository.frameworkByExternalId(set.targetFramework)]);
    const problems: FieldProblem[] = [];
    for (const [end, found, externalId] of [['source', source, set.sourceFramework], ['target', target, set.targetFramework]] as const) {
      if (!found) problems.push({ field: 'file', message: `Mapping set ${set.code}: its ${end} framework ${externalId} is not loaded. Import that framework first, then this file` });
    }
    if (problems.length > 0 || !source || !target) throw validationFailed(problems);
    const unknown = await repository.unknownMappingEnds(source.id, target.id, set.mappings);
    if (unknown.length > 0) {
      throw validationFailed(
        unknown.slice(0, 20).map((u) => ({ field: 'file', message: `Mapping set ${set.code}: ${u.externalId} is not a requirement of its ${u.end} framework ${u.end === 'source' ? source.code : target.code}; import the framework version the mapping set was made for` })).concat(unknown.length > 20 ? [{ field: 'file', message: `and ${unknown.length - 20} more unknown requirements` }] : []),
      );
    }
    const namesake = await repository.mappingSetByCode(set.code);
    if (namesake && namesake.externalId !== set.externalId) throw validationFailed([{ field: 'file', message: `Another mapping set (${namesake.externalId}) already has the code ${set.code}: this file's set is ${set.externalId}` }]);
    const id = await repository.saveMappingSet({ code: set.code, name: set.name, version: set.version, externalId: set.externalId, sourceFrameworkId: source.id, targetFrameworkId: target.id, attribution: set.attribution, fileName, sha256: hash }, now);
    await repository.replaceMappings(id, source.id, target.id, set.mappings);
    return id;
  }

  async setProfileTargets(actor: Actor, frameworkId: string, requirementId: string, input: { baseline?: string | null; enhanced?: string | null }, requestId?: string): Promise<void> {
    authorize(actor, 'frameworks.manage');
    const { framework, requirement } = await this.requirement(actor, frameworkId, requirementId);
    const problems: FieldProblem[] = [];
    const level = (profile: GovAssureProfile): AchievementLevel | null => {
      const value = (input[profile] ?? '').trim();
      if (value === '') return null;
      if (!(ACHIEVEMENT_LEVELS as readonly string[]).includes(value)) problems.push({ field: profile, message: `Choose achieved, partially achieved or not achieved as the ${profile} target` });
      return value as AchievementLevel;
    };
    const targets = { baseline: level('baseline'), enhanced: level('enhanced') };
    if (requirement.level !== 'outcome') problems.push({ field: 'baseline', message: `${requirement.key} is not a contributing outcome: GovAssure targets are set per outcome` });
    if (problems.length > 0) throw validationFailed(problems);
    const before = (await this.repository.profileTargets(framework.id)).find((t) => t.requirementId === requirement.id) ?? null;
    await this.audit.write(this.db, async (trx) => {
      const repository = new FrameworkRepository(trx);
      for (const profile of PROFILES) await repository.setProfileTarget(requirement.id, profile, targets[profile], auditActorOf(actor).label, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'framework.target-set', recordType: 'requirement', recordId: requirement.id, changes: { framework: framework.code, key: requirement.key, before: before && { baseline: before.baseline, enhanced: before.enhanced }, after: targets }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async mapControl(actor: Actor, frameworkId: string, requirementId: string, controlCode: string, requestId?: string): Promise<void> {
    authorize(actor, 'frameworks.manage');
    const { framework, requirement } = await this.requirement(actor, frameworkId, requirementId);
    const code = controlCode.trim().toUpperCase();
    const control = code === '' ? undefined : await this.repository.controlByCode(code);
    if (!control) throw validationFailed([{ field: 'control', message: code === '' ? 'Enter the code of the control that meets this requirement, such as CTL-ACC-01' : `No control has the code ${code}: check the control catalogue` }]);
    if (requirement.status === 'retired') throw new AppError('invalid_state', `${requirement.key} is no longer in ${framework.name}: map the control to a requirement in force`);
    if (await this.repository.isMapped(requirement.id, control.id)) throw new AppError('conflict', `${control.code} is already mapped to ${requirement.key}`, [{ field: 'control', message: `${control.code} is already mapped to ${requirement.key}` }]);
    await this.writeMapping(actor, 'framework.control-mapped', framework, requirement, control, (r) => r.mapControl(requirement.id, control.id), requestId);
  }

  async unmapControl(actor: Actor, frameworkId: string, requirementId: string, controlId: string, requestId?: string): Promise<void> {
    authorize(actor, 'frameworks.manage');
    const { framework, requirement } = await this.requirement(actor, frameworkId, requirementId);
    const links = await this.repository.directControls(framework.id);
    const control = (links.get(requirement.id) ?? []).find((c) => c.controlId === requireId(controlId, 'The control'));
    if (!control) throw notFound('The mapping');
    await this.writeMapping(actor, 'framework.control-unmapped', framework, requirement, { id: control.controlId, code: control.controlCode }, (r) => r.unmapControl(requirement.id, control.controlId), requestId);
  }

  private async writeMapping(actor: Actor, action: string, framework: FrameworkSummary, requirement: FrameworkRequirement, control: { id: string; code: string }, change: (repository: FrameworkRepository) => Promise<void>, requestId?: string): Promise<void> {
    await this.audit.write(this.db, async (trx: Tx) => {
      await change(new FrameworkRepository(trx));
      return { result: undefined, event: { actor: auditActorOf(actor), action, recordType: 'requirement', recordId: requirement.id, metadata: { framework: framework.code, key: requirement.key, control: control.code, controlId: control.id }, ...(requestId ? { requestId } : {}) } };
    });
  }
}

