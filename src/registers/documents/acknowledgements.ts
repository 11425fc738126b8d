// Acknowledgement of documents by their audience: everyone in the document's scope, the people of a
// unit, or the holders of a role. A person acknowledges the latest published text; what they must
// have acknowledged is the latest material version, so a correction of a typo asks no one again.
import type { Selectable } from 'kysely';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { toCsv } from '../../platform/csv/write-csv.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { AcknowledgementRepository, type AudienceMember, type AudienceOf, type AudienceSetting, type DocumentToAcknowledge } from './acknowledgement.repository.ts';
import { ACKNOWLEDGEMENT_AUDIENCES, type AcknowledgementAudience, type DocumentTable } from './entity.ts';

type DocumentRow = Selectable<DocumentTable>;

export interface AudienceInput {
  /** '' for no one, or one of ACKNOWLEDGEMENT_AUDIENCES. */
  readonly audience: string;
  readonly unitId?: string;
  readonly roleCode?: string;
}

export interface AcknowledgementStatus {
  /** Who must acknowledge the document, in words; null when it asks no one. */
  readonly audienceLabel: string | null;
  /** Whether this person must acknowledge the document now. */
  readonly required: boolean;
  readonly acknowledgedVersion: number | null;
  readonly acknowledgedAt: Date | null;
  readonly versionToAcknowledge: number | null;
  readonly canSeeCoverage: boolean;
  readonly canSetAudience: boolean;
}

export interface PersonCoverage extends AudienceMember {
  readonly acknowledged: boolean;
}

export interface UnitCoverage {
  readonly unitId: string | null;
  readonly unitCode: string | null;
  readonly unitName: string;
  readonly people: number;
  readonly acknowledged: number;
  readonly outstanding: number;
  readonly percentage: number;
}

export interface Coverage {
  readonly document: { readonly id: string; readonly title: string; readonly tier: number };
  readonly audienceLabel: string | null;
  readonly versionToAcknowledge: number | null;
  readonly totals: { readonly people: number; readonly acknowledged: number; readonly outstanding: number; readonly percentage: number };
  readonly units: readonly UnitCoverage[];
  readonly people: readonly PersonCoverage[];
}

const COVERAGE_CSV_HEADER = ['Name', 'Email', 'Unit code', 'Unit', 'Status', 'Version acknowledged', 'Acknowledged at'];

// Rounded down, so a unit with anyone outstanding never shows 100%.
const percentage = (part: number, whole: number): number => (whole === 0 ? 0 : Math.floor((part * 100) / whole));

const audienceOfDocument = (document: DocumentRow): AudienceOf => ({
  documentId: document.id,
  documentUnitId: document.unit_id,
  audience: document.acknowledgement_audience,
  unitId: document.acknowledgement_unit_id,
  roleCode: document.acknowledgement_role_code,
});

export class AcknowledgementService {
  private readonly repository: AcknowledgementRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {
    this.repository = new AcknowledgementRepository(db);
  }

  async setAudience(actor: Actor, documentId: string, input: AudienceInput, requestId?: string): Promise<AudienceSetting> {
    const document = await this.findDocument(documentId);
    authorize(actor, 'documents.manage', { unitId: document.unit_id });
    const after = await this.validAudience(input);
    const before: AudienceSetting = { audience: document.acknowledgement_audience, unitId: document.acknowledgement_unit_id, roleCode: document.acknowledgement_role_code };
    // Saving the same audience again is no change: nothing written, nothing audited.
    if (before.audience === after.audience && before.unitId === after.unitId && before.roleCode === after.roleCode) return after;
    return this.audit.write(this.db, async (trx) => {
      await new AcknowledgementRepository(trx).setAudience(document.id, after, this.clock.now());
      return { result: after, event: { actor: auditActorOf(actor), action: 'document.audience-set', recordType: 'document', recordId: document.id, changes: { before: { ...before }, after: { ...after } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /** What the audience form needs: the setting as it stands and the units and roles to choose from. */
  async audienceOf(actor: Actor, documentId: string) {
    const document = await this.findDocument(documentId);
    authorize(actor, 'documents.manage', { unitId: document.unit_id });
    const [units, roles] = await Promise.all([this.repository.listUnits(), this.repository.listRoles()]);
    return {
      document,
      audience: document.acknowledgement_audience ?? '',
      unitId: document.acknowledgement_unit_id ?? '',
      roleCode: document.acknowledgement_role_code ?? '',
      audienceLabel: await this.audienceLabel(document),
      units,
      roles,
    };
  }

  /** The documents the signed-in person still has to read and acknowledge; only a person has any. */
  async toAcknowledge(actor: Actor): Promise<DocumentToAcknowledge[]> {
    authorize(actor, 'documents.read');
    if (actor.kind !== 'person') return [];
    return this.repository.toAcknowledge(actor.personId, this.today());
  }

  /** What the document page shows about acknowledgement to this actor. */
  async statusFor(actor: Actor, documentId: string): Promise<AcknowledgementStatus> {
    authorize(actor, 'documents.read');
    const document = await this.findDocument(documentId);
    const audienceLabel = await this.audienceLabel(document);
    const toAcknowledge = this.asksAnything(document) ? await this.repository.versionToAcknowledge(document.id) : undefined;
    const latest = actor.kind === 'person' ? await this.repository.latestAcknowledgement(document.id, actor.personId) : undefined;
    const inAudience = actor.kind === 'person' && toAcknowledge !== undefined && (await this.repository.audience(audienceOfDocument(document), this.today(), actor.personId)).length > 0;
    return {
      audienceLabel,
      required: inAudience && (latest?.version ?? 0) < toAcknowledge.number,
      acknowledgedVersion: latest?.version ?? null,
      acknowledgedAt: latest?.acknowledgedAt ?? null,
      versionToAcknowledge: toAcknowledge?.number ?? null,
      canSeeCoverage: can(actor, 'documents.coverage', { unitId: document.unit_id }),
      canSetAudience: can(actor, 'documents.manage', { unitId: document.unit_id }),
    };
  }

  /** The person confirms they have read the latest published text. Saying so again changes nothing. */
  async acknowledge(actor: Actor, documentId: string, requestId?: string): Promise<{ created: boolean; version: number; acknowledgedAt: Date }> {
    authorize(actor, 'documents.acknowledge');
    if (actor.kind !== 'person') throw new AppError('unauthenticated', 'Sign in as yourself to acknowledge a document.');
    const document = await this.findDocument(documentId);
    const latest = this.asksAnything(document) ? await this.repository.latestPublishedVersion(document.id) : undefined;
    if (!latest) throw new AppError('invalid_state', `${document.title} does not ask anyone to acknowledge it: there is nothing to acknowledge.`);
    const [member] = await this.repository.audience(audienceOfDocument(document), this.today(), actor.personId);
    if (!member) throw new AppError('invalid_state', `You are not in the audience of ${document.title}, so there is nothing for you to acknowledge. Ask the security team if you think you should be.`);
    if (member.acknowledgedVersion !== null && member.acknowledgedAt !== null && member.acknowledgedVersion >= latest.number) return { created: false, version: member.acknowledgedVersion, acknowledgedAt: member.acknowledgedAt };
    const now = this.clock.now();
    return this.audit.write(this.db, async (trx) => {
      // A second click racing the first finds the row there; refusing it rolls back its audit event too.
      if (!(await new AcknowledgementRepository(trx).recordAcknowledgement(document.id, latest.id, actor.personId, now))) throw new AppError('conflict', 'You have already acknowledged this document.');
      return {
        result: { created: true, version: latest.number, acknowledgedAt: now },
        event: { actor: auditActorOf(actor), action: 'document.acknowledged', recordType: 'document', recordId: document.id, metadata: { version: latest.number }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  async coverage(actor: Actor, documentId: string): Promise<Coverage> {
    const document = await this.findDocument(documentId);
    authorize(actor, 'documents.coverage', { unitId: document.unit_id });
    return this.coverageOf(this.repository, document);
  }

  /** Coverage by person as CSV. Names and emails leave the service, so the export is audited, with the rows read in the same transaction. */
  async exportCoverage(actor: Actor, documentId: string, requestId?: string): Promise<string> {
    const document = await this.findDocument(documentId);
    authorize(actor, 'documents.coverage', { unitId: document.unit_id });
    return this.audit.write(this.db, async (trx) => {
      const coverage = await this.coverageOf(new AcknowledgementRepository(trx), document);
      const csv = toCsv(
        COVERAGE_CSV_HEADER,
        coverage.people.map((p) => [p.name, p.email, p.unitCode, p.unitName, p.acknowledged ? 'Acknowledged' : 'Outstanding', p.acknowledgedVersion, p.acknowledgedAt]),
      );
      return {
        result: csv,
        event: { actor: auditActorOf(actor), action: 'document-acknowledgements.exported', recordType: 'document', recordId: document.id, metadata: { rows: coverage.people.length, format: 'csv' }, ...(requestId ? { requestId } : {}) },
      };
    });
  }

  private async coverageOf(repository: AcknowledgementRepository, document: DocumentRow): Promise<Coverage> {
    const toAcknowledge = this.asksAnything(document) ? await repository.versionToAcknowledge(document.id) : undefined;
    const members = toAcknowledge ? await repository.audience(audienceOfDocument(document), this.today()) : [];
    const people = members.map((m) => ({ ...m, acknowledged: m.acknowledgedVersion !== null && m.acknowledgedVersion >= toAcknowledge!.number }));
    const byUnit = new Map<string, { unitId: string | null; unitCode: string | null; unitName: string; people: number; acknowledged: number }>();
    for (const p of people) {
      const key = p.unitId ?? '';
      const unit = byUnit.get(key) ?? { unitId: p.unitId, unitCode: p.unitCode, unitName: p.unitName ?? 'No unit', people: 0, acknowledged: 0 };
      unit.people += 1;
      if (p.acknowledged) unit.acknowledged += 1;
      byUnit.set(key, unit);
    }
    const acknowledged = people.filter((p) => p.acknowledged).length;
    return {
      document: { id: document.id, title: document.title, tier: document.tier },
      audienceLabel: await this.audienceLabel(document, repository),
      versionToAcknowledge: toAcknowledge?.number ?? null,
      totals: { people: people.length, acknowledged, outstanding: people.length - acknowledged, percentage: percentage(acknowledged, people.length) },
      units: [...byUnit.values()].map((u) => ({ ...u, outstanding: u.people - u.acknowledged, percentage: percentage(u.acknowledged, u.people) })),
      people,
    };
  }

  private async validAudience(input: AudienceInput): Promise<AudienceSetting> {
    const audience = input.audience.trim();
    if (audience === '') return { audience: null, unitId: null, roleCode: null };
    if (!(ACKNOWLEDGEMENT_AUDIENCES as readonly string[]).includes(audience)) throw validationFailed([{ field: 'audience', message: 'Choose who must acknowledge the document, or no one' }]);
    const problems: FieldProblem[] = [];
    const unitId = input.unitId?.trim() ?? '';
    const roleCode = input.roleCode?.trim() ?? '';
    if (audience === 'unit') {
      if (unitId === '') problems.push({ field: 'unitId', message: 'Choose the unit whose people must acknowledge the document' });
      else if (!/^[0-9a-f-]{36}$/i.test(unitId) || !(await this.repository.unitName(unitId))) problems.push({ field: 'unitId', message: 'Choose a unit from the list' });
    }
    if (audience === 'role') {
      if (roleCode === '') problems.push({ field: 'roleCode', message: 'Choose the role whose holders must acknowledge the document' });
      else if (!(await this.repository.roleName(roleCode))) problems.push({ field: 'roleCode', message: 'Choose a role from the list' });
    }
    if (problems.length > 0) throw validationFailed(problems);
    return { audience: audience as AcknowledgementAudience, unitId: audience === 'unit' ? unitId : null, roleCode: audience === 'role' ? roleCode : null };
  }

  // Reads through the caller's repository: on PGlite a query outside an open transaction waits for it forever.
  private async audienceLabel(document: DocumentRow, repository = this.repository): Promise<string | null> {
    switch (document.acknowledgement_audience) {
      case 'everyone':
        return `Everyone in ${(await repository.unitName(document.unit_id))?.name ?? 'the document’s unit'} and the units below it`;
      case 'unit':
        return `Everyone in ${(await repository.unitName(document.acknowledgement_unit_id ?? document.unit_id))?.name ?? 'a unit'} and the units below it`;
      case 'role':
        return `Holders of the role ${(await repository.roleName(document.acknowledgement_role_code ?? ''))?.name ?? document.acknowledgement_role_code}`;
      default:
        return null;
    }
  }

  /** A retired document, or one without an audience, asks no one to acknowledge it. */
  private asksAnything(document: DocumentRow): boolean {
    return document.acknowledgement_audience !== null && document.status !== 'retired';
  }

  private async findDocument(id: string): Promise<DocumentRow> {
    const document = await this.repository.findDocument(requireId(id, 'The document'));
    if (!document) throw notFound('The document');
    return document;
  }

  private today(): string {
    return londonDate(this.clock.now());
  }
}
