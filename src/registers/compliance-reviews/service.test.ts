import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PersonActor } from '../../access/actor.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { personActor } from '../../../test/support/actors.ts';
import { complianceReviewDeadlines } from './deadlines.ts';
import type { ReviewInput } from './entity.ts';
import { refusal } from '../../../test/support/refusal.ts';

let t: TestContext;
const ids: Record<string, string> = {};
let security: PersonActor;
let auditor: PersonActor;
let staff: PersonActor;
let outsider: PersonActor;

const auditActions = async () => (await t.database.db.selectFrom('audit_events').select(['action', 'record_id']).orderBy('seq').execute());
const reviewInput = (overrides: Partial<ReviewInput> = {}): ReviewInput => ({
  title: 'Case system against the security policy',
  unit: '',
  service: 'SVC-0001',
  source: 'TSP',
  requirements: 'TSP-001, TSP-002\nTSP-003',
  lead: 'lead@example.gov.uk',
  plannedOn: '2026-12-15',
  ...overrides,
});

before(async () => {
  t = await createTestContext();
  const db = t.database.db;
  const unit = async (code: string, parent?: string) => (await db.insertInto('organisation_units').values({ code, name: code, unit_type: 'department', ...(parent ? { parent_id: parent } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
  ids.dept = await unit('DEPT');
  ids.ops = await unit('OPS', ids.dept);
  ids.other = await unit('OTHER', ids.dept);
  for (const key of ['lead', 'owner', 'auditor', 'outsider']) {
    ids[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key, unit_id: ids.ops, staff_number: key.toUpperCase() }).returning('id').executeTakeFirstOrThrow()).id;
  }
  ids.service = (await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: ids.ops, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow()).id;
  ids.document = (await db.insertInto('documents').values({ tier: 2, title: 'Test security policy', unit_id: ids.dept, key_prefix: 'TSP' }).returning('id').executeTakeFirstOrThrow()).id;
  for (const n of [1, 2, 3, 4]) {
    ids[`req${n}`] = (await db.insertInto('requirements').values({ key: `TSP-00${n}`, source_type: 'policy-statement', document_id: ids.document, text: `Statement ${n} must be met.` }).returning('id').executeTakeFirstOrThrow()).id;
  }
  // The engine finds statement 1 failing on the service: the reviewer sees it beside the item.
  const at = new Date('2026-11-01T09:00:00Z');
  await db.insertInto('compliance_findings').values({ rule_id: 'test.rule', record_type: 'technology-service', record_id: ids.service, requirement_id: ids.req1!, scope_type: 'service', scope_id: ids.service, unit_id: ids.ops, label: 'Case system', reason: 'No TSO', status: 'open', opened_at: at, changed_at: at }).execute();
  const all = [ids.dept, ids.ops, ids.other];
  security = personActor(ids.lead!, ['security_team'], ids.dept, all);
  auditor = personActor(ids.auditor!, ['auditor'], ids.dept, all);
  staff = personActor(ids.owner!, [], ids.dept, all);
  // The security team of another unit only: its grant is not at the top of the tree.
  const other = personActor(ids.outsider!, ['security_team'], ids.other, [ids.other]);
  outsider = { ...other, grants: other.grants.map((g) => ({ ...g, atRoot: false })) };
});
after(async () => t.close());

describe(`compliance-reviews (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the security team plans a review of a service, in its unit, with one audit event; the checklist is previewed, not yet drawn', async () => {
    const before = (await auditActions()).length;
    ids.review = await t.services.complianceReviews.create(security, reviewInput());
    assert.deepEqual((await auditActions()).slice(before).map((e) => [e.action, e.record_id]), [['compliance-review.planned', ids.review]]);
    const review = await t.services.complianceReviews.get(auditor, ids.review);
    assert.deepEqual([review.reference, review.status, review.unitId, review.serviceReference, review.sourceCode, review.leadPersonId], ['CR-0001', 'planned', ids.ops, 'SVC-0001', 'TSP', ids.lead]);
    assert.deepEqual(review.preview.map((p) => p.key), ['TSP-001', 'TSP-002', 'TSP-003']);
    assert.equal(review.checklist.length, 0);
  });

  test('a review form with mistakes names every field at fault, and writes nothing', async () => {
    const before = (await auditActions()).length;
    const { code, fields, message } = await refusal(t.services.complianceReviews.create(security, reviewInput({ title: '', service: 'SVC-9999', source: 'NOPE', lead: 'nobody@example.gov.uk', plannedOn: '2026-02-30' })));
    assert.equal(code, 'validation_failed');
    assert.deepEqual(fields, ['lead', 'plannedOn', 'service', 'source', 'title']);
    assert.match(message, /title/);
    assert.deepEqual((await refusal(t.services.complianceReviews.create(security, reviewInput({ requirements: 'TSP-001 TSP-999' })))).fields, ['requirements']);
    assert.equal((await auditActions()).length, before);
  });

  test('only the security team of the review’s unit may plan or run it; staff and auditors cannot; outsiders cannot see it', async () => {
    assert.equal((await refusal(t.services.complianceReviews.create(staff, reviewInput()))).code, 'forbidden');
    assert.equal((await refusal(t.services.complianceReviews.create(auditor, reviewInput()))).code, 'forbidden');
    assert.equal((await refusal(t.services.complianceReviews.create(outsider, reviewInput()))).code, 'forbidden');
    assert.equal((await refusal(t.services.complianceReviews.start(auditor, ids.review!))).code, 'forbidden');
    assert.equal((await refusal(t.services.complianceReviews.get(outsider, ids.review!))).code, 'forbidden');
    assert.deepEqual(await t.services.complianceReviews.list(outsider), []);
  });

  test('starting draws the checklist as the requirements stand; later changes to a statement do not rewrite it; the engine’s view shows beside each item', async () => {
    await t.services.complianceReviews.start(security, ids.review!);
    await t.database.db.updateTable('requirements').set({ text: 'Statement 1 reworded in a later version.' }).where('id', '=', ids.req1!).execute();
    const review = await t.services.complianceReviews.get(security, ids.review!);
    assert.equal(review.status, 'in-progress');
    assert.equal(review.startedOn, '2026-11-28');
    assert.deepEqual(review.checklist.map((i) => [i.requirementKey, i.requirementText, i.result]), [
      ['TSP-001', 'Statement 1 must be met.', null],
      ['TSP-002', 'Statement 2 must be met.', null],
      ['TSP-003', 'Statement 3 must be met.', null],
    ]);
    assert.deepEqual(review.checklist.map((i) => i.engine.open), [1, 0, 0]);
    assert.equal((await refusal(t.services.complianceReviews.start(security, ids.review!))).code, 'invalid_state');
  });

  test('results, a finding and its remediation action; completing needs every item to have a result', async () => {
    const review = await t.services.complianceReviews.get(security, ids.review!);
    const [one, two, three] = review.checklist;
    assert.deepEqual((await refusal(t.services.complianceReviews.recordResult(security, ids.review!, one!.id, { result: 'not-met', note: '' }))).fields, ['note']);
    assert.deepEqual((await refusal(t.services.complianceReviews.recordResult(security, ids.review!, one!.id, { result: 'fine', note: '' }))).fields, ['result']);
    await t.services.complianceReviews.recordResult(security, ids.review!, one!.id, { result: 'not-met', note: 'No service owner appointed.' });
    await t.services.complianceReviews.recordResult(security, ids.review!, two!.id, { result: 'met', note: '' });
    const incomplete = await refusal(t.services.complianceReviews.complete(security, ids.review!, { conclusion: 'Done' }));
    assert.equal(incomplete.code, 'validation_failed');
    assert.match(incomplete.message, /1 has none \(TSP-003\)/);
    await t.services.complianceReviews.recordResult(security, ids.review!, three!.id, { result: 'not-applicable', note: 'No personal data' });

    assert.deepEqual((await refusal(t.services.complianceReviews.addFinding(security, ids.review!, { severity: 'critical', description: '', item: 'TSP-999' }))).fields, ['description', 'item', 'severity']);
    const findingId = await t.services.complianceReviews.addFinding(security, ids.review!, { severity: 'major', description: 'The service has no owner.', item: 'tsp-001' });
    await t.services.complianceReviews.addFinding(security, ids.review!, { severity: 'observation', description: 'Good logging.', item: '' });
    assert.deepEqual((await refusal(t.services.complianceReviews.addAction(security, ids.review!, findingId, { title: '', owner: 'nobody', dueOn: '2026-11-01' }))).fields, ['dueOn', 'owner', 'title']);
    const before = (await auditActions()).length;
    const actionId = await t.services.complianceReviews.addAction(security, ids.review!, findingId, { title: 'Appoint a service owner', owner: 'OWNER', dueOn: '2027-01-31' });
    assert.deepEqual((await auditActions()).slice(before).map((e) => [e.action, e.record_id]), [['compliance-review.action-raised', ids.review]]);
    const action = await t.database.db.selectFrom('actions').select(['source_type', 'source_id', 'owner_person_id', 'unit_id', 'due_on', 'status']).where('id', '=', actionId).executeTakeFirstOrThrow();
    assert.deepEqual(action, { source_type: 'review-finding', source_id: findingId, owner_person_id: ids.owner, unit_id: ids.ops, due_on: '2027-01-31', status: 'open' });

    await t.services.complianceReviews.complete(security, ids.review!, { conclusion: 'One major finding.' });
    const done = await t.services.complianceReviews.get(auditor, ids.review!);
    assert.deepEqual([done.status, done.completedOn, done.conclusion], ['completed', '2026-11-28', 'One major finding.']);
    assert.deepEqual(done.counts.results, { met: 1, 'partly-met': 0, 'not-met': 1, 'not-applicable': 1, none: 0 });
    assert.deepEqual(done.counts.severities, { major: 1, minor: 0, observation: 1 });
    assert.equal(done.counts.openActions, 1);
    assert.deepEqual(done.findings.map((f) => [f.label, f.itemKey, f.actions.map((a) => a.title)]), [['F1', 'TSP-001', ['Appoint a service owner']], ['F2', null, []]]);
  });

  test('a completed review is frozen', async () => {
    const review = await t.services.complianceReviews.get(security, ids.review!);
    const before = (await auditActions()).length;
    assert.equal((await refusal(t.services.complianceReviews.recordResult(security, ids.review!, review.checklist[1]!.id, { result: 'not-met', note: 'Changed my mind' }))).code, 'invalid_state');
    assert.equal((await refusal(t.services.complianceReviews.addFinding(security, ids.review!, { severity: 'minor', description: 'Late', item: '' }))).code, 'invalid_state');
    assert.equal((await refusal(t.services.complianceReviews.addAction(security, ids.review!, review.findings[0]!.id, { title: 'More', owner: 'OWNER', dueOn: '2027-01-31' }))).code, 'invalid_state');
    assert.equal((await refusal(t.services.complianceReviews.complete(security, ids.review!, { conclusion: '' }))).code, 'invalid_state');
    assert.equal((await auditActions()).length, before);
  });

  test('the CSV exports escape formulas and list the checklist and the findings with their actions', async () => {
    await t.database.db.updateTable('compliance_review_items').set({ note: '=HYPERLINK("http://evil")' }).where('review_id', '=', ids.review!).where('requirement_key', '=', 'TSP-002').execute();
    const checklist = (await t.services.complianceReviews.checklistCsv(auditor, ids.review!)).trim().split(/\r?\n/);
    assert.equal(checklist.length, 4);
    assert.match(checklist[2]!, /TSP-002,.*'=HYPERLINK/);
    const findings = (await t.services.complianceReviews.findingsCsv(auditor, ids.review!)).trim().split(/\r?\n/);
    assert.equal(findings.length, 3);
    assert.match(findings[1]!, /F1,Major,TSP-001,.*Appoint a service owner/);
    const exported = (await auditActions()).filter((e) => e.action === 'compliance-review.exported');
    assert.deepEqual(exported.map((e) => e.record_id), [ids.review, ids.review]);
  });

  test('from a framework: chosen keys may name any level; with none, its assessable requirements', async () => {
    const db = t.database.db;
    const framework = (await db.insertInto('frameworks').values({ code: 'test-fw', name: 'Test framework', version: '1', external_id: 'test-fw', format: 'webcaf', file_name: 'test.yaml', content_sha256: 'a'.repeat(64) }).returning('id').executeTakeFirstOrThrow()).id;
    const add = (key: string, assessable: boolean, position: number) => db.insertInto('requirements').values({ key, source_type: 'framework', framework_id: framework, text: '', title: `Title of ${key}`, assessable, position }).execute();
    await add('A1', false, 1);
    await add('A1.a', true, 2);
    await add('A1.b', true, 3);
    const byKey = await t.services.complianceReviews.create(security, reviewInput({ title: 'OPS against A1', service: '', unit: 'OPS', source: 'TEST-FW', requirements: 'A1' }));
    assert.deepEqual((await t.services.complianceReviews.get(security, byKey)).preview, [{ key: 'A1', text: 'Title of A1' }]);
    const all = await t.services.complianceReviews.create(security, reviewInput({ title: 'OPS against the framework', service: '', unit: 'OPS', source: 'test-fw', requirements: '' }));
    assert.deepEqual((await t.services.complianceReviews.get(security, all)).preview.map((p) => p.key), ['A1.a', 'A1.b']);
    await db.updateTable('compliance_reviews').set({ status: 'completed' }).where('id', 'in', [byKey, all]).execute();
  });

  test('reviews not completed are their lead reviewer’s duty on the planned date; list filters by status and by unit (with those below)', async () => {
    const planned = await t.services.complianceReviews.create(security, reviewInput({ title: 'OPS against the whole policy', service: '', unit: 'OPS', requirements: '', plannedOn: '2027-02-01' }));
    const all = await complianceReviewDeadlines(t.database.db, { today: '2026-11-28' });
    assert.deepEqual(all.map((d) => [d.kind, d.recordId, d.personId, d.dueOn]), [['compliance-review', planned, ids.lead, '2027-02-01']]);
    assert.deepEqual(await complianceReviewDeadlines(t.database.db, { today: '2026-11-28', personId: ids.owner! }), []);
    assert.deepEqual((await t.services.complianceReviews.list(security, { status: 'planned' })).map((r) => r.id), [planned]);
    assert.equal((await t.services.complianceReviews.list(security, { unitId: ids.dept! })).length, 4);
    assert.equal((await t.services.complianceReviews.list(security, { unitId: ids.other! })).length, 0);
    assert.equal((await t.services.complianceReviews.get(security, planned)).preview.length, 4);
  });
});
