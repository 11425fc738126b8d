// The organisation tree: reading it, and creating, renaming and moving units. A move that would put
// a unit under itself or one of its own units is refused.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { AppError, notFound, requireId, validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { toOrganisationUnit, type OrganisationUnit, type OrganisationUnitNode } from './entity.ts';
import type { OrganisationUnitRepository } from './repository.ts';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

export interface UnitInput {
  readonly code: string;
  readonly name: string;
  readonly unitType: string;
  readonly parentId: string | null;
  readonly hasOwnAccountingOfficer: boolean;
}

export function buildTree(units: readonly OrganisationUnit[]): OrganisationUnitNode[] {
  const nodes = new Map<string, OrganisationUnitNode>(units.map((u) => [u.id, { ...u, children: [] }]));
  const roots: OrganisationUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export class OrganisationUnitService {
  constructor(
    private readonly db: Db,
    private readonly units: OrganisationUnitRepository,
    private readonly audit: AuditTrail,
  ) {}

  async listUnits(actor: Actor): Promise<OrganisationUnit[]> {
    authorize(actor, 'organisation.read');
    return (await this.units.listAll()).map(toOrganisationUnit);
  }

  async organisationTree(actor: Actor): Promise<OrganisationUnitNode[]> {
    return buildTree(await this.listUnits(actor));
  }

  async getUnit(actor: Actor, id: string): Promise<OrganisationUnit> {
    authorize(actor, 'organisation.read');
    const row = await this.units.findById(requireId(id, 'The organisational unit'));
    if (!row) throw notFound('The organisational unit');
    return toOrganisationUnit(row);
  }

  async getUnitByCode(actor: Actor, code: string): Promise<OrganisationUnit> {
    authorize(actor, 'organisation.read');
    const row = await this.units.findByCode(code.toUpperCase());
    if (!row) throw notFound(`The organisational unit with code ${code}`);
    return toOrganisationUnit(row);
  }

  unitTypes(actor: Actor) {
    authorize(actor, 'organisation.read');
    return this.units.unitTypes();
  }

  private async checked(input: UnitInput, existingId?: string): Promise<UnitInput> {
    const problems: FieldProblem[] = [];
    const code = input.code.trim().toUpperCase();
    const name = input.name.trim();
    if (!CODE.test(code)) problems.push({ field: 'code', message: 'Enter a code of up to 32 capital letters, digits, hyphens or underscores, such as HMPPS' });
    else {
      const holder = await this.units.findByCode(code);
      if (holder && holder.id !== existingId) problems.push({ field: 'code', message: `The code ${code} is already used by ${holder.name}` });
    }
    if (name === '' || name.length > 200) problems.push({ field: 'name', message: 'Enter the unit’s name, up to 200 characters' });
    if (!(await this.units.unitTypes()).some((t) => t.code === input.unitType)) problems.push({ field: 'unitType', message: 'Choose the kind of unit' });
    if (input.parentId) {
      if (!(await this.units.findById(requireId(input.parentId, 'The parent unit')))) problems.push({ field: 'parentId', message: 'Choose a unit from the list' });
      else if (existingId && (input.parentId === existingId || (await this.units.ancestorIds(input.parentId)).includes(existingId))) {
        problems.push({ field: 'parentId', message: 'A unit cannot be placed under itself or under one of its own units' });
      }
    } else if (!existingId || (await this.units.findById(existingId))?.parent_id !== null) {
      problems.push({ field: 'parentId', message: 'Choose the unit this one is part of: only the department itself is at the top' });
    }
    if (problems.length > 0) throw validationFailed(problems);
    return { ...input, code, name };
  }

  async createUnit(actor: Actor, input: UnitInput, requestId?: string): Promise<OrganisationUnit> {
    authorize(actor, 'organisation.manage', { unitId: input.parentId });
    const values = await this.checked(input);
    return this.audit.write(this.db, async (trx) => {
      const row = await this.units.withExecutor(trx).insert({ code: values.code, name: values.name, unit_type: values.unitType, parent_id: values.parentId, has_own_accounting_officer: values.hasOwnAccountingOfficer });
      return { result: toOrganisationUnit(row), event: { actor: auditActorOf(actor), action: 'organisation-unit.created', recordType: 'organisation-unit', recordId: row.id, changes: { after: values }, ...(requestId ? { requestId } : {}) } };
    });
  }

  async updateUnit(actor: Actor, id: string, input: UnitInput, requestId?: string): Promise<OrganisationUnit> {
    const before = await this.getUnit(actor, id);
    authorize(actor, 'organisation.manage', { unitId: before.id });
    if (input.parentId !== before.parentId) authorize(actor, 'organisation.manage', { unitId: input.parentId });
    const values = await this.checked(input, id);
    return this.audit.write(this.db, async (trx) => {
      const repo = this.units.withExecutor(trx);
      // Serialise moves: two concurrent moves could each pass the cycle check and together make a loop.
      await repo.lockTree();
      if (values.parentId && (await repo.ancestorIds(values.parentId)).includes(id)) throw new AppError('conflict', 'The tree changed while you were editing: a unit cannot be placed under one of its own units.');
      const row = await repo.update(id, { code: values.code, name: values.name, unit_type: values.unitType, parent_id: values.parentId, has_own_accounting_officer: values.hasOwnAccountingOfficer });
      return {
        result: toOrganisationUnit(row),
        event: { actor: auditActorOf(actor), action: before.parentId !== values.parentId ? 'organisation-unit.moved' : 'organisation-unit.changed', recordType: 'organisation-unit', recordId: id, changes: { before, after: values }, ...(requestId ? { requestId } : {}) },
      };
    });
  }
}
