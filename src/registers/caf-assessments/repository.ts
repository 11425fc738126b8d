// SQL for CAF self-assessments. Nothing here opens a transaction or records an audit event: the
// service does both.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { AchievementLevel, GovAssureProfile } from '../frameworks/formats/parsed.ts';
import { FrameworkRepository } from '../frameworks/repository.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { AssessmentStatus, Assessor, AssessmentSummary, Evidence } from './entity.ts';
import type { EvidenceRow, ImplementationFact } from './prefill.ts';

export interface AssessmentValues {
  readonly frameworkId: string;
  readonly serviceId: string;
  readonly unitId: string;
  readonly profile: GovAssureProfile;
  readonly dueOn: string;
  readonly startedBy: string;
}

/** Which assessments a reader sees: every one in these units, and always those they assess. */
export interface AssessmentVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

export interface OutcomeRow {
  readonly requirementId: string;
  readonly status: AchievementLevel | null;
  readonly justification: string;
  readonly source: 'registers' | 'assessor' | null;
  readonly proposedStatus: AchievementLevel | null;
  readonly proposedJustification: string;
  readonly answeredBy: string | null;
  readonly answeredAt: Date | null;
}

export class CafAssessmentRepository {
  constructor(private readonly db: Executor) {}

  async insertAssessment(values: AssessmentValues, outcomeIds: readonly string[], assessorIds: readonly string[]): Promise<{ id: string; reference: string }> {
    const { rows } = await sql<{ n: number }>`select nextval('caf_assessments_reference_seq')::int as n`.execute(this.db);
    const reference = `CAF-${String(rows[0]!.n).padStart(4, '0')}`;
    const { id } = await this.db
      .insertInto('caf_assessments')
      .values({ reference, framework_id: values.frameworkId, service_id: values.serviceId, unit_id: values.unitId, profile: values.profile, due_on: values.dueOn, started_by: values.startedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (outcomeIds.length) await this.db.insertInto('caf_outcome_results').values(outcomeIds.map((requirement_id) => ({ assessment_id: id, requirement_id, status: null, source: null, proposed_status: null, answered_by: null, answered_at: null }))).execute();
    if (assessorIds.length) await this.db.insertInto('caf_assessment_assessors').values(assessorIds.map((person_id) => ({ assessment_id: id, person_id, assigned_by: values.startedBy }))).execute();
    return { id, reference };
  }

  async replaceAssessors(assessmentId: string, personIds: readonly string[], by: string, now: Date): Promise<void> {
    await this.db.deleteFrom('caf_assessment_assessors').where('assessment_id', '=', assessmentId).where('person_id', 'not in', [...personIds]).execute();
    await this.db
      .insertInto('caf_assessment_assessors')
      .values(personIds.map((person_id) => ({ assessment_id: assessmentId, person_id, assigned_by: by })))
      .onConflict((oc) => oc.columns(['assessment_id', 'person_id']).doNothing())
      .execute();
    await this.db.updateTable('caf_assessments').set({ updated_at: now }).where('id', '=', assessmentId).execute();
  }

  private assessments() {
    return this.db
      .selectFrom('caf_assessments as a')
      .innerJoin('technology_services as s', 's.id', 'a.service_id')
      .innerJoin('organisation_units as u', 'u.id', 'a.unit_id')
      .innerJoin('frameworks as f', 'f.id', 'a.framework_id')
      .select([
        'a.id', 'a.reference', 'a.framework_id', 'f.name as framework_name', 'f.version as framework_version', 'a.service_id', 's.reference as service_reference', 's.name as service_name', 's.criticality',
        'a.unit_id', 'u.name as unit_name', 'a.profile', 'a.due_on', 'a.status', 'a.started_by', 'a.created_at', 'a.prefilled_at', 'a.submitted_by', 'a.submitted_at', 'a.completed_by', 'a.completed_at',
      ]);
  }

  async findAssessment(id: string): Promise<AssessmentSummary | undefined> {
    const row = await this.assessments().where('a.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return toSummary(row, (await this.assessorsOf([row.id])).get(row.id) ?? []);
  }

  /**
   * Whether the service has an assessment not yet completed, read with the service's row locked until the
   * transaction ends, so two people starting one at once on PostgreSQL queue and the second is told why.
   */
  async hasOpenAssessmentLocked(serviceId: string): Promise<boolean> {
    await this.db.selectFrom('technology_services').select('id').where('id', '=', serviceId).forUpdate().execute();
    return (await this.db.selectFrom('caf_assessments').select('id').where('service_id', '=', serviceId).where('status', '<>', 'completed').executeTakeFirst()) !== undefined;
  }

  async findByService(serviceId: string): Promise<AssessmentSummary[]> {
    const rows = await this.assessments().where('a.service_id', '=', serviceId).orderBy('a.created_at').execute();
    const assessors = await this.assessorsOf(rows.map((r) => r.id));
    return rows.map((r) => toSummary(r, assessors.get(r.id) ?? []));
  }

  async listAssessments(visibility: AssessmentVisibility): Promise<AssessmentSummary[]> {
    let query = this.assessments();
    if (visibility.units !== 'all') {
      const units = [...visibility.units];
      const personId = visibility.personId;
      query = query.where((eb) =>
        eb.or([
          ...(units.length ? [eb('a.unit_id', 'in', units)] : []),
          ...(personId ? [eb.exists(eb.selectFrom('caf_assessment_assessors as x').select('x.person_id').whereRef('x.assessment_id', '=', 'a.id').where('x.person_id', '=', personId))] : []),
          eb.lit(false),
        ]),
      );
    }
    const rows = await query.orderBy('a.reference', 'desc').execute();
    const assessors = await this.assessorsOf(rows.map((r) => r.id));
    return rows.map((r) => toSummary(r, assessors.get(r.id) ?? []));
  }

  async assessorsOf(assessmentIds: readonly string[]): Promise<Map<string, Assessor[]>> {
    const map = new Map<string, Assessor[]>();
    if (assessmentIds.length === 0) return map;
    const rows = await this.db
      .selectFrom('caf_assessment_assessors as x')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['x.assessment_id', 'x.person_id', 'p.display_name', 'p.email'])
      .where('x.assessment_id', 'in', [...assessmentIds])
      .orderBy('p.display_name')
      .execute();
    for (const r of rows) map.set(r.assessment_id, [...(map.get(r.assessment_id) ?? []), { personId: r.person_id, name: r.display_name, email: r.email }]);
    return map;
  }

  async outcomeRows(assessmentId: string): Promise<OutcomeRow[]> {
    const rows = await this.db.selectFrom('caf_outcome_results').selectAll().where('assessment_id', '=', assessmentId).execute();
    return rows.map((r) => ({
      requirementId: r.requirement_id,
      status: r.status,
      justification: r.justification,
      source: r.source,
      proposedStatus: r.proposed_status,
      proposedJustification: r.proposed_justification,
      answeredBy: r.answered_by,
      answeredAt: r.answered_at,
    }));
  }

  async indicatorAnswers(assessmentId: string): Promise<Map<string, boolean>> {
    const rows = await this.db.selectFrom('caf_indicator_answers').select(['requirement_id', 'met']).where('assessment_id', '=', assessmentId).execute();
    return new Map(rows.map((r) => [r.requirement_id, r.met]));
  }

  async evidence(assessmentId: string): Promise<Map<string, Evidence[]>> {
    const rows = await this.db.selectFrom('caf_outcome_evidence').selectAll().where('assessment_id', '=', assessmentId).orderBy('supports', 'desc').orderBy('label').execute();
    const map = new Map<string, Evidence[]>();
    for (const r of rows) map.set(r.requirement_id, [...(map.get(r.requirement_id) ?? []), { supports: r.supports, kind: r.kind, label: r.label, detail: r.detail, url: r.url, recordedAt: r.recorded_at }]);
    return map;
  }

  /** Stores the registers' proposal and evidence for an outcome; the status follows it unless an assessor has answered. */
  async applyProposal(assessmentId: string, requirementId: string, proposal: { status: AchievementLevel | null; justification: string; evidence: readonly EvidenceRow[] }, now: Date): Promise<void> {
    await this.db.updateTable('caf_outcome_results').set({ proposed_status: proposal.status, proposed_justification: proposal.justification }).where('assessment_id', '=', assessmentId).where('requirement_id', '=', requirementId).execute();
    await this.db
      .updateTable('caf_outcome_results')
      .set({ status: proposal.status, justification: proposal.justification, source: proposal.status === null ? null : 'registers' })
      .where('assessment_id', '=', assessmentId)
      .where('requirement_id', '=', requirementId)
      .where((eb) => eb.or([eb('source', 'is', null), eb('source', '=', 'registers')]))
      .execute();
    await this.db.deleteFrom('caf_outcome_evidence').where('assessment_id', '=', assessmentId).where('requirement_id', '=', requirementId).execute();
    if (proposal.evidence.length) {
      await this.db
        .insertInto('caf_outcome_evidence')
        .values(proposal.evidence.map((e) => ({ assessment_id: assessmentId, requirement_id: requirementId, supports: e.supports, kind: e.kind, label: e.label, detail: e.detail, url: e.url, implementation_id: e.implementationId, finding_id: e.findingId, recorded_at: now })))
        .execute();
    }
  }

  async markPrefilled(assessmentId: string, now: Date): Promise<void> {
    await this.db.updateTable('caf_assessments').set({ prefilled_at: now, updated_at: now }).where('id', '=', assessmentId).execute();
  }

  async recordOutcome(assessmentId: string, requirementId: string, answer: { status: AchievementLevel | null; justification: string; indicators: ReadonlyMap<string, boolean> }, by: string, now: Date): Promise<void> {
    await this.db
      .updateTable('caf_outcome_results')
      .set({ status: answer.status, justification: answer.justification, source: 'assessor', answered_by: by, answered_at: now })
      .where('assessment_id', '=', assessmentId)
      .where('requirement_id', '=', requirementId)
      .execute();
    for (const [indicatorId, met] of answer.indicators) {
      await this.db
        .insertInto('caf_indicator_answers')
        .values({ assessment_id: assessmentId, requirement_id: indicatorId, met, answered_by: by, answered_at: now })
        .onConflict((oc) => oc.columns(['assessment_id', 'requirement_id']).doUpdateSet({ met, answered_by: by, answered_at: now }))
        .execute();
    }
    await this.db.updateTable('caf_assessments').set({ updated_at: now }).where('id', '=', assessmentId).execute();
  }

  async setStatus(assessmentId: string, status: AssessmentStatus, by: string, now: Date): Promise<void> {
    const set = status === 'submitted' ? { submitted_by: by, submitted_at: now } : status === 'completed' ? { completed_by: by, completed_at: now } : {};
    await this.db.updateTable('caf_assessments').set({ status, ...set, updated_at: now }).where('id', '=', assessmentId).execute();
  }

  async frameworkByCode(code: string): Promise<{ id: string } | undefined> {
    return new FrameworkRepository(this.db).frameworkByCode(code);
  }

  /** Each outcome's target for the profile (null: the outcome still needs one). */
  async targets(frameworkId: string, profile: GovAssureProfile): Promise<Map<string, AchievementLevel | null>> {
    const rows = await this.db
      .selectFrom('framework_profile_targets as t')
      .innerJoin('requirements as r', 'r.id', 't.requirement_id')
      .select(['t.requirement_id', 't.target'])
      .where('r.framework_id', '=', frameworkId)
      .where('t.profile', '=', profile)
      .execute();
    return new Map(rows.map((r) => [r.requirement_id, r.target]));
  }

  async serviceByReference(reference: string): Promise<{ id: string; reference: string; name: string; unitId: string; criticality: string } | undefined> {
    const row = await this.db.selectFrom('technology_services').select(['id', 'reference', 'name', 'unit_id', 'criticality']).where(sql<string>`lower(reference)`, '=', reference.toLowerCase()).executeTakeFirst();
    return row && { id: row.id, reference: row.reference, name: row.name, unitId: row.unit_id, criticality: row.criticality };
  }

  async personByReference(value: string): Promise<{ id: string } | undefined> {
    if (value.trim() === '') return undefined;
    const person = await new PeopleRepository(this.db).findByReference(value);
    return person && { id: person.id };
  }

  /** Controls mapped to each outcome of the framework, straight or to one of its indicators. */
  async controlsByOutcome(frameworkId: string): Promise<Map<string, Array<{ controlId: string; code: string; title: string }>>> {
    const { rows } = await sql<{ outcome_id: string; control_id: string; code: string; title: string }>`
      select distinct o.id as outcome_id, c.id as control_id, c.code, c.title
        from requirements o
        join requirements r on (r.id = o.id or r.parent_id = o.id)
        join control_requirements cr on cr.requirement_id = r.id
        join controls c on c.id = cr.control_id
       where o.framework_id = ${frameworkId} and o.level = 'outcome'
       order by c.code`.execute(this.db);
    const map = new Map<string, Array<{ controlId: string; code: string; title: string }>>();
    for (const r of rows) map.set(r.outcome_id, [...(map.get(r.outcome_id) ?? []), { controlId: r.control_id, code: r.code, title: r.title }]);
    return map;
  }

  /**
   * Each control's implementation that speaks for the service: on the service itself, else at its unit
   * or the nearest unit above (people and process controls are implemented per unit), with its evidence.
   */
  async implementationsFor(serviceId: string, controlIds: readonly string[]): Promise<Map<string, ImplementationFact>> {
    if (controlIds.length === 0) return new Map();
    const { rows } = await sql<{ id: string; control_id: string; status: ImplementationFact['status']; not_applicable_reason: string | null; service_id: string | null; unit_name: string | null; depth: number }>`
      with recursive chain (id, depth) as (
        select unit_id, 0 from technology_services where id = ${serviceId}
        union all
        select u.parent_id, c.depth + 1 from organisation_units u join chain c on u.id = c.id where u.parent_id is not null and c.depth < 50
      )
      select i.id, i.control_id, i.status, i.not_applicable_reason, i.service_id, u.name as unit_name, coalesce(ch.depth, -1) as depth
        from control_implementations i
        left join chain ch on ch.id = i.unit_id
        left join organisation_units u on u.id = i.unit_id
       where i.control_id in (select jsonb_array_elements_text(${JSON.stringify(controlIds)}::jsonb)::uuid)
         and (i.service_id = ${serviceId} or ch.id is not null)
       order by i.control_id, depth`.execute(this.db);
    const chosen = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!chosen.has(r.control_id)) chosen.set(r.control_id, r);
    const ids = [...chosen.values()].map((r) => r.id);
    const evidence = ids.length
      ? await this.db
          .selectFrom('control_evidence as e')
          .leftJoin('stored_files as f', 'f.id', 'e.file_id')
          .select(['e.implementation_id', 'e.kind', 'e.url', 'e.note', 'f.name as file_name', 'e.review_by'])
          .where('e.implementation_id', 'in', ids)
          .orderBy('e.created_at')
          .execute()
      : [];
    const result = new Map<string, ImplementationFact>();
    for (const [controlId, r] of chosen) {
      result.set(controlId, {
        implementationId: r.id,
        status: r.status,
        notApplicableReason: r.not_applicable_reason,
        at: r.service_id ? { kind: 'service' } : { kind: 'unit', name: r.unit_name ?? '' },
        evidence: evidence.filter((e) => e.implementation_id === r.id).map((e) => ({ kind: e.kind as 'link' | 'note' | 'file', url: e.url, note: e.note, fileName: e.file_name, reviewBy: e.review_by })),
      });
    }
    return result;
  }

  /** Open compliance findings on the service, its information assets or its unit, by rule. */
  async openFindingsFor(serviceId: string): Promise<Array<{ id: string; ruleId: string; requirementId: string | null; label: string; reason: string }>> {
    const { rows } = await sql<{ id: string; rule_id: string; requirement_id: string | null; label: string; reason: string }>`
      select f.id, f.rule_id, f.requirement_id, f.label, f.reason
        from compliance_findings f
        join technology_services s on s.id = ${serviceId}
       where f.status = 'open'
         and ((f.scope_type = 'service' and f.scope_id = s.id)
           or (f.scope_type = 'asset' and f.scope_id in (select asset_id from service_assets where service_id = s.id))
           or (f.scope_type = 'unit' and f.scope_id = s.unit_id))
       order by f.label`.execute(this.db);
    return rows.map((r) => ({ id: r.id, ruleId: r.rule_id, requirementId: r.requirement_id, label: r.label, reason: r.reason }));
  }

  /** Unfinished assessments' duties for their assessors: one row per assessor and assessment. */
  async unfinishedDuties(personId: string | undefined): Promise<Array<{ id: string; reference: string; serviceReference: string; serviceName: string; personId: string; dueOn: string; unitId: string }>> {
    let query = this.db
      .selectFrom('caf_assessments as a')
      .innerJoin('caf_assessment_assessors as x', 'x.assessment_id', 'a.id')
      .innerJoin('technology_services as s', 's.id', 'a.service_id')
      .select(['a.id', 'a.reference', 's.reference as service_reference', 's.name as service_name', 'x.person_id', 'a.due_on', 'a.unit_id'])
      .where('a.status', '=', 'in-progress');
    if (personId) query = query.where('x.person_id', '=', personId);
    const rows = await query.orderBy('a.due_on').orderBy('a.reference').execute();
    return rows.map((r) => ({ id: r.id, reference: r.reference, serviceReference: r.service_reference, serviceName: r.service_name, personId: r.person_id, dueOn: r.due_on, unitId: r.unit_id }));
  }
}

function toSummary(
  r: {
    id: string; reference: string; framework_id: string; framework_name: string; framework_version: string; service_id: string; service_reference: string; service_name: string; criticality: string;
    unit_id: string; unit_name: string; profile: GovAssureProfile; due_on: string; status: AssessmentStatus; started_by: string; created_at: Date; prefilled_at: Date | null;
    submitted_by: string | null; submitted_at: Date | null; completed_by: string | null; completed_at: Date | null;
  },
  assessors: readonly Assessor[],
): AssessmentSummary {
  return {
    id: r.id, reference: r.reference, frameworkId: r.framework_id, frameworkName: r.framework_name, frameworkVersion: r.framework_version, serviceId: r.service_id, serviceReference: r.service_reference,
    serviceName: r.service_name, serviceCriticality: r.criticality, unitId: r.unit_id, unitName: r.unit_name, profile: r.profile, dueOn: r.due_on, status: r.status, startedBy: r.started_by,
    createdAt: r.created_at, prefilledAt: r.prefilled_at, submittedBy: r.submitted_by, submittedAt: r.submitted_at, completedBy: r.completed_by, completedAt: r.completed_at, assessors,
  };
}
