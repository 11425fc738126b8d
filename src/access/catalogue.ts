// The typed catalogue of actions and the built-in access roles that bundle them. Registers add their
// actions here as they arrive; a role holds at the unit it is granted at and everything below it.

export const ACTIONS = {
  'organisation.read': { kind: 'read', description: 'See the organisation tree, people, the accountability chain and contacts' },
  'organisation.manage': { kind: 'write', description: 'Create, edit and move organisational units' },
  'people.read': { kind: 'read', description: 'See people and their details' },
  'people.manage': { kind: 'write', description: 'Create, edit and import people' },
  'accounts.read': { kind: 'read', description: 'See user accounts' },
  'accounts.manage': { kind: 'write', description: 'Invite, disable and re-enable user accounts' },
  'roles.grant': { kind: 'write', description: 'Grant and remove access roles' },
  'appointments.manage': { kind: 'write', description: 'Appoint people to accountable roles, end appointments and edit the role catalogue' },
  'documents.read': { kind: 'read', description: 'Read the policy library: documents, their statements and findings' },
  'documents.give-feedback': { kind: 'write', description: 'Leave feedback on a document or one of its statements' },
  'documents.manage': { kind: 'write', description: 'Import, version and manage documents of the policy library' },
  'documents.draft': { kind: 'write', description: 'Write new versions of the documents you own, send them for approval and answer their feedback' },
  'documents.approve': { kind: 'write', description: 'Approve or return a draft document, when you hold the approving role for its tier and unit' },
  'documents.acknowledge': { kind: 'write', description: 'Acknowledge that you have read a document' },
  'documents.review': { kind: 'write', description: 'Record a document review: no change, revise or retire' },
  'documents.coverage': { kind: 'read', description: 'See and export who has acknowledged documents' },
  'assets.read': { kind: 'read', description: 'See information assets, their owners and classifications' },
  'assets.manage': { kind: 'write', description: 'Add, change and import information assets, and the classification vocabulary' },
  'assets.edit-own': { kind: 'write', description: 'Change the information assets you are the Information Asset Owner of' },
  'services.read': { kind: 'read', description: 'See technology services, their owners and derived classification' },
  'services.manage': { kind: 'write', description: 'Add, change and import technology services' },
  'services.edit-own': { kind: 'write', description: 'Change the technology services you are the Technology Service Owner or Senior Responsible Officer of, and record their control implementations' },
  'controls.read': { kind: 'read', description: 'See the control catalogue, baselines and control implementations with their evidence' },
  'controls.manage': { kind: 'write', description: 'Manage the control catalogue and baselines, and record control implementations' },
  'frameworks.read': { kind: 'read', description: 'See external frameworks (NCSC CAF, ISO 27001, NIST SP 800-53), their mappings to controls and coverage' },
  'frameworks.manage': { kind: 'write', description: 'Import frameworks and mapping sets, map framework requirements to controls and set GovAssure targets' },
  'risks.read': { kind: 'read', description: 'See the risk register, the heat map, decisions and exceptions' },
  'risks.manage': { kind: 'write', description: 'Add and change any risk and exception in your units, and set the risk matrix, appetites and who accepts each band' },
  'risks.edit-own': { kind: 'write', description: 'Change the risks you own, and ask for exceptions backed by them' },
  'risks.accept': { kind: 'write', description: 'Accept or reject risks and exceptions, when you hold the accepting role for their band at the right level' },
  'actions.read': { kind: 'read', description: 'See every action in the actions register' },
  'actions.manage': { kind: 'write', description: 'Add, reassign and close any action in your units' },
  'actions.edit-own': { kind: 'write', description: 'See and update the actions you own' },
  'suppliers.read': { kind: 'read', description: 'See suppliers and partners: their contracts, reach, certifications, assessments and deviations' },
  'suppliers.manage': { kind: 'write', description: 'Add, change and import suppliers and contracts in your units, and manage questionnaires' },
  'suppliers.edit-own': { kind: 'write', description: 'Manage the suppliers you are the Senior Responsible Officer or Senior Business Owner of, and assess suppliers you are assigned to' },
  'incidents.report': { kind: 'write', description: 'Report an information security incident or near miss, and see your own reports' },
  'incidents.read': { kind: 'read', description: 'See the incidents your units hold (personal data in them only where you need it)' },
  'incidents.handle': { kind: 'write', description: 'Triage and handle incidents in your units: assign handlers, move stages, record notes, lessons learned and corrective actions' },
  'incidents.decide': { kind: 'write', description: 'Record the decision on reporting a personal data breach to the Information Commissioner, when you hold the deciding role' },
  'continuity.read': { kind: 'read', description: 'See backup, disaster recovery and business continuity plans and their exercises' },
  'continuity.manage': { kind: 'write', description: 'Add and change any continuity plan and exercise in your units' },
  'continuity.edit-own': { kind: 'write', description: 'Manage the continuity plans you own and record their exercises' },
  'training.read': { kind: 'read', description: 'See security training completion across your units, down to each person' },
  'training.manage': { kind: 'write', description: 'Manage the course catalogue and import or record completions' },
  'training.view-own': { kind: 'read', description: 'See your own training, and your reports’ as their line manager' },
  'compliance.read': { kind: 'read', description: 'See compliance findings, the unmet-requirements report and posture for your units' },
  'compliance.evaluate': { kind: 'write', description: 'Run the compliance rules now, over everything' },
  'compliance.respond': { kind: 'write', description: 'Answer the findings you are accountable for: plan a fix as an action' },
  'compliance-reviews.read': { kind: 'read', description: 'See compliance reviews by the Security and Information Group: their checklists, results, findings and reports' },
  'compliance-reviews.manage': { kind: 'write', description: 'Plan and run compliance reviews: scope, checklist, results, findings and their remediation actions' },
  'caf-assessments.read': { kind: 'read', description: 'See CAF self-assessments (GovAssure) of critical services and their gap to the target profile' },
  'caf-assessments.manage': { kind: 'write', description: 'Start CAF self-assessments of critical services and assign their assessors' },
  'caf-assessments.assess': { kind: 'write', description: 'Assess the CAF outcomes of the self-assessments you are assigned to' },
  'work.view-own': { kind: 'read', description: 'See your own dated duties across every register ("my work")' },
  'audit.read': { kind: 'read', description: 'See the audit trail' },
  'audit.export': { kind: 'read', description: 'Export the audit trail for a SIEM' },
  'own-account.manage': { kind: 'write', description: 'Manage your own sessions, two-factor authentication and API tokens' },
} as const satisfies Record<string, { kind: 'read' | 'write'; description: string }>;

export type Action = keyof typeof ACTIONS;
export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

export const ACCESS_ROLES = {
  administrator: {
    name: 'Administrator',
    description: 'Runs Custodian: accounts, roles and the organisation.',
    actions: ALL_ACTIONS,
  },
  security_team: {
    name: 'Security team (Security and Information Group)',
    description: 'Runs the Information Security Framework: policies, risks, compliance, reviews.',
    actions: ['organisation.read', 'people.read', 'accounts.read', 'audit.read', 'audit.export', 'documents.read', 'documents.give-feedback', 'documents.manage', 'documents.draft', 'documents.approve', 'documents.acknowledge', 'documents.review', 'documents.coverage', 'assets.read', 'assets.manage', 'assets.edit-own', 'services.read', 'services.manage', 'services.edit-own', 'controls.read', 'controls.manage', 'frameworks.read', 'frameworks.manage', 'risks.read', 'risks.manage', 'risks.edit-own', 'risks.accept', 'actions.read', 'actions.manage', 'actions.edit-own', 'suppliers.read', 'suppliers.manage', 'suppliers.edit-own', 'incidents.report', 'incidents.read', 'incidents.handle', 'incidents.decide', 'continuity.read', 'continuity.manage', 'continuity.edit-own', 'training.read', 'training.manage', 'training.view-own', 'compliance.read', 'compliance.evaluate', 'compliance.respond', 'compliance-reviews.read', 'compliance-reviews.manage', 'caf-assessments.read', 'caf-assessments.manage', 'caf-assessments.assess', 'work.view-own', 'own-account.manage'],
  },
  auditor: {
    name: 'Auditor',
    description: 'Reads everything except what need-to-know restricts.',
    actions: ALL_ACTIONS.filter((a) => ACTIONS[a].kind === 'read').concat(['own-account.manage']),
  },
  appointee: {
    name: 'Holder of an accountable role',
    description: 'Holds (or deputises in) an accountable role for a unit, such as its SIRO or Information Assurance Lead: sees the unit’s people. Comes from the appointment, not granted by hand.',
    actions: ['organisation.read', 'people.read', 'documents.read', 'documents.give-feedback', 'documents.draft', 'documents.approve', 'documents.acknowledge', 'assets.read', 'assets.edit-own', 'services.read', 'services.edit-own', 'controls.read', 'frameworks.read', 'risks.read', 'risks.edit-own', 'risks.accept', 'actions.read', 'actions.edit-own', 'suppliers.read', 'suppliers.edit-own', 'incidents.report', 'incidents.read', 'incidents.handle', 'incidents.decide', 'continuity.read', 'continuity.edit-own', 'training.read', 'training.view-own', 'compliance.read', 'compliance.respond', 'compliance-reviews.read', 'caf-assessments.read', 'caf-assessments.assess', 'work.view-own', 'own-account.manage'],
  },
  staff: {
    name: 'Member of staff',
    description: 'Everyone signed in: reads the organisation, the policy library and their own work; reports incidents.',
    actions: ['organisation.read', 'documents.read', 'documents.give-feedback', 'documents.draft', 'documents.approve', 'documents.acknowledge', 'assets.read', 'assets.edit-own', 'services.read', 'services.edit-own', 'controls.read', 'frameworks.read', 'risks.edit-own', 'risks.accept', 'actions.edit-own', 'suppliers.edit-own', 'incidents.report', 'incidents.handle', 'incidents.decide', 'continuity.edit-own', 'training.view-own', 'compliance.respond', 'caf-assessments.assess', 'work.view-own', 'own-account.manage'],
  },
} as const satisfies Record<string, { name: string; description: string; actions: readonly Action[] }>;

export type AccessRole = keyof typeof ACCESS_ROLES;
export const ACCESS_ROLE_NAMES = Object.keys(ACCESS_ROLES) as AccessRole[];
/** The roles an administrator grants; the others follow from appointments or from signing in. */
export const GRANTABLE_ROLES: readonly AccessRole[] = ['administrator', 'security_team', 'auditor', 'staff'];

/** Roles whose holders must use two-factor authentication. */
export const ROLES_REQUIRING_TWO_FACTOR: readonly AccessRole[] = ['administrator', 'security_team'];

export function roleAllows(role: AccessRole, action: Action): boolean {
  return (ACCESS_ROLES[role].actions as readonly Action[]).includes(action);
}
