import type { ColumnType, Generated } from 'kysely';

export interface AccountableRoleTable {
  code: string;
  name: string;
  aliases: ColumnType<string[], string, string>;
  scope: 'unit' | 'record' | 'external';
  description: string;
  sort_order: number;
}

export interface AppointmentTable {
  id: Generated<string>;
  role_code: string;
  person_id: string | null;
  holder_name: string | null;
  unit_id: string | null;
  record_type: string | null;
  record_id: string | null;
  starts_on: string;
  ends_on: string | null;
  deputy_person_id: string | null;
  illustrative: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AppointmentTables {
  accountable_roles: AccountableRoleTable;
  appointments: AppointmentTable;
}

export interface AccountableRole {
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly scope: 'unit' | 'record' | 'external';
  readonly description: string;
}

/** The roles the chain and Annex A rely on, by code; their names are data. */
export const ROLE = {
  primeMinister: 'prime-minister',
  cabinetSecretary: 'cabinet-secretary',
  permanentSecretary: 'permanent-secretary',
  accountingOfficer: 'accounting-officer',
  securityBoardMember: 'security-board-member',
  chiefSecurityOfficer: 'chief-security-officer',
  cyberMinister: 'cyber-minister',
  siro: 'siro',
  dataProtectionOfficer: 'data-protection-officer',
  informationAssuranceLead: 'information-assurance-lead',
} as const;

export interface Holder {
  readonly personId: string | null;
  readonly name: string;
  readonly email: string | null;
  readonly status: 'active' | 'left' | null;
}

export interface Appointment {
  readonly id: string;
  readonly roleCode: string;
  readonly holder: Holder;
  readonly unitId: string | null;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly deputy: Holder | null;
  readonly illustrative: boolean;
}

/** In force on a calendar date: started, and not yet ended (an appointment ending today still holds today). */
export function inForce(appointment: Pick<Appointment, 'startsOn' | 'endsOn'>, today: string): boolean {
  return appointment.startsOn <= today && (appointment.endsOn === null || appointment.endsOn >= today);
}
