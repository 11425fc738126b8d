// The controls register's tables and words: the catalogue, implementations with evidence, baselines.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const CONTROL_KINDS = ['people', 'process', 'technology'] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];
export const KIND_NAMES: Record<ControlKind, string> = { people: 'People', process: 'Process', technology: 'Technology' };

export const IMPLEMENTATION_STATUSES = ['not-started', 'partial', 'implemented', 'not-applicable'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
export const STATUS_NAMES: Record<ImplementationStatus, string> = { 'not-started': 'Not started', partial: 'Partial', implemented: 'Implemented', 'not-applicable': 'Not applicable' };

export const EVIDENCE_KINDS = ['link', 'note', 'file'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Criticality in rising order: a baseline's minimum holds for that level and those after it. */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** The appointments on a technology service that may record its control implementations. */
export const SERVICE_RECORD_TYPE = 'technology-service';
export const SERVICE_RECORDING_ROLES = ['technology-service-owner', 'senior-responsible-officer'] as const;

export interface ControlTables {
  controls: {
    id: Generated<string>;
    code: string;
    title: string;
    kind: ControlKind;
    description: Generated<string>;
    owner_person_id: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  control_requirements: { control_id: string; requirement_id: string };
  control_implementations: {
    id: Generated<string>;
    control_id: string;
    service_id: string | null;
    unit_id: string | null;
    status: ImplementationStatus;
    not_applicable_reason: string | null;
    owner_person_id: string | null;
    status_on: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  control_evidence: {
    id: Generated<string>;
    implementation_id: string;
    kind: EvidenceKind;
    url: string | null;
    note: string | null;
    file_id: string | null;
    review_by: string;
    added_by: string;
    added_by_person_id: string | null;
    created_at: CreatedAt;
  };
  baselines: {
    id: Generated<string>;
    code: string;
    name: string;
    description: Generated<string>;
    min_tier_rank: number | null;
    requires_sensitive: boolean | null;
    requires_personal_data: boolean | null;
    descriptor: string | null;
    min_criticality: Criticality | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  baseline_controls: { baseline_id: string; control_id: string };
}

export interface ControlSummary {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly kind: ControlKind;
  readonly ownerName: string | null;
  readonly requirements: number;
  readonly implementations: number;
}

export interface Control {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly kind: ControlKind;
  readonly description: string;
  readonly ownerPersonId: string | null;
  readonly ownerName: string | null;
  readonly ownerEmail: string | null;
  readonly requirements: ReadonlyArray<{ readonly id: string; readonly key: string; readonly text: string; readonly status: string }>;
}

export interface Implementation {
  readonly id: string;
  readonly controlId: string;
  readonly controlCode: string;
  readonly controlTitle: string;
  readonly controlKind: ControlKind;
  readonly serviceId: string | null;
  readonly serviceName: string | null;
  readonly serviceReference: string | null;
  readonly unitId: string | null;
  readonly unitCode: string | null;
  readonly unitName: string | null;
  /** The unit the implementation belongs to for access: the service's unit, or its own. */
  readonly owningUnitId: string | null;
  readonly status: ImplementationStatus;
  readonly notApplicableReason: string | null;
  readonly ownerPersonId: string | null;
  readonly ownerName: string | null;
  readonly ownerEmail: string | null;
  readonly statusOn: string;
  readonly evidence: number;
  readonly evidenceOverdue: number;
}

export interface Evidence {
  readonly id: string;
  readonly implementationId: string;
  readonly kind: EvidenceKind;
  readonly url: string | null;
  readonly note: string | null;
  readonly file: { readonly id: string; readonly name: string; readonly mediaType: string; readonly sizeBytes: number; readonly sha256: string } | null;
  readonly reviewBy: string;
  readonly reviewOverdue: boolean;
  readonly addedBy: string;
  readonly createdAt: Date;
}

export interface Baseline {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly minTierRank: number | null;
  readonly requiresSensitive: boolean | null;
  readonly requiresPersonalData: boolean | null;
  readonly descriptor: string | null;
  readonly minCriticality: Criticality | null;
  readonly controls: ReadonlyArray<{ readonly id: string; readonly code: string; readonly title: string; readonly kind: ControlKind }>;
}
