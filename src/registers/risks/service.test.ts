import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { addDays } from '../../platform/clock.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import type { RiskInput } from './entity.ts';

let t: TestContext;
const admin = systemActor('test');
const ids: Record<string, string> = {};
const people: Record<string, ReturnType<typeof personActor>> = {};
const TODAY = '2026-11-28';
const db = () => t.database.db;

async function refused(work: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return { code: error.code, text: [error.message, ...error.problems.map((p) => p.message)].join(' | ') };
  }
  assert.fail('expected the call to be refused');
}

const input = (over: Partial<RiskInput> = {}): RiskInput => ({
  title: 'Case data exposed through a misconfigured bucket',
  unit: 'TEAM',
  owner: 'owner@example.gov.uk',
  inherentLikelihood: 4,
  inherentImpact: 4,
  residualLikelihood: 2,
  residualImpact: 2,
  treatment: 'reduce',
  reviewOn: '2027-03-31',
  services: ['SVC-1'],
  controls: ['CTL-ENC'],
  ...over,
});
const status = async (id: string) => (await db().selectFrom('risks').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

before(async () => {
  t = await createTestContext({ now: `${TODAY}T09:00:00Z` });
  const unit = async (code: string, parent?: string) => (await db().insertInto('organisation_units').values({ code, name: code[0] + code.slice(1).toLowerCase(), unit_type: parent ? 'business_area' : 'department', parent_id: parent ?? null }).returning('id').executeTakeFirstOrThrow()).id;
  ids.DEPT = await unit('DEPT');
  ids.AGENCY = await unit('AGENCY', ids.DEPT);
  ids.TEAM = await unit('TEAM', ids.AGENCY);
  const units = [ids.DEPT, ids.AGENCY, ids.TEAM];
  for (const name of ['owner', 'sro', 'siro', 'board', 'ao', 'stranger']) {
    const person = await db().insertInto('people').values({ email: `${name}@example.gov.uk`, display_name: name.toUpperCase(), unit_id: ids.TEAM }).returning('id').executeTakeFirstOrThrow();
    ids[name] = person.id;
    people[name] = personActor(person.id, [], ids.DEPT!, units);
  }
  ids.svc = (await db().insertInto('technology_services').values({ reference: 'SVC-1', name: 'Case system', unit_id: ids.TEAM!, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow()).id;
  await db().insertInto('controls').values({ code: 'CTL-ENC', title: 'Encryption at rest', kind: 'technology' }).execute();
  await db().insertInto('requirements').values({ key: 'SISP-001', source_type: 'policy-statement', text: 'Data at rest is encrypted.' }).execute();
  await db().insertInto('appointments').values([
    { role_code: 'senior-responsible-officer', person_id: ids.sro!, record_type: 'technology-service', record_id: ids.svc!, starts_on: '2025-01-01' },
    { role_code: 'siro', person_id: ids.siro!, unit_id: ids.AGENCY!, starts_on: '2025-01-01' },
    { role_code: 'security-board-member', person_id: ids.board!, unit_id: ids.DEPT!, starts_on: '2025-01-01' },
    { role_code: 'accounting-officer', person_id: ids.ao!, unit_id: ids.DEPT!, starts_on: '2025-01-01' },
  ]).execute();
  for (const [code, band] of [['TEAM', 'low'], ['AGENCY', 'high'], ['DEPT', 'high']] as const) await t.services.riskConfiguration.setAppetite(admin, code, band);
});
after(async () => t.close());

describe(`risks (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a risk is rated on the matrix, its history starts, and its escalation and decider follow from the appetites', async () => {
    const id = await t.services.risks.create(admin, input());
    const risk = await t.services.risks.get(admin, id);
    assert.match(risk.reference, /^RISK-\d{4}$/);
    assert.deepEqual([risk.inherent.score, risk.inherent.band.code, risk.residual.score, risk.residual.band.code], [16, 'high', 4, 'low']);
    assert.deepEqual([risk.escalation.escalated, risk.authority.roleCode, risk.authority.holders.map((h) => h.name)], [false, 'senior-responsible-officer', ['SRO']]);
    assert.equal(risk.ratings.length, 1);
    const high = await t.services.risks.get(admin, await t.services.risks.create(admin, input({ residualLikelihood: 3, residualImpact: 4 })));
    assert.deepEqual([high.residual.band.code, high.escalation.escalated, high.escalation.holdingUnit?.name, high.authority.roleCode, high.overAppetite], ['high', true, 'Agency', 'siro', true]);
    const veryHigh = await t.services.risks.get(admin, await t.services.risks.create(admin, input({ inherentLikelihood: 5, inherentImpact: 5, residualLikelihood: 5, residualImpact: 4 })));
    assert.deepEqual([veryHigh.escalation.aboveAppetite, veryHigh.authority.roleCode, veryHigh.authority.holders.map((h) => h.name)], [true, 'accounting-officer', ['AO']]);
  });

  test('the form’s mistakes are listed together, and a residual rating above the inherent one is refused', async () => {
    const bad = await refused(t.services.risks.create(admin, input({ title: ' ', unit: 'NOPE', owner: 'nobody@example.gov.uk', inherentLikelihood: 9, reviewOn: '2026-02-30', services: ['SVC-404'], requirements: ['SISP-999'] })));
    assert.equal(bad.code, 'validation_failed');
    for (const words of ['Enter a title', 'No unit has the code NOPE', 'nobody@example.gov.uk', 'inherent likelihood', 'review date', 'SVC-404', 'SISP-999']) assert.ok(bad.text.includes(words), `${words} in ${bad.text}`);
    assert.match((await refused(t.services.risks.create(admin, input({ inherentLikelihood: 1, inherentImpact: 1 })))).text, /residual rating cannot be higher/);
  });

  test('acceptance is refused to the wrong role or the wrong level, and to an owner the band forbids', async () => {
    const high = await t.services.risks.create(admin, input({ residualLikelihood: 3, residualImpact: 4 }));
    await t.services.risks.askForDecision(admin, high);
    const decision = { outcome: 'accepted', justification: 'Compensating monitoring in place', expiresOn: '2027-03-31' };
    assert.match((await refused(t.services.riskDecisions.decide(people.sro!, high, decision))).text, /decided by the Senior Information Risk Owner \(SIRO\), not by you/);
    assert.match((await refused(t.services.riskDecisions.decide(people.board!, high, decision))).text, /not by you/, 'the board member is at the wrong level for a high risk');
    assert.equal(await status(high), 'awaiting-decision');
    // A medium risk owned by the service's SRO: the SRO decides medium risks but may not accept their own.
    const own = await t.services.risks.create(admin, input({ owner: 'sro@example.gov.uk', residualLikelihood: 2, residualImpact: 3 }));
    assert.match((await refused(t.services.riskDecisions.decide(people.sro!, own, decision))).text, /You own this risk, and a medium risk may not be accepted by its owner/);
    // A low risk's owner may accept it.
    const low = await t.services.risks.create(admin, input({ owner: 'sro@example.gov.uk' }));
    await t.services.riskDecisions.decide(people.sro!, low, decision);
    assert.equal(await status(low), 'accepted');
  });

  test('the right person accepts within the band’s maximum; the snapshot does not change when the risk does', async () => {
    const high = await t.services.risks.create(admin, input({ title: 'Supplier access not reviewed', residualLikelihood: 3, residualImpact: 4 }));
    const tooLong = await refused(t.services.riskDecisions.decide(people.siro!, high, { outcome: 'accepted', justification: 'Fine', expiresOn: '2027-12-31' }));
    assert.match(tooLong.text, /at most 6 months: choose 2027-05-28 or earlier/);
    assert.match((await refused(t.services.riskDecisions.decide(people.siro!, high, { outcome: 'accepted', justification: ' ' }))).text, /justification.*\| .*end/i);
    await t.services.riskDecisions.decide(people.siro!, high, { outcome: 'accepted', justification: 'Quarterly access review starts in January', conditions: 'Review completed by 31 January', expiresOn: '2027-05-28' });
    assert.equal(await status(high), 'accepted');
    await t.services.risks.update(admin, high, input({ title: 'Supplier access not reviewed (renamed)', residualLikelihood: 3, residualImpact: 3, controls: [] }));
    const risk = await t.services.risks.get(admin, high);
    const [decision] = risk.decisions;
    assert.equal(decision!.status, 'in-force', 'a lower rating keeps the acceptance');
    assert.deepEqual([decision!.snapshot.title, (decision!.snapshot.residual as { score: number }).score, decision!.snapshot.controls], ['Supplier access not reviewed', 12, ['CTL-ENC']]);
    assert.equal(decision!.roleName, 'Senior Information Risk Owner');
    const event = await db().selectFrom('audit_events').select('action').where('record_id', '=', high).where('action', '=', 'risk.accepted').executeTakeFirst();
    assert.ok(event, 'the decision is audited');
  });

  test('a higher rating after acceptance returns the risk to review and tells its owner', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'Rising', residualLikelihood: 3, residualImpact: 4 }));
    await t.services.riskDecisions.decide(people.siro!, id, { outcome: 'accepted', justification: 'Ok for now', expiresOn: '2027-04-30' });
    await t.services.risks.update(admin, id, input({ title: 'Rising', residualLikelihood: 4, residualImpact: 4 }));
    assert.equal(await status(id), 'in-review');
    const risk = await t.services.risks.get(admin, id);
    assert.deepEqual([risk.decisions[0]!.status, risk.ratings.length], ['lapsed', 2]);
    const message = await db().selectFrom('notifications').select(['subject', 'recipient_email']).where('subject', 'like', `${risk.reference}%`).executeTakeFirstOrThrow();
    assert.deepEqual([message.recipient_email, /back in review/.test(message.subject)], ['owner@example.gov.uk', true]);
  });

  test('an acceptance past its expiry ends in the daily sweep, taking its exceptions with it', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'Expiring' }));
    await t.services.riskDecisions.decide(people.sro!, id, { outcome: 'accepted', justification: 'Low risk', expiresOn: '2026-12-15' });
    const exception = await t.services.requirementExceptions.request(admin, { requirement: 'SISP-001', scopeType: 'service', scope: 'SVC-1', riskId: id, justification: 'Legacy system' });
    await t.services.requirementExceptions.decide(people.sro!, exception, { outcome: 'accepted', justification: 'Until migration', expiresOn: '2026-12-15' });
    assert.equal((await t.services.requirementExceptions.get(admin, exception)).inForce, true);
    assert.deepEqual(await t.services.riskDecisions.reviewSweep(), { acceptances: 0, exceptions: 0 });
    t.clock.set(new Date(`${addDays('2026-12-15', 1)}T08:00:00Z`));
    try {
      const swept = await t.services.riskDecisions.reviewSweep();
      assert.ok(swept.acceptances >= 1);
      assert.equal(await status(id), 'in-review');
      const ended = await t.services.requirementExceptions.get(admin, exception);
      assert.deepEqual([ended.status, ended.inForce], ['lapsed', false]);
    } finally {
      t.clock.set(new Date(`${TODAY}T09:00:00Z`));
    }
  });

  test('an exception is refused while its risk is not accepted, and by anyone but its decider', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'Not yet accepted' }));
    const exception = await t.services.requirementExceptions.request(people.owner!, { requirement: 'SISP-001', scopeType: 'unit', scope: 'TEAM', riskId: id, justification: 'Cannot meet it yet' });
    assert.match((await refused(t.services.requirementExceptions.decide(people.sro!, exception, { outcome: 'accepted', justification: 'Go', expiresOn: '2027-01-31' }))).text, /is not accepted: an exception is granted only while the risk behind it is formally accepted/);
    assert.equal((await refused(t.services.requirementExceptions.decide(people.stranger!, exception, { outcome: 'accepted', justification: 'Go', expiresOn: '2027-01-31' }))).code, 'forbidden');
    const noRisk = await refused(t.services.requirementExceptions.request(admin, { requirement: 'SISP-001', scopeType: 'unit', scope: 'TEAM', riskId: '', justification: 'x' }));
    assert.match(noRisk.text, /an exception exists only with its accepted risk/);
  });

  test('changing the matrix re-rates open risks, keeps the history, and lapses acceptances whose rating rose', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'Re-rated', residualLikelihood: 2, residualImpact: 2 }));
    await t.services.riskDecisions.decide(people.sro!, id, { outcome: 'accepted', justification: 'Low', expiresOn: '2027-06-30' });
    const result = await t.services.riskConfiguration.setCell(admin, { likelihood: 2, impact: 2, score: 6, bandCode: 'medium' });
    assert.ok(result.rerated >= 1 && result.lapsed >= 1, JSON.stringify(result));
    const risk = await t.services.risks.get(admin, id);
    assert.deepEqual([risk.residual.band.code, risk.status, risk.ratings[0]!.reason], ['medium', 'in-review', 'matrix-changed']);
    await t.services.riskConfiguration.setCell(admin, { likelihood: 2, impact: 2, score: 4, bandCode: 'low' });
  });

  test('the owner edits their risk; a stranger neither sees nor changes it; the decider sees it', async () => {
    const id = await t.services.risks.create(people.owner!, input({ title: 'Owned' }));
    await t.services.risks.update(people.owner!, id, input({ title: 'Owned, renamed' }));
    assert.equal((await refused(t.services.risks.get(people.stranger!, id))).code, 'forbidden');
    assert.equal((await refused(t.services.risks.update(people.stranger!, id, input()))).code, 'forbidden');
    assert.equal((await t.services.risks.get(people.sro!, id)).title, 'Owned, renamed');
    assert.equal((await refused(t.services.risks.create(people.stranger!, input({ owner: 'owner@example.gov.uk' })))).code, 'forbidden', 'staff add only risks they own');
  });

  test('the register filters by band, over appetite and expiring acceptance; the queue shows what awaits each decider', async () => {
    const { risks } = await t.services.risks.list(admin, { bandCode: 'high' }, 1);
    assert.ok(risks.length > 0 && risks.every((r) => r.residual.band.code === 'high'));
    assert.ok((await t.services.risks.list(admin, { overAppetite: true }, 1)).risks.every((r) => r.overAppetite));
    const expiring = await t.services.risks.list(admin, { expiringWithinDays: 200 }, 1);
    assert.ok(expiring.risks.every((r) => r.acceptedUntil !== null));
    const waiting = await t.services.risks.create(admin, input({ title: 'Waiting for the SIRO', residualLikelihood: 3, residualImpact: 4 }));
    await t.services.risks.askForDecision(admin, waiting);
    assert.ok((await t.services.riskDecisions.queue(people.siro!)).some((r) => r.id === waiting));
    assert.ok(!(await t.services.riskDecisions.queue(people.sro!)).some((r) => r.id === waiting));
    const heat = await t.services.risks.heatMap(admin, {});
    assert.ok((heat.residual.get('3-4') ?? 0) >= 1);
  });

  test('an action added to a risk lands in the shared actions register, with the risk as its source', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'With an action' }));
    await t.services.risks.addAction(admin, id, { title: 'Turn on bucket encryption', owner: 'owner@example.gov.uk', dueOn: '2027-01-31' });
    const row = await db().selectFrom('actions').select(['source_type', 'source_id', 'title']).where('source_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.source_type, row.title], ['risk', 'Turn on bucket encryption']);
    assert.deepEqual((await t.services.risks.get(admin, id)).actions.map((a) => a.title), ['Turn on bucket encryption'], 'the risk lists its actions');
  });

  test('whoever decides a risk sees the exception it backs; a reader in one unit lists that unit’s exceptions', async () => {
    const id = await t.services.risks.create(admin, input({ title: 'Backs an exception' }));
    const exception = await t.services.requirementExceptions.request(admin, { requirement: 'SISP-001', scopeType: 'unit', scope: 'TEAM', riskId: id, justification: 'Not yet' });
    assert.equal((await t.services.requirementExceptions.get(people.sro!, exception)).id, exception, 'the SRO decides this low risk, so sees its exception');
    assert.equal((await refused(t.services.requirementExceptions.get(people.stranger!, exception))).code, 'forbidden');
    const agencyReader = personActor(ids.siro!, ['auditor'], ids.AGENCY!, [ids.AGENCY!, ids.TEAM!]);
    const listed = await t.services.requirementExceptions.list({ ...agencyReader, grants: agencyReader.grants.map((g) => ({ ...g, atRoot: false })) });
    assert.ok(listed.some((e) => e.id === exception));
    assert.deepEqual((await t.services.risks.get(admin, id)).exceptions.map((e) => e.id), [exception]);
  });
});
