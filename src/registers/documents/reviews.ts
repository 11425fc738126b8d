// Document reviews (a `document-review`): the Security and Information Group reviews each document on
// its cycle and records the outcome, which sets the next review date. Retiring a document at review
// takes it, and its requirements, out of force.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { REVIEW_OUTCOMES, type ReviewOutcome } from './entity.ts';
import { DocumentRepository } from './repository.ts';
import { DocumentReviewRepository, type ReviewQueueFilter } from './review.repository.ts';

/** How far ahead a document counts as due for review rather than reviewed for now. */
export const DUE_WITHIN_DAYS = 60;
/** The longest a review may put off the next one. */
const MAX_CYCLE_MONTHS = 60;
const MAX_NOTES = 5000;

export type ReviewStanding = 'overdue' | 'due' | 'later';

export interface RecordReviewInput {
  readonly outcome: string;
  readonly notes: string;
  readonly reviewedOn?: string;
  readonly nextReviewOn?: string;
}

export interface QueuedDocument {
  readonly id: string;
  readonly title: string;
  readonly tier: number;
  readonly unitId: string;
  readonly unitName: string;
  readonly ownerName: string | null;
  readonly nextReviewOn: string;
  /** Days until the review is due; negative when it is overdue. */
  readonly daysUntilDue: number;
  readonly standing: ReviewStanding;
  readonly lastReview: { readonly reviewedOn: string; readonly outcome: ReviewOutcome } | null;
  readonly canRecordReview: boolean;
}

const isOutcome = (value: string): value is ReviewOutcome => (REVIEW_OUTCOMES as readonly string[]).includes(value);

/** A real calendar date written 'YYYY-MM-DD': 2026-02-30 is refused, not rolled into March. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export class DocumentReviewService {
  private readonly reviews: DocumentReviewRepository;
  private readonly documents: DocumentRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.reviews = new DocumentReviewRepository(db);
    this.documents = new DocumentRepository(db);
  }

  /** The review queue: documents in force with a review date, overdue first, and the choices for its filters. */
  async queue(actor: Actor, filter: ReviewQueueFilter = {}) {
    authorize(actor, 'documents.read');
    const today = londonDate(this.clock.now());
    // A filter value that is not an id matches nothing, and must not reach SQL as one.
    const ownerPersonId = filter.ownerPersonId ? requireId(filter.ownerPersonId, 'That owner') : undefined;
    const unitId = filter.unitId ? requireId(filter.unitId, 'That unit') : undefined;
    const [rows, owners, units] = await Promise.all([this.reviews.queue({ ...(ownerPersonId ? { ownerPersonId } : {}), ...(unitId ? { unitId } : {}) }), this.reviews.owners(), this.reviews.units()]);
    const items: QueuedDocument[] = rows.map((row) => {
      const daysUntilDue = daysBetween(today, row.next_review_on);
      return {
        id: row.id,
        title: row.title,
        tier: row.tier,
        unitId: row.unit_id,
        unitName: row.unit_name,
        ownerName: row.owner_name,
        nextReviewOn: row.next_review_on,
        daysUntilDue,
        standing: daysUntilDue < 0 ? 'overdue' : daysUntilDue <= DUE_WITHIN_DAYS ? 'due' : 'later',
        lastReview: row.last_reviewed_on && row.last_outcome ? { reviewedOn: row.last_reviewed_on, outcome: row.last_outcome } : null,
        canRecordReview: can(actor, 'documents.review', { unitId: row.unit_id }),
      };
    });
    return { today, items, owners, units };
  }

  /** A document's reviews, newest first. */
  async history(actor: Actor, documentId: string) {
    authorize(actor, 'documents.read');
    const document = await this.documents.findDocument(requireId(documentId, 'The document'));
    if (!document) throw notFound('The document');
    return (await this.reviews.history(document.id)).map((r) => ({
      id: r.id,
      reviewedOn: r.reviewed_on,
      outcome: r.outcome,
      notes: r.notes,
      reviewedBy: r.reviewed_by_label,
      nextReviewOn: r.next_review_on,
    }));
  }

  /** The document a review is about to be recorded for, refused before the form is shown to someone who may not record it. */
  async documentToReview(actor: Actor, documentId: string) {
    const document = await this.documents.findDocument(requireId(documentId, 'The document'));
    if (!document) throw notFound('The document');
    authorize(actor, 'documents.review', { unitId: document.unit_id });
    if (document.status === 'retired') throw new AppError('invalid_state', `${document.title} has been retired, so it is no longer reviewed. Import it again to bring it back into force.`);
    return document;
  }

  /** Records a review and sets the next one; retiring takes the document and its requirements out of force. */
  async recordReview(actor: Actor, documentId: string, input: RecordReviewInput, requestId?: string): Promise<string> {
    const document = await this.documentToReview(actor, documentId);
    const today = londonDate(this.clock.now());
    const problems: FieldProblem[] = [];
    const outcome = input.outcome.trim();
    const notes = input.notes.trim();
    const reviewedOn = input.reviewedOn?.trim() || today;
    const givenNext = input.nextReviewOn?.trim() ?? '';

    if (!isOutcome(outcome)) problems.push({ field: 'outcome', message: 'Choose no change, revise or retire' });
    if (!isCalendarDate(reviewedOn)) problems.push({ field: 'reviewedOn', message: 'Date reviewed must be a real date, such as 27 3 2026' });
    else if (reviewedOn > today) problems.push({ field: 'reviewedOn', message: 'Date reviewed must be today or in the past' });

    let nextReviewOn: string | null = null;
    if (outcome === 'retire') {
      if (givenNext !== '') problems.push({ field: 'nextReviewOn', message: 'Leave the next review date blank: a retired document is not reviewed again' });
    } else if (isOutcome(outcome) && isCalendarDate(reviewedOn)) {
      nextReviewOn = givenNext || addMonths(reviewedOn, document.review_cycle_months);
      const latest = addMonths(reviewedOn, MAX_CYCLE_MONTHS);
      if (!isCalendarDate(nextReviewOn)) problems.push({ field: 'nextReviewOn', message: 'Next review date must be a real date, such as 27 3 2027' });
      else if (nextReviewOn <= reviewedOn) problems.push({ field: 'nextReviewOn', message: 'Next review date must be after the date reviewed' });
      else if (nextReviewOn > latest) problems.push({ field: 'nextReviewOn', message: `Next review date must be no more than 5 years after the date reviewed, on or before ${latest}` });
    }

    if (outcome === 'revise' && notes === '') problems.push({ field: 'notes', message: 'Enter what must change in the document' });
    else if (notes.length > MAX_NOTES) problems.push({ field: 'notes', message: `Notes must be ${MAX_NOTES.toLocaleString('en-GB')} characters or fewer` });
    if (problems.length > 0 || !isOutcome(outcome)) throw validationFailed(problems);

    const by = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const reviews = new DocumentReviewRepository(trx);
      const now = this.clock.now();
      const id = await reviews.insertReview({
        documentId: document.id,
        outcome,
        notes,
        reviewedOn,
        nextReviewOn,
        reviewedByPersonId: actor.kind === 'person' ? actor.personId : null,
        reviewedByLabel: by.label,
      });
      const requirementsRetired = outcome === 'retire' ? await reviews.retireDocument(document.id, now) : 0;
      if (nextReviewOn) await reviews.setNextReview(document.id, nextReviewOn, now);
      const status = outcome === 'retire' ? 'retired' : document.status;
      return {
        result: id,
        event: {
          actor: by,
          action: 'document-review.recorded',
          recordType: 'document',
          recordId: document.id,
          changes: { before: { nextReviewOn: document.next_review_on, status: document.status }, after: { nextReviewOn, status } },
          metadata: { reviewId: id, outcome, reviewedOn, ...(outcome === 'retire' ? { requirementsRetired } : {}) },
          ...(requestId ? { requestId } : {}),
        },
      };
    });
  }
}
