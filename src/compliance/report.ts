// The report the policy asks for: requirements unmet with no accepted risk, by unit and by accountable
// person, each line with its evidence, how long it has been open and the chain of accountability above
// it; one finding with its history; and the accountable person's answer to it, a fix planned as an
// action. It informs: every line says what the registers show, and who may put it right.
import { auditActorOf, type Actor } from '../access/actor.ts';
import { can, unitsWhere } from '../access/authorize.ts';
import type { Db } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../platform/clock.ts';
import { toCsv } from '../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../platform/http/errors.ts';
import type { ActionSummary } from '../registers/actions/entity.ts';
import { ActionRepository } from '../registers/actions/repository.ts';
import { nearestHolder, roleName, type OrganisationPicture } from '../registers/appointments/accountability.ts';
import { ROLE } from '../registers/appointments/entity.ts';
import { AppointmentService } from '../registers/appointments/service.ts';
import { FINDING_STATUSES, SEVERITIES, type FindingStatus, type Severity } from './entity.ts';
import { FindingsRepository, type CoveringException, type FindingEventRow, type FindingFilter, type FindingOrder, type FindingRow, type FindingVisibility } from './findings.repository.ts';
import { recordHref, recordTypeName } from './record-links.ts';
import { RULES } from './rules/index.ts';

export const REPORT_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

/** The report's filters as a query string carries them; absent or empty means "any". */
export const REPORT_PARAMS = ['unit', 'person', 'rule', 'requirement', 'severity', 'openForMoreThanDays', 'status', 'view'] as const;
export type ReportParam = (typeof REPORT_PARAMS)[number];
export type ReportParams = Partial<Record<ReportParam, string>>;

export interface ChainLink {
  readonly roleName: string;
  /** Who holds it, nearest the unit first; null when no one does. */
  readonly holderName: string | null;
  readonly unitName: string | null;
}

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity | null;
  readonly register: string | null;
}

export interface ReportLine extends FindingRow {
  readonly rule: RuleSummary;
  readonly recordTypeName: string;
  readonly recordHref: string | null;
  readonly daysOpen: number;
  readonly chain: readonly ChainLink[];
}

export interface ReportGroup {
  readonly heading: string;
  readonly lines: readonly ReportLine[];
}

export interface Report {
  readonly groups: readonly ReportGroup[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** Findings the same filters match in each status. */
  readonly counts: Record<FindingStatus, number>;
  /** What the reader sees: every unit, some units (and their own findings), or only their own. */
  readonly reach: 'all' | 'units' | 'own';
}

export interface FindingDetails extends ReportLine {
  readonly history: readonly FindingEventRow[];
  readonly actions: readonly ActionSummary[];
  readonly exception: CoveringException | null;
  readonly mayRespond: boolean;
}

export interface FixInput {
  readonly title: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly description?: string;
}

const ruleSummary = (id: string): RuleSummary => {
  const rule = RULES.find((r) => r.id === id);
  return rule ? { id, title: rule.title, severity: rule.severity, register: rule.register } : { id, title: `${id} (a rule no longer checked)`, severity: null, register: null };
};

export class ComplianceReportService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  private signedIn(actor: Actor): void {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  }

  /** Readers of compliance see their units' findings; everyone sees the findings they are accountable for. */
  private visibility(actor: Actor): FindingVisibility {
    return { unitIds: unitsWhere(actor, 'compliance.read'), personId: actor.kind === 'person' ? actor.personId : null };
  }

  private mayRead(actor: Actor, row: Pick<FindingRow, 'unitId' | 'accountablePersonId'>): boolean {
    return (actor.kind === 'person' && actor.personId === row.accountablePersonId) || can(actor, 'compliance.read', { unitId: row.unitId });
  }

  /** The accountable person, or the security team for the finding's unit, answers a finding that is not resolved. */
  mayRespond(actor: Actor, row: Pick<FindingRow, 'unitId' | 'accountablePersonId' | 'status'>): boolean {
    if (row.status === 'resolved' || !can(actor, 'compliance.respond', { unitId: row.unitId })) return false;
    const accountable = actor.kind === 'person' && actor.personId === row.accountablePersonId;
    return accountable || can(actor, 'compliance.evaluate', { unitId: row.unitId }) || can(actor, 'actions.manage', { unitId: row.unitId });
  }

  /**
   * The filters as people write them (a unit's code, a person's email or staff number, a rule's id, a
   * requirement's key), checked together: a filter that names nothing is a problem, not an empty list.
   */
  async filterOf(params: ReportParams, defaults: { status?: FindingStatus } = {}): Promise<{ filter: FindingFilter; view: FindingOrder; problems: FieldProblem[] }> {
    const repository = new FindingsRepository(this.db);
    const problems: FieldProblem[] = [];
    const filter: { -readonly [K in keyof FindingFilter]: FindingFilter[K] } = {};
    const status = params.status ?? defaults.status;
    if (status) {
      if ((FINDING_STATUSES as readonly string[]).includes(status)) filter.status = status as FindingStatus;
      else problems.push({ field: 'status', message: `Choose a status: ${FINDING_STATUSES.join(', ')}` });
    }
    if (params.unit) {
      const unit = await repository.unitByCodeOrId(params.unit);
      if (unit) filter.unitId = unit.id;
      else problems.push({ field: 'unit', message: `No unit has the code ${params.unit}` });
    }
    if (params.person) {
      const person = await repository.personByReference(params.person);
      if (person) filter.personId = person.id;
      else problems.push({ field: 'person', message: `No one in the people register has the email or staff number ${params.person}` });
    }
    let ruleIds: string[] | undefined;
    if (params.rule) {
      if (RULES.some((r) => r.id === params.rule)) ruleIds = [params.rule];
      else problems.push({ field: 'rule', message: `No rule has the id ${params.rule}: choose one from the list` });
    }
    if (params.severity) {
      if ((SEVERITIES as readonly string[]).includes(params.severity)) {
        const ofSeverity = RULES.filter((r) => r.severity === params.severity).map((r) => r.id);
        ruleIds = ruleIds ? ruleIds.filter((id) => ofSeverity.includes(id)) : ofSeverity;
      } else problems.push({ field: 'severity', message: `Choose a severity: ${SEVERITIES.join(', ')}` });
    }
    if (ruleIds) filter.ruleIds = ruleIds;
    if (params.requirement) {
      const key = params.requirement.trim();
      if (key.length <= 100 && /^[\w.:-]+$/.test(key)) filter.requirementKey = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
      else problems.push({ field: 'requirement', message: 'Enter a requirement’s key, such as SISP-004' });
    }
    if (params.openForMoreThanDays) {
      const days = /^\d{1,4}$/.test(params.openForMoreThanDays) ? Number(params.openForMoreThanDays) : NaN;
      if (days >= 0 && days <= 3650) filter.openedBefore = new Date(this.clock.now().getTime() - days * DAY_MS);
      else problems.push({ field: 'openForMoreThanDays', message: 'Enter the number of days as a whole number from 0 to 3650, such as 30' });
    }
    let view: FindingOrder = 'unit';
    if (params.view) {
      if (params.view === 'unit' || params.view === 'person') view = params.view;
      else problems.push({ field: 'view', message: 'Group the report by unit or by accountable person' });
    }
    return { filter, view, problems };
  }

  async report(actor: Actor, filter: FindingFilter, view: FindingOrder, page: number): Promise<Report> {
    this.signedIn(actor);
    const visibility = this.visibility(actor);
    const current = Math.max(1, Math.floor(page));
    const repository = new FindingsRepository(this.db);
    const [{ rows, total }, counts] = await Promise.all([
      repository.listFindings(filter, visibility, view, { limit: REPORT_PAGE_SIZE, offset: (current - 1) * REPORT_PAGE_SIZE }),
      repository.countByStatus(filter, visibility),
    ]);
    const lines = await this.lines(actor, rows);
    const groups: ReportGroup[] = [];
    for (const line of lines) {
      const heading = view === 'person' ? (line.accountableName ?? 'No one accountable') : (line.unitName ?? 'No unit');
      const last = groups[groups.length - 1];
      if (last && last.heading === heading) (last.lines as ReportLine[]).push(line);
      else groups.push({ heading, lines: [line] });
    }
    const reach = visibility.unitIds === 'all' ? 'all' : visibility.unitIds.length > 0 ? 'units' : 'own';
    return { groups, total, page: current, pages: Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE)), counts, reach };
  }

  /** The findings as the API gives them: the same lines, without grouping. */
  async list(actor: Actor, filter: FindingFilter, page: number): Promise<{ items: ReportLine[]; total: number; page: number; pages: number }> {
    this.signedIn(actor);
    const current = Math.max(1, Math.floor(page));
    const { rows, total } = await new FindingsRepository(this.db).listFindings(filter, this.visibility(actor), 'unit', { limit: REPORT_PAGE_SIZE, offset: (current - 1) * REPORT_PAGE_SIZE });
    return { items: await this.lines(actor, rows), total, page: current, pages: Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE)) };
  }

  /** Every line the filters match, unpaged: for the CSV export and the printable page. */
  async everyLine(actor: Actor, filter: FindingFilter, view: FindingOrder): Promise<ReportLine[]> {
    this.signedIn(actor);
    const { rows } = await new FindingsRepository(this.db).listFindings(filter, this.visibility(actor), view, null);
    return this.lines(actor, rows);
  }

  /** The lines as CSV. It names people and leaves Custodian, so taking it is recorded with its filters and count. */
  async exportCsv(actor: Actor, filter: FindingFilter, view: FindingOrder, params: ReportParams, requestId?: string): Promise<string> {
    const lines = await this.everyLine(actor, filter, view);
    const chainRoles = lines[0]?.chain.map((c) => c.roleName) ?? ['Senior Information Risk Owner', 'Accounting Officer', 'Board member with the security remit', 'Chief Security Officer'];
    const csv = toCsv(
      ['finding', 'status', 'unit', 'unit code', 'accountable person', 'accountable email', 'record type', 'record', 'requirement', 'requirement text', 'rule', 'rule title', 'severity', 'reason', 'open since', 'days open', ...chainRoles.map((r) => `${r} (above)`)],
      lines.map((l) => [
        l.id,
        l.status,
        l.unitName ?? '',
        l.unitCode ?? '',
        l.accountableName ?? '',
        l.accountableEmail ?? '',
        l.recordTypeName,
        l.label,
        l.requirementKey ?? '',
        l.requirementText ?? '',
        l.rule.id,
        l.rule.title,
        l.rule.severity ?? '',
        l.reason,
        londonDate(l.openedAt),
        l.daysOpen,
        ...l.chain.map((c) => (c.holderName ? `${c.holderName}${c.unitName ? ` (${c.unitName})` : ''}` : 'Not appointed')),
      ]),
    );
    await this.audit.write(this.db, async () => ({
      result: undefined,
      event: { actor: auditActorOf(actor), action: 'compliance.report-exported', metadata: { format: 'csv', filters: { ...params }, count: lines.length }, ...(requestId ? { requestId } : {}) },
    }));
    return csv;
  }

  async finding(actor: Actor, id: string): Promise<FindingDetails> {
    this.signedIn(actor);
    const repository = new FindingsRepository(this.db);
    const row = await repository.findFinding(requireId(id, 'The finding'));
    if (!row) throw notFound('The finding');
    if (!this.mayRead(actor, row)) throw new AppError('forbidden', 'You can see the findings you are accountable for, and those of the units whose compliance you may read. Ask the security team if you need to see this one.');
    const [[line], history, actions, exception] = await Promise.all([
      this.lines(actor, [row]),
      repository.history(row.id),
      new ActionRepository(this.db).actionsFor('compliance-finding', [row.id], this.today()),
      row.exceptionId ? repository.exception(row.exceptionId) : undefined,
    ]);
    return { ...line!, history, actions, exception: exception ?? null, mayRespond: this.mayRespond(actor, row) };
  }

  /** Plans a fix for a finding: an action in the shared register, raised from the finding, and its audit record, in one transaction. */
  async planFix(actor: Actor, id: string, input: FixInput, requestId?: string): Promise<{ id: string; reference: string }> {
    this.signedIn(actor);
    const repository = new FindingsRepository(this.db);
    const row = await repository.findFinding(requireId(id, 'The finding'));
    if (!row) throw notFound('The finding');
    if (!this.mayRespond(actor, row)) {
      if (row.status === 'resolved') throw new AppError('invalid_state', 'This finding is resolved: the record now meets the requirement, so there is nothing to fix.');
      throw new AppError('forbidden', 'Only the person accountable for this finding, or the security team for its unit, may plan a fix for it.');
    }
    const problems: FieldProblem[] = [];
    const title = input.title.trim();
    if (title === '') problems.push({ field: 'title', message: 'Enter what is to be done' });
    else if (title.length > 200) problems.push({ field: 'title', message: 'What is to be done must be 200 characters or fewer' });
    const owner = await repository.personByReference(input.owner);
    if (!owner) problems.push({ field: 'owner', message: input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the action owner’s email or staff number' });
    const dueOn = input.dueOn.trim();
    if (!isRealDate(dueOn)) problems.push({ field: 'dueOn', message: 'Enter the due date as a real date, YYYY-MM-DD, such as 2027-03-31' });
    else if (dueOn < this.today()) problems.push({ field: 'dueOn', message: 'The due date cannot be in the past' });
    const unitId = row.unitId ?? owner?.unitId ?? null;
    if (owner && !unitId) problems.push({ field: 'owner', message: 'The finding belongs to no unit and the owner to none either: choose an owner who belongs to a unit' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const action = await new ActionRepository(trx).insertAction({ title, description: input.description?.trim() ?? '', ownerPersonId: owner!.id, unitId: unitId!, dueOn, source: { type: 'compliance-finding', id: row.id }, createdBy: who.label });
      return {
        result: action,
        event: {
          actor: who,
          action: 'compliance.fix-planned',
          recordType: 'compliance-finding',
          recordId: row.id,
          metadata: { action: action, rule: row.ruleId, requirement: row.requirementKey, record: { type: row.recordType, id: row.recordId }, ownerPersonId: owner!.id, dueOn },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  /** The filter form's choices. */
  async choices(): Promise<{ units: Array<{ code: string; name: string }>; rules: RuleSummary[]; requirementKeys: string[] }> {
    const repository = new FindingsRepository(this.db);
    const [units, requirementKeys] = await Promise.all([repository.units(), repository.citedRequirementKeys()]);
    return { units, rules: RULES.map((r) => ruleSummary(r.id)), requirementKeys };
  }

  /** The accountable person's email, for the fix form's owner. */
  async personEmail(personId: string | null): Promise<string> {
    return personId ? ((await new FindingsRepository(this.db).person(personId))?.email ?? '') : '';
  }

  private async lines(actor: Actor, rows: readonly FindingRow[]): Promise<ReportLine[]> {
    if (rows.length === 0) return [];
    // Every signed-in person may read the organisation picture (the staff role holds it everywhere).
    const picture = await new AppointmentService(this.db, this.clock, this.audit).picture(actor);
    const chains = new Map<string, ChainLink[]>();
    const now = this.clock.now().getTime();
    return rows.map((row) => {
      const rule = ruleSummary(row.ruleId);
      let chain = chains.get(row.unitId ?? '');
      if (!chain) {
        chain = chainAbove(picture, row.unitId);
        chains.set(row.unitId ?? '', chain);
      }
      return { ...row, rule, recordTypeName: recordTypeName(row.recordType), recordHref: recordHref(row, rule.register ?? undefined), daysOpen: Math.max(0, Math.floor((now - row.openedAt.getTime()) / DAY_MS)), chain };
    });
  }
}

/**
 * Who is accountable above a unit, up to the department: its SIRO, the Accounting Officer (the
 * Permanent Secretary at the top), the board member with the security remit and the Chief Security
 * Officer, each the nearest holder at the unit or above it.
 */
export function chainAbove(picture: OrganisationPicture, unitId: string | null): ChainLink[] {
  const posts: Array<{ role: string; fallback?: string }> = [{ role: ROLE.siro }, { role: ROLE.accountingOfficer, fallback: ROLE.permanentSecretary }, { role: ROLE.securityBoardMember }, { role: ROLE.chiefSecurityOfficer }];
  return posts.map(({ role, fallback }) => {
    const found = unitId ? (nearestHolder(picture, unitId, role) ?? (fallback ? nearestHolder(picture, unitId, fallback) : undefined)) : undefined;
    return { roleName: roleName(picture.roles, role), holderName: found?.holder.name ?? null, unitName: found?.unit.name ?? null };
  });
}
