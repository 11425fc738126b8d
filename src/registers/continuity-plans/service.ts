// Continuity plans (issue 11): backup, disaster recovery and business continuity plans for technology
// services or units, their continuity-exercises, whether each plan is overdue for one, the chart of
// plans by standing per agency and the CSV export. The security team manages every plan in its units;
// a plan's owner manages their own plan and records its exercises.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere, unitsWhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import type { Config } from '../../config.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { checkUpload, describeSize, fileSummaries, findStoredFile, storeFile } from '../../platform/files/store.ts';
import { notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { ActionRepository } from '../actions/repository.ts';
import { authorizePlanManage, authorizePlanRead, canManagePlan } from './access.ts';
import { EXERCISE_RESULT_NAMES, isOneOf, PLAN_KINDS, PLAN_STATUSES, type ExerciseInput, type PlanDetails, type PlanInput, type PlanSummary } from './entity.ts';
import { checkExercise, parseHours, toExercise } from './exercises.ts';
import { planStanding, type StandingCode } from './overdue.ts';
import { ContinuityRepository, type PlanFilter, type PlanRow, type PlanValues } from './repository.ts';

export interface ContinuityListFilter extends PlanFilter {
  /** true: only overdue plans (never exercised included); false: only those in date or retired. */
  readonly overdue?: boolean;
}

/** Plans per agency by standing: the chart's numbers. */
export interface StandingByAgency {
  readonly agencies: readonly string[];
  readonly counts: Record<'in-date' | 'overdue' | 'never-exercised', readonly number[]>;
}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;

export class ContinuityPlanService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly config: Pick<Config, 'maxUploadMb'>,
  ) {}

  private today(): string {
    return londonDate(this.clock.now());
  }

  /** Everyone may own a plan, so the list is open to continuity.edit-own; it shows what the reader may see. */
  private visibility(actor: Actor) {
    if (!canAnywhere(actor, 'continuity.read')) authorize(actor, 'continuity.edit-own');
    return { units: unitsWhere(actor, 'continuity.read'), personId: actor.kind === 'person' ? actor.personId : null };
  }

  private async summarise(repository: ContinuityRepository, rows: readonly PlanRow[]): Promise<Array<PlanSummary & { exercises: ReturnType<typeof toExercise>[] }>> {
    const exercises = await repository.exercisesOf(rows.map((r) => r.id));
    const lastOf = new Map<string, (typeof exercises)[number]>();
    for (const e of exercises) if (!lastOf.has(e.planId)) lastOf.set(e.planId, e);
    const open = await repository.openActionCounts([...lastOf.values()].map((e) => e.id));
    const [agencyOf, today] = [await repository.agencyNames(), this.today()];
    return rows.map((row) => {
      const last = lastOf.get(row.id) ?? null;
      const openActions = last ? (open.get(last.id) ?? 0) : 0;
      return {
        id: row.id,
        reference: row.reference,
        title: row.title,
        kind: row.kind,
        serviceId: row.serviceId,
        serviceReference: row.serviceReference,
        serviceName: row.serviceName,
        unitId: row.unitId,
        unitCode: row.unitCode,
        unitName: row.unitName,
        agencyName: agencyOf.get(row.unitId) ?? row.unitName,
        ownerPersonId: row.ownerPersonId,
        ownerName: row.ownerName,
        rtoHours: row.rtoHours,
        rpoHours: row.rpoHours,
        testingIntervalMonths: row.testingIntervalMonths,
        status: row.status,
        lastExercise: last && toExercise(last, row),
        openActions,
        standing: planStanding(row, last, openActions, today),
        exercises: exercises.filter((e) => e.planId === row.id).map((e) => toExercise(e, row)),
      };
    });
  }

  async list(actor: Actor, filter: ContinuityListFilter = {}): Promise<PlanSummary[]> {
    const repository = new ContinuityRepository(this.db);
    const rows = await repository.listPlans(filter, this.visibility(actor));
    const plans = (await this.summarise(repository, rows)).map(({ exercises: _exercises, ...plan }) => plan);
    return filter.overdue === undefined ? plans : plans.filter((p) => p.standing.overdue === filter.overdue);
  }

  /** Plans in use (retired ones left out) per agency: in date, overdue, never exercised. */
  standingByAgency(plans: readonly PlanSummary[]): StandingByAgency {
    const live = plans.filter((p) => p.standing.code !== 'retired');
    const agencies = [...new Set(live.map((p) => p.agencyName))].sort((a, b) => a.localeCompare(b));
    const count = (code: StandingCode) => agencies.map((a) => live.filter((p) => p.agencyName === a && p.standing.code === code).length);
    return { agencies, counts: { 'in-date': count('in-date'), overdue: count('overdue'), 'never-exercised': count('never-exercised') } };
  }

  async get(actor: Actor, id: string): Promise<PlanDetails> {
    const repository = new ContinuityRepository(this.db);
    const row = await repository.findPlan(requireId(id, 'The continuity plan'));
    if (!row) throw notFound('The continuity plan');
    authorizePlanRead(actor, row);
    const [summary] = await this.summarise(repository, [row]);
    const actions = await new ActionRepository(this.db).actionsFor('exercise-gap', summary!.exercises.map((e) => e.id), this.today());
    const file = row.documentFileId ? (await fileSummaries(this.db, [row.documentFileId])).get(row.documentFileId) : undefined;
    const documentFile = file ? { name: file.name, size: describeSize(file.sizeBytes) } : null;
    return { ...summary!, ownerEmail: row.ownerEmail, backupArrangements: row.backupArrangements, documentUrl: row.documentUrl, documentFile, actions };
  }

  mayManage(actor: Actor, plan: { unitId: string; ownerPersonId: string }): boolean {
    return canManagePlan(actor, plan);
  }

  private async checked(input: PlanInput): Promise<PlanValues> {
    const repository = new ContinuityRepository(this.db);
    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string) => problems.push({ field, message });
    const title = input.title.trim();
    if (title === '' || title.length > 200) problem('title', 'Enter the plan’s title, in 200 characters or fewer');
    if (!isOneOf(PLAN_KINDS, input.kind)) problem('kind', 'Choose the kind of plan: backup, disaster recovery or business continuity');
    const service = input.service.trim() ? await repository.serviceByReference(input.service.trim()) : undefined;
    if (input.service.trim() && !service) problem('service', `No technology service has the reference ${input.service.trim()}`);
    const unit = !input.service.trim() && input.unit.trim() ? await repository.unitByCode(input.unit.trim()) : undefined;
    if (!input.service.trim() && !unit) problem('unit', input.unit.trim() ? `No unit has the code ${input.unit.trim()}` : 'Enter the technology service the plan covers, or the code of its unit');
    const owner = await repository.personByReference(input.owner);
    if (!owner) problem('owner', input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the plan owner’s email or staff number');
    const rto = parseHours(input.rtoHours);
    const rpo = parseHours(input.rpoHours);
    if (rto === null || rto === 'invalid') problem('rtoHours', 'Enter the recovery time objective in hours, such as 4 or 0.5');
    if (rpo === null || rpo === 'invalid') problem('rpoHours', 'Enter the recovery point objective in hours, such as 24 or 0.25');
    const interval = input.testingIntervalMonths.trim();
    if (!/^\d{1,2}$/.test(interval) || Number(interval) < 1 || Number(interval) > 60) problem('testingIntervalMonths', 'Enter how often the plan is exercised, in months from 1 to 60, such as 12');
    const documentUrl = input.documentUrl.trim();
    if (documentUrl !== '' && !HTTP_URL.test(documentUrl)) problem('documentUrl', 'Enter the plan document’s address starting https://, or leave it empty');
    if (!isOneOf(PLAN_STATUSES, input.status)) problem('status', 'Choose the plan’s status: draft, approved or retired');
    if (problems.length > 0) throw validationFailed(problems);
    return {
      title,
      kind: input.kind as PlanValues['kind'],
      serviceId: service?.id ?? null,
      unitId: service?.unitId ?? unit!.id,
      ownerPersonId: owner!.id,
      rtoHours: rto as number,
      rpoHours: rpo as number,
      backupArrangements: input.backupArrangements.trim(),
      documentUrl,
      testingIntervalMonths: Number(interval),
      status: input.status as PlanValues['status'],
    };
  }

  async create(actor: Actor, input: PlanInput, requestId?: string): Promise<string> {
    if (!canAnywhere(actor, 'continuity.manage')) authorize(actor, 'continuity.edit-own');
    const values = await this.checked(input);
    // The security team adds plans for anyone in its units; anyone else adds only plans they own.
    authorizePlanManage(actor, values);
    return this.audit.write(this.db, async (trx) => {
      const { id, reference } = await new ContinuityRepository(trx).insertPlan(values);
      return { result: id, event: { actor: auditActorOf(actor), action: 'continuity-plan.created', recordType: 'continuity-plan', recordId: id, changes: { after: { reference, ...values } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async update(actor: Actor, id: string, input: PlanInput, requestId?: string): Promise<void> {
    const before = await new ContinuityRepository(this.db).findPlan(requireId(id, 'The continuity plan'));
    if (!before) throw notFound('The continuity plan');
    authorizePlanManage(actor, before);
    const values = await this.checked(input);
    authorizePlanManage(actor, values);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      await new ContinuityRepository(trx).updatePlan(before.id, values, now);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'continuity-plan.changed', recordType: 'continuity-plan', recordId: before.id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Records a continuity-exercise of the plan, and an action on the shared register for each gap to close. */
  async recordExercise(actor: Actor, planId: string, input: ExerciseInput, requestId?: string): Promise<string> {
    const repository = new ContinuityRepository(this.db);
    const plan = await repository.findPlan(requireId(planId, 'The continuity plan'));
    if (!plan) throw notFound('The continuity plan');
    authorizePlanManage(actor, plan);
    const { values, actions } = await checkExercise(repository, input, plan, this.today());
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const exerciseId = await new ContinuityRepository(trx).insertExercise(plan.id, values, who.label);
      const raised: string[] = [];
      for (const action of actions) {
        const { reference } = await new ActionRepository(trx).insertAction({
          title: action.title,
          description: `Raised by the ${values.exercisedOn} continuity-exercise of ${plan.reference} ${plan.title} (${EXERCISE_RESULT_NAMES[values.result].toLowerCase()}).`,
          ownerPersonId: action.ownerPersonId,
          unitId: plan.unitId,
          dueOn: action.dueOn,
          source: { type: 'exercise-gap', id: exerciseId },
          createdBy: who.label,
        });
        raised.push(reference);
      }
      const exercise = toExercise({ ...values, id: exerciseId, planId: plan.id, recordedBy: who.label }, plan);
      return {
        result: exerciseId,
        event: {
          actor: who,
          action: 'continuity-exercise.recorded',
          recordType: 'continuity-plan',
          recordId: plan.id,
          changes: { after: { exerciseId, ...values, actions: raised } },
          metadata: { rtoMissed: exercise.rtoMissed, rpoMissed: exercise.rpoMissed },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }

  /** Uploads a copy of the plan document, replacing any earlier copy on the plan (the stored file itself is kept). */
  async uploadDocument(actor: Actor, id: string, file: { name: string; bytes: Uint8Array; mediaType?: string } | null, requestId?: string): Promise<void> {
    const plan = await new ContinuityRepository(this.db).findPlan(requireId(id, 'The continuity plan'));
    if (!plan) throw notFound('The continuity plan');
    authorizePlanManage(actor, plan);
    if (!file || file.bytes.length === 0) throw validationFailed([{ field: 'document', message: 'Choose the plan document to upload' }]);
    const rules = { maxBytes: this.config.maxUploadMb * 1024 * 1024, field: 'document' };
    checkUpload({ name: file.name, bytes: file.bytes, uploadedBy: '' }, rules);
    const who = auditActorOf(actor);
    const now = this.clock.now();
    await this.audit.write(this.db, async (trx) => {
      const stored = await storeFile(trx, { name: file.name, bytes: file.bytes, uploadedBy: who.label, ...(file.mediaType ? { mediaType: file.mediaType } : {}) }, rules);
      await new ContinuityRepository(trx).setDocumentFile(plan.id, stored.id, now);
      const after = { id: stored.id, name: stored.name, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 };
      return { result: undefined, event: { actor: who, action: 'continuity-plan.document-uploaded', recordType: 'continuity-plan', recordId: plan.id, changes: { before: { documentFileId: plan.documentFileId }, after }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The uploaded plan document, for download by whoever may see the plan. */
  async documentFile(actor: Actor, id: string) {
    const plan = await new ContinuityRepository(this.db).findPlan(requireId(id, 'The continuity plan'));
    if (!plan) throw notFound('The continuity plan');
    authorizePlanRead(actor, plan);
    const file = plan.documentFileId ? await findStoredFile(this.db, plan.documentFileId) : undefined;
    if (!file) throw notFound('The plan document');
    return file;
  }

  async exportCsv(actor: Actor, filter: ContinuityListFilter): Promise<string> {
    const plans = await this.list(actor, filter);
    return toCsv(
      ['reference', 'title', 'kind', 'service', 'unit', 'agency', 'owner', 'rto hours', 'rpo hours', 'testing interval months', 'status', 'last exercised', 'last result', 'standing', 'next due', 'open actions'],
      plans.map((p) => [
        p.reference, p.title, p.kind, p.serviceReference ?? '', p.unitCode, p.agencyName, p.ownerName, p.rtoHours, p.rpoHours, p.testingIntervalMonths, p.status,
        p.lastExercise?.exercisedOn ?? '', p.lastExercise?.result ?? '', p.standing.code, p.standing.dueOn ?? '', p.openActions,
      ]),
    );
  }
}
