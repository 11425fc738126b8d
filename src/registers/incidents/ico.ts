// The ICO clock and the decision on reporting (issue 10). A personal data breach must be reported to the
// Information Commissioner within 72 hours of becoming aware of it, where it must be reported at all: the
// clock runs from awareness to the recorded decision. The decision (report or not, the reason, who, in what
// role) is a row in the shared `decisions` table with a frozen snapshot, taken by the holder of the deciding
// role (setting `incidents.ico-decision-role`, the Data Protection Officer by default) nearest the
// incident's unit; anyone else is refused.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { icoDecisionRoleOf, IncidentConfigurationRepository, type RoleHolder } from './configuration.repository.ts';
import { isIcoOutcome, type IcoClock, type IcoDecision, type IcoDecisionInput, type IncidentKind, type IncidentStage, type PersonalDataAnswer, type TriageClock } from './entity.ts';
import { IncidentRepository, type IncidentRow } from './repository.ts';
import { ICO_HOURS, IncidentViewRepository } from './views.repository.ts';

const HOUR = 3_600_000;

/** Hours to one decimal, rounded down: "2.9 hours left" never shows as 3. */
const hoursBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / (HOUR / 10)) / 10;

/** Whether the clock runs: personal data yes or not sure, unless triage has found a near miss. */
export function icoClockApplies(incident: { personalData: PersonalDataAnswer; kind: IncidentKind; stage: IncidentStage }): boolean {
  return incident.personalData !== 'no' && !(incident.kind === 'near-miss' && incident.stage !== 'reported');
}

export function icoClock(incident: { personalData: PersonalDataAnswer; kind: IncidentKind; stage: IncidentStage; awareAt: Date }, decisions: readonly IcoDecision[], now: Date): IcoClock {
  const applies = icoClockApplies(incident);
  const icoDeadline = new Date(incident.awareAt.getTime() + ICO_HOURS * HOUR);
  const first = decisions[0];
  const latest = decisions[decisions.length - 1] ?? null;
  const decided = first !== undefined;
  return {
    applies,
    awareAt: incident.awareAt,
    icoDeadline,
    hoursLeft: applies && !decided ? hoursBetween(now, icoDeadline) : null,
    overdue: applies && !decided && now.getTime() > icoDeadline.getTime(),
    decided,
    decidedLate: decided && first.decidedAt.getTime() > icoDeadline.getTime(),
    decision: latest,
  };
}

export function triageClock(reportedAt: Date, triagedAt: Date | null, targetHours: number, now: Date): TriageClock {
  const dueAt = new Date(reportedAt.getTime() + targetHours * HOUR);
  return { dueAt, triagedAt, hoursTaken: triagedAt ? hoursBetween(reportedAt, triagedAt) : null, overdue: (triagedAt ?? now).getTime() > dueAt.getTime() };
}

export interface IcoDecider {
  readonly roleCode: string;
  readonly roleName: string;
  readonly holders: readonly RoleHolder[];
}

/** The deciding role (a setting) and its holders nearest the incident's unit. */
export async function icoDecider(db: Db, unitId: string, today: string): Promise<IcoDecider> {
  const configuration = new IncidentConfigurationRepository(db);
  const roleCode = icoDecisionRoleOf(await configuration.settings());
  const [roleName, holders] = await Promise.all([configuration.roleName(roleCode), configuration.nearestHolders(roleCode, unitId, today)]);
  return { roleCode, roleName: roleName ?? roleCode, holders };
}

/** What the decision was taken on: kept with it, unchanged by later edits to the incident. */
export function incidentSnapshot(row: IncidentRow, now: Date): Record<string, unknown> {
  return {
    reference: row.reference,
    title: row.title,
    description: row.description,
    unit: row.unitName,
    kind: row.kind,
    stage: row.stage,
    category: row.category,
    type: row.typeName,
    severity: row.severityName,
    occurredAt: row.occurredAt.toISOString(),
    awareAt: row.awareAt.toISOString(),
    reportedAt: row.reportedAt.toISOString(),
    icoDeadline: new Date(row.awareAt.getTime() + ICO_HOURS * HOUR).toISOString(),
    decidedWithHoursLeft: hoursBetween(now, new Date(row.awareAt.getTime() + ICO_HOURS * HOUR)),
    affectedInformation: row.affectedInformation,
    personalData: row.personalData,
    personalDataDetails: row.personalDataDetails,
    actionsTaken: row.actionsTaken,
  };
}

/** An ICO deadline as "my work" lists it (DECISIONS: Deadlines): one per holder of the deciding role. */
export interface IcoDeadline {
  readonly kind: 'ico-decision';
  readonly recordId: string;
  readonly reference: string;
  readonly title: string;
  readonly personId: string;
  readonly personName: string;
  readonly dueAt: Date;
  readonly overdue: boolean;
  readonly href: string;
}

/** Possible personal data breaches awaiting the decision, soonest first, for whoever must take it. */
export async function icoDeadlines(db: Db, now: Date, personId?: string): Promise<IcoDeadline[]> {
  const rows = await new IncidentViewRepository(db).awaitingIcoDecision();
  const today = londonDate(now);
  const decidersByUnit = new Map<string, IcoDecider>();
  const deadlines: IcoDeadline[] = [];
  for (const row of rows) {
    const decider = decidersByUnit.get(row.unitId) ?? (await icoDecider(db, row.unitId, today));
    decidersByUnit.set(row.unitId, decider);
    const dueAt = new Date(row.awareAt.getTime() + ICO_HOURS * HOUR);
    for (const holder of decider.holders) {
      if (personId && holder.personId !== personId) continue;
      deadlines.push({ kind: 'ico-decision', recordId: row.id, reference: row.reference, title: row.title, personId: holder.personId, personName: holder.name, dueAt, overdue: now.getTime() > dueAt.getTime(), href: `/incidents/${row.id}` });
    }
  }
  return deadlines;
}

export class IcoDecisionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async decide(actor: Actor, id: string, input: IcoDecisionInput, requestId?: string): Promise<string> {
    authorize(actor, 'incidents.decide');
    const row = await new IncidentRepository(this.db).findIncident(requireId(id, 'The incident'));
    if (!row) throw notFound('The incident');
    const now = this.clock.now();
    const decider = await icoDecider(this.db, row.unitId, londonDate(now));
    const personId = actor.kind === 'person' ? actor.personId : null;
    if (!personId || !decider.holders.some((h) => h.personId === personId)) {
      const who = decider.holders.length > 0 ? ` (${decider.holders.map((h) => h.name).join(' or ')})` : '';
      throw new AppError(
        'forbidden',
        decider.holders.length > 0
          ? `Only the ${decider.roleName}${who} decides whether ${row.reference} is reported to the Information Commissioner’s Office. Ask them to record the decision.`
          : `No one holds the role of ${decider.roleName} for ${row.unitName} or above it: appoint one, who then decides whether ${row.reference} is reported to the Information Commissioner’s Office.`,
      );
    }
    if (!icoClockApplies(row)) throw new AppError('invalid_state', `${row.reference} ${row.personalData === 'no' ? 'involves no personal data' : 'is a near miss'}: there is no decision on reporting it to the ICO to make.`);
    const problems: FieldProblem[] = [];
    const outcome = isIcoOutcome(input.outcome) ? input.outcome : null;
    if (!outcome) problems.push({ field: 'outcome', message: 'Choose whether the breach is reported to the ICO or not' });
    const reason = input.reason.trim();
    if (reason === '') problems.push({ field: 'reason', message: 'Give the reason for the decision: it is kept with the decision' });
    if (problems.length > 0) throw validationFailed(problems);

    const who = auditActorOf(actor);
    const snapshot = incidentSnapshot(row, now);
    return this.audit.write(this.db, async (trx) => {
      const repository = new IncidentRepository(trx);
      const decisionId = await repository.insertIcoDecision({ incidentId: row.id, personId, label: who.label, roleHeld: decider.roleName, outcome: outcome!, reason, snapshot, at: now });
      await repository.addEvent(row.id, { kind: 'decision', at: now, byPersonId: personId, byLabel: who.label, text: `${outcome === 'report' ? 'Report to the ICO' : 'Do not report to the ICO'}: ${reason}`, data: { decisionId, outcome, role: decider.roleName } });
      await repository.touch(row.id, now);
      const deadline = new Date(row.awareAt.getTime() + ICO_HOURS * HOUR);
      return {
        result: decisionId,
        event: { actor: who, action: 'incident.ico-decided', recordType: 'incident', recordId: row.id, metadata: { reference: row.reference, decisionId, outcome, role: decider.roleName, icoDeadline: deadline.toISOString(), late: now.getTime() > deadline.getTime() }, ...(requestId ? { requestId } : {}) },
      };
    });
  }
}
