// The information assets register: reading, adding and changing assets one at a time, and the CSV
// export. The import is import.ts. An asset's IAO is an appointment on the record: the security team
// (assets.manage at the asset's unit) may change anything; the IAO, holder or deputy, may change their
// own asset's details but not its unit or its IAO.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can, canAnywhere } from '../../access/authorize.ts';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { addDays, isRealDate, londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, isId, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { ImportReport } from '../../platform/imports/report.ts';
import type { StagingProgress } from '../../platform/imports/staging.ts';
import { AppointmentRepository } from '../appointments/repository.ts';
import { checkClassification, classificationLabel, type ClassificationVocabulary } from './classification.ts';
import { ASSET_RECORD_TYPE, IAO_ROLE, IMPACT_LEVELS, PAGE_SIZE, type AssetFilter, type AssetInput, type AssetOwner, type AssetSort, type ImpactLevel, type InformationAsset } from './entity.ts';
import { ASSET_CSV_HEADER, assetCsvRow } from './csv.ts';
import { InformationAssetImport, type AssetImportInput } from './import.ts';
import { InformationAssetRepository, type AssetRow, type AssetValues } from './repository.ts';
import { ClassificationVocabularyService } from './vocabulary.ts';
import { loadClassificationVocabulary } from './vocabulary.repository.ts';
import { UntilNextWrite } from '../../platform/audit/until-next-write.ts';

export interface AssetPage {
  readonly assets: InformationAsset[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly pageSize: number;
}

export interface AssetDetails extends InformationAsset {
  readonly services: ReadonlyArray<{ id: string; reference: string; name: string }>;
  /** What the reader may change: everything (security team), the details only (the IAO), or nothing. */
  readonly mayEdit: 'all' | 'details' | 'none';
}

const EXPORT_PAGE = 5000;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InformationAssetService {
  /** The CSV import: `run(actor, { fileName, bytes, dryRun }, onProgress)`. */
  /** List counts, kept until the next write: on the embedded database a count of the whole register costs more than its page. */
  private readonly counts: UntilNextWrite;
  readonly imports: InformationAssetImport;
  /** Changes to the classification vocabulary (adding a descriptor). */
  readonly vocabularyChanges: ClassificationVocabularyService;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly config: Config,
  ) {
    this.imports = new InformationAssetImport(db, clock, audit);
    this.vocabularyChanges = new ClassificationVocabularyService(db, audit);
    this.counts = new UntilNextWrite(db, clock);
  }

  importCsv(actor: Actor, input: AssetImportInput, onProgress?: (progress: StagingProgress) => void): Promise<ImportReport> {
    return this.imports.run(actor, input, onProgress);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  private authorizeRead(actor: Actor): void {
    if (!canAnywhere(actor, 'assets.read')) authorize(actor, 'assets.read');
  }

  async vocabulary(actor: Actor): Promise<ClassificationVocabulary> {
    this.authorizeRead(actor);
    return loadClassificationVocabulary(this.db);
  }

  private async present(rows: readonly AssetRow[], vocabulary: ClassificationVocabulary, db: Executor = this.db): Promise<InformationAsset[]> {
    const owners = new Map<string, AssetOwner>();
    // recordHolders takes the ids as parameters: a few thousand at a time stays far below PostgreSQL's limit.
    for (let i = 0; i < rows.length; i += EXPORT_PAGE) {
      const holders = await new AppointmentRepository(db).recordHolders(ASSET_RECORD_TYPE, rows.slice(i, i + EXPORT_PAGE).map((r) => r.id), this.today());
      for (const [id, roles] of holders) {
        const owner = roles.get(IAO_ROLE);
        if (owner) owners.set(id, owner);
      }
    }
    return rows.map((r) => ({
      ...r,
      descriptors: r.descriptors,
      label: classificationLabel({ tier: r.classificationTier, sensitive: r.sensitive, handlingInstruction: r.handlingInstruction, descriptors: r.descriptors }, vocabulary),
      owner: owners.get(r.id) ?? null,
    }));
  }

  async list(actor: Actor, filter: AssetFilter, sort: AssetSort = 'name', page = 1, pageSize = PAGE_SIZE): Promise<AssetPage> {
    this.authorizeRead(actor);
    const repository = new InformationAssetRepository(this.db);
    const today = this.today();
    const clean = await this.cleanFilter(filter);
    const [total, vocabulary] = await Promise.all([this.counts.get(JSON.stringify(clean), () => repository.count(clean, today)), loadClassificationVocabulary(this.db)]);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const current = Math.min(Math.max(1, Math.floor(page)), pages);
    const rows = await repository.list(clean, sort, { limit: pageSize, offset: (current - 1) * pageSize }, today);
    return { assets: await this.present(rows, vocabulary), total, page: current, pages, pageSize };
  }

  /** Ids from query strings arrive unchecked; one that is not a UUID matches nothing rather than reaching SQL. */
  private async cleanFilter(filter: AssetFilter): Promise<AssetFilter> {
    const none = '00000000-0000-0000-0000-000000000000';
    const ownerRef = filter.ownerId?.trim();
    const ownerId = ownerRef === undefined ? undefined : isId(ownerRef) ? ownerRef : ((await new InformationAssetRepository(this.db).findPersonByReference(ownerRef))?.id ?? none);
    return { ...filter, ...(filter.unitId !== undefined ? { unitId: isId(filter.unitId) ? filter.unitId : none } : {}), ...(ownerId !== undefined ? { ownerId } : {}) };
  }

  private async load(id: string): Promise<AssetRow> {
    const row = await new InformationAssetRepository(this.db).findById(requireId(id, 'The information asset'));
    if (!row) throw notFound('The information asset');
    return row;
  }

  /** What the actor may change on the asset. */
  async mayEdit(actor: Actor, asset: Pick<AssetRow, 'id' | 'unitId'>): Promise<'all' | 'details' | 'none'> {
    if (can(actor, 'assets.manage', { unitId: asset.unitId })) return 'all';
    if (actor.kind === 'person' && can(actor, 'assets.edit-own', { unitId: asset.unitId }) && (await new AppointmentRepository(this.db).holdsRecordRole(actor.personId, [IAO_ROLE], ASSET_RECORD_TYPE, asset.id, this.today()))) return 'details';
    return 'none';
  }

  async get(actor: Actor, id: string): Promise<AssetDetails> {
    this.authorizeRead(actor);
    const row = await this.load(id);
    const repository = new InformationAssetRepository(this.db);
    const [vocabulary, services, mayEdit] = await Promise.all([loadClassificationVocabulary(this.db), repository.services(row.id), this.mayEdit(actor, row)]);
    const [asset] = await this.present([row], vocabulary);
    return { ...asset!, services, mayEdit };
  }

  /** The asset for its edit form: refused unless the reader may change at least its details. */
  async getForEdit(actor: Actor, id: string): Promise<AssetDetails> {
    const asset = await this.get(actor, id);
    if (asset.mayEdit === 'none') authorize(actor, 'assets.manage', { unitId: asset.unitId });
    return asset;
  }

  /** Every problem with the input at once, each naming the field to correct; or the values to store and the IAO. */
  private async checked(input: AssetInput, existing?: AssetRow & { ownerId: string | null }): Promise<{ values: Omit<AssetValues, 'reference'> & { reference: string | null }; ownerId: string }> {
    const repository = new InformationAssetRepository(this.db);
    const vocabulary = await loadClassificationVocabulary(this.db);
    const problems: FieldProblem[] = [];
    const reference = input.reference?.trim() || null;
    const name = input.name.trim();
    const description = (input.description ?? '').trim();
    const retention = (input.retention ?? '').trim();
    if (reference !== null && !REFERENCE.test(reference)) problems.push({ field: 'reference', message: 'Enter a reference of up to 40 letters, digits, dots, dashes or slashes, such as HMPPS-IA-0001, or leave it empty for one to be given' });
    else if (reference !== null && (await repository.referenceTaken(reference, existing?.id))) problems.push({ field: 'reference', message: `Another asset has the reference ${reference}: choose another` });
    if (name === '' || name.length > 200) problems.push({ field: 'name', message: 'Enter the asset’s name, up to 200 characters' });
    if (description.length > 5000) problems.push({ field: 'description', message: 'Shorten the description to 5,000 characters or fewer' });
    if (retention.length > 500) problems.push({ field: 'retention', message: 'Shorten the retention to 500 characters or fewer' });
    if (!isId(input.unitId) || !(await repository.unitExists(input.unitId))) problems.push({ field: 'unitId', message: 'Choose the unit that holds the asset' });
    const ownerRef = input.owner.trim();
    const owner = ownerRef === '' ? undefined : isId(ownerRef) ? await repository.findPerson(ownerRef) : await repository.findPersonByReference(ownerRef);
    if (ownerRef === '') problems.push({ field: 'owner', message: 'Enter the Information Asset Owner’s email address or staff number: every asset needs one' });
    else if (!owner) problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${ownerRef}` });
    else if (owner.status === 'left' && owner.id !== existing?.ownerId) problems.push({ field: 'owner', message: `${owner.display_name} has left: choose someone in post as Information Asset Owner` });
    const descriptors = [...input.descriptors];
    const classification = { tier: input.classificationTier, sensitive: input.sensitive, handlingInstruction: input.handlingInstruction || null, embargoEndsOn: input.embargoEndsOn?.trim() || null, descriptors };
    problems.push(...checkClassification(classification, vocabulary));
    if (classification.embargoEndsOn && DATE.test(classification.embargoEndsOn) && !isRealDate(classification.embargoEndsOn)) problems.push({ field: 'embargoEndsOn', message: `${classification.embargoEndsOn} is not a real date: enter it as YYYY-MM-DD` });
    if (descriptors.includes('PERSONAL DATA') && !input.personalData) problems.push({ field: 'personalData', message: 'The classification carries PERSONAL DATA: say that the asset holds personal data, or remove the descriptor' });
    const impacts = { confidentialityImpact: input.confidentialityImpact, integrityImpact: input.integrityImpact, availabilityImpact: input.availabilityImpact };
    for (const [field, value] of Object.entries(impacts)) {
      if (!(IMPACT_LEVELS as readonly string[]).includes(value)) problems.push({ field, message: `Choose the impact on ${field.replace('Impact', '')}: low, medium or high` });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const order = (code: string) => vocabulary.descriptors.findIndex((d) => d.code === code);
    return {
      ownerId: owner!.id,
      values: {
        reference,
        name,
        description,
        unitId: input.unitId,
        classificationTier: classification.tier,
        sensitive: classification.sensitive,
        handlingInstruction: classification.handlingInstruction,
        embargoEndsOn: classification.embargoEndsOn,
        descriptors: [...descriptors].sort((a, b) => order(a) - order(b)),
        confidentialityImpact: impacts.confidentialityImpact as ImpactLevel,
        integrityImpact: impacts.integrityImpact as ImpactLevel,
        availabilityImpact: impacts.availabilityImpact as ImpactLevel,
        personalData: input.personalData,
        retention,
      },
    };
  }

  async create(actor: Actor, input: AssetInput, requestId?: string): Promise<string> {
    authorize(actor, 'assets.manage', isId(input.unitId) ? { unitId: input.unitId } : {});
    const { values, ownerId } = await this.checked(input);
    const today = this.today();
    return this.audit.write(this.db, async (trx) => {
      const repository = new InformationAssetRepository(trx);
      const stored = { ...values, reference: values.reference ?? (await repository.nextReference()) };
      const id = await repository.insert(stored);
      await new AppointmentRepository(trx).setRecordHolder({ roleCode: IAO_ROLE, recordType: ASSET_RECORD_TYPE, recordId: id, personId: ownerId, today, yesterday: addDays(today, -1) });
      return { result: id, event: { actor: auditActorOf(actor), action: 'information-asset.created', recordType: ASSET_RECORD_TYPE, recordId: id, changes: { after: { ...stored, ownerId } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async update(actor: Actor, id: string, input: AssetInput, requestId?: string): Promise<void> {
    this.authorizeRead(actor);
    const row = await this.load(id);
    const may = await this.mayEdit(actor, row);
    if (may === 'none') authorize(actor, 'assets.manage', { unitId: row.unitId });
    const today = this.today();
    const holders = await new AppointmentRepository(this.db).recordHolders(ASSET_RECORD_TYPE, [row.id], today);
    const currentOwnerId = holders.get(row.id)?.get(IAO_ROLE)?.personId ?? null;
    const { values, ownerId } = await this.checked(input, { ...row, ownerId: currentOwnerId });
    if (may === 'details' && (values.unitId !== row.unitId || ownerId !== currentOwnerId)) {
      throw new AppError('forbidden', 'As its Information Asset Owner you can change this asset’s details, but only the security team can change its unit or its Information Asset Owner.');
    }
    if (values.unitId !== row.unitId) authorize(actor, 'assets.manage', { unitId: values.unitId });
    const stored: AssetValues = { ...values, reference: values.reference ?? row.reference };
    const before: AssetValues = { reference: row.reference, name: row.name, description: row.description, unitId: row.unitId, classificationTier: row.classificationTier, sensitive: row.sensitive, handlingInstruction: row.handlingInstruction, embargoEndsOn: row.embargoEndsOn, descriptors: row.descriptors, confidentialityImpact: row.confidentialityImpact, integrityImpact: row.integrityImpact, availabilityImpact: row.availabilityImpact, personalData: row.personalData, retention: row.retention };
    // Saving the form unchanged is not a change: no write, no audit event.
    if (JSON.stringify(before) === JSON.stringify(stored) && ownerId === currentOwnerId) return;
    await this.audit.write(this.db, async (trx) => {
      await new InformationAssetRepository(trx).update(id, stored, this.clock.now());
      await new AppointmentRepository(trx).setRecordHolder({ roleCode: IAO_ROLE, recordType: ASSET_RECORD_TYPE, recordId: id, personId: ownerId, today, yesterday: addDays(today, -1) });
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'information-asset.changed', recordType: ASSET_RECORD_TYPE, recordId: id, changes: { before: { ...before, ownerId: currentOwnerId }, after: { ...stored, ownerId } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** The filtered register as CSV in the import's columns (so an export can be edited and imported again); one audit event. */
  async exportCsv(actor: Actor, filter: AssetFilter, sort: AssetSort = 'name', requestId?: string): Promise<string> {
    this.authorizeRead(actor);
    const repository = new InformationAssetRepository(this.db);
    const clean = await this.cleanFilter(filter);
    const vocabulary = await loadClassificationVocabulary(this.db);
    // Sort the ids once, then read the rows a few thousand at a time: each id is a query parameter,
    // and PostgreSQL takes at most 65,535 of them.
    const ids = await repository.sortedIds(clean, sort, { limit: Number.MAX_SAFE_INTEGER, offset: 0 }, this.today());
    const assets: InformationAsset[] = [];
    for (let i = 0; i < ids.length; i += EXPORT_PAGE) assets.push(...(await this.present(await repository.findByIds(ids.slice(i, i + EXPORT_PAGE)), vocabulary)));
    const csv = toCsv(ASSET_CSV_HEADER, assets.map((a) => assetCsvRow(a, this.config.protectiveMarking)));
    await this.audit.write(this.db, async () => ({
      result: undefined,
      event: { actor: auditActorOf(actor), action: 'information-assets.exported', metadata: { rows: assets.length, format: 'csv', filter: { ...clean } }, ...(requestId ? { requestId } : {}) },
    }));
    return csv;
  }
}
