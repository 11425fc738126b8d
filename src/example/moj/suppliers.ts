// Suppliers and partners in the Ministry of Justice example: the providers behind the example's
// technology services (services.ts), each with its contracts, what it can reach (so its criticality and
// the highest classification it handles are derived), an SRO and Senior Business Owner from people.ts,
// certifications (one expired, one expiring soon, dated from the day the example is loaded), the controls
// it must apply (one not applied), and sub-processors. Load after the services and controls. Idempotent
// by name: a supplier already there is left as it is.
//
// The suppliers named are real companies that serve government; their contracts, certificates,
// contacts and sub-processors here are illustrative. Companies House numbers are given only for the
// fictional CCTV contractor (an EX prefix no real company has): none is invented for a real company.
import type { Actor } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import type { ValueBand } from '../../registers/suppliers/entity.ts';
import type { Services } from '../../services.ts';

const D = '@example.justice.gov.uk';

interface ExampleSupplier {
  readonly name: string;
  readonly companyNumber?: string;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly description: string;
  readonly unitCode: string;
  readonly sroEmail: string;
  readonly sboEmail: string;
  readonly assets: readonly string[];
  readonly services: readonly string[];
  readonly controls: readonly string[];
  readonly appliedControls: readonly string[];
  readonly contracts: ReadonlyArray<{ reference: string; title: string; unitCode: string; startsOn: string; endsOn?: string; valueBand: ValueBand }>;
  /** Expiry as days from the day the example is loaded: negative has expired. */
  readonly certifications: ReadonlyArray<{ scheme: string; certificateNumber: string; scope: string; expiresInDays: number }>;
  readonly subprocessors: ReadonlyArray<{ name: string; country: string; purpose: string }>;
}

export const MOJ_SUPPLIERS: readonly ExampleSupplier[] = [
  {
    name: 'Amazon Web Services',
    contactName: 'Public sector account team',
    contactEmail: 'aws-account-team@example.com',
    description: 'Public cloud hosting for the prison and probation case systems, legal aid applications and the intranet.',
    unitCode: 'MOJ-DIGITAL',
    sroEmail: `grace.harbour${D}`,
    sboEmail: `felix.lattice${D}`,
    assets: [],
    services: ['SVC-0001', 'SVC-0002', 'SVC-0005', 'SVC-0007'],
    controls: ['CTL-CRY-01', 'CTL-LOG-01', 'CTL-BCK-01'],
    appliedControls: ['CTL-CRY-01', 'CTL-LOG-01', 'CTL-BCK-01'],
    contracts: [{ reference: 'MOJ-CON-2023-0141', title: 'Cloud hosting (G-Cloud 13 call-off)', unitCode: 'MOJ-DIGITAL', startsOn: '2023-04-01', endsOn: '2027-03-31', valueBand: 'over-10m' }],
    certifications: [
      { scheme: 'iso-27001', certificateNumber: 'ILLUSTRATIVE-AWS-27001', scope: 'AWS infrastructure, services and operations in the London region', expiresInDays: 400 },
      { scheme: 'soc-2-type-2', certificateNumber: 'ILLUSTRATIVE-AWS-SOC2', scope: 'Security, availability and confidentiality', expiresInDays: 210 },
    ],
    subprocessors: [],
  },
  {
    name: 'Microsoft',
    contactName: 'Government account team',
    contactEmail: 'microsoft-account-team@example.com',
    description: 'Microsoft 365: email, documents, Teams and SharePoint for all staff.',
    unitCode: 'MOJ-DIGITAL',
    sroEmail: `grace.harbour${D}`,
    sboEmail: `mei.anchor${D}`,
    assets: [],
    services: ['SVC-0008'],
    controls: ['CTL-ACC-01', 'CTL-LOG-01'],
    appliedControls: ['CTL-ACC-01', 'CTL-LOG-01'],
    contracts: [{ reference: 'MOJ-CON-2022-0087', title: 'Microsoft 365 enterprise agreement', unitCode: 'MOJ-DIGITAL', startsOn: '2022-07-01', endsOn: '2025-06-30', valueBand: 'over-10m' }, { reference: 'MOJ-CON-2025-0203', title: 'Microsoft 365 enterprise agreement (renewal)', unitCode: 'MOJ-DIGITAL', startsOn: '2025-07-01', endsOn: '2028-06-30', valueBand: 'over-10m' }],
    certifications: [
      { scheme: 'iso-27001', certificateNumber: 'ILLUSTRATIVE-MS-27001', scope: 'Microsoft 365 and Azure', expiresInDays: 45 },
      { scheme: 'iso-27701', certificateNumber: 'ILLUSTRATIVE-MS-27701', scope: 'Microsoft 365 privacy information management', expiresInDays: 300 },
    ],
    subprocessors: [{ name: 'Microsoft Ireland Operations Limited', country: 'Ireland', purpose: 'Service operation and support within the EU Data Boundary' }],
  },
  {
    name: 'CGI',
    contactName: 'Justice account director',
    contactEmail: 'cgi-justice-account@example.com',
    description: 'Builds and supports the Common Platform for the criminal courts.',
    unitCode: 'HMCTS-DIGITAL',
    sroEmail: `rajesh.docket${D}`,
    sboEmail: `uma.seal${D}`,
    assets: ['HMCTS-IA-0001'],
    services: ['SVC-0004'],
    controls: ['CTL-ACC-01', 'CTL-VUL-01', 'CTL-PPL-02'],
    appliedControls: ['CTL-ACC-01', 'CTL-PPL-02'],
    contracts: [{ reference: 'HMCTS-CON-2021-0032', title: 'Common Platform application development and support', unitCode: 'HMCTS-DIGITAL', startsOn: '2021-10-01', endsOn: '2026-09-30', valueBand: 'over-10m' }, { reference: 'HMCTS-CON-2026-0011', title: 'Common Platform support (extension)', unitCode: 'HMCTS-DIGITAL', startsOn: '2026-10-01', endsOn: '2027-09-30', valueBand: '1m-10m' }],
    certifications: [
      { scheme: 'cyber-essentials-plus', certificateNumber: 'ILLUSTRATIVE-CGI-CEP', scope: 'CGI UK corporate network and the justice delivery centre', expiresInDays: 150 },
      { scheme: 'iso-27001', certificateNumber: 'ILLUSTRATIVE-CGI-27001', scope: 'UK managed services', expiresInDays: 500 },
    ],
    subprocessors: [{ name: 'CGI global delivery centre', country: 'India', purpose: 'Out-of-hours application support, with no access to case data' }],
  },
  {
    name: 'Perimeter Vision Ltd',
    companyNumber: 'EX000001',
    contactName: 'Service desk',
    contactEmail: 'servicedesk@perimetervision.example.com',
    description: 'Maintains the CCTV recorders and cameras at prisons, with engineers on site and remote access to the recorders.',
    unitCode: 'HMPPS-PRISONS',
    sroEmail: `nadia.bolt${D}`,
    sboEmail: `pete.turnkey${D}`,
    assets: ['HMPPS-IA-0003'],
    services: ['SVC-0003'],
    controls: ['CTL-ACC-01', 'CTL-PRC-01', 'CTL-PPL-01'],
    appliedControls: ['CTL-PRC-01', 'CTL-PPL-01'],
    contracts: [{ reference: 'HMPPS-CON-2024-0417', title: 'CCTV maintenance, prisons estate (north)', unitCode: 'HMPPS-PRISONS', startsOn: '2024-01-01', endsOn: '2026-12-31', valueBand: '100k-1m' }],
    certifications: [{ scheme: 'cyber-essentials', certificateNumber: 'ILLUSTRATIVE-PV-CE', scope: 'Whole organisation', expiresInDays: -20 }],
    subprocessors: [],
  },
  {
    name: 'Shared Services Connected Ltd (SSCL)',
    contactName: 'Client partner, Ministry of Justice',
    contactEmail: 'sscl-client-partner@example.com',
    description: 'Runs HR, payroll and pensions administration for headquarters staff on the HR and payroll system.',
    unitCode: 'MOJ-FIN',
    sroEmail: `ada.ledger${D}`,
    sboEmail: `owen.quill${D}`,
    assets: ['MOJ-IA-0001', 'MOJ-IA-0002'],
    services: ['SVC-0006'],
    controls: ['CTL-ACC-01', 'CTL-CRY-01', 'CTL-PRC-01'],
    appliedControls: ['CTL-ACC-01', 'CTL-CRY-01', 'CTL-PRC-01'],
    contracts: [{ reference: 'MOJ-CON-2019-0330', title: 'HR, payroll and finance shared services', unitCode: 'MOJ-FIN', startsOn: '2019-04-01', endsOn: '2029-03-31', valueBand: '1m-10m' }],
    certifications: [
      { scheme: 'iso-27001', certificateNumber: 'ILLUSTRATIVE-SSCL-27001', scope: 'HR, payroll and finance services', expiresInDays: 260 },
      { scheme: 'cyber-essentials-plus', certificateNumber: 'ILLUSTRATIVE-SSCL-CEP', scope: 'Whole organisation', expiresInDays: 120 },
    ],
    subprocessors: [{ name: 'Oracle Corporation UK Ltd', country: 'United Kingdom', purpose: 'Hosts the HR and payroll software (Oracle Cloud HCM)' }],
  },
];

/** Adds the example suppliers that are not there yet (matched by name), with their contracts, certifications and sub-processors. */
export async function loadExampleSuppliers(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const today = londonDate(services.context.clock.now());
  const suppliers = services.suppliers;
  let created = 0;
  for (const s of MOJ_SUPPLIERS) {
    if (await suppliers.findByName(actor, s.name)) continue;
    const id = await suppliers.create(actor, {
      name: s.name,
      ...(s.companyNumber ? { companyNumber: s.companyNumber } : {}),
      contactName: s.contactName,
      contactEmail: s.contactEmail,
      description: s.description,
      unit: s.unitCode,
      seniorResponsibleOfficer: s.sroEmail,
      seniorBusinessOwner: s.sboEmail,
      assets: s.assets,
      services: s.services,
      controls: s.controls,
      appliedControls: s.appliedControls,
    });
    for (const c of s.contracts) await suppliers.parts.addContract(actor, id, { reference: c.reference, title: c.title, unit: c.unitCode, startsOn: c.startsOn, ...(c.endsOn ? { endsOn: c.endsOn } : {}), valueBand: c.valueBand });
    for (const c of s.certifications) await suppliers.parts.addCertification(actor, id, { scheme: c.scheme, certificateNumber: c.certificateNumber, scope: c.scope, expiresOn: addDays(today, c.expiresInDays) });
    for (const p of s.subprocessors) await suppliers.parts.addSubprocessor(actor, id, p);
    created++;
  }
  return { created, unchanged: MOJ_SUPPLIERS.length - created };
}
