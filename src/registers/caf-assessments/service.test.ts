import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type PersonActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { loadBuiltInFrameworks } from '../frameworks/built-in.ts';
import { cafAssessmentDeadlines } from './deadlines.ts';
import type { OutcomeInput, StartInput } from './entity.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
const ids: Record<string, string> = {};
let security: PersonActor;
let assessor: PersonActor;
let stranger: PersonActor;
let auditor: PersonActor;

const auditActions = async () => (await t.database.db.selectFrom('audit_events').select(['action', 'record_id', 'metadata']).orderBy('seq').execute()).map((e) => e.action);
const startInput = (overrides: Partial<StartInput> = {}): StartInput => ({ service: 'SVC-0001', profile: 'baseline', dueOn: '2027-01-31', assessors: ['assessor@example.gov.uk'], ...overrides });
const answer = (overrides: Partial<OutcomeInput> = {}): OutcomeInput => ({ status: 'achieved', justification: 'Seen in the service’s runbook', indicators: {}, ...overrides });

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const unit = async (code: string, parent?: string) => (await db.insertInto('organisation_units').values({ code, name: code, unit_type: 'department', ...(parent ? { parent_id: parent } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
  ids.dept = await unit('DEPT');
  ids.ops = await unit('OPS', ids.dept);
  for (const key of ['security', 'assessor', 'stranger', 'auditor']) {
    ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ids.ops, staff_number: key.toUpperCase() }).returning('id').executeTakeFirstOrThrow()).id;
  }
  ids.service = (await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: ids.ops, hosting: 'saas', criticality: 'critical' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('technology_services').values({ reference: 'SVC-0002', name: 'Intranet', unit_id: ids.ops, hosting: 'saas', criticality: 'high' }).execute();
  await loadBuiltInFrameworks(t.services.frameworks, systemActor('test'), (code) => t.services.frameworks.holds(code));
  const outcome = async (key: string) => (await db.selectFrom('requirements').select('id').where('key', '=', key).where('framework_id', 'is not', null).executeTakeFirstOrThrow()).id;
  const control = async (code: string, outcomes: string[]) => {
    const id = (await db.insertInto('controls').values({ code, title: code, kind: 'technology' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const key of outcomes) await db.insertInto('control_requirements').values({ control_id: id, requirement_id: await outcome(key) }).execute();
    return id;
  };
  const implement = async (controlId: string, status: string, where: { service_id?: string; unit_id?: string }) =>
    (await db.insertInto('control_implementations').values({ control_id: controlId, status: status as 'implemented', status_on: '2026-09-01', ...where }).returning('id').executeTakeFirstOrThrow()).id;
  // B2.c: one control, implemented on the service with a link in date: proven.
  const mfa = await implement(await control('CTL-MFA', ['B2.c']), 'implemented', { service_id: ids.service });
  await db.insertInto('control_evidence').values({ implementation_id: mfa, kind: 'link', url: 'https://example.gov.uk/mfa', note: 'Conditional access export', review_by: '2027-06-01', added_by: 'test' }).execute();
  // B3.b: one implemented with evidence at the unit, one only partly on the service: partially achieved proposed.
  const crypto = await implement(await control('CTL-CRY', ['B3.b']), 'implemented', { unit_id: ids.dept });
  await db.insertInto('control_evidence').values({ implementation_id: crypto, kind: 'note', note: 'Keys managed in KMS', review_by: '2027-06-01', added_by: 'test' }).execute();
  await implement(await control('CTL-KEY', ['B3.b']), 'partial', { service_id: ids.service });
  // B4.d: implemented, but its evidence is past its review date: not proven.
  const vuln = await implement(await control('CTL-VUL', ['B4.d']), 'implemented', { service_id: ids.service });
  await db.insertInto('control_evidence').values({ implementation_id: vuln, kind: 'note', note: 'Scan report', review_by: '2026-01-01', added_by: 'test' }).execute();
  // A1.b: an open finding of the rule that evidences it, on the service.
  await db.insertInto('compliance_findings').values({
    rule_id: 'services.owners', record_type: 'technology-service', record_id: ids.service, scope_type: 'service', scope_id: ids.service, unit_id: ids.ops,
    label: 'SVC-0001 Case system', reason: 'No Senior Responsible Officer is appointed', status: 'open', opened_at: new Date('2026-11-01T00:00:00Z'), changed_at: new Date('2026-11-01T00:00:00Z'),
  }).execute();
  const all = [ids.dept, ids.ops];
  security = personActor(ids.security!, ['security_team'], ids.dept, all);
  assessor = personActor(ids.assessor!, [], ids.dept, all);
  stranger = personActor(ids.stranger!, [], ids.dept, all);
  auditor = personActor(ids.auditor!, ['auditor'], ids.dept, all);
});
after(async () => t.close());

describe(`CAF self-assessments (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('starting says what to fix: a non-critical service, no assessor, a past date, an unknown profile', async () => {
    const refused = await refusal(t.services.cafAssessments.start(security, startInput({ service: 'SVC-0002', profile: 'gold', dueOn: '2026-01-01', assessors: [] })));
    assert.equal(refused.code, 'validation_failed');
    assert.match(refused.messages.join('\n'), /service: SVC-0002 Intranet is of high criticality: GovAssure self-assessments are of critical services/);
    assert.match(refused.messages.join('\n'), /profile: Choose the GovAssure profile/);
    assert.match(refused.messages.join('\n'), /dueOn: The due date must be today or later/);
    assert.match(refused.messages.join('\n'), /assessors: Enter the email or staff number of at least one assessor/);
    assert.equal((await refusal(t.services.cafAssessments.start(assessor, startInput()))).code, 'forbidden');
  });

  test('the security team starts one, pre-filled from the registers, with one audit event', async () => {
    const before = (await auditActions()).length;
    ids.assessment = await t.services.cafAssessments.start(security, startInput());
    assert.deepEqual((await auditActions()).slice(before), ['caf-assessment.started']);
    const a = await t.services.cafAssessments.get(security, ids.assessment);
    assert.equal(a.reference, 'CAF-0001');
    assert.equal(a.status, 'in-progress');
    assert.deepEqual(a.assessors.map((x) => x.name), ['assessor']);
    const of = (key: string) => a.outcomes.find((o) => o.key === key) ?? assert.fail(key);
    assert.equal(of('B2.c').status, 'achieved');
    assert.equal(of('B2.c').source, 'registers');
    assert.ok(of('B2.c').evidence.some((e) => e.supports && e.url === 'https://example.gov.uk/mfa'));
    assert.equal(of('B3.b').status, 'partially-achieved');
    assert.ok(of('B3.b').evidence.some((e) => !e.supports && /Partly implemented on this service/.test(e.detail)));
    assert.ok(of('B3.b').evidence.some((e) => e.supports && /at DEPT/.test(e.detail)));
    assert.equal(of('B4.d').status, null, 'evidence past its review proves nothing');
    assert.match(of('B4.d').evidence[0]!.detail, /due for review by 2026-01-01/);
    assert.equal(of('A1.b').status, null);
    assert.match(of('A1.b').evidence.map((e) => e.detail).join(), /No Senior Responsible Officer/);
    // The gap: B2.c achieved meets its partially-achieved target; B3.b meets partially; the rest are not assessed.
    assert.equal(of('B2.c').gap, 'meets');
    assert.equal(a.totals.meets, 2);
    assert.equal(a.totals.below + a.totals.noTarget, 0);
    assert.equal(a.totals.notAssessed, a.outcomes.length - 2);
    const refused = await refusal(t.services.cafAssessments.start(security, startInput()));
    assert.match(refused.messages.join(), /already has a CAF self-assessment that is not completed/);
  });

  test('only an assigned assessor records outcomes; bad answers say what to fix', async () => {
    assert.equal((await refusal(t.services.cafAssessments.recordOutcome(stranger, ids.assessment!, 'A1.a', answer()))).code, 'forbidden');
    assert.equal((await refusal(t.services.cafAssessments.recordOutcome(security, ids.assessment!, 'A1.a', answer()))).code, 'forbidden');
    const bad = await refusal(t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'A1.a', { status: 'excellent', justification: '', indicators: { 'Z9.z.A.1': true } }));
    assert.equal(bad.code, 'validation_failed');
    assert.match(bad.messages.join('\n'), /status: Choose the outcome’s status/);
    assert.match(bad.messages.join('\n'), /indicators: Z9.z.A.1 is not an indicator of A1.a/);
    const missing = await refusal(t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'A1.a', answer({ justification: ' ' })));
    assert.match(missing.messages.join(), /justification: Say why/);
  });

  test('the assessor overrides a proposal and answers indicators; the gap follows; the audit says it was overridden', async () => {
    const before = await t.services.cafAssessments.get(assessor, ids.assessment!);
    const a1a = before.outcomes.find((o) => o.key === 'A1.a')!;
    const firstAchieved = a1a.indicators.find((i) => i.achievement === 'achieved')!;
    await t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'A1.a', answer({ status: 'partially-achieved', indicators: { [firstAchieved.key]: true } }));
    await t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'B2.c', answer({ status: 'not-achieved', justification: 'MFA is not enforced for break-glass accounts' }));
    const after = await t.services.cafAssessments.get(assessor, ids.assessment!);
    const of = (key: string) => after.outcomes.find((o) => o.key === key)!;
    assert.equal(of('A1.a').gap, 'below', 'A1.a’s Baseline target is achieved');
    assert.equal(of('A1.a').indicators.find((i) => i.key === firstAchieved.key)!.met, true);
    assert.ok(of('A1.a').indicators.filter((i) => i.key !== firstAchieved.key).every((i) => i.met === false));
    assert.equal(of('B2.c').source, 'assessor');
    assert.equal(of('B2.c').gap, 'below');
    const events = await t.database.db.selectFrom('audit_events').select(['action', 'metadata']).where('action', '=', 'caf-assessment.outcome-recorded').orderBy('seq').execute();
    assert.deepEqual(events.map((e) => (e.metadata as Record<string, unknown>).registersProposal ?? null), [null, 'overridden']);
    // The assessor sets a proposal aside as not assessed (yet): that is an answer too.
    await t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'B3.b', { status: 'not-assessed', justification: '', indicators: {} });
    // Pre-fill again: the assessor's answers stand; the proposals are kept beside them.
    await t.services.cafAssessments.refreshPrefill(assessor, ids.assessment!);
    const b3b = (await t.services.cafAssessments.get(security, ids.assessment!)).outcomes.find((o) => o.key === 'B3.b')!;
    assert.deepEqual([b3b.status, b3b.source, b3b.proposedStatus], [null, 'assessor', 'partially-achieved']);
    const refreshed = await t.services.cafAssessments.get(security, ids.assessment!);
    assert.equal(refreshed.outcomes.find((o) => o.key === 'B2.c')!.status, 'not-achieved');
    assert.equal(refreshed.outcomes.find((o) => o.key === 'B2.c')!.proposedStatus, 'achieved');
    const objectiveB = refreshed.gapByObjective.find((g) => g.objectiveKey === 'B')!;
    assert.equal(objectiveB.below, 1);
    assert.equal(objectiveB.meets, 0);
  });

  test('the CSV has a row per outcome with target, status, gap and evidence', async () => {
    const { csv } = await t.services.cafAssessments.exportCsv(auditor, ids.assessment!);
    const lines = csv.trim().split('\r\n');
    assert.match(lines[0]!, /^objective,principle,outcome,title,target,status,gap/);
    const b2c = lines.find((l) => l.includes(',B2.c,'))!;
    assert.match(b2c, /Partially achieved,Not achieved,Below target/);
  });

  test('it is an assessor’s duty until submitted; submitting needs every outcome; completing freezes it', async () => {
    const duties = await cafAssessmentDeadlines(t.database.db, { today: '2026-11-28', personId: ids.assessor! });
    assert.deepEqual(duties.map((d) => [d.kind, d.dueOn, d.because, d.href]), [['caf-assessment', '2027-01-31', 'assessor', `/caf-assessments/${ids.assessment}`]]);
    assert.deepEqual(await cafAssessmentDeadlines(t.database.db, { today: '2026-11-28', personId: ids.stranger! }), []);
    const early = await refusal(t.services.cafAssessments.submit(assessor, ids.assessment!));
    assert.match(early.messages.join(), /outcomes: Assess every contributing outcome before submitting/);
    const a = await t.services.cafAssessments.get(assessor, ids.assessment!);
    for (const o of a.outcomes.filter((x) => x.status === null)) await t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, o.key, answer({ status: 'partially-achieved' }));
    assert.equal((await refusal(t.services.cafAssessments.complete(security, ids.assessment!))).code, 'invalid_state');
    await t.services.cafAssessments.submit(assessor, ids.assessment!);
    assert.equal((await refusal(t.services.cafAssessments.recordOutcome(assessor, ids.assessment!, 'A1.a', answer()))).code, 'invalid_state');
    assert.equal((await refusal(t.services.cafAssessments.complete(assessor, ids.assessment!))).code, 'forbidden');
    await t.services.cafAssessments.complete(security, ids.assessment!);
    const done = await t.services.cafAssessments.get(assessor, ids.assessment!);
    assert.equal(done.status, 'completed');
    assert.equal(done.totals.notAssessed, 0);
    assert.deepEqual(await cafAssessmentDeadlines(t.database.db, { today: '2026-11-28' }), []);
    assert.deepEqual((await t.services.cafAssessments.list(stranger)).length, 0);
    assert.deepEqual((await t.services.cafAssessments.list(assessor)).map((x) => x.reference), ['CAF-0001']);
    assert.equal((await refusal(t.services.cafAssessments.get(stranger, ids.assessment!))).code, 'forbidden');
  });

  test('two people starting an assessment of the same service at once: one starts it, the other is told why', async () => {
    await t.database.db.insertInto('technology_services').values({ reference: 'SVC-0003', name: 'Payments', unit_id: ids.ops!, hosting: 'saas', criticality: 'critical' }).execute();
    const results = await Promise.allSettled([t.services.cafAssessments.start(security, startInput({ service: 'SVC-0003' })), t.services.cafAssessments.start(security, startInput({ service: 'SVC-0003' }))]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    assert.ok(isAppError(refused.reason) && refused.reason.code === 'validation_failed', String(refused.reason));
    assert.match(refused.reason.problems[0]?.message ?? "", /SVC-0003 already has a CAF self-assessment that is not completed/);
  });
});
