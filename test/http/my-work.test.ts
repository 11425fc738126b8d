// The my-work page and API through app.inject: a person's own dated duties grouped by when they are
// due with the words for each, the filter by kind, another's work refused, and allowed to their line
// manager and to the security team.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWork, type WorkFixture } from '../../src/work/test-fixtures.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let f: WorkFixture;
const browsers: Record<string, Browser> = {};

const section = (body: string, id: string): string => {
  const start = body.indexOf(`id="${id}"`);
  return start < 0 ? '' : body.slice(start, body.indexOf('</table>', start));
};

before(async () => {
  t = await createTestApp({ now: '2026-11-28T09:00:00Z' });
  f = await seedWork(t.database.db);
  for (const name of ['alice', 'mark', 'bob', 'hana']) {
    await createAccount(t, `${name}@example.gov.uk`);
    const b = new Browser(t.app);
    await b.post('/sign-in', { email: `${name}@example.gov.uk`, password: TEST_PASSWORD });
    browsers[name] = b;
  }
  browsers.security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
});
after(async () => t.close());

describe('my work', () => {
  test('a person sees their own duties, grouped, with words for when each is due', async () => {
    const page = await browsers.alice!.request('GET', '/my-work');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">My work<\/h1>/);
    const overdue = section(page.body, 'overdue');
    assert.match(overdue, /Overdue \(1\)/);
    assert.match(overdue, /Rotate the signing keys/);
    assert.match(overdue, /18 days overdue/);
    const week = section(page.body, 'week');
    assert.match(week, /Patch the case system/);
    assert.match(week, /due in 2 days/);
    assert.match(section(page.body, 'later'), /Plan next year’s exercises/);
    assert.doesNotMatch(page.body, /Finished already/, 'a done action is no duty');
    assert.doesNotMatch(page.body, /Acme Hosting/, 'sam’s supplier is not alice’s');
  });

  test('the filter by kind is a plain GET form and narrows the list', async () => {
    const page = await browsers.alice!.request('GET', '/my-work?kind=training');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="get" action="\/my-work"/);
    assert.match(page.body, /You have no dated duties of this kind/);
    const actions = await browsers.alice!.request('GET', '/my-work?kind=action');
    assert.match(actions.body, /<option value="action" selected>Action<\/option>/);
    assert.match(actions.body, /Rotate the signing keys/);
  });

  test('another person’s work is refused to a colleague, shown to their line manager and to the security team', async () => {
    const url = `/my-work?person=${f.people.alice}`;
    assert.equal((await browsers.bob!.request('GET', url)).statusCode, 403);
    assert.equal((await browsers.hana!.request('GET', url)).statusCode, 403);
    const manager = await browsers.mark!.request('GET', url);
    assert.equal(manager.statusCode, 200);
    assert.match(manager.body, /Work of Alice/);
    assert.match(manager.body, /<input type="hidden" name="person" value="[0-9a-f-]{36}">/);
    assert.match(manager.body, /Rotate the signing keys/);
    const security = await browsers.security!.request('GET', `/my-work?person=${f.people.sam}`);
    assert.equal(security.statusCode, 200);
    assert.match(security.body, /Reassess supplier SUP-9001: Acme Hosting/);
    assert.match(security.body, /Senior Responsible Officer/);
  });

  test('signed out, the page asks to sign in; the home page links to my work', async () => {
    const anonymous = await new Browser(t.app).request('GET', '/my-work');
    assert.ok([302, 303, 401].includes(anonymous.statusCode), String(anonymous.statusCode));
    const home = await browsers.alice!.request('GET', '/');
    assert.match(home.body, /href="\/my-work">My work<\/a>/);
  });

  test('the API gives the same work as JSON, and refuses another’s to a colleague', async () => {
    const token = await apiToken(t, 'mark@example.gov.uk');
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/my-work?person=${f.people.alice}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(own.statusCode, 200);
    const body = own.json() as { person: { displayName: string }; total: number; groups: Array<{ code: string; items: Array<{ title: string; words: string; dueOn: string; daysOverdue: number; dueAt: string | null }> }> };
    assert.equal(body.person.displayName, 'Alice');
    assert.equal(body.total, 3);
    const overdue = body.groups.find((g) => g.code === 'overdue')!.items;
    assert.deepEqual(overdue.map((i) => [i.words, i.dueOn, i.daysOverdue, i.dueAt]), [['18 days overdue', '2026-11-10', 18, null]]);
    const bobToken = await apiToken(t, 'bob@example.gov.uk');
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/my-work?person=${f.people.alice}`, headers: { authorization: `Bearer ${bobToken}` } });
    assert.equal(refused.statusCode, 403);
    const wrongKind = await t.app.inject({ method: 'GET', url: '/api/v1/my-work?kind=holiday', headers: { authorization: `Bearer ${bobToken}` } });
    assert.equal(wrongKind.statusCode, 400);
  });
});
