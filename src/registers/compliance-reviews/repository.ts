// SQL for compliance-reviews, their checklists and findings. Nothing here opens a transaction or
// records an audit event: the service does both.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { EngineView, FindingSeverity, ItemResult, ItemRow, RequirementSourceType, ReviewStatus } from './entity.ts';

export interface ReviewValues {
  readonly title: string;
  readonly unitId: string;
  readonly serviceId: string | null;
  readonly sourceType: RequirementSourceType;
  readonly documentId: string | null;
  readonly frameworkId: string | null;
  readonly requirementKeys: readonly string[];
  readonly leadPersonId: string;
  readonly plannedOn: string;
}

export interface ReviewRow extends ReviewValues {
  readonly id: string;
  readonly reference: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly serviceReference: string | null;
  readonly serviceName: string | null;
  readonly sourceCode: string;
  readonly sourceName: string;
  readonly leadName: string;
  readonly leadEmail: string | null;
  readonly status: ReviewStatus;
  readonly startedOn: string | null;
  readonly completedOn: string | null;
  readonly conclusion: string;
}


export interface FindingRow {
  readonly id: string;
  readonly number: number;
  readonly itemId: string | null;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly raisedBy: string;
}

export interface RequirementInScope {
  readonly id: string;
  readonly key: string;
  readonly text: string;
}

/** Which reviews a reader sees: every review in these units, and always those they lead. */
export interface ReviewVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

export interface ReviewFilter {
  readonly status?: ReviewStatus;
  /** A unit and every unit below it. */
  readonly unitId?: string;
}

const keysOf = (text: string): string[] => text.split(' ').filter((k) => k !== '');

export class ComplianceReviewRepository {
  constructor(readonly db: Executor) {}

  async insertReview(values: ReviewValues, createdBy: string): Promise<{ id: string; reference: string }> {
    const { rows } = await sql<{ n: number }>`select nextval('compliance_reviews_reference_seq')::int as n`.execute(this.db);
    const reference = `CR-${String(rows[0]!.n).padStart(4, '0')}`;
    const { id } = await this.db
      .insertInto('compliance_reviews')
      .values({
        reference,
        title: values.title,
        unit_id: values.unitId,
        service_id: values.serviceId,
        source_type: values.sourceType,
        document_id: values.documentId,
        framework_id: values.frameworkId,
        requirement_keys: values.requirementKeys.join(' '),
        lead_person_id: values.leadPersonId,
        planned_on: values.plannedOn,
        created_by: createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, reference };
  }

  reviews() {
    return this.db
      .selectFrom('compliance_reviews as r')
      .innerJoin('organisation_units as u', 'u.id', 'r.unit_id')
      .innerJoin('people as p', 'p.id', 'r.lead_person_id')
      .leftJoin('technology_services as s', 's.id', 'r.service_id')
      .leftJoin('documents as d', 'd.id', 'r.document_id')
      .leftJoin('frameworks as f', 'f.id', 'r.framework_id')
      .select([
        'r.id', 'r.reference', 'r.title', 'r.unit_id', 'r.service_id', 'r.source_type', 'r.document_id', 'r.framework_id', 'r.requirement_keys', 'r.lead_person_id', 'r.planned_on',
        'r.status', 'r.started_on', 'r.completed_on', 'r.conclusion', 'u.code as unit_code', 'u.name as unit_name', 's.reference as service_reference', 's.name as service_name',
        'p.display_name as lead_name', 'p.email as lead_email', 'd.key_prefix as document_code', 'd.title as document_title', 'f.code as framework_code', 'f.name as framework_name',
      ]);
  }

  async findReview(id: string): Promise<ReviewRow | undefined> {
    const row = await this.reviews().where('r.id', '=', id).executeTakeFirst();
    return row && toReviewRow(row);
  }

  async findReviewByTitle(title: string): Promise<ReviewRow | undefined> {
    const row = await this.reviews().where('r.title', '=', title).executeTakeFirst();
    return row && toReviewRow(row);
  }

  async listReviews(filter: ReviewFilter, visibility: ReviewVisibility): Promise<ReviewRow[]> {
    let query = this.reviews();
    if (filter.status) query = query.where('r.status', '=', filter.status);
    if (filter.unitId) {
      const unitId = filter.unitId;
      query = query.where(sql<boolean>`r.unit_id in (with recursive below (id) as (select ${unitId}::uuid union all select u2.id from organisation_units u2 join below on u2.parent_id = below.id) select id from below)`);
    }
    if (visibility.units !== 'all') {
      const units = [...visibility.units];
      const personId = visibility.personId;
      query = query.where((eb) => eb.or([...(units.length ? [eb('r.unit_id', 'in', units)] : []), ...(personId ? [eb('r.lead_person_id', '=', personId)] : []), eb.lit(false)]));
    }
    return (await query.orderBy('r.planned_on', 'desc').orderBy('r.reference', 'desc').execute()).map(toReviewRow);
  }

  /** Locks the review for the transaction, so two reviewers cannot complete it while a third records a result. */
  async lockReview(id: string): Promise<{ status: ReviewStatus } | undefined> {
    return this.db.selectFrom('compliance_reviews').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async startReview(id: string, startedOn: string, now: Date): Promise<void> {
    await this.db.updateTable('compliance_reviews').set({ status: 'in-progress', started_on: startedOn, updated_at: now }).where('id', '=', id).execute();
  }

  async completeReview(id: string, completedOn: string, conclusion: string, now: Date): Promise<void> {
    await this.db.updateTable('compliance_reviews').set({ status: 'completed', completed_on: completedOn, conclusion, updated_at: now }).where('id', '=', id).execute();
  }

  /** The active requirements of the review's source: the chosen keys, or all (a framework's assessable ones), in the source's order. */
  async requirementsInScope(source: { sourceType: RequirementSourceType; documentId: string | null; frameworkId: string | null }, keys: readonly string[]): Promise<RequirementInScope[]> {
    let query = this.db.selectFrom('requirements').select(['id', 'key', 'text', 'title']).where('status', '=', 'active');
    query = source.sourceType === 'framework' ? query.where('framework_id', '=', source.frameworkId) : query.where('document_id', '=', source.documentId).where('source_type', '=', 'policy-statement');
    // Keys chosen may name any level of a framework (a CAF outcome); with none, its assessable requirements.
    if (keys.length) query = query.where(sql<string>`upper(key)`, 'in', keys.map((k) => k.toUpperCase()));
    else if (source.sourceType === 'framework') query = query.where('assessable', '=', true);
    const rows = await query.orderBy('position').orderBy('key').execute();
    // A framework requirement's text may be empty where its title says it all.
    return rows.map((r) => ({ id: r.id, key: r.key, text: r.text.trim() || r.title }));
  }

  async insertItems(reviewId: string, items: readonly RequirementInScope[]): Promise<void> {
    if (items.length === 0) return;
    await this.db
      .insertInto('compliance_review_items')
      .values(items.map((item, i) => ({ review_id: reviewId, position: i + 1, requirement_id: item.id, requirement_key: item.key, requirement_text: item.text })))
      .execute();
  }

  async items(reviewId: string): Promise<ItemRow[]> {
    const rows = await this.db.selectFrom('compliance_review_items').selectAll().where('review_id', '=', reviewId).orderBy('position').execute();
    return rows.map((r) => ({ id: r.id, position: r.position, requirementId: r.requirement_id, requirementKey: r.requirement_key, requirementText: r.requirement_text, result: r.result, note: r.note, recordedBy: r.recorded_by }));
  }

  async recordResult(itemId: string, result: ItemResult, note: string, recordedBy: string, now: Date): Promise<void> {
    await this.db.updateTable('compliance_review_items').set({ result, note, recorded_by: recordedBy, recorded_at: now }).where('id', '=', itemId).execute();
  }

  async insertFinding(reviewId: string, values: { itemId: string | null; severity: FindingSeverity; description: string }, raisedBy: string): Promise<{ id: string; number: number }> {
    const next = await this.db.selectFrom('compliance_review_findings').select((eb) => eb.fn.max('number').as('n')).where('review_id', '=', reviewId).executeTakeFirst();
    const number = Number(next?.n ?? 0) + 1;
    const { id } = await this.db
      .insertInto('compliance_review_findings')
      .values({ review_id: reviewId, number, item_id: values.itemId, severity: values.severity, description: values.description, raised_by: raisedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, number };
  }

  async findings(reviewId: string): Promise<FindingRow[]> {
    const rows = await this.db.selectFrom('compliance_review_findings').selectAll().where('review_id', '=', reviewId).orderBy('number').execute();
    return rows.map((r) => ({ id: r.id, number: r.number, itemId: r.item_id, severity: r.severity, description: r.description, raisedBy: r.raised_by }));
  }

  /**
   * What the compliance engine says about each requirement in the review's scope: for a service, the
   * findings scoped to that service; for a unit, the findings of that unit and every unit below it.
   */
  async engineViews(review: { unitId: string; serviceId: string | null }, requirementIds: readonly string[]): Promise<Map<string, EngineView>> {
    if (requirementIds.length === 0) return new Map();
    let query = this.db
      .selectFrom('compliance_findings as f')
      .select((eb) => ['f.requirement_id', 'f.status', eb.fn.countAll<string>().as('n')])
      .where('f.requirement_id', 'in', [...requirementIds])
      .groupBy(['f.requirement_id', 'f.status']);
    if (review.serviceId) query = query.where('f.scope_type', '=', 'service').where('f.scope_id', '=', review.serviceId);
    else query = query.where(sql<boolean>`f.unit_id in (with recursive below (id) as (select ${review.unitId}::uuid union all select u.id from organisation_units u join below on u.parent_id = below.id) select id from below)`);
    const views = new Map<string, { open: number; covered: number; resolved: number }>();
    for (const row of await query.execute()) {
      const view = views.get(row.requirement_id ?? '') ?? { open: 0, covered: 0, resolved: 0 };
      view[row.status] += Number(row.n);
      views.set(row.requirement_id ?? '', view);
    }
    return views;
  }

  async unitByCode(code: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('organisation_units').select('id').where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  }

  async serviceByReference(reference: string): Promise<{ id: string; unitId: string } | undefined> {
    const row = await this.db.selectFrom('technology_services').select(['id', 'unit_id']).where(sql<string>`lower(reference)`, '=', reference.trim().toLowerCase()).executeTakeFirst();
    return row && { id: row.id, unitId: row.unit_id };
  }

  /** A policy document by its key prefix, or a framework by its code. */
  async sourceByCode(code: string): Promise<{ sourceType: RequirementSourceType; documentId: string | null; frameworkId: string | null } | undefined> {
    const value = code.trim();
    if (value === '') return undefined;
    const document = await this.db.selectFrom('documents').select('id').where(sql<string>`upper(key_prefix)`, '=', value.toUpperCase()).executeTakeFirst();
    if (document) return { sourceType: 'policy-statement', documentId: document.id, frameworkId: null };
    const framework = await this.db.selectFrom('frameworks').select('id').where(sql<string>`lower(code)`, '=', value.toLowerCase()).executeTakeFirst();
    return framework && { sourceType: 'framework', documentId: null, frameworkId: framework.id };
  }

  /** Every source a review may draw its checklist from, for the form's choices. */
  async sources(): Promise<Array<{ code: string; name: string }>> {
    const documents = await this.db.selectFrom('documents').select(['key_prefix as code', 'title as name']).orderBy('tier').orderBy('title').execute();
    const frameworks = await this.db.selectFrom('frameworks').select(['code', 'name']).orderBy('name').execute();
    return [...documents.map((d) => ({ code: d.code, name: `${d.name} (policy statements)` })), ...frameworks.map((f) => ({ code: f.code, name: `${f.name} (framework)` }))];
  }

  async personByReference(value: string): Promise<{ id: string } | undefined> {
    if (value.trim() === '') return undefined;
    const person = await new PeopleRepository(this.db).findByReference(value);
    return person && { id: person.id };
  }
}

type Raw = Awaited<ReturnType<ReturnType<ComplianceReviewRepository['reviews']>['executeTakeFirstOrThrow']>>;

function toReviewRow(r: Raw): ReviewRow {
  const framework = r.source_type === 'framework';
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    serviceId: r.service_id,
    serviceReference: r.service_reference,
    serviceName: r.service_name,
    sourceType: r.source_type,
    documentId: r.document_id,
    frameworkId: r.framework_id,
    sourceCode: (framework ? r.framework_code : r.document_code) ?? '',
    sourceName: (framework ? r.framework_name : r.document_title) ?? '',
    requirementKeys: keysOf(r.requirement_keys),
    leadPersonId: r.lead_person_id,
    leadName: r.lead_name,
    leadEmail: r.lead_email,
    plannedOn: r.planned_on,
    status: r.status,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    conclusion: r.conclusion,
  };
}
