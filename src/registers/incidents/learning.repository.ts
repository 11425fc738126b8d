// SQL for learning from incidents: the lessons-learned record and what corrective actions add or change
// (`action_targets`: a control, a risk or a document).
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import type { ActionTarget, ActionTargetType, Lessons, LessonsInput } from './entity.ts';

const ids = (values: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class IncidentLearningRepository {
  constructor(private readonly db: Executor) {}

  async lessons(incidentId: string): Promise<Lessons | null> {
    const row = await this.db.selectFrom('incident_lessons').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
    return row ? { wentWell: row.went_well, wentBadly: row.went_badly, rootCause: row.root_cause, recordedBy: row.recorded_by, recordedAt: row.recorded_at } : null;
  }

  async saveLessons(incidentId: string, values: LessonsInput, by: string, at: Date): Promise<void> {
    const set = { went_well: values.wentWell, went_badly: values.wentBadly, root_cause: values.rootCause, recorded_by: by, recorded_at: at };
    await this.db
      .insertInto('incident_lessons')
      .values({ incident_id: incidentId, ...set })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(set))
      .execute();
  }

  /** The action with what raised it, for deciding who may say what it changes. */
  async action(actionId: string): Promise<{ id: string; reference: string; unitId: string; sourceType: string | null; sourceId: string | null } | undefined> {
    const row = await this.db.selectFrom('actions').select(['id', 'reference', 'unit_id', 'source_type', 'source_id']).where('id', '=', actionId).executeTakeFirst();
    return row && { id: row.id, reference: row.reference, unitId: row.unit_id, sourceType: row.source_type, sourceId: row.source_id };
  }

  /** A control by code, a risk by reference, a document by key prefix (or any of them by id). */
  async targetByReference(type: ActionTargetType, reference: string): Promise<{ id: string; reference: string } | undefined> {
    const value = reference.trim();
    const byId = UUID.test(value);
    if (type === 'control') {
      return this.db.selectFrom('controls').select(['id', 'code as reference']).where(byId ? 'id' : sql`upper(code)`, '=', byId ? value : value.toUpperCase()).executeTakeFirst();
    }
    if (type === 'risk') {
      return this.db.selectFrom('risks').select(['id', 'reference']).where(byId ? 'id' : sql`upper(reference)`, '=', byId ? value : value.toUpperCase()).executeTakeFirst();
    }
    return this.db.selectFrom('documents').select(['id', 'key_prefix as reference']).where(byId ? 'id' : sql`upper(key_prefix)`, '=', byId ? value : value.toUpperCase()).executeTakeFirst();
  }

  /** Adds the target; false when the action already had it. */
  async addTarget(actionId: string, type: ActionTargetType, targetId: string, at: Date): Promise<boolean> {
    const rows = await this.db.insertInto('action_targets').values({ action_id: actionId, target_type: type, target_id: targetId, created_at: at }).onConflict((oc) => oc.doNothing()).returning('action_id').execute();
    return rows.length > 0;
  }

  async removeTarget(actionId: string, type: ActionTargetType, targetId: string): Promise<boolean> {
    const rows = await this.db.deleteFrom('action_targets').where('action_id', '=', actionId).where('target_type', '=', type).where('target_id', '=', targetId).returning('action_id').execute();
    return rows.length > 0;
  }

  /** What these actions add or change, with each target's name and page. */
  async targets(actionIds: readonly string[]): Promise<ActionTarget[]> {
    if (actionIds.length === 0) return [];
    const { rows } = await sql<{ action_id: string; type: ActionTargetType; id: string; reference: string; name: string }>`
      select t.action_id, t.target_type as type, t.target_id as id,
             coalesce(c.code, r.reference, d.key_prefix, '') as reference, coalesce(c.title, r.title, d.title, '(removed)') as name
        from action_targets t
        left join controls c on t.target_type = 'control' and c.id = t.target_id
        left join risks r on t.target_type = 'risk' and r.id = t.target_id
        left join documents d on t.target_type = 'document' and d.id = t.target_id
       where t.action_id in ${ids(actionIds)}
       order by t.target_type, 4`.execute(this.db);
    const page = { control: 'controls', risk: 'risks', document: 'documents' } as const;
    return rows.map((r) => ({ actionId: r.action_id, type: r.type, id: r.id, reference: r.reference, name: r.name, href: `/${page[r.type]}/${r.id}` }));
  }
}
