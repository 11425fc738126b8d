// The MoJ example's risks (issue 08): appetites for the department and its agencies, and a register
// with risks within appetite, escalated and awaiting a decision, accepted by the right role, one whose
// acceptance expired and is back in review, and an exception to a policy requirement. Everything goes in
// through the services, decisions by the people who hold the accepting roles; idempotent by title.
import type { Actor } from '../../access/actor.ts';
import { auditActorOf } from '../../access/actor.ts';
import { addDays, addMonths, londonDate } from '../../platform/clock.ts';
import { ControlRepository } from '../../registers/controls/repository.ts';
import { RiskDecisionRepository } from '../../registers/risks/decision.repository.ts';
import type { RiskInput } from '../../registers/risks/entity.ts';
import { RiskRepository } from '../../registers/risks/repository.ts';
import type { Services } from '../../services.ts';
import { examplePerson } from '../example-person.ts';

const D = '@example.justice.gov.uk';

const APPETITES: ReadonlyArray<readonly [unit: string, band: string]> = [
  ['MOJ', 'high'],
  ['HMPPS', 'medium'],
  ['HMCTS', 'medium'],
  ['LAA', 'medium'],
  ['MOJ-DIGITAL', 'medium'],
  ['HMPPS-PRISONS', 'low'],
  ['HMPPS-PROBATION', 'low'],
  ['HMCTS-DIGITAL', 'low'],
];

type ExampleRisk = RiskInput & { readonly next: 'none' | 'ask' | { readonly acceptedBy: string; readonly months: number; readonly conditions: string } | { readonly expiredAcceptanceBy: string } };

const review = (today: string, months: number) => addMonths(today, months);

function risks(today: string): readonly ExampleRisk[] {
  return [
    {
      title: 'CCTV footage kept longer than the retention schedule allows',
      description: 'Recordings from wing and visits-hall cameras are kept for 180 days at several prisons; the schedule says 90.',
      cause: 'Local recorders were set up before the schedule changed and are not centrally managed.',
      effect: 'Personal data kept without a lawful reason; a larger store to lose in a breach.',
      threats: 'Unlawful processing; theft of recorders',
      unit: 'HMPPS-PRISONS',
      owner: `nadia.bolt${D}`,
      inherentLikelihood: 3,
      inherentImpact: 3,
      residualLikelihood: 2,
      residualImpact: 2,
      treatment: 'reduce',
      reviewOn: review(today, 6),
      services: ['SVC-0003'],
      assets: ['HMPPS-IA-0003'],
      controls: ['CTL-PRC-04'],
      next: 'none',
    },
    {
      title: 'Privileged access to probation case management not reviewed',
      description: 'Administrator accounts on the probation case system have not had a quarterly access review this year.',
      cause: 'The access review was paused during the supplier transition.',
      effect: 'Leavers or movers could keep administrator access to supervision records.',
      threats: 'Insider misuse; compromised administrator credentials',
      unit: 'HMPPS-PROBATION',
      owner: `callum.hearth${D}`,
      inherentLikelihood: 4,
      inherentImpact: 4,
      residualLikelihood: 3,
      residualImpact: 3,
      treatment: 'reduce',
      reviewOn: review(today, 3),
      services: ['SVC-0002'],
      assets: ['HMPPS-IA-0002'],
      controls: ['CTL-PRC-01', 'CTL-ACC-01'],
      next: 'ask',
    },
    {
      title: 'Legacy TLS on a Common Platform supplier interface',
      description: 'One interface to a criminal justice partner still accepts TLS 1.1 until the partner upgrades.',
      cause: 'The partner’s system cannot negotiate TLS 1.2 until its replacement goes live.',
      effect: 'Case data in transit on that link is weaker against interception.',
      threats: 'Interception; downgrade attacks',
      unit: 'HMCTS-DIGITAL',
      owner: `uma.seal${D}`,
      inherentLikelihood: 4,
      inherentImpact: 4,
      residualLikelihood: 3,
      residualImpact: 4,
      treatment: 'accept',
      reviewOn: review(today, 3),
      services: ['SVC-0004'],
      assets: ['HMCTS-IA-0001'],
      controls: ['CTL-LOG-01'],
      next: { acceptedBy: `quentin.register${D}`, months: 5, conditions: 'Traffic on the link is monitored daily; the partner upgrades before the acceptance ends.' },
    },
    {
      title: 'Weekly vulnerability scans missed on the legal aid applications service',
      description: 'Scans were not run for six weeks while the scanning tool was re-licensed.',
      cause: 'Licence renewal was not tracked.',
      effect: 'New vulnerabilities on an internet-facing service could go unnoticed.',
      threats: 'Exploitation of unpatched web components',
      unit: 'LAA',
      owner: `fiona.counsel${D}`,
      inherentLikelihood: 3,
      inherentImpact: 3,
      residualLikelihood: 2,
      residualImpact: 3,
      treatment: 'reduce',
      reviewOn: review(today, 2),
      services: ['SVC-0005'],
      controls: ['CTL-VUL-01'],
      next: { expiredAcceptanceBy: `hannah.writ${D}` },
    },
    {
      title: 'Ransomware spreading across the prison estate network',
      description: 'Flat network segments between prisons would let ransomware reach case management, CCTV and door control.',
      cause: 'Segmentation of the older estate network is incomplete.',
      effect: 'Prisons unable to run regimes safely; loss of case records.',
      threats: 'Ransomware; criminal groups',
      unit: 'HMPPS-PRISONS',
      owner: `nadia.bolt${D}`,
      inherentLikelihood: 4,
      inherentImpact: 5,
      residualLikelihood: 4,
      residualImpact: 5,
      treatment: 'reduce',
      reviewOn: review(today, 1),
      services: ['SVC-0001', 'SVC-0003'],
      assets: ['HMPPS-IA-0001'],
      controls: ['CTL-BCK-01', 'CTL-LOG-01'],
      next: 'none',
    },
  ];
}


export async function loadExampleRisks(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const db = services.context.db;
  const today = londonDate(services.context.clock.now());
  const existing = new Set((await db.selectFrom('risks').select('title').execute()).map((r) => r.title));
  const appetites = await services.riskConfiguration.appetites(actor);
  let created = 0;
  let unchanged = 0;
  for (const [unit, band] of APPETITES) {
    if (appetites.some((a) => a.code === unit && a.bandCode !== null)) unchanged++;
    else if (appetites.some((a) => a.code === unit)) {
      await services.riskConfiguration.setAppetite(actor, unit, band);
      created++;
    }
  }
  const ids = new Map<string, string>();
  for (const risk of risks(today)) {
    if (existing.has(risk.title)) {
      unchanged++;
      continue;
    }
    const { next, ...input } = risk;
    const id = await services.risks.create(actor, input);
    ids.set(risk.title, id);
    created++;
    if (next === 'ask') await services.risks.askForDecision(actor, id);
    else if (typeof next === 'object' && 'acceptedBy' in next) {
      const decider = await examplePerson(services, next.acceptedBy);
      if (decider) await services.riskDecisions.decide(decider, id, { outcome: 'accepted', justification: 'The partner’s replacement system is funded and scheduled; the link carries a limited set of case data.', conditions: next.conditions, expiresOn: addMonths(today, next.months) });
    } else if (typeof next === 'object') {
      await recordExpiredAcceptance(services, actor, id, next.expiredAcceptanceBy, today);
    }
  }
  // The accepted TLS risk backs an exception to the policy statement on protecting technology services.
  const tls = ids.get('Legacy TLS on a Common Platform supplier interface');
  const statement = await new ControlRepository(db).requirementKeyMentioning('technology services are protected');
  if (tls && statement) {
    const exception = await services.requirementExceptions.request(actor, { requirement: statement, scopeType: 'service', scope: 'SVC-0004', riskId: tls, justification: 'One partner interface cannot use TLS 1.2 until the partner’s replacement goes live.' });
    const decider = await examplePerson(services, `quentin.register${D}`);
    if (decider) await services.requirementExceptions.decide(decider, exception, { outcome: 'accepted', justification: 'Backed by the accepted risk; ends with it.', expiresOn: addMonths(today, 4) });
  }
  await services.riskDecisions.reviewSweep();
  return { created, unchanged };
}

/**
 * History, not a decision made today: an acceptance taken months ago that has now run out. It is written
 * as it was recorded then (audited as example history); the review sweep then ends it, as it would have.
 */
async function recordExpiredAcceptance(services: Services, actor: Actor, riskId: string, deciderEmail: string, today: string): Promise<void> {
  const db = services.context.db;
  const decider = await new RiskRepository(db).personByReference(deciderEmail);
  const risk = await services.risks.get(actor, riskId);
  if (!decider) return;
  const decidedOn = addMonths(today, -6);
  await services.audit.write(db, async (trx) => {
    const decisions = new RiskDecisionRepository(trx);
    const at = new Date(`${decidedOn}T10:00:00Z`);
    const snapshot = { reference: risk.reference, title: risk.title, residual: { likelihood: risk.residual.likelihood, impact: risk.residual.impact, score: risk.residual.score, band: risk.residual.band.code }, controls: risk.controls.map((c) => c.code) };
    const decisionId = await decisions.insertDecision({ kind: 'risk-acceptance', recordType: 'risk', recordId: riskId, personId: decider.id, label: decider.name, roleHeld: risk.authority.roleName, outcome: 'accepted', reason: 'Scans resume once the licence is renewed.', snapshot, at });
    await decisions.insertAcceptance({ riskId, decisionId, outcome: 'accepted', bandCode: risk.residual.band.code, roleCode: risk.authority.roleCode, unitId: risk.escalation.decidingUnit.id, personId: decider.id, justification: 'Scans resume once the licence is renewed.', conditions: 'Licence renewed within the month.', expiresOn: addDays(today, -3) });
    await new RiskRepository(trx).setStatus(riskId, 'accepted', at);
    return { result: undefined, event: { actor: auditActorOf(actor), action: 'example.history-recorded', recordType: 'risk', recordId: riskId, metadata: { acceptedOn: decidedOn, by: decider.name } } };
  });
}
