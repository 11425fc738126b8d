// The control catalogue and baselines, and what a technology service needs of them. Implementations
// and their evidence are in implementations.ts, their CSV import in import.ts.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../../platform/clock.ts';
import { notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { serviceProfiles } from '../technology-services/classification.repository.ts';
import { canRecordImplementation } from './access.ts';
import { conditionsInWords, requiredControls } from './baselines.ts';
import { CONTROL_KINDS, CRITICALITIES, type Baseline, type Control, type ControlKind, type Criticality } from './entity.ts';
import { ImplementationRepository } from './implementation.repository.ts';
import { ControlImplementationService } from './implementations.ts';
import { ControlImplementationImport } from './import.ts';
import { ControlRepository, type BaselineValues, type ControlFilter, type ControlValues } from './repository.ts';

export const CONTROLS_PAGE_SIZE = 50;
const CODE = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;

/** The controls a technology service needs (from baselines) and has, for the service's page. */
export interface ServiceControls {
  readonly required: ReadonlyArray<{ readonly controlId: string; readonly code: string; readonly title: string; readonly kind: string; readonly baselines: readonly string[]; readonly implementation: { readonly id: string; readonly status: string; readonly ownerName: string | null; readonly date: string | null; readonly evidence: number } | null }>;
  /** Implementations recorded for controls no baseline requires of the service. */
  readonly additional: ReadonlyArray<{ readonly controlId: string; readonly code: string; readonly title: string; readonly implementation: { readonly id: string; readonly status: string } }>;
  readonly canRecord: boolean;
}

export interface ControlInput {
  readonly code: string;
  readonly title: string;
  readonly kind: string;
  readonly description?: string;
  /** The owner's email or staff number; empty for none. */
  readonly owner?: string | null;
  /** Requirement keys, such as SISP-007. */
  readonly requirementKeys: readonly string[];
}

export interface BaselineInput {
  readonly code: string;
  readonly name: string;
  readonly description?: string;
  /** A tier code (OFFICIAL), or null for any. */
  readonly minTier: string | null;
  readonly requiresSensitive: boolean | null;
  readonly requiresPersonalData: boolean | null;
  readonly descriptor: string | null;
  readonly minCriticality: string | null;
  readonly controlCodes: readonly string[];
}

/** Splits a form's comma- or space-separated list of codes or keys. */
export function splitList(value: string | undefined | null): string[] {
  return [...new Set((value ?? '').split(/[\s,;]+/).map((v) => v.trim().toUpperCase()).filter((v) => v !== ''))];
}

export class ControlService {
  readonly implementations: ControlImplementationService;
  readonly implementationImport: ControlImplementationImport;
  private readonly repository: ControlRepository;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly audit: AuditTrail,
    readonly config: Config,
  ) {
    this.repository = new ControlRepository(db);
    this.implementations = new ControlImplementationService(db, clock, audit, config);
    this.implementationImport = new ControlImplementationImport(db, clock, audit);
  }

  private today(): string {
    return londonDate(this.clock.now());
  }

  async list(actor: Actor, filter: ControlFilter, page: number) {
    authorize(actor, 'controls.read');
    const current = Math.max(1, Math.floor(page));
    const { controls, total } = await this.repository.listControls(filter, { limit: CONTROLS_PAGE_SIZE, offset: (current - 1) * CONTROLS_PAGE_SIZE });
    return { controls, total, page: current, pages: Math.max(1, Math.ceil(total / CONTROLS_PAGE_SIZE)) };
  }

  async get(actor: Actor, id: string): Promise<Control> {
    authorize(actor, 'controls.read');
    const control = await this.repository.findControl(requireId(id, 'The control'));
    if (!control) throw notFound('The control');
    return control;
  }

  async statusCounts(actor: Actor, id: string): Promise<Record<string, number>> {
    authorize(actor, 'controls.read');
    return this.repository.statusCounts(requireId(id, 'The control'));
  }

  private async checkedControl(input: ControlInput, existing?: Control): Promise<ControlValues> {
    const problems: FieldProblem[] = [];
    const code = input.code.trim().toUpperCase();
    const title = input.title.trim();
    if (!CODE.test(code)) problems.push({ field: 'code', message: 'Enter a code of capital letters, digits and hyphens, such as CTL-ACC-01' });
    else {
      const holder = await this.repository.controlIdByCode(code);
      if (holder && holder !== existing?.id) problems.push({ field: 'code', message: `${code} is the code of another control: choose another` });
    }
    if (title === '') problems.push({ field: 'title', message: 'Enter the control’s title' });
    if (title.length > 200) problems.push({ field: 'title', message: 'The title must be 200 characters or fewer' });
    if (!(CONTROL_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: 'Choose whether it is a people, process or technology control' });
    const owner = input.owner?.trim() ? await this.repository.findPerson(input.owner) : undefined;
    if (input.owner?.trim() && !owner) problems.push({ field: 'owner', message: `No one in the people register has the email or staff number ${input.owner.trim()}` });
    const keys = [...new Set(input.requirementKeys.map((k) => k.trim().toUpperCase()).filter((k) => k !== ''))];
    const found = await this.repository.requirementsByKeys(keys);
    const unknown = keys.filter((k) => !found.some((r) => r.key === k));
    // A requirement that retired while linked may stay linked; a retired one cannot be newly cited.
    const retired = found.filter((r) => r.status === 'retired' && !existing?.requirements.some((e) => e.id === r.id)).map((r) => r.key);
    if (unknown.length > 0) problems.push({ field: 'requirements', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a requirement key' : 'are not requirement keys'}: check the keys in the policy library, such as SISP-007` });
    if (retired.length > 0) problems.push({ field: 'requirements', message: `${retired.join(', ')} ${retired.length === 1 ? 'is retired' : 'are retired'}: its statement is no longer in force, so cite the requirement that replaced it` });
    if (problems.length > 0) throw validationFailed(problems);
    return { code, title, kind: input.kind as ControlKind, description: input.description?.trim() ?? '', ownerPersonId: owner?.id ?? null, requirementIds: found.map((r) => r.id) };
  }

  async create(actor: Actor, input: ControlInput, requestId?: string): Promise<string> {
    authorize(actor, 'controls.manage');
    const values = await this.checkedControl(input);
    return this.audit.write(this.db, async (trx) => {
      const id = await new ControlRepository(trx).insertControl(values);
      return { result: id, event: { actor: auditActorOf(actor), action: 'control.created', recordType: 'control', recordId: id, changes: { after: { ...values, requirementKeys: input.requirementKeys } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async update(actor: Actor, id: string, input: ControlInput, requestId?: string): Promise<void> {
    authorize(actor, 'controls.manage');
    const before = await this.get(actor, id);
    const values = await this.checkedControl(input, before);
    await this.audit.write(this.db, async (trx) => {
      await new ControlRepository(trx).updateControl(before.id, values, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'control.changed', recordType: 'control', recordId: before.id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async baselines(actor: Actor): Promise<Array<Baseline & { conditions: string }>> {
    authorize(actor, 'controls.read');
    const [baselines, tiers] = await Promise.all([this.repository.listBaselines(), this.repository.tiers()]);
    const tierName = (rank: number) => tiers.find((t) => t.rank === rank)?.code ?? `rank ${rank}`;
    return baselines.map((b) => ({ ...b, conditions: conditionsInWords(b, tierName) }));
  }

  async baseline(actor: Actor, id: string): Promise<Baseline> {
    authorize(actor, 'controls.read');
    const baseline = await this.repository.findBaseline(requireId(id, 'The baseline'));
    if (!baseline) throw notFound('The baseline');
    return baseline;
  }

  /** The vocabulary a baseline's conditions choose from. */
  async baselineVocabulary(actor: Actor) {
    authorize(actor, 'controls.read');
    const [tiers, descriptors] = await Promise.all([this.repository.tiers(), this.repository.descriptors()]);
    return { tiers, descriptors, criticalities: CRITICALITIES };
  }

  private async checkedBaseline(input: BaselineInput, existingId?: string): Promise<BaselineValues> {
    const problems: FieldProblem[] = [];
    const code = input.code.trim().toUpperCase();
    const name = input.name.trim();
    if (!CODE.test(code)) problems.push({ field: 'code', message: 'Enter a code of capital letters, digits and hyphens, such as BL-OS-PD' });
    else {
      const holder = await this.repository.baselineIdByCode(code);
      if (holder && holder !== existingId) problems.push({ field: 'code', message: `${code} is the code of another baseline: choose another` });
    }
    if (name === '') problems.push({ field: 'name', message: 'Enter the baseline’s name' });
    const { tiers, descriptors } = await this.baselineVocabulary({ kind: 'system', name: 'baseline check' });
    const tier = input.minTier ? tiers.find((t) => t.code === input.minTier) : undefined;
    if (input.minTier && !tier) problems.push({ field: 'minTier', message: `Choose a classification: ${tiers.map((t) => t.code).join(', ')}, or any` });
    if (input.descriptor && !descriptors.some((d) => d.code === input.descriptor)) problems.push({ field: 'descriptor', message: `Choose a descriptor: ${descriptors.map((d) => d.code).join(', ')}, or any` });
    if (input.minCriticality && !(CRITICALITIES as readonly string[]).includes(input.minCriticality)) problems.push({ field: 'minCriticality', message: 'Choose a criticality: low, medium, high, critical, or any' });
    const codes = [...new Set(input.controlCodes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
    const controls = await this.repository.controlsByCodes(codes);
    const unknown = codes.filter((c) => !controls.some((k) => k.code === c));
    if (codes.length === 0) problems.push({ field: 'controls', message: 'Enter the codes of the controls the baseline requires, such as CTL-ACC-01' });
    if (unknown.length > 0) problems.push({ field: 'controls', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not the code of a control' : 'are not codes of controls'}: check the control catalogue` });
    if (problems.length > 0) throw validationFailed(problems);
    return {
      code,
      name,
      description: input.description?.trim() ?? '',
      minTierRank: tier?.rank ?? null,
      requiresSensitive: input.requiresSensitive,
      requiresPersonalData: input.requiresPersonalData,
      descriptor: input.descriptor || null,
      minCriticality: (input.minCriticality || null) as Criticality | null,
      controlIds: controls.map((c) => c.id),
    };
  }

  async createBaseline(actor: Actor, input: BaselineInput, requestId?: string): Promise<string> {
    authorize(actor, 'controls.manage');
    const values = await this.checkedBaseline(input);
    return this.audit.write(this.db, async (trx) => {
      const id = await new ControlRepository(trx).insertBaseline(values);
      return { result: id, event: { actor: auditActorOf(actor), action: 'baseline.created', recordType: 'baseline', recordId: id, changes: { after: { ...values, controlCodes: input.controlCodes } }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async updateBaseline(actor: Actor, id: string, input: BaselineInput, requestId?: string): Promise<void> {
    authorize(actor, 'controls.manage');
    const before = await this.baseline(actor, id);
    const values = await this.checkedBaseline(input, before.id);
    await this.audit.write(this.db, async (trx) => {
      await new ControlRepository(trx).updateBaseline(before.id, values, this.clock.now());
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'baseline.changed', recordType: 'baseline', recordId: before.id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  /**
   * The controls a service must have (the union of the baselines its profile meets) and what is
   * recorded for them. A people or process control implemented for the service's unit, or a unit
   * above it, counts for the service when the service has none of its own.
   */
  async forService(actor: Actor, serviceId: string): Promise<ServiceControls> {
    const implementations = new ImplementationRepository(this.db);
    const service = await implementations.findService(requireId(serviceId, 'The technology service'));
    if (!service) throw notFound('The technology service');
    authorize(actor, 'controls.read', { unitId: service.unitId });
    const today = this.today();
    const [profiles, baselines, tiers, units] = await Promise.all([serviceProfiles(this.db, [service.id]), this.repository.listBaselines(), this.repository.tiers(), implementations.unitAndAncestors(service.unitId)]);
    const profile = profiles.get(service.id);
    const required = requiredControls(baselines, {
      tierRank: profile?.derived.tier ? (tiers.find((t) => t.code === profile.derived.tier)?.rank ?? null) : null,
      sensitive: profile?.derived.sensitive ?? false,
      personalData: profile?.personalData ?? false,
      descriptors: profile?.derived.descriptors ?? [],
      criticality: profile?.criticality ?? null,
    });
    const recorded = await implementations.forServiceAndUnits(service.id, units, today);
    const implementationOf = (controlId: string) =>
      recorded.find((i) => i.controlId === controlId && i.serviceId === service.id) ??
      units.map((u) => recorded.find((i) => i.controlId === controlId && i.unitId === u && i.controlKind !== 'technology')).find((i) => i !== undefined);
    return {
      required: [...required.values()]
        .sort((a, b) => a.control.code.localeCompare(b.control.code))
        .map(({ control, baselines: names }) => {
          const i = implementationOf(control.id);
          return { controlId: control.id, code: control.code, title: control.title, kind: control.kind, baselines: names, implementation: i ? { id: i.id, status: i.status, ownerName: i.ownerName, date: i.statusOn, evidence: i.evidence } : null };
        }),
      additional: recorded
        .filter((i) => i.serviceId === service.id && !required.has(i.controlId))
        .sort((a, b) => a.controlCode.localeCompare(b.controlCode))
        .map((i) => ({ controlId: i.controlId, code: i.controlCode, title: i.controlTitle, implementation: { id: i.id, status: i.status } })),
      canRecord: await canRecordImplementation(this.db, actor, { serviceId: service.id, unitId: service.unitId }, today),
    };
  }
}
