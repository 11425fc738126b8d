// The NCSC Cyber Assessment Framework as the Cabinet Office's WebCAF publishes it (co-cddo/domains-webcaf,
// frameworks/cyber-assessment-framework-v*.yaml): objectives > principles > outcomes > indicators of good
// practice, grouped by the achievement level each indicates, with GovAssure profile targets on CAF 3.2.
import { ACHIEVEMENT_LEVELS, PROFILES } from './parsed.ts';
import type { AchievementLevel, GovAssureProfile, ParsedLibrary, ParsedProfileTarget, ParsedRequirement } from './parsed.ts';
import { isMapping, loadYamlMapping, normaliseText, ProblemList } from './yaml-source.ts';
import type { YamlPath, YamlSource } from './yaml-source.ts';

/** Every CAF version shares this code, so importing 4.0 updates the framework 3.2 created. */
export const CAF_CODE = 'ncsc-caf';

const LEVELS = {
  objective: { children: 'principles', childLevel: 'principle' },
  principle: { children: 'outcomes', childLevel: 'outcome' },
  outcome: { children: 'indicators', childLevel: 'indicator' },
} as const;
type NodeLevel = keyof typeof LEVELS;

const TARGET_WORDS: Readonly<Record<string, AchievementLevel>> = {
  achieved: 'achieved',
  'partially achieved': 'partially-achieved',
  'partially-achieved': 'partially-achieved',
  'not achieved': 'not-achieved',
  'not-achieved': 'not-achieved',
};

interface Draft {
  key: string;
  readonly parentKey: string | null;
  readonly parentLevel: string;
  readonly level: string;
  readonly title: string;
  readonly text: string;
  readonly where: string;
  readonly indicator?: { readonly achievement: AchievementLevel; readonly webcafId: string; readonly ncscIndex: string | null };
}

export function parseWebCaf(fileName: string, text: string): ParsedLibrary {
  const { source, root } = loadYamlMapping(fileName, text, 'a WebCAF framework file: expected a YAML mapping with `objectives` at the top');
  const problems = new ProblemList();
  const version = cafVersion(fileName, root, source, problems);
  const reader = new CafReader(source, problems);
  const objectives = root['objectives'];
  if (!isMapping(objectives) || Object.keys(objectives).length === 0) {
    problems.add('', 'there are no `objectives`: a WebCAF framework file lists its objectives (A, B, C, D) under `objectives`');
  } else {
    for (const [key, value] of Object.entries(objectives)) reader.node('objective', key, value, ['objectives', key], null);
  }
  const requirements = reader.finish();
  problems.throwIfAny(fileName);
  return {
    fileName,
    frameworks: [
      {
        code: CAF_CODE,
        name: 'NCSC Cyber Assessment Framework',
        version,
        externalId: CAF_CODE,
        format: 'webcaf',
        publisher: 'National Cyber Security Centre (NCSC)',
        attribution: '© Crown copyright, National Cyber Security Centre. Published under the Open Government Licence v3.0.',
        description: '',
        requirements,
        profileTargets: reader.targets,
      },
    ],
    mappingSets: [],
  };
}

/** The file's own `version`, else the one in its name (`...-v4.0.yaml`); the WebCAF files state none inside. */
function cafVersion(fileName: string, root: Record<string, unknown>, source: YamlSource, problems: ProblemList): string {
  const stated = source.text(root['version'], ['version']);
  if (stated !== null) return stated.trim();
  const baseName = fileName.split(/[/\\]/).pop() ?? fileName;
  const named = /(?:^|[^0-9A-Za-z.])v?(\d+(?:\.\d+)*)\.ya?ml$/i.exec(baseName);
  if (named?.[1] !== undefined) return named[1];
  problems.add('', 'the CAF version is not stated: add `version: 4.0` (say) at the top of the file, or name the file with its version, as in cyber-assessment-framework-v4.0.yaml');
  return '';
}

class CafReader {
  private readonly drafts: Draft[] = [];
  readonly targets: ParsedProfileTarget[] = [];

  constructor(
    private readonly source: YamlSource,
    private readonly problems: ProblemList,
  ) {}

  node(level: NodeLevel, mapKey: string, value: unknown, path: YamlPath, parent: { key: string; level: string } | null): void {
    const where = this.source.where(path);
    const { children, childLevel } = LEVELS[level];
    if (!isMapping(value)) {
      this.problems.add(where, `${level} ${mapKey} is not a mapping: give it a code, title, description and ${children}`);
      return;
    }
    const code = this.source.text(value['code'], [...path, 'code']);
    const title = this.source.text(value['title'], [...path, 'title']);
    if (code === null) this.problems.add(where, `${level} ${mapKey} has no \`code\`: add \`code: ${mapKey}\``);
    else if (code !== mapKey) this.problems.add(where, `${level} ${mapKey} has the code ${code}: make its key and its code the same`);
    if (title === null) this.problems.add(where, `${level} ${mapKey} has no \`title\`: add the ${level}'s title`);
    const key = code ?? mapKey;
    this.drafts.push({
      key,
      parentKey: parent?.key ?? null,
      parentLevel: parent?.level ?? '',
      level,
      title: normaliseText(title ?? ''),
      text: normaliseText(this.source.text(value['description'], [...path, 'description']) ?? ''),
      where,
    });

    const childNodes = value[children];
    if (!isMapping(childNodes) || Object.keys(childNodes).length === 0) {
      this.problems.add(where, `${level} ${key} has no \`${children}\`: list its ${children} under it`);
      return;
    }
    if (childLevel === 'indicator') {
      this.indicators(key, childNodes, [...path, children]);
      this.profileTargets(key, value['min_profile_requirement'], [...path, 'min_profile_requirement']);
      return;
    }
    for (const [childKey, child] of Object.entries(childNodes)) {
      this.node(childLevel, childKey, child, [...path, children, childKey], { key, level });
    }
  }

  private indicators(outcome: string, groups: Record<string, unknown>, path: YamlPath): void {
    for (const [achievement, group] of Object.entries(groups)) {
      const groupPath = [...path, achievement];
      if (!isAchievement(achievement)) {
        this.problems.add(this.source.where(groupPath), `unknown achievement level "${achievement}" in outcome ${outcome}: use achieved, partially-achieved or not-achieved`);
        continue;
      }
      if (group === null) continue; // an empty level, as `partially-achieved:` with nothing under it
      if (!isMapping(group)) {
        this.problems.add(this.source.where(groupPath), `the ${achievement} indicators of outcome ${outcome} are not a mapping: list them by id`);
        continue;
      }
      for (const [webcafId, indicator] of Object.entries(group)) {
        const where = this.source.where([...groupPath, webcafId]);
        const description = isMapping(indicator) ? this.source.text(indicator['description'], [...groupPath, webcafId, 'description']) : null;
        if (description === null) {
          this.problems.add(where, `indicator ${webcafId} has no \`description\`: add the indicator's statement`);
          continue;
        }
        const ncscIndex = isMapping(indicator) ? this.source.text(indicator['ncsc-index'], [...groupPath, webcafId, 'ncsc-index']) : null;
        this.drafts.push({
          key: webcafId,
          parentKey: outcome,
          parentLevel: 'outcome',
          level: 'indicator',
          title: '',
          text: normaliseText(description),
          where,
          indicator: { achievement, webcafId, ncscIndex: ncscIndex?.trim() ?? null },
        });
      }
    }
  }

  private profileTargets(outcome: string, value: unknown, path: YamlPath): void {
    if (value === undefined || value === null) return;
    if (!isMapping(value)) {
      this.problems.add(this.source.where(path), `the profile targets of outcome ${outcome} are not a mapping: give \`baseline\` and \`enhanced\``);
      return;
    }
    const found: ParsedProfileTarget[] = [];
    for (const [profile, stated] of Object.entries(value)) {
      const where = this.source.where([...path, profile]);
      if (!isProfile(profile)) {
        this.problems.add(where, `unknown GovAssure profile "${profile}" in outcome ${outcome}: use baseline or enhanced`);
        continue;
      }
      const word = this.source.text(stated, [...path, profile]);
      const target = word === null ? undefined : TARGET_WORDS[word.trim().toLowerCase().replace(/\s+/g, ' ')];
      if (target === undefined) {
        this.problems.add(where, `unknown ${profile} target "${word ?? ''}" in outcome ${outcome}: use Achieved, Partially achieved or Not achieved`);
        continue;
      }
      found.push({ key: outcome, profile, target });
    }
    this.targets.push(...found.sort((a, b) => PROFILES.indexOf(a.profile) - PROFILES.indexOf(b.profile)));
  }

  /** Settles the indicators' keys, then checks every key against its parent's and against the others. */
  finish(): ParsedRequirement[] {
    // NCSC's index is the identifier that survives between CAF versions, so it is the key. The WebCAF 4.0
    // file gives two indices to two indicators each (B2.b.PA.3, D2.b.A.5) and leaves one out (B3.a.9): an
    // index that does not name one indicator is no identifier, so those indicators keep their WebCAF ids.
    const indexUses = new Map<string, number>();
    for (const { indicator } of this.drafts) {
      if (indicator?.ncscIndex) indexUses.set(indicator.ncscIndex, (indexUses.get(indicator.ncscIndex) ?? 0) + 1);
    }
    const seen = new Map<string, string>();
    return this.drafts.map((draft, position): ParsedRequirement => {
      const { indicator } = draft;
      if (indicator) draft.key = indicator.ncscIndex !== null && indexUses.get(indicator.ncscIndex) === 1 ? indicator.ncscIndex : indicator.webcafId;
      const { key, parentKey } = draft;
      if (parentKey !== null && !extendsCode(key, parentKey, draft.level === 'principle' ? '' : '.')) {
        this.problems.add(draft.where, `unknown parent: ${draft.level} ${key} sits under ${draft.parentLevel} ${parentKey}; move it under the ${draft.parentLevel} its code extends, or correct the code`);
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) this.problems.add(draft.where, `duplicate key ${key}, already used at ${earlier}: give each ${draft.level} its own ${draft.indicator ? "id" : "code"}`);
      else seen.set(key, draft.where);
      return {
        key,
        externalId: key,
        parentKey,
        level: draft.level,
        title: draft.title,
        text: draft.text,
        assessable: indicator !== undefined,
        position,
        details: indicator ? { achievement: indicator.achievement, webcafId: indicator.webcafId, ncscIndex: indicator.ncscIndex } : {},
      };
    });
  }
}

/** A principle extends its objective's code (A → A1); below that a code adds a dotted part (A1 → A1.a). */
function extendsCode(code: string, parent: string, separator: '' | '.'): boolean {
  return code.length > parent.length + separator.length && code.startsWith(parent + separator);
}

function isAchievement(value: string): value is AchievementLevel {
  return (ACHIEVEMENT_LEVELS as readonly string[]).includes(value);
}

function isProfile(value: string): value is GovAssureProfile {
  return (PROFILES as readonly string[]).includes(value);
}
