// The policy library: documents of the Information Security Framework's five tiers, their versions,
// and the requirements their statements become. Importing a Markdown file creates a document, or a
// new version of it when its text has changed; the same text again changes nothing.
import { createHash } from 'node:crypto';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, notFound, requireId, validationFailed } from '../../platform/http/errors.ts';
import { analyseDocument } from '../../policy-text/index.ts';
import { FEEDBACK_OUTCOMES, type FeedbackOutcome, type LintEntry } from './entity.ts';
import { looksAfterDocument } from './access.ts';
import { DocumentRepository } from './repository.ts';
import { compareVersions } from './compare.ts';
import { recordStatements } from './requirements.ts';
import { WorkflowRepository } from './workflow.repository.ts';

export interface ImportDocumentInput {
  /** What the document is known by across imports: its file name. */
  readonly sourceName: string;
  readonly markdown: string;
  readonly unitId: string;
  readonly tier?: number;
  readonly title?: string;
  readonly knownDocuments?: readonly string[];
  readonly requestId?: string;
}

export type ImportOutcome = 'created' | 'versioned' | 'unchanged';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class DocumentService {
  private readonly repository: DocumentRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.repository = new DocumentRepository(db);
  }

  list(actor: Actor) {
    authorize(actor, 'documents.read');
    return this.repository.list();
  }

  async search(actor: Actor, query: string) {
    authorize(actor, 'documents.read');
    const text = query.trim().slice(0, 200);
    if (text === '') return [];
    // Highlights come back as [[…]] so the page can escape the text and still mark the matches.
    return (await this.repository.search(text)).map((r) => ({ ...r, parts: r.snippet.split(/(\[\[.*?\]\])/).map((p) => (p.startsWith('[[') ? { match: true, text: p.slice(2, -2) } : { match: false, text: p })) }));
  }

  async get(actor: Actor, id: string) {
    authorize(actor, 'documents.read');
    const document = await this.repository.findDocument(requireId(id, 'The document'));
    if (!document) throw notFound('The document');
    const version = await this.repository.publishedVersion(document.id);
    const [statements, retired, versions, names] = await Promise.all([version ? this.repository.statementsOf(version.id) : [], this.repository.retiredRequirements(document.id), this.repository.versions(document.id), this.repository.describe(document.id)]);
    return { document, version, statements, retired, versions, names };
  }

  /** Feedback on a document: its managers see all of it, everyone else what they gave. */
  async feedback(actor: Actor, documentId: string) {
    authorize(actor, 'documents.read');
    const document = await this.repository.findDocument(requireId(documentId, 'The document'));
    if (!document) throw notFound('The document');
    const manages = looksAfterDocument(actor, document);
    return { manages, items: await this.repository.feedbackOn(document.id, manages || actor.kind !== 'person' ? null : actor.personId) };
  }

  async giveFeedback(actor: Actor, documentId: string, input: { text: string; requirementKey?: string }, requestId?: string): Promise<string> {
    authorize(actor, 'documents.give-feedback');
    if (actor.kind !== 'person') throw new AppError('unauthenticated', 'Sign in to give feedback.');
    const document = await this.repository.findDocument(requireId(documentId, 'The document'));
    if (!document) throw notFound('The document');
    const text = input.text.trim();
    if (text === '' || text.length > 5000) throw validationFailed([{ field: 'text', message: 'Enter your feedback, up to 5,000 characters' }]);
    const requirement = input.requirementKey?.trim() ? await this.repository.requirementOfDocument(document.id, input.requirementKey.trim()) : undefined;
    if (input.requirementKey?.trim() && !requirement) throw validationFailed([{ field: 'requirementKey', message: `${input.requirementKey} is not a statement of this document` }]);
    return this.audit.write(this.db, async (trx) => {
      const feedbackId = await new DocumentRepository(trx).insertFeedback({ documentId: document.id, requirementId: requirement?.id ?? null, personId: actor.personId, text });
      return { result: feedbackId, event: { actor: auditActorOf(actor), action: 'document-feedback.given', recordType: 'document', recordId: document.id, metadata: { feedbackId, statement: input.requirementKey ?? null }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async triageFeedback(actor: Actor, feedbackId: string, input: { status: string; reply: string }, requestId?: string): Promise<void> {
    const item = await this.repository.findFeedback(requireId(feedbackId, 'That feedback'));
    if (!item) throw notFound('That feedback');
    const document = await this.repository.findDocument(item.document_id);
    if (!document || !looksAfterDocument(actor, document)) throw new AppError('forbidden', 'Only the owner of the document, or the security team for its unit, can answer its feedback.');
    if (!(FEEDBACK_OUTCOMES as readonly string[]).includes(input.status)) throw validationFailed([{ field: 'status', message: 'Choose accepted, declined or done' }]);
    const reply = input.reply.trim();
    if (reply === '') throw validationFailed([{ field: 'reply', message: 'Enter a reply to the person who gave the feedback' }]);
    await this.audit.write(this.db, async (trx) => {
      await new DocumentRepository(trx).answerFeedback(item.id, { status: input.status as FeedbackOutcome, reply, repliedBy: auditActorOf(actor).label, at: this.clock.now() });
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'document-feedback.triaged', recordType: 'document', recordId: item.document_id, changes: { before: { status: item.status }, after: { status: input.status, reply } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Two versions of a document, side by side. */
  async compare(actor: Actor, id: string, from: number, to: number) {
    authorize(actor, 'documents.read');
    const document = await this.repository.findDocument(requireId(id, 'The document'));
    if (!document) throw notFound('The document');
    const [before, after] = await Promise.all([this.repository.versionByNumber(document.id, from), this.repository.versionByNumber(document.id, to)]);
    if (!before || !after) throw notFound(`Version ${!before ? from : to} of ${document.title}`);
    return { document, before, after, rows: compareVersions(before.content, after.content) };
  }

  /** Creates or versions a document from Markdown, with its requirements and lint findings, as one audited change. */
  async importDocument(actor: Actor, input: ImportDocumentInput): Promise<{ outcome: ImportOutcome; documentId: string; version: number }> {
    authorize(actor, 'documents.manage', { unitId: input.unitId });
    if (input.markdown.trim() === '') throw validationFailed([{ field: 'file', message: `${input.sourceName} is empty: there is nothing to import` }]);
    const analysis = analyseDocument(input.markdown, { fileName: input.sourceName, knownDocuments: [...(input.knownDocuments ?? [])] });
    const tier = input.tier ?? analysis.tier ?? 4;
    if (!Number.isInteger(tier) || tier < 1 || tier > 5) throw validationFailed([{ field: 'tier', message: 'The tier must be 1 to 5' }]);
    const title = input.title?.trim() || analysis.title;
    const hash = sha256(input.markdown);
    const now = this.clock.now();
    const by = auditActorOf(actor).label;

    // The same text again is no change at all: nothing is written, not even an audit event.
    const known = await this.repository.findBySource(input.sourceName);
    const latest = known ? await this.repository.publishedVersion(known.id) : undefined;
    if (known && latest?.content_sha256 === hash) return { outcome: 'unchanged', documentId: known.id, version: latest.number };
    // An import publishes straight away; it must not jump ahead of a draft someone is taking through approval.
    const working = known ? await this.repository.workingVersion(known.id) : undefined;
    if (known && working) throw new AppError('invalid_state', `${known.title} has version ${working.number} in progress (${working.status.replace('_', ' ')}): publish it, or ask its author to, before importing ${input.sourceName} again.`);
    if (known?.status === 'retired') throw new AppError('invalid_state', `${known.title} is retired: it takes no new versions.`);

    return this.audit.write(this.db, async (trx) => {
      const repo = new DocumentRepository(trx);
      let document = await repo.findBySource(input.sourceName);
      const previous = document ? await repo.latestVersion(document.id) : undefined;
      const current = document ? await repo.publishedVersion(document.id) : undefined;
      const workflow = new WorkflowRepository(trx);
      if (!document) {
        document = await repo.insertImportedDocument({ tier, title, unitId: input.unitId, sourceName: input.sourceName, keyPrefix: await repo.freePrefixFor(title), nextReviewOn: addMonths(londonDate(now), 12) });
      } else {
        await workflow.updateDocument(document.id, { title, tier }, now);
        if (current) await workflow.setVersionStatus(current.id, 'superseded');
      }
      const number = (previous?.number ?? 0) + 1;
      const lint: LintEntry[] = analysis.lint.map(({ code, line, message }) => ({ code, line, message }));
      const versionId = await repo.insertPublishedVersion({
        documentId: document.id,
        number,
        content: input.markdown,
        sha256: hash,
        summaryOfChange: number === 1 ? 'First version' : `Imported again from ${input.sourceName}`,
        metadata: analysis.metadata,
        lint,
        by,
        byPersonId: actor.kind === 'person' ? actor.personId : null,
        at: now,
      });
      await recordStatements(repo, document.id, document.key_prefix, versionId, analysis.located, now);
      return {
        result: { outcome: number === 1 ? ('created' as const) : ('versioned' as const), documentId: document.id, version: number },
        event: { actor: auditActorOf(actor), action: number === 1 ? 'document.imported' : 'document.versioned', recordType: 'document', recordId: document.id, metadata: { sourceName: input.sourceName, sha256: hash, version: number, statements: analysis.located.length, lint: lint.length }, ...(input.requestId ? { requestId: input.requestId } : {}) },
      };
    });
  }
}
