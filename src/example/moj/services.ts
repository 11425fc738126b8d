// Technology services in the Ministry of Justice example: illustrative systems across the department,
// each with a Technology Service Owner and Senior Responsible Officer from people.ts, and the assets of
// assets.ts they process, so their classification is derived. Load after the assets.
import type { Actor } from '../../access/actor.ts';
import type { Criticality, Hosting } from '../../registers/technology-services/entity.ts';
import type { Services } from '../../services.ts';

export interface ExampleService {
  readonly reference: string;
  readonly name: string;
  readonly purpose: string;
  readonly unitCode: string;
  readonly tsoEmail: string;
  readonly sroEmail: string;
  readonly hosting: Hosting;
  readonly suppliers: readonly string[];
  readonly criticality: Criticality;
  readonly assets: readonly string[];
  readonly standards: readonly string[];
}

const D = '@example.justice.gov.uk';

export const MOJ_SERVICES: readonly ExampleService[] = [
  { reference: 'SVC-0001', name: 'Prison case management system', purpose: 'Records prisoners’ identity, sentence, movements, security category and case notes in every prison.', unitCode: 'HMPPS-PRISONS', tsoEmail: `ellen.wing${D}`, sroEmail: `nadia.bolt${D}`, hosting: 'public-cloud', suppliers: ['Amazon Web Services'], criticality: 'critical', assets: ['HMPPS-IA-0001', 'HMPPS-IA-0004'], standards: [] },
  { reference: 'SVC-0002', name: 'Probation case management', purpose: 'Supervision plans, risk assessments and contact logs for probation practitioners.', unitCode: 'HMPPS-PROBATION', tsoEmail: `callum.hearth${D}`, sroEmail: `zara.probity${D}`, hosting: 'public-cloud', suppliers: ['Amazon Web Services'], criticality: 'high', assets: ['HMPPS-IA-0002'], standards: [] },
  { reference: 'SVC-0003', name: 'Prison CCTV system', purpose: 'Records and stores CCTV from prison wings, visits halls and perimeters.', unitCode: 'HMPPS-PRISONS', tsoEmail: `pete.turnkey${D}`, sroEmail: `nadia.bolt${D}`, hosting: 'on-premises', suppliers: ['Local CCTV maintenance contractors'], criticality: 'high', assets: ['HMPPS-IA-0003'], standards: [] },
  { reference: 'SVC-0004', name: 'Common Platform', purpose: 'The shared digital case system for criminal courts, used by judges, legal professionals, the CPS and court staff.', unitCode: 'HMCTS-DIGITAL', tsoEmail: `uma.seal${D}`, sroEmail: `rajesh.docket${D}`, hosting: 'public-cloud', suppliers: ['Microsoft Azure', 'CGI'], criticality: 'critical', assets: ['HMCTS-IA-0001', 'HMCTS-IA-0002'], standards: [] },
  { reference: 'SVC-0005', name: 'Legal aid digital applications', purpose: 'Lets solicitors apply for civil and criminal legal aid online, with means and merits evidence.', unitCode: 'LAA', tsoEmail: `george.brief${D}`, sroEmail: `hannah.writ${D}`, hosting: 'public-cloud', suppliers: ['Amazon Web Services'], criticality: 'high', assets: ['LAA-IA-0001'], standards: [] },
  { reference: 'SVC-0006', name: 'HR and payroll system', purpose: 'Personnel records, absence, pay, tax and pensions for headquarters staff.', unitCode: 'MOJ-FIN', tsoEmail: `owen.quill${D}`, sroEmail: `ada.ledger${D}`, hosting: 'saas', suppliers: ['Oracle', 'SSCL'], criticality: 'high', assets: ['MOJ-IA-0001', 'MOJ-IA-0002'], standards: [] },
  { reference: 'SVC-0007', name: 'MoJ intranet', purpose: 'Internal news, guidance and the staff directory.', unitCode: 'MOJ-DIGITAL', tsoEmail: `mei.anchor${D}`, sroEmail: `grace.harbour${D}`, hosting: 'public-cloud', suppliers: ['Amazon Web Services'], criticality: 'medium', assets: ['MOJ-IA-0003'], standards: [] },
  { reference: 'SVC-0008', name: 'Microsoft 365', purpose: 'Email, documents, Teams and SharePoint for all staff.', unitCode: 'MOJ-DIGITAL', tsoEmail: `felix.lattice${D}`, sroEmail: `grace.harbour${D}`, hosting: 'saas', suppliers: ['Microsoft'], criticality: 'critical', assets: ['MOJ-IA-0006'], standards: [] },
  { reference: 'SVC-0009', name: 'Statistics publishing service', purpose: 'Prepares official statistics under pre-release access rules and publishes them on GOV.UK.', unitCode: 'MOJ-HQ', tsoEmail: `quentin.register${D}`, sroEmail: `helen.keystone${D}`, hosting: 'private-cloud', suppliers: [], criticality: 'medium', assets: ['MOJ-IA-0004', 'MOJ-IA-0005'], standards: [] },
];

/** Adds the example services that are not there yet (matched by reference); changes none that are. */
export async function loadExampleServices(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const units = new Map((await services.organisationUnits.listUnits(actor)).map((u) => [u.code, u.id]));
  let created = 0;
  for (const service of MOJ_SERVICES) {
    if (await services.technologyServices.findByReference(actor, service.reference)) continue;
    const unitId = units.get(service.unitCode);
    if (!unitId) throw new Error(`Example service ${service.reference} names unit ${service.unitCode}, which the example organisation does not have`);
    await services.technologyServices.create(actor, {
      reference: service.reference,
      name: service.name,
      purpose: service.purpose,
      unitId,
      hosting: service.hosting,
      suppliers: service.suppliers,
      criticality: service.criticality,
      technologyServiceOwner: service.tsoEmail,
      seniorResponsibleOfficer: service.sroEmail,
      assets: service.assets,
      standards: service.standards,
    });
    created++;
  }
  return { created, unchanged: MOJ_SERVICES.length - created };
}
