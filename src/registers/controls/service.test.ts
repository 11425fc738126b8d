import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { createTestContext, testConfig, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { isAppError } from '../../platform/http/errors.ts';

let t: TestContext;
const admin = systemActor('test');
const ids: Record<string, string> = {};
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function problemsOf(work: Promise<unknown>): Promise<Array<{ field: string; message: string }>> {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return [...error.problems.map((p) => ({ ...p })), ...(error.problems.length ? [] : [{ field: error.code, message: error.message }])];
    throw error;
  }
  assert.fail('expected a refusal');
}
const auditCount = async () => (await t.database.db.selectFrom('audit_events').select('seq').execute()).length;

before(async () => {
  t = await createTestContext({ config: testConfig({ CUSTODIAN_MAX_UPLOAD_MB: '1' }) });
  const db = t.database.db;
  const dept = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  const ops = await db.insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'business_area', parent_id: dept.id }).returning('id').executeTakeFirstOrThrow();
  ids.dept = dept.id;
  ids.ops = ops.id;
  for (const [key, email] of [['tso', 'tso@example.gov.uk'], ['other', 'other@example.gov.uk'], ['owner', 'owner@example.gov.uk']] as const) {
    ids[key] = (await db.insertInto('people').values({ email, display_name: key, unit_id: ops.id, staff_number: key.toUpperCase() }).returning('id').executeTakeFirstOrThrow()).id;
  }
  for (const [key, status] of [['SISP-001', 'active'], ['SISP-002', 'active'], ['SISP-003', 'retired']] as const) {
    await db.insertInto('requirements').values({ key, source_type: 'policy-statement', text: `Statement ${key}`, status }).execute();
  }
  const service = async (reference: string, name: string, criticality: string) =>
    (await db.insertInto('technology_services').values({ reference, name, unit_id: ops.id, hosting: 'saas', criticality }).returning('id').executeTakeFirstOrThrow()).id;
  ids.svc = await service('SVC-1', 'Case system', 'high');
  ids.svc2 = await service('SVC-2', 'Wiki', 'low');
  const asset = await db.insertInto('information_assets').values({ reference: 'IA-1', name: 'Case files', unit_id: ops.id, classification_tier: 'OFFICIAL', sensitive: true, descriptors: JSON.stringify(['PERSONAL DATA']), personal_data: true }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('service_assets').values({ service_id: ids.svc, asset_id: asset.id }).execute();
  await db.insertInto('appointments').values({ role_code: 'technology-service-owner', person_id: ids.tso!, record_type: 'technology-service', record_id: ids.svc, starts_on: '2025-01-01' }).execute();
});
after(async () => t.close());

describe(`controls (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a control is created with its requirements by key, each change one audit event', async () => {
    const before = await auditCount();
    ids.mfa = await t.services.controls.create(admin, { code: 'ctl-acc-01', title: 'Multi-factor authentication', kind: 'technology', owner: 'owner@example.gov.uk', requirementKeys: ['SISP-001', 'sisp-002'] });
    const control = await t.services.controls.get(admin, ids.mfa);
    assert.equal(control.code, 'CTL-ACC-01');
    assert.equal(control.ownerName, 'owner');
    assert.deepEqual(control.requirements.map((r) => r.key), ['SISP-001', 'SISP-002']);
    assert.equal(await auditCount(), before + 1);
    await t.services.controls.update(admin, ids.mfa, { code: 'CTL-ACC-01', title: 'MFA', kind: 'technology', owner: 'OWNER', requirementKeys: ['SISP-002'] });
    assert.deepEqual((await t.services.controls.get(admin, ids.mfa)).requirements.map((r) => r.key), ['SISP-002']);
    assert.equal(await auditCount(), before + 2);
    ids.training = await t.services.controls.create(admin, { code: 'CTL-PPL-01', title: 'Security training', kind: 'people', requirementKeys: [] });
  });

  test('every mistake in a control is reported at once: code taken, unknown and retired keys, unknown owner', async () => {
    const problems = await problemsOf(t.services.controls.create(admin, { code: 'CTL-ACC-01', title: '', kind: 'magic', owner: 'nobody@example.gov.uk', requirementKeys: ['SISP-999', 'SISP-003'] }));
    assert.deepEqual(problems.map((p) => p.field).sort(), ['code', 'kind', 'owner', 'requirements', 'requirements', 'title']);
    assert.ok(problems.some((p) => /SISP-999 is not a requirement key/.test(p.message)));
    assert.ok(problems.some((p) => /SISP-003 is retired/.test(p.message)));
  });

  test('a baseline derives the required controls of the services whose profile it matches', async () => {
    await t.services.controls.createBaseline(admin, { code: 'BL-OSPD', name: 'OFFICIAL-SENSITIVE personal data', minTier: 'OFFICIAL', requiresSensitive: true, requiresPersonalData: true, descriptor: null, minCriticality: null, controlCodes: ['CTL-ACC-01', 'CTL-PPL-01'] });
    const required = await t.services.controls.forService(admin, ids.svc!);
    assert.deepEqual(required.required.map((r) => [r.code, r.baselines, r.implementation]), [
      ['CTL-ACC-01', ['OFFICIAL-SENSITIVE personal data'], null],
      ['CTL-PPL-01', ['OFFICIAL-SENSITIVE personal data'], null],
    ]);
    assert.equal(required.canRecord, true);
    assert.deepEqual((await t.services.controls.forService(admin, ids.svc2!)).required, [], 'the wiki processes no assets');
    const problems = await problemsOf(t.services.controls.createBaseline(admin, { code: 'BL-OSPD', name: 'x', minTier: 'PUBLIC', requiresSensitive: null, requiresPersonalData: null, descriptor: 'NOPE', minCriticality: 'extreme', controlCodes: ['CTL-NONE'] }));
    assert.deepEqual(problems.map((p) => p.field).sort(), ['code', 'controls', 'descriptor', 'minCriticality', 'minTier']);
  });

  test('implementations: not applicable needs a reason, exactly one of service or unit, technology controls only per service', async () => {
    const na = await problemsOf(t.services.controls.implementations.record(admin, { controlId: ids.mfa!, serviceId: ids.svc! }, { status: 'not-applicable' }));
    assert.deepEqual(na.map((p) => p.field), ['notApplicableReason']);
    const reason = await problemsOf(t.services.controls.implementations.record(admin, { controlId: ids.mfa!, serviceId: ids.svc! }, { status: 'implemented', notApplicableReason: 'because' }));
    assert.deepEqual(reason.map((p) => p.field), ['notApplicableReason']);
    const both = await problemsOf(t.services.controls.implementations.record(admin, { controlId: ids.mfa!, serviceId: ids.svc!, unitId: ids.ops! }, { status: 'implemented' }));
    assert.deepEqual(both.map((p) => p.field), ['target']);
    const unit = await problemsOf(t.services.controls.implementations.record(admin, { controlId: ids.mfa!, unitId: ids.ops! }, { status: 'implemented' }));
    assert.match(unit[0]!.message, /technology control: record it for each technology service/);

    ids.impl = await t.services.controls.implementations.record(admin, { controlId: ids.mfa!, serviceId: ids.svc! }, { status: 'partial', owner: 'TSO', statusOn: '2026-11-01' });
    ids.unitImpl = await t.services.controls.implementations.record(admin, { controlId: ids.training!, unitId: ids.dept! }, { status: 'implemented' });
    const again = await problemsOf(t.services.controls.implementations.record(admin, { controlId: ids.mfa!, serviceId: ids.svc! }, { status: 'implemented' }));
    assert.match(again[0]!.message, /already recorded/);
    const view = await t.services.controls.forService(admin, ids.svc!);
    assert.deepEqual(view.required.map((r) => [r.code, r.implementation?.status, r.implementation?.date]), [
      ['CTL-ACC-01', 'partial', '2026-11-01'],
      ['CTL-PPL-01', 'implemented', '2026-11-28'],
    ], 'a people control implemented for a unit above the service counts');
  });

  test('the TSO records for their own service only; other staff cannot', async () => {
    const tso = personActor(ids.tso!, [], ids.dept!, [ids.dept!, ids.ops!]);
    const other = personActor(ids.other!, [], ids.dept!, [ids.dept!, ids.ops!]);
    assert.equal((await t.services.controls.forService(tso, ids.svc!)).canRecord, true);
    assert.equal((await t.services.controls.forService(tso, ids.svc2!)).canRecord, false);
    await t.services.controls.implementations.changeStatus(tso, ids.impl!, { status: 'implemented', owner: 'tso@example.gov.uk' });
    assert.equal((await t.services.controls.implementations.get(tso, ids.impl!)).status, 'implemented');
    assert.deepEqual(await problemsOf(t.services.controls.implementations.record(tso, { controlId: ids.mfa!, serviceId: ids.svc2! }, { status: 'implemented' })), [{ field: 'forbidden', message: 'Only the security team, or the Technology Service Owner or Senior Responsible Officer of the service, may record its control implementations.' }]);
    assert.equal((await problemsOf(t.services.controls.implementations.changeStatus(other, ids.impl!, { status: 'partial' })))[0]?.field, 'forbidden');
    assert.equal((await problemsOf(t.services.controls.implementations.changeStatus(tso, ids.unitImpl!, { status: 'partial' })))[0]?.field, 'forbidden', 'a TSO does not record for units');
    assert.equal((await problemsOf(t.services.controls.create(tso, { code: 'X-1', title: 'x', kind: 'people', requirementKeys: [] })))[0]?.field, 'forbidden');
  });

  test('evidence: links must be http(s), review-by is required, overdue evidence shows as such', async () => {
    const bad = await problemsOf(t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'link', url: 'javascript:alert(1)', reviewBy: '' }));
    assert.deepEqual(bad.map((p) => p.field), ['url', 'reviewBy']);
    await t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'link', url: 'https://confluence.example/mfa', reviewBy: '2027-01-01' });
    await t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'note', note: 'Checked the IdP config', reviewBy: '2026-11-28' });
    t.clock.set('2026-12-01T09:00:00Z');
    const { evidence, implementation } = await t.services.controls.implementations.detail(admin, ids.impl!);
    assert.deepEqual(evidence.map((e) => [e.kind, e.reviewOverdue]).sort(), [['link', false], ['note', true]]);
    assert.equal(implementation.evidenceOverdue, 1);
    t.clock.set('2026-11-28T09:00:00Z');
  });

  test('files: type and size are refused with clear errors; a stored file comes back identical with its SHA-256', async () => {
    const fake = await problemsOf(t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'file', file: { name: 'report.pdf', bytes: new TextEncoder().encode('MZ\u0000\u0001not really a pdf') }, reviewBy: '2027-01-01' }));
    assert.match(fake[0]!.message, /report\.pdf is not a file type Custodian accepts/);
    const mismatch = await problemsOf(t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'file', file: { name: 'scan.png', bytes: PDF }, reviewBy: '2027-01-01' }));
    assert.match(mismatch[0]!.message, /scan\.png is named as a PNG image but its content is PDF/);
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x41);
    const tooBig = await problemsOf(t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'file', file: { name: 'big.txt', bytes: big }, reviewBy: '2027-01-01' }));
    assert.match(tooBig[0]!.message, /big\.txt is 1 MB: the largest file allowed is 1 MB|big\.txt is .* the largest file allowed is 1 MB/);
    const before = await auditCount();
    const evidenceId = await t.services.controls.implementations.addEvidence(admin, ids.impl!, { kind: 'file', file: { name: 'pen-test.pdf', bytes: PDF }, reviewBy: '2027-01-01' });
    assert.equal(await auditCount(), before + 1);
    const file = await t.services.controls.implementations.evidenceFile(admin, evidenceId);
    assert.equal(file.mediaType, 'application/pdf');
    assert.equal(file.sha256, createHash('sha256').update(PDF).digest('hex'));
    assert.deepEqual(Buffer.from(file.content), Buffer.from(PDF));
    assert.ok(file.content instanceof Uint8Array);
  });
});
