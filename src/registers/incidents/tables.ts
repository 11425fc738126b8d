// The incidents register's tables as Kysely sees them (migrations/0015_incidents.sql).
import type { ColumnType, Generated } from 'kysely';
import type { ActionTargetType, IncidentCategory, IncidentKind, IncidentStage, PersonalDataAnswer, PersonLinkRole, TimelineKind } from './entity.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface IncidentTables {
  incident_types: { code: string; name: string; description: Generated<string>; sort_order: Generated<number> };
  incident_severities: { code: string; name: string; rank: number; description: Generated<string> };
  incidents: {
    id: Generated<string>;
    reference: string;
    title: string;
    /** What happened. */
    description: string;
    occurred_at: Date;
    aware_at: Date;
    reported_at: Date;
    reported_by_person_id: string | null;
    reported_by_label: string;
    unit_id: string;
    /** Free text: what information or systems. */
    affected_information: Generated<string>;
    personal_data: PersonalDataAnswer;
    /** Need-to-know: who is affected and what data. Shown only to the reporter, handler, security team and deciding role. */
    personal_data_details: Generated<string>;
    /** What has been done so far, as reported. */
    actions_taken: Generated<string>;
    kind: IncidentKind;
    category: IncidentCategory | null;
    type_code: string | null;
    severity_code: string | null;
    stage: Generated<IncidentStage>;
    handler_person_id: string | null;
    triaged_at: Date | null;
    closed_at: Date | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  incident_assets: { incident_id: string; asset_id: string };
  incident_services: { incident_id: string; service_id: string };
  incident_suppliers: { incident_id: string; supplier_id: string };
  incident_people: { incident_id: string; person_id: string; role: PersonLinkRole; note: Generated<string> };
  incident_events: {
    id: Generated<string>;
    seq: Generated<string>;
    incident_id: string;
    at: Date;
    kind: TimelineKind;
    by_person_id: string | null;
    by_label: string;
    text: Generated<string>;
    /** A note that holds personal data: shown only to those who may see it. */
    restricted: Generated<boolean>;
    data: ColumnType<unknown, string | undefined, string>;
  };
  incident_lessons: {
    incident_id: string;
    went_well: string;
    went_badly: string;
    root_cause: string;
    recorded_by: string;
    recorded_at: Date;
  };
  action_targets: { action_id: string; target_type: ActionTargetType; target_id: string; created_at: CreatedAt };
  incident_return_columns: { position: number; heading: string; field: string };
}
