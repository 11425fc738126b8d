import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { checkAnswers, resultOf, scoreAnswers, type ScoredQuestion } from './deviations.ts';
import { parseQuestionnaire } from './questionnaires.ts';

let t: TestContext;
const admin = systemActor('test');

const FILE = `code: tiny-supplier-check
title: Tiny supplier check
version: '1'
description: Two groups for the tests.
groups:
  - title: Governance
    questions:
      - key: GOV-01
        text: Do you hold ISO/IEC 27001 certification?
        required_answer: yes
        weight: 5
        guidance: See the department's page on security aspects letters.
      - key: GOV-02
        text: Have you had a data breach in the last year?
        required_answer: no
        weight: 3
  - title: About you
    questions:
      - key: ABOUT-01
        text: Do you use subcontractors?
`;

async function refused(work: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return { code: error.code, text: [error.message, ...error.problems.map((p) => p.message)].join(' | ') };
  }
  assert.fail('expected the call to be refused');
}

before(async () => {
  t = await createTestContext();
});
after(async () => t.close());

describe('scoring (pure)', () => {
  const q = (id: string, requiredAnswer: 'yes' | 'no' | null, weight: number): ScoredQuestion => ({ id, key: id.toUpperCase(), text: `Question ${id}?`, requiredAnswer, weight });
  const questions = [q('a', 'yes', 5), q('b', 'no', 3), q('c', 'yes', 2), q('info', null, 9)];

  test('the score is the weight of required questions met over the weight of those answered yes or no; information questions and not applicable are left out', () => {
    const all = scoreAnswers(questions, new Map([['a', 'yes'], ['b', 'no'], ['c', 'yes'], ['info', 'no']]));
    assert.deepEqual([all.score, all.maxScore, all.unmet.length, all.unanswered.length], [10, 10, 0, 0]);
    const some = scoreAnswers(questions, new Map([['a', 'no'], ['b', 'no'], ['c', 'not-applicable'], ['info', 'yes']]));
    assert.deepEqual([some.score, some.maxScore, some.unmet.map((x) => x.key)], [3, 8, ['A']]);
    assert.deepEqual(scoreAnswers(questions, new Map([['a', 'yes']])).unanswered.map((x) => x.id), ['b', 'c', 'info']);
  });

  test('the result: does not meet under 80% of the max score; else meets, or meets with deviations when there are any', () => {
    assert.equal(resultOf(10, 10, 0), 'meets');
    assert.equal(resultOf(8, 10, 1), 'meets-with-deviations');
    assert.equal(resultOf(10, 10, 2), 'meets-with-deviations');
    assert.equal(resultOf(7, 10, 1), 'does-not-meet');
    assert.equal(resultOf(0, 0, 0), 'meets');
  });

  test('answers are checked: a choice for each, all of them when the supplier submits, and a reason for a required question that does not apply', () => {
    const given = new Map([['a', { answer: 'not-applicable', comment: ' ' }], ['b', { answer: 'maybe', comment: '' }], ['info', { answer: 'not-applicable', comment: '' }]]);
    const some = checkAnswers(questions, given, 'some');
    assert.deepEqual(some.problems.map((p) => p.field), ['comment-a', 'answer-b']);
    assert.deepEqual(some.answers.map((a) => a.questionId), ['info']);
    assert.deepEqual(checkAnswers(questions, given, 'all').problems.map((p) => p.field), ['comment-a', 'answer-b', 'answer-c']);
  });
});

describe(`questionnaires (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a questionnaire file is read into groups of questions with their required answers, weights and guidance', () => {
    const parsed = parseQuestionnaire({ fileName: 'tiny.yaml', text: FILE });
    assert.deepEqual([parsed.code, parsed.title, parsed.version, parsed.groups.map((g) => g.title)], ['tiny-supplier-check', 'Tiny supplier check', '1', ['Governance', 'About you']]);
    assert.deepEqual(parsed.groups[0]!.questions[0], { key: 'GOV-01', text: 'Do you hold ISO/IEC 27001 certification?', requiredAnswer: 'yes', weight: 5, guidance: 'See the department\'s page on security aspects letters.' });
    assert.deepEqual(parsed.groups[1]!.questions[0], { key: 'ABOUT-01', text: 'Do you use subcontractors?', requiredAnswer: null, weight: 1, guidance: '' });
  });

  test('JSON is read the same way, and every mistake in a file is reported at once', async () => {
    const json = JSON.stringify({ code: 'Bad Code', title: '', groups: [{ title: 'G', questions: [{ key: 'A', text: 'x', required_answer: 'maybe', weight: 500 }, { key: 'a', text: '' }] }] });
    const { text } = await refused(t.services.questionnaires.importFile(admin, { fileName: 'bad.json', text: json }));
    for (const expected of ['code of lower-case letters', 'give the questionnaire a title', 'required_answer is yes or no', 'whole number from 0 to 100', 'the key a is used twice', 'give the question its text']) assert.ok(text.includes(expected), `${expected} in ${text}`);
    assert.equal((await refused(t.services.questionnaires.importFile(admin, { fileName: 'x.yaml', text: 'code: [unclosed' }))).code, 'validation_failed');
  });

  test('loading is idempotent by code and version; a new version replaces an unused questionnaire, and a used one is kept', async () => {
    const first = await t.services.questionnaires.importFile(admin, { fileName: 'tiny.yaml', text: FILE });
    assert.deepEqual([first.outcome, first.groups, first.questions], ['created', 2, 3]);
    const again = await t.services.questionnaires.importFile(admin, { fileName: 'tiny.yaml', text: FILE });
    assert.deepEqual([again.outcome, again.id], ['unchanged', first.id]);
    const changedSameVersion = FILE.replace('weight: 5', 'weight: 6');
    assert.match((await refused(t.services.questionnaires.importFile(admin, { fileName: 'tiny.yaml', text: changedSameVersion }))).text, /give the file a new version/);
    const second = await t.services.questionnaires.importFile(admin, { fileName: 'tiny.yaml', text: changedSameVersion.replace("version: '1'", "version: '2'") });
    assert.deepEqual([second.outcome, second.id, second.version], ['updated', first.id, '2']);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'questionnaire.imported').execute();
    assert.equal(events.length, 2, 'one event per load that changed something');

    const unit = await t.database.db.insertInto('organisation_units').values({ code: 'QTEAM', name: 'Team', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
    const supplier = await t.database.db.insertInto('suppliers').values({ reference: 'SUP-0901', name: 'Used Ltd', unit_id: unit.id }).returning('id').executeTakeFirstOrThrow();
    await t.services.supplierAssessments.start(admin, { supplierId: supplier.id, questionnaireId: first.id });
    assert.match((await refused(t.services.questionnaires.importFile(admin, { fileName: 'tiny.yaml', text: FILE.replace("version: '1'", "version: '3'") }))).text, /used by assessments.*new code, such as tiny-supplier-check-3/);
  });

  test('only the security team loads questionnaires', async () => {
    const person = await t.database.db.insertInto('people').values({ email: 'someone@example.gov.uk', display_name: 'Someone' }).returning('id').executeTakeFirstOrThrow();
    const staff = personActor(person.id, [], 'x', []);
    assert.equal((await refused(t.services.questionnaires.importFile(staff, { fileName: 'tiny.yaml', text: FILE }))).code, 'forbidden');
  });

  test('the MoJ example questionnaire loads, and cites the department’s guidance in every question', async () => {
    const text = readFileSync(new URL('../../example/moj/supplier-questionnaire.yaml', import.meta.url), 'utf8');
    const loaded = await t.services.questionnaires.importFile(admin, { fileName: 'supplier-questionnaire.yaml', text });
    assert.equal(loaded.outcome, 'created');
    const questionnaire = await t.services.questionnaires.get(admin, loaded.id);
    const questions = questionnaire.groups.flatMap((g) => g.questions);
    assert.ok(questions.length >= 12, 'a questionnaire of some substance');
    for (const q of questions) assert.match(q.guidance, /MoJ security guidance: “[^”]+”/, `${q.key} cites its source page`);
    assert.ok(questions.some((q) => q.requiredAnswer === null), 'some questions are asked for information only');
  });
});
