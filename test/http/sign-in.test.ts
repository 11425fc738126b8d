import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { Browser } from '../support/inject-browser.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

describe('signing in', () => {
  test('a member of staff signs in and out; a form without the CSRF token is refused', async () => {
    await createAccount(t, 'staff@example.gov.uk');
    const browser = new Browser(t.app);
    const refused = await browser.request('POST', '/sign-in', { email: 'staff@example.gov.uk', password: TEST_PASSWORD });
    assert.equal(refused.statusCode, 403);
    const res = await browser.post('/sign-in', { email: 'staff@example.gov.uk', password: TEST_PASSWORD, returnTo: '/organisation' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/organisation');
    const cookie = (res.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string }>).find((c) => c.name === 'custodian_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    assert.equal((await browser.request('GET', '/organisation')).statusCode, 200);
    const out = await browser.post('/sign-out', {}, '/account');
    assert.equal(out.headers.location, '/signed-out');
    const after = await browser.request('GET', '/organisation');
    assert.equal(after.statusCode, 303);
    assert.match(after.headers.location as string, /^\/sign-in/);
  });

  test('five wrong passwords lock the account for 15 minutes, and each is audited', async () => {
    await createAccount(t, 'locked@example.gov.uk');
    const browser = new Browser(t.app);
    for (let i = 0; i < 5; i++) {
      const res = await browser.post('/sign-in', { email: 'locked@example.gov.uk', password: 'wrong password here' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /There is a problem/);
    }
    const locked = await browser.post('/sign-in', { email: 'locked@example.gov.uk', password: TEST_PASSWORD });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /locked/);
    t.clock.advance(16 * 60_000);
    const again = await browser.post('/sign-in', { email: 'locked@example.gov.uk', password: TEST_PASSWORD });
    assert.equal(again.statusCode, 303);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('actor_label', 'like', 'locked%').orderBy('seq').execute();
    const actions = events.map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'sign-in.failed').length, 6);
    assert.equal(actions.filter((a) => a === 'account.locked').length, 1);
    assert.equal(actions.at(-1), 'sign-in');
  });

  test('an administrator must set up two-factor authentication, then signs in with a code', async () => {
    await createAccount(t, 'admin2@example.gov.uk', ['administrator']);
    const browser = new Browser(t.app);
    const res = await browser.post('/sign-in', { email: 'admin2@example.gov.uk', password: TEST_PASSWORD });
    assert.equal(res.statusCode, 303);
    const held = await browser.request('GET', '/organisation');
    assert.equal(held.headers.location, '/account/two-factor');
    const setup = await browser.request('GET', '/account/two-factor');
    const secret = /class="custodian-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
    assert.ok(secret, 'the key is shown');
    const wrong = await browser.post('/account/two-factor', { code: '000000' }, '/account/two-factor');
    assert.equal(wrong.statusCode, 400);
    const epoch = Math.floor(t.clock.now().getTime() / 1000);
    const enabled = await browser.post('/account/two-factor', { code: await generate({ secret, epoch }) }, '/account/two-factor');
    assert.equal(enabled.statusCode, 200);
    const codes = [...enabled.body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 10);
    assert.equal((await browser.request('GET', '/organisation')).statusCode, 200);
    const again = await browser.post('/account/two-factor', { code: '000000' }, '/account');
    assert.equal(again.headers.location, '/account', 'enrolling again is refused');
    await assert.rejects(t.services.signIn.beginTwoFactorEnrolment((await t.services.signIn.resolveSession(browser.cookies.get('custodian_session')!))!.actor), /already on/);

    const second = new Browser(t.app);
    await second.post('/sign-in', { email: 'admin2@example.gov.uk', password: TEST_PASSWORD });
    assert.equal((await second.request('GET', '/organisation')).headers.location, '/sign-in/second-factor');
    const bad = await second.post('/sign-in/second-factor', { code: '123456' }, '/sign-in/second-factor');
    assert.equal(bad.statusCode, 400);
    const good = await second.post('/sign-in/second-factor', { code: await generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) }) }, '/sign-in/second-factor');
    assert.equal(good.statusCode, 303);
    assert.equal((await second.request('GET', '/organisation')).statusCode, 200);

    const third = new Browser(t.app);
    await third.post('/sign-in', { email: 'admin2@example.gov.uk', password: TEST_PASSWORD });
    assert.equal((await third.post('/sign-in/second-factor', { code: codes[0]! }, '/sign-in/second-factor')).statusCode, 303, 'a recovery code works once');
    const fourth = new Browser(t.app);
    await fourth.post('/sign-in', { email: 'admin2@example.gov.uk', password: TEST_PASSWORD });
    assert.equal((await fourth.post('/sign-in/second-factor', { code: codes[0]! }, '/sign-in/second-factor')).statusCode, 400, 'and not twice');
  });

  test('five wrong security codes lock the account too, so codes cannot be guessed', async () => {
    await createAccount(t, 'guess@example.gov.uk', ['security_team']);
    const browser = new Browser(t.app);
    await browser.post('/sign-in', { email: 'guess@example.gov.uk', password: TEST_PASSWORD });
    const setup = await browser.request('GET', '/account/two-factor');
    const secret = /class="custodian-secret">([A-Z2-7]+)</.exec(setup.body)?.[1] ?? assert.fail("the key is shown");
    const code = () => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    assert.equal((await browser.post('/account/two-factor', { code: await code() }, '/account/two-factor')).statusCode, 200);

    const attacker = new Browser(t.app);
    await attacker.post('/sign-in', { email: 'guess@example.gov.uk', password: TEST_PASSWORD });
    for (let i = 0; i < 5; i++) assert.equal((await attacker.post('/sign-in/second-factor', { code: '000000' }, '/sign-in/second-factor')).statusCode, 400);
    const locked = await attacker.post('/sign-in/second-factor', { code: await code() }, '/sign-in/second-factor');
    assert.equal(locked.statusCode, 429, 'even the right code is refused while locked');
    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('actor_label', 'like', 'guess%').execute()).map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'account.locked').length, 1);
  });

  test('a session ends after the idle timeout, and "sign out everywhere else" ends the others', async () => {
    await createAccount(t, 'idle@example.gov.uk');
    const a = new Browser(t.app);
    const b = new Browser(t.app);
    await a.post('/sign-in', { email: 'idle@example.gov.uk', password: TEST_PASSWORD });
    await b.post('/sign-in', { email: 'idle@example.gov.uk', password: TEST_PASSWORD });
    assert.equal((await b.post('/account/sessions/end', { sessionId: 'others' }, '/account')).statusCode, 303);
    assert.equal((await a.request('GET', '/account')).statusCode, 303, 'the other session has ended');
    assert.equal((await b.request('GET', '/account')).statusCode, 200, 'this one goes on');
    t.clock.advance(31 * 60_000);
    assert.equal((await b.request('GET', '/account')).statusCode, 303, 'idle for 31 minutes');
  });

  test('disabling an account ends its sessions and revokes its tokens at once', async () => {
    const { accountId } = await createAccount(t, 'leaver@example.gov.uk');
    const browser = new Browser(t.app);
    await browser.post('/sign-in', { email: 'leaver@example.gov.uk', password: TEST_PASSWORD });
    const token = await t.services.accounts.createTokenForEmail('leaver@example.gov.uk', { name: 'x' });
    const api = () => t.app.inject({ method: 'GET', url: '/api/v1/organisation-units', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await api()).statusCode, 200);
    const { systemActor } = await import('../../src/access/actor.ts');
    await t.services.accounts.setEnabled(systemActor('test'), accountId, false);
    assert.equal((await browser.request('GET', '/account')).statusCode, 303);
    assert.equal((await api()).statusCode, 401);
  });
});
