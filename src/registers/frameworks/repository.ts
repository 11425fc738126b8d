// SQL for the frameworks register. A framework's requirements are written set-based from one JSON
// parameter (jsonb_to_recordset), so a 1,900-node library is a handful of statements, not thousands.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { AchievementLevel, FrameworkFormat, GovAssureProfile, MappingRelationship, ParsedMapping, ParsedRequirement } from './formats/parsed.ts';
import type { ControlLink, FrameworkRequirement, FrameworkSummary, ProfileTarget, RequirementMet, TargetSource } from './entity.ts';

export interface FrameworkValues {
  readonly code: string;
  readonly name: string;
  readonly version: string;
  readonly externalId: string;
  readonly format: FrameworkFormat;
  readonly publisher: string;
  readonly attribution: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly fileName: string;
  readonly sha256: string;
}

export interface RequirementCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly retired: number;
}

const asJson = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export class FrameworkRepository {
  constructor(private readonly db: Executor) {}

  async listFrameworks(): Promise<FrameworkSummary[]> {
    const { rows } = await sql<{ id: string; code: string; name: string; version: string; format: FrameworkFormat; publisher: string; attribution: string; description: string; built_in: boolean; file_name: string; updated_at: Date; requirements: number; assessable: number; mapped_controls: number }>`
      select f.id, f.code, f.name, f.version, f.format, f.publisher, f.attribution, f.description, f.built_in, f.file_name, f.updated_at,
             (select count(*)::int from requirements r where r.framework_id = f.id and r.status = 'active') as requirements,
             (select count(*)::int from requirements r where r.framework_id = f.id and r.status = 'active' and r.assessable) as assessable,
             (select count(distinct cr.control_id)::int from control_requirements cr join requirements r on r.id = cr.requirement_id where r.framework_id = f.id) as mapped_controls
        from frameworks f
       order by f.name, f.code`.execute(this.db);
    return rows.map(toSummary);
  }

  async findFramework(id: string): Promise<FrameworkSummary | undefined> {
    return (await this.listFrameworks()).find((f) => f.id === id);
  }

  async frameworkByCode(code: string): Promise<{ id: string; version: string; sha256: string; externalId: string } | undefined> {
    const row = await this.db.selectFrom('frameworks').select(['id', 'version', 'content_sha256', 'external_id']).where('code', '=', code).executeTakeFirst();
    return row && { id: row.id, version: row.version, sha256: row.content_sha256, externalId: row.external_id };
  }

  async frameworkByExternalId(externalId: string): Promise<{ id: string; code: string } | undefined> {
    return this.db.selectFrom('frameworks').select(['id', 'code']).where('external_id', '=', externalId).executeTakeFirst();
  }

  async saveFramework(values: FrameworkValues, now: Date): Promise<string> {
    const row = {
      code: values.code,
      name: values.name,
      version: values.version,
      external_id: values.externalId,
      format: values.format,
      publisher: values.publisher,
      attribution: values.attribution,
      description: values.description,
      built_in: values.builtIn,
      file_name: values.fileName,
      content_sha256: values.sha256,
    };
    const saved = await this.db
      .insertInto('frameworks')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ ...row, updated_at: now }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  /** Inserts new requirements, updates changed ones, retires those the file no longer has; links survive. */
  async saveRequirements(frameworkId: string, requirements: readonly ParsedRequirement[], now: Date): Promise<RequirementCounts> {
    const rows = requirements.map((r) => ({ key: r.key, external_id: r.externalId, parent_key: r.parentKey, level: r.level, title: r.title, text: r.text, assessable: r.assessable, position: r.position, details: r.details }));
    const data = asJson(rows);
    const { rows: written } = await sql<{ id: string; inserted: boolean }>`
      insert into requirements (key, source_type, framework_id, external_id, level, title, text, assessable, position, details, status, updated_at)
      select v.key, 'framework', ${frameworkId}, v.external_id, v.level, v.title, v."text", v.assessable, v.position, v.details, 'active', ${now}
        from jsonb_to_recordset(${data}) as v(key text, external_id text, level text, title text, "text" text, assessable boolean, position integer, details jsonb)
      on conflict (framework_id, key) where framework_id is not null do update
         set external_id = excluded.external_id, level = excluded.level, title = excluded.title, text = excluded.text,
             assessable = excluded.assessable, position = excluded.position, details = excluded.details, status = 'active', updated_at = excluded.updated_at
       where (requirements.external_id, requirements.level, requirements.title, requirements.text, requirements.assessable, requirements.position, requirements.details, requirements.status)
             is distinct from (excluded.external_id, excluded.level, excluded.title, excluded.text, excluded.assessable, excluded.position, excluded.details, 'active')
      returning id, (xmax = 0) as inserted`.execute(this.db);
    const { rows: reparented } = await sql<{ id: string }>`
      update requirements c set parent_id = p.id, updated_at = ${now}
        from jsonb_to_recordset(${data}) as v(key text, parent_key text)
        left join requirements p on p.framework_id = ${frameworkId} and p.key = v.parent_key
       where c.framework_id = ${frameworkId} and c.key = v.key and c.parent_id is distinct from p.id
      returning c.id`.execute(this.db);
    const { rows: retired } = await sql<{ id: string }>`
      update requirements set status = 'retired', updated_at = ${now}
       where framework_id = ${frameworkId} and status = 'active'
         and key not in (select v.key from jsonb_to_recordset(${data}) as v(key text))
      returning id`.execute(this.db);
    const inserted = new Set(written.filter((w) => w.inserted).map((w) => w.id));
    const updated = new Set([...written.map((w) => w.id), ...reparented.map((r) => r.id)].filter((id) => !inserted.has(id))).size;
    return { created: inserted.size, updated, unchanged: requirements.length - inserted.size - updated, retired: retired.length };
  }

  /** Targets from a file or carried over; a department's own targets are kept. A null target needs one. */
  async saveProfileTargets(frameworkId: string, targets: ReadonlyArray<{ key: string; profile: GovAssureProfile; target: AchievementLevel | null }>, source: TargetSource, by: string): Promise<number> {
    if (targets.length === 0) return 0;
    const { rows } = await sql<{ requirement_id: string }>`
      insert into framework_profile_targets (requirement_id, profile, target, source, updated_by)
      select r.id, v.profile, v.target, ${source}, ${by}
        from jsonb_to_recordset(${asJson(targets)}) as v(key text, profile text, target text)
        join requirements r on r.framework_id = ${frameworkId} and r.key = v.key
      on conflict (requirement_id, profile) do update set target = excluded.target, source = excluded.source, updated_by = excluded.updated_by, updated_at = now()
       where framework_profile_targets.source <> 'department' and framework_profile_targets.target is distinct from excluded.target
      returning requirement_id`.execute(this.db);
    return rows.length;
  }

  async setProfileTarget(requirementId: string, profile: GovAssureProfile, target: AchievementLevel | null, by: string, now: Date): Promise<void> {
    await this.db
      .insertInto('framework_profile_targets')
      .values({ requirement_id: requirementId, profile, target, source: 'department', updated_by: by, updated_at: now })
      .onConflict((oc) => oc.columns(['requirement_id', 'profile']).doUpdateSet({ target, source: 'department', updated_by: by, updated_at: now }))
      .execute();
  }

  async profileTargets(frameworkId: string): Promise<ProfileTarget[]> {
    const { rows } = await sql<{ requirement_id: string; key: string; title: string; baseline: AchievementLevel | null; enhanced: AchievementLevel | null; source: TargetSource }>`
      select r.id as requirement_id, r.key, r.title,
             max(t.target) filter (where t.profile = 'baseline') as baseline,
             max(t.target) filter (where t.profile = 'enhanced') as enhanced,
             case when bool_or(t.source = 'department') then 'department' when bool_or(t.source = 'carried-over') then 'carried-over' else 'framework' end as source
        from framework_profile_targets t join requirements r on r.id = t.requirement_id
       where r.framework_id = ${frameworkId} and r.status = 'active'
       group by r.id, r.key, r.title, r.position
       order by r.position`.execute(this.db);
    return rows.map((r) => ({ requirementId: r.requirement_id, key: r.key, title: r.title, baseline: r.baseline, enhanced: r.enhanced, source: r.source }));
  }

  async saveMappingSet(values: { code: string; name: string; version: string; externalId: string; sourceFrameworkId: string; targetFrameworkId: string; attribution: string; fileName: string; sha256: string }, now: Date): Promise<string> {
    const row = { code: values.code, name: values.name, version: values.version, external_id: values.externalId, source_framework_id: values.sourceFrameworkId, target_framework_id: values.targetFrameworkId, attribution: values.attribution, file_name: values.fileName, content_sha256: values.sha256 };
    const saved = await this.db
      .insertInto('mapping_sets')
      .values(row)
      .onConflict((oc) => oc.column('external_id').doUpdateSet({ ...row, updated_at: now }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  async mappingSetByCode(code: string): Promise<{ id: string; externalId: string } | undefined> {
    const row = await this.db.selectFrom('mapping_sets').select(['id', 'external_id']).where('code', '=', code).executeTakeFirst();
    return row && { id: row.id, externalId: row.external_id };
  }

  /** The mappings whose requirements are not in their frameworks: every one of them, for the error. */
  async unknownMappingEnds(sourceFrameworkId: string, targetFrameworkId: string, mappings: readonly ParsedMapping[]): Promise<Array<{ end: 'source' | 'target'; externalId: string }>> {
    const { rows } = await sql<{ end: 'source' | 'target'; external_id: string }>`
      with v as (select * from jsonb_to_recordset(${asJson(mappings)}) as v(source text, target text))
      select distinct 'source' as "end", v.source as external_id from v
       where not exists (select 1 from requirements r where r.framework_id = ${sourceFrameworkId} and r.external_id = v.source)
      union
      select distinct 'target', v.target from v
       where not exists (select 1 from requirements r where r.framework_id = ${targetFrameworkId} and r.external_id = v.target)
      order by 1, 2`.execute(this.db);
    return rows.map((r) => ({ end: r.end, externalId: r.external_id }));
  }

  async replaceMappings(mappingSetId: string, sourceFrameworkId: string, targetFrameworkId: string, mappings: readonly ParsedMapping[]): Promise<number> {
    await this.db.deleteFrom('requirement_mappings').where('mapping_set_id', '=', mappingSetId).execute();
    const { rows } = await sql<{ n: number }>`
      with inserted as (
        insert into requirement_mappings (mapping_set_id, source_requirement_id, target_requirement_id, relationship, rationale)
        select ${mappingSetId}, s.id, t.id, v.relationship, coalesce(v.rationale, '')
          from jsonb_to_recordset(${asJson(mappings)}) as v(source text, target text, relationship text, rationale text)
          join requirements s on s.framework_id = ${sourceFrameworkId} and s.external_id = v.source
          join requirements t on t.framework_id = ${targetFrameworkId} and t.external_id = v.target
        on conflict do nothing
        returning 1)
      select count(*)::int as n from inserted`.execute(this.db);
    return rows[0]!.n;
  }

  async mappingSets(frameworkId: string): Promise<Array<{ id: string; code: string; name: string; otherFramework: string; mappings: number }>> {
    const { rows } = await sql<{ id: string; code: string; name: string; other: string; mappings: number }>`
      select m.id, m.code, m.name, o.name as other, (select count(*)::int from requirement_mappings rm where rm.mapping_set_id = m.id) as mappings
        from mapping_sets m
        join frameworks o on o.id = case when m.source_framework_id = ${frameworkId} then m.target_framework_id else m.source_framework_id end
       where m.source_framework_id = ${frameworkId} or m.target_framework_id = ${frameworkId}
       order by m.name`.execute(this.db);
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, otherFramework: r.other, mappings: r.mappings }));
  }

  async requirements(frameworkId: string): Promise<FrameworkRequirement[]> {
    const rows = await this.db
      .selectFrom('requirements')
      .select(['id', 'key', 'parent_id', 'level', 'title', 'text', 'assessable', 'status', 'details'])
      .where('framework_id', '=', frameworkId)
      .orderBy('status')
      .orderBy('position')
      .execute();
    return rows.map(toRequirement);
  }

  async findRequirement(frameworkId: string, requirementId: string): Promise<FrameworkRequirement | undefined> {
    const row = await this.db
      .selectFrom('requirements')
      .select(['id', 'key', 'parent_id', 'level', 'title', 'text', 'assessable', 'status', 'details'])
      .where('framework_id', '=', frameworkId)
      .where('id', '=', requirementId)
      .executeTakeFirst();
    return row && toRequirement(row);
  }

  async requirementByKey(frameworkCode: string, key: string): Promise<{ id: string; frameworkId: string; status: string } | undefined> {
    const row = await this.db
      .selectFrom('requirements as r')
      .innerJoin('frameworks as f', 'f.id', 'r.framework_id')
      .select(['r.id', 'r.framework_id', 'r.status'])
      .where('f.code', '=', frameworkCode)
      .where('r.key', '=', key)
      .executeTakeFirst();
    return row && { id: row.id, frameworkId: row.framework_id!, status: row.status };
  }

  /** Controls mapped straight to each requirement of the framework. */
  async directControls(frameworkId: string): Promise<Map<string, ControlLink[]>> {
    const { rows } = await sql<{ requirement_id: string; control_id: string; code: string; title: string }>`
      select cr.requirement_id, c.id as control_id, c.code, c.title
        from control_requirements cr join requirements r on r.id = cr.requirement_id join controls c on c.id = cr.control_id
       where r.framework_id = ${frameworkId}
       order by c.code`.execute(this.db);
    return groupLinks(rows);
  }

  /** Controls that reach each requirement of the framework through a mapping set, in either direction. */
  async mappedControls(frameworkId: string): Promise<Map<string, ControlLink[]>> {
    const { rows } = await sql<{ requirement_id: string; control_id: string; code: string; title: string }>`
      select distinct x.requirement_id, c.id as control_id, c.code, c.title
        from (select m.target_requirement_id as requirement_id, m.source_requirement_id as other_id from requirement_mappings m where m.relationship <> 'not-related'
              union all
              select m.source_requirement_id, m.target_requirement_id from requirement_mappings m where m.relationship <> 'not-related') x
        join requirements r on r.id = x.requirement_id and r.framework_id = ${frameworkId}
        join control_requirements cr on cr.requirement_id = x.other_id
        join controls c on c.id = cr.control_id
       order by c.code`.execute(this.db);
    return groupLinks(rows);
  }

  async isMapped(requirementId: string, controlId: string): Promise<boolean> {
    return (await this.db.selectFrom('control_requirements').select('control_id').where('requirement_id', '=', requirementId).where('control_id', '=', controlId).executeTakeFirst()) !== undefined;
  }

  async mapControl(requirementId: string, controlId: string): Promise<void> {
    await this.db.insertInto('control_requirements').values({ requirement_id: requirementId, control_id: controlId }).onConflict((oc) => oc.doNothing()).execute();
  }

  async unmapControl(requirementId: string, controlId: string): Promise<void> {
    await this.db.deleteFrom('control_requirements').where('requirement_id', '=', requirementId).where('control_id', '=', controlId).execute();
  }

  /** Every control mapped straight to a requirement of the framework, for the CSV the import reads back. */
  async controlMappings(frameworkId: string): Promise<Array<{ key: string; controlCode: string }>> {
    const { rows } = await sql<{ key: string; code: string }>`
      select r.key, c.code from control_requirements cr join requirements r on r.id = cr.requirement_id join controls c on c.id = cr.control_id
       where r.framework_id = ${frameworkId} order by r.position, c.code`.execute(this.db);
    return rows.map((r) => ({ key: r.key, controlCode: r.code }));
  }

  async controlByCode(code: string): Promise<{ id: string; code: string } | undefined> {
    return this.db.selectFrom('controls').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
  }

  /** Every framework requirement a control helps meet: mapped straight, or one mapping-set step away. */
  async requirementsMetByControl(controlId: string): Promise<RequirementMet[]> {
    const { rows } = await sql<{ framework_id: string; framework_code: string; framework_name: string; requirement_id: string; key: string; title: string; text: string; mapping_set: string | null; from_framework: string | null; from_key: string | null; relationship: MappingRelationship | null }>`
      with direct as (
        select r.id, r.framework_id from control_requirements cr join requirements r on r.id = cr.requirement_id
         where cr.control_id = ${controlId} and r.framework_id is not null),
      linked as (
        select d.id as from_id, m.target_requirement_id as requirement_id, m.mapping_set_id, m.relationship
          from direct d join requirement_mappings m on m.source_requirement_id = d.id where m.relationship <> 'not-related'
        union
        select d.id, m.source_requirement_id, m.mapping_set_id, m.relationship
          from direct d join requirement_mappings m on m.target_requirement_id = d.id where m.relationship <> 'not-related')
      select f.id as framework_id, f.code as framework_code, f.name as framework_name, r.id as requirement_id, r.key, r.title, r.text,
             null as mapping_set, null as from_framework, null as from_key, null as relationship, r.position
        from direct d join requirements r on r.id = d.id join frameworks f on f.id = r.framework_id
      union all
      select f.id, f.code, f.name, r.id, r.key, r.title, r.text, ms.name, ff.name, fr.key, l.relationship, r.position
        from linked l
        join requirements r on r.id = l.requirement_id join frameworks f on f.id = r.framework_id
        join mapping_sets ms on ms.id = l.mapping_set_id
        join requirements fr on fr.id = l.from_id join frameworks ff on ff.id = fr.framework_id
       where not exists (select 1 from direct d where d.id = l.requirement_id)
       order by 3, 12, 5`.execute(this.db);
    return rows.map((r) => ({
      frameworkId: r.framework_id,
      frameworkCode: r.framework_code,
      frameworkName: r.framework_name,
      requirementId: r.requirement_id,
      key: r.key,
      title: r.title,
      text: r.text,
      via: r.mapping_set === null ? null : { mappingSet: r.mapping_set, fromFramework: r.from_framework!, fromKey: r.from_key!, relationship: r.relationship! },
    }));
  }

  /**
   * Which controls serve each of the framework's assessable requirements in force: mapped to it or to a
   * node above it (a control mapped to a CAF outcome serves its indicators), or through a mapping set.
   */
  async servedRequirements(frameworkId: string): Promise<{ total: number; served: Array<{ requirementId: string; controlId: string }> }> {
    const total = (await sql<{ n: number }>`select count(*)::int as n from requirements where framework_id = ${frameworkId} and status = 'active' and assessable`.execute(this.db)).rows[0]!.n;
    const { rows } = await sql<{ requirement_id: string; control_id: string }>`
      with recursive closure(requirement_id, ancestor_id) as (
        select id, id from requirements where framework_id = ${frameworkId} and status = 'active'
        union all
        select r.id, c.ancestor_id from requirements r join closure c on r.parent_id = c.requirement_id where r.status = 'active'
      ),
      mine as (select id from requirements where framework_id = ${frameworkId}),
      linked(requirement_id, control_id) as (
        select cr.requirement_id, cr.control_id from control_requirements cr join mine on mine.id = cr.requirement_id
        union
        select m.target_requirement_id, cr.control_id from requirement_mappings m join mine on mine.id = m.target_requirement_id
          join control_requirements cr on cr.requirement_id = m.source_requirement_id where m.relationship <> 'not-related'
        union
        select m.source_requirement_id, cr.control_id from requirement_mappings m join mine on mine.id = m.source_requirement_id
          join control_requirements cr on cr.requirement_id = m.target_requirement_id where m.relationship <> 'not-related'
      )
      select distinct c.requirement_id, l.control_id
        from closure c join requirements r on r.id = c.requirement_id and r.assessable
        join linked l on l.requirement_id = c.ancestor_id`.execute(this.db);
    return { total, served: rows.map((r) => ({ requirementId: r.requirement_id, controlId: r.control_id })) };
  }

  /** Where these controls are implemented: each service (with its unit) or unit. */
  async implementedAt(controlIds: readonly string[]): Promise<Array<{ controlId: string; serviceId: string | null; serviceName: string | null; unitCode: string; unitName: string }>> {
    if (controlIds.length === 0) return [];
    const { rows } = await sql<{ control_id: string; service_id: string | null; service_name: string | null; unit_code: string; unit_name: string }>`
      select i.control_id, s.id as service_id, s.name as service_name, u.code as unit_code, u.name as unit_name
        from control_implementations i
        left join technology_services s on s.id = i.service_id
        join organisation_units u on u.id = coalesce(s.unit_id, i.unit_id)
       where i.status = 'implemented' and i.control_id in (select jsonb_array_elements_text(${JSON.stringify(controlIds)}::jsonb)::uuid)`.execute(this.db);
    return rows.map((r) => ({ controlId: r.control_id, serviceId: r.service_id, serviceName: r.service_name, unitCode: r.unit_code, unitName: r.unit_name }));
  }
}

function groupLinks(rows: ReadonlyArray<{ requirement_id: string; control_id: string; code: string; title: string }>): Map<string, ControlLink[]> {
  const byRequirement = new Map<string, ControlLink[]>();
  for (const row of rows) {
    const list = byRequirement.get(row.requirement_id) ?? [];
    list.push({ controlId: row.control_id, controlCode: row.code, controlTitle: row.title });
    byRequirement.set(row.requirement_id, list);
  }
  return byRequirement;
}

function toSummary(r: { id: string; code: string; name: string; version: string; format: FrameworkFormat; publisher: string; attribution: string; description: string; built_in: boolean; file_name: string; updated_at: Date; requirements: number; assessable: number; mapped_controls: number }): FrameworkSummary {
  return { id: r.id, code: r.code, name: r.name, version: r.version, format: r.format, publisher: r.publisher, attribution: r.attribution, description: r.description, builtIn: r.built_in, fileName: r.file_name, updatedAt: r.updated_at, requirements: r.requirements, assessable: r.assessable, mappedControls: r.mapped_controls };
}

function toRequirement(r: { id: string; key: string; parent_id: string | null; level: string | null; title: string; text: string; assessable: boolean; status: 'active' | 'retired'; details: unknown }): FrameworkRequirement {
  const details = typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : ((r.details ?? {}) as Record<string, unknown>);
  return { id: r.id, key: r.key, parentId: r.parent_id, level: r.level, title: r.title, text: r.text, assessable: r.assessable, status: r.status, details };
}

