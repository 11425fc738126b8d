// The SQL of supplier assessments (issue 09): assessments and their answers, the single-use links sent to
// suppliers, deviations, and the few facts about suppliers, certificates and controls an evaluation needs.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Answer, AssessmentResult, AssessmentStatus, Criticality, DeviationKind } from './entity.ts';

export interface SupplierFacts {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly contactEmail: string;
  readonly criticalityOverride: Criticality | null;
}

export interface AssessmentRow {
  readonly id: string;
  readonly reference: string;
  readonly status: AssessmentStatus;
  readonly supplier: SupplierFacts;
  readonly questionnaireId: string;
  readonly assessorPersonId: string | null;
  readonly assessorName: string | null;
  readonly assessorEmail: string | null;
  readonly answeredBy: 'assessor' | 'supplier' | null;
  readonly score: number | null;
  readonly maxScore: number | null;
  readonly result: AssessmentResult | null;
  readonly completedOn: string | null;
  readonly reassessOn: string | null;
  readonly completedBy: string | null;
  readonly createdAt: Date;
}

export interface AnswerRow {
  readonly questionId: string;
  readonly answer: Answer;
  readonly comment: string;
}

export interface LinkRow {
  readonly id: string;
  readonly assessmentId: string;
  readonly sentTo: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface DeviationRow {
  readonly id: string;
  readonly supplierId: string;
  readonly assessmentId: string | null;
  readonly kind: DeviationKind;
  readonly questionId: string | null;
  readonly certificationId: string | null;
  readonly controlId: string | null;
  readonly description: string;
  readonly status: 'open' | 'resolved';
  readonly riskId: string | null;
  readonly riskReference: string | null;
  readonly riskTitle: string | null;
}

/** A deviation an evaluation found: the thing it is about (question, certificate or control) and its words. */
export interface FoundDeviation {
  readonly kind: DeviationKind;
  readonly subjectId: string;
  readonly description: string;
}

export interface AssessmentVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

export class AssessmentRepository {
  constructor(private readonly db: Executor) {}

  // ---- Suppliers, people and risks, as assessments need them ----

  async supplier(id: string): Promise<SupplierFacts | undefined> {
    return this.suppliers().where('s.id', '=', id).executeTakeFirst();
  }

  async supplierByName(name: string): Promise<SupplierFacts | undefined> {
    return this.suppliers().where(sql<boolean>`lower(s.name) = ${name.trim().toLowerCase()}`).executeTakeFirst();
  }

  private suppliers() {
    return this.db
      .selectFrom('suppliers as s')
      .innerJoin('organisation_units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.reference', 's.name', 's.unit_id as unitId', 'u.name as unitName', 's.contact_email as contactEmail', 's.criticality_override as criticalityOverride']);
  }

  async riskByReference(reference: string): Promise<{ id: string; reference: string; title: string; unitId: string; ownerPersonId: string; status: string } | undefined> {
    return this.db
      .selectFrom('risks')
      .select(['id', 'reference', 'title', 'unit_id as unitId', 'owner_person_id as ownerPersonId', 'status'])
      .where('reference', '=', reference.trim().toUpperCase())
      .executeTakeFirst();
  }

  async riskReferenceOf(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('risks').select('reference').where('id', '=', id).executeTakeFirst())?.reference;
  }

  // ---- Assessments ----

  async nextReference(): Promise<string> {
    const { rows } = await sql<{ n: string }>`select nextval('supplier_assessments_reference_seq')::text as n`.execute(this.db);
    return `ASM-${rows[0]!.n.padStart(4, '0')}`;
  }

  async insertAssessment(values: { reference: string; supplierId: string; questionnaireId: string; assessorPersonId: string | null }): Promise<string> {
    const row = await this.db
      .insertInto('supplier_assessments')
      .values({ reference: values.reference, supplier_id: values.supplierId, questionnaire_id: values.questionnaireId, assessor_person_id: values.assessorPersonId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findAssessment(id: string): Promise<AssessmentRow | undefined> {
    return (await this.assessments(sql`a.id = ${id}`))[0];
  }

  /** Holds the assessment's row until the transaction ends, so two writers to one assessment queue. */
  async lockAssessment(id: string): Promise<AssessmentStatus | undefined> {
    return (await this.db.selectFrom('supplier_assessments').select('status').where('id', '=', id).forUpdate().executeTakeFirst())?.status;
  }

  /** Assessments the person is assessing (open), and every assessment of suppliers in the units given. */
  async listAssessments(visibility: AssessmentVisibility, limit: number): Promise<AssessmentRow[]> {
    const mine = visibility.personId ? sql`(a.assessor_person_id = ${visibility.personId} and a.status <> 'completed')` : sql`false`;
    const units = visibility.units === 'all' ? sql`true` : visibility.units.length ? sql`s.unit_id in (select jsonb_array_elements_text(${JSON.stringify(visibility.units)}::jsonb)::uuid)` : sql`false`;
    return this.assessments(sql`(${mine} or ${units})`, limit);
  }

  async assessmentsOfSupplier(supplierId: string): Promise<AssessmentRow[]> {
    return this.assessments(sql`a.supplier_id = ${supplierId}`);
  }

  private async assessments(where: ReturnType<typeof sql>, limit = 500): Promise<AssessmentRow[]> {
    const { rows } = await sql<{
      id: string; reference: string; status: AssessmentStatus; questionnaire_id: string; assessor_person_id: string | null; assessor_name: string | null; assessor_email: string | null;
      answered_by: 'assessor' | 'supplier' | null; score: number | null; max_score: number | null; result: AssessmentResult | null; completed_on: string | null; reassess_on: string | null;
      completed_by: string | null; created_at: Date; supplier_id: string; supplier_reference: string; supplier_name: string; unit_id: string; unit_name: string; contact_email: string; criticality_override: Criticality | null;
    }>`
      select a.id, a.reference, a.status, a.questionnaire_id, a.assessor_person_id, p.display_name as assessor_name, p.email as assessor_email,
             a.answered_by, a.score, a.max_score, a.result, a.completed_on, a.reassess_on, a.completed_by, a.created_at,
             s.id as supplier_id, s.reference as supplier_reference, s.name as supplier_name, s.unit_id, u.name as unit_name, s.contact_email, s.criticality_override
        from supplier_assessments a
        join suppliers s on s.id = a.supplier_id
        join organisation_units u on u.id = s.unit_id
        left join people p on p.id = a.assessor_person_id
       where ${where}
       order by a.created_at desc, a.reference desc
       limit ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      supplier: { id: r.supplier_id, reference: r.supplier_reference, name: r.supplier_name, unitId: r.unit_id, unitName: r.unit_name, contactEmail: r.contact_email, criticalityOverride: r.criticality_override },
      questionnaireId: r.questionnaire_id,
      assessorPersonId: r.assessor_person_id,
      assessorName: r.assessor_name,
      assessorEmail: r.assessor_email,
      answeredBy: r.answered_by,
      score: r.score,
      maxScore: r.max_score,
      result: r.result,
      completedOn: r.completed_on,
      reassessOn: r.reassess_on,
      completedBy: r.completed_by,
      createdAt: r.created_at,
    }));
  }

  async setAssessor(id: string, personId: string | null, now: Date): Promise<void> {
    await this.db.updateTable('supplier_assessments').set({ assessor_person_id: personId, updated_at: now }).where('id', '=', id).execute();
  }

  async setStatus(id: string, status: AssessmentStatus, now: Date): Promise<void> {
    await this.db.updateTable('supplier_assessments').set({ status, updated_at: now }).where('id', '=', id).execute();
  }

  async setEvaluation(id: string, values: { status: AssessmentStatus; answeredBy: 'assessor' | 'supplier' | null; score: number | null; maxScore: number | null; result: AssessmentResult | null }, now: Date): Promise<void> {
    await this.db
      .updateTable('supplier_assessments')
      .set({ status: values.status, answered_by: values.answeredBy, score: values.score, max_score: values.maxScore, result: values.result, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async complete(id: string, values: { completedOn: string; reassessOn: string; completedBy: string }, now: Date): Promise<void> {
    await this.db
      .updateTable('supplier_assessments')
      .set({ status: 'completed', completed_on: values.completedOn, reassess_on: values.reassessOn, completed_by: values.completedBy, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  // ---- Answers ----

  async answers(assessmentId: string): Promise<AnswerRow[]> {
    return this.db.selectFrom('assessment_answers').select(['question_id as questionId', 'answer', 'comment']).where('assessment_id', '=', assessmentId).execute();
  }

  async saveAnswers(assessmentId: string, answers: readonly AnswerRow[], now: Date): Promise<void> {
    if (answers.length === 0) return;
    // Replaced rather than updated: an answer's time is when it was last given, and the column is insert-only.
    await this.db
      .deleteFrom('assessment_answers')
      .where('assessment_id', '=', assessmentId)
      .where(
        'question_id',
        'in',
        answers.map((a) => a.questionId),
      )
      .execute();
    await this.db
      .insertInto('assessment_answers')
      .values(answers.map((a) => ({ assessment_id: assessmentId, question_id: a.questionId, answer: a.answer, comment: a.comment, answered_at: now })))
      .execute();
  }

  // ---- Evaluation: certificates and controls ----

  async expiredCertifications(supplierId: string, today: string): Promise<Array<{ id: string; schemeName: string; certificateNumber: string; expiresOn: string }>> {
    return this.db
      .selectFrom('supplier_certifications as c')
      .innerJoin('certification_schemes as k', 'k.code', 'c.scheme_code')
      .select(['c.id', 'k.name as schemeName', 'c.certificate_number as certificateNumber', 'c.expires_on as expiresOn'])
      .where('c.supplier_id', '=', supplierId)
      .where('c.expires_on', '<', today)
      .orderBy('k.sort_order')
      .execute();
  }

  async unappliedControls(supplierId: string): Promise<Array<{ id: string; code: string; title: string }>> {
    return this.db
      .selectFrom('supplier_controls as sc')
      .innerJoin('controls as c', 'c.id', 'sc.control_id')
      .select(['c.id', 'c.code', 'c.title'])
      .where('sc.supplier_id', '=', supplierId)
      .where('sc.applied', '=', false)
      .orderBy('c.code')
      .execute();
  }

  // ---- Deviations ----

  async deviations(assessmentId: string): Promise<DeviationRow[]> {
    return this.deviationQuery().where('d.assessment_id', '=', assessmentId).orderBy('d.kind').orderBy('d.created_at').orderBy('d.description').execute();
  }

  async findDeviation(id: string): Promise<DeviationRow | undefined> {
    return this.deviationQuery().where('d.id', '=', id).executeTakeFirst();
  }

  private deviationQuery() {
    return this.db
      .selectFrom('supplier_deviations as d')
      .leftJoin('risks as r', 'r.id', 'd.risk_id')
      .select([
        'd.id',
        'd.supplier_id as supplierId',
        'd.assessment_id as assessmentId',
        'd.kind',
        'd.question_id as questionId',
        'd.certification_id as certificationId',
        'd.control_id as controlId',
        'd.description',
        'd.status',
        'd.risk_id as riskId',
        'r.reference as riskReference',
        'r.title as riskTitle',
      ]);
  }

  /**
   * Makes the assessment's deviations match what an evaluation found: new ones are added, ones found again
   * are open, and ones no longer found are removed, or resolved when already linked to a risk (the link is
   * a decision someone made, and stays on record).
   */
  async reconcileDeviations(assessmentId: string, supplierId: string, found: readonly FoundDeviation[], now: Date): Promise<{ added: number; resolved: number; removed: number }> {
    const current = await this.deviations(assessmentId);
    const subjectOf = (d: DeviationRow) => `${d.kind}:${d.kind === 'answer' ? d.questionId : d.kind === 'certificate' ? d.certificationId : d.controlId}`;
    const wanted = new Map(found.map((f) => [`${f.kind}:${f.subjectId}`, f]));
    const have = new Map(current.map((d) => [subjectOf(d), d]));
    const added = found.filter((f) => !have.has(`${f.kind}:${f.subjectId}`));
    if (added.length) {
      await this.db
        .insertInto('supplier_deviations')
        .values(
          added.map((f) => ({
            supplier_id: supplierId,
            assessment_id: assessmentId,
            kind: f.kind,
            question_id: f.kind === 'answer' ? f.subjectId : null,
            certification_id: f.kind === 'certificate' ? f.subjectId : null,
            control_id: f.kind === 'control' ? f.subjectId : null,
            description: f.description,
          })),
        )
        .execute();
    }
    const reopened = current.filter((d) => d.status === 'resolved' && wanted.has(subjectOf(d))).map((d) => d.id);
    if (reopened.length) await this.db.updateTable('supplier_deviations').set({ status: 'open', updated_at: now }).where('id', 'in', reopened).execute();
    const gone = current.filter((d) => d.status === 'open' && !wanted.has(subjectOf(d)));
    const removable = gone.filter((d) => d.riskId === null).map((d) => d.id);
    const resolvable = gone.filter((d) => d.riskId !== null).map((d) => d.id);
    // Actions raised from a deviation keep their source id; a deviation with actions is resolved, not removed.
    const withActions = removable.length ? new Set((await this.db.selectFrom('actions').select('source_id').where('source_type', '=', 'supplier-deviation').where('source_id', 'in', removable).execute()).map((a) => a.source_id)) : new Set();
    const remove = removable.filter((id) => !withActions.has(id));
    const resolve = [...resolvable, ...removable.filter((id) => withActions.has(id))];
    if (remove.length) await this.db.deleteFrom('supplier_deviations').where('id', 'in', remove).execute();
    if (resolve.length) await this.db.updateTable('supplier_deviations').set({ status: 'resolved', updated_at: now }).where('id', 'in', resolve).execute();
    return { added: added.length, resolved: resolve.length, removed: remove.length };
  }

  async linkDeviation(id: string, riskId: string, now: Date): Promise<void> {
    await this.db.updateTable('supplier_deviations').set({ risk_id: riskId, updated_at: now }).where('id', '=', id).execute();
  }

  async linkRiskToSupplier(riskId: string, supplierId: string): Promise<void> {
    await this.db.insertInto('risk_suppliers').values({ risk_id: riskId, supplier_id: supplierId }).onConflict((oc) => oc.columns(['risk_id', 'supplier_id']).doNothing()).execute();
  }

  // ---- Links sent to suppliers ----

  async insertLink(values: { assessmentId: string; tokenSha256: string; sentTo: string; expiresAt: Date; createdBy: string }): Promise<string> {
    const row = await this.db
      .insertInto('supplier_questionnaire_links')
      .values({ assessment_id: values.assessmentId, token_sha256: values.tokenSha256, sent_to: values.sentTo, expires_at: values.expiresAt, created_by: values.createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async links(assessmentId: string): Promise<LinkRow[]> {
    return this.linkQuery().where('assessment_id', '=', assessmentId).orderBy('created_at', 'desc').execute();
  }

  async linkByHash(tokenSha256: string): Promise<LinkRow | undefined> {
    return this.linkQuery().where('token_sha256', '=', tokenSha256).executeTakeFirst();
  }

  private linkQuery() {
    return this.db
      .selectFrom('supplier_questionnaire_links')
      .select(['id', 'assessment_id as assessmentId', 'sent_to as sentTo', 'expires_at as expiresAt', 'used_at as usedAt', 'revoked_at as revokedAt', 'created_by as createdBy', 'created_at as createdAt']);
  }

  /** Revokes the links still usable; the number revoked. */
  async revokeLinks(assessmentId: string, now: Date): Promise<number> {
    const rows = await this.db
      .updateTable('supplier_questionnaire_links')
      .set({ revoked_at: now })
      .where('assessment_id', '=', assessmentId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .execute();
    return rows.length;
  }

  /** Uses the link once: false when it was used, revoked or expired in the meantime. */
  async useLink(id: string, now: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('supplier_questionnaire_links')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
