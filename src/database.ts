// The whole database, as Kysely sees it: each register contributes its tables.
import type { Kysely, Transaction } from 'kysely';
import type { AccessTables } from './access/tables.ts';
import type { AuditTables } from './platform/audit/tables.ts';
import type { PlatformTables } from './platform/db/platform-tables.ts';
import type { ImportTables } from './platform/imports/tables.ts';
import type { AppointmentTables } from './registers/appointments/entity.ts';
import type { ControlTables } from './registers/controls/entity.ts';
import type { DocumentTables } from './registers/documents/entity.ts';
import type { ClassificationTables } from './registers/information-assets/classification.entity.ts';
import type { InformationAssetTables } from './registers/information-assets/entity.ts';
import type { TechnologyServiceTables } from './registers/technology-services/entity.ts';
import type { FileTables } from './platform/files/tables.ts';
import type { FrameworkTables } from './registers/frameworks/entity.ts';
import type { ActionTables } from './registers/actions/entity.ts';
import type { RiskTables } from './registers/risks/entity.ts';
import type { SupplierTables } from './registers/suppliers/entity.ts';
import type { IncidentTables } from './registers/incidents/entity.ts';
import type { TrainingTables } from './registers/training/entity.ts';
import type { ComplianceTables } from './compliance/entity.ts';
import type { ComplianceReviewTables } from './registers/compliance-reviews/entity.ts';
import type { CafAssessmentTables } from './registers/caf-assessments/entity.ts';
import type { WorkTables } from './work/entity.ts';
import type { ContinuityTables } from './registers/continuity-plans/entity.ts';
import type { OrganisationUnitTable, UnitTypeTable } from './registers/organisation-units/entity.ts';
import type { AccountTable, PersonTable } from './registers/people/entity.ts';

export interface Database
  extends PlatformTables,
    AuditTables,
    AccessTables,
    AppointmentTables,
    ImportTables,
    DocumentTables,
    ClassificationTables,
    FileTables,
    InformationAssetTables,
    FrameworkTables,
    ActionTables,
    RiskTables,
    SupplierTables,
    IncidentTables,
    TrainingTables,
    ContinuityTables,
    ComplianceTables,
    ComplianceReviewTables,
    CafAssessmentTables,
    WorkTables,
    TechnologyServiceTables,
    ControlTables {
  unit_types: UnitTypeTable;
  organisation_units: OrganisationUnitTable;
  people: PersonTable;
  accounts: AccountTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
