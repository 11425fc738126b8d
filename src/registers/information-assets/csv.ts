// The columns of the assets CSV, one definition for the import and the export, so an exported file
// can be edited and imported again.
import type { CsvSpec } from '../../platform/csv/read-csv.ts';
import type { InformationAsset } from './entity.ts';

export type AssetColumn = 'protectiveMarking' | 'reference' | 'name' | 'description' | 'unitCode' | 'owner' | 'classification' | 'embargoEndsOn' | 'confidentiality' | 'integrity' | 'availability' | 'personalData' | 'retention';

export const ASSET_CSV: CsvSpec<AssetColumn> = {
  columns: [
    // The export carries the protective marking of Custodian's data; the import ignores it.
    { name: 'protectiveMarking', label: 'protective marking', required: false, aliases: ['marking'] },
    { name: 'reference', label: 'reference', required: false, aliases: ['asset reference', 'id'] },
    { name: 'name', label: 'name', required: true, aliases: ['asset name', 'asset'] },
    { name: 'description', label: 'description', required: false },
    { name: 'unitCode', label: 'unit', required: true, aliases: ['unit code', 'unit_code', 'business unit'] },
    { name: 'owner', label: 'information asset owner', required: true, aliases: ['iao', 'owner', 'asset owner'] },
    { name: 'classification', label: 'classification', required: true, aliases: ['label', 'classification label', 'marking label'] },
    { name: 'embargoEndsOn', label: 'embargo ends on', required: false, aliases: ['embargo end', 'embargo until', 'embargo'] },
    { name: 'confidentiality', label: 'confidentiality', required: false, aliases: ['confidentiality impact'] },
    { name: 'integrity', label: 'integrity', required: false, aliases: ['integrity impact'] },
    { name: 'availability', label: 'availability', required: false, aliases: ['availability impact'] },
    { name: 'personalData', label: 'personal data', required: false, aliases: ['holds personal data'] },
    { name: 'retention', label: 'retention', required: false, aliases: ['retention period'] },
  ],
};

export const ASSET_CSV_HEADER = ASSET_CSV.columns.map((c) => c.label ?? c.name);

export function assetCsvRow(a: InformationAsset, marking: string): unknown[] {
  return [marking, a.reference, a.name, a.description, a.unitCode, a.owner?.email ?? '', a.label, a.embargoEndsOn ?? '', a.confidentialityImpact, a.integrityImpact, a.availabilityImpact, a.personalData ? 'yes' : 'no', a.retention];
}
