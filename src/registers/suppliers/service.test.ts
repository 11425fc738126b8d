import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { systemActor } from '../../access/actor.ts';
import { supplierFixture, type SupplierFixture } from './supplier-test-fixtures.ts';
import type { SupplierInput } from './supplier-input.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
let f: SupplierFixture;
const admin = systemActor('test');

before(async () => {
  t = await createTestContext();
  f = await supplierFixture(t.database.db);
});
after(async () => t.close());

const base = (name: string, more: Partial<SupplierInput> = {}): SupplierInput => ({ name, unit: 'OPS', seniorResponsibleOfficer: 'ada@example.gov.uk', seniorBusinessOwner: 'S2', ...more });
const events = async (action: string) => (await t.database.db.selectFrom('audit_events').select('action').where('action', '=', action).execute()).length;
const suppliers = () => t.services.suppliers;
const staff = (personId: string) => personActor(personId, [], f.rootId, [f.rootId, f.opsId, f.hrId]);

describe(`suppliers (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('adds a supplier with a reference from the sequence, its SRO and SBO appointed on the record, in one audit event', async () => {
    const before = await events('supplier.created');
    const id = await suppliers().create(admin, base('Acme Hosting', { companyNumber: 'ab 123456', contactName: 'Pat', contactEmail: 'Pat@Acme.example', controls: 'ctl-a, CTL-B', appliedControls: 'CTL-A' }));
    const s = await suppliers().get(admin, id);
    assert.match(s.reference, /^SUP-\d{4}$/);
    assert.deepEqual([s.companyNumber, s.contactEmail, s.unitCode, s.sro?.personId, s.sbo?.personId], ['AB123456', 'pat@acme.example', 'OPS', f.people.ada, f.people.bob]);
    assert.deepEqual(s.controls.map((c) => [c.code, c.applied]), [['CTL-A', true], ['CTL-B', false]]);
    assert.equal(await events('supplier.created'), before + 1);
    const appointments = await t.database.db.selectFrom('appointments').select(['role_code', 'person_id']).where('record_type', '=', 'supplier').where('record_id', '=', id).orderBy('role_code').execute();
    assert.deepEqual(appointments, [{ role_code: 'senior-business-owner', person_id: f.people.bob }, { role_code: 'senior-responsible-officer', person_id: f.people.ada }]);
  });

  test('derives criticality and the highest classification handled from what the supplier reaches', async () => {
    const derived = async (name: string, reach: Partial<SupplierInput>) => {
      const s = await suppliers().get(admin, await suppliers().create(admin, base(name, reach)));
      return [s.derivedCriticality, s.criticality, s.classification];
    };
    assert.deepEqual(await derived('Nothing Ltd', {}), ['low', 'low', 'None']);
    assert.deepEqual(await derived('Official Ltd', { assets: 'IA-1' }), ['low', 'low', 'OFFICIAL']);
    assert.deepEqual(await derived('Sensitive Ltd', { assets: 'IA-2' }), ['high', 'high', 'OFFICIAL-SENSITIVE']);
    assert.deepEqual(await derived('Secret Ltd', { assets: ['IA-1', 'IA-4'] }), ['critical', 'critical', 'SECRET']);
    assert.deepEqual(await derived('Critical Service Ltd', { services: 'SVC-CRIT' }), ['critical', 'critical', 'None']);
  });

  test('refuses a bad supplier with every problem at once, each naming its form field', async () => {
    const refused = await refusal(
      suppliers().create(admin, { name: 'Acme Hosting', companyNumber: '123', contactEmail: 'not-an-email', unit: 'NOPE', seniorResponsibleOfficer: 'gone@example.gov.uk', seniorBusinessOwner: 'nobody@example.gov.uk', assets: 'IA-1, IA-404', services: 'SVC-404', controls: 'CTL-A, CTL-ZZZ', appliedControls: 'CTL-B' }),
    );
    assert.equal(refused.code, 'validation_failed');
    assert.deepEqual(refused.fields.sort(), ['appliedControls', 'assets', 'companyNumber', 'contactEmail', 'controls', 'name', 'seniorBusinessOwner', 'seniorResponsibleOfficer', 'services', 'unit']);
    assert.deepEqual((await refusal(suppliers().create(admin, { name: 'No SRO', unit: 'OPS' }))).fields, ['seniorResponsibleOfficer']);
    const taken = await refusal(suppliers().create(admin, base('Another', { companyNumber: 'AB123456' })));
    assert.deepEqual(taken.fields, ['companyNumber']);
  });

  test('the security team overrides criticality only with a reason; the derived one stays visible; clearing returns to it', async () => {
    const id = await suppliers().create(admin, base('Override Ltd', { assets: 'IA-2' }));
    const team = personActor(f.people.cy, ['security_team'], f.rootId, [f.rootId, f.opsId, f.hrId]);
    assert.deepEqual((await refusal(suppliers().setCriticality(team, id, { override: 'critical', reason: ' ' }))).fields, ['reason']);
    assert.equal((await refusal(suppliers().setCriticality(staff(f.people.ada), id, { override: 'low', reason: 'Owner thinks so' }))).code, 'forbidden');
    const before = await events('supplier.criticality-set');
    await suppliers().setCriticality(team, id, { override: 'critical', reason: 'Holds the only copy of the case index' });
    const s = await suppliers().get(team, id);
    assert.deepEqual([s.derivedCriticality, s.criticality, s.criticalityOverridden, s.criticalityReason], ['high', 'critical', true, 'Holds the only copy of the case index']);
    assert.equal(await events('supplier.criticality-set'), before + 1);
    await suppliers().setCriticality(team, id, { override: '', reason: '' });
    const cleared = await suppliers().get(team, id);
    assert.deepEqual([cleared.criticality, cleared.criticalityOverridden, cleared.criticalityReason], ['high', false, null]);
    assert.equal(await events('supplier.criticality-cleared'), 1);
  });

  test('the SRO and SBO manage their supplier’s details, reach and parts, but not its owners or unit; a stranger is refused', async () => {
    const id = await suppliers().create(admin, base('Owned Ltd'));
    const sro = staff(f.people.ada);
    const sbo = staff(f.people.bob);
    const stranger = staff(f.people.cy);
    const before = await events('supplier.changed');
    await suppliers().update(sro, id, { name: 'Owned Ltd', description: 'Hosts the case system', assets: 'IA-3', services: 'SVC-LOW' });
    const s = await suppliers().get(sro, id);
    assert.deepEqual([s.description, s.assets.map((a) => a.reference), s.services.map((x) => x.reference), s.criticality], ['Hosts the case system', ['IA-3'], ['SVC-LOW'], 'high']);
    assert.equal(await events('supplier.changed'), before + 1);
    assert.deepEqual(await suppliers().permissions(sro, s), { canManage: false, canEdit: true });
    assert.equal((await refusal(suppliers().update(sro, id, { name: 'Owned Ltd', seniorResponsibleOfficer: 'cy@example.gov.uk' }))).code, 'forbidden');
    assert.equal((await refusal(suppliers().update(sro, id, { name: 'Owned Ltd', unit: 'HR' }))).code, 'forbidden');
    assert.ok(await suppliers().parts.addContract(sbo, id, { reference: 'CON-1', title: 'Hosting', unit: 'OPS', startsOn: '2026-01-01', endsOn: '2027-12-31', valueBand: '100k-1m' }));
    assert.equal((await refusal(suppliers().update(stranger, id, { name: 'Mine now' }))).code, 'forbidden');
    assert.equal((await refusal(suppliers().get(stranger, id))).code, 'forbidden');
    assert.equal((await refusal(suppliers().parts.addSubprocessor(stranger, id, { name: 'Sub Ltd' }))).code, 'forbidden');
    assert.equal(await events('supplier.changed'), before + 1);
    const visible = await suppliers().list(sro, {}, 1);
    assert.ok(visible.suppliers.some((x) => x.id === id));
    assert.equal((await suppliers().list(stranger, {}, 1)).suppliers.some((x) => x.id === id), false);
  });

  test('the security team changes the owners: the old SRO’s appointment ends and the SBO can be cleared', async () => {
    const id = await suppliers().create(admin, base('Handover Ltd'));
    t.clock.advance(2 * 86_400_000);
    const team = personActor(f.people.cy, ['security_team'], f.rootId, [f.rootId, f.opsId, f.hrId]);
    await suppliers().update(team, id, { name: 'Handover Ltd', unit: 'HR', seniorResponsibleOfficer: 'S3', seniorBusinessOwner: '' });
    const s = await suppliers().get(team, id);
    assert.deepEqual([s.unitCode, s.sro?.personId, s.sbo], ['HR', f.people.cy, null]);
    const ended = await t.database.db.selectFrom('appointments').select('ends_on').where('record_id', '=', id).where('person_id', '=', f.people.ada).executeTakeFirstOrThrow();
    assert.notEqual(ended.ends_on, null);
  });

  test('contracts, certifications and sub-processors are added and removed, each in one audit event; certificates are flagged', async () => {
    const id = await suppliers().create(admin, base('Certified Ltd'));
    assert.deepEqual((await refusal(suppliers().parts.addContract(admin, id, { reference: 'CON-1', title: '', unit: 'NOPE', startsOn: '2026-02-30', endsOn: '2025-01-01', valueBand: 'lots' }))).fields, ['reference', 'startsOn', 'title', 'unit', 'valueBand']);
    assert.deepEqual((await refusal(suppliers().parts.addContract(admin, id, { reference: 'CON-2', title: 'Support', unit: 'OPS', startsOn: '2026-02-01', endsOn: '2025-01-01', valueBand: 'under-10k' }))).fields, ['endsOn']);
    const contract = await suppliers().parts.addContract(admin, id, { reference: 'CON-2', title: 'Support', unit: 'OPS', startsOn: '2026-02-01', valueBand: 'under-10k' });
    assert.deepEqual((await refusal(suppliers().parts.addCertification(admin, id, { scheme: 'made-up', certificateNumber: '', expiresOn: 'soon' }))).fields, ['certificateNumber', 'expiresOn', 'scheme']);
    await suppliers().parts.addCertification(admin, id, { scheme: 'cyber-essentials', certificateNumber: 'CE-1', expiresOn: '2026-11-01' });
    await suppliers().parts.addCertification(admin, id, { scheme: 'iso-27001', certificateNumber: 'ISO-1', scope: 'Hosting', expiresOn: '2027-01-10' });
    const valid = await suppliers().parts.addCertification(admin, id, { scheme: 'cyber-essentials-plus', certificateNumber: 'CEP-1', expiresOn: '2027-11-01' });
    const sub = await suppliers().parts.addSubprocessor(admin, id, { name: 'Backup Co', country: 'Ireland', purpose: 'Off-site backups' });
    const supplier = await suppliers().get(admin, id);
    const records = await suppliers().parts.recordsOf(admin, supplier);
    assert.deepEqual(records.certifications.map((c) => [c.certificateNumber, c.state]).sort(), [['CE-1', 'expired'], ['CEP-1', 'valid'], ['ISO-1', 'expiring']]);
    assert.deepEqual([supplier.expiredCertificates, supplier.expiringCertificates], [1, 1]);
    assert.deepEqual([records.contracts.map((c) => c.reference), records.subprocessors.map((s) => s.name)], [['CON-2'], ['Backup Co']]);
    const expired = await suppliers().list(admin, { certificates: 'expired' }, 1);
    assert.deepEqual(expired.suppliers.map((s) => s.name), ['Certified Ltd']);
    assert.deepEqual((await suppliers().list(admin, { certificates: 'expiring', withinDays: 30 }, 1)).suppliers.map((s) => s.name), []);
    assert.deepEqual((await suppliers().list(admin, { certificates: 'expiring' }, 1)).suppliers.map((s) => s.name), ['Certified Ltd']);
    await suppliers().parts.removeCertification(admin, id, valid);
    await suppliers().parts.removeSubprocessor(admin, id, sub);
    await suppliers().parts.removeContract(admin, id, contract);
    assert.equal((await refusal(suppliers().parts.removeContract(admin, id, contract))).code, 'not_found');
    assert.equal((await refusal(suppliers().parts.removeContract(admin, id, 'not-an-id'))).code, 'not_found');
    for (const action of ['contract-added', 'contract-removed', 'certification-added', 'certification-removed', 'subprocessor-added', 'subprocessor-removed']) {
      assert.ok((await events(`supplier.${action}`)) >= 1, action);
    }
    assert.equal(await events('supplier.certification-added'), 3);
  });

  test('the list filters by unit, criticality, latest assessment, open deviations and search', async () => {
    const db = t.database.db;
    const assessed = await suppliers().create(admin, base('Assessed Ltd', { unit: 'HR', assets: 'IA-4' }));
    await db.insertInto('supplier_assessments').values([
      { reference: 'SA-0001', supplier_id: assessed, questionnaire_id: f.questionnaireId, status: 'completed', result: 'meets-with-deviations', completed_on: '2026-01-01', reassess_on: '2026-07-01', created_at: new Date('2026-01-01T00:00:00Z') },
      { reference: 'SA-0002', supplier_id: assessed, questionnaire_id: f.questionnaireId, status: 'in-progress', created_at: new Date('2026-11-01T00:00:00Z') },
    ]).execute();
    await db.insertInto('supplier_deviations').values({ supplier_id: assessed, kind: 'control', description: 'No MFA for admins', risk_id: f.riskId }).execute();
    await db.insertInto('risk_suppliers').values({ risk_id: f.riskId, supplier_id: assessed }).execute();
    const names = async (query: Parameters<typeof t.services.suppliers.list>[1]) => (await suppliers().list(admin, query, 1)).suppliers.map((s) => s.name);
    assert.deepEqual(await names({ unit: 'HR' }), ['Assessed Ltd', 'Handover Ltd']);
    assert.deepEqual(await names({ unit: 'NOWHERE' }), []);
    assert.deepEqual(await names({ assessmentStatus: 'in-progress' }), ['Assessed Ltd']);
    assert.deepEqual(await names({ assessmentStatus: 'completed' }), []);
    assert.ok((await names({ assessmentStatus: 'never' })).includes('Acme Hosting'));
    assert.deepEqual(await names({ openDeviations: true }), ['Assessed Ltd']);
    assert.deepEqual(await names({ criticality: 'critical', unit: 'HR' }), ['Assessed Ltd']);
    assert.deepEqual(await names({ criticality: 'high' }), ['Override Ltd', 'Owned Ltd', 'Sensitive Ltd']);
    assert.deepEqual(await names({ search: 'ab123' }), ['Acme Hosting']);
    const row = (await suppliers().list(admin, { search: 'Assessed' }, 1)).suppliers[0]!;
    assert.deepEqual([row.latestAssessmentStatus, row.openDeviations, row.classification], ['in-progress', 1, 'SECRET']);
    const records = await suppliers().parts.recordsOf(admin, row);
    assert.deepEqual(records.assessments.map((a) => a.reference), ['SA-0002', 'SA-0001']);
    assert.deepEqual(records.deviations.map((d) => [d.description, d.riskReference]), [['No MFA for admins', 'RSK-0001']]);
    assert.deepEqual(records.risks.map((r) => r.reference), ['RSK-0001']);
  });

  test('the export has the import’s columns, and is audited', async () => {
    const before = await events('suppliers.exported');
    const { csv } = await suppliers().exportCsv(admin);
    assert.match(csv, /^reference,name,company number,contact name,contact email,unit,sro,senior business owner,assets,services\r\n/);
    assert.match(csv, /SUP-\d{4},Acme Hosting,AB123456,Pat,pat@acme\.example,OPS,S1,S2,,\r\n/);
    assert.equal(await events('suppliers.exported'), before + 1);
    assert.equal((await refusal(suppliers().exportCsv(staff(f.people.ada)))).code, 'forbidden');
  });
});
