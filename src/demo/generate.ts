// Generates a department from a seed: the unit tree, and the rows of each register as the CSV files a
// department would import (people, training, assets, services, suppliers) or as rows for the registers
// loaded directly (risks, incidents). Pure: nothing here touches a database, so the same seed and day
// give identical output (what the determinism test checks).
import { seededRandom, type Random } from './random.ts';
import type { Scale } from './scales.ts';
import { AGENCY_NAMES, AREA_NAMES, ASSET_NOUNS, CLASSIFICATIONS, FIRST_NAMES, INCIDENT_TITLES, JOB_TITLES, LAST_NAMES, RISK_THREATS, SERVICE_NOUNS, SUPPLIER_WORDS } from './names.ts';

export interface DemoUnit {
  readonly code: string;
  readonly name: string;
  readonly unitType: 'department' | 'executive_agency' | 'business_area';
  readonly parentCode: string | null;
}

export interface DemoRisk {
  readonly reference: string;
  readonly title: string;
  readonly unitCode: string;
  readonly ownerStaffNumber: string;
  readonly inherent: readonly [number, number];
  readonly residual: readonly [number, number];
  readonly treatment: 'reduce' | 'accept' | 'transfer' | 'avoid';
  /** Accepted by the unit's head, with an acceptance in force until this day; null when not accepted. */
  readonly acceptedUntil: string | null;
  readonly reviewOn: string;
}

export interface DemoIncident {
  readonly reference: string;
  readonly title: string;
  readonly unitCode: string;
  readonly reporterStaffNumber: string;
  readonly handlerStaffNumber: string;
  readonly occurredAt: string;
  readonly reportedAt: string;
  readonly kind: 'incident' | 'near-miss';
  readonly personalData: 'yes' | 'no' | 'not-sure';
  readonly stage: 'reported' | 'triaged' | 'contained' | 'closed';
  readonly category: 'confidentiality' | 'integrity' | 'availability';
  readonly typeCode: string;
  readonly severityCode: string;
  readonly triagedAt: string | null;
  readonly closedAt: string | null;
  /** Lessons learned and a corrective action recorded (most closed incidents; the rest are findings). */
  readonly lessonsRecorded: boolean;
}

export interface Department {
  readonly units: readonly DemoUnit[];
  readonly peopleCsv: string;
  readonly trainingCsv: string;
  readonly assetsCsv: string;
  readonly servicesCsv: string;
  readonly suppliersCsv: string;
  readonly risks: readonly DemoRisk[];
  readonly incidents: readonly DemoIncident[];
}

/** Training courses the generated completions name (the import needs them in the catalogue first). */
export const DEMO_COURSES = [
  { code: 'SEC-ANNUAL', title: 'Responsible for information', audience: 'everyone', validityMonths: 12 },
  { code: 'IAO', title: 'Information Asset Owner', audience: 'appointment', roleCode: 'information-asset-owner', validityMonths: 24 },
] as const;

/** Team size under each manager: people form a tree of eight within their unit. */
const SPAN = 8;
const DAY = 86_400_000;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const staffNumber = (i: number) => `S${pad(i, 7)}`;
const dayOf = (today: string, daysBefore: number) => new Date(Date.parse(`${today}T00:00:00Z`) - daysBefore * DAY).toISOString().slice(0, 10);
const instantOf = (today: string, minutesBefore: number) => new Date(Date.parse(`${today}T00:00:00Z`) - minutesBefore * 60_000).toISOString();
const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvLine = (values: readonly string[]) => `${values.map(csvCell).join(',')}\n`;

function unitTree(count: number): DemoUnit[] {
  // The department, a handful of agencies under it, and business areas spread over the agencies.
  const units: DemoUnit[] = [{ code: 'DEPT', name: 'Ministry of Demonstration', unitType: 'department', parentCode: null }];
  const agencies = Math.max(1, Math.min(AGENCY_NAMES.length, Math.round((count - 1) / 8)));
  for (let a = 0; a < agencies; a++) units.push({ code: `AG${pad(a + 1, 2)}`, name: AGENCY_NAMES[a]!, unitType: 'executive_agency', parentCode: 'DEPT' });
  for (let b = 0; units.length < count; b++) {
    const agency = units[1 + (b % agencies)]!;
    units.push({ code: `${agency.code}-BA${pad(Math.floor(b / agencies) + 1, 2)}`, name: `${agency.name}: ${AREA_NAMES[b % AREA_NAMES.length]!} ${Math.floor(b / AREA_NAMES.length) + 1}`, unitType: 'business_area', parentCode: agency.code });
  }
  return units;
}

/** The person at `position` in unit `u`'s tree (0 heads the unit); wraps round in a small unit. */
function personAt(scale: Scale, u: number, position: number): number {
  const perUnit = Math.floor((scale.people - 1 - u) / scale.units) + 1;
  return (position % perUnit) * scale.units + u;
}

function people(scale: Scale, units: readonly DemoUnit[], random: Random): string {
  let out = 'staff_number,email,name,unit_code,type,line_manager,job_title,start_date\n';
  for (let i = 0; i < scale.people; i++) {
    const u = i % scale.units;
    const position = Math.floor(i / scale.units);
    const manager = position === 0 ? '' : staffNumber(Math.floor((position - 1) / SPAN) * scale.units + u);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const type = random.chance(0.1) ? 'contractor' : 'staff';
    out += csvLine([staffNumber(i), `${first.toLowerCase()}.${last.toLowerCase()}.${i}@demo.example.gov.uk`, `${first} ${last}`, units[u]!.code, type, manager, random.pick(JOB_TITLES), dayOf('2026-01-01', random.int(0, 20 * 365))]);
  }
  return out;
}

function training(scale: Scale, today: string, random: Random): string {
  // The annual course once a year, going back; about one person in eight has let it lapse (overdue).
  // Owners of assets (near the top of their unit) took the IAO course in place of their oldest annual one.
  let out = 'staff number,email,course,completed on\n';
  const base = Math.floor(scale.trainingRecords / scale.people);
  const extra = scale.trainingRecords % scale.people;
  for (let i = 0; i < scale.people; i++) {
    const count = base + (i < extra ? 1 : 0);
    const lapsed = random.chance(0.12);
    const firstGap = lapsed ? random.int(380, 700) : random.int(5, 330);
    const owner = Math.floor(i / scale.units) < SPAN + 1;
    for (let k = 0; k < count; k++) {
      const course = owner && k === count - 1 && count > 1 ? 'IAO' : 'SEC-ANNUAL';
      out += `${staffNumber(i)},,${course},${dayOf(today, firstGap + k * 365)}\n`;
    }
  }
  return out;
}

function assets(scale: Scale, units: readonly DemoUnit[], random: Random): string {
  let out = 'reference,name,description,unit,information asset owner,classification,confidentiality,integrity,availability,personal data,retention\n';
  const impacts = ['low', 'medium', 'high'];
  for (let a = 0; a < scale.assets; a++) {
    const u = a % scale.units;
    const label = random.pick(CLASSIFICATIONS);
    out += csvLine([`IA-${pad(a + 1, 6)}`, `${units[u]!.name} ${random.pick(ASSET_NOUNS)} ${a + 1}`, 'Generated for the demonstration department.', units[u]!.code, staffNumber(personAt(scale, u, 1 + (a % SPAN))), label, random.pick(impacts), random.pick(impacts), random.pick(impacts), label.includes('PERSONAL') ? 'yes' : 'no', '6 years']);
  }
  return out;
}

/** References of assets in unit `u` (assets go round the units in turn). */
function assetsOfUnit(scale: Scale, u: number, random: Random, count: number): string[] {
  const inUnit = Math.floor((scale.assets - 1 - u) / scale.units) + 1;
  if (inUnit <= 0 || u >= scale.assets) return [];
  const picked = new Set<number>();
  for (let n = 0; n < Math.min(count, inUnit); n++) picked.add(random.int(0, inUnit - 1) * scale.units + u);
  return [...picked].sort((x, y) => x - y).map((a) => `IA-${pad(a + 1, 6)}`);
}

function services(scale: Scale, units: readonly DemoUnit[], random: Random): string {
  let out = 'reference,name,purpose,unit,technology service owner,senior responsible officer,hosting,criticality,information assets\n';
  const hosting = ['on-premises', 'private-cloud', 'public-cloud', 'saas', 'hybrid'];
  const criticality = ['low', 'medium', 'medium', 'high', 'critical'];
  for (let s = 0; s < scale.services; s++) {
    const u = s % scale.units;
    out += csvLine([`SVC-${pad(s + 1, 5)}`, `${random.pick(SERVICE_NOUNS)} ${s + 1}`, 'Generated for the demonstration department.', units[u]!.code, staffNumber(personAt(scale, u, 1 + (s % SPAN))), staffNumber(personAt(scale, u, 0)), random.pick(hosting), random.pick(criticality), assetsOfUnit(scale, u, random, 10).join(';')]);
  }
  return out;
}

function suppliers(scale: Scale, units: readonly DemoUnit[], random: Random): string {
  // No reference: the register gives each new supplier its own; the company number matches it on a re-import.
  let out = 'name,company number,contact name,contact email,unit,sro,assets,services\n';
  for (let s = 0; s < scale.suppliers; s++) {
    const u = s % scale.units;
    const name = `${random.pick(SUPPLIER_WORDS)} ${random.pick(SERVICE_NOUNS)} ${s + 1} Ltd`;
    const service = s < scale.services && random.chance(0.6) ? `SVC-${pad(s + 1, 5)}` : '';
    out += csvLine([name, pad(10_000_000 + s, 8), `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`, `contact${s + 1}@supplier${s + 1}.example.com`, units[u]!.code, staffNumber(personAt(scale, u, 0)), assetsOfUnit(scale, u, random, 2).join(';'), service]);
  }
  return out;
}

function risks(scale: Scale, units: readonly DemoUnit[], today: string, random: Random): DemoRisk[] {
  const rows: DemoRisk[] = [];
  for (let r = 0; r < scale.risks; r++) {
    const u = r % scale.units;
    const inherent = [random.int(2, 5), random.int(2, 5)] as const;
    // Most risks are treated down; some stay high (above a unit's appetite of medium).
    const residual = [Math.max(1, inherent[0] - random.int(0, 2)), Math.max(1, inherent[1] - random.int(0, 1))] as const;
    const high = residual[0] * residual[1] > 9;
    // A third of those above appetite have been accepted; the rest await a decision (a finding).
    const accepted = high && random.chance(0.35);
    rows.push({
      reference: `RISK-${pad(r + 1, 5)}`,
      title: `${random.pick(RISK_THREATS)} ${random.pick(ASSET_NOUNS)} in ${units[u]!.name}`,
      unitCode: units[u]!.code,
      ownerStaffNumber: staffNumber(personAt(scale, u, 0)),
      inherent,
      residual,
      treatment: accepted ? 'accept' : random.pick(['reduce', 'reduce', 'transfer', 'avoid'] as const),
      acceptedUntil: accepted ? dayOf(today, -random.int(10, 80)) : null,
      reviewOn: dayOf(today, -random.int(-30, 330)),
    });
  }
  return rows;
}

function incidents(scale: Scale, units: readonly DemoUnit[], today: string, random: Random): DemoIncident[] {
  const rows: DemoIncident[] = [];
  const types = ['misdirected', 'lost-or-stolen', 'unauthorised-access', 'phishing', 'malware', 'system-failure', 'physical-security'];
  for (let n = 0; n < scale.incidents; n++) {
    const u = n % scale.units;
    // Spread evenly over five years, in order of reporting; the recent ones are still being handled.
    const minutesBefore = Math.floor(((scale.incidents - n) / scale.incidents) * 5 * 365 * 1440) + random.int(0, 600);
    const reportedAt = instantOf(today, minutesBefore);
    const occurredAt = instantOf(today, minutesBefore + random.int(30, 2880));
    const recent = minutesBefore < 60 * 1440;
    const stage = recent ? random.pick(['reported', 'triaged', 'contained', 'closed'] as const) : 'closed';
    const triagedAt = stage === 'reported' ? null : instantOf(today, minutesBefore - random.int(10, 3 * 1440));
    rows.push({
      reference: `INC-${pad(n + 1, 6)}`,
      title: random.pick(INCIDENT_TITLES),
      unitCode: units[u]!.code,
      reporterStaffNumber: staffNumber(personAt(scale, u, random.int(1, 400))),
      handlerStaffNumber: staffNumber(personAt(scale, u, 1)),
      occurredAt,
      reportedAt,
      kind: random.chance(0.2) ? 'near-miss' : 'incident',
      personalData: random.pick(['yes', 'no', 'no', 'not-sure'] as const),
      stage,
      category: random.pick(['confidentiality', 'integrity', 'availability'] as const),
      typeCode: random.pick(types),
      severityCode: random.pick(['low', 'low', 'medium', 'high', 'critical']),
      triagedAt,
      closedAt: stage === 'closed' ? instantOf(today, Math.max(0, minutesBefore - random.int(3 * 1440, 30 * 1440))) : null,
      lessonsRecorded: stage === 'closed' && random.chance(0.9),
    });
  }
  return rows;
}

/** The whole department for a seed and a day (the day the training and incidents are dated back from). */
export function generateDepartment(scale: Scale, seed: number, today: string): Department {
  // One stream per register, so changing how one register is generated leaves the others as they were.
  const stream = (n: number) => seededRandom((seed * 31 + n) >>> 0);
  const units = unitTree(scale.units);
  return {
    units,
    peopleCsv: people(scale, units, stream(1)),
    trainingCsv: training(scale, today, stream(2)),
    assetsCsv: assets(scale, units, stream(3)),
    servicesCsv: services(scale, units, stream(4)),
    suppliersCsv: suppliers(scale, units, stream(5)),
    risks: risks(scale, units, today, stream(6)),
    incidents: incidents(scale, units, today, stream(7)),
  };
}
