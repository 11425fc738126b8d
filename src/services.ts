// Builds every service once, over one database, clock and configuration. The web app and the CLI
// both use this, so they run the same code for the same operation.
import { systemActor } from './access/actor.ts';
import type { Config } from './config.ts';
import type { Db } from './database.ts';
import type { Clock } from './platform/clock.ts';
import type { Engine } from './platform/db/database.ts';
import { logOnlyDelivery, NotificationOutbox, type MessageDelivery } from './platform/jobs/outbox.ts';
import { JobScheduler, type SchedulerLogger } from './platform/jobs/scheduler.ts';
import { smtpDelivery } from './platform/jobs/smtp-delivery.ts';
import { AccountsService } from './access/accounts.service.ts';
import { AuditLogService } from './access/audit-log.service.ts';
import { SignInService } from './access/sign-in.service.ts';
import { AuditTrail } from './platform/audit/audit-trail.ts';
import { AppointmentService } from './registers/appointments/service.ts';
import { AcknowledgementService } from './registers/documents/acknowledgements.ts';
import { DocumentReviewService } from './registers/documents/reviews.ts';
import { DocumentService } from './registers/documents/service.ts';
import { DocumentWorkflowService } from './registers/documents/workflow.ts';
import { ControlService } from './registers/controls/service.ts';
import { FrameworkService } from './registers/frameworks/service.ts';
import { ActionService } from './registers/actions/service.ts';
import { RiskConfigurationService } from './registers/risks/configuration.ts';
import { RiskDecisionService } from './registers/risks/decisions.ts';
import { RequirementExceptionService } from './registers/risks/exceptions.ts';
import { RiskService } from './registers/risks/service.ts';
import { SupplierAssessmentService } from './registers/suppliers/assessments.ts';
import { QuestionnaireService } from './registers/suppliers/questionnaires.ts';
import { SupplierService } from './registers/suppliers/service.ts';
import { IncidentService } from './registers/incidents/service.ts';
import { ContinuityPlanService } from './registers/continuity-plans/service.ts';
import { TrainingService } from './registers/training/service.ts';
import { ComplianceEngine } from './compliance/evaluate.ts';
import { ComplianceWatcher } from './compliance/watcher.ts';
import { ComplianceReportService } from './compliance/report.ts';
import { PostureService } from './compliance/posture.ts';
import { ComplianceReviewService } from './registers/compliance-reviews/service.ts';
import { CafAssessmentService } from './registers/caf-assessments/service.ts';
import { MyWorkService } from './work/my-work.ts';
import { REMINDERS_JOB, ReminderService } from './work/reminders.ts';
import { InformationAssetService } from './registers/information-assets/service.ts';
import { TechnologyServiceService } from './registers/technology-services/service.ts';
import { PeopleImport } from './registers/people/import.ts';
import { PeopleService } from './registers/people/service.ts';
import { OrganisationUnitRepository } from './registers/organisation-units/repository.ts';
import { OrganisationUnitService } from './registers/organisation-units/service.ts';

/** Ends risk acceptances and exceptions that reached their end date (issue 08). */
export const RISK_REVIEW_JOB = 'risks.review-sweep';
/** Runs every compliance rule over everything (issue 12). */
export const COMPLIANCE_EVALUATE_JOB = 'compliance.evaluate';
/** Re-checks what committed writes reached, for writes the watcher was not told of (other processes). */
export const COMPLIANCE_WATCH_JOB = 'compliance.watch';

export interface ServiceContext {
  readonly db: Db;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: SchedulerLogger;
  readonly delivery?: MessageDelivery;
}

export interface Services {
  readonly context: ServiceContext;
  readonly scheduler: JobScheduler;
  readonly outbox: NotificationOutbox;
  readonly audit: AuditTrail;
  readonly signIn: SignInService;
  readonly accounts: AccountsService;
  readonly auditLog: AuditLogService;
  readonly organisationUnits: OrganisationUnitService;
  readonly people: PeopleService;
  readonly peopleImport: PeopleImport;
  readonly appointments: AppointmentService;
  readonly documents: DocumentService;
  readonly documentWorkflow: DocumentWorkflowService;
  readonly documentReviews: DocumentReviewService;
  readonly acknowledgements: AcknowledgementService;
  readonly informationAssets: InformationAssetService;
  readonly technologyServices: TechnologyServiceService;
  readonly controls: ControlService;
  readonly frameworks: FrameworkService;
  readonly actions: ActionService;
  readonly risks: RiskService;
  readonly riskDecisions: RiskDecisionService;
  readonly riskConfiguration: RiskConfigurationService;
  readonly requirementExceptions: RequirementExceptionService;
  readonly supplierAssessments: SupplierAssessmentService;
  readonly questionnaires: QuestionnaireService;
  readonly suppliers: SupplierService;
  readonly incidents: IncidentService;
  readonly continuityPlans: ContinuityPlanService;
  readonly training: TrainingService;
  readonly compliance: ComplianceEngine;
  readonly complianceWatcher: ComplianceWatcher;
  readonly complianceReport: ComplianceReportService;
  readonly posture: PostureService;
  readonly complianceReviews: ComplianceReviewService;
  readonly cafAssessments: CafAssessmentService;
  readonly myWork: MyWorkService;
  readonly reminders: ReminderService;
}

export function createServices(context: ServiceContext): Services {
  const { db, clock, log } = context;
  const scheduler = new JobScheduler(db, clock, log);
  const outbox = new NotificationOutbox(db, clock, context.delivery ?? (context.config.smtp ? smtpDelivery(context.config.smtp) : logOnlyDelivery(log)));
  outbox.register(scheduler);
  const audit = new AuditTrail(db, clock);
  const riskDecisions = new RiskDecisionService(db, clock, audit, outbox);
  scheduler.define(RISK_REVIEW_JOB, async () => {
    await riskDecisions.reviewSweep();
  });
  const compliance = new ComplianceEngine(db, clock, audit);
  const complianceWatcher = new ComplianceWatcher(db, compliance, (error) => log.error({ err: error }, 'Compliance re-evaluation failed'));
  scheduler.define(COMPLIANCE_EVALUATE_JOB, async () => {
    await compliance.evaluate(systemActor('scheduled compliance evaluation'), 'schedule');
  });
  scheduler.define(COMPLIANCE_WATCH_JOB, async () => {
    await complianceWatcher.catchUp();
  });
  const { reminderHour, reminderDays, escalationDays, publicBaseUrl } = context.config;
  const reminders = new ReminderService(db, clock, audit, outbox, { hour: reminderHour, days: reminderDays, escalationDays, baseUrl: publicBaseUrl });
  scheduler.define(REMINDERS_JOB, async () => {
    await reminders.runIfDue();
  });
  return {
    context,
    scheduler,
    outbox,
    audit,
    signIn: new SignInService(db, clock, audit, context.config),
    accounts: new AccountsService(db, clock, audit, outbox, context.config.publicBaseUrl),
    auditLog: new AuditLogService(db, audit, context.config.auditKey),
    organisationUnits: new OrganisationUnitService(db, new OrganisationUnitRepository(db), audit),
    people: new PeopleService(db, clock, audit),
    peopleImport: new PeopleImport(db, clock, audit),
    appointments: new AppointmentService(db, clock, audit),
    documents: new DocumentService(db, clock, audit),
    documentWorkflow: new DocumentWorkflowService(db, clock, audit),
    documentReviews: new DocumentReviewService(db, clock, audit),
    acknowledgements: new AcknowledgementService(db, clock, audit),
    informationAssets: new InformationAssetService(db, clock, audit, context.config),
    technologyServices: new TechnologyServiceService(db, clock, audit, context.config),
    controls: new ControlService(db, clock, audit, context.config),
    frameworks: new FrameworkService(db, clock, audit),
    actions: new ActionService(db, clock, audit),
    risks: new RiskService(db, clock, audit, outbox),
    riskDecisions,
    riskConfiguration: new RiskConfigurationService(db, clock, audit, outbox),
    requirementExceptions: new RequirementExceptionService(db, clock, audit),
    supplierAssessments: new SupplierAssessmentService(db, clock, audit, outbox, context.config.publicBaseUrl, new RiskService(db, clock, audit, outbox)),
    questionnaires: new QuestionnaireService(db, audit),
    suppliers: new SupplierService(db, clock, audit),
    incidents: new IncidentService(db, clock, audit, outbox),
    continuityPlans: new ContinuityPlanService(db, clock, audit, context.config),
    training: new TrainingService(db, clock, audit),
    compliance,
    complianceWatcher,
    complianceReport: new ComplianceReportService(db, clock, audit),
    posture: new PostureService(db, clock),
    complianceReviews: new ComplianceReviewService(db, clock, audit, outbox),
    cafAssessments: new CafAssessmentService(db, clock, audit, outbox),
    myWork: new MyWorkService(db, clock),
    reminders,
  };
}

/** Recurring work every app process declares at start. */
export async function declareSchedules(services: Services): Promise<void> {
  await services.scheduler.every('deliver-notifications', 60);
  // Acceptances end on their date: checked hourly, so one ends within the hour of its day starting.
  await services.scheduler.every(RISK_REVIEW_JOB, 3600);
  await services.scheduler.every(COMPLIANCE_EVALUATE_JOB, 3600);
  await services.scheduler.every(COMPLIANCE_WATCH_JOB, 60);
  // Hourly: the job sends from CUSTODIAN_REMINDER_HOUR on, and each person's message once a day.
  await services.scheduler.every(REMINDERS_JOB, 3600);
}
