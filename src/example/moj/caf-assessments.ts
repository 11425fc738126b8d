// The MoJ example's CAF self-assessment (issue 13): the Prison case management system (SVC-0001, one of
// the example's critical services) assessed against CAF 4.0 for the GovAssure Baseline profile. The
// security team starts it, so the registers pre-fill what they show (the example's controls on the
// service, with their evidence, and open compliance findings); the assessors, the Head of Cyber
// Security and the service's Technology Service Owner, then confirm a proposal and answer a few more
// outcomes themselves, some below target, so the gap to the target shows. Everything goes in through
// the service; loading again changes nothing. The due date is relative to today.
import type { Actor } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import type { AchievementLevel } from '../../registers/frameworks/formats/parsed.ts';
import type { Services } from '../../services.ts';
import { examplePerson } from '../example-person.ts';
import { MOJ_SERVICES } from './services.ts';

const D = '@example.justice.gov.uk';
const SERVICE = 'SVC-0001';
const ASSESSOR = `sam.beacon${D}`;

/** The assessor's own answers, as they would give them; 'confirm' takes the registers' proposal with a word of their own. */
const ANSWERS: ReadonlyArray<{ key: string; status: AchievementLevel | 'confirm'; justification: string }> = [
  { key: 'A1.a', status: 'achieved', justification: 'The board member with the security remit (DG-COO) owns cyber risk for the department; the Security and Information Group reports on it to the board every quarter (board minutes, June and September).' },
  { key: 'A1.b', status: 'partially-achieved', justification: 'The service’s Technology Service Owner and Senior Responsible Officer are appointed, but the security duties of the supplier’s support staff are not written into the contract schedule.' },
  { key: 'A1.c', status: 'achieved', justification: 'Security decisions for the service go through the HMPPS Digital design authority, whose terms of reference name the security lead; decisions are minuted.' },
  { key: 'B2.c', status: 'confirm', justification: 'Checked the conditional access policy export with the platform team: every administrator signs in with a second factor.' },
  { key: 'C1.b', status: 'not-achieved', justification: 'Security logs are collected from the database and load balancers only (CTL-LOG-01 partly implemented); nothing from the application, and no one reviews them.' },
  { key: 'D1.a', status: 'partially-achieved', justification: 'An incident response plan exists for HMPPS Digital but does not name this service’s suppliers or how to reach them out of hours.' },
];

export async function loadExampleCafAssessments(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  if (!MOJ_SERVICES.some((s) => s.reference === SERVICE && s.criticality === 'critical')) throw new Error(`The example CAF self-assessment is of ${SERVICE}, which must be a critical example service`);
  const tso = MOJ_SERVICES.find((s) => s.reference === SERVICE)!.tsoEmail;
  const caf = services.cafAssessments;
  const existing = (await caf.list(actor)).find((a) => a.serviceReference === SERVICE);
  const today = londonDate(services.context.clock.now());
  const id = existing?.id ?? (await caf.start(actor, { service: SERVICE, profile: 'baseline', dueOn: addDays(today, 60), assessors: [ASSESSOR, tso] }));
  const assessor = await examplePerson(services, ASSESSOR);
  if (!assessor) throw new Error(`The example CAF self-assessment’s assessor ${ASSESSOR} is not among the example people`);
  const assessment = await caf.get(actor, id);
  if (assessment.status === 'in-progress') {
    for (const answer of ANSWERS) {
      const outcome = assessment.outcomes.find((o) => o.key === answer.key);
      if (!outcome) throw new Error(`The example CAF self-assessment answers ${answer.key}, which CAF 4.0 does not have`);
      if (outcome.source === 'assessor') continue;
      const status = answer.status === 'confirm' ? (outcome.proposedStatus ?? 'not-achieved') : answer.status;
      const justification = answer.status === 'confirm' && outcome.proposedJustification ? `${outcome.proposedJustification} ${answer.justification}` : answer.justification;
      // The assessor ticks the indicators of the level they judged, as the CAF reads them.
      const indicators = Object.fromEntries(outcome.indicators.map((i) => [i.key, i.achievement === status]));
      await caf.recordOutcome(assessor, id, answer.key, { status, justification, indicators });
    }
  }
  return existing ? { created: 0, unchanged: 1 } : { created: 1, unchanged: 0 };
}
