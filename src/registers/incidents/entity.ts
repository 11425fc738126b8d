// The incidents register's tables and words (issue 10): incidents and near misses, reported by anyone,
// triaged and handled through forward-only stages, with the ICO clock for personal data breaches, lessons
// learned and corrective actions (in the shared actions register), and the quarterly return as data.
import type { ActionSummary } from '../actions/entity.ts';

/** Forward only; `closed` only through closing (lessons and actions), and back only by reopening. */
export const INCIDENT_STAGES = ['reported', 'triaged', 'contained', 'eradicated', 'recovered', 'closed'] as const;
export type IncidentStage = (typeof INCIDENT_STAGES)[number];
export const STAGE_NAMES: Record<IncidentStage, string> = { reported: 'Reported', triaged: 'Triaged', contained: 'Contained', eradicated: 'Eradicated', recovered: 'Recovered', closed: 'Closed' };
/** The stages `advance` moves to: after triage and before closing. */
export const HANDLING_STAGES: readonly IncidentStage[] = ['contained', 'eradicated', 'recovered'];

export const INCIDENT_CATEGORIES = ['confidentiality', 'integrity', 'availability'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<IncidentCategory, string> = { confidentiality: 'Confidentiality', integrity: 'Integrity', availability: 'Availability' };

export const INCIDENT_KINDS = ['incident', 'near-miss'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const KIND_NAMES: Record<IncidentKind, string> = { incident: 'Incident', 'near-miss': 'Near miss' };

/** Whether personal data is involved. "Not sure" counts as yes for the ICO clock. */
export const PERSONAL_DATA_ANSWERS = ['yes', 'no', 'not-sure'] as const;
export type PersonalDataAnswer = (typeof PERSONAL_DATA_ANSWERS)[number];
export const PERSONAL_DATA_NAMES: Record<PersonalDataAnswer, string> = { yes: 'Yes', no: 'No', 'not-sure': 'Not sure' };

export const ICO_OUTCOMES = ['report', 'do-not-report'] as const;
export type IcoOutcome = (typeof ICO_OUTCOMES)[number];
export const ICO_OUTCOME_NAMES: Record<IcoOutcome, string> = { report: 'Report to the ICO', 'do-not-report': 'Do not report to the ICO' };

/** Records an incident links to (besides people, which are personal data). */
export const LINKED_RECORD_TYPES = ['asset', 'service', 'supplier'] as const;
export type LinkedRecordType = (typeof LINKED_RECORD_TYPES)[number];

export const PERSON_LINK_ROLES = ['affected', 'involved'] as const;
export type PersonLinkRole = (typeof PERSON_LINK_ROLES)[number];

/** What a corrective action adds or changes. */
export const ACTION_TARGET_TYPES = ['control', 'risk', 'document'] as const;
export type ActionTargetType = (typeof ACTION_TARGET_TYPES)[number];

export const TIMELINE_KINDS = ['reported', 'triaged', 'stage', 'note', 'assignment', 'decision', 'action', 'lessons', 'link', 'reopened', 'closed'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** What readers without need-to-know see in place of personal data. */
export const RESTRICTED_TEXT = '[restricted: personal data]';

export const isIncidentStage = (value: string): value is IncidentStage => (INCIDENT_STAGES as readonly string[]).includes(value);
export const isIncidentCategory = (value: string): value is IncidentCategory => (INCIDENT_CATEGORIES as readonly string[]).includes(value);
export const isIncidentKind = (value: string): value is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(value);
export const isPersonalDataAnswer = (value: string): value is PersonalDataAnswer => (PERSONAL_DATA_ANSWERS as readonly string[]).includes(value);
export const isIcoOutcome = (value: string): value is IcoOutcome => (ICO_OUTCOMES as readonly string[]).includes(value);

export type { IncidentTables } from './tables.ts';

// ---- Reference data ----

export interface IncidentType {
  readonly code: string;
  readonly name: string;
  readonly description: string;
}

export interface IncidentSeverity {
  readonly code: string;
  readonly name: string;
  readonly rank: number;
  readonly description: string;
}

export interface IncidentOptions {
  readonly types: readonly IncidentType[];
  readonly severities: readonly IncidentSeverity[];
  readonly categories: readonly IncidentCategory[];
  readonly kinds: readonly IncidentKind[];
  readonly stages: readonly IncidentStage[];
}

export interface IncidentSettings {
  /** Target hours from report to triage (setting `incidents.triage-target-hours`, default 24). */
  readonly triageTargetHours: number;
  /** The accountable role that decides on reporting to the ICO (setting `incidents.ico-decision-role`). */
  readonly icoDecisionRoleCode: string;
  readonly icoDecisionRoleName: string;
  /** Where the security team is told of new reports (setting `incidents.security-mailbox`); null: the Chief Security Officer. */
  readonly securityMailbox: string | null;
}

// ---- Inputs ----

export interface IncidentReportInput {
  readonly title: string;
  /** What happened. */
  readonly description: string;
  /** When it happened: an ISO date-time (`2026-11-27T14:30`, read as Europe/London when it has no offset) or a date. */
  readonly occurredAt: string;
  /** When the reporter became aware of it; the ICO clock runs from here. */
  readonly awareAt: string;
  /** Free text: the information or systems involved. */
  readonly affectedInformation?: string;
  /** References of information assets (IA-…) and technology services (SVC-…). */
  readonly assets?: readonly string[];
  readonly services?: readonly string[];
  readonly personalData: string;
  /** Who is affected and what personal data: need-to-know. */
  readonly personalDataDetails?: string;
  /** What has been done so far. */
  readonly actionsTaken?: string;
  /** 'incident' (default) or 'near-miss': confirmed at triage. */
  readonly kind?: string;
  /** A unit's code; by default the reporter's own unit (people.unit_id). */
  readonly unit?: string;
  /** Only for the system actor (the example, imports): the email or staff number of whoever reported it. */
  readonly reportedBy?: string;
}

export interface TriageInput {
  readonly category: string;
  readonly typeCode: string;
  readonly severityCode: string;
  readonly kind: string;
  /** The handler's answer may correct the reporter's. */
  readonly personalData?: string;
  readonly personalDataDetails?: string;
  /** The handler to assign in the same step: an email or staff number. */
  readonly handler?: string;
  readonly note?: string;
}

export interface LessonsInput {
  readonly wentWell: string;
  readonly wentBadly: string;
  readonly rootCause: string;
}

export interface CorrectiveActionInput {
  readonly title: string;
  readonly description?: string;
  /** Email or staff number of the owner. */
  readonly owner: string;
  readonly dueOn: string;
  /** What the action adds or changes: a control's code, a risk's reference or a document's key prefix or id. */
  readonly targets?: ReadonlyArray<{ readonly type: string; readonly reference: string }>;
}

export interface IcoDecisionInput {
  readonly outcome: string;
  readonly reason: string;
}

export interface IncidentFilter {
  readonly unitId?: string;
  readonly stage?: IncidentStage;
  /** true: stages before closed. */
  readonly open?: boolean;
  readonly kind?: IncidentKind;
  readonly category?: IncidentCategory;
  readonly severityCode?: string;
  readonly personalData?: PersonalDataAnswer;
  /** true: personal data breaches past their 72 hours with no decision. */
  readonly icoOverdue?: boolean;
  /** Reported on or after / on or before these calendar dates (Europe/London). */
  readonly reportedFrom?: string;
  readonly reportedTo?: string;
  /** Reference, title or description. */
  readonly search?: string;
}

// ---- What the register shows ----

/** The ICO clock: 72 hours from awareness to the decision on reporting, for a possible personal data breach. */
export interface IcoClock {
  /** Personal data yes or not sure, and not a triaged near miss. */
  readonly applies: boolean;
  readonly awareAt: Date;
  readonly icoDeadline: Date;
  /** Hours until the deadline (negative once past, one decimal); null once decided or where the clock does not apply. */
  readonly hoursLeft: number | null;
  /** Past the deadline with no decision. */
  readonly overdue: boolean;
  readonly decided: boolean;
  /** The first decision came after the deadline. */
  readonly decidedLate: boolean;
  /** The latest decision. */
  readonly decision: IcoDecision | null;
}

export interface IcoDecision {
  readonly id: string;
  readonly outcome: IcoOutcome;
  readonly reason: string;
  readonly decidedBy: string;
  readonly roleHeld: string;
  readonly decidedAt: Date;
  readonly snapshot: Record<string, unknown>;
}

/** The triage clock: from report to triage, against the target. */
export interface TriageClock {
  readonly dueAt: Date;
  readonly triagedAt: Date | null;
  /** Hours from report to triage, once triaged (one decimal). */
  readonly hoursTaken: number | null;
  /** Not triaged and past the target, or triaged after it. */
  readonly overdue: boolean;
}

export interface IncidentSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly kind: IncidentKind;
  readonly stage: IncidentStage;
  readonly category: IncidentCategory | null;
  readonly typeCode: string | null;
  readonly typeName: string | null;
  readonly severity: IncidentSeverity | null;
  readonly personalData: PersonalDataAnswer;
  readonly unitId: string;
  readonly unitName: string;
  readonly agencyName: string;
  readonly reportedAt: Date;
  readonly occurredAt: Date;
  readonly reportedBy: string;
  readonly handlerPersonId: string | null;
  readonly handlerName: string | null;
  readonly triage: TriageClock;
  readonly ico: IcoClock;
  readonly closedAt: Date | null;
}

export interface IncidentRecordLink {
  readonly type: LinkedRecordType;
  readonly id: string;
  readonly reference: string;
  readonly name: string;
}

export interface IncidentPersonLink {
  readonly personId: string;
  readonly name: string;
  readonly email: string;
  readonly role: PersonLinkRole;
  readonly note: string;
}

export interface TimelineEntry {
  readonly id: string;
  readonly at: Date;
  readonly kind: TimelineKind;
  readonly by: string;
  /** RESTRICTED_TEXT for a restricted note the viewer may not see. */
  readonly text: string;
  readonly restricted: boolean;
  readonly data: Record<string, unknown>;
}

export interface Lessons {
  readonly wentWell: string;
  readonly wentBadly: string;
  readonly rootCause: string;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export interface ActionTarget {
  readonly actionId: string;
  readonly type: ActionTargetType;
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly href: string;
}

export interface CorrectiveAction extends ActionSummary {
  readonly targets: readonly ActionTarget[];
}

/** What the viewer may do to the incident: for the page's buttons. The services check again. */
export interface IncidentPermissions {
  readonly handle: boolean;
  readonly assign: boolean;
  readonly reopen: boolean;
  readonly decideIco: boolean;
  readonly seePersonalData: boolean;
}

export interface IncidentDetails extends IncidentSummary {
  readonly description: string;
  readonly affectedInformation: string;
  readonly actionsTaken: string;
  readonly unitCode: string;
  readonly reportedByPersonId: string | null;
  /** The details, or RESTRICTED_TEXT where the viewer has no need to know. */
  readonly personalDataDetails: string;
  /** Empty where the viewer may not see personal data (see `personalDataRestricted`). */
  readonly people: readonly IncidentPersonLink[];
  readonly personalDataRestricted: boolean;
  readonly assets: readonly IncidentRecordLink[];
  readonly services: readonly IncidentRecordLink[];
  readonly suppliers: readonly IncidentRecordLink[];
  readonly timeline: readonly TimelineEntry[];
  readonly lessons: Lessons | null;
  readonly actions: readonly CorrectiveAction[];
  readonly icoDecisions: readonly IcoDecision[];
  /** Who decides on reporting to the ICO for this incident: the role and its nearest holders. */
  readonly icoDecider: { readonly roleCode: string; readonly roleName: string; readonly holders: ReadonlyArray<{ readonly personId: string; readonly name: string }> };
  /** What closing still needs, in words ("lessons learned", "a corrective action", ...): empty when it may close. */
  readonly missingToClose: readonly string[];
  readonly may: IncidentPermissions;
}

export interface IncidentPage {
  readonly incidents: readonly IncidentSummary[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

export interface TrendSeries {
  readonly key: string;
  readonly label: string;
  /** One count per month of `IncidentTrend.months`. */
  readonly counts: readonly number[];
  readonly total: number;
}

export interface IncidentTrend {
  /** 'YYYY-MM', oldest first, every month from the filter's range (default: the last 12 months). */
  readonly months: readonly string[];
  readonly incidents: readonly number[];
  readonly nearMisses: readonly number[];
  readonly byAgency: readonly TrendSeries[];
  /** Keyed by category; untriaged incidents under the key 'untriaged'. */
  readonly byCategory: readonly TrendSeries[];
}

export interface TimingStatistics {
  readonly count: number;
  readonly medianHours: number | null;
  readonly p90Hours: number | null;
}

export interface IncidentTimings {
  /** Report to triage, over triaged incidents. */
  readonly triage: TimingStatistics;
  /** Report to close, over closed incidents. */
  readonly close: TimingStatistics;
}

// ---- The quarterly return ----

/** One column of the return: its heading and what it counts (see docs/incidents.md). */
export interface ReturnColumn {
  readonly heading: string;
  readonly field: string;
}

export interface ReturnLayout {
  readonly columns: readonly ReturnColumn[];
}

/** A calendar quarter: `2026-Q3` is July to September 2026. */
export interface Quarter {
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/** What the return needs of an incident. */
export interface ReturnIncident {
  readonly reportedOn: string;
  readonly kind: IncidentKind;
  readonly category: IncidentCategory | null;
  readonly severityCode: string | null;
  readonly typeCode: string | null;
  readonly personalData: PersonalDataAnswer;
  readonly agencyCode: string;
  readonly agencyName: string;
}
