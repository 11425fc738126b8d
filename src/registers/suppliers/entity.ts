// The suppliers register's tables and words (issue 09): suppliers and contracts, what they reach,
// certifications, questionnaires, assessments with their single-use links, and deviations.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export const SUPPLIER_RECORD_TYPE = 'supplier';
/** The appointments on a supplier that manage it. */
export const SUPPLIER_MANAGING_ROLES = ['senior-responsible-officer', 'senior-business-owner'] as const;

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const VALUE_BANDS = ['under-10k', '10k-100k', '100k-1m', '1m-10m', 'over-10m'] as const;
export type ValueBand = (typeof VALUE_BANDS)[number];
export const VALUE_BAND_NAMES: Record<ValueBand, string> = { 'under-10k': 'Under £10,000', '10k-100k': '£10,000 to £100,000', '100k-1m': '£100,000 to £1 million', '1m-10m': '£1 million to £10 million', 'over-10m': 'Over £10 million' };

export const ASSESSMENT_STATUSES = ['in-progress', 'sent-to-supplier', 'answered', 'completed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const ANSWERS = ['yes', 'no', 'not-applicable'] as const;
export type Answer = (typeof ANSWERS)[number];
export const DEVIATION_KINDS = ['answer', 'certificate', 'control'] as const;
export type DeviationKind = (typeof DEVIATION_KINDS)[number];
export type AssessmentResult = 'meets' | 'meets-with-deviations' | 'does-not-meet';

export interface SupplierTables {
  suppliers: {
    id: Generated<string>;
    reference: string;
    name: string;
    company_number: string | null;
    contact_name: Generated<string>;
    contact_email: Generated<string>;
    description: Generated<string>;
    unit_id: string;
    criticality_override: Criticality | null;
    criticality_reason: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  supplier_contracts: {
    id: Generated<string>;
    supplier_id: string;
    reference: string;
    title: string;
    unit_id: string;
    starts_on: string;
    ends_on: string | null;
    value_band: ValueBand;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  supplier_assets: { supplier_id: string; asset_id: string };
  supplier_services: { supplier_id: string; service_id: string };
  supplier_subprocessors: { id: Generated<string>; supplier_id: string; name: string; country: Generated<string>; purpose: Generated<string> };
  supplier_controls: { supplier_id: string; control_id: string; applied: Generated<boolean> };
  certification_schemes: { code: string; name: string; sort_order: Generated<number> };
  supplier_certifications: { id: Generated<string>; supplier_id: string; scheme_code: string; certificate_number: string; scope: Generated<string>; expires_on: string; created_at: CreatedAt };
  supplier_reassessment_intervals: { criticality: Criticality; months: number };
  questionnaires: { id: Generated<string>; code: string; title: string; version: Generated<string>; description: Generated<string>; created_at: CreatedAt };
  questionnaire_groups: { id: Generated<string>; questionnaire_id: string; position: number; title: string };
  questionnaire_questions: { id: Generated<string>; group_id: string; position: number; key: string; text: string; required_answer: 'yes' | 'no' | null; weight: Generated<number>; guidance: Generated<string> };
  supplier_assessments: {
    id: Generated<string>;
    reference: string;
    supplier_id: string;
    questionnaire_id: string;
    status: Generated<AssessmentStatus>;
    assessor_person_id: string | null;
    answered_by: 'assessor' | 'supplier' | null;
    score: number | null;
    max_score: number | null;
    result: AssessmentResult | null;
    completed_on: string | null;
    reassess_on: string | null;
    completed_by: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  assessment_answers: { assessment_id: string; question_id: string; answer: Answer; comment: Generated<string>; answered_at: CreatedAt };
  supplier_questionnaire_links: { id: Generated<string>; assessment_id: string; token_sha256: string; sent_to: string; expires_at: Date; used_at: Date | null; revoked_at: Date | null; created_by: string; created_at: CreatedAt };
  supplier_deviations: {
    id: Generated<string>;
    supplier_id: string;
    assessment_id: string | null;
    kind: DeviationKind;
    question_id: string | null;
    certification_id: string | null;
    control_id: string | null;
    description: string;
    risk_id: string | null;
    status: Generated<'open' | 'resolved'>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  risk_suppliers: { risk_id: string; supplier_id: string };
}
