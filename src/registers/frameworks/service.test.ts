import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { ALPHA, BETA, CAF_V1, CAF_V2, mappingSet } from '../../../test/fixtures/frameworks/service-fixtures.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { BUILT_IN_CAF, loadBuiltInFrameworks } from './built-in.ts';
import { compareVersions } from './service.ts';

let t: TestContext;
const admin = systemActor('test');
const db = () => t.database.db;
const events = async () => (await db().selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const requirementId = async (frameworkCode: string, key: string) =>
  (await db().selectFrom('requirements as r').innerJoin('frameworks as f', 'f.id', 'r.framework_id').select('r.id').where('f.code', '=', frameworkCode).where('r.key', '=', key).executeTakeFirstOrThrow()).id;
async function rejection(work: Promise<unknown>): Promise<{ code: string; messages: string[] }> {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return { code: error.code, messages: error.problems.length ? error.problems.map((p) => p.message) : [error.message] };
  }
  assert.fail('expected the call to be refused');
}

let unitId: string;
let serviceId: string;
let controlId: string;

before(async () => {
  t = await createTestContext();
  const ops = await db().insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  unitId = ops.id;
  const service = await db().insertInto('technology_services').values({ reference: 'SVC-1', name: 'Case system', unit_id: ops.id, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow();
  serviceId = service.id;
  const control = await db().insertInto('controls').values({ code: 'CTL-MFA', title: 'Multi-factor authentication', kind: 'technology' }).returning('id').executeTakeFirstOrThrow();
  controlId = control.id;
  await db().insertInto('controls').values({ code: 'CTL-GOV', title: 'Board security reporting', kind: 'process' }).execute();
});
after(async () => t.close());

describe(`frameworks (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('versions compare as numbers: 4.0 after 3.2, 10 after 9, 5.1.1 after 5.1', () => {
    assert.ok(compareVersions('4.0', '3.2') > 0);
    assert.ok(compareVersions('10', '9') > 0);
    assert.ok(compareVersions('5.1.1', '5.1') > 0);
    assert.equal(compareVersions('1.0', '1.0'), 0);
  });

  test('a WebCAF file imports its hierarchy, indicators as assessable, and its GovAssure targets', async () => {
    const summary = await t.services.frameworks.importFile(admin, CAF_V1);
    assert.deepEqual({ framework: summary.framework, version: summary.version, requirements: summary.requirements, assessable: summary.assessable, mappings: summary.mappings }, { framework: 'ncsc-caf', version: '1.0', requirements: 8, assessable: 4, mappings: 0 });
    const requirements = await t.services.frameworks.requirements(admin, summary.frameworkId!);
    const byKey = new Map(requirements.map((r) => [r.key, r]));
    assert.equal(byKey.get('A1.a.A.1')!.parentId, byKey.get('A1.a')!.id);
    assert.equal(byKey.get('A1.a')!.parentId, byKey.get('A1')!.id);
    assert.equal(byKey.get('A1.a.A.1')!.details.achievement, 'achieved');
    const targets = await t.services.frameworks.profileTargets(admin, summary.frameworkId!);
    assert.deepEqual(targets.map((x) => [x.key, x.baseline, x.enhanced, x.source]), [['A1.a', 'achieved', 'achieved', 'framework'], ['A1.b', 'partially-achieved', 'achieved', 'framework']]);
  });

  test('the same file again changes nothing and records no event', async () => {
    const before = await events();
    const summary = await t.services.frameworks.importFile(admin, CAF_V1);
    assert.equal(summary.unchanged, true);
    assert.equal(await events(), before);
  });

  test('a newer version updates by key: mappings survive, dropped requirements retire, a department’s target stands', async () => {
    const frameworkId = (await db().selectFrom('frameworks').select('id').where('code', '=', 'ncsc-caf').executeTakeFirstOrThrow()).id;
    const indicator = await requirementId('ncsc-caf', 'A1.a.A.1');
    const dropped = await requirementId('ncsc-caf', 'A1.b.A.1');
    await t.services.frameworks.mapControl(admin, frameworkId, indicator, 'ctl-gov');
    await t.services.frameworks.mapControl(admin, frameworkId, dropped, 'CTL-GOV');
    await t.services.frameworks.setProfileTargets(admin, frameworkId, await requirementId('ncsc-caf', 'A1.a'), { baseline: 'partially-achieved', enhanced: 'achieved' });

    const summary = await t.services.frameworks.importFile(admin, CAF_V2);
    assert.equal(summary.version, '2.0');
    assert.deepEqual(summary.changes, { created: 3, updated: 1, unchanged: 4, retired: 3 });
    assert.equal(await requirementId('ncsc-caf', 'A1.a.A.1'), indicator, 'the same row, so its links hold');
    const requirements = await t.services.frameworks.requirements(admin, frameworkId);
    const byKey = new Map(requirements.map((r) => [r.key, r]));
    assert.equal(byKey.get('A1.a.A.1')!.text, 'Security policy is owned and managed at board level.');
    assert.deepEqual(byKey.get('A1.a.A.1')!.controls.map((c) => c.controlCode), ['CTL-GOV']);
    assert.equal(byKey.get('A1.b.A.1')!.status, 'retired');
    assert.deepEqual(byKey.get('A1.b.A.1')!.controls.map((c) => c.controlCode), ['CTL-GOV'], 'kept for the record');
    const target = (await t.services.frameworks.profileTargets(admin, frameworkId)).find((x) => x.key === 'A1.a')!;
    assert.deepEqual([target.baseline, target.source], ['partially-achieved', 'department']);
    const retiredMapping = await rejection(t.services.frameworks.mapControl(admin, frameworkId, dropped, 'CTL-MFA'));
    assert.equal(retiredMapping.code, 'invalid_state');
  });

  test('an older version is refused and changes nothing', async () => {
    const before = await events();
    const refused = await rejection(t.services.frameworks.importFile(admin, CAF_V1));
    assert.equal(refused.code, 'conflict');
    assert.match(refused.messages[0]!, /older than version 2\.0/);
    assert.equal((await db().selectFrom('frameworks').select('version').where('code', '=', 'ncsc-caf').executeTakeFirstOrThrow()).version, '2.0');
    assert.equal(await events(), before);
  });

  test('a bad file imports nothing and says what is wrong', async () => {
    const before = await events();
    const frameworks = (await t.services.frameworks.list(admin)).length;
    const bad = await rejection(t.services.frameworks.importFile(admin, { fileName: 'notes.txt', text: 'Just some notes\n' }));
    assert.equal(bad.code, 'validation_failed');
    assert.match(bad.messages[0]!, /does not recognise this file/);
    const unknownParent = CAF_V1.text.replace('          A1.b:\n            code: A1.b', '          B1.b:\n            code: B1.b');
    const broken = await rejection(t.services.frameworks.importFile(admin, { fileName: 'cyber-assessment-framework-v9.0.yaml', text: unknownParent }));
    assert.equal(broken.code, 'validation_failed');
    assert.ok(broken.messages.some((m) => /B1\.b/.test(m)), broken.messages.join('; '));
    assert.equal((await t.services.frameworks.list(admin)).length, frameworks);
    assert.equal(await events(), before);
  });

  test('mapping sets need both frameworks loaded and every requirement they name; then controls reach through them', async () => {
    const mapping = mappingSet([{ source: '1.1', target: 'X.1', relationship: 'equal' }]);
    const early = await rejection(t.services.frameworks.importFile(admin, mapping));
    assert.ok(early.messages.some((m) => /not loaded\. Import that framework first/.test(m)), early.messages.join('; '));
    await t.services.frameworks.importFile(admin, ALPHA);
    const beta = await t.services.frameworks.importFile(admin, BETA);
    const unknown = await rejection(t.services.frameworks.importFile(admin, mappingSet([{ source: '1.1', target: 'X.1', relationship: 'equal' }, { source: '9.9', target: 'X.1', relationship: 'subset' }])));
    assert.ok(unknown.messages.some((m) => /alpha:9\.9 is not a requirement of its source framework alpha/.test(m)), unknown.messages.join('; '));
    assert.equal((await db().selectFrom('mapping_sets').selectAll().execute()).length, 0, 'nothing half-written');

    const summary = await t.services.frameworks.importFile(admin, mapping);
    assert.equal(summary.mappings, 1);
    const alphaId = (await db().selectFrom('frameworks').select('id').where('code', '=', 'alpha').executeTakeFirstOrThrow()).id;
    await t.services.frameworks.mapControl(admin, alphaId, await requirementId('alpha', '1.1'), 'CTL-MFA');
    const met = await t.services.frameworks.requirementsMetByControl(admin, controlId);
    assert.deepEqual(
      met.map((m) => [m.frameworkCode, m.key, m.via ? `${m.via.fromFramework} ${m.via.fromKey} ${m.via.relationship}` : 'direct']),
      [['alpha', '1.1', 'direct'], ['beta', 'X.1', 'alpha framework 1.1 equal']],
    );
    const betaRequirements = await t.services.frameworks.requirements(admin, beta.frameworkId!);
    assert.deepEqual(betaRequirements.find((r) => r.key === 'X.1')!.throughMappings.map((c) => c.controlCode), ['CTL-MFA']);
  });

  test('one framework cannot come in under two codes', async () => {
    const renamed = ALPHA.text.replace('    ref_id: alpha\n', '    ref_id: alpha-two\n');
    assert.notEqual(renamed, ALPHA.text);
    const refused = await rejection(t.services.frameworks.importFile(admin, { fileName: 'alpha-two.yaml', text: renamed }));
    assert.match(refused.messages[0]!, /already loaded with the code alpha, not alpha-two/);
  });

  test('coverage counts assessable requirements with an implemented control, by unit and by service, through parents and mappings', async () => {
    const beta = (await db().selectFrom('frameworks').select('id').where('code', '=', 'beta').executeTakeFirstOrThrow()).id;
    const alpha = (await db().selectFrom('frameworks').select('id').where('code', '=', 'alpha').executeTakeFirstOrThrow()).id;
    assert.deepEqual(await t.services.frameworks.coverage(admin, beta), { total: 1, covered: 0, byUnit: [], byService: [] });
    await db().insertInto('control_implementations').values({ control_id: controlId, service_id: serviceId, status: 'implemented', status_on: '2026-11-01' }).execute();
    assert.deepEqual(await t.services.frameworks.coverage(admin, beta), { total: 1, covered: 1, byUnit: [{ id: 'OPS', name: 'Operations', covered: 1 }], byService: [{ id: serviceId, name: 'Case system', covered: 1 }] });
    // Mapped to the parent node, a control serves the assessable requirements beneath it.
    await t.services.frameworks.mapControl(admin, alpha, await requirementId('alpha', '1'), 'CTL-MFA');
    assert.equal((await t.services.frameworks.coverage(admin, alpha)).covered, 2);
    const caf = (await db().selectFrom('frameworks').select('id').where('code', '=', 'ncsc-caf').executeTakeFirstOrThrow()).id;
    const cafCoverage = await t.services.frameworks.coverage(admin, caf);
    assert.equal(cafCoverage.total, 4, 'A1.a’s three indicators and A1.c’s one; the retired ones do not count');
    assert.equal(cafCoverage.covered, 0, 'CTL-GOV has no implementation');
    assert.ok(unitId);
  });

  test('mapping and unmapping are audited; a duplicate or unknown control is refused', async () => {
    const alpha = (await db().selectFrom('frameworks').select('id').where('code', '=', 'alpha').executeTakeFirstOrThrow()).id;
    const requirement = await requirementId('alpha', '1.2');
    const before = await events();
    await t.services.frameworks.mapControl(admin, alpha, requirement, 'CTL-MFA');
    assert.equal((await rejection(t.services.frameworks.mapControl(admin, alpha, requirement, 'CTL-MFA'))).code, 'conflict');
    assert.match((await rejection(t.services.frameworks.mapControl(admin, alpha, requirement, 'CTL-NOPE'))).messages[0]!, /No control has the code CTL-NOPE/);
    await t.services.frameworks.unmapControl(admin, alpha, requirement, controlId);
    const actions = await db().selectFrom('audit_events').select('action').where('seq', '>', before).orderBy('seq').execute();
    assert.deepEqual(actions.map((a) => a.action), ['framework.control-mapped', 'framework.control-unmapped']);
  });

  test('targets are set per outcome only, with a level from the list', async () => {
    const caf = (await db().selectFrom('frameworks').select('id').where('code', '=', 'ncsc-caf').executeTakeFirstOrThrow()).id;
    const indicator = await rejection(t.services.frameworks.setProfileTargets(admin, caf, await requirementId('ncsc-caf', 'A1.a.A.1'), { baseline: 'achieved', enhanced: 'achieved' }));
    assert.match(indicator.messages.join(' '), /not a contributing outcome/);
    const level = await rejection(t.services.frameworks.setProfileTargets(admin, caf, await requirementId('ncsc-caf', 'A1.c'), { baseline: 'mostly', enhanced: '' }));
    assert.match(level.messages.join(' '), /Choose achieved, partially achieved or not achieved/);
  });

  test('the control-mapping CSV: a dry run lists every bad row; the import is idempotent; the export reads back', async () => {
    const csv = (...rows: string[]) => new TextEncoder().encode(['framework,requirement,control', ...rows].join('\r\n') + '\r\n');
    const run = (bytes: Uint8Array, dryRun = false) => t.services.frameworks.mappingImport.run(admin, { fileName: 'mappings.csv', bytes, dryRun });
    const bad = await run(csv('nope,1.1,CTL-MFA', 'alpha,9.9,CTL-MFA', 'alpha,1.2,CTL-NOPE', 'ncsc-caf,A1.b.A.1,CTL-MFA', 'alpha,1.2,CTL-MFA', 'alpha,1.2,ctl-mfa'), true);
    assert.deepEqual(bad.errors.map((e) => [e.line, e.column]).sort(), [[2, 'framework'], [3, 'requirement'], [4, 'control'], [5, 'requirement'], [7, 'control']].sort());
    const good = csv('alpha,1.2,CTL-MFA', 'beta,X,CTL-GOV');
    assert.deepEqual((await run(good, true)).counts.created, 2);
    assert.equal((await run(good)).counts.created, 2);
    const again = await run(good);
    assert.deepEqual([again.counts.created, again.counts.unchanged], [0, 2]);
    const alpha = (await db().selectFrom('frameworks').select('id').where('code', '=', 'alpha').executeTakeFirstOrThrow()).id;
    const exported = await t.services.frameworks.controlMappingsCsv(admin, alpha);
    assert.equal(exported.trim().split(/\r?\n/).length, 4, exported);
    const back = await run(new TextEncoder().encode(exported));
    assert.deepEqual([back.errors.length, back.counts.created], [0, 0]);
  });

  test('only the security team and administrators import and map; everyone reads', async () => {
    const staff = personActor('0f8fad5b-d9cb-469f-a165-70867728950e', [], unitId, [unitId]);
    assert.equal((await rejection(t.services.frameworks.importFile(staff, ALPHA))).code, 'forbidden');
    const alpha = (await db().selectFrom('frameworks').select('id').where('code', '=', 'alpha').executeTakeFirstOrThrow()).id;
    assert.equal((await rejection(t.services.frameworks.mapControl(staff, alpha, await requirementId('alpha', '1.1'), 'CTL-GOV'))).code, 'forbidden');
    assert.ok((await t.services.frameworks.list(staff)).length >= 3);
  });
});

describe('the built-in CAF 4.0', () => {
  test('loads with attribution and carried-over GovAssure targets, once', async () => {
    const fresh = await createTestContext();
    try {
      const frameworks = fresh.services.frameworks;
      const [summary] = await loadBuiltInFrameworks(frameworks, admin, (code) => frameworks.holds(code));
      assert.ok(summary && summary.frameworkId);
      assert.equal(summary.version, '4.0');
      const framework = await frameworks.get(admin, summary.frameworkId);
      assert.equal(framework.code, BUILT_IN_CAF.code);
      assert.equal(framework.builtIn, true);
      assert.match(framework.attribution, /Open Government Licence v3\.0/);
      const targets = await frameworks.profileTargets(admin, framework.id);
      assert.equal(targets.length, 41);
      assert.equal(targets.filter((x) => x.baseline && x.enhanced).length, 32);
      assert.deepEqual(targets.filter((x) => !x.baseline).map((x) => x.key).sort(), ['A2.b', 'A2.c', 'A4.b', 'C1.a', 'C1.d', 'C1.e', 'C1.f', 'C2.a', 'D2.a']);
      assert.deepEqual(await loadBuiltInFrameworks(frameworks, admin, (code) => frameworks.holds(code)), []);
    } finally {
      await fresh.close();
    }
  });
});
