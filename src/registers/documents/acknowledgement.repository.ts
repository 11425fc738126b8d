// Who must acknowledge which document, and who has. The audience is worked out in SQL from the
// organisation tree and the appointments in force on the day, so it follows moves and appointments
// without anything to keep in step.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../database.ts';
import type { AcknowledgementAudience } from './entity.ts';

/** A document's audience setting, as stored. */
export interface AudienceSetting {
  readonly audience: AcknowledgementAudience | null;
  readonly unitId: string | null;
  readonly roleCode: string | null;
}

/** The document the audience belongs to: `everyone` means everyone in the document's own unit and below. */
export interface AudienceOf extends AudienceSetting {
  readonly documentId: string;
  readonly documentUnitId: string;
}

export interface VersionRef {
  readonly id: string;
  readonly number: number;
  readonly publishedAt: Date;
}

export interface AudienceMember {
  readonly personId: string;
  readonly name: string;
  readonly email: string;
  readonly unitId: string | null;
  readonly unitCode: string | null;
  readonly unitName: string | null;
  /** The highest version the person has acknowledged, whether or not it still counts. */
  readonly acknowledgedVersion: number | null;
  readonly acknowledgedAt: Date | null;
}

export interface DocumentToAcknowledge {
  readonly id: string;
  readonly title: string;
  readonly tier: number;
  readonly version: number;
  readonly publishedAt: Date;
}

const inForce = (today: string) => sql`a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)`;

export class AcknowledgementRepository {
  constructor(private readonly db: Executor) {}

  findDocument(id: string) {
    return this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The version everyone must have read: the latest material one that has been published. */
  async versionToAcknowledge(documentId: string): Promise<VersionRef | undefined> {
    const row = await this.db
      .selectFrom('document_versions')
      .select(['id', 'number', 'published_at'])
      .where('document_id', '=', documentId)
      .where('published_at', 'is not', null)
      .where('material', '=', true)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.published_at ? { id: row.id, number: row.number, publishedAt: row.published_at } : undefined;
  }

  /** What a person acknowledges when they say they have read the document: the latest text published. */
  async latestPublishedVersion(documentId: string): Promise<VersionRef | undefined> {
    const row = await this.db
      .selectFrom('document_versions')
      .select(['id', 'number', 'published_at'])
      .where('document_id', '=', documentId)
      .where('published_at', 'is not', null)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.published_at ? { id: row.id, number: row.number, publishedAt: row.published_at } : undefined;
  }

  /** The person's most recent acknowledgement of the document, of whichever version. */
  async latestAcknowledgement(documentId: string, personId: string): Promise<{ version: number; acknowledgedAt: Date } | undefined> {
    const row = await this.db
      .selectFrom('document_acknowledgements as k')
      .innerJoin('document_versions as v', 'v.id', 'k.version_id')
      .select(['v.number', 'k.acknowledged_at'])
      .where('k.document_id', '=', documentId)
      .where('k.person_id', '=', personId)
      .orderBy('v.number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { version: row.number, acknowledgedAt: row.acknowledged_at } : undefined;
  }

  /** Records an acknowledgement; false when the person had already acknowledged that version. */
  async recordAcknowledgement(documentId: string, versionId: string, personId: string, at: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('document_acknowledgements')
      .values({ document_id: documentId, version_id: versionId, person_id: personId, acknowledged_at: at })
      .onConflict((oc) => oc.columns(['version_id', 'person_id']).doNothing())
      .returning('person_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async setAudience(documentId: string, setting: AudienceSetting, at: Date): Promise<void> {
    await this.db
      .updateTable('documents')
      .set({ acknowledgement_audience: setting.audience, acknowledgement_unit_id: setting.unitId, acknowledgement_role_code: setting.roleCode, updated_at: at })
      .where('id', '=', documentId)
      .execute();
  }

  /**
   * The active people in the audience, each with their latest acknowledgement; `personId` narrows it
   * to one person (is this person in the audience?).
   */
  async audience(of: AudienceOf, today: string, personId?: string): Promise<AudienceMember[]> {
    if (of.audience === null) return [];
    const membership: RawBuilder<unknown> =
      of.audience === 'role'
        ? sql`exists (select 1 from appointments a where a.person_id = p.id and a.role_code = ${of.roleCode} and ${inForce(today)})`
        : sql`p.unit_id in (select id from scope_units)`;
    const root = of.audience === 'unit' ? of.unitId : of.documentUnitId;
    const rows = await sql<{
      person_id: string;
      name: string;
      email: string;
      unit_id: string | null;
      unit_code: string | null;
      unit_name: string | null;
      acknowledged_version: number | null;
      acknowledged_at: Date | null;
    }>`
      with recursive scope_units as (
        select id from organisation_units where id = ${root}
        union
        select u.id from organisation_units u join scope_units s on u.parent_id = s.id
      )
      select p.id as person_id, p.display_name as name, p.email, p.unit_id, u.code as unit_code, u.name as unit_name,
             ack.number as acknowledged_version, ack.acknowledged_at
      from people p
      left join organisation_units u on u.id = p.unit_id
      left join lateral (
        select v.number, k.acknowledged_at
        from document_acknowledgements k join document_versions v on v.id = k.version_id
        where k.document_id = ${of.documentId} and k.person_id = p.id
        order by v.number desc limit 1
      ) ack on true
      where p.status = 'active' and ${membership} ${personId ? sql`and p.id = ${personId}` : sql``}
      order by u.name nulls last, p.display_name, p.email`.execute(this.db);
    return rows.rows.map((r) => ({
      personId: r.person_id,
      name: r.name,
      email: r.email,
      unitId: r.unit_id,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      acknowledgedVersion: r.acknowledged_version === null ? null : Number(r.acknowledged_version),
      acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at),
    }));
  }

  /**
   * The documents a person must still acknowledge: those whose audience includes them and whose
   * version to acknowledge (or a later one) they have not acknowledged. Everyone-audiences reach down
   * the tree, so the person's own unit and the units above it are the documents' units that apply.
   */
  async toAcknowledge(personId: string, today: string): Promise<DocumentToAcknowledge[]> {
    const rows = await sql<{ id: string; title: string; tier: number; number: number; published_at: Date }>`
      with recursive person as (
        select id, unit_id from people where id = ${personId} and status = 'active'
      ),
      above as (
        select u.id, u.parent_id from organisation_units u join person on u.id = person.unit_id
        union
        select u.id, u.parent_id from organisation_units u join above on u.id = above.parent_id
      ),
      required as (
        select distinct on (v.document_id) v.document_id, v.number, v.published_at
        from document_versions v
        where v.published_at is not null and v.material
        order by v.document_id, v.number desc
      )
      select d.id, d.title, d.tier, r.number, r.published_at
      from documents d
      join required r on r.document_id = d.id
      where d.status <> 'retired'
        and exists (select 1 from person)
        and (
          (d.acknowledgement_audience = 'everyone' and d.unit_id in (select id from above))
          or (d.acknowledgement_audience = 'unit' and d.acknowledgement_unit_id in (select id from above))
          or (d.acknowledgement_audience = 'role' and exists (
            select 1 from appointments a where a.person_id = ${personId} and a.role_code = d.acknowledgement_role_code and ${inForce(today)}))
        )
        and not exists (
          select 1 from document_acknowledgements k join document_versions kv on kv.id = k.version_id
          where k.document_id = d.id and k.person_id = ${personId} and kv.number >= r.number
        )
      order by d.tier, d.title`.execute(this.db);
    return rows.rows.map((r) => ({ id: r.id, title: r.title, tier: r.tier, version: Number(r.number), publishedAt: new Date(r.published_at) }));
  }

  unitName(id: string) {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
  }

  roleName(code: string) {
    return this.db.selectFrom('accountable_roles').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
  }

  listUnits() {
    return this.db.selectFrom('organisation_units').select(['id', 'code', 'name']).orderBy('name').execute();
  }

  /** Roles held by people in the department; an external role (the Prime Minister) has no audience here. */
  listRoles() {
    return this.db.selectFrom('accountable_roles').select(['code', 'name']).where('scope', '<>', 'external').orderBy('sort_order').orderBy('name').execute();
  }
}
