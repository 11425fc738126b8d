import type { ColumnType, Generated } from 'kysely';

export const HOSTING = ['on-premises', 'private-cloud', 'public-cloud', 'saas', 'hybrid'] as const;
export type Hosting = (typeof HOSTING)[number];
export const HOSTING_NAMES: Record<Hosting, string> = {
  'on-premises': 'On premises',
  'private-cloud': 'Private cloud',
  'public-cloud': 'Public cloud',
  saas: 'Software as a service',
  hybrid: 'Hybrid',
};

export const CRITICALITY = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITY)[number];
export const CRITICALITY_NAMES: Record<Criticality, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** A service's stable reference, such as SVC-0001. */
export const SERVICE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;

/** The appointments that own a service, on the record (DECISIONS, Appointments). */
export const SERVICE_RECORD_TYPE = 'technology-service';
export const TSO_ROLE = 'technology-service-owner';
export const SRO_ROLE = 'senior-responsible-officer';

export interface TechnologyServiceTable {
  id: Generated<string>;
  reference: string;
  name: string;
  purpose: Generated<string>;
  unit_id: string;
  hosting: string;
  suppliers: Generated<string>;
  criticality: string;
  created_at: ColumnType<Date, Date | undefined, Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TechnologyServiceTables {
  technology_services: TechnologyServiceTable;
  service_assets: { service_id: string; asset_id: string };
  service_standards: { service_id: string; document_id: string };
}

export interface Owner {
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
}

export interface TechnologyServiceSummary {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly unitId: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly hosting: Hosting;
  readonly criticality: Criticality;
  readonly updatedAt: Date;
  /** The derived label, or null when the service has no assets yet. */
  readonly classification: string | null;
  readonly tso: Owner | null;
}

export interface ServiceAsset {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly label: string;
  readonly personalData: boolean;
}

export interface ServiceStandard {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly tier: number;
}

export interface TechnologyService extends TechnologyServiceSummary {
  readonly purpose: string;
  readonly suppliers: readonly string[];
  readonly createdAt: Date;
  readonly sro: Owner | null;
  readonly assets: readonly ServiceAsset[];
  readonly standards: readonly ServiceStandard[];
  readonly personalData: boolean;
}

/** Suppliers are kept as one comma-separated list until the suppliers register exists. */
export function splitSuppliers(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
