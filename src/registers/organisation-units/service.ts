// Reading the organisation tree. Issue 03 adds editing, moving and the accountability chain.
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import { notFound } from '../../platform/http/errors.ts';
import { toOrganisationUnit, type OrganisationUnit, type OrganisationUnitNode } from './entity.ts';
import type { OrganisationUnitRepository } from './repository.ts';

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
  constructor(private readonly units: OrganisationUnitRepository) {}

  async listUnits(actor: Actor): Promise<OrganisationUnit[]> {
    authorize(actor, 'organisation.read');
    return (await this.units.listAll()).map(toOrganisationUnit);
  }

  async organisationTree(actor: Actor): Promise<OrganisationUnitNode[]> {
    return buildTree(await this.listUnits(actor));
  }

  async getUnit(actor: Actor, id: string): Promise<OrganisationUnit> {
    authorize(actor, 'organisation.read');
    const row = await this.units.findById(id);
    if (!row) throw notFound('The organisational unit');
    return toOrganisationUnit(row);
  }

  async getUnitByCode(actor: Actor, code: string): Promise<OrganisationUnit> {
    authorize(actor, 'organisation.read');
    const row = await this.units.findByCode(code.toUpperCase());
    if (!row) throw notFound(`The organisational unit with code ${code}`);
    return toOrganisationUnit(row);
  }
}
