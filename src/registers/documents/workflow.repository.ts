import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { LintEntry } from './entity.ts';

export interface DraftValues {
  readonly content: string;
  readonly contentSha256: string;
  readonly summaryOfChange: string;
  readonly material: boolean;
  readonly metadata: Record<string, string>;
  readonly lint: readonly LintEntry[];
}

/** The writes and reads of a document's working life: drafts, approval, publication, details and relations. */
export class WorkflowRepository {
  constructor(private readonly db: Executor) {}

  approvingRoles() {
    return this.db
      .selectFrom('document_approving_roles as d')
      .innerJoin('accountable_roles as r', 'r.code', 'd.role_code')
      .select(['d.tier', 'd.role_code as roleCode', 'r.name as roleName'])
      .orderBy('d.tier')
      .execute();
  }

  async approvingRoleFor(tier: number): Promise<string | undefined> {
    return (await this.db.selectFrom('document_approving_roles').select('role_code').where('tier', '=', tier).executeTakeFirst())?.role_code;
  }

  async setApprovingRole(tier: number, roleCode: string): Promise<void> {
    await this.db
      .insertInto('document_approving_roles')
      .values({ tier, role_code: roleCode })
      .onConflict((oc) => oc.column('tier').doUpdateSet({ role_code: roleCode }))
      .execute();
  }

  unitRoles() {
    return this.db.selectFrom('accountable_roles').select(['code', 'name']).where('scope', '=', 'unit').orderBy('sort_order').execute();
  }

  async unitExists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('organisation_units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  findPersonByReference(reference: string) {
    return this.db.selectFrom('people').select(['id', 'display_name', 'status', 'email', 'staff_number']).where((eb) => eb.or([eb('email', '=', reference.toLowerCase()), eb('staff_number', '=', reference)])).executeTakeFirst();
  }

  findPerson(id: string) {
    return this.db.selectFrom('people').select(['id', 'display_name', 'status', 'email', 'staff_number']).where('id', '=', id).executeTakeFirst();
  }

  async lastNumber(documentId: string): Promise<number> {
    const row = await this.db.selectFrom('document_versions').select((eb) => eb.fn.max('number').as('n')).where('document_id', '=', documentId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insertDocument(values: { tier: number; title: string; unitId: string; ownerPersonId: string | null; classification: string; reviewCycleMonths: number; keyPrefix: string }): Promise<string> {
    const row = await this.db
      .insertInto('documents')
      .values({ tier: values.tier, title: values.title, unit_id: values.unitId, owner_person_id: values.ownerPersonId, classification: values.classification, review_cycle_months: values.reviewCycleMonths, key_prefix: values.keyPrefix, status: 'draft' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDocument(id: string, values: Partial<{ title: string; tier: number; unit_id: string; owner_person_id: string | null; parent_document_id: string | null; classification: string; review_cycle_months: number; status: string; next_review_on: string | null }>, now: Date): Promise<void> {
    await this.db.updateTable('documents').set({ ...values, updated_at: now }).where('id', '=', id).execute();
  }

  async insertDraft(documentId: string, number: number, draft: DraftValues, by: { label: string; personId: string | null }): Promise<string> {
    const row = await this.db
      .insertInto('document_versions')
      .values({
        document_id: documentId,
        number,
        status: 'draft',
        content: draft.content,
        content_sha256: draft.contentSha256,
        summary_of_change: draft.summaryOfChange,
        material: draft.material,
        metadata: JSON.stringify(draft.metadata),
        lint: JSON.stringify(draft.lint),
        created_by: by.label,
        created_by_person_id: by.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDraft(versionId: string, draft: DraftValues): Promise<void> {
    await this.db
      .updateTable('document_versions')
      .set({ content: draft.content, content_sha256: draft.contentSha256, summary_of_change: draft.summaryOfChange, material: draft.material, metadata: JSON.stringify(draft.metadata), lint: JSON.stringify(draft.lint) })
      .where('id', '=', versionId)
      .where('status', '=', 'draft')
      .execute();
  }

  async setVersionStatus(versionId: string, status: 'draft' | 'in_review' | 'approved' | 'published' | 'superseded', at: { submittedAt?: Date; publishedAt?: Date } = {}): Promise<void> {
    await this.db
      .updateTable('document_versions')
      .set({ status, ...(at.submittedAt ? { submitted_at: at.submittedAt } : {}), ...(at.publishedAt ? { published_at: at.publishedAt } : {}) })
      .where('id', '=', versionId)
      .execute();
  }

  async insertDecision(values: { kind: string; recordType: string; recordId: string; personId: string | null; label: string; roleHeld: string; outcome: string; reason: string; snapshot: unknown }): Promise<string> {
    const row = await this.db
      .insertInto('decisions')
      .values({ kind: values.kind, record_type: values.recordType, record_id: values.recordId, decided_by_person_id: values.personId, decided_by_label: values.label, role_held: values.roleHeld, outcome: values.outcome, reason: values.reason, snapshot: JSON.stringify(values.snapshot) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Approval decisions on a document's versions, newest first. */
  approvalDecisions(documentId: string) {
    return this.db
      .selectFrom('decisions as d')
      .innerJoin('document_versions as v', (join) => join.onRef(sql.ref('v.id'), '=', sql.ref('d.record_id')))
      .select(['d.id', 'd.outcome', 'd.reason', 'd.decided_by_label', 'd.role_held', 'd.decided_at', 'v.number'])
      .where('d.kind', '=', 'document-approval')
      .where('v.document_id', '=', documentId)
      .orderBy('d.decided_at', 'desc')
      .execute();
  }

  relatedDocuments(documentId: string) {
    return this.db
      .selectFrom('document_relations as r')
      .innerJoin('documents as d', 'd.id', 'r.related_document_id')
      .select(['d.id', 'd.title', 'd.key_prefix', 'd.tier'])
      .where('r.document_id', '=', documentId)
      .orderBy('d.title')
      .execute();
  }

  documentsByPrefix(prefixes: readonly string[]) {
    if (prefixes.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('documents').select(['id', 'key_prefix', 'parent_document_id']).where('key_prefix', 'in', prefixes).execute();
  }

  async replaceRelations(documentId: string, relatedIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('document_relations').where('document_id', '=', documentId).execute();
    if (relatedIds.length > 0) await this.db.insertInto('document_relations').values(relatedIds.map((id) => ({ document_id: documentId, related_document_id: id }))).execute();
  }

  /** The chain of parents above a document, to refuse a parent that would make a loop. */
  async ancestorsOf(documentId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      with recursive up (id, depth) as (
        select parent_document_id, 1 from documents where id = ${documentId} and parent_document_id is not null
        union all
        select d.parent_document_id, up.depth + 1 from documents d join up on d.id = up.id where d.parent_document_id is not null and up.depth < 50
      )
      select id from up`.execute(this.db);
    return rows.rows.map((r) => r.id);
  }

  documentChoices() {
    return this.db.selectFrom('documents').select(['id', 'title', 'tier', 'key_prefix']).where('status', '<>', 'retired').orderBy('tier').orderBy('title').execute();
  }

  unitChoices() {
    return this.db.selectFrom('organisation_units').select(['id', 'name', 'code']).orderBy('name').execute();
  }
}
