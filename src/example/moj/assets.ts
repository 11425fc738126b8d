// Information assets in the Ministry of Justice example: illustrative assets across the department,
// each with an Information Asset Owner from people.ts and a classification that shows the 2023 scheme's
// range (OFFICIAL, OFFICIAL-SENSITIVE with handling instructions and descriptors, an embargo, SECRET).
import type { Actor } from '../../access/actor.ts';
import type { Services } from '../../services.ts';
import type { ImpactLevel } from '../../registers/information-assets/entity.ts';

export interface ExampleAsset {
  readonly reference: string;
  readonly name: string;
  readonly description: string;
  readonly unitCode: string;
  readonly ownerEmail: string;
  readonly tier: string;
  readonly sensitive: boolean;
  readonly handlingInstruction: string | null;
  readonly embargoEndsOn: string | null;
  readonly descriptors: readonly string[];
  readonly impacts: readonly [ImpactLevel, ImpactLevel, ImpactLevel];
  readonly personalData: boolean;
  readonly retention: string;
}

const D = '@example.justice.gov.uk';

export const MOJ_ASSETS: readonly ExampleAsset[] = [
  { reference: 'HMPPS-IA-0001', name: 'Prisoner records', description: 'Records of people in custody: identity, sentence, movements, security category and case notes.', unitCode: 'HMPPS-PRISONS', ownerEmail: `ellen.wing${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'MOJ USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA'], impacts: ['high', 'high', 'high'], personalData: true, retention: '6 years after release, then review' },
  { reference: 'HMPPS-IA-0002', name: 'Probation case records', description: 'Supervision plans, risk assessments and contact logs for people on probation.', unitCode: 'HMPPS-PROBATION', ownerEmail: `callum.hearth${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'RECIPIENTS ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA'], impacts: ['high', 'high', 'medium'], personalData: true, retention: '6 years after the order ends' },
  { reference: 'HMPPS-IA-0003', name: 'Prison CCTV footage', description: 'Recorded CCTV from prison wings, visits halls and perimeters.', unitCode: 'HMPPS-PRISONS', ownerEmail: `pete.turnkey${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'HMG USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA'], impacts: ['high', 'medium', 'medium'], personalData: true, retention: '90 days unless kept as evidence' },
  { reference: 'HMPPS-IA-0004', name: 'Security intelligence reports', description: 'Intelligence on serious organised crime and threats to prison security shared with police partners.', unitCode: 'HMPPS', ownerEmail: `pete.turnkey${D}`, tier: 'SECRET', sensitive: false, handlingInstruction: null, embargoEndsOn: null, descriptors: ['PERSONAL DATA'], impacts: ['high', 'high', 'medium'], personalData: true, retention: 'Reviewed every 2 years' },
  { reference: 'HMCTS-IA-0001', name: 'Court case files', description: 'Case files for criminal, civil and family courts and tribunals, including evidence bundles.', unitCode: 'HMCTS-OPS', ownerEmail: `theo.bench${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'HMG USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA', 'LEGAL'], impacts: ['high', 'high', 'high'], personalData: true, retention: 'Per the HMCTS record retention and disposition schedule' },
  { reference: 'HMCTS-IA-0002', name: 'Court hearing lists', description: 'Daily lists of hearings published for court users and the public.', unitCode: 'HMCTS-DIGITAL', ownerEmail: `uma.seal${D}`, tier: 'OFFICIAL', sensitive: false, handlingInstruction: 'FOR PUBLIC RELEASE', embargoEndsOn: null, descriptors: [], impacts: ['low', 'high', 'medium'], personalData: false, retention: '1 year' },
  { reference: 'LAA-IA-0001', name: 'Legal aid applications', description: 'Applications for civil and criminal legal aid, with means and merits evidence.', unitCode: 'LAA', ownerEmail: `george.brief${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'MOJ USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA', 'LEGAL PROFESSIONAL PRIVILEGE'], impacts: ['high', 'high', 'medium'], personalData: true, retention: '7 years after the case closes' },
  { reference: 'MOJ-IA-0001', name: 'Staff HR records', description: 'Personnel files: contracts, absence, performance and conduct cases for MoJ headquarters staff.', unitCode: 'MOJ-COO', ownerEmail: `tariq.tally${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'RECIPIENTS ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA', 'HR / MANAGEMENT'], impacts: ['high', 'medium', 'low'], personalData: true, retention: '6 years after leaving' },
  { reference: 'MOJ-IA-0002', name: 'Payroll', description: 'Salary, tax, pension and bank details for headquarters staff.', unitCode: 'MOJ-FIN', ownerEmail: `owen.quill${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'HMG USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA', 'COMMERCIAL'], impacts: ['high', 'high', 'high'], personalData: true, retention: '6 years after the end of the financial year' },
  { reference: 'MOJ-IA-0003', name: 'Intranet news pages', description: 'Internal news and guidance published on the MoJ intranet.', unitCode: 'MOJ-DIGITAL', ownerEmail: `mei.anchor${D}`, tier: 'OFFICIAL', sensitive: false, handlingInstruction: null, embargoEndsOn: null, descriptors: [], impacts: ['low', 'medium', 'low'], personalData: false, retention: '2 years' },
  { reference: 'MOJ-IA-0004', name: 'Offender management statistics quarterly (published)', description: 'The published quarterly statistics on prison population, receptions and releases.', unitCode: 'MOJ-HQ', ownerEmail: `quentin.register${D}`, tier: 'OFFICIAL', sensitive: false, handlingInstruction: 'FOR PUBLIC RELEASE', embargoEndsOn: null, descriptors: [], impacts: ['low', 'high', 'low'], personalData: false, retention: 'Permanent (The National Archives)' },
  { reference: 'MOJ-IA-0005', name: 'Criminal justice statistics pre-release dataset', description: 'The next quarter’s criminal justice statistics, held under pre-release access rules until publication.', unitCode: 'MOJ-HQ', ownerEmail: `quentin.register${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'EMBARGOED', embargoEndsOn: '2027-02-18', descriptors: ['MARKET SENSITIVE'], impacts: ['high', 'high', 'medium'], personalData: false, retention: 'Until publication, then as the published release' },
  { reference: 'MOJ-IA-0006', name: 'Security incident records', description: 'Reports and investigations of information security incidents across the department.', unitCode: 'MOJ-SIG', ownerEmail: `ines.compass${D}`, tier: 'OFFICIAL', sensitive: true, handlingInstruction: 'MOJ USE ONLY', embargoEndsOn: null, descriptors: ['PERSONAL DATA'], impacts: ['high', 'high', 'medium'], personalData: true, retention: '3 years after closure' },
];

/** Adds the example assets that are missing, matched on reference, through the register's own service. */
export async function loadExampleAssets(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const units = new Map((await services.organisationUnits.listUnits(actor)).map((u) => [u.code, u.id]));
  const existing = new Set<string>();
  for (const asset of MOJ_ASSETS) {
    const found = await services.informationAssets.list(actor, { search: asset.reference }, 'reference', 1, 200);
    if (found.assets.some((a) => a.reference === asset.reference)) existing.add(asset.reference);
  }
  let created = 0;
  for (const asset of MOJ_ASSETS) {
    if (existing.has(asset.reference)) continue;
    const unitId = units.get(asset.unitCode);
    if (!unitId) throw new Error(`Example asset ${asset.reference} names unit ${asset.unitCode}, which the example organisation does not have`);
    await services.informationAssets.create(actor, {
      reference: asset.reference,
      name: asset.name,
      description: asset.description,
      unitId,
      owner: asset.ownerEmail,
      classificationTier: asset.tier,
      sensitive: asset.sensitive,
      handlingInstruction: asset.handlingInstruction,
      embargoEndsOn: asset.embargoEndsOn,
      descriptors: asset.descriptors,
      confidentialityImpact: asset.impacts[0],
      integrityImpact: asset.impacts[1],
      availabilityImpact: asset.impacts[2],
      personalData: asset.personalData,
      retention: asset.retention,
    });
    created++;
  }
  return { created, unchanged: MOJ_ASSETS.length - created };
}
