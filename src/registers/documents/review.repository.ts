import type { Executor } from '../../database.ts';
import type { ReviewOutcome } from './entity.ts';

export interface ReviewQueueFilter {
  readonly ownerPersonId?: string;
  readonly unitId?: string;
}

export interface QueuedDocumentRow {
  readonly id: string;
  readonly title: string;
  readonly tier: number;
  readonly unit_id: string;
  readonly unit_name: string;
  readonly owner_name: string | null;
  readonly next_review_on: string;
  readonly last_reviewed_on: string | null;
  readonly last_outcome: ReviewOutcome | null;
}

export interface NewDocumentReview {
  readonly documentId: string;
  readonly outcome: ReviewOutcome;
  readonly notes: string;
  readonly reviewedOn: string;
  readonly nextReviewOn: string | null;
  readonly reviewedByPersonId: string | null;
  readonly reviewedByLabel: string;
}

export class DocumentReviewRepository {
  constructor(private readonly db: Executor) {}

  /** Documents still in force that have a next review date, soonest first, each with its latest review. */
  async queue(filter: ReviewQueueFilter): Promise<QueuedDocumentRow[]> {
    let query = this.db
      .selectFrom('documents as d')
      .innerJoin('organisation_units as u', 'u.id', 'd.unit_id')
      .leftJoin('people as p', 'p.id', 'd.owner_person_id')
      .leftJoinLateral(
        (eb) => eb.selectFrom('document_reviews as r').select(['r.reviewed_on', 'r.outcome']).whereRef('r.document_id', '=', 'd.id').orderBy('r.reviewed_on', 'desc').orderBy('r.created_at', 'desc').limit(1).as('last'),
        (join) => join.onTrue(),
      )
      .select(['d.id', 'd.title', 'd.tier', 'd.unit_id', 'u.name as unit_name', 'p.display_name as owner_name', 'd.next_review_on', 'last.reviewed_on as last_reviewed_on', 'last.outcome as last_outcome'])
      .where('d.status', '<>', 'retired')
      .where('d.next_review_on', 'is not', null);
    if (filter.ownerPersonId) query = query.where('d.owner_person_id', '=', filter.ownerPersonId);
    if (filter.unitId) query = query.where('d.unit_id', '=', filter.unitId);
    const rows = await query.orderBy('d.next_review_on').orderBy('d.title').execute();
    return rows.map((r) => ({ ...r, next_review_on: r.next_review_on!, last_reviewed_on: r.last_reviewed_on ?? null, last_outcome: r.last_outcome ?? null }));
  }

  /** The people who own documents still in force: the owner filter offers only names that match something. */
  owners(): Promise<Array<{ id: string; name: string }>> {
    return this.db
      .selectFrom('people as p')
      .select(['p.id', 'p.display_name as name'])
      .where((eb) => eb.exists(eb.selectFrom('documents as d').select('d.id').whereRef('d.owner_person_id', '=', 'p.id').where('d.status', '<>', 'retired')))
      .orderBy('p.display_name')
      .execute();
  }

  /** The units that hold documents still in force. */
  units(): Promise<Array<{ id: string; name: string }>> {
    return this.db
      .selectFrom('organisation_units as u')
      .select(['u.id', 'u.name'])
      .where((eb) => eb.exists(eb.selectFrom('documents as d').select('d.id').whereRef('d.unit_id', '=', 'u.id').where('d.status', '<>', 'retired')))
      .orderBy('u.name')
      .execute();
  }

  /** A document's reviews, newest first. */
  history(documentId: string) {
    return this.db
      .selectFrom('document_reviews')
      .select(['id', 'outcome', 'notes', 'reviewed_on', 'next_review_on', 'reviewed_by_label'])
      .where('document_id', '=', documentId)
      .orderBy('reviewed_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }

  async insertReview(review: NewDocumentReview): Promise<string> {
    const row = await this.db
      .insertInto('document_reviews')
      .values({
        document_id: review.documentId,
        outcome: review.outcome,
        notes: review.notes,
        reviewed_on: review.reviewedOn,
        next_review_on: review.nextReviewOn,
        reviewed_by_person_id: review.reviewedByPersonId,
        reviewed_by_label: review.reviewedByLabel,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async setNextReview(documentId: string, nextReviewOn: string, now: Date): Promise<void> {
    await this.db.updateTable('documents').set({ next_review_on: nextReviewOn, updated_at: now }).where('id', '=', documentId).execute();
  }

  /** Retires the document and its active requirements; returns how many requirements were retired. */
  async retireDocument(documentId: string, now: Date): Promise<number> {
    await this.db.updateTable('documents').set({ status: 'retired', next_review_on: null, updated_at: now }).where('id', '=', documentId).execute();
    const retired = await this.db.updateTable('requirements').set({ status: 'retired', updated_at: now }).where('document_id', '=', documentId).where('status', '=', 'active').executeTakeFirst();
    return Number(retired.numUpdatedRows);
  }
}
