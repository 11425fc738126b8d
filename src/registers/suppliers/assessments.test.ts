import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ANONYMOUS, systemActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { LINK_GONE } from './questionnaire-links.ts';
import type { GivenAnswer } from './deviations.ts';

let t: TestContext;
const admin = systemActor('test');
const ids: Record<string, string> = {};
const people: Record<string, ReturnType<typeof personActor>> = {};
const TODAY = '2026-11-28';
const db = () => t.database.db;
const keys: Record<string, string> = {};
let suppliers = 0;

const QUESTIONNAIRE = `code: test-supplier-check
title: Test supplier check
version: '1'
groups:
  - title: Governance
    questions:
      - { key: GOV-01, text: Do you run an ISMS?, required_answer: yes, weight: 5 }
      - { key: GOV-02, text: Have you had a breach this year?, required_answer: no, weight: 3 }
  - title: Technical
    questions:
      - { key: TEC-01, text: Do you encrypt data at rest?, required_answer: yes, weight: 2 }
      - { key: INFO-01, text: Do you use subcontractors? }
`;

async function refused(work: Promise<unknown>): Promise<{ code: string; text: string; fields: string[] }> {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return { code: error.code, text: [error.message, ...error.problems.map((p) => p.message)].join(' | '), fields: error.problems.map((p) => p.field) };
  }
  assert.fail('expected the call to be refused');
}

const answers = (values: Record<string, string | [string, string]>): Map<string, GivenAnswer> =>
  new Map(Object.entries(values).map(([key, v]) => [keys[key]!, { answer: Array.isArray(v) ? v[0] : v, comment: Array.isArray(v) ? v[1] : '' }]));
const assessmentRow = (id: string) => db().selectFrom('supplier_assessments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = async (recordId: string) => (await db().selectFrom('audit_events').select(['action', 'actor_type', 'actor_label']).where('record_id', '=', recordId).orderBy('seq').execute());

async function supplier(name: string, options: { override?: 'low' | 'medium' | 'high' | 'critical' } = {}): Promise<string> {
  const row = await db()
    .insertInto('suppliers')
    .values({ reference: `SUP-${String(++suppliers).padStart(4, '0')}`, name, unit_id: ids.TEAM!, contact_email: 'security@supplier.example', criticality_override: options.override ?? null, criticality_reason: options.override ? 'Runs the case system' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db().insertInto('appointments').values({ role_code: 'senior-responsible-officer', person_id: ids.sro!, record_type: 'supplier', record_id: row.id, starts_on: '2025-01-01' }).execute();
  return row.id;
}

before(async () => {
  t = await createTestContext({ now: `${TODAY}T09:00:00Z` });
  const unit = async (code: string, parent?: string) => (await db().insertInto('organisation_units').values({ code, name: code[0] + code.slice(1).toLowerCase(), unit_type: parent ? 'business_area' : 'department', parent_id: parent ?? null }).returning('id').executeTakeFirstOrThrow()).id;
  ids.DEPT = await unit('DEPT');
  ids.TEAM = await unit('TEAM', ids.DEPT);
  ids.OTHER = await unit('OTHER', ids.DEPT);
  for (const name of ['security', 'sro', 'assessor', 'stranger', 'owner', 'otherteam']) {
    ids[name] = (await db().insertInto('people').values({ email: `${name}@example.gov.uk`, display_name: name.toUpperCase(), unit_id: ids.TEAM }).returning('id').executeTakeFirstOrThrow()).id;
  }
  people.security = personActor(ids.security!, ['security_team'], ids.DEPT!, [ids.DEPT!, ids.TEAM!, ids.OTHER!]);
  people.otherteam = { ...personActor(ids.otherteam!, ['security_team'], ids.OTHER!, [ids.OTHER!]), grants: [{ role: 'security_team', unitId: ids.OTHER!, unitIds: new Set([ids.OTHER!]), atRoot: false }, { role: 'staff', unitId: '*', unitIds: new Set([ids.DEPT!, ids.TEAM!, ids.OTHER!]), atRoot: true }] };
  for (const name of ['sro', 'assessor', 'stranger', 'owner']) people[name] = personActor(ids[name]!, [], ids.DEPT!, [ids.DEPT!, ids.TEAM!, ids.OTHER!]);
  const loaded = await t.services.questionnaires.importFile(admin, { fileName: 'test.yaml', text: QUESTIONNAIRE });
  ids.questionnaire = loaded.id;
  for (const q of (await t.services.questionnaires.get(admin, loaded.id)).groups.flatMap((g) => g.questions)) keys[q.key] = q.id;
  ids.supplier = await supplier('Acme Hosting Ltd');
  await db().insertInto('supplier_certifications').values([
    { supplier_id: ids.supplier!, scheme_code: 'iso-27001', certificate_number: 'ISO-123', expires_on: '2026-11-27' },
    { supplier_id: ids.supplier!, scheme_code: 'cyber-essentials', certificate_number: 'CE-9', expires_on: TODAY },
  ]).execute();
  const control = async (code: string, applied: boolean) => {
    const c = await db().insertInto('controls').values({ code, title: `Control ${code}`, kind: 'technology' }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('supplier_controls').values({ supplier_id: ids.supplier!, control_id: c.id, applied }).execute();
  };
  await control('CTL-MFA', false);
  await control('CTL-ENC', true);
});
after(async () => t.close());

describe(`supplier assessments (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('the security team starts an assessment with an assessor; the assessor sees it and a stranger does not', async () => {
    ids.assessment = await t.services.supplierAssessments.start(people.security!, { supplierId: ids.supplier!, questionnaireId: ids.questionnaire!, assessor: 'assessor@example.gov.uk' });
    const seen = await t.services.supplierAssessments.get(people.assessor!, ids.assessment);
    assert.match(seen.reference, /^ASM-\d{4}$/);
    assert.deepEqual([seen.status, seen.assessorName, seen.questionCount, seen.access.records, seen.access.manages], ['in-progress', 'ASSESSOR', 4, true, false]);
    assert.equal((await refused(t.services.supplierAssessments.get(people.stranger!, ids.assessment))).code, 'forbidden');
    assert.equal((await refused(t.services.supplierAssessments.get(ANONYMOUS, ids.assessment))).code, 'unauthenticated');
    assert.equal((await refused(t.services.supplierAssessments.get(people.otherteam!, ids.assessment))).code, 'forbidden', 'the security team of another unit');
    assert.equal((await refused(t.services.supplierAssessments.start(people.stranger!, { supplierId: ids.supplier!, questionnaireId: ids.questionnaire! }))).code, 'forbidden');
    assert.equal((await refused(t.services.supplierAssessments.start(people.security!, { supplierId: ids.supplier!, questionnaireId: ids.questionnaire! }))).code, 'conflict', 'one open assessment per supplier');
    const mine = await t.services.supplierAssessments.list(people.assessor!);
    assert.deepEqual(mine.map((a) => a.id), [ids.assessment]);
    assert.deepEqual(await t.services.supplierAssessments.list(people.stranger!), []);
    const notice = await db().selectFrom('notifications').select(['recipient_email', 'subject']).where('recipient_email', '=', 'assessor@example.gov.uk').executeTakeFirst();
    assert.match(notice?.subject ?? '', /You are assessing Acme Hosting Ltd/);
  });

  test('answers are recorded in parts; once all are in, the assessment is scored and its deviations found: an unmet answer, an expired certificate, an unapplied control', async () => {
    const partial = await t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'GOV-01': 'no', 'GOV-02': 'no' }));
    assert.deepEqual([partial.evaluation, partial.unanswered], [null, 2]);
    assert.equal((await t.services.supplierAssessments.get(people.assessor!, ids.assessment!)).deviations.length, 0);
    assert.deepEqual((await refused(t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'TEC-01': ['not-applicable', ''] })))).fields, [`comment-${keys['TEC-01']}`]);
    assert.equal((await refused(t.services.supplierAssessments.recordAnswers(people.stranger!, ids.assessment!, answers({ 'TEC-01': 'yes' })))).code, 'forbidden');

    const done = await t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'TEC-01': 'yes', 'INFO-01': ['yes', 'Two hosting partners'] }));
    assert.deepEqual([done.evaluation?.score, done.evaluation?.maxScore, done.evaluation?.result], [5, 10, 'does-not-meet']);
    const row = await assessmentRow(ids.assessment!);
    assert.deepEqual([row.status, row.answered_by, row.score, row.max_score, row.result], ['answered', 'assessor', 5, 10, 'does-not-meet']);
    const detail = await t.services.supplierAssessments.get(people.assessor!, ids.assessment!);
    assert.deepEqual(detail.deviations.map((d) => d.kind).sort(), ['answer', 'certificate', 'control']);
    assert.match(detail.deviations.find((d) => d.kind === 'answer')!.description, /^GOV-01: Do you run an ISMS\? Answered “no”; “yes” is required\.$/);
    assert.match(detail.deviations.find((d) => d.kind === 'certificate')!.description, /ISO\/IEC 27001 certificate ISO-123 expired on 2026-11-27/);
    assert.match(detail.deviations.find((d) => d.kind === 'control')!.description, /^CTL-MFA /);

    // Evaluating again finds the same deviations and adds none.
    await t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'INFO-01': ['yes', 'Two hosting partners, both in the UK'] }));
    assert.equal((await db().selectFrom('supplier_deviations').select('id').where('assessment_id', '=', ids.assessment!).execute()).length, 3);
    // A changed answer that now meets the question removes its unlinked deviation; changing it back finds it again.
    await t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'GOV-01': 'yes' }));
    assert.deepEqual((await t.services.supplierAssessments.get(people.assessor!, ids.assessment!)).deviations.map((d) => d.kind).sort(), ['certificate', 'control']);
    assert.equal((await assessmentRow(ids.assessment!)).result, 'meets-with-deviations');
    await t.services.supplierAssessments.recordAnswers(people.assessor!, ids.assessment!, answers({ 'GOV-01': 'no' }));
    assert.equal((await t.services.supplierAssessments.get(people.assessor!, ids.assessment!)).deviations.length, 3);
  });

  test('an assessment with an unlinked deviation cannot be completed: each unlinked deviation is named; the assessor cannot complete', async () => {
    const { code, fields, text } = await refused(t.services.supplierAssessments.complete(people.security!, ids.assessment!));
    assert.equal(code, 'validation_failed');
    assert.equal(fields.length, 3);
    for (const part of ['GOV-01', 'ISO-123', 'CTL-MFA']) assert.ok(text.includes(part), `${part} named in ${text}`);
    assert.equal((await refused(t.services.supplierAssessments.complete(people.assessor!, ids.assessment!))).code, 'forbidden');
  });

  test('deviations are linked to an existing risk by its reference, or to a new risk owned by the SRO in the supplier’s unit; both risks name the supplier', async () => {
    const detail = await t.services.supplierAssessments.get(people.security!, ids.assessment!);
    const byKind = (kind: string) => detail.deviations.find((d) => d.kind === kind)!;
    const existing = await t.services.risks.create(people.security!, { title: 'Hosting supplier without a certified ISMS', unit: 'TEAM', owner: 'owner@example.gov.uk', inherentLikelihood: 3, inherentImpact: 3, residualLikelihood: 2, residualImpact: 2, treatment: 'reduce', reviewOn: '2027-03-31' });
    const reference = (await db().selectFrom('risks').select('reference').where('id', '=', existing).executeTakeFirstOrThrow()).reference;

    // The assessor may link only to a risk they can see: one reference answer for unknown and unseen risks.
    const unseen = await refused(t.services.supplierAssessments.deviations.linkToRisk(people.assessor!, byKind('answer').id, reference));
    const unknown = await refused(t.services.supplierAssessments.deviations.linkToRisk(people.assessor!, byKind('answer').id, 'RISK-9999'));
    assert.deepEqual([unseen.fields, unseen.text.replaceAll(reference, 'X')], [unknown.fields, unknown.text.replaceAll('RISK-9999', 'X')]);
    await t.services.supplierAssessments.deviations.linkToRisk(people.security!, byKind('answer').id, reference.toLowerCase());

    // The assessor raises a new risk for the SRO to own, though they could not add it to the register themselves.
    const raised = await t.services.supplierAssessments.deviations.raiseRisk(people.assessor!, byKind('certificate').id, { title: 'Supplier’s ISO 27001 certificate has lapsed', likelihood: 3, impact: 4 });
    const risk = await t.services.risks.get(admin, raised);
    assert.deepEqual([risk.ownerPersonId, risk.unitId, risk.inherent.score, risk.residual.score, risk.treatment, risk.reviewOn], [ids.sro, ids.TEAM, 12, 12, 'reduce', '2027-02-28']);
    assert.match(risk.description, /ISO-123.*Raised from supplier assessment ASM-\d{4} of Acme Hosting Ltd/s);
    assert.deepEqual((await refused(t.services.supplierAssessments.deviations.raiseRisk(people.assessor!, byKind('control').id, { title: '', likelihood: 9, impact: 3 }))).fields.sort(), ['likelihood', 'riskTitle']);
    const linked = await db().selectFrom('risk_suppliers').select('risk_id').where('supplier_id', '=', ids.supplier!).execute();
    assert.deepEqual(linked.map((r) => r.risk_id).sort(), [existing, raised].sort());
    assert.equal((await refused(t.services.supplierAssessments.deviations.linkToRisk(people.stranger!, byKind('control').id, reference))).code, 'forbidden');
    await t.services.supplierAssessments.deviations.linkToRisk(people.sro!, byKind('control').id, (await db().selectFrom('risks').select('reference').where('id', '=', raised).executeTakeFirstOrThrow()).reference);

    const after = await t.services.supplierAssessments.get(people.security!, ids.assessment!);
    assert.ok(after.deviations.every((d) => d.riskReference !== null));
    const linkEvents = await db().selectFrom('audit_events').select(['action', 'actor_type']).where('action', '=', 'supplier-deviation.linked-to-risk').execute();
    assert.equal(linkEvents.length, 3);
  });

  test('remediation is an action raised from a deviation, in the supplier’s unit, by those who manage the supplier', async () => {
    const deviation = (await t.services.supplierAssessments.get(people.security!, ids.assessment!)).deviations[0]!;
    assert.equal((await refused(t.services.supplierAssessments.deviations.addAction(people.assessor!, deviation.id, { title: 'Renew the certificate', owner: 'owner@example.gov.uk', dueOn: '2027-01-31' }))).code, 'forbidden');
    assert.deepEqual((await refused(t.services.supplierAssessments.deviations.addAction(people.security!, deviation.id, { title: '', owner: 'nobody@example.gov.uk', dueOn: '2020-01-01' }))).fields, ['actionTitle', 'actionOwner', 'actionDueOn']);
    const actionId = await t.services.supplierAssessments.deviations.addAction(people.sro!, deviation.id, { title: 'Renew the certificate', owner: 'owner@example.gov.uk', dueOn: '2027-01-31' });
    const action = await db().selectFrom('actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow();
    assert.deepEqual([action.source_type, action.source_id, action.unit_id, action.owner_person_id], ['supplier-deviation', deviation.id, ids.TEAM, ids.owner]);
    assert.deepEqual((await t.services.supplierAssessments.get(people.security!, ids.assessment!)).actions.map((a) => a.id), [actionId]);
  });

  test('completing sets the reassessment date by criticality; the assessor no longer sees the completed assessment', async () => {
    await t.services.supplierAssessments.complete(people.sro!, ids.assessment!);
    const row = await assessmentRow(ids.assessment!);
    // The supplier reaches nothing: low criticality, reassessed in 36 months.
    assert.deepEqual([row.status, row.completed_on, row.reassess_on, row.completed_by], ['completed', TODAY, '2029-11-28', 'Someone <' + ids.sro + '@example.gov.uk>']);
    assert.equal((await refused(t.services.supplierAssessments.get(people.assessor!, ids.assessment!))).code, 'forbidden');
    assert.equal((await refused(t.services.supplierAssessments.recordAnswers(people.security!, ids.assessment!, answers({ 'GOV-01': 'yes' })))).code, 'invalid_state');
    assert.deepEqual((await events(ids.assessment!)).map((e) => e.action), [
      'supplier-assessment.started',
      'supplier-assessment.answers-recorded',
      'supplier-assessment.answers-recorded',
      'supplier-assessment.answers-recorded',
      'supplier-assessment.answers-recorded',
      'supplier-assessment.answers-recorded',
      'supplier-assessment.completed',
    ]);
  });

  test('a critical supplier (its override) is reassessed in 6 months', async () => {
    const critical = await supplier('Critical Systems plc', { override: 'critical' });
    const id = await t.services.supplierAssessments.start(people.security!, { supplierId: critical, questionnaireId: ids.questionnaire! });
    await t.services.supplierAssessments.recordAnswers(people.security!, id, answers({ 'GOV-01': 'yes', 'GOV-02': 'no', 'TEC-01': 'yes', 'INFO-01': 'no' }));
    const detail = await t.services.supplierAssessments.get(people.security!, id);
    assert.deepEqual([detail.result, detail.deviations.length, detail.criticality, detail.reassessmentMonths], ['meets', 0, 'critical', 6]);
    await t.services.supplierAssessments.complete(people.security!, id);
    assert.equal((await assessmentRow(id)).reassess_on, '2027-05-28');
  });
});

describe(`questionnaire links (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  const tokenOf = (link: string) => link.split('/').pop()!;

  test('a link works without an account, shows only that questionnaire and the supplier’s name, and works once', async () => {
    ids.linked = await supplier('Linked Services Ltd');
    ids.linkedAssessment = await t.services.supplierAssessments.start(people.security!, { supplierId: ids.linked, questionnaireId: ids.questionnaire!, assessor: 'assessor@example.gov.uk' });
    assert.equal((await refused(t.services.supplierAssessments.links.send(people.assessor!, ids.linkedAssessment, { sentTo: 'a@b.example' }))).code, 'forbidden', 'the assessor does not send links');
    const sent = await t.services.supplierAssessments.links.send(people.security!, ids.linkedAssessment, { sentTo: 'Security@Linked.example' });
    assert.match(sent.link, /^http:\/\/localhost:\d+\/supplier-questionnaire\/[A-Za-z0-9_-]{43}$/);
    assert.equal(sent.expiresAt.toISOString(), '2026-12-12T09:00:00.000Z', '14 days by default');
    const stored = await db().selectFrom('supplier_questionnaire_links').selectAll().where('assessment_id', '=', ids.linkedAssessment).execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token_sha256, tokenOf(sent.link));
    assert.equal((await assessmentRow(ids.linkedAssessment)).status, 'sent-to-supplier');
    assert.equal((await refused(t.services.supplierAssessments.recordAnswers(people.assessor!, ids.linkedAssessment, answers({ 'GOV-01': 'yes' })))).code, 'invalid_state');

    const shown = await t.services.supplierAssessments.links.open(tokenOf(sent.link));
    assert.deepEqual(Object.keys(shown).sort(), ['description', 'expiresAt', 'groups', 'supplierName', 'title', 'version']);
    assert.equal(shown.supplierName, 'Linked Services Ltd');
    assert.deepEqual(Object.keys(shown.groups[0]!.questions[0]!).sort(), ['guidance', 'id', 'key', 'text'], 'no required answers or weights');

    const missing = await refused(t.services.supplierAssessments.links.submit(tokenOf(sent.link), answers({ 'GOV-01': 'yes' })));
    assert.deepEqual(missing.fields, [`answer-${keys['GOV-02']}`, `answer-${keys['TEC-01']}`, `answer-${keys['INFO-01']}`]);
    await t.services.supplierAssessments.links.submit(tokenOf(sent.link), answers({ 'GOV-01': 'yes', 'GOV-02': 'yes', 'TEC-01': ['yes', 'AES-256'], 'INFO-01': 'no' }));
    const row = await assessmentRow(ids.linkedAssessment);
    assert.deepEqual([row.status, row.answered_by, row.score, row.max_score, row.result], ['answered', 'supplier', 7, 10, 'does-not-meet']);
    const submitted = (await events(ids.linkedAssessment)).find((e) => e.action === 'supplier-assessment.answered-by-supplier');
    assert.deepEqual([submitted?.actor_type, submitted?.actor_label], ['anonymous', 'supplier via questionnaire link (sent to security@linked.example)']);

    for (const again of [() => t.services.supplierAssessments.links.open(tokenOf(sent.link)), () => t.services.supplierAssessments.links.submit(tokenOf(sent.link), answers({ 'GOV-01': 'yes' }))]) {
      const gone = await refused(again());
      assert.deepEqual([gone.code, gone.text], ['not_found', LINK_GONE]);
    }
    assert.deepEqual(await refused(t.services.supplierAssessments.links.open('x'.repeat(43))), { code: 'not_found', text: LINK_GONE, fields: [] }, 'an unknown link gets the same answer as a used one');
  });

  test('a link expires, a revoked link stops working, and a new link replaces the old', async () => {
    const other = await supplier('Expiring Ltd');
    const id = await t.services.supplierAssessments.start(people.sro!, { supplierId: other, questionnaireId: ids.questionnaire! });
    const first = await t.services.supplierAssessments.links.send(people.sro!, id, { sentTo: 'one@expiring.example', days: 1 });
    const second = await t.services.supplierAssessments.links.send(people.sro!, id, { sentTo: 'two@expiring.example', days: 1 });
    assert.equal((await refused(t.services.supplierAssessments.links.open(tokenOf(first.link)))).text, LINK_GONE, 'the first link was replaced');
    assert.equal((await t.services.supplierAssessments.links.open(tokenOf(second.link))).supplierName, 'Expiring Ltd');
    t.clock.advance(86_400_000 + 1);
    try {
      assert.equal((await refused(t.services.supplierAssessments.links.open(tokenOf(second.link)))).text, LINK_GONE, 'expired after a day');
      const third = await t.services.supplierAssessments.links.send(people.security!, id, { sentTo: 'three@expiring.example' });
      await t.services.supplierAssessments.links.revoke(people.security!, id);
      assert.equal((await refused(t.services.supplierAssessments.links.open(tokenOf(third.link)))).text, LINK_GONE, 'revoked');
      assert.equal((await assessmentRow(id)).status, 'in-progress');
      const detail = await t.services.supplierAssessments.get(people.security!, id);
      assert.deepEqual(detail.links.map((l) => l.state), ['revoked', 'expired', 'revoked']);
      assert.deepEqual((await refused(t.services.supplierAssessments.links.send(people.security!, id, { sentTo: 'not an email', days: 99 }))).fields, ['sentTo', 'days']);
    } finally {
      t.clock.set(`${TODAY}T09:00:00Z`);
    }
  });
});
