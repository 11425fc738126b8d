// SQL for continuity plans and their continuity-exercises. Nothing here opens a transaction or records
// an audit event: the services do both.
import { sql } from 'kysely';
import type { Executor } from '../../database.ts';
import { OPEN_STATUSES } from '../actions/entity.ts';
import { agencies, IncidentConfigurationRepository } from '../incidents/configuration.repository.ts';
import { PeopleRepository } from '../people/repository.ts';
import type { ExerciseKind, ExerciseResult, PlanKind, PlanStatus } from './entity.ts';

export interface PlanValues {
  readonly title: string;
  readonly kind: PlanKind;
  readonly serviceId: string | null;
  readonly unitId: string;
  readonly ownerPersonId: string;
  readonly rtoHours: number;
  readonly rpoHours: number;
  readonly backupArrangements: string;
  readonly documentUrl: string;
  readonly testingIntervalMonths: number;
  readonly status: PlanStatus;
}

export interface ExerciseValues {
  readonly kind: ExerciseKind;
  readonly exercisedOn: string;
  readonly scenario: string;
  readonly participants: string;
  readonly result: ExerciseResult;
  readonly achievedRtoHours: number | null;
  readonly achievedRpoHours: number | null;
  readonly gaps: string;
  readonly evidence: string;
}

export interface PlanRow extends PlanValues {
  readonly id: string;
  readonly reference: string;
  readonly serviceReference: string | null;
  readonly serviceName: string | null;
  readonly unitCode: string;
  readonly unitName: string;
  readonly ownerName: string;
  readonly ownerEmail: string | null;
  readonly documentFileId: string | null;
}

export interface ExerciseRow extends ExerciseValues {
  readonly id: string;
  readonly planId: string;
  readonly recordedBy: string;
}

/** Which plans a reader sees: every plan in these units, and always the plans they own. */
export interface PlanVisibility {
  readonly units: 'all' | readonly string[];
  readonly personId: string | null;
}

export interface PlanFilter {
  readonly unitId?: string;
  readonly kind?: PlanKind;
}

export class ContinuityRepository {
  constructor(private readonly db: Executor) {}

  async insertPlan(values: PlanValues): Promise<{ id: string; reference: string }> {
    const { rows } = await sql<{ n: number }>`select nextval('continuity_plans_reference_seq')::int as n`.execute(this.db);
    const reference = `CP-${String(rows[0]!.n).padStart(4, '0')}`;
    const { id } = await this.db.insertInto('continuity_plans').values({ reference, ...planColumns(values) }).returning('id').executeTakeFirstOrThrow();
    return { id, reference };
  }

  async updatePlan(id: string, values: PlanValues, now: Date): Promise<void> {
    await this.db.updateTable('continuity_plans').set({ ...planColumns(values), updated_at: now }).where('id', '=', id).execute();
  }

  async setDocumentFile(id: string, fileId: string, now: Date): Promise<void> {
    await this.db.updateTable('continuity_plans').set({ document_file_id: fileId, updated_at: now }).where('id', '=', id).execute();
  }

  async insertExercise(planId: string, values: ExerciseValues, recordedBy: string): Promise<string> {
    const row = await this.db
      .insertInto('continuity_exercises')
      .values({
        plan_id: planId,
        kind: values.kind,
        exercised_on: values.exercisedOn,
        scenario: values.scenario,
        participants: values.participants,
        result: values.result,
        achieved_rto_hours: values.achievedRtoHours,
        achieved_rpo_hours: values.achievedRpoHours,
        gaps: values.gaps,
        evidence: values.evidence,
        recorded_by: recordedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private plans() {
    return this.db
      .selectFrom('continuity_plans as c')
      .innerJoin('organisation_units as u', 'u.id', 'c.unit_id')
      .innerJoin('people as p', 'p.id', 'c.owner_person_id')
      .leftJoin('technology_services as s', 's.id', 'c.service_id')
      .select([
        'c.id', 'c.reference', 'c.title', 'c.kind', 'c.service_id', 'c.unit_id', 'c.owner_person_id', 'c.rto_hours', 'c.rpo_hours', 'c.backup_arrangements', 'c.document_url',
        'c.testing_interval_months', 'c.status', 'c.document_file_id', 's.reference as service_reference', 's.name as service_name', 'u.code as unit_code', 'u.name as unit_name', 'p.display_name as owner_name', 'p.email as owner_email',
      ]);
  }

  async findPlan(id: string): Promise<PlanRow | undefined> {
    const row = await this.plans().where('c.id', '=', id).executeTakeFirst();
    return row && toPlanRow(row);
  }

  async findPlanByTitle(title: string): Promise<PlanRow | undefined> {
    const row = await this.plans().where('c.title', '=', title).executeTakeFirst();
    return row && toPlanRow(row);
  }

  async listPlans(filter: PlanFilter, visibility: PlanVisibility): Promise<PlanRow[]> {
    let query = this.plans();
    if (filter.unitId) query = query.where('c.unit_id', '=', filter.unitId);
    if (filter.kind) query = query.where('c.kind', '=', filter.kind);
    if (visibility.units !== 'all') {
      const units = [...visibility.units];
      const personId = visibility.personId;
      query = query.where((eb) => eb.or([...(units.length ? [eb('c.unit_id', 'in', units)] : []), ...(personId ? [eb('c.owner_person_id', '=', personId)] : []), eb.lit(false)]));
    }
    return (await query.orderBy('c.reference').execute()).map(toPlanRow);
  }

  /** Every exercise of the plans, newest first. */
  async exercisesOf(planIds: readonly string[]): Promise<ExerciseRow[]> {
    if (planIds.length === 0) return [];
    const rows = await this.db.selectFrom('continuity_exercises').selectAll().where('plan_id', 'in', [...planIds]).orderBy('exercised_on', 'desc').orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      kind: r.kind,
      exercisedOn: r.exercised_on,
      scenario: r.scenario,
      participants: r.participants,
      result: r.result,
      achievedRtoHours: r.achieved_rto_hours,
      achievedRpoHours: r.achieved_rpo_hours,
      gaps: r.gaps,
      evidence: r.evidence,
      recordedBy: r.recorded_by,
    }));
  }

  /** How many actions each exercise raised that are still open or in progress. */
  async openActionCounts(exerciseIds: readonly string[]): Promise<Map<string, number>> {
    if (exerciseIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('actions')
      .select((eb) => ['source_id', eb.fn.countAll<string>().as('n')])
      .where('source_type', '=', 'exercise-gap')
      .where('source_id', 'in', [...exerciseIds])
      .where('status', 'in', [...OPEN_STATUSES])
      .groupBy('source_id')
      .execute();
    return new Map(rows.map((r) => [r.source_id ?? '', Number(r.n)]));
  }

  /** Each unit's agency (the unit directly under the top of the tree), for the chart by agency. */
  async agencyNames(): Promise<Map<string, string>> {
    const agencyOf = agencies(await new IncidentConfigurationRepository(this.db).units());
    return new Map([...agencyOf].map(([unitId, agency]) => [unitId, agency.name]));
  }

  async unitByCode(code: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('organisation_units').select('id').where('code', '=', code.toUpperCase()).executeTakeFirst();
  }

  async serviceByReference(reference: string): Promise<{ id: string; unitId: string } | undefined> {
    const row = await this.db.selectFrom('technology_services').select(['id', 'unit_id']).where(sql<string>`lower(reference)`, '=', reference.toLowerCase()).executeTakeFirst();
    return row && { id: row.id, unitId: row.unit_id };
  }

  async personByReference(value: string): Promise<{ id: string } | undefined> {
    if (value.trim() === '') return undefined;
    const person = await new PeopleRepository(this.db).findByReference(value);
    return person && { id: person.id };
  }
}

const planColumns = (v: PlanValues) => ({
  title: v.title,
  kind: v.kind,
  service_id: v.serviceId,
  unit_id: v.unitId,
  owner_person_id: v.ownerPersonId,
  rto_hours: v.rtoHours,
  rpo_hours: v.rpoHours,
  backup_arrangements: v.backupArrangements,
  document_url: v.documentUrl,
  testing_interval_months: v.testingIntervalMonths,
  status: v.status,
});

interface PlanSelection {
  id: string;
  reference: string;
  title: string;
  kind: PlanKind;
  service_id: string | null;
  unit_id: string;
  owner_person_id: string;
  rto_hours: number;
  rpo_hours: number;
  backup_arrangements: string;
  document_url: string;
  testing_interval_months: number;
  status: PlanStatus;
  service_reference: string | null;
  service_name: string | null;
  unit_code: string;
  unit_name: string;
  owner_name: string;
  owner_email: string | null;
  document_file_id: string | null;
}

const toPlanRow = (r: PlanSelection): PlanRow => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  kind: r.kind,
  serviceId: r.service_id,
  unitId: r.unit_id,
  ownerPersonId: r.owner_person_id,
  rtoHours: Number(r.rto_hours),
  rpoHours: Number(r.rpo_hours),
  backupArrangements: r.backup_arrangements,
  documentUrl: r.document_url,
  testingIntervalMonths: r.testing_interval_months,
  status: r.status,
  serviceReference: r.service_reference,
  serviceName: r.service_name,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  ownerName: r.owner_name,
  ownerEmail: r.owner_email,
  documentFileId: r.document_file_id,
});
