// The frameworks register's tables and words (issue 07). Framework requirements live in the one
// requirements table (documents/entity.ts), with framework_id set.
import type { ColumnType, Generated } from 'kysely';
import type { AchievementLevel, FrameworkFormat, GovAssureProfile, MappingRelationship } from './formats/parsed.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type TargetSource = 'framework' | 'carried-over' | 'department';

export const FORMAT_NAMES: Record<FrameworkFormat, string> = {
  webcaf: 'NCSC CAF (WebCAF YAML)',
  'ciso-assistant': 'CISO Assistant library',
  'oscal-catalog': 'OSCAL catalog',
  'oscal-profile': 'OSCAL profile',
};

export const ACHIEVEMENT_NAMES: Record<AchievementLevel, string> = { achieved: 'Achieved', 'partially-achieved': 'Partially achieved', 'not-achieved': 'Not achieved' };
export const PROFILE_NAMES: Record<GovAssureProfile, string> = { baseline: 'GovAssure Baseline', enhanced: 'GovAssure Enhanced' };

export interface FrameworkTables {
  frameworks: {
    id: Generated<string>;
    code: string;
    name: string;
    version: string;
    external_id: string;
    format: FrameworkFormat;
    publisher: Generated<string>;
    attribution: Generated<string>;
    description: Generated<string>;
    built_in: Generated<boolean>;
    file_name: string;
    content_sha256: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  framework_profile_targets: {
    requirement_id: string;
    profile: GovAssureProfile;
    target: AchievementLevel | null;
    source: TargetSource;
    updated_by: string | null;
    updated_at: UpdatedAt;
  };
  mapping_sets: {
    id: Generated<string>;
    code: string;
    name: string;
    version: string;
    external_id: string;
    source_framework_id: string;
    target_framework_id: string;
    attribution: Generated<string>;
    file_name: string;
    content_sha256: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  requirement_mappings: {
    mapping_set_id: string;
    source_requirement_id: string;
    target_requirement_id: string;
    relationship: MappingRelationship;
    rationale: Generated<string>;
  };
}

export interface FrameworkSummary {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly version: string;
  readonly format: FrameworkFormat;
  readonly publisher: string;
  readonly attribution: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly fileName: string;
  readonly updatedAt: Date;
  readonly requirements: number;
  readonly assessable: number;
  readonly mappedControls: number;
}

export interface FrameworkRequirement {
  readonly id: string;
  readonly key: string;
  readonly parentId: string | null;
  readonly level: string | null;
  readonly title: string;
  readonly text: string;
  readonly assessable: boolean;
  readonly status: 'active' | 'retired';
  readonly details: Readonly<Record<string, unknown>>;
}

/** A control mapped to a requirement, straight or through a mapping set. */
export interface ControlLink {
  readonly controlId: string;
  readonly controlCode: string;
  readonly controlTitle: string;
}

/** A framework requirement a control helps meet: `via` is null when mapped directly. */
export interface RequirementMet {
  readonly frameworkId: string;
  readonly frameworkCode: string;
  readonly frameworkName: string;
  readonly requirementId: string;
  readonly key: string;
  readonly title: string;
  readonly text: string;
  readonly via: { readonly mappingSet: string; readonly fromFramework: string; readonly fromKey: string; readonly relationship: MappingRelationship } | null;
}

export interface CoverageRow {
  readonly id: string;
  readonly name: string;
  readonly covered: number;
}

export interface Coverage {
  /** Assessable requirements in force. */
  readonly total: number;
  /** Of those, how many have at least one implemented control anywhere. */
  readonly covered: number;
  readonly byUnit: readonly CoverageRow[];
  readonly byService: readonly CoverageRow[];
}

export interface ProfileTarget {
  readonly requirementId: string;
  readonly key: string;
  readonly title: string;
  readonly baseline: AchievementLevel | null;
  readonly enhanced: AchievementLevel | null;
  readonly source: TargetSource;
}
