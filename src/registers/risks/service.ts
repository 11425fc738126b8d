// The risk register (issue 08): risks with their links, ratings on the matrix and their history, where
// each is held (escalation) and who decides it. Decisions are in decisions.ts, exceptions in
// exceptions.ts, the matrix and appetites in configuration.ts.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere, unitsWhere } from '../../access/authorize.ts';
import type { Db, Tx } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { NotificationOutbox } from '../../platform/jobs/outbox.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';
import { ActionRepository } from '../actions/repository.ts';
import { authorizeRiskEdit, authorizeRiskRead, canEditRisk } from './access.ts';
import { RiskAssessor, RiskRatings } from './assess.ts';
import { RiskDecisionRepository } from './decision.repository.ts';
import { endAcceptance } from './decisions.ts';
import { TREATMENTS, type RiskDetails, type RiskInput, type RiskMatrix, type RiskSummary, type Treatment } from './entity.ts';
import { RiskRepository, type RiskFilter, type RiskLinks, type RiskRow, type RiskValues } from './repository.ts';
import { ratingRoseSince } from './rules.ts';

export const RISKS_PAGE_SIZE = 50;

const list = (values: readonly string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))];

export class RiskService {
  /** The matrix and appetites, and list counts (20,000 risks at a department's size): each list page needs them. */
  private readonly kept: UntilNextWrite;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly outbox: NotificationOutbox,
  ) {
    this.kept = new UntilNextWrite(db, clock);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  private assessor(db: Db | Tx = this.db): Promise<RiskAssessor> {
    return RiskAssessor.load(db, this.today());
  }

  /** The matrix, for the heat map and forms: anyone who may own or read risks sees it. */
  async matrix(actor: Actor): Promise<RiskMatrix> {
    if (!canAnywhere(actor, 'risks.read')) authorize(actor, 'risks.edit-own');
    return (await this.ratings()).matrix;
  }

  private ratings(): Promise<RiskRatings> {
    return this.kept.get('ratings', () => RiskRatings.loadRatings(this.db));
  }

  private visibility(actor: Actor) {
    return { units: unitsWhere(actor, 'risks.read'), personId: actor.kind === 'person' ? actor.personId : null };
  }

  async list(actor: Actor, filter: RiskFilter, page: number): Promise<{ risks: RiskSummary[]; total: number; page: number; pages: number }> {
    if (!canAnywhere(actor, 'risks.read')) authorize(actor, 'risks.edit-own');
    const current = Math.max(1, Math.floor(page));
    const repository = new RiskRepository(this.db);
    const visibility = this.visibility(actor);
    const countOnce = this.kept.keeping<number>(JSON.stringify([filter, visibility]));
    const { rows, total } = await repository.listRisks(filter, visibility, this.today(), { limit: RISKS_PAGE_SIZE, offset: (current - 1) * RISKS_PAGE_SIZE }, countOnce);
    // A list rates and summarises: it needs neither the unit tree nor who holds which role today.
    const [ratings, accepted] = await Promise.all([this.ratings(), new RiskDecisionRepository(this.db).acceptedUntil(rows.map((r) => r.id))]);
    return { risks: rows.map((r) => ratings.summarise(r, accepted.get(r.id) ?? null)), total, page: current, pages: Math.max(1, Math.ceil(total / RISKS_PAGE_SIZE)) };
  }

  /** Counts per cell of the matrix, inherent and residual, over the risks the actor may see. */
  async heatMap(actor: Actor, filter: RiskFilter): Promise<{ matrix: RiskMatrix; inherent: Map<string, number>; residual: Map<string, number> }> {
    const matrix = await this.matrix(actor);
    const cells = await new RiskRepository(this.db).heatMap(filter, this.visibility(actor), this.today());
    const of = (rating: 'inherent' | 'residual') => new Map(cells.filter((c) => c.rating === rating).map((c) => [`${c.likelihood}-${c.impact}`, c.count]));
    return { matrix, inherent: of('inherent'), residual: of('residual') };
  }

  async get(actor: Actor, id: string): Promise<RiskDetails> {
    const repository = new RiskRepository(this.db);
    const row = await repository.findRisk(requireId(id, 'The risk'));
    if (!row) throw notFound('The risk');
    const decisionRepository = new RiskDecisionRepository(this.db);
    const [links, ratings, decisions, assessor, accepted, actions, exceptions] = await Promise.all([
      repository.links(row.id),
      repository.ratings(row.id),
      decisionRepository.decisionsOf(row.id),
      this.assessor(),
      decisionRepository.acceptedUntil([row.id]),
      new ActionRepository(this.db).actionsFor('risk', [row.id], this.today()),
      decisionRepository.listExceptions({ riskId: row.id }, this.today()),
    ]);
    const assessment = assessor.assess(row, links.services.map((s) => s.id));
    authorizeRiskRead(actor, row, assessment.authority);
    return {
      ...assessor.summarise(row, accepted.get(row.id) ?? null),
      description: row.description,
      cause: row.cause,
      effect: row.effect,
      threats: row.threats,
      ownerEmail: row.ownerEmail,
      services: links.services,
      assets: links.assets,
      requirements: links.requirements,
      controls: links.controls,
      suppliers: links.suppliers,
      ratings,
      decisions,
      escalation: assessment.escalation,
      authority: assessment.authority,
      actions,
      exceptions,
    };
  }

  /** Whether the actor may change the risk: for its page's links. */
  mayEdit(actor: Actor, risk: Pick<RiskRow, 'unitId' | 'ownerPersonId'>): boolean {
    return canEditRisk(actor, risk);
  }

  private async checked(input: RiskInput, assessor: RiskAssessor): Promise<{ values: RiskValues; links: RiskLinks }> {
    const repository = new RiskRepository(this.db);
    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string) => problems.push({ field, message });
    const title = input.title.trim();
    if (title === '') problem('title', 'Enter a title that says what could happen');
    if (title.length > 200) problem('title', 'The title must be 200 characters or fewer');
    const unit = input.unit.trim() ? await repository.unitByCodeOrId(input.unit.trim()) : undefined;
    if (!unit) problem('unit', input.unit.trim() ? `No unit has the code ${input.unit.trim()}` : 'Choose the unit the risk belongs to');
    const owner = await repository.personByReference(input.owner);
    if (!owner) problem('owner', input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the risk owner’s email or staff number');
    let levelsValid = true;
    const levels = (field: string, value: number, scale: RiskMatrix['likelihoods'], what: string) => {
      if (scale.some((s) => s.level === value)) return;
      levelsValid = false;
      problem(field, `Choose the ${what}, from ${scale[0]?.level ?? 1} (${scale[0]?.name ?? ''}) to ${scale[scale.length - 1]?.level ?? 5} (${scale[scale.length - 1]?.name ?? ''})`);
    };
    levels('inherentLikelihood', input.inherentLikelihood, assessor.matrix.likelihoods, 'inherent likelihood');
    levels('inherentImpact', input.inherentImpact, assessor.matrix.impacts, 'inherent impact');
    levels('residualLikelihood', input.residualLikelihood, assessor.matrix.likelihoods, 'residual likelihood');
    levels('residualImpact', input.residualImpact, assessor.matrix.impacts, 'residual impact');
    if (levelsValid && assessor.rate(input.residualLikelihood, input.residualImpact).score > assessor.rate(input.inherentLikelihood, input.inherentImpact).score) {
      problem('residualLikelihood', 'The residual rating cannot be higher than the inherent rating: controls reduce a risk, they do not add to it');
    }
    if (!(TREATMENTS as readonly string[]).includes(input.treatment)) problem('treatment', 'Choose a treatment: reduce, accept, transfer or avoid');
    if (!isRealDate(input.reviewOn)) problem('reviewOn', 'Enter the review date as YYYY-MM-DD, such as 2027-03-31');
    else if (input.reviewOn < this.today()) problem('reviewOn', 'The review date cannot be in the past');
    const [services, assets, requirements, controls, suppliers] = await Promise.all([
      repository.servicesByReference(list(input.services)),
      repository.assetsByReference(list(input.assets)),
      repository.requirementsByCitation(list(input.requirements)),
      repository.controlsByCode(list(input.controls).map((c) => c.toUpperCase())),
      repository.suppliersByReference(list(input.suppliers).map((s) => s.toUpperCase())),
    ]);
    const missing = (field: string, wanted: string[], found: string[], what: string) => {
      const unknown = wanted.filter((w) => !found.some((f) => f.toLowerCase() === w.toLowerCase()));
      if (unknown.length > 0) problem(field, `${unknown.join(', ')}: not ${what}`);
    };
    missing('services', list(input.services), services.map((s) => s.reference), 'the reference of a technology service');
    missing('assets', list(input.assets), assets.map((a) => a.reference), 'the reference of an information asset');
    missing('requirements', list(input.requirements), requirements.map((r) => r.citation), 'a requirement (a policy statement’s key such as SISP-007, or framework:key such as ncsc-caf:A1.a)');
    missing('controls', list(input.controls), controls.map((c) => c.code), 'the code of a control');
    missing('suppliers', list(input.suppliers), suppliers.map((s) => s.reference), 'the reference of a supplier');
    if (problems.length > 0) throw validationFailed(problems);
    return {
      values: {
        title,
        description: input.description?.trim() ?? '',
        cause: input.cause?.trim() ?? '',
        effect: input.effect?.trim() ?? '',
        threats: input.threats?.trim() ?? '',
        unitId: unit!.id,
        ownerPersonId: owner!.id,
        inherentLikelihood: input.inherentLikelihood,
        inherentImpact: input.inherentImpact,
        residualLikelihood: input.residualLikelihood,
        residualImpact: input.residualImpact,
        treatment: input.treatment as Treatment,
        reviewOn: input.reviewOn,
      },
      links: { serviceIds: services.map((s) => s.id), assetIds: assets.map((a) => a.id), requirementIds: requirements.map((r) => r.id), controlIds: controls.map((c) => c.id), supplierIds: input.suppliers === undefined ? null : suppliers.map((s) => s.id) },
    };
  }

  private ratingOf(assessor: RiskAssessor, values: RiskValues) {
    const inherent = assessor.rate(values.inherentLikelihood, values.inherentImpact);
    const residual = assessor.rate(values.residualLikelihood, values.residualImpact);
    return {
      inherent: { likelihood: inherent.likelihood, impact: inherent.impact, score: inherent.score, band: inherent.band.code },
      residual: { likelihood: residual.likelihood, impact: residual.impact, score: residual.score, band: residual.band.code },
    };
  }

  /**
   * `alongside` runs in the same transaction once the risk exists, for a register that raises a risk and
   * links it in one step (a supplier deviation); it records its own events with `audit.record`.
   */
  async create(actor: Actor, input: RiskInput, requestId?: string, alongside?: (trx: Tx, risk: { id: string; reference: string }) => Promise<void>): Promise<string> {
    if (!canAnywhere(actor, 'risks.manage')) authorize(actor, 'risks.edit-own');
    const assessor = await this.assessor();
    const { values, links } = await this.checked(input, assessor);
    // The security team adds risks for anyone in its units; anyone else adds only risks they own.
    authorizeRiskEdit(actor, values);
    return this.audit.write(this.db, async (trx) => {
      const repository = new RiskRepository(trx);
      const reference = await repository.nextReference();
      const id = await repository.insertRisk(reference, values);
      await repository.setLinks(id, links);
      await repository.insertRating(id, this.ratingOf(assessor, values), 'created', auditActorOf(actor).label, this.clock.now());
      if (alongside) await alongside(trx, { id, reference });
      return { result: id, event: { actor: auditActorOf(actor), action: 'risk.created', recordType: 'risk', recordId: id, changes: { after: { reference, ...values, ...links } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async update(actor: Actor, id: string, input: RiskInput, requestId?: string): Promise<void> {
    const repository = new RiskRepository(this.db);
    const before = await repository.findRisk(requireId(id, 'The risk'));
    if (!before) throw notFound('The risk');
    authorizeRiskEdit(actor, before);
    const assessor = await this.assessor();
    const { values, links } = await this.checked(input, assessor);
    authorizeRiskEdit(actor, values);
    const rated = before.inherentLikelihood !== values.inherentLikelihood || before.inherentImpact !== values.inherentImpact || before.residualLikelihood !== values.residualLikelihood || before.residualImpact !== values.residualImpact;
    const now = this.clock.now();
    const who = auditActorOf(actor);
    await this.audit.write(this.db, async (trx) => {
      const writer = new RiskRepository(trx);
      await writer.updateRisk(before.id, values, now);
      await writer.setLinks(before.id, links);
      let lapsed = false;
      if (rated) {
        const rating = this.ratingOf(assessor, values);
        await writer.insertRating(before.id, rating, 'rated', who.label, now);
        // An acceptance holds for the rating it accepted: a higher residual rating needs a new decision.
        const acceptance = await new RiskDecisionRepository(trx).acceptanceInForce(before.id);
        const residual = assessor.rate(values.residualLikelihood, values.residualImpact);
        const acceptedBand = acceptance && assessor.matrix.bands.find((b) => b.code === acceptance.bandCode);
        if (acceptance && acceptedBand && ratingRoseSince(acceptance.residualScore, acceptedBand.rank, residual)) {
          await endAcceptance(trx, this.outbox, { riskId: before.id, acceptanceId: acceptance.id, status: 'lapsed', reason: `The residual rating rose to ${residual.score} (${residual.band.name}) after it was accepted`, by: who.label, at: now });
          lapsed = true;
        }
      }
      return { result: undefined, event: { actor: who, action: 'risk.changed', recordType: 'risk', recordId: before.id, changes: { before, after: { ...values, ...links } }, metadata: { rated, acceptanceLapsed: lapsed }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The owner (or the security team) puts the risk before whoever decides it. */
  async askForDecision(actor: Actor, id: string, requestId?: string): Promise<void> {
    const row = await new RiskRepository(this.db).findRisk(requireId(id, 'The risk'));
    if (!row) throw notFound('The risk');
    authorizeRiskEdit(actor, row);
    if (!['open', 'in-review'].includes(row.status)) throw validationFailed([{ field: 'form', message: `The risk is ${row.status.replace('-', ' ')}: only an open risk, or one back in review, goes for a decision` }]);
    await this.audit.write(this.db, async (trx) => {
      await new RiskRepository(trx).setStatus(row.id, 'awaiting-decision', this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'risk.decision-requested', recordType: 'risk', recordId: row.id, changes: { before: { status: row.status }, after: { status: 'awaiting-decision' } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Adds an action to treat the risk, in the shared actions register. */
  async addAction(actor: Actor, id: string, input: { title: string; owner: string; dueOn: string; description?: string }, requestId?: string): Promise<string> {
    const repository = new RiskRepository(this.db);
    const row = await repository.findRisk(requireId(id, 'The risk'));
    if (!row) throw notFound('The risk');
    authorizeRiskEdit(actor, row);
    const problems: FieldProblem[] = [];
    if (input.title.trim() === '') problems.push({ field: 'actionTitle', message: 'Enter what is to be done' });
    const owner = await repository.personByReference(input.owner);
    if (!owner) problems.push({ field: 'actionOwner', message: input.owner.trim() ? `No one in the people register has the email or staff number ${input.owner.trim()}` : 'Enter the action owner’s email or staff number' });
    if (!isRealDate(input.dueOn)) problems.push({ field: 'actionDueOn', message: 'Enter the due date as YYYY-MM-DD' });
    else if (input.dueOn < this.today()) problems.push({ field: 'actionDueOn', message: 'The due date cannot be in the past' });
    if (problems.length > 0) throw validationFailed(problems);
    const who = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const action = await new ActionRepository(trx).insertAction({ title: input.title.trim(), description: input.description?.trim() ?? '', ownerPersonId: owner!.id, unitId: row.unitId, dueOn: input.dueOn, source: { type: 'risk', id: row.id }, createdBy: who.label });
      return { result: action.id, event: { actor: who, action: 'action.created', recordType: 'action', recordId: action.id, metadata: { reference: action.reference, source: { type: 'risk', id: row.id, reference: row.reference } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async exportCsv(actor: Actor, filter: RiskFilter): Promise<string> {
    const rows: RiskSummary[] = [];
    for (let page = 1; ; page++) {
      const result = await this.list(actor, filter, page);
      rows.push(...result.risks);
      if (page >= result.pages) break;
    }
    return toCsv(
      ['reference', 'title', 'unit', 'owner', 'inherent score', 'inherent band', 'residual score', 'residual band', 'over appetite', 'treatment', 'status', 'accepted until', 'review on'],
      rows.map((r) => [r.reference, r.title, r.unitName, r.ownerName, r.inherent.score, r.inherent.band.name, r.residual.score, r.residual.band.name, r.overAppetite ? 'yes' : 'no', r.treatment, r.status, r.acceptedUntil ?? '', r.reviewOn]),
    );
  }
}

