// The accountability chain of GovS 007, drawn from the data: for a unit, who is accountable at each
// level up to the Prime Minister, with the delegation at each step; and the gaps in it. Pure
// functions over the organisation tree and its appointments, so the rules are tested as tables.
import type { OrganisationUnit } from '../organisation-units/entity.ts';
import { inForce, ROLE, type AccountableRole, type Appointment, type Holder } from './entity.ts';

/** The chain needs only what the organisation register already says about a unit. */
export type ChainUnit = OrganisationUnit;

export interface ChainPost {
  readonly roleCode: string;
  readonly roleName: string;
  readonly holders: ReadonlyArray<{ holder: Holder; deputy: Holder | null; endsOn: string | null; illustrative: boolean }>;
}

export interface ChainLevel {
  readonly kind: 'unit' | 'external';
  readonly unit: ChainUnit | null;
  readonly title: string;
  readonly delegation: string;
  readonly posts: readonly ChainPost[];
}

export type GapKind = 'no-accounting-officer' | 'no-security-board-member' | 'ended-without-successor' | 'deputy-left' | 'holder-left';

export interface Gap {
  readonly kind: GapKind;
  readonly unitId: string | null;
  readonly roleCode: string;
  readonly message: string;
}

export interface OrganisationPicture {
  readonly units: readonly ChainUnit[];
  /** Every appointment to a unit or outside the department (not those to records), in force or not. */
  readonly appointments: readonly Appointment[];
  readonly roles: readonly AccountableRole[];
  readonly today: string;
}

const UNIT_POSTS_WITH_OWN_AO = [ROLE.accountingOfficer, ROLE.securityBoardMember, ROLE.siro, ROLE.informationAssuranceLead];
const UNIT_POSTS = [ROLE.siro, ROLE.informationAssuranceLead];
const DEPARTMENT_POSTS = [ROLE.permanentSecretary, ROLE.accountingOfficer, ROLE.securityBoardMember, ROLE.chiefSecurityOfficer, ROLE.cyberMinister, ROLE.siro, ROLE.dataProtectionOfficer, ROLE.informationAssuranceLead];

export function roleName(roles: readonly AccountableRole[], code: string): string {
  return roles.find((r) => r.code === code)?.name ?? code;
}

/** The units from `unitId` up to the top, nearest first. A cycle in the data ends the walk instead of looping. */
export function ancestry(units: readonly ChainUnit[], unitId: string): ChainUnit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: ChainUnit[] = [];
  const seen = new Set<string>();
  for (let u = byId.get(unitId); u && !seen.has(u.id); u = u.parentId ? byId.get(u.parentId) : undefined) {
    seen.add(u.id);
    path.push(u);
  }
  return path;
}

function postsAt(picture: OrganisationPicture, unitId: string | null, roleCodes: readonly string[]): ChainPost[] {
  return roleCodes.map((roleCode) => ({
    roleCode,
    roleName: roleName(picture.roles, roleCode),
    holders: picture.appointments
      .filter((a) => a.roleCode === roleCode && a.unitId === unitId && inForce(a, picture.today))
      .map((a) => ({ holder: a.holder, deputy: a.deputy, endsOn: a.endsOn, illustrative: a.illustrative })),
  }));
}

export function accountabilityChain(picture: OrganisationPicture, unitId: string): ChainLevel[] {
  const path = ancestry(picture.units, unitId);
  const levels: ChainLevel[] = [];
  for (const [index, unit] of path.entries()) {
    const parent = path[index + 1];
    const isTop = parent === undefined;
    if (isTop) {
      levels.push({
        kind: 'unit',
        unit,
        title: unit.name,
        delegation: `The ${roleName(picture.roles, ROLE.permanentSecretary)}, as Principal Accounting Officer, is accountable to the ${roleName(picture.roles, ROLE.cabinetSecretary)} for the department’s security. The ${roleName(picture.roles, ROLE.securityBoardMember).toLowerCase()} and the ${roleName(picture.roles, ROLE.chiefSecurityOfficer)} carry it on the board and day to day.`,
        posts: postsAt(picture, unit.id, DEPARTMENT_POSTS),
      });
    } else if (unit.hasOwnAccountingOfficer) {
      levels.push({
        kind: 'unit',
        unit,
        title: unit.name,
        delegation: `${unit.name} has its own ${roleName(picture.roles, ROLE.accountingOfficer)}, accountable to the Principal Accounting Officer of ${path[path.length - 1]!.name}, and appoints its own ${roleName(picture.roles, ROLE.securityBoardMember).toLowerCase()}.`,
        posts: postsAt(picture, unit.id, UNIT_POSTS_WITH_OWN_AO),
      });
    } else {
      levels.push({
        kind: 'unit',
        unit,
        title: unit.name,
        delegation: `Part of ${parent.name}: accountability passes up to it.`,
        posts: postsAt(picture, unit.id, UNIT_POSTS),
      });
    }
  }
  levels.push({
    kind: 'external',
    unit: null,
    title: roleName(picture.roles, ROLE.cabinetSecretary),
    delegation: `Accountable to the ${roleName(picture.roles, ROLE.primeMinister)}, and delegates accountability for security to Accounting Officers and Permanent Secretaries (GovS 007).`,
    posts: postsAt(picture, null, [ROLE.cabinetSecretary]),
  });
  levels.push({
    kind: 'external',
    unit: null,
    title: roleName(picture.roles, ROLE.primeMinister),
    delegation: 'Ultimately responsible for the security of His Majesty’s Government, and delegates accountability to the Cabinet Secretary (GovS 007).',
    posts: postsAt(picture, null, [ROLE.primeMinister]),
  });
  return levels;
}

/** Every gap in the accountability data, across the whole organisation. */
export function findGaps(picture: OrganisationPicture): Gap[] {
  const { units, appointments, roles, today } = picture;
  const gaps: Gap[] = [];
  const current = appointments.filter((a) => inForce(a, today));
  const holds = (roleCodes: readonly string[], unitId: string) => current.some((a) => roleCodes.includes(a.roleCode) && a.unitId === unitId);
  const unitName = (id: string | null) => units.find((u) => u.id === id)?.name ?? 'the department';

  for (const unit of units) {
    if (!unit.hasOwnAccountingOfficer) continue;
    const isTop = unit.parentId === null;
    const officerRoles = isTop ? [ROLE.accountingOfficer, ROLE.permanentSecretary] : [ROLE.accountingOfficer];
    if (!holds(officerRoles, unit.id)) {
      gaps.push({ kind: 'no-accounting-officer', unitId: unit.id, roleCode: ROLE.accountingOfficer, message: `${unit.name} has its own ${roleName(roles, ROLE.accountingOfficer)}, but none is appointed.` });
    }
    if (!holds([ROLE.securityBoardMember], unit.id)) {
      gaps.push({ kind: 'no-security-board-member', unitId: unit.id, roleCode: ROLE.securityBoardMember, message: `${unit.name} has its own ${roleName(roles, ROLE.accountingOfficer)} but no ${roleName(roles, ROLE.securityBoardMember).toLowerCase()}.` });
    }
  }

  // An appointment that has ended leaves a gap unless someone holds the same role there now.
  const ended = new Map<string, Appointment>();
  for (const a of appointments) {
    if (a.endsOn === null || a.endsOn >= today) continue;
    const key = `${a.roleCode}|${a.unitId ?? ''}`;
    const latest = ended.get(key);
    if (!latest || (latest.endsOn ?? '') < a.endsOn) ended.set(key, a);
  }
  for (const a of ended.values()) {
    if (current.some((c) => c.roleCode === a.roleCode && c.unitId === a.unitId)) continue;
    gaps.push({ kind: 'ended-without-successor', unitId: a.unitId, roleCode: a.roleCode, message: `${a.holder.name}’s appointment as ${roleName(roles, a.roleCode)} of ${unitName(a.unitId)} ended on ${a.endsOn}, and no one has succeeded them.` });
  }

  for (const a of current) {
    if (a.holder.status === 'left') {
      gaps.push({ kind: 'holder-left', unitId: a.unitId, roleCode: a.roleCode, message: `${a.holder.name} has left but is still appointed ${roleName(roles, a.roleCode)} of ${unitName(a.unitId)}.` });
    }
    if (a.deputy?.status === 'left') {
      gaps.push({ kind: 'deputy-left', unitId: a.unitId, roleCode: a.roleCode, message: `The deputy ${roleName(roles, a.roleCode)} of ${unitName(a.unitId)}, ${a.deputy.name}, has left.` });
    }
  }
  return gaps;
}

export interface AnnexARow {
  readonly unit: ChainUnit;
  readonly accountingOfficers: readonly Holder[];
  readonly securityBoardMembers: readonly Holder[];
  readonly gaps: readonly Gap[];
}

/** Annex A: every body below the department with its own Accounting Officer, with its officer and security board member. */
export function annexA(picture: OrganisationPicture): AnnexARow[] {
  const gaps = findGaps(picture);
  const current = picture.appointments.filter((a) => inForce(a, picture.today));
  return picture.units
    .filter((u) => u.hasOwnAccountingOfficer && u.parentId !== null)
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((unit) => ({
      unit,
      accountingOfficers: current.filter((a) => a.unitId === unit.id && a.roleCode === ROLE.accountingOfficer).map((a) => a.holder),
      securityBoardMembers: current.filter((a) => a.unitId === unit.id && a.roleCode === ROLE.securityBoardMember).map((a) => a.holder),
      gaps: gaps.filter((g) => g.unitId === unit.id && (g.roleCode === ROLE.accountingOfficer || g.roleCode === ROLE.securityBoardMember)),
    }));
}

/** The nearest Information Assurance Lead for a unit, walking up the tree (the policy's "Keeping control"). */
export function nearestHolder(picture: OrganisationPicture, unitId: string, roleCode: string): { unit: ChainUnit; holder: Holder } | undefined {
  for (const unit of ancestry(picture.units, unitId)) {
    const found = picture.appointments.find((a) => a.roleCode === roleCode && a.unitId === unit.id && inForce(a, picture.today) && a.holder.status !== 'left');
    if (found) return { unit, holder: found.holder };
  }
  return undefined;
}
