// A document's working life: drafted by its owner or the security team, sent for approval, approved
// (or returned) by the holder of the approving role for its tier and unit, then published, which
// makes its statements requirements. The author never approves their own draft.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addMonths, londonDate, type Clock } from '../../platform/clock.ts';
import { AppError, isId, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { analyseDocument } from '../../policy-text/index.ts';
import { ancestry } from '../appointments/accountability.ts';
import { inForce, type Holder } from '../appointments/entity.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { DOCUMENT_CLASSIFICATIONS, type DocumentTable, type LintEntry } from './entity.ts';
import { looksAfterDocument } from './access.ts';
import { DocumentRepository } from './repository.ts';
import { recordStatements } from './requirements.ts';
import { WorkflowRepository, type DraftValues } from './workflow.repository.ts';

type DocumentRow = Selectable<DocumentTable>;

export interface DocumentDetails {
  readonly title: string;
  readonly tier: number;
  readonly unitId: string;
  /** The owner: their person id, email address or staff number. */
  readonly owner: string | null;
  readonly classification: string;
  readonly reviewCycleMonths: number;
}

export interface NewDocument extends DocumentDetails {
  readonly content: string;
}

export interface DraftInput {
  readonly content: string;
  readonly summaryOfChange: string;
  readonly material: boolean;
}

export interface Approver {
  readonly roleCode: string;
  readonly roleName: string;
  readonly unitName: string | null;
  readonly holder: Holder | null;
  readonly deputy: Holder | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const MAX_CONTENT = 500_000;

export class DocumentWorkflowService {
  private readonly documents: DocumentRepository;
  private readonly workflow: WorkflowRepository;
  private readonly appointments: AppointmentRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.documents = new DocumentRepository(db);
    this.workflow = new WorkflowRepository(db);
    this.appointments = new AppointmentRepository(db);
  }

  /** Which accountable role approves each tier, and the roles a department may choose from. */
  async approvingRoles(actor: Actor) {
    authorize(actor, 'documents.read');
    const [tiers, roles] = await Promise.all([this.workflow.approvingRoles(), this.workflow.unitRoles()]);
    return { tiers, roles, canChange: can(actor, 'documents.manage') };
  }

  async setApprovingRole(actor: Actor, tier: number, roleCode: string, requestId?: string): Promise<void> {
    // The approving roles hold for the whole department, so only someone managing documents at the top may change them.
    authorize(actor, 'documents.manage');
    if (!Number.isInteger(tier) || tier < 1 || tier > 5) throw validationFailed([{ field: 'tier', message: 'The tier must be 1 to 5' }]);
    const roles = await this.workflow.unitRoles();
    if (!roles.some((r) => r.code === roleCode)) throw validationFailed([{ field: `role-${tier}`, message: 'Choose a role held for a unit from the list' }]);
    const before = await this.workflow.approvingRoleFor(tier);
    if (before === roleCode) return;
    await this.audit.write(this.db, async (trx) => {
      await new WorkflowRepository(trx).setApprovingRole(tier, roleCode);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'document-approving-role.set', metadata: { tier }, changes: { before: { roleCode: before ?? null }, after: { roleCode } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The holder (and deputy) of the approving role nearest the document's unit, walking up the tree. */
  async approverFor(document: Pick<DocumentRow, 'tier' | 'unit_id'>): Promise<Approver | undefined> {
    const roleCode = await this.workflow.approvingRoleFor(document.tier);
    if (!roleCode) return undefined;
    const [units, appointments, roles] = await Promise.all([this.appointments.units(), this.appointments.unitAndExternalAppointments(), this.workflow.unitRoles()]);
    const today = londonDate(this.clock.now());
    const roleName = roles.find((r) => r.code === roleCode)?.name ?? roleCode;
    for (const unit of ancestry(units, document.unit_id)) {
      const found = appointments.find((a) => a.roleCode === roleCode && a.unitId === unit.id && inForce(a, today) && a.holder.status !== 'left');
      if (found) return { roleCode, roleName, unitName: unit.name, holder: found.holder, deputy: found.deputy && found.deputy.status !== 'left' ? found.deputy : null };
    }
    return { roleCode, roleName, unitName: null, holder: null, deputy: null };
  }

  /** Whether the actor may write drafts of the document: its owner, or someone managing documents for its unit. */
  mayEdit(actor: Actor, document: Pick<DocumentRow, 'unit_id' | 'owner_person_id'>): boolean {
    return looksAfterDocument(actor, document);
  }

  private async load(id: string): Promise<DocumentRow> {
    const document = await this.documents.findDocument(requireId(id, 'The document'));
    if (!document) throw notFound('The document');
    return document;
  }

  private authorizeEdit(actor: Actor, document: DocumentRow): void {
    if (!this.mayEdit(actor, document)) throw new AppError('forbidden', `Only the owner of ${document.title}, or the security team for its unit, can change it.`);
    if (document.status === 'retired') throw new AppError('invalid_state', `${document.title} is retired: it takes no new versions.`);
  }

  private resolvePerson(reference: string) {
    return isId(reference) ? this.workflow.findPerson(reference) : this.workflow.findPersonByReference(reference);
  }

  private async ownerId(input: DocumentDetails): Promise<string | null> {
    return input.owner?.trim() ? ((await this.resolvePerson(input.owner.trim()))?.id ?? null) : null;
  }

  private async checkDetails(input: DocumentDetails, documentId?: string): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const title = input.title.trim();
    if (title === '' || title.length > 200) problems.push({ field: 'title', message: 'Enter a title of up to 200 characters' });
    if (!Number.isInteger(input.tier) || input.tier < 1 || input.tier > 5) problems.push({ field: 'tier', message: 'Choose the tier, 1 to 5' });
    if (!isId(input.unitId) || !(await this.workflow.unitExists(input.unitId))) problems.push({ field: 'unitId', message: 'Choose the unit the document applies to' });
    const owner = input.owner?.trim() ? await this.resolvePerson(input.owner.trim()) : undefined;
    if (input.owner?.trim() && !owner) problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${input.owner.trim()}` });
    else if (owner?.status === 'left' && owner.id !== (documentId ? (await this.documents.findDocument(documentId))?.owner_person_id : undefined)) problems.push({ field: 'owner', message: `${owner.display_name} has left: choose someone in post` });
    if (!(DOCUMENT_CLASSIFICATIONS as readonly string[]).includes(input.classification)) problems.push({ field: 'classification', message: `Choose a classification: ${DOCUMENT_CLASSIFICATIONS.join(', ')}` });
    if (!Number.isInteger(input.reviewCycleMonths) || input.reviewCycleMonths < 1 || input.reviewCycleMonths > 60) problems.push({ field: 'reviewCycleMonths', message: 'Enter the review cycle as a whole number of months, 1 to 60' });
    return problems;
  }

  private draftValues(input: DraftInput, sourceName: string): DraftValues {
    const analysis = analyseDocument(input.content, { fileName: sourceName });
    const lint: LintEntry[] = analysis.lint.map(({ code, line, message }) => ({ code, line, message }));
    return { content: input.content, contentSha256: sha256(input.content), summaryOfChange: input.summaryOfChange.trim(), material: input.material, metadata: analysis.metadata, lint };
  }

  private checkDraft(input: DraftInput, first: boolean): FieldProblem[] {
    const problems: FieldProblem[] = [];
    if (input.content.trim() === '') problems.push({ field: 'content', message: 'Enter the text of the document, in Markdown' });
    else if (input.content.length > MAX_CONTENT) problems.push({ field: 'content', message: `The text is too long: up to ${MAX_CONTENT.toLocaleString('en-GB')} characters` });
    if (!first && input.summaryOfChange.trim() === '') problems.push({ field: 'summaryOfChange', message: 'Summarise what this version changes, for readers and the approver' });
    if (input.summaryOfChange.length > 1000) problems.push({ field: 'summaryOfChange', message: 'Keep the summary of change to 1,000 characters' });
    return problems;
  }

  /** A new document starts as a draft, version 1, to go through approval like any other change. */
  async createDocument(actor: Actor, input: NewDocument, requestId?: string): Promise<string> {
    // Which unit decides who may add the document, so a form without a valid one is a mistake to correct, not a refusal.
    if (isId(input.unitId)) authorize(actor, 'documents.manage', { unitId: input.unitId });
    else if (!canAnywhere(actor, 'documents.manage')) authorize(actor, 'documents.manage');
    const problems = [...(await this.checkDetails(input)), ...this.checkDraft({ content: input.content, summaryOfChange: 'First version', material: true }, true)];
    if (problems.length > 0) throw validationFailed(problems);
    authorize(actor, 'documents.manage', { unitId: input.unitId });
    const by = auditActorOf(actor);
    const ownerPersonId = await this.ownerId(input);
    return this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      const prefix = await new DocumentRepository(trx).freePrefixFor(input.title);
      const id = await workflow.insertDocument({ ...input, ownerPersonId, title: input.title.trim(), keyPrefix: prefix });
      await workflow.insertDraft(id, 1, this.draftValues({ content: input.content, summaryOfChange: 'First version', material: true }, `${prefix}.md`), { label: by.label, personId: by.id });
      return { result: id, event: { actor: by, action: 'document.created', recordType: 'document', recordId: id, metadata: { title: input.title.trim(), tier: input.tier, keyPrefix: prefix }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** What the new-document form offers. */
  async choices(actor: Actor) {
    authorize(actor, 'documents.read');
    return { units: await this.workflow.unitChoices() };
  }

  async details(actor: Actor, id: string) {
    authorize(actor, 'documents.read');
    const document = await this.load(id);
    const [related, units, documents, owner] = await Promise.all([this.workflow.relatedDocuments(document.id), this.workflow.unitChoices(), this.workflow.documentChoices(), document.owner_person_id ? this.workflow.findPerson(document.owner_person_id) : undefined]);
    return { document, related, units, owner, documents: documents.filter((d) => d.id !== document.id) };
  }

  /** Title, tier, unit, owner, parent, related documents, classification and review cycle. */
  async editDetails(actor: Actor, id: string, input: DocumentDetails & { parentDocumentId: string | null; related: readonly string[] }, requestId?: string): Promise<void> {
    const document = await this.load(id);
    authorize(actor, 'documents.manage', { unitId: document.unit_id });
    if (isId(input.unitId) && input.unitId !== document.unit_id) authorize(actor, 'documents.manage', { unitId: input.unitId });
    const problems = await this.checkDetails(input, document.id);
    if (input.parentDocumentId) {
      const parent = isId(input.parentDocumentId) ? await this.documents.findDocument(input.parentDocumentId) : undefined;
      if (!parent) problems.push({ field: 'parentDocumentId', message: 'Choose the parent document from the list' });
      else if (parent.id === document.id || (await this.workflow.ancestorsOf(parent.id)).includes(document.id)) problems.push({ field: 'parentDocumentId', message: `${parent.title} sits under this document, so it cannot be its parent` });
    }
    const prefixes = [...new Set(input.related.map((r) => r.trim().toUpperCase()).filter((r) => r !== ''))];
    const found = await this.workflow.documentsByPrefix(prefixes);
    const unknown = prefixes.filter((p) => !found.some((f) => f.key_prefix === p));
    if (unknown.length > 0) problems.push({ field: 'related', message: `No document has the reference ${unknown.join(', ')}: use the references shown in the library` });
    if (found.some((f) => f.id === document.id)) problems.push({ field: 'related', message: 'A document cannot be related to itself' });
    if (problems.length > 0) throw validationFailed(problems);

    const before = { title: document.title, tier: document.tier, unitId: document.unit_id, ownerPersonId: document.owner_person_id, parentDocumentId: document.parent_document_id, classification: document.classification, reviewCycleMonths: document.review_cycle_months, related: (await this.workflow.relatedDocuments(document.id)).map((r) => r.key_prefix).sort() };
    const after = { title: input.title.trim(), tier: input.tier, unitId: input.unitId, ownerPersonId: await this.ownerId(input), parentDocumentId: input.parentDocumentId, classification: input.classification, reviewCycleMonths: input.reviewCycleMonths, related: found.map((f) => f.key_prefix).sort() };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      await workflow.updateDocument(document.id, { title: after.title, tier: after.tier, unit_id: after.unitId, owner_person_id: after.ownerPersonId, parent_document_id: after.parentDocumentId, classification: after.classification, review_cycle_months: after.reviewCycleMonths }, this.clock.now());
      await workflow.replaceRelations(document.id, found.map((f) => f.id));
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'document.details-changed', recordType: 'document', recordId: document.id, changes: { before, after }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** What the drafting page needs: the working draft, or the published text to start one from. */
  async draftFor(actor: Actor, id: string) {
    const document = await this.load(id);
    this.authorizeEdit(actor, document);
    const [working, published] = await Promise.all([this.documents.workingVersion(document.id), this.documents.publishedVersion(document.id)]);
    return { document, working, published };
  }

  /** Saves the draft: edits the one in progress, or starts the next version from the text given. */
  async saveDraft(actor: Actor, id: string, input: DraftInput, requestId?: string): Promise<number> {
    const document = await this.load(id);
    this.authorizeEdit(actor, document);
    const [working, published] = await Promise.all([this.documents.workingVersion(document.id), this.documents.publishedVersion(document.id)]);
    if (working && working.status !== 'draft') throw new AppError('invalid_state', `Version ${working.number} is ${working.status === 'in_review' ? 'with the approver' : 'approved and waiting to be published'}: it cannot be edited now.`);
    const problems = this.checkDraft(input, (working?.number ?? 1) === 1 && !published);
    if (published && sha256(input.content) === published.content_sha256) problems.push({ field: 'content', message: `The text is the same as the published version ${published.number}: change it, or leave the draft` });
    if (problems.length > 0) throw validationFailed(problems);
    // The first version's form has no summary to type: it keeps the one it was created with.
    const first = !published && (working?.number ?? 1) === 1;
    const summaryOfChange = input.summaryOfChange.trim() || (first ? (working?.summary_of_change ?? 'First version') : '');
    const values = this.draftValues({ ...input, summaryOfChange }, document.source_name ?? `${document.key_prefix}.md`);
    const by = auditActorOf(actor);
    return this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      let number: number;
      if (working) {
        await workflow.updateDraft(working.id, values);
        number = working.number;
      } else {
        number = (await workflow.lastNumber(document.id)) + 1;
        await workflow.insertDraft(document.id, number, values, { label: by.label, personId: by.id });
      }
      return { result: number, event: { actor: by, action: 'document.draft-saved', recordType: 'document', recordId: document.id, metadata: { version: number, sha256: values.contentSha256, material: values.material, lint: values.lint.length }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async submitForApproval(actor: Actor, id: string, requestId?: string): Promise<void> {
    const document = await this.load(id);
    this.authorizeEdit(actor, document);
    const working = await this.documents.workingVersion(document.id);
    if (!working || working.status !== 'draft') throw new AppError('invalid_state', working ? `Version ${working.number} has already been sent for approval.` : 'There is no draft to send: write one first.');
    const approver = await this.approverFor(document);
    if (!approver?.holder) throw new AppError('invalid_state', `Nobody holds the role that approves tier ${document.tier} documents (${approver?.roleName ?? 'none is set'}) for this unit or above it: appoint someone, or change the approving role, before sending the draft.`);
    const published = await this.documents.publishedVersion(document.id);
    await this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      await workflow.setVersionStatus(working.id, 'in_review', { submittedAt: this.clock.now() });
      if (!published) await workflow.updateDocument(document.id, { status: 'in_review' }, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'document.submitted', recordType: 'document', recordId: document.id, metadata: { version: working.number, approverRole: approver.roleCode, approver: approver.holder?.name ?? null }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Whether the actor is the approver of the document's draft now (and so should see the decision form). */
  async mayDecide(actor: Actor, document: Pick<DocumentRow, 'tier' | 'unit_id'>, working: { created_by_person_id: string | null } | undefined): Promise<boolean> {
    if (actor.kind !== 'person' || !working || working.created_by_person_id === actor.personId || !can(actor, 'documents.approve', { unitId: document.unit_id })) return false;
    const approver = await this.approverFor(document);
    return approver?.holder?.personId === actor.personId || approver?.deputy?.personId === actor.personId;
  }

  /** Approves the draft with the approver, or returns it to its author with a reason; recorded as a decision. */
  async decide(actor: Actor, id: string, input: { outcome: string; comment: string }, requestId?: string): Promise<void> {
    const document = await this.load(id);
    authorize(actor, 'documents.approve', { unitId: document.unit_id });
    if (actor.kind !== 'person') throw new AppError('forbidden', 'A decision on a document is made by a person who holds the approving role.');
    const working = await this.documents.workingVersion(document.id);
    if (!working || working.status !== 'in_review') throw new AppError('invalid_state', 'There is no draft of this document waiting for approval.');
    if (working.created_by_person_id === actor.personId) throw new AppError('forbidden', `You wrote version ${working.number}, so you cannot approve it: someone else who holds the approving role, or their deputy, must decide.`);
    const approver = await this.approverFor(document);
    const as = approver?.holder?.personId === actor.personId ? 'holder' : approver?.deputy?.personId === actor.personId ? 'deputy' : null;
    if (!approver || !as) throw new AppError('forbidden', `Only the ${approver?.roleName ?? 'approver'}${approver?.unitName ? ` for ${approver.unitName}` : ''}${approver?.holder ? ` (${approver.holder.name})` : ''}, or their deputy, can approve this document.`);
    const problems: FieldProblem[] = [];
    if (input.outcome !== 'approve' && input.outcome !== 'return') problems.push({ field: 'outcome', message: 'Choose whether to approve the draft or return it' });
    const comment = input.comment.trim();
    if (input.outcome === 'return' && comment === '') problems.push({ field: 'comment', message: 'Say why you are returning the draft, so the author knows what to change' });
    if (comment.length > 5000) problems.push({ field: 'comment', message: 'Keep the comment to 5,000 characters' });
    if (problems.length > 0) throw validationFailed(problems);

    const approved = input.outcome === 'approve';
    const roleHeld = `${approver.roleName}${approver.unitName ? `, ${approver.unitName}` : ''}${as === 'deputy' ? ' (deputy)' : ''}`;
    const published = await this.documents.publishedVersion(document.id);
    await this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      await workflow.setVersionStatus(working.id, approved ? 'approved' : 'draft');
      if (!published) await workflow.updateDocument(document.id, { status: approved ? 'approved' : 'draft' }, this.clock.now());
      const decisionId = await workflow.insertDecision({
        kind: 'document-approval',
        recordType: 'document_version',
        recordId: working.id,
        personId: actor.personId,
        label: auditActorOf(actor).label,
        roleHeld,
        outcome: approved ? 'approved' : 'returned',
        reason: comment,
        // What was decided on, frozen: the text's hash and what the approver was shown.
        snapshot: { document: { id: document.id, title: document.title, tier: document.tier, unitId: document.unit_id }, version: { number: working.number, sha256: working.content_sha256, summaryOfChange: working.summary_of_change, material: working.material, lintFindings: working.lint.length, author: working.created_by } },
      });
      return { result: undefined, event: { actor: auditActorOf(actor), action: approved ? 'document.approved' : 'document.returned', recordType: 'document', recordId: document.id, metadata: { version: working.number, decisionId, roleHeld }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** Publishes the approved version: it supersedes the last, its statements become requirements, and the review clock restarts. */
  async publish(actor: Actor, id: string, requestId?: string): Promise<number> {
    const document = await this.load(id);
    this.authorizeEdit(actor, document);
    const working = await this.documents.workingVersion(document.id);
    if (!working || working.status !== 'approved') throw new AppError('invalid_state', working ? `Version ${working.number} has not been approved yet.` : 'There is no approved version to publish.');
    const now = this.clock.now();
    const analysis = analyseDocument(working.content, { fileName: document.source_name ?? `${document.key_prefix}.md` });
    return this.audit.write(this.db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      const previous = await new DocumentRepository(trx).publishedVersion(document.id);
      if (previous) await workflow.setVersionStatus(previous.id, 'superseded');
      await workflow.setVersionStatus(working.id, 'published', { publishedAt: now });
      await recordStatements(new DocumentRepository(trx), document.id, document.key_prefix, working.id, analysis.located, now);
      await workflow.updateDocument(document.id, { status: 'published', next_review_on: addMonths(londonDate(now), document.review_cycle_months) }, now);
      return { result: working.number, event: { actor: auditActorOf(actor), action: 'document.published', recordType: 'document', recordId: document.id, metadata: { version: working.number, statements: analysis.located.length, lint: working.lint.length, material: working.material }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** For the document page: the working version, who approves it, the decisions so far and what this actor may do. */
  async workingState(actor: Actor, document: DocumentRow) {
    const working = await this.documents.workingVersion(document.id);
    const [approver, decisions, related] = await Promise.all([working ? this.approverFor(document) : undefined, this.workflow.approvalDecisions(document.id), this.workflow.relatedDocuments(document.id)]);
    return {
      working,
      approver,
      decisions,
      related,
      mayEdit: this.mayEdit(actor, document) && document.status !== 'retired',
      mayManage: can(actor, 'documents.manage', { unitId: document.unit_id }),
      mayDecide: working?.status === 'in_review' ? await this.mayDecide(actor, document, working) : false,
      isAuthor: actor.kind === 'person' && working?.created_by_person_id === actor.personId,
    };
  }
}
