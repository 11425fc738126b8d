// Supplier assessments through HTTP (issue 09): starting one, the assessor's answers, deviations linked to
// risks, completion refused then done, and the supplier's link: its page without an account and without
// navigation into Custodian, its errors, its single use, and one answer for every link that does not work.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let assessor: Browser;
let stranger: Browser;
const ids: Record<string, string> = {};
const keys: Record<string, string> = {};

const QUESTIONNAIRE = `code: http-check
title: HTTP supplier check
version: '1'
description: Three questions.
groups:
  - title: Governance
    questions:
      - { key: GOV-01, text: Do you run an ISMS?, required_answer: yes, weight: 5, guidance: See the security aspects letter. }
      - { key: GOV-02, text: Have you had a breach this year?, required_answer: no, weight: 3 }
  - title: About you
    questions:
      - { key: INFO-01, text: Do you use subcontractors? }
`;

const idOf = (location: string | string[] | number | undefined) => /\/supplier-assessments\/([0-9a-f-]{36})/.exec(String(location))![1]!;
/** A page as anyone sees it, without the values that differ on every response (nonce, CSRF token, request id). */
const stable = (body: string) => body.replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
const hrefs = (body: string) => [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!).filter((h) => !h.startsWith('/assets/') && !h.startsWith('/govuk/') && !h.startsWith('/moj/') && !h.startsWith('/static/'));

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  assessor = await signedInAs(t, 'assessor@example.gov.uk');
  stranger = await signedInAs(t, 'stranger@example.gov.uk');
  const sro = await db.selectFrom('people').select('id').where('email', '=', 'security@example.gov.uk').executeTakeFirstOrThrow();
  for (const [key, name] of [['supplier', 'Acme Hosting Ltd'], ['linked', 'Linked Services Ltd']] as const) {
    ids[key] = (await db.insertInto('suppliers').values({ reference: `SUP-00${key === 'supplier' ? 1 : 2}`, name, unit_id: dept.id, contact_email: 'security@acme.example' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('appointments').values({ role_code: 'senior-responsible-officer', person_id: sro.id, record_type: 'supplier', record_id: ids[key]!, starts_on: '2025-01-01' }).execute();
  }
  const loaded = await t.services.questionnaires.importFile(systemActor('test'), { fileName: 'http.yaml', text: QUESTIONNAIRE });
  ids.questionnaire = loaded.id;
  for (const q of (await t.services.questionnaires.get(systemActor('test'), loaded.id)).groups.flatMap((g) => g.questions)) keys[q.key] = q.id;
});
after(async () => t.close());

describe('supplier assessment pages', () => {
  test('the security team starts an assessment with an assessor; mistakes are shown on the form; a stranger may not start one', async () => {
    const newUrl = `/supplier-assessments/new?supplier=${ids.supplier}`;
    const form = await security.request('GET', newUrl);
    assert.equal(form.statusCode, 200, form.body.slice(0, 500));
    assert.match(form.body, /Assess Acme Hosting Ltd/);
    assert.match(form.body, /HTTP supplier check \(version 1, 3 questions\)/);
    assert.equal((await stranger.request('GET', newUrl)).statusCode, 403);
    assert.equal((await security.request('GET', '/supplier-assessments/new')).statusCode, 404);

    const wrong = await security.post('/supplier-assessments', { supplier: ids.supplier!, questionnaire: '', assessor: 'nobody@example.gov.uk' }, newUrl);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /href="#questionnaire"/);
    assert.match(wrong.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    const started = await security.post('/supplier-assessments', { supplier: ids.supplier!, questionnaire: ids.questionnaire!, assessor: 'assessor@example.gov.uk' }, newUrl);
    assert.equal(started.statusCode, 303, started.body.slice(0, 500));
    ids.assessment = idOf(started.headers.location);
  });

  test('the assessor sees and answers their assessment; a stranger and a signed-out visitor do not see it', async () => {
    const url = `/supplier-assessments/${ids.assessment}`;
    const page = await assessor.request('GET', url);
    assert.equal(page.statusCode, 200, page.body.slice(0, 500));
    assert.match(page.body, /Security risk assessment of Acme Hosting Ltd/);
    assert.match(page.body, /name="answer-[0-9a-f-]{36}" type="radio" value="not-applicable"/);
    assert.match(page.body, /Guidance for GOV-01/);
    assert.doesNotMatch(page.body, /Create link/, 'only those who manage the supplier send links');
    assert.match((await assessor.request('GET', '/supplier-assessments')).body, /Assessments you are assigned to/);
    assert.equal((await stranger.request('GET', url)).statusCode, 403);
    const signedOut = await new Browser(t.app).request('GET', url);
    assert.equal(signedOut.statusCode, 303);
    assert.match(String(signedOut.headers.location), /^\/sign-in/);

    const noReason = await assessor.post(`${url}/answers`, { [`answer-${keys['GOV-01']}`]: 'not-applicable' }, url);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, new RegExp(`href="#comment-${keys['GOV-01']}"`));
    assert.match(noReason.body, /Say why GOV-01 does not apply/);
    const saved = await assessor.post(`${url}/answers`, { [`answer-${keys['GOV-01']}`]: 'no', [`answer-${keys['GOV-02']}`]: 'no', [`answer-${keys['INFO-01']}`]: 'yes', [`comment-${keys['INFO-01']}`]: 'One, in Leeds' }, url);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 800));
    const answered = await assessor.request('GET', url);
    assert.match(answered.body, /3 of 3 questions answered/);
    assert.match(answered.body, /3 of 8 \(38%\)/);
    assert.match(answered.body, /Does not meet/);
    assert.match(answered.body, /GOV-01: Do you run an ISMS\? Answered “no”; “yes” is required\./);
  });

  test('completing with an unlinked deviation shows it in the error summary; linked to a new risk, the assessment completes', async () => {
    const url = `/supplier-assessments/${ids.assessment}`;
    const refused = await security.post(`${url}/complete`, {}, url);
    assert.equal(refused.statusCode, 400);
    const deviationId = /href="#deviation-([0-9a-f-]{36})"/.exec(refused.body)?.[1];
    assert.ok(deviationId, 'the error summary links to the deviation');
    assert.match(refused.body, new RegExp(`id="deviation-${deviationId}"`));
    assert.match(refused.body, /Link this deviation to a risk before completing the assessment/);

    const unknown = await assessor.post(`${url}/deviations/${deviationId}/risk`, { riskReference: 'RISK-9999' }, url);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, new RegExp(`href="#riskReference-${deviationId}"`));
    const raised = await assessor.post(`${url}/deviations/${deviationId}/new-risk`, { riskTitle: 'Acme runs without an ISMS', likelihood: '3', impact: '4' }, url);
    assert.equal(raised.statusCode, 303, raised.body.slice(0, 800));
    const page = await security.request('GET', url);
    assert.match(page.body, /Linked to risk <a class="govuk-link" href="\/risks\/[0-9a-f-]{36}">RISK-\d{4}<\/a>: Acme runs without an ISMS/);

    const action = await security.post(`${url}/deviations/${deviationId}/actions`, { actionTitle: 'Agree an ISMS plan', actionOwner: 'assessor@example.gov.uk', actionDueOn: '2027-01-31' }, url);
    assert.equal(action.statusCode, 303, action.body.slice(0, 800));
    assert.equal((await assessor.post(`${url}/complete`, {}, url)).statusCode, 403);
    const completed = await security.post(`${url}/complete`, {}, url);
    assert.equal(completed.statusCode, 303, completed.body.slice(0, 800));
    const done = await security.request('GET', `${url}?saved=completed`);
    assert.match(done.body, /The assessment was completed/);
    assert.match(done.body, /Agree an ISMS plan/);
    assert.equal((await assessor.request('GET', url)).statusCode, 403, 'the assessor’s access ends with the work');
  });

  test('the JSON API reads an assessment for those who see it', async () => {
    const token = await apiToken(t, 'security@example.gov.uk');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/supplier-assessments/${ids.assessment}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ status: string; questions: Array<{ key: string; answer: string }>; deviations: Array<{ riskReference: string }> }>();
    assert.deepEqual([body.status, body.questions.map((q) => `${q.key}=${q.answer}`), body.deviations.length], ['completed', ['GOV-01=no', 'GOV-02=no', 'INFO-01=yes'], 1]);
    const other = await t.app.inject({ method: 'GET', url: `/api/v1/supplier-assessments/${ids.assessment}`, headers: { authorization: `Bearer ${await apiToken(t, 'stranger@example.gov.uk')}` } });
    assert.equal(other.statusCode, 403);
  });
});

describe('the supplier’s link', () => {
  test('the link is shown once; the supplier answers without an account on a page with no way into Custodian; then the link no longer works', async () => {
    const started = await security.post('/supplier-assessments', { supplier: ids.linked!, questionnaire: ids.questionnaire! }, `/supplier-assessments/new?supplier=${ids.linked}`);
    const url = `/supplier-assessments/${idOf(started.headers.location)}`;
    const badEmail = await security.post(`${url}/links`, { sentTo: 'not an email', days: '14' }, url);
    assert.equal(badEmail.statusCode, 400);
    assert.match(badEmail.body, /href="#sentTo"/);
    const created = await security.post(`${url}/links`, { sentTo: 'security@linked.example', days: '14' }, url);
    assert.equal(created.statusCode, 200, created.body.slice(0, 800));
    const link = /<code class="custodian-secret">([^<]+)<\/code>/.exec(created.body)![1]!;
    const path = new URL(link).pathname;
    assert.match(path, /^\/supplier-questionnaire\/[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch((await security.request('GET', url)).body, new RegExp(path.split('/').pop()!), 'never shown again');

    const supplier = new Browser(t.app);
    const page = await supplier.request('GET', path);
    assert.equal(page.statusCode, 200, page.body.slice(0, 800));
    assert.match(page.body, /For Linked Services Ltd/);
    assert.match(page.body, /HTTP supplier check/);
    assert.doesNotMatch(page.body, /Acme Hosting Ltd|weight|Meets when/);
    assert.deepEqual(hrefs(page.body).sort(), ['#main-content', '/accessibility', '/privacy', 'https://www.gov.uk/', 'https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/', 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/'].sort());
    assert.doesNotMatch(page.body, /govuk-service-navigation__link|Sign in/);

    const incomplete = await supplier.post(path, { [`answer-${keys['GOV-01']}`]: 'yes' });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.body, new RegExp(`href="#answer-${keys['GOV-02']}"`));
    assert.match(incomplete.body, /Answer GOV-02: yes, no or not applicable/);
    assert.match(incomplete.body, new RegExp(`id="answer-${keys['GOV-01']}" name="answer-${keys['GOV-01']}" type="radio" value="yes" checked`), 'the answers given are kept');
    const submitted = await supplier.post(path, { [`answer-${keys['GOV-01']}`]: 'yes', [`answer-${keys['GOV-02']}`]: 'no', [`answer-${keys['INFO-01']}`]: 'no' });
    assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 800));
    assert.equal(submitted.headers.location, '/supplier-questionnaire/submitted');
    assert.match((await supplier.request('GET', '/supplier-questionnaire/submitted')).body, /Answers submitted/);
    assert.match((await security.request('GET', url)).body, /The supplier, through its link/);

    const used = await supplier.request('GET', path);
    const unknown = await supplier.request('GET', `/supplier-questionnaire/${'A'.repeat(43)}`);
    const junk = await supplier.request('GET', '/supplier-questionnaire/not-a-real-link');
    assert.deepEqual([used.statusCode, unknown.statusCode, junk.statusCode], [404, 404, 404]);
    assert.match(used.body, /This link no longer works/);
    assert.equal(stable(used.body), stable(unknown.body), 'a used link and an unknown one get the same page');
    assert.equal(stable(junk.body), stable(unknown.body));
    const again = await supplier.post(path, { [`answer-${keys['GOV-01']}`]: 'no', [`answer-${keys['GOV-02']}`]: 'no', [`answer-${keys['INFO-01']}`]: 'no' }, '/sign-in');
    assert.equal(again.statusCode, 404);
    assert.match(again.body, /This link no longer works/);
  });
});
