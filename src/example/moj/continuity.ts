// The MoJ example's continuity plans (issue 11): backup, disaster recovery and business continuity
// plans for the example's technology services, owned by each service's Technology Service Owner, with
// continuity-exercises: some in date, some overdue, one failed with its gap actions still open and one
// never exercised. Everything goes in through the service; idempotent by title. Dates are relative to
// today, so the standings hold whenever the example is loaded.
import type { Actor } from '../../access/actor.ts';
import { addDays, addMonths, londonDate } from '../../platform/clock.ts';
import type { ExerciseInput, PlanInput } from '../../registers/continuity-plans/entity.ts';
import { ContinuityRepository } from '../../registers/continuity-plans/repository.ts';
import type { Services } from '../../services.ts';
import { MOJ_SERVICES } from './services.ts';

type ExampleExercise = Omit<ExerciseInput, 'exercisedOn' | 'participants' | 'evidence' | 'actions'> & {
  readonly monthsAgo: number;
  readonly participants?: string;
  readonly evidence?: string;
  readonly actions?: ReadonlyArray<{ readonly title: string; readonly dueInDays: number }>;
};
type ExamplePlan = Omit<PlanInput, 'owner' | 'unit' | 'documentUrl' | 'status'> & { readonly documentUrl?: string; readonly status?: PlanInput['status']; readonly exercises: readonly ExampleExercise[] };

const ownerOf = (reference: string): string => {
  const service = MOJ_SERVICES.find((s) => s.reference === reference);
  if (!service) throw new Error(`The example continuity plans name ${reference}, which the example services do not have`);
  return service.tsoEmail;
};

const PLANS: readonly ExamplePlan[] = [
  {
    title: 'Prison case management system disaster recovery',
    kind: 'disaster-recovery',
    service: 'SVC-0001',
    rtoHours: '4',
    rpoHours: '1',
    backupArrangements: 'Continuous replication of the database to a second AWS region; nightly snapshots kept for 35 days.',
    testingIntervalMonths: '12',
    documentUrl: 'https://intranet.example.justice.gov.uk/continuity/prison-case-management-dr',
    exercises: [
      { monthsAgo: 3, kind: 'failover', scenario: 'Loss of the primary region: fail over to the second region and run a full day’s movements.', participants: 'HMPPS Digital platform team, two prison duty governors', result: 'passed', achievedRtoHours: '3', achievedRpoHours: '0.25', gaps: '', evidence: 'Failover runbook log in the platform team’s site' },
    ],
  },
  {
    title: 'Prison case management system backup',
    kind: 'backup',
    service: 'SVC-0001',
    rtoHours: '8',
    rpoHours: '24',
    backupArrangements: 'Nightly snapshots and weekly copies to an isolated backup account with object lock.',
    testingIntervalMonths: '6',
    exercises: [
      { monthsAgo: 2, kind: 'restore-test', scenario: 'Restore last night’s snapshot into an isolated account and check a sample of case records.', result: 'passed-with-issues', achievedRtoHours: '10', achievedRpoHours: '24', gaps: 'The restore took longer than the objective: the snapshot is not indexed.', actions: [{ title: 'Index the nightly snapshot catalogue', dueInDays: 60 }] },
    ],
  },
  {
    title: 'Common Platform disaster recovery',
    kind: 'disaster-recovery',
    service: 'SVC-0004',
    rtoHours: '2',
    rpoHours: '0.5',
    backupArrangements: 'Active-passive across two Azure regions; geo-redundant storage.',
    testingIntervalMonths: '12',
    exercises: [
      { monthsAgo: 1, kind: 'full-exercise', scenario: 'Ransomware in the primary region during a court day: recover to the second region from clean backups.', participants: 'HMCTS Digital, CGI, the Crown Court listing office', result: 'failed', achievedRtoHours: '14', achievedRpoHours: '6', gaps: 'Backups were reachable from the compromised tenant; the runbook missed the CPS interface.', evidence: 'Exercise report EX-2026-04', actions: [{ title: 'Move backups to an isolated tenant with immutable storage', dueInDays: 90 }, { title: 'Add the CPS interface to the recovery runbook', dueInDays: 30 }] },
    ],
  },
  {
    title: 'Legal aid digital applications business continuity',
    kind: 'business-continuity',
    service: 'SVC-0005',
    rtoHours: '24',
    rpoHours: '4',
    backupArrangements: 'Paper application forms held at each regional office; the service’s database snapshots every four hours.',
    testingIntervalMonths: '12',
    exercises: [
      { monthsAgo: 20, kind: 'tabletop', scenario: 'The service is unavailable for a week during a legal aid deadline.', participants: 'LAA operations, digital and communications leads', result: 'passed', achievedRtoHours: '', achievedRpoHours: '', gaps: '' },
    ],
  },
  {
    title: 'HR and payroll system disaster recovery',
    kind: 'disaster-recovery',
    service: 'SVC-0006',
    rtoHours: '48',
    rpoHours: '24',
    backupArrangements: 'Provided by the supplier under the SSCL contract; exports of pay data kept each pay run.',
    testingIntervalMonths: '12',
    exercises: [
      { monthsAgo: 15, kind: 'restore-test', scenario: 'Restore the payroll database as at the last pay run.', result: 'passed', achievedRtoHours: '30', achievedRpoHours: '24', gaps: '' },
    ],
  },
  {
    title: 'Microsoft 365 backup',
    kind: 'backup',
    service: 'SVC-0008',
    rtoHours: '24',
    rpoHours: '24',
    backupArrangements: 'Third-party backup of Exchange Online, SharePoint and OneDrive, kept for a year.',
    testingIntervalMonths: '12',
    status: 'draft',
    exercises: [],
  },
];

/** Adds the example plans that are not there yet (matched by title) with their exercises; changes none that are. */
export async function loadExampleContinuity(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const repository = new ContinuityRepository(services.context.db);
  const today = londonDate(services.context.clock.now());
  let created = 0;
  let unchanged = 0;
  for (const { exercises, ...plan } of PLANS) {
    if (await repository.findPlanByTitle(plan.title)) {
      unchanged++;
      continue;
    }
    const id = await services.continuityPlans.create(actor, { ...plan, unit: '', owner: ownerOf(plan.service), documentUrl: plan.documentUrl ?? '', status: plan.status ?? 'approved' });
    // Oldest first, so the last recorded is the plan's last exercise.
    for (const exercise of [...exercises].sort((a, b) => b.monthsAgo - a.monthsAgo)) {
      await services.continuityPlans.recordExercise(actor, id, {
        ...exercise,
        exercisedOn: addMonths(today, -exercise.monthsAgo),
        participants: exercise.participants ?? '',
        evidence: exercise.evidence ?? '',
        actions: (exercise.actions ?? []).map((a) => ({ title: a.title, dueOn: addDays(today, a.dueInDays) })),
      });
    }
    created++;
  }
  return { created, unchanged };
}
