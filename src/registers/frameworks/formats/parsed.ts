// What every framework file format parses into (issue 07). The parsers know nothing of the database:
// they turn a file's text into these shapes or throw FrameworkFileError listing every problem found,
// and the framework service stores the result in one transaction.

export const ACHIEVEMENT_LEVELS = ['achieved', 'partially-achieved', 'not-achieved'] as const;
export type AchievementLevel = (typeof ACHIEVEMENT_LEVELS)[number];

export const PROFILES = ['baseline', 'enhanced'] as const;
export type GovAssureProfile = (typeof PROFILES)[number];

export const RELATIONSHIPS = ['equal', 'subset', 'superset', 'intersect', 'not-related'] as const;
export type MappingRelationship = (typeof RELATIONSHIPS)[number];

export type FrameworkFormat = 'webcaf' | 'ciso-assistant' | 'oscal-catalog' | 'oscal-profile';

export interface ParsedRequirement {
  /** Stable within its framework and across its versions: `A1.a`, `A1.a.A.1`, `ac-2.1`, `5.2`. Case kept. */
  readonly key: string;
  /** The file's own identifier for the node (a CISO Assistant URN; otherwise the key). Mapping sets cite it. */
  readonly externalId: string;
  readonly parentKey: string | null;
  /** objective, principle, outcome, indicator, control, enhancement, node. */
  readonly level: string;
  readonly title: string;
  /** Plain text (Markdown-safe); may be empty. */
  readonly text: string;
  /** A node one assesses: CAF indicators, CISO Assistant nodes marked assessable, every OSCAL control. */
  readonly assessable: boolean;
  /** Document order, from 0. */
  readonly position: number;
  /** Format-specific facts kept for display: { achievement, ncscIndex, webcafId }, { family, familyTitle, parameters }. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ParsedProfileTarget {
  /** The outcome's key. */
  readonly key: string;
  readonly profile: GovAssureProfile;
  readonly target: AchievementLevel;
}

export interface ParsedFramework {
  /** Stable across versions, so a newer file updates the framework it already holds. */
  readonly code: string;
  readonly name: string;
  readonly version: string;
  /** The file's own identifier for the framework (CISO Assistant framework URN, OSCAL uuid, or the code). */
  readonly externalId: string;
  readonly format: FrameworkFormat;
  readonly publisher: string;
  /** Copyright and licence as the file states them; empty when it states none. */
  readonly attribution: string;
  readonly description: string;
  readonly requirements: readonly ParsedRequirement[];
  /** GovAssure profile targets per outcome, where the file has them (WebCAF CAF 3.2). */
  readonly profileTargets: readonly ParsedProfileTarget[];
}

export interface ParsedMapping {
  /** The externalId of a requirement of the source framework. */
  readonly source: string;
  /** The externalId of a requirement of the target framework. */
  readonly target: string;
  readonly relationship: MappingRelationship;
  readonly rationale: string;
}

export interface ParsedMappingSet {
  readonly code: string;
  readonly name: string;
  readonly version: string;
  readonly externalId: string;
  /** externalIds of the two frameworks, as ParsedFramework.externalId. */
  readonly sourceFramework: string;
  readonly targetFramework: string;
  readonly attribution: string;
  readonly mappings: readonly ParsedMapping[];
}

export interface ParsedLibrary {
  readonly fileName: string;
  readonly frameworks: readonly ParsedFramework[];
  readonly mappingSets: readonly ParsedMappingSet[];
}

export interface FileProblem {
  /** Where in the file: a JSON pointer, a YAML path or a requirement id; empty for the whole file. */
  readonly at: string;
  readonly message: string;
}

/** A file that cannot be imported; `problems` lists everything wrong that was found, each saying what to fix. */
export class FrameworkFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly FileProblem[],
  ) {
    super(`${fileName} cannot be imported: ${problems.map((p) => (p.at ? `${p.at}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'FrameworkFileError';
  }
}

/**
 * Finds the text of a file an OSCAL profile imports. `href` is the profile's import link resolved as far as
 * the document can resolve it (a back-matter resource's rlink, or a relative path); returns null when absent.
 */
export type ImportReader = (href: string) => Promise<string | null>;
