// The SQL of the control catalogue and baselines. Technology services belong to another register:
// their columns are read through sql fragments, not its Kysely types.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { Baseline, Control, ControlKind, ControlSummary, Criticality } from './entity.ts';

export interface ControlFilter {
  readonly kind?: ControlKind;
  readonly search?: string;
}

export interface ControlValues {
  readonly code: string;
  readonly title: string;
  readonly kind: ControlKind;
  readonly description: string;
  readonly ownerPersonId: string | null;
  readonly requirementIds: readonly string[];
}

export interface BaselineValues {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly minTierRank: number | null;
  readonly requiresSensitive: boolean | null;
  readonly requiresPersonalData: boolean | null;
  readonly descriptor: string | null;
  readonly minCriticality: Criticality | null;
  readonly controlIds: readonly string[];
}

export interface PersonReference {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
}

export class ControlRepository {
  constructor(private readonly db: Executor) {}

  async listControls(filter: ControlFilter, page: { limit: number; offset: number }): Promise<{ controls: ControlSummary[]; total: number }> {
    const pattern = filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const where = sql`where (${filter.kind ?? null}::text is null or c.kind = ${filter.kind ?? null}) and (${pattern}::text is null or c.code ilike ${pattern} or c.title ilike ${pattern} or c.description ilike ${pattern})`;
    const { rows } = await sql<{ id: string; code: string; title: string; kind: ControlKind; owner_name: string | null; requirements: number; implementations: number; total: number }>`
      select c.id, c.code, c.title, c.kind, p.display_name as owner_name,
             (select count(*)::int from control_requirements r where r.control_id = c.id) as requirements,
             (select count(*)::int from control_implementations i where i.control_id = c.id) as implementations,
             count(*) over ()::int as total
        from controls c left join people p on p.id = c.owner_person_id
        ${where}
       order by c.code
       limit ${page.limit} offset ${page.offset}`.execute(this.db);
    const total = rows[0]?.total ?? (page.offset > 0 ? (await sql<{ n: number }>`select count(*)::int as n from controls c ${where}`.execute(this.db)).rows[0]!.n : 0);
    return { controls: rows.map((r) => ({ id: r.id, code: r.code, title: r.title, kind: r.kind, ownerName: r.owner_name, requirements: r.requirements, implementations: r.implementations })), total };
  }

  async findControl(id: string): Promise<Control | undefined> {
    const row = await this.db
      .selectFrom('controls as c')
      .leftJoin('people as p', 'p.id', 'c.owner_person_id')
      .select(['c.id', 'c.code', 'c.title', 'c.kind', 'c.description', 'c.owner_person_id', 'p.display_name as owner_name', 'p.email as owner_email'])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const requirements = await this.db
      .selectFrom('control_requirements as cr')
      .innerJoin('requirements as r', 'r.id', 'cr.requirement_id')
      .select(['r.id', 'r.key', 'r.text', 'r.status'])
      .where('cr.control_id', '=', id)
      .where('r.source_type', '=', 'policy-statement')
      .orderBy('r.key')
      .execute();
    return { id: row.id, code: row.code, title: row.title, kind: row.kind, description: row.description, ownerPersonId: row.owner_person_id, ownerName: row.owner_name, ownerEmail: row.owner_email, requirements };
  }

  async controlIdByCode(code: string): Promise<string | undefined> {
    return (await this.db.selectFrom('controls').select('id').where('code', '=', code).executeTakeFirst())?.id;
  }

  async controlsByCodes(codes: readonly string[]): Promise<Array<{ id: string; code: string }>> {
    if (codes.length === 0) return [];
    return this.db.selectFrom('controls').select(['id', 'code']).where('code', 'in', [...codes]).execute();
  }

  /** The key of the active requirement whose text contains the words: for the example, whose keys depend on the seed. */
  async requirementKeyMentioning(words: string): Promise<string | undefined> {
    const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (await this.db.selectFrom('requirements').select('key').where('source_type', '=', 'policy-statement').where('status', '=', 'active').where('text', 'ilike', pattern).orderBy('key').executeTakeFirst())?.key;
  }

  async requirementsByKeys(keys: readonly string[]): Promise<Array<{ id: string; key: string; status: string }>> {
    if (keys.length === 0) return [];
    return this.db.selectFrom('requirements').select(['id', 'key', 'status']).where('source_type', '=', 'policy-statement').where('key', 'in', [...keys]).execute();
  }

  /** A person named on a form or in a file: by email (any case) or staff number. */
  async findPerson(reference: string): Promise<PersonReference | undefined> {
    const value = reference.trim();
    if (value === '') return undefined;
    const row = await this.db
      .selectFrom('people')
      .select(['id', 'display_name', 'email'])
      .where((eb) => eb.or([eb('email', '=', value.toLowerCase()), eb('staff_number', '=', value)]))
      .orderBy(sql`email = ${value.toLowerCase()}`, 'desc')
      .executeTakeFirst();
    return row ? { id: row.id, displayName: row.display_name, email: row.email } : undefined;
  }

  async insertControl(values: ControlValues): Promise<string> {
    const { id } = await this.db
      .insertInto('controls')
      .values({ code: values.code, title: values.title, kind: values.kind, description: values.description, owner_person_id: values.ownerPersonId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.setRequirements(id, values.requirementIds);
    return id;
  }

  async updateControl(id: string, values: ControlValues, now: Date): Promise<void> {
    await this.db
      .updateTable('controls')
      .set({ code: values.code, title: values.title, kind: values.kind, description: values.description, owner_person_id: values.ownerPersonId, updated_at: now })
      .where('id', '=', id)
      .execute();
    await this.setRequirements(id, values.requirementIds);
  }

  private async setRequirements(controlId: string, requirementIds: readonly string[]): Promise<void> {
    // Framework requirements are mapped from the framework's side; the control form cites policy statements.
    await this.db
      .deleteFrom('control_requirements')
      .where('control_id', '=', controlId)
      .where('requirement_id', 'in', (eb) => eb.selectFrom('requirements').select('id').where('source_type', '=', 'policy-statement'))
      .execute();
    if (requirementIds.length > 0) await this.db.insertInto('control_requirements').values(requirementIds.map((requirement_id) => ({ control_id: controlId, requirement_id }))).execute();
  }

  /** Implementations of a control by status, for its page. */
  async statusCounts(controlId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('control_implementations')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('control_id', '=', controlId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async listBaselines(): Promise<Baseline[]> {
    const rows = await this.db.selectFrom('baselines').selectAll().orderBy('code').execute();
    const links = await this.db
      .selectFrom('baseline_controls as bc')
      .innerJoin('controls as c', 'c.id', 'bc.control_id')
      .select(['bc.baseline_id', 'c.id', 'c.code', 'c.title', 'c.kind'])
      .orderBy('c.code')
      .execute();
    return rows.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      description: b.description,
      minTierRank: b.min_tier_rank,
      requiresSensitive: b.requires_sensitive,
      requiresPersonalData: b.requires_personal_data,
      descriptor: b.descriptor,
      minCriticality: b.min_criticality,
      controls: links.filter((l) => l.baseline_id === b.id).map((l) => ({ id: l.id, code: l.code, title: l.title, kind: l.kind })),
    }));
  }

  async findBaseline(id: string): Promise<Baseline | undefined> {
    return (await this.listBaselines()).find((b) => b.id === id);
  }

  async baselineIdByCode(code: string): Promise<string | undefined> {
    return (await this.db.selectFrom('baselines').select('id').where('code', '=', code).executeTakeFirst())?.id;
  }

  async insertBaseline(values: BaselineValues): Promise<string> {
    const { id } = await this.db.insertInto('baselines').values(baselineRow(values)).returning('id').executeTakeFirstOrThrow();
    await this.setBaselineControls(id, values.controlIds);
    return id;
  }

  async updateBaseline(id: string, values: BaselineValues, now: Date): Promise<void> {
    await this.db.updateTable('baselines').set({ ...baselineRow(values), updated_at: now }).where('id', '=', id).execute();
    await this.setBaselineControls(id, values.controlIds);
  }

  private async setBaselineControls(baselineId: string, controlIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('baseline_controls').where('baseline_id', '=', baselineId).execute();
    if (controlIds.length > 0) await this.db.insertInto('baseline_controls').values([...new Set(controlIds)].map((control_id) => ({ baseline_id: baselineId, control_id }))).execute();
  }

  tiers(): Promise<Array<{ code: string; label: string; rank: number }>> {
    return this.db.selectFrom('classification_tiers').select(['code', 'label', 'rank']).orderBy('rank').execute();
  }

  descriptors(): Promise<Array<{ code: string; label: string }>> {
    return this.db.selectFrom('classification_descriptors').select(['code', 'label']).orderBy('sort_order').execute();
  }
}

function baselineRow(values: BaselineValues) {
  return {
    code: values.code,
    name: values.name,
    description: values.description,
    min_tier_rank: values.minTierRank,
    requires_sensitive: values.requiresSensitive,
    requires_personal_data: values.requiresPersonalData,
    descriptor: values.descriptor,
    min_criticality: values.minCriticality,
  };
}
