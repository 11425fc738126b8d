import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { keyPrefixFor, type FeedbackOutcome, type LintEntry } from './entity.ts';

export interface DocumentSummary {
  readonly id: string;
  readonly tier: number;
  readonly title: string;
  readonly status: string;
  readonly unitName: string;
  readonly version: number | null;
  readonly statements: number;
  readonly findings: number;
  readonly nextReviewOn: string | null;
}

export class DocumentRepository {
  constructor(private readonly db: Executor) {}

  async list(): Promise<DocumentSummary[]> {
    const rows = await sql<{ id: string; tier: number; title: string; status: string; unit_name: string; version: number | null; statements: number; findings: number; next_review_on: string | null }>`
      select d.id, d.tier, d.title, d.status, u.name as unit_name, v.number as version, d.next_review_on,
             (select count(*)::int from version_statements s where s.version_id = v.id) as statements,
             coalesce(jsonb_array_length(v.lint), 0) as findings
      from documents d
      join organisation_units u on u.id = d.unit_id
      left join lateral (select * from document_versions dv where dv.document_id = d.id and dv.status = 'published' order by dv.number desc limit 1) v on true
      order by d.tier, d.title`.execute(this.db);
    return rows.rows.map((r) => ({ id: r.id, tier: r.tier, title: r.title, status: r.status, unitName: r.unit_name, version: r.version, statements: r.statements, findings: r.findings, nextReviewOn: r.next_review_on }));
  }

  /**
   * Full-text search (PostgreSQL's, which PGlite has too) over titles, the latest text and the
   * statements, best matches first, with a highlighted extract.
   */
  async search(query: string, limit = 50): Promise<Array<{ id: string; title: string; tier: number; snippet: string; rank: number }>> {
    const rows = await sql<{ id: string; title: string; tier: number; snippet: string; rank: number }>`
      with q as (select websearch_to_tsquery('english', ${query}) as query),
      latest as (
        select distinct on (v.document_id) v.document_id, v.id, v.content from document_versions v where v.status = 'published' order by v.document_id, v.number desc
      ),
      docs as (
        select d.id, d.title, d.tier, l.content,
               setweight(to_tsvector('english', d.title), 'A') ||
               setweight(to_tsvector('english', coalesce((select string_agg(s.text, ' ') from version_statements s where s.version_id = l.id), '')), 'B') ||
               setweight(to_tsvector('english', l.content), 'C') as document
        from documents d join latest l on l.document_id = d.id
      )
      select docs.id, docs.title, docs.tier,
             ts_headline('english', docs.content, q.query, 'StartSel=[[, StopSel=]], MaxFragments=2, MaxWords=30, MinWords=10') as snippet,
             ts_rank(docs.document, q.query)::float8 as rank
      from docs, q
      where docs.document @@ q.query
      order by rank desc, docs.title
      limit ${limit}`.execute(this.db);
    return rows.rows;
  }

  findDocument(id: string) {
    return this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The names a document's page shows for its unit, owner and parent. */
  describe(documentId: string) {
    return this.db
      .selectFrom('documents as d')
      .innerJoin('organisation_units as u', 'u.id', 'd.unit_id')
      .leftJoin('people as p', 'p.id', 'd.owner_person_id')
      .leftJoin('documents as parent', 'parent.id', 'd.parent_document_id')
      .select(['u.name as unitName', 'p.display_name as ownerName', 'p.email as ownerEmail', 'parent.id as parentId', 'parent.title as parentTitle'])
      .where('d.id', '=', documentId)
      .executeTakeFirstOrThrow();
  }

  findBySource(sourceName: string) {
    return this.db.selectFrom('documents').selectAll().where('source_name', '=', sourceName).executeTakeFirst();
  }

  latestVersion(documentId: string) {
    return this.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).orderBy('number', 'desc').limit(1).executeTakeFirst();
  }

  publishedVersion(documentId: string) {
    return this.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('status', '=', 'published').orderBy('number', 'desc').limit(1).executeTakeFirst();
  }

  workingVersion(documentId: string) {
    return this.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('status', 'in', ['draft', 'in_review', 'approved']).orderBy('number', 'desc').limit(1).executeTakeFirst();
  }

  async prefixTaken(prefix: string): Promise<boolean> {
    return (await this.db.selectFrom('documents').select('id').where('key_prefix', '=', prefix).executeTakeFirst()) !== undefined;
  }

  /** The title's initials as the prefix of its statements' keys, numbered when another document has them. */
  async freePrefixFor(title: string): Promise<string> {
    let prefix = keyPrefixFor(title);
    for (let n = 2; await this.prefixTaken(prefix); n++) prefix = `${keyPrefixFor(title).slice(0, 9)}${n}`;
    return prefix;
  }

  insertImportedDocument(values: { tier: number; title: string; unitId: string; sourceName: string; keyPrefix: string; nextReviewOn: string }) {
    return this.db
      .insertInto('documents')
      .values({ tier: values.tier, title: values.title, unit_id: values.unitId, status: 'published', source_name: values.sourceName, key_prefix: values.keyPrefix, next_review_on: values.nextReviewOn })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async insertPublishedVersion(values: { documentId: string; number: number; content: string; sha256: string; summaryOfChange: string; metadata: Record<string, string>; lint: readonly LintEntry[]; by: string; byPersonId: string | null; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('document_versions')
      .values({
        document_id: values.documentId,
        number: values.number,
        status: 'published',
        content: values.content,
        content_sha256: values.sha256,
        summary_of_change: values.summaryOfChange,
        metadata: JSON.stringify(values.metadata),
        lint: JSON.stringify(values.lint),
        created_by: values.by,
        created_by_person_id: values.byPersonId,
        published_at: values.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertFeedback(values: { documentId: string; requirementId: string | null; personId: string; text: string }): Promise<string> {
    const row = await this.db.insertInto('document_feedback').values({ document_id: values.documentId, requirement_id: values.requirementId, person_id: values.personId, text: values.text }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async answerFeedback(id: string, values: { status: FeedbackOutcome; reply: string; repliedBy: string; at: Date }): Promise<void> {
    await this.db.updateTable('document_feedback').set({ status: values.status, reply: values.reply, replied_by: values.repliedBy, updated_at: values.at }).where('id', '=', id).execute();
  }

  async keyTaken(key: string): Promise<boolean> {
    return (await this.db.selectFrom('requirements').select('id').where('source_type', '=', 'policy-statement').where('key', '=', key).executeTakeFirst()) !== undefined;
  }

  activeRequirements(documentId: string) {
    return this.db.selectFrom('requirements').select(['id', 'key', 'text']).where('document_id', '=', documentId).where('status', '=', 'active').execute();
  }

  async nextKeyNumber(prefix: string): Promise<number> {
    const row = await sql<{ n: number | null }>`select max(substring(key from ${`^${prefix}-(\\d+)$`})::int) as n from requirements where key ~ ${`^${prefix}-\\d+$`}`.execute(this.db);
    return (row.rows[0]?.n ?? 0) + 1;
  }

  async restateRequirement(id: string, statement: { text: string; modality: string; actor: string | null }, versionId: string, now: Date): Promise<void> {
    await this.db.updateTable('requirements').set({ text: statement.text, modality: statement.modality, actor: statement.actor, last_version_id: versionId, updated_at: now }).where('id', '=', id).execute();
  }

  async insertRequirement(input: { key: string; documentId: string; statement: { text: string; modality: string; actor: string | null }; versionId: string }): Promise<string> {
    const { key, documentId, statement, versionId } = input;
    const row = await this.db
      .insertInto('requirements')
      .values({ key, source_type: 'policy-statement', document_id: documentId, text: statement.text, modality: statement.modality, actor: statement.actor, first_version_id: versionId, last_version_id: versionId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertVersionStatement(values: { versionId: string; requirementId: string; position: number; line: number; text: string }): Promise<void> {
    await this.db.insertInto('version_statements').values({ version_id: values.versionId, requirement_id: values.requirementId, position: values.position, line: values.line, text: values.text }).execute();
  }

  async retireRequirements(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length > 0) await this.db.updateTable('requirements').set({ status: 'retired', updated_at: now }).where('id', 'in', ids).execute();
  }

  statementsOf(versionId: string) {
    return this.db
      .selectFrom('version_statements as s')
      .innerJoin('requirements as r', 'r.id', 's.requirement_id')
      .select(['r.key', 'r.modality', 'r.actor', 's.text', 's.line', 's.position'])
      .where('s.version_id', '=', versionId)
      .orderBy('s.position')
      .execute();
  }

  retiredRequirements(documentId: string) {
    return this.db.selectFrom('requirements').select(['key', 'text']).where('document_id', '=', documentId).where('status', '=', 'retired').orderBy('key').execute();
  }

  feedbackOn(documentId: string, personId: string | null) {
    let query = this.db
      .selectFrom('document_feedback as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .leftJoin('requirements as r', 'r.id', 'f.requirement_id')
      .select(['f.id', 'f.text', 'f.status', 'f.reply', 'f.replied_by', 'f.created_at', 'p.display_name as from', 'r.key as requirementKey'])
      .where('f.document_id', '=', documentId);
    if (personId) query = query.where('f.person_id', '=', personId);
    return query.orderBy('f.created_at', 'desc').execute();
  }

  findFeedback(id: string) {
    return this.db.selectFrom('document_feedback').selectAll().where('id', '=', id).executeTakeFirst();
  }

  requirementOfDocument(documentId: string, key: string) {
    return this.db.selectFrom('requirements').select('id').where('document_id', '=', documentId).where('key', '=', key).executeTakeFirst();
  }

  versionByNumber(documentId: string, number: number) {
    return this.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('number', '=', number).executeTakeFirst();
  }

  versions(documentId: string) {
    return this.db.selectFrom('document_versions').select(['id', 'number', 'status', 'summary_of_change', 'created_at', 'published_at', 'created_by', 'lint']).where('document_id', '=', documentId).orderBy('number', 'desc').execute();
  }
}
