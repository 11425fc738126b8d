// The risks pages through app.inject: the register and the heat map with their filters (a cell's link
// leads to the register filtered to it), the form and its mistakes, decisions refused on the page and
// taken by the right person with their snapshot, the CSV export, who may see a risk, and the matrix
// re-rating risks when a cell changes. The organisation: DEPT > AGENCY > TEAM, with appetites medium
// at TEAM and high at AGENCY, the SIRO at AGENCY, the board member and the Accounting Officer at DEPT.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUnitTree } from '../support/organisation.ts';
import { apiToken, createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let owner: Browser;
let siro: Browser;
let board: Browser;
let stranger: Browser;
const units: Record<string, string> = {};
const people: Record<string, string> = {};
let heldRiskId = '';

const personId = async (email: string) => (await t.database.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const riskIdOf = (location: string | string[] | number | undefined) => /^\/risks\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? assert.fail(`not a risk page: ${String(location)}`);
const riskForm = (fields: Record<string, string>) => ({
  title: 'Case files exposed',
  unit: units.TEAM!,
  owner: 'owner@example.gov.uk',
  inherentLikelihood: '4',
  inherentImpact: '4',
  residualLikelihood: '3',
  residualImpact: '3',
  treatment: 'reduce',
  reviewOn: '2027-06-30',
  ...fields,
});

before(async () => {
  t = await createTestApp();
  const db = t.database.db;
  Object.assign(units, await createUnitTree(db));
  const admin = systemActor('test setup');
  await t.services.riskConfiguration.setAppetite(admin, 'TEAM', 'medium');
  await t.services.riskConfiguration.setAppetite(admin, 'AGENCY', 'high');

  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  for (const name of ['owner', 'siro', 'board', 'ao', 'sro', 'stranger']) {
    await createAccount(t, `${name}@example.gov.uk`);
    people[name] = await personId(`${name}@example.gov.uk`);
  }
  await db.insertInto('requirements').values({ key: 'SISP-007', source_type: 'policy-statement', text: 'Case files are reviewed monthly.', status: 'active' }).execute();
  const service = await db.insertInto('technology_services').values({ reference: 'SVC-0001', name: 'Case system', unit_id: units.TEAM!, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('appointments')
    .values([
      { role_code: 'siro', person_id: people.siro!, unit_id: units.AGENCY!, starts_on: '2025-01-01' },
      { role_code: 'security-board-member', person_id: people.board!, unit_id: units.DEPT!, starts_on: '2025-01-01' },
      { role_code: 'accounting-officer', person_id: people.ao!, unit_id: units.DEPT!, starts_on: '2025-01-01' },
      { role_code: 'senior-responsible-officer', person_id: people.sro!, record_type: 'technology-service', record_id: service.id, starts_on: '2025-01-01' },
    ])
    .execute();
  // Signed in after their appointments exist, so each holds the access the appointments give.
  const browser = async (name: string) => {
    const b = new Browser(t.app);
    await b.post('/sign-in', { email: `${name}@example.gov.uk`, password: TEST_PASSWORD });
    return b;
  };
  owner = await browser('owner');
  siro = await browser('siro');
  board = await browser('board');
  stranger = await browser('stranger');
});
after(async () => t.close());

describe('risk pages', () => {
  test('a form with mistakes comes back with the error summary; a good one adds the risk and opens its page', async () => {
    const bad = await owner.post('/risks', riskForm({ title: '', owner: 'nobody@example.gov.uk', residualLikelihood: '5', residualImpact: '5', reviewOn: '2026-13-01', services: 'SVC-9999' }), '/risks/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#title">Enter a title/);
    assert.match(bad.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    assert.match(bad.body, /The residual rating cannot be higher than the inherent rating/);
    assert.match(bad.body, /Enter the review date as YYYY-MM-DD/);
    assert.match(bad.body, /SVC-9999: not the reference of a technology service/);

    const created = await owner.post('/risks', riskForm({ title: 'Prison case files exposed', residualLikelihood: '4', residualImpact: '4', services: 'SVC-0001' }), '/risks/new');
    assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
    heldRiskId = riskIdOf(created.headers.location);
    const page = await owner.request('GET', `/risks/${heldRiskId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Prison case files exposed/);
    assert.match(page.body, /16 High/);
    assert.match(page.body, /Above the appetite of Prison Operations; held by The Agency/);
    assert.match(page.body, /Senior Information Risk Owner/);
    assert.match(page.body, /href="\/technology-services\/[0-9a-f-]{36}">SVC-0001 Case system/);
  });

  test('a staff member who neither owns nor decides a risk may not see it', async () => {
    assert.equal((await stranger.request('GET', `/risks/${heldRiskId}`)).statusCode, 403);
    const list = await stranger.request('GET', '/risks');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Prison case files exposed/);
  });

  test('the wrong person deciding gets the reason on the page; the right person accepts; the decision keeps its snapshot', async () => {
    const asked = await owner.post(`/risks/${heldRiskId}/ask-for-decision`, {}, `/risks/${heldRiskId}`);
    assert.equal(asked.statusCode, 303);
    const register = await siro.request('GET', '/risks');
    assert.match(register.body, /Risks awaiting your decision \(1\)/);
    assert.match((await siro.request('GET', '/risks/decisions')).body, /Prison case files exposed/);

    const decision = { outcome: 'accepted', justification: 'Compensating monitoring is in place', conditions: 'Monthly access review', expiresOn: '2027-03-31' };
    const wrong = await board.post(`/risks/${heldRiskId}/decision`, decision, `/risks/${heldRiskId}`);
    assert.equal(wrong.statusCode, 403);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /A high risk at this level is decided by the Senior Information Risk Owner \(siro\), not by you/);

    const tooLong = await siro.post(`/risks/${heldRiskId}/decision`, { ...decision, expiresOn: '2028-01-01' }, `/risks/${heldRiskId}`);
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /may be accepted for at most 6 months/);

    const right = await siro.post(`/risks/${heldRiskId}/decision`, decision, `/risks/${heldRiskId}`);
    assert.equal(right.statusCode, 303, right.body.slice(0, 2000));
    const page = await owner.request('GET', `/risks/${heldRiskId}`);
    assert.match(page.body, /Accepted by siro/);
    assert.match(page.body, /Compensating monitoring is in place/);
    assert.match(page.body, /Monthly access review/);
    assert.match(page.body, /31 March 2027/);
    assert.match(page.body, /The risk as it stood when decided/);
    assert.match(page.body, /<dt class="govuk-summary-list__key">\s*Residual rating\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*16 High \(likelihood Likely \(4\), impact Major \(4\)\)/);
    assert.match(page.body, /<dt class="govuk-summary-list__key">\s*Technology services\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*SVC-0001/);
    assert.doesNotMatch(page.body, /Record the decision/, 'no decision form while an acceptance is in force');
  });

  test('an exception backed by the accepted risk: asked for by the owner, refused to the wrong person, granted by the SIRO', async () => {
    const form = await owner.request('GET', `/risk-exceptions/new?risk=${heldRiskId}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="riskId" name="risk" type="text" spellcheck="false" value="RISK-0001"/);
    const bad = await owner.post('/risk-exceptions', { risk: 'RISK-0001', requirement: 'SISP-999', scopeType: 'service', scope: 'SVC-0001', justification: '' }, '/risk-exceptions/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#requirement">SISP-999 is not a requirement/);
    assert.match(bad.body, /href="#justification">Say why the requirement cannot be met/);
    const asked = await owner.post('/risk-exceptions', { risk: 'risk-0001', requirement: 'SISP-007', scopeType: 'service', scope: 'SVC-0001', justification: 'The supplier cannot review monthly' }, '/risk-exceptions/new');
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 2000));
    const url = String(asked.headers.location);
    assert.match(url, /^\/risk-exceptions\/[0-9a-f-]{36}$/);
    const page = await siro.request('GET', url);
    assert.equal(page.statusCode, 200, page.body.slice(0, 2000));
    assert.match(page.body, /SISP-007 need not be met for Case system/);
    assert.match(page.body, /Decide on the exception/);

    const decision = { outcome: 'accepted', justification: 'Quarterly review is enough for now', expiresOn: '2027-02-28' };
    const wrong = await board.post(`${url}/decision`, decision, url);
    assert.equal(wrong.statusCode, 403);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /decided by the Senior Information Risk Owner \(siro\), not by you/);
    const tooLong = await siro.post(`${url}/decision`, { ...decision, expiresOn: '2027-04-30' }, url);
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /cannot outlast the risk’s acceptance/);
    const granted = await siro.post(`${url}/decision`, decision, url);
    assert.equal(granted.statusCode, 303);
    assert.match((await owner.request('GET', url)).body, /<strong class="govuk-tag govuk-tag--green">In force<\/strong>/);

    const list = await security.request('GET', '/risk-exceptions');
    assert.match(list.body, /EXC-0001/);
    assert.equal((await owner.request('GET', '/risk-exceptions')).statusCode, 403, 'the list is for those who read risks');
    assert.match((await security.request('GET', '/risk-exceptions.csv')).body, /EXC-0001,SISP-007,service,Case system,RISK-0001,in-force,yes,2027-02-28/);
    assert.match((await security.request('GET', `/risks/${heldRiskId}`)).body, /Exceptions it backs/);
  });

  test('the owner adds an action to treat the risk from its page', async () => {
    const url = `/risks/${heldRiskId}`;
    const bad = await owner.post(`${url}/actions`, { actionTitle: '', actionOwner: 'owner@example.gov.uk', actionDueOn: '2027-01-31' }, url);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#actionTitle">Enter what is to be done/);
    const added = await owner.post(`${url}/actions`, { actionTitle: 'Turn on access logging', actionOwner: 'owner@example.gov.uk', actionDueOn: '2027-01-31' }, url);
    assert.equal(added.statusCode, 303);
    const back = String(added.headers.location);
    assert.match(back, /^\/risks\/[0-9a-f-]{36}\?added=[0-9a-f-]{36}#actions$/);
    assert.match((await owner.request('GET', back.replace(/#.*$/, ''))).body, /The action was added/);
  });

  test('the register and the heat map filter; a heat-map cell links to the register filtered to it', async () => {
    for (const [title, l, i] of [['Printer toner runs low', '1', '2'], ['Supplier outage', '3', '3']] as const) {
      const res = await security.post('/risks', riskForm({ title, residualLikelihood: l, residualImpact: i }), '/risks/new');
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
    }
    const all = await security.request('GET', '/risks');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /3 risks match/);
    assert.match(all.body, /<strong class="govuk-tag govuk-tag--orange custodian-risk-tag">16 High<\/strong>/);
    assert.match(all.body, /Over appetite/);

    const high = await security.request('GET', '/risks?band=high');
    assert.match(high.body, /1 risk matches/);
    assert.match(high.body, /Prison case files exposed/);
    const within = await security.request('GET', '/risks?overAppetite=no');
    assert.match(within.body, /2 risks match/);
    const expiring = await security.request('GET', '/risks?expiringWithinDays=200');
    assert.match(expiring.body, /1 risk matches/);
    assert.match((await security.request('GET', '/risks?expiringWithinDays=30')).body, /0 risks match/);
    const byOwner = await security.request('GET', '/risks?owner=siro@example.gov.uk');
    assert.match(byOwner.body, /0 risks match/);
    const unknownOwner = await security.request('GET', '/risks?owner=nobody@example.gov.uk');
    assert.equal(unknownOwner.statusCode, 400);
    assert.match(unknownOwner.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    assert.match((await security.request('GET', '/risks?unit=team&status=accepted')).body, /1 risk matches/);

    const map = await security.request('GET', '/risks/heat-map');
    assert.equal(map.statusCode, 200);
    assert.match(map.body, /<caption class="govuk-table__caption govuk-table__caption--m">Inherent ratings<\/caption>/);
    assert.match(map.body, /<caption class="govuk-table__caption govuk-table__caption--m">Residual ratings<\/caption>/);
    const cell = /href="(\/risks\?rating=residual&amp;likelihood=3&amp;impact=3)">1<span class="govuk-visually-hidden"> risk with likelihood Possible and impact Moderate<\/span>/.exec(map.body);
    assert.ok(cell, 'the residual cell 3 × 3 holds one risk and links to the register');
    assert.match(map.body, /href="\/risks\?rating=inherent&amp;likelihood=4&amp;impact=4">3</, 'all three are inherently 4 × 4');
    const filtered = await security.request('GET', cell[1]!.replaceAll('&amp;', '&'));
    assert.match(filtered.body, /1 risk matches/);
    assert.match(filtered.body, /Supplier outage/);
    assert.match(filtered.body, /whose residual rating is likelihood Possible \(3\) and impact Moderate \(3\)/);
    const mapByBand = await security.request('GET', '/risks/heat-map?band=low');
    assert.match(mapByBand.body, /By band: Very high 0, High 0, Medium 0, Low 1\./);
  });

  test('the CSV export escapes a title a spreadsheet would run as a formula', async () => {
    const res = await security.post('/risks', riskForm({ title: '=HYPERLINK("http://evil.example")', residualLikelihood: '2', residualImpact: '2' }), '/risks/new');
    assert.equal(res.statusCode, 303);
    const csv = await security.request('GET', '/risks.csv');
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="risks.csv"/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil.example""\)"/);
    assert.doesNotMatch(csv.body, /,=HYPERLINK/);
  });

  test('changing a cell of the matrix re-rates the risks in it and says so', async () => {
    const staffRefused = await owner.post('/risks/configuration/cells', { likelihood: '3', impact: '3', score: '12', bandCode: 'high' }, '/risks');
    assert.equal(staffRefused.statusCode, 403);
    const bad = await security.post('/risks/configuration/cells', { likelihood: '3', impact: '3', score: 'twelve', bandCode: 'high' }, '/risks/configuration');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the cell’s score as a whole number/);
    const changed = await security.post('/risks/configuration/cells', { likelihood: '3', impact: '3', score: '12', bandCode: 'high' }, '/risks/configuration');
    assert.equal(changed.statusCode, 303);
    assert.equal(changed.headers.location, '/risks/configuration?rerated=1&lapsed=0#matrix');
    const page = await security.request('GET', String(changed.headers.location));
    assert.match(page.body, /The cell was changed: 1 risk was re-rated and 0 acceptances lapsed\./);
    const list = await security.request('GET', '/risks?band=high');
    assert.match(list.body, /Supplier outage/);
    assert.match(list.body, /12 High/);
  });

  test('the configuration page sets appetites and band rules, with mistakes shown by the form they belong to', async () => {
    const page = await security.request('GET', '/risks/configuration');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Above the appetite of every unit, the Accounting Officer decides/);
    const badBand = await security.post('/risks/configuration/bands/low', { acceptingRoleCode: 'siro', ownerMayAccept: 'yes', maxAcceptanceMonths: '0' }, '/risks/configuration');
    assert.equal(badBand.statusCode, 400);
    assert.match(badBand.body, /href="#maxAcceptanceMonths-low">Enter the longest acceptance in whole months/);
    assert.match(badBand.body, /id="maxAcceptanceMonths-low"/);
    const band = await security.post('/risks/configuration/bands/low', { acceptingRoleCode: 'siro', ownerMayAccept: 'no', maxAcceptanceMonths: '9' }, '/risks/configuration');
    assert.equal(band.statusCode, 303);
    const appetite = await security.post('/risks/configuration/appetite', { unit: 'DEPT', band: 'very-high' }, '/risks/configuration');
    assert.equal(appetite.statusCode, 303);
    const after = await security.request('GET', String(appetite.headers.location).replace(/#.*$/, ''));
    assert.match(after.body, /The appetite was saved/);
    assert.match(after.body, /<td class="govuk-table__cell">The Department<\/td>\s*<td class="govuk-table__cell">DEPT<\/td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red custodian-risk-tag">Very high<\/strong>/);
    assert.match(after.body, /<td class="govuk-table__cell">Senior Information Risk Owner<\/td>\s*<td class="govuk-table__cell">No<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">9 months<\/td>/);
  });

  test('the API lists, filters and decides as the pages do', async () => {
    const token = await apiToken(t, 'security@example.gov.uk');
    const headers = { authorization: `Bearer ${token}` };
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/risks?band=high&overAppetite=true', headers });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(listed.json().items.map((r: { title: string }) => r.title).sort(), ['Prison case files exposed', 'Supplier outage']);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/risks/${heldRiskId}`, headers });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().decisions[0].snapshot.residual.score, 16);
    const map = await t.app.inject({ method: 'GET', url: '/api/v1/risks/heat-map?unit=TEAM', headers });
    assert.equal(map.statusCode, 200, map.body);
    assert.equal(map.json().cells.find((c: { likelihood: number; impact: number }) => c.likelihood === 4 && c.impact === 4).inherent, 4);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/risks/${heldRiskId}/revoke`, headers: { ...headers, 'content-type': 'application/json' }, payload: { reason: '' } });
    assert.equal(refused.statusCode, 400);
  });
});
