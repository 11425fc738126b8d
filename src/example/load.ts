// Loads example data by name. Idempotent: units match on code, people on email, appointments on
// (role, unit, holder, start): one audit event for that load, as for any import. Documents, assets,
// services and controls then go in through their registers' own services, audited as each would be.
import { readFileSync } from 'node:fs';
import { systemActor } from '../access/actor.ts';
import type { ExampleData } from '../config.ts';
import type { Tx } from '../database.ts';
import type { Services } from '../services.ts';
import { loadExampleAssets } from './moj/assets.ts';
import { loadExampleControls } from './moj/controls.ts';
import { loadExampleFrameworks } from './moj/frameworks.ts';
import { loadExampleRisks } from './moj/risks.ts';
import { loadExampleSuppliers } from './moj/suppliers.ts';
import { loadExampleSupplierAssessments } from './moj/supplier-assessments.ts';
import { loadExampleIncidents } from './moj/incidents.ts';
import { loadExampleContinuity } from './moj/continuity.ts';
import { loadExampleTraining } from './moj/training.ts';
import { loadExampleServices } from './moj/services.ts';
import { loadExampleComplianceReviews } from './moj/compliance-reviews.ts';
import { loadExampleCafAssessments } from './moj/caf-assessments.ts';
import { SECURITY_CONTACT_SETTING } from '../registers/appointments/service.ts';
import { MOJ_UNITS, type ExampleUnit } from './moj/organisation.ts';
import { MOJ_APPOINTMENTS, MOJ_PEOPLE, type ExampleAppointment, type ExamplePerson } from './moj/people.ts';

export interface ExampleOutcome {
  readonly created: number;
  readonly unchanged: number;
}

interface Example {
  readonly units: readonly ExampleUnit[];
  readonly people: readonly ExamplePerson[];
  readonly appointments: readonly ExampleAppointment[];
  readonly securityContact: string;
  /** Markdown files in `<example>/documents/`, loaded into the policy library. */
  readonly documents: ReadonlyArray<{ file: string; tier: number; unitCode: string; ownerEmail: string; acknowledgedBy: 'everyone' | null }>;
}

const EXAMPLES: Record<Exclude<ExampleData, 'none'>, Example> = {
  moj: {
    units: MOJ_UNITS,
    people: MOJ_PEOPLE,
    appointments: MOJ_APPOINTMENTS,
    securityContact: 'security@justice.gov.uk',
    // The Chief Security Officer owns the strategic policy, and everyone in the department is asked to read it.
    documents: [{ file: 'strategic-information-security-policy.md', tier: 1, unitCode: 'MOJ', ownerEmail: 'amie.alekna@example.justice.gov.uk', acknowledgedBy: 'everyone' }],
  },
};

async function loadUnits(trx: Tx, units: readonly ExampleUnit[]): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = new Map<string, string>();
  for (const row of await trx.selectFrom('organisation_units').select(['id', 'code']).execute()) ids.set(row.code, row.id);
  let created = 0;
  for (const unit of units) {
    if (ids.has(unit.code)) continue;
    const parentId = unit.parent ? ids.get(unit.parent) : null;
    if (parentId === undefined) throw new Error(`Example unit ${unit.code} names parent ${unit.parent ?? ''}, which comes later or does not exist`);
    const inserted = await trx
      .insertInto('organisation_units')
      .values({ code: unit.code, name: unit.name, unit_type: unit.unitType, parent_id: parentId, has_own_accounting_officer: unit.hasOwnAccountingOfficer })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(unit.code, inserted.id);
    created++;
  }
  return { ids, created };
}

async function loadPeople(trx: Tx, people: readonly ExamplePerson[], unitIds: Map<string, string>): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = new Map<string, string>();
  let created = 0;
  for (const person of people) {
    const existing = await trx.selectFrom('people').select('id').where('email', '=', person.email).executeTakeFirst();
    if (existing) {
      ids.set(person.key, existing.id);
      continue;
    }
    const inserted = await trx
      .insertInto('people')
      .values({
        display_name: person.displayName,
        email: person.email,
        staff_number: person.staffNumber,
        unit_id: unitIds.get(person.unitCode) ?? null,
        person_type: person.personType,
        job_title: person.jobTitle,
        status: person.status,
        illustrative: person.illustrative,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(person.key, inserted.id);
    created++;
  }
  // Managers second: a manager may come later in the list than the people who report to them.
  for (const person of people) {
    if (!person.lineManagerKey) continue;
    await trx.updateTable('people').set({ line_manager_id: ids.get(person.lineManagerKey) ?? null }).where('id', '=', ids.get(person.key)!).where('line_manager_id', 'is', null).execute();
  }
  return { ids, created };
}

async function loadAppointments(trx: Tx, appointments: readonly ExampleAppointment[], unitIds: Map<string, string>, personIds: Map<string, string>): Promise<number> {
  let created = 0;
  for (const a of appointments) {
    const personId = a.personKey ? (personIds.get(a.personKey) ?? null) : null;
    const unitId = a.unitCode ? (unitIds.get(a.unitCode) ?? null) : null;
    let existing = trx.selectFrom('appointments').select('id').where('role_code', '=', a.roleCode).where('starts_on', '=', a.startsOn);
    existing = unitId ? existing.where('unit_id', '=', unitId) : existing.where('unit_id', 'is', null);
    existing = personId ? existing.where('person_id', '=', personId) : existing.where('holder_name', '=', a.holderName ?? '');
    if (await existing.executeTakeFirst()) continue;
    await trx
      .insertInto('appointments')
      .values({
        role_code: a.roleCode,
        person_id: personId,
        holder_name: personId ? null : a.holderName,
        unit_id: unitId,
        starts_on: a.startsOn,
        ends_on: a.endsOn,
        deputy_person_id: a.deputyKey ? (personIds.get(a.deputyKey) ?? null) : null,
        illustrative: a.illustrative,
      })
      .execute();
    created++;
  }
  return created;
}

export async function loadExample(services: Services, name: Exclude<ExampleData, 'none'>): Promise<ExampleOutcome> {
  const { db } = services.context;
  const audit = services.audit;
  const example = EXAMPLES[name];
  const outcome = await db.transaction().execute(async (trx) => {
    const units = await loadUnits(trx, example.units);
    const people = await loadPeople(trx, example.people, units.ids);
    const appointments = await loadAppointments(trx, example.appointments, units.ids, people.ids);
    await trx.insertInto('settings').values({ key: SECURITY_CONTACT_SETTING, value: example.securityContact }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const created = units.created + people.created + appointments;
    if (created > 0) {
      await audit.record(trx, { actor: { type: 'system', id: null, label: 'first-run setup' }, action: 'example.loaded', metadata: { example: name, organisationUnits: units.created, people: people.created, appointments } });
    }
    const total = example.units.length + example.people.length + example.appointments.length;
    return { created, unchanged: total - created };
  });
  // Documents go through the library's own import, which is idempotent by content.
  const documents = services.documents;
  let created = outcome.created;
  let unchanged = outcome.unchanged;
  for (const doc of example.documents) {
    const unit = await db.selectFrom('organisation_units').select('id').where('code', '=', doc.unitCode).executeTakeFirstOrThrow();
    const markdown = readFileSync(new URL(`./${name}/documents/${doc.file}`, import.meta.url), 'utf8');
    const setup = systemActor('first-run setup');
    const result = await documents.importDocument(setup, { sourceName: doc.file, markdown, unitId: unit.id, tier: doc.tier });
    if (result.outcome === 'unchanged') unchanged++;
    else created++;
    // Owner and audience are set once, when the document arrives: later changes by its managers stand.
    if (result.outcome === 'created') {
      const { document } = await documents.get(setup, result.documentId);
      await services.documentWorkflow.editDetails(setup, document.id, { title: document.title, tier: document.tier, unitId: document.unit_id, owner: doc.ownerEmail, classification: document.classification, reviewCycleMonths: document.review_cycle_months, parentDocumentId: null, related: [] });
      if (doc.acknowledgedBy) await services.acknowledgements.setAudience(setup, document.id, { audience: doc.acknowledgedBy });
    }
  }
  // Then the registers that hang off the organisation and the library, through their own services.
  const setup = systemActor('first-run setup');
  for (const load of [loadExampleAssets, loadExampleServices, loadExampleControls, loadExampleFrameworks, loadExampleRisks, loadExampleSuppliers, loadExampleSupplierAssessments, loadExampleIncidents, loadExampleContinuity, loadExampleTraining, loadExampleComplianceReviews]) {
    const outcome = await load(services, setup);
    created += outcome.created;
    unchanged += outcome.unchanged;
  }
  // New example data is checked by the compliance engine before the CAF self-assessment starts, so the
  // engine's open findings count against outcomes in its pre-fill, as in a department that has run
  // Custodian for a while; the assessment itself is nothing the rules check.
  if (created > 0) await services.compliance.evaluate(setup, 'setup');
  const assessment = await loadExampleCafAssessments(services, setup);
  return { created: created + assessment.created, unchanged: unchanged + assessment.unchanged };
}
