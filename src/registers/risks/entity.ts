// The risks register's tables and words (issue 08): the matrix and its bands, appetites, risks with their
// rating history, formal acceptances and exceptions to requirements.
import type { ColumnType, Generated } from 'kysely';
import type { ActionSummary } from '../actions/repository.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const TREATMENTS = ['reduce', 'accept', 'transfer', 'avoid'] as const;
export type Treatment = (typeof TREATMENTS)[number];
export const TREATMENT_NAMES: Record<Treatment, string> = { reduce: 'Reduce', accept: 'Accept', transfer: 'Transfer', avoid: 'Avoid' };

export const RISK_STATUSES = ['open', 'awaiting-decision', 'accepted', 'in-review', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const RISK_STATUS_NAMES: Record<RiskStatus, string> = { open: 'Open', 'awaiting-decision': 'Awaiting a decision', accepted: 'Accepted', 'in-review': 'Back in review', closed: 'Closed' };

export const ACCEPTANCE_STATUSES = ['in-force', 'rejected', 'expired', 'revoked', 'lapsed', 'superseded'] as const;
export type AcceptanceStatus = (typeof ACCEPTANCE_STATUSES)[number];

export const EXCEPTION_SCOPES = ['service', 'asset', 'unit'] as const;
export type ExceptionScope = (typeof EXCEPTION_SCOPES)[number];
export const EXCEPTION_STATUSES = ['requested', 'in-force', 'rejected', 'expired', 'revoked', 'lapsed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export interface RiskTables {
  risk_likelihoods: { level: number; name: string; description: Generated<string> };
  risk_impacts: { level: number; name: string; description: Generated<string> };
  risk_bands: { code: string; name: string; rank: number; colour: string; accepting_role_code: string; owner_may_accept: Generated<boolean>; max_acceptance_months: number };
  risk_matrix_cells: { likelihood: number; impact: number; score: number; band_code: string };
  risk_appetites: { unit_id: string; max_band_code: string; updated_at: UpdatedAt };
  risks: {
    id: Generated<string>;
    reference: string;
    title: string;
    description: Generated<string>;
    cause: Generated<string>;
    effect: Generated<string>;
    threats: Generated<string>;
    unit_id: string;
    owner_person_id: string;
    inherent_likelihood: number;
    inherent_impact: number;
    residual_likelihood: number;
    residual_impact: number;
    treatment: Treatment;
    status: Generated<RiskStatus>;
    review_on: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  risk_assets: { risk_id: string; asset_id: string };
  risk_services: { risk_id: string; service_id: string };
  risk_requirements: { risk_id: string; requirement_id: string };
  risk_controls: { risk_id: string; control_id: string };
  risk_ratings: {
    id: Generated<string>;
    seq: Generated<string>;
    risk_id: string;
    rated_at: CreatedAt;
    inherent_likelihood: number;
    inherent_impact: number;
    inherent_score: number;
    inherent_band: string;
    residual_likelihood: number;
    residual_impact: number;
    residual_score: number;
    residual_band: string;
    reason: 'created' | 'rated' | 'matrix-changed';
    rated_by: string;
  };
  risk_acceptances: {
    id: Generated<string>;
    seq: Generated<string>;
    risk_id: string;
    decision_id: string;
    outcome: 'accepted' | 'rejected';
    band_code: string;
    role_code: string;
    unit_id: string | null;
    decided_by_person_id: string;
    justification: string;
    conditions: Generated<string>;
    expires_on: string | null;
    status: AcceptanceStatus;
    ended_at: Date | null;
    ended_reason: string | null;
    ended_by: string | null;
    created_at: CreatedAt;
  };
  requirement_exceptions: {
    id: Generated<string>;
    reference: string;
    requirement_id: string;
    scope_type: ExceptionScope;
    scope_id: string;
    risk_id: string;
    justification: string;
    requested_by_person_id: string | null;
    status: Generated<ExceptionStatus>;
    decision_id: string | null;
    decided_by_person_id: string | null;
    expires_on: string | null;
    ended_reason: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}

// ---- The matrix as the rules see it ----

export interface Band {
  readonly code: string;
  readonly name: string;
  readonly rank: number;
  readonly colour: string;
  readonly acceptingRoleCode: string;
  readonly ownerMayAccept: boolean;
  readonly maxAcceptanceMonths: number;
}

export interface RiskMatrix {
  readonly likelihoods: ReadonlyArray<{ readonly level: number; readonly name: string; readonly description: string }>;
  readonly impacts: ReadonlyArray<{ readonly level: number; readonly name: string; readonly description: string }>;
  readonly bands: readonly Band[];
  readonly cells: ReadonlyArray<{ readonly likelihood: number; readonly impact: number; readonly score: number; readonly bandCode: string }>;
  /** The accountable role that decides a risk above the appetite of every unit up to the top. */
  readonly aboveAppetiteRoleCode: string;
}

export interface Rating {
  readonly likelihood: number;
  readonly impact: number;
  readonly score: number;
  readonly band: Band;
}

/** Where a risk's residual rating is held: its own unit, an ancestor, or nowhere (above every appetite). */
export interface Escalation {
  readonly escalated: boolean;
  /** The nearest unit, from the risk's own up, whose appetite holds the residual band; null when none does. */
  readonly holdingUnit: { readonly id: string; readonly name: string } | null;
  /** The unit whose accepting role decides: the holding unit, or the top of the tree when none holds it. */
  readonly decidingUnit: { readonly id: string; readonly name: string };
  readonly aboveAppetite: boolean;
}

/** Who may decide on a risk: the role for its band (or above appetite), and who holds it where it applies. */
export interface AcceptingAuthority {
  readonly roleCode: string;
  readonly roleName: string;
  /** Where the holder was found: a unit's appointment, or the risk's technology service (record roles). */
  readonly heldAt: string | null;
  readonly holders: ReadonlyArray<{ readonly personId: string; readonly name: string }>;
  readonly ownerMayAccept: boolean;
  readonly maxAcceptanceMonths: number;
}

// ---- What pages and the API get ----

export interface RiskSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly ownerPersonId: string;
  readonly ownerName: string;
  readonly inherent: Rating;
  readonly residual: Rating;
  readonly treatment: Treatment;
  readonly status: RiskStatus;
  readonly reviewOn: string;
  readonly overAppetite: boolean;
  /** The in-force acceptance's expiry, if any. */
  readonly acceptedUntil: string | null;
}

export interface RiskInput {
  readonly title: string;
  readonly description?: string;
  readonly cause?: string;
  readonly effect?: string;
  readonly threats?: string;
  /** Unit code or id. */
  readonly unit: string;
  /** Email or staff number of the risk owner. */
  readonly owner: string;
  readonly inherentLikelihood: number;
  readonly inherentImpact: number;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
  readonly treatment: string;
  readonly reviewOn: string;
  /** References (SVC-0001), asset references, requirement keys (SISP-007 or framework:key), control codes. */
  readonly services?: readonly string[];
  readonly assets?: readonly string[];
  readonly requirements?: readonly string[];
  readonly controls?: readonly string[];
  /** Supplier references (SUP-0001); left out, a change keeps the risk's suppliers as they are. */
  readonly suppliers?: readonly string[];
}

export interface Decision {
  readonly id: string;
  readonly outcome: 'accepted' | 'rejected';
  readonly status: AcceptanceStatus;
  readonly bandCode: string;
  readonly roleName: string;
  readonly decidedBy: string;
  readonly decidedAt: Date;
  readonly justification: string;
  readonly conditions: string;
  readonly expiresOn: string | null;
  readonly endedReason: string | null;
  readonly snapshot: Readonly<Record<string, unknown>>;
}

export interface RiskDetails extends RiskSummary {
  readonly description: string;
  readonly cause: string;
  readonly effect: string;
  readonly threats: string;
  readonly ownerEmail: string | null;
  readonly services: ReadonlyArray<{ readonly id: string; readonly reference: string; readonly name: string }>;
  readonly assets: ReadonlyArray<{ readonly id: string; readonly reference: string; readonly name: string }>;
  readonly requirements: ReadonlyArray<{ readonly id: string; readonly key: string; readonly text: string; readonly framework: string | null }>;
  readonly controls: ReadonlyArray<{ readonly id: string; readonly code: string; readonly title: string }>;
  readonly suppliers: ReadonlyArray<{ readonly id: string; readonly reference: string; readonly name: string }>;
  readonly ratings: ReadonlyArray<{ readonly ratedAt: Date; readonly inherentScore: number; readonly inherentBand: string; readonly residualScore: number; readonly residualBand: string; readonly reason: string; readonly ratedBy: string }>;
  readonly decisions: readonly Decision[];
  readonly escalation: Escalation;
  readonly authority: AcceptingAuthority;
  /** Actions in the shared register raised by this risk. */
  readonly actions: readonly ActionSummary[];
  /** Exceptions this risk backs. */
  readonly exceptions: readonly RequirementException[];
}

export interface RequirementException {
  readonly id: string;
  readonly reference: string;
  readonly requirementId: string;
  readonly requirementKey: string;
  readonly requirementText: string;
  readonly scopeType: ExceptionScope;
  readonly scopeId: string;
  readonly scopeName: string;
  readonly riskId: string;
  readonly riskReference: string;
  readonly riskTitle: string;
  readonly justification: string;
  readonly status: ExceptionStatus;
  readonly expiresOn: string | null;
  /** In force today: decided, not expired, and its risk's acceptance in force. */
  readonly inForce: boolean;
}
