// Where a finding's record is found: each register's page address by the record type the rules and
// the audit trail name it by. A type with no page of its own gets no link (the label still says what it is).
export interface LinkedRecord {
  readonly recordType: string;
  readonly recordId: string;
  /** The record's code, for registers whose pages are found by code (organisational units). */
  readonly recordCode?: string | null;
}

const BY_ID: Readonly<Record<string, string>> = {
  'information-asset': '/information-assets/',
  'technology-service': '/technology-services/',
  supplier: '/suppliers/',
  'supplier-assessment': '/supplier-assessments/',
  risk: '/risks/',
  'requirement-exception': '/risk-exceptions/',
  document: '/library/',
  'continuity-plan': '/continuity/',
  incident: '/incidents/',
  person: '/people/',
  action: '/actions/',
  control: '/controls/',
  'control-implementation': '/control-implementations/',
};

/** The record's page, or null when its register has none. Training findings name people: their training page is the evidence. */
export function recordHref(record: LinkedRecord, register?: string): string | null {
  if (record.recordType === 'organisation-unit') return record.recordCode ? `/organisation/${encodeURIComponent(record.recordCode)}` : null;
  if (record.recordType === 'person' && register === 'training') return `/training/people/${record.recordId}`;
  const prefix = BY_ID[record.recordType];
  return prefix ? `${prefix}${record.recordId}` : null;
}

export const RECORD_TYPE_NAMES: Readonly<Record<string, string>> = {
  'information-asset': 'Information asset',
  'technology-service': 'Technology service',
  supplier: 'Supplier',
  'supplier-assessment': 'Supplier assessment',
  risk: 'Risk',
  'requirement-exception': 'Exception',
  document: 'Document',
  'continuity-plan': 'Continuity plan',
  incident: 'Incident',
  person: 'Person',
  action: 'Action',
  control: 'Control',
  'control-implementation': 'Control implementation',
  'organisation-unit': 'Organisational unit',
};

export const recordTypeName = (type: string): string => RECORD_TYPE_NAMES[type] ?? type.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
