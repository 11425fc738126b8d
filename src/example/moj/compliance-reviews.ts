// The MoJ example's compliance-reviews (issue 13): one completed review by the Security and
// Information Group of the Prison case management system against statements of the Strategic
// Information Security Policy, with a mix of results, a major and two minor findings and an
// observation, and remediation actions with owners and due dates (one already done, the rest open);
// and one planned review of the Probation Service against outcomes of the NCSC CAF. Everything goes
// in through the services with the actor given; idempotent by title; dates relative to today.
import type { Actor } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import type { FindingSeverity, ItemResult } from '../../registers/compliance-reviews/entity.ts';
import { ComplianceReviewRepository } from '../../registers/compliance-reviews/repository.ts';
import type { Services } from '../../services.ts';

const D = '@example.justice.gov.uk';

interface ExampleFinding {
  readonly severity: FindingSeverity;
  readonly item: string;
  readonly description: string;
  readonly actions: ReadonlyArray<{ readonly title: string; readonly owner: string; readonly dueInDays: number; readonly done?: string }>;
}

const COMPLETED = {
  title: 'Prison case management system against the Strategic Information Security Policy',
  service: 'SVC-0001',
  source: 'SISP',
  lead: `ines.compass${D}`,
  plannedDaysAgo: 21,
  results: {
    'SISP-001': ['not-applicable', 'A statement of the department’s intent for its policies, not something one service meets.'],
    'SISP-003': ['partly-met', 'The database and its replica are encrypted with the service’s key; the weekly copies in the backup account use the account’s default key.'],
    'SISP-004': ['met', 'Both information assets the service holds are classified OFFICIAL-SENSITIVE and have an Information Asset Owner.'],
    'SISP-005': ['met', 'Controls from the technology standards are recorded against the service, with evidence from the last health check.'],
    'SISP-006': ['met', 'Two incidents this year were reported within the day and closed with lessons learned.'],
    'SISP-007': ['not-met', 'The hosting supplier has no current security assessment, and the call-off contract has no security schedule.'],
    'SISP-009': ['met', 'Failover was exercised three months ago within the recovery objectives.'],
    'SISP-010': ['partly-met', 'Three of the service’s 21 administrators are overdue their annual security training.'],
  } satisfies Record<string, [ItemResult, string]>,
  findings: [
    {
      severity: 'major',
      item: 'SISP-007',
      description: 'No security assurance of the hosting supplier: the last assessment lapsed in 2024 and the call-off contract has no security schedule, so the service cannot show the supplier protects prisoners’ data as the policy requires.',
      actions: [
        { title: 'Complete a supplier security assessment of the case system’s hosting supplier', owner: `ellen.wing${D}`, dueInDays: 45 },
        { title: 'Agree a security schedule for the hosting call-off contract', owner: `nadia.bolt${D}`, dueInDays: 90 },
      ],
    },
    {
      severity: 'minor',
      item: 'SISP-010',
      description: 'Three administrators with privileged access are overdue their annual information security training.',
      actions: [{ title: 'Bring the case system administrators’ security training up to date', owner: `ellen.wing${D}`, dueInDays: 14, done: 'All three completed the course; their privileged access was kept under review until then.' }],
    },
    {
      severity: 'minor',
      item: 'SISP-003',
      description: 'The weekly backup copies are encrypted with the backup account’s default key, not the service’s own key, so access to the backup account alone would expose them.',
      actions: [{ title: 'Re-encrypt the weekly backup copies with the service’s key', owner: `ellen.wing${D}`, dueInDays: 60 }],
    },
    {
      severity: 'observation',
      item: '',
      description: 'The platform team’s failover runbook is clear and was followed to the letter in the last exercise: worth offering to other HMPPS services as a model.',
      actions: [],
    },
  ] satisfies readonly ExampleFinding[],
  conclusion: 'The service largely meets the policy. One major finding on supplier assurance needs the SRO’s attention; the minor findings are in hand.',
};

const PLANNED = {
  title: 'Probation Service against NCSC CAF outcomes for identity and access',
  unit: 'HMPPS-PROBATION',
  source: 'ncsc-caf',
  requirements: 'A1.a B2.a B2.c B4.b',
  lead: `lena.lantern${D}`,
  plannedInDays: 40,
};

/** Adds the example reviews that are not there yet (matched by title); changes none that are. */
export async function loadExampleComplianceReviews(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const repository = new ComplianceReviewRepository(services.context.db);
  const reviews = services.complianceReviews;
  const today = londonDate(services.context.clock.now());
  let created = 0;
  let unchanged = 0;

  if (await repository.findReviewByTitle(COMPLETED.title)) unchanged++;
  else {
    const id = await reviews.create(actor, { title: COMPLETED.title, unit: '', service: COMPLETED.service, source: COMPLETED.source, requirements: Object.keys(COMPLETED.results).join(' '), lead: COMPLETED.lead, plannedOn: addDays(today, -COMPLETED.plannedDaysAgo) });
    await reviews.start(actor, id);
    const review = await reviews.get(actor, id);
    for (const item of review.checklist) {
      const [result, note] = COMPLETED.results[item.requirementKey as keyof typeof COMPLETED.results];
      await reviews.recordResult(actor, id, item.id, { result, note });
    }
    for (const finding of COMPLETED.findings) {
      const findingId = await reviews.addFinding(actor, id, { severity: finding.severity, description: finding.description, item: finding.item });
      for (const action of finding.actions) {
        const actionId = await reviews.addAction(actor, id, findingId, { title: action.title, owner: action.owner, dueOn: addDays(today, action.dueInDays) });
        if ('done' in action) await services.actions.recordProgress(actor, actionId, { status: 'done', progressNote: action.done });
      }
    }
    await reviews.complete(actor, id, { conclusion: COMPLETED.conclusion });
    created++;
  }

  if (await repository.findReviewByTitle(PLANNED.title)) unchanged++;
  else {
    await reviews.create(actor, { title: PLANNED.title, unit: PLANNED.unit, service: '', source: PLANNED.source, requirements: PLANNED.requirements, lead: PLANNED.lead, plannedOn: addDays(today, PLANNED.plannedInDays) });
    created++;
  }
  return { created, unchanged };
}
