// Loads a generated department into an empty database: people, training, assets, services and
// suppliers through the same imports as `custodian <register> import` (so their time is the imports'
// time at that scale), the rest straight into the tables (loaders.ts). Returns what took how long.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../access/actor.ts';
import type { Db } from '../database.ts';
import { AppError } from '../platform/http/errors.ts';
import type { ImportReport } from '../platform/imports/report.ts';
import type { Services } from '../services.ts';
import { generateDocuments } from './documents.ts';
import { DEMO_COURSES, generateDepartment } from './generate.ts';
import { countPeopleWithoutAccounts, endSomeAssetOwners, insertSupplierAssessments, rootUnitId, insertIncidents, insertRisks, insertUnitAppointments, insertUnits, registerCounts } from './loaders.ts';
import type { Scale } from './scales.ts';

export interface DemoLoad {
  readonly seed: number;
  /** Milliseconds each step took, in the order they ran. */
  readonly timings: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
}

/** One asset in this many has lost its Information Asset Owner (a finding the compliance engine reports). */
const ASSETS_WITHOUT_OWNER_EVERY = 25;
const QUESTIONNAIRE = new URL('../example/moj/supplier-questionnaire.yaml', import.meta.url);

/** `onStep` hears each step's name as it starts (a department-scale load runs for minutes). */
export async function loadDemoDepartment(db: Db, services: Services, scale: Scale, seed: number, today: string, onStep: (step: string) => void = () => undefined): Promise<DemoLoad> {
  if ((await countPeopleWithoutAccounts(db)) > 0) {
    throw new AppError('conflict', 'This database already holds people (other than administrators): the generator fills only an empty one. Point CUSTODIAN_DATA_DIR (or DATABASE_URL) at a new database, run `custodian seed` with CUSTODIAN_EXAMPLE=none, then generate again.');
  }
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    onStep(step);
    const started = performance.now();
    const result = await work();
    timings[step] = Math.round(performance.now() - started);
    return result;
  };
  const actor = systemActor('demo generator');
  const department = await timed('generate', () => Promise.resolve(generateDepartment(scale, seed, today)));
  const imported = async (step: string, fileName: string, csv: string, run: (input: { fileName: string; bytes: Buffer; dryRun: boolean }) => Promise<ImportReport>) => {
    const report = await timed(step, () => run({ fileName, bytes: Buffer.from(csv), dryRun: false }));
    // A generated file the import refuses is the generator's bug: say which rows, rather than load half a department.
    if (report.errors.length > 0) throw new Error(`The generated ${fileName} was refused: ${report.errors.slice(0, 3).map((e) => `line ${e.line} ${e.column}: ${e.message}`).join('; ')}`);
  };
  await timed('units', () => insertUnits(db, department.units));
  await imported('people (import)', 'people.csv', department.peopleCsv, (input) => services.peopleImport.run(actor, input));
  await timed('unit appointments', () => insertUnitAppointments(db, '2024-04-01'));
  await imported('information assets (import)', 'assets.csv', department.assetsCsv, (input) => services.informationAssets.imports.run(actor, input));
  await timed('assets without an owner', () => endSomeAssetOwners(db, ASSETS_WITHOUT_OWNER_EVERY, today));
  await imported('technology services (import)', 'services.csv', department.servicesCsv, (input) => services.technologyServices.imports.run(actor, input));
  await imported('suppliers (import)', 'suppliers.csv', department.suppliersCsv, (input) => services.suppliers.imports.run(actor, input));
  await timed('supplier assessments', async () => {
    // The department's questionnaire is the example's, as a department without its own would start.
    const questionnaire = await services.questionnaires.importFile(actor, { fileName: 'supplier-questionnaire.yaml', text: readFileSync(QUESTIONNAIRE, 'utf8') });
    await insertSupplierAssessments(db, questionnaire.id, today);
  });
  await timed('training courses', async () => {
    for (const course of DEMO_COURSES) await services.training.addCourse(actor, course);
  });
  await imported('training records (import)', 'training.csv', department.trainingCsv, (input) => services.training.import.run(actor, input));
  await timed('risks', () => insertRisks(db, department.risks, `${today}T09:00:00Z`));
  await timed('incidents', () => insertIncidents(db, department.incidents));
  // Policies through the library's import, which publishes them and records their statements as requirements.
  await timed('documents and requirements', async () => {
    const root = await rootUnitId(db);
    for (const document of generateDocuments(scale.documents, scale.requirements, seed)) await services.documents.importDocument(actor, { ...document, unitId: root, tier: 2 });
  });
  // A bulk load leaves the planner without statistics and the visibility map unset (PGlite has no
  // autovacuum; a server's may be off or behind): vacuum and analyse once, as after a restore.
  await timed('vacuum and analyse the tables', () => sql`vacuum analyze`.execute(db));
  return { seed, timings, counts: await registerCounts(db) };
}
