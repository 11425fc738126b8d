// Each register's DeadlineSource over a small organisation, on a fixed clock: who each duty is for,
// why, and when it is due; the reminder horizon ("until") and one person's duties ("personId").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { continuityExerciseDeadlines } from '../registers/continuity-plans/deadlines.ts';
import { acknowledgementDeadlines, documentDeadlines } from '../registers/documents/deadlines.ts';
import { icoClockDeadlines } from '../registers/incidents/deadlines.ts';
import { riskDeadlines } from '../registers/risks/deadlines.ts';
import { trainingDeadlines } from '../registers/training/deadlines.ts';
import type { Deadline } from './deadline.ts';
import { gatherDeadlines } from './sources.ts';
import { seedWork, type WorkFixture } from './test-fixtures.ts';
import { dueWords, groupOf } from './words.ts';

let t: TestContext;
let f: WorkFixture;
const TODAY = '2026-11-28';
const brief = (ds: readonly Deadline[]) => ds.map((d) => `${d.kind} ${d.personId === f.people.alice ? 'alice' : d.personId === f.people.sam ? 'sam' : d.personId === f.people.dana ? 'dana' : d.personId === f.people.bob ? 'bob' : d.personId === f.people.mark ? 'mark' : d.personId} ${d.dueOn} ${d.because}`).sort();

before(async () => {
  t = await createTestContext({ now: '2026-11-28T09:00:00Z' });
  f = await seedWork(t.database.db);
  const db = t.database.db;
  const { alice, sam, bob, dana, mark } = f.people;
  const OPS = f.units.OPS;
  // Training: one course for everyone (12 months), one for SROs (24 months), one for the security team.
  const course = async (code: string, audience: 'everyone' | 'appointment' | 'access-role', roleCode: string | null, months: number) =>
    (await db.insertInto('training_courses').values({ code, title: `Course ${code}`, audience, role_code: roleCode, validity_months: months }).returning('id').executeTakeFirstOrThrow()).id;
  const annual = await course('ANNUAL', 'everyone', null, 12);
  const sro = await course('SRO', 'appointment', 'senior-responsible-officer', 24);
  await course('SEC', 'access-role', 'security_team', 12);
  const done = (person: string, courseId: string, on: string) => db.insertInto('training_completions').values({ person_id: person, course_id: courseId, completed_on: on, recorded_by: 'test' }).execute();
  await done(alice, annual, '2025-12-10'); // counts until 9 December 2026
  await done(alice, annual, '2024-12-01'); // an older one changes nothing
  await done(sam, annual, '2026-06-01'); // counts until 31 May 2027
  await done(sam, sro, '2024-11-01'); // expired on 1 November 2026: due 31 October
  await done(bob, annual, '2027-01-01'); // recorded in the future: does not count yet
  await db.insertInto('role_grants').values({ person_id: dana, role: 'security_team', unit_id: f.units.DEPT }).execute();
  // A risk due for review, its acceptance and an exception ending.
  const risk = (await db.insertInto('risks').values({ reference: 'RISK-9001', title: 'Old case system', unit_id: OPS, owner_person_id: mark, inherent_likelihood: 3, inherent_impact: 3, residual_likelihood: 2, residual_impact: 2, treatment: 'accept', status: 'accepted', review_on: '2026-12-20' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('risks').values({ reference: 'RISK-9002', title: 'Closed one', unit_id: OPS, owner_person_id: mark, inherent_likelihood: 3, inherent_impact: 3, residual_likelihood: 2, residual_impact: 2, treatment: 'avoid', status: 'closed', review_on: '2026-11-01' }).execute();
  const decision = (await db.insertInto('decisions').values({ kind: 'risk-acceptance', record_type: 'risk', record_id: risk, decided_by_label: 'test', outcome: 'accepted', snapshot: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('risk_acceptances').values({ risk_id: risk, decision_id: decision, outcome: 'accepted', band_code: 'low', role_code: 'senior-responsible-officer', decided_by_person_id: sam, justification: 'test', expires_on: '2027-02-01', status: 'in-force' }).execute();
  // A document due for review, and a retired one that is not.
  await db.insertInto('documents').values({ tier: 3, title: 'Access control standard', unit_id: OPS, owner_person_id: bob, next_review_on: '2026-12-05', status: 'published', key_prefix: 'ACS' }).execute();
  await db.insertInto('documents').values({ tier: 3, title: 'Old standard', unit_id: OPS, owner_person_id: bob, next_review_on: '2026-01-05', status: 'retired', key_prefix: 'OLD' }).execute();
  // A plan exercised 14 months ago every 12 months; a plan never exercised; a retired plan.
  const plan = async (reference: string, status: 'approved' | 'retired') =>
    (await db.insertInto('continuity_plans').values({ reference, title: `Plan ${reference}`, kind: 'disaster-recovery', unit_id: OPS, owner_person_id: dana, rto_hours: 4, rpo_hours: 1, testing_interval_months: 12, status, created_at: new Date('2026-03-10T12:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
  const exercised = await plan('CP-9001', 'approved');
  await db.insertInto('continuity_exercises').values({ plan_id: exercised, kind: 'tabletop', exercised_on: '2025-09-30', scenario: 'Loss of power', result: 'passed', recorded_by: 'test' }).execute();
  await plan('CP-9002', 'approved');
  await plan('CP-9003', 'retired');
});
after(async () => t.close());

describe(`deadline sources (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('training: each required course is due the last day its latest completion counts; never done, from the day the person was recorded', async () => {
    const all = await trainingDeadlines(t.database.db, { today: TODAY });
    const mine = brief(all.filter((d) => d.personId !== f.people.hana));
    assert.deepEqual(mine, [
      'training alice 2026-12-09 trainee',
      'training bob 2026-01-05 trainee',
      'training dana 2026-01-05 trainee',
      'training dana 2026-01-05 trainee',
      'training mark 2026-01-05 trainee',
      'training sam 2026-10-31 trainee',
      'training sam 2027-05-31 trainee',
    ]);
    assert.ok(all.every((d) => d.href === `/training/people/${d.personId}`));
    const soon = await trainingDeadlines(t.database.db, { today: TODAY, until: '2026-12-31', personId: f.people.alice });
    assert.deepEqual(brief(soon), ['training alice 2026-12-09 trainee']);
    assert.equal((await trainingDeadlines(t.database.db, { today: TODAY, until: '2026-12-01', personId: f.people.alice })).length, 0);
  });

  test('risks: the review of a risk not closed, and an acceptance in force ending, are the risk owner’s', async () => {
    const all = await riskDeadlines(t.database.db, { today: TODAY });
    assert.deepEqual(brief(all), ['risk-acceptance-expiry mark 2027-02-01 risk owner', 'risk-review mark 2026-12-20 risk owner']);
    assert.deepEqual(brief(await riskDeadlines(t.database.db, { today: TODAY, until: '2027-01-01' })), ['risk-review mark 2026-12-20 risk owner']);
  });

  test('documents: a document in force is its owner’s to review by its next review date', async () => {
    const all = await documentDeadlines(t.database.db, { today: TODAY });
    assert.deepEqual(brief(all), ['document-review bob 2026-12-05 document owner']);
    assert.match(all[0]!.title, /^Review Access control standard$/);
  });

  test('acknowledgements: one person’s documents still to acknowledge, due 30 days after publication; not in the everyone query', async () => {
    const db = t.database.db;
    const doc = (await db.insertInto('documents').values({ tier: 2, title: 'Acceptable use policy', unit_id: f.units.DEPT, owner_person_id: f.people.bob, status: 'published', key_prefix: 'AUP', acknowledgement_audience: 'everyone' }).returning('id').executeTakeFirstOrThrow()).id;
    const version = (await db.insertInto('document_versions').values({ document_id: doc, number: 1, status: 'published', content: 'Use it well', content_sha256: 'x', metadata: '{}', lint: '[]', published_at: new Date('2026-11-20T10:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    const alice = await acknowledgementDeadlines(db, { today: TODAY, personId: f.people.alice });
    assert.deepEqual(brief(alice), ['document-acknowledgement alice 2026-12-20 in its audience']);
    assert.equal(alice[0]!.title, 'Read and acknowledge Acceptable use policy (version 1)');
    assert.deepEqual(await acknowledgementDeadlines(db, { today: TODAY }), []);
    await db.insertInto('document_acknowledgements').values({ document_id: doc, version_id: version, person_id: f.people.alice }).execute();
    assert.deepEqual(await acknowledgementDeadlines(db, { today: TODAY, personId: f.people.alice }), []);
  });

  test('continuity: the next exercise is due a testing interval after the last, or from the day a never-exercised plan was recorded', async () => {
    const all = await continuityExerciseDeadlines(t.database.db, { today: TODAY });
    assert.deepEqual(brief(all), ['continuity-exercise dana 2026-03-10 plan owner', 'continuity-exercise dana 2026-09-30 plan owner']);
    assert.ok(all.some((d) => d.title.startsWith('First exercise of continuity plan CP-9002')));
  });

  test('the ICO clock: due at an instant 72 hours after awareness, for the deciding role’s holder and the handler', async () => {
    const db = t.database.db;
    await db.insertInto('appointments').values({ role_code: 'data-protection-officer', person_id: f.people.dana, unit_id: f.units.DEPT, starts_on: '2025-01-01' }).execute();
    await db.insertInto('incidents').values({ reference: 'INC-9001', title: 'Letter to the wrong address', description: 'Sent to a neighbour', occurred_at: new Date('2026-11-27T09:00:00Z'), aware_at: new Date('2026-11-27T10:30:00Z'), reported_at: new Date('2026-11-27T11:00:00Z'), reported_by_label: 'test', unit_id: f.units.OPS, personal_data: 'yes', kind: 'incident', handler_person_id: f.people.sam }).execute();
    const all = await icoClockDeadlines(db, { today: TODAY });
    assert.deepEqual(brief(all), ['ico-clock dana 2026-11-30 Data Protection Officer', 'ico-clock sam 2026-11-30 incident handler']);
    assert.equal(all[0]!.dueAt?.toISOString(), '2026-11-30T10:30:00.000Z');
    const now = t.clock.now();
    assert.equal(dueWords(all[0]!, now), 'due in 49 hours, by 10:30 on 30 November 2026');
    assert.equal(groupOf(all[0]!, now), 'week');
    assert.equal(dueWords(all[0]!, new Date('2026-11-30T13:45:00Z')), '3 hours overdue (was due by 10:30 today)');
  });

  test('gathered for one person, soonest first, across every register', async () => {
    const dana = await gatherDeadlines(t.database.db, { today: TODAY, personId: f.people.dana });
    assert.deepEqual(dana.map((d) => d.kind), ['training', 'training', 'continuity-exercise', 'continuity-exercise', 'ico-clock', 'document-acknowledgement']);
    assert.deepEqual(dana.map((d) => d.dueOn), [...dana.map((d) => d.dueOn)].sort());
  });

  test('gathering takes a source with more duties than a call has arguments (150,000 people’s training)', async () => {
    const many: Deadline[] = Array.from({ length: 200_000 }, (_, i) => ({ kind: 'training', title: `Course ${i}`, recordType: 'training-course', recordId: String(i), href: '/training', personId: String(i), because: 'trainee', dueOn: '2026-12-01', unitId: null }));
    const gathered = await gatherDeadlines(t.database.db, { today: TODAY }, [async () => many]);
    assert.equal(gathered.length, 200_000);
  });

  test('words in Europe/London: overdue, today, tomorrow, in days; groups by week and month', () => {
    const now = new Date('2026-11-28T09:00:00Z');
    const on = (dueOn: string) => ({ dueOn });
    assert.deepEqual(['2026-11-25', '2026-11-27', '2026-11-28', '2026-11-29', '2026-12-04', '2026-12-05', '2026-12-28', '2026-12-29'].map((d) => [dueWords(on(d), now), groupOf(on(d), now)]), [
      ['3 days overdue', 'overdue'],
      ['1 day overdue', 'overdue'],
      ['due today', 'week'],
      ['due tomorrow', 'week'],
      ['due in 6 days', 'week'],
      ['due in 7 days', 'month'],
      ['due in 30 days', 'month'],
      ['due in 31 days', 'later'],
    ]);
    // 23:30 on 28 March 2027 UTC is already 29 March in London (BST): the day turns with London's clock.
    assert.equal(dueWords(on('2027-03-29'), new Date('2027-03-28T23:30:00Z')), 'due today');
  });
});
