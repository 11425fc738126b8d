// The MoJ example's incidents (issue 10): one in every stage; a possible personal data breach near its
// 72-hour ICO deadline (aware 60 hours ago, by the services' clock) and one past it; a near miss; and
// incidents closed with lessons learned and corrective actions, one of them reported to the ICO by the
// Data Protection Officer. Everything goes in through the incidents service; past incidents are then moved
// back in time as a whole (audited as example history) so the trend and timings have months to show.
// Idempotent by title.
import type { Actor } from '../../access/actor.ts';
import { auditActorOf } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import type { IncidentReportInput, TriageInput } from '../../registers/incidents/entity.ts';
import { IncidentRepository } from '../../registers/incidents/repository.ts';
import type { Services } from '../../services.ts';
import { examplePerson } from '../example-person.ts';

const D = '@example.justice.gov.uk';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface ExampleIncident {
  readonly report: Omit<IncidentReportInput, 'occurredAt' | 'awareAt'> & { readonly reportedBy: string };
  /** Hours before now (before the move back in time) that it happened and that the reporter found out. */
  readonly occurredHoursAgo: number;
  readonly awareHoursAgo: number;
  readonly triage?: TriageInput;
  readonly stage?: 'contained' | 'eradicated' | 'recovered';
  readonly notes?: readonly string[];
  readonly ico?: { readonly outcome: 'report' | 'do-not-report'; readonly reason: string };
  readonly close?: { readonly lessons: { wentWell: string; wentBadly: string; rootCause: string }; readonly actions: ReadonlyArray<{ title: string; owner: string; dueInDays: number; targets?: ReadonlyArray<{ type: string; reference: string }> }> };
  /** Days to move the whole incident back, so it was reported then. */
  readonly daysAgo?: number;
}

const INCIDENTS: readonly ExampleIncident[] = [
  {
    report: {
      title: 'Prisoner list emailed to the wrong address',
      description: 'A spreadsheet listing prisoners due for release was sent to an external address with a similar name to a probation colleague’s.',
      affectedInformation: 'Release planning spreadsheet (names, prison numbers, release dates)',
      personalData: 'yes',
      personalDataDetails: 'Names, prison numbers and release dates of 37 prisoners at HMP Example.',
      actionsTaken: 'Recall attempted; the recipient has been asked in writing to delete it.',
      unit: 'HMPPS-PRISONS',
      reportedBy: `nadia.bolt${D}`,
    },
    occurredHoursAgo: 62,
    awareHoursAgo: 60,
    triage: { category: 'confidentiality', typeCode: 'misdirected', severityCode: 'high', kind: 'incident', handler: `pete.turnkey${D}`, note: 'Possible personal data breach: the DPO is deciding on reporting to the ICO.' },
  },
  {
    report: {
      title: 'Probation case notes visible to another region',
      description: 'A permissions change let probation practitioners in the North West open case notes for people supervised in Wales.',
      affectedInformation: 'Probation case management system',
      personalData: 'not-sure',
      personalDataDetails: 'Case notes of up to 1,200 people on probation in Wales; audit logs show 14 were opened.',
      actionsTaken: 'The permission change was rolled back the same afternoon.',
      reportedBy: `iris.lanyard${D}`,
    },
    occurredHoursAgo: 96,
    awareHoursAgo: 80,
    triage: { category: 'confidentiality', typeCode: 'unauthorised-access', severityCode: 'high', kind: 'incident', handler: `callum.hearth${D}` },
    stage: 'contained',
    notes: ['Access logs requested from the supplier.'],
  },
  {
    report: {
      title: 'Laptop stolen from a car',
      description: 'An encrypted laptop was taken from a locked car outside a hotel during a work trip.',
      affectedInformation: 'Encrypted laptop; no papers',
      personalData: 'no',
      actionsTaken: 'Reported to the police and the service desk; the device has been wiped remotely.',
      reportedBy: `george.brief${D}`,
    },
    occurredHoursAgo: 20,
    awareHoursAgo: 18,
  },
  {
    report: {
      title: 'Ransomware on a court kiosk',
      description: 'A self-service kiosk in a court foyer showed a ransom note; it is not joined to the case network.',
      affectedInformation: 'Court foyer kiosk',
      personalData: 'no',
      actionsTaken: 'Kiosk unplugged and taken away.',
      unit: 'HMCTS-DIGITAL',
      reportedBy: `yusuf.kernel${D}`,
    },
    occurredHoursAgo: 8,
    awareHoursAgo: 6,
    triage: { category: 'availability', typeCode: 'malware', severityCode: 'medium', kind: 'incident', handler: `uma.seal${D}` },
    stage: 'eradicated',
    daysAgo: 12,
  },
  {
    report: {
      title: 'Phishing email reported before anyone clicked',
      description: 'A convincing fake invoice email reached 40 mailboxes; the first person to see it reported it and it was pulled.',
      affectedInformation: 'Email',
      personalData: 'no',
      kind: 'near-miss',
      actionsTaken: 'Reported with the phishing button.',
      reportedBy: `nina.rivet${D}`,
    },
    occurredHoursAgo: 3,
    awareHoursAgo: 2,
    triage: { category: 'confidentiality', typeCode: 'phishing', severityCode: 'low', kind: 'near-miss', handler: `lena.lantern${D}` },
    stage: 'recovered',
    daysAgo: 40,
  },
  {
    report: {
      title: 'Court hearing list published with a victim’s address',
      description: 'A daily cause list published online included the home address of a victim in a family case.',
      affectedInformation: 'Published daily cause list',
      personalData: 'yes',
      personalDataDetails: 'The home address of one victim in a family court case.',
      actionsTaken: 'The list was taken down within two hours and republished without the address.',
      unit: 'HMCTS-OPS',
      reportedBy: `theo.bench${D}`,
    },
    occurredHoursAgo: 30,
    awareHoursAgo: 26,
    triage: { category: 'confidentiality', typeCode: 'inappropriate-disclosure', severityCode: 'critical', kind: 'incident', handler: `theo.bench${D}` },
    stage: 'recovered',
    ico: { outcome: 'report', reason: 'A risk to the victim’s safety: reported to the ICO and the victim told the same day.' },
    close: {
      lessons: { wentWell: 'Taken down within two hours; the victim was told the same day.', wentBadly: 'No one checked the list before it was published.', rootCause: 'The listing template pulled the address field for family cases.' },
      actions: [
        { title: 'Remove address fields from the listing template', owner: `uma.seal${D}`, dueInDays: 30, targets: [{ type: 'control', reference: 'CTL-PRC-01' }] },
        { title: 'Second-person check before publishing family lists', owner: `sofia.summons${D}`, dueInDays: 60 },
      ],
    },
    daysAgo: 75,
  },
  {
    report: {
      title: 'Visitor badge printer left signed in',
      description: 'The visitor badge printer at reception was found signed in to the visitor system overnight.',
      affectedInformation: 'Visitor management system',
      personalData: 'no',
      kind: 'near-miss',
      unit: 'CICA',
      reportedBy: `kwame.award${D}`,
    },
    occurredHoursAgo: 14,
    awareHoursAgo: 12,
    triage: { category: 'confidentiality', typeCode: 'physical-security', severityCode: 'low', kind: 'near-miss', handler: `kwame.award${D}` },
    close: {
      lessons: { wentWell: 'The night guard noticed and reported it.', wentBadly: 'The session had no time-out.', rootCause: 'Kiosk mode was not set up on the reception PC.' },
      actions: [{ title: 'Set a 15-minute time-out on reception sessions', owner: `kwame.award${D}`, dueInDays: 14, targets: [{ type: 'control', reference: 'CTL-PPL-03' }] }],
    },
    daysAgo: 130,
  },
];


export async function loadExampleIncidents(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const db = services.context.db;
  const now = services.context.clock.now();
  const today = londonDate(now);
  const incidents = services.incidents;
  const existing = new Set((await db.selectFrom('incidents').select('title').execute()).map((r) => r.title));
  const dpo = await examplePerson(services, `dana.consent${D}`);
  let created = 0;
  let unchanged = 0;
  for (const example of INCIDENTS) {
    if (existing.has(example.report.title)) {
      unchanged++;
      continue;
    }
    const at = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
    const { id } = await incidents.report(actor, { ...example.report, occurredAt: at(example.occurredHoursAgo), awareAt: at(example.awareHoursAgo) });
    created++;
    if (example.triage) await incidents.triage(actor, id, example.triage);
    for (const note of example.notes ?? []) await incidents.addNote(actor, id, { text: note });
    if (example.stage) await incidents.advance(actor, id, example.stage);
    if (example.ico && dpo) await incidents.decideIcoReporting(dpo, id, example.ico);
    if (example.close) {
      await incidents.recordLessons(actor, id, example.close.lessons);
      for (const action of example.close.actions) {
        const targets = [];
        for (const target of action.targets ?? []) if (await db.selectFrom('controls').select('id').where('code', '=', target.reference).executeTakeFirst()) targets.push(target);
        await incidents.addCorrectiveAction(actor, id, { title: action.title, owner: action.owner, dueOn: addDays(today, action.dueInDays), targets });
      }
      await incidents.close(actor, id, 'Lessons learned and corrective actions recorded.');
    }
    if (example.daysAgo) {
      const days = example.daysAgo;
      await services.audit.write(db, async (trx) => {
        await new IncidentRepository(trx).shiftHistory(id, -days * DAY);
        return { result: undefined, event: { actor: auditActorOf(actor), action: 'incident.example-history', recordType: 'incident', recordId: id, metadata: { movedBackDays: days } } };
      });
    }
  }
  return { created, unchanged };
}
