import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser, signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let admin: Browser;

before(async () => {
  t = await createTestApp();
  admin = await signedInAs(t, 'admin@example.gov.uk', ['administrator']);
});
after(async () => {
  await t.close();
});

describe('user administration', () => {
  test('an invited person gets the link by message, sets a password that passes the policy, and signs in', async () => {
    const bad = await admin.post('/admin/users/invite', { displayName: '', email: 'not-an-email' }, '/admin/users/invite');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter an email address in the correct format/);
    assert.match(bad.body, /Enter the person’s name/);

    const res = await admin.post('/admin/users/invite', { displayName: 'Grace Hopper', email: 'Grace@Example.gov.uk' }, '/admin/users/invite');
    assert.equal(res.statusCode, 200);
    const link = /(http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]+)/.exec(res.body)?.[1] ?? assert.fail('the link is shown');
    const message = await t.database.db.selectFrom('notifications').selectAll().where('recipient_email', '=', 'grace@example.gov.uk').executeTakeFirstOrThrow();
    assert.ok(message.body.includes(link), 'the same link is sent to the person');

    const grace = new Browser(t.app);
    const path = new URL(link).pathname;
    const common = await grace.post(path, { password: 'password1234', confirmPassword: 'password1234' }, path);
    assert.equal(common.statusCode, 400);
    assert.match(common.body, /too common/);
    const mismatch = await grace.post(path, { password: 'a long and unusual phrase', confirmPassword: 'something else entirely' }, path);
    assert.match(mismatch.body, /do not match/);
    const set = await grace.post(path, { password: 'a long and unusual phrase', confirmPassword: 'a long and unusual phrase' }, path);
    assert.equal(set.headers.location, '/sign-in');
    const reused = await grace.post(path, { password: 'a long and unusual phrase', confirmPassword: 'a long and unusual phrase' }, path);
    assert.equal(reused.statusCode, 404, 'the link works once');
    assert.equal((await grace.post('/sign-in', { email: 'grace@example.gov.uk', password: 'a long and unusual phrase' })).statusCode, 303);
    assert.equal((await grace.request('GET', '/admin/users')).statusCode, 403, 'a member of staff cannot administer users');
  });

  test('an administrator disables and re-enables an account, and grants and removes a role, all audited', async () => {
    const { accountId } = await createAccount(t, 'analyst@example.gov.uk');
    const analyst = new Browser(t.app);
    await analyst.post('/sign-in', { email: 'analyst@example.gov.uk', password: TEST_PASSWORD });
    assert.equal((await analyst.request('GET', '/audit')).statusCode, 403);

    const page = await admin.request('GET', `/admin/users/${accountId}`);
    const unitId = /<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? assert.fail('units are offered');
    assert.equal((await admin.post(`/admin/users/${accountId}/roles`, { role: 'auditor', unitId }, `/admin/users/${accountId}`)).statusCode, 303);
    assert.equal((await analyst.request('GET', '/audit')).statusCode, 200, 'the new role holds at once');
    const unknownRole = await admin.post(`/admin/users/${accountId}/roles`, { role: 'superuser', unitId }, `/admin/users/${accountId}`);
    assert.equal(unknownRole.statusCode, 400);
    assert.match(unknownRole.body, /Choose a role/);

    const grantId = /name="grantId" value="([0-9a-f-]{36})"/.exec((await admin.request('GET', `/admin/users/${accountId}`)).body)?.[1] ?? assert.fail('the grant is listed');
    await admin.post(`/admin/users/${accountId}/roles/revoke`, { grantId }, `/admin/users/${accountId}`);
    assert.equal((await analyst.request('GET', '/audit')).statusCode, 403);

    await admin.post(`/admin/users/${accountId}/enabled`, { enabled: 'no' }, `/admin/users/${accountId}`);
    assert.equal((await analyst.request('GET', '/account')).statusCode, 303, 'signed out at once');
    assert.equal((await analyst.post('/sign-in', { email: 'analyst@example.gov.uk', password: TEST_PASSWORD })).statusCode, 400);
    await admin.post(`/admin/users/${accountId}/enabled`, { enabled: 'yes' }, `/admin/users/${accountId}`);
    assert.equal((await analyst.post('/sign-in', { email: 'analyst@example.gov.uk', password: TEST_PASSWORD })).statusCode, 303);

    const audit = await admin.request('GET', `/audit?recordId=${accountId}`);
    for (const action of ['account.disabled', 'account.enabled']) assert.match(audit.body, new RegExp(action.replace('.', '\\.')));
    const roles = await admin.request('GET', '/audit?action=role.');
    assert.match(roles.body, /role\.granted/);
    assert.match(roles.body, /role\.revoked/);
  });

  test('the audit page filters by date and refuses a date it cannot read', async () => {
    const today = await admin.request('GET', '/audit?from=2026-11-28&to=2026-11-28');
    assert.equal(today.statusCode, 200);
    assert.match(today.body, /sign-in/);
    const none = await admin.request('GET', '/audit?from=2026-11-29');
    assert.match(none.body, /0 events match/);
    const bad = await admin.request('GET', '/audit?from=28/11/2026');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /from/);
  });

  test('sign-in attempts from one address are limited, whichever account they try', async () => {
    const browser = new Browser(t.app);
    let lastStatus = 0;
    for (let i = 0; i < 21; i++) lastStatus = (await browser.post('/sign-in', { email: `nobody${i}@example.gov.uk`, password: 'wrong password 123' })).statusCode;
    assert.equal(lastStatus, 429);
    t.clock.advance(5 * 60_000 + 1);
    assert.equal((await browser.post('/sign-in', { email: 'nobody@example.gov.uk', password: 'wrong password 123' })).statusCode, 400, 'the window passes');
  });
});
