// Signing in and managing access in real Chromium (issue [02]): sign-in, lockout, two-factor
// enrolment and sign-in with a second factor (and a recovery code), invitations, API tokens, roles
// and the audit trail, sign out everywhere else, the idle timeout, and the forms without JavaScript.
// Every page a person sees here passes axe-core (WCAG 2.2 AA).
//
// Sign-in, security-code and invitation posts share a per-address limit of 20 in 5 minutes, and
// every browser here comes from 127.0.0.1: the first server takes 15 of them, the second 13.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './support/browser.ts';
import { createJourney, fillIn, follow, mainText, pathOf, press } from './support/journey.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from './support/server.ts';

const SIGN_IN = 'Sign in to Custodian';
const HOME = 'Custodian';
const WRONG_PASSWORD = 'Enter a correct email address and password';
const WRONG_CODE = 'The code is not right';

const ADA = { name: 'Ada Lovelace', email: 'ada.lovelace@custodian.test', password: 'analytical engine notes 1843' };
const GRACE = { name: 'Grace Hopper', email: 'grace.hopper@custodian.test', password: 'compiler moth logbook 1947' };
const LINUS = { name: 'Linus Locke', email: 'linus.locke@custodian.test', password: 'padlock harbour violet 2024' };
const IDA = { name: 'Ida Idle', email: 'ida.idle@custodian.test', password: 'quiet afternoon kettle 1999' };

// ---- What a person does ----

const { newBrowser, closeBrowsers } = createJourney();
/** The running server's output, shown when a page is not the one expected (a 500 explains itself there). */
let serverOutput: () => string = () => '';

/** The page a person has in front of them: its address and main heading; then axe-core checks it. */
async function expectPage(page: Page, path: string | RegExp, heading: string, label: string, options: { axe?: boolean } = {}): Promise<void> {
  if (typeof path === 'string') assert.equal(pathOf(page), path, `${label}: the address`);
  else assert.match(pathOf(page), path, `${label}: the address`);
  const shown = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  assert.equal(shown, heading, `${label}: the main heading${shown === heading ? '' : `; the server said:\n${serverOutput().slice(-3000)}`}`);
  if (options.axe ?? true) await expectNoAxeViolations(page, label);
}

/** The GOV.UK error summary: it names every problem, and each of its links leads to something on the page. */
async function expectErrors(page: Page, label: string, ...messages: string[]): Promise<void> {
  assert.match(await page.title(), /^Error: /, `${label}: the page title starts "Error:"`);
  const summary = page.locator('.govuk-error-summary');
  assert.equal((await summary.getByRole('heading').innerText()).trim(), 'There is a problem', `${label}: the error summary is shown`);
  const text = await summary.innerText();
  for (const message of messages) assert.ok(text.includes(message), `${label}: the error summary says "${message}"; it said:\n${text}`);
  await expectNoAxeViolations(page, label);
  for (const link of await summary.getByRole('link').all()) {
    const href = (await link.getAttribute('href')) ?? '';
    assert.ok(href.startsWith('#') && (await page.locator(href).count()) === 1, `${label}: the error summary link "${(await link.innerText()).trim()}" (${href}) leads to nothing on the page`);
  }
}

async function signIn(page: Page, server: RunningServer, email: string, password: string, options: { axe?: boolean } = {}): Promise<void> {
  await page.goto(server.url('/sign-in'));
  await expectPage(page, '/sign-in', SIGN_IN, 'Sign-in page', options);
  await fillIn(page, { 'Email address': email, Password: password });
  await press(page, 'Sign in');
}

async function enterCode(page: Page, code: string): Promise<void> {
  await fillIn(page, { 'Security code': code });
  await press(page, 'Continue');
}

/** On the set-up page: types the key into "the app", confirms with its code, and keeps the recovery codes. */
async function setUpTwoFactor(page: Page): Promise<{ secret: string; codes: string[] }> {
  await expectPage(page, '/account/two-factor', 'Set up two-factor authentication', 'Two-factor set-up page');
  const secret = (await page.locator('main .custodian-secret').innerText()).trim();
  await fillIn(page, { 'Code from the app': await generate({ secret }) });
  await press(page, 'Turn on two-factor authentication');
  await expectPage(page, '/account/two-factor', 'Two-factor authentication is on', 'Recovery codes page');
  assert.ok((await page.getByRole('heading', { name: 'Save your recovery codes' }).count()) === 1, 'the recovery codes are introduced');
  const codes = (await page.locator('main .custodian-recovery-codes code').allInnerTexts()).map((c) => c.trim());
  return { secret, codes };
}

/** The administrator invites someone and reads the one-time link off the confirmation page. */
async function invite(admin: Page, server: RunningServer, person: { name: string; email: string }, options: { emptyFirst?: boolean } = {}): Promise<string> {
  await admin.goto(server.url('/admin/users/invite'));
  await expectPage(admin, '/admin/users/invite', 'Invite a user', 'Invite page');
  if (options.emptyFirst) {
    await press(admin, 'Send invitation');
    assert.equal(pathOf(admin), '/admin/users/invite');
    await expectErrors(admin, 'Invite page with errors', 'Enter the person’s name', 'Enter an email address in the correct format');
  }
  await fillIn(admin, { 'Full name': person.name, 'Email address': person.email });
  await press(admin, 'Send invitation');
  await expectPage(admin, '/admin/users/invite', 'Invitation created', 'Invitation created page');
  assert.ok((await mainText(admin)).includes(`We have sent ${person.email} a link`), 'the confirmation names the person');
  const link = (await admin.locator('main .custodian-secret').innerText()).trim();
  assert.ok(link.startsWith(server.url('/invitations/')), `the invitation link is on this server: ${link}`);
  return link;
}

/** The invited person opens the link and sets their password; they are sent to sign in. */
async function acceptInvitation(page: Page, link: string, password: string, options: { mismatchFirst?: boolean } = {}): Promise<void> {
  await page.goto(link);
  await expectPage(page, /^\/invitations\/[\w-]+$/, 'Set your password', 'Set your password page');
  if (options.mismatchFirst) {
    await fillIn(page, { 'New password': password, 'Confirm the password': `${password} but different` });
    await press(page, 'Set password');
    await expectErrors(page, 'Set your password page with an error', 'The passwords do not match');
  }
  await fillIn(page, { 'New password': password, 'Confirm the password': password });
  await press(page, 'Set password');
  await expectPage(page, '/sign-in', SIGN_IN, 'Sign-in page after setting a password');
}

async function expectHome(page: Page, label: string, who: string | undefined): Promise<void> {
  await expectPage(page, '/', HOME, label);
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 1, `${label}: the person is signed in`);
  if (who) assert.equal(await page.getByRole('region', { name: 'Service information' }).getByRole('link', { name: who, exact: true }).count(), 1, `${label}: the header names ${who}`);
}

const api = (server: RunningServer, token: string): Promise<Response> =>
  fetch(server.url('/api/v1/organisation-units'), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

// ---- The journeys ----

describe('signing in and managing access in Chromium', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let admin: Page;
  let ada: Page;
  let adminTwoFactor: { secret: string; codes: string[] };

  before(async () => {
    server = await startServer({ example: 'moj' });
    serverOutput = server.output;
    admin = await newBrowser();
    ada = await newBrowser();
  });
  after(async () => {
    await closeBrowsers();
    await server?.stop();
  });

  test('the administrator signs in, is sent to set up two-factor authentication, and sees recovery codes', async () => {
    await admin.goto(server.url('/sign-in'));
    await expectPage(admin, '/sign-in', SIGN_IN, 'Sign-in page');
    await fillIn(admin, { 'Email address': ADMIN_EMAIL, Password: 'not the right password' });
    await press(admin, 'Sign in');
    assert.equal(pathOf(admin), '/sign-in');
    await expectErrors(admin, 'Sign-in page after a wrong password', WRONG_PASSWORD);
    assert.equal(await admin.getByLabel('Email address', { exact: true }).inputValue(), ADMIN_EMAIL, 'the email address is kept');

    await fillIn(admin, { Password: ADMIN_PASSWORD });
    await press(admin, 'Sign in');
    assert.equal(pathOf(admin), '/account/two-factor');
    assert.ok((await mainText(admin)).includes('Your role needs two-factor authentication'), 'the page says why');
    await admin.goto(server.url('/organisation'));
    assert.equal(pathOf(admin), '/account/two-factor', 'no other page opens until two-factor authentication is set up');

    await fillIn(admin, { 'Code from the app': '000000' });
    await press(admin, 'Turn on two-factor authentication');
    await expectErrors(admin, 'Two-factor set-up page with an error', WRONG_CODE);

    adminTwoFactor = await setUpTwoFactor(admin);
    assert.equal(adminTwoFactor.codes.length, 10, 'ten recovery codes are shown');
    assert.equal(new Set(adminTwoFactor.codes).size, 10, 'the recovery codes differ');
    for (const code of adminTwoFactor.codes) assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await follow(admin, 'Continue');
    await expectHome(admin, 'Home page after setting up two-factor authentication', undefined);
  });

  test('the administrator invites a member of staff, who sets a password and signs in', async () => {
    const link = await invite(admin, server, ADA, { emptyFirst: true });
    await acceptInvitation(ada, link, ADA.password, { mismatchFirst: true });
    await signIn(ada, server, ADA.email, ADA.password);
    await expectHome(ada, 'Home page for a member of staff', ADA.name);
  });

  test('a member of staff creates an API token, sees it once, uses it, and revokes it', async () => {
    await ada.goto(server.url('/account'));
    await expectPage(ada, '/account', 'Your account', 'Account page');
    assert.ok((await mainText(ada)).includes('You have no API tokens.'));
    await follow(ada, 'Create an API token');
    await expectPage(ada, '/account/tokens/new', 'Create an API token', 'New API token page');
    await fillIn(ada, { Name: 'SIEM export' });
    await ada.getByLabel('Read only', { exact: true }).check();
    await press(ada, 'Create token');
    await expectPage(ada, '/account/tokens', 'Your new API token', 'New API token shown once');
    const token = (await ada.locator('main .custodian-secret').innerText()).trim();
    assert.ok(token.length >= 20, 'the token is shown');

    const allowed = await api(server, token);
    assert.equal(allowed.status, 200, 'the token works against the API');
    assert.ok((await allowed.text()).includes('Ministry of Justice'), 'the API answers with the organisation units');

    await follow(ada, 'Back to your account');
    await expectPage(ada, '/account', 'Your account', 'Account page with a token');
    assert.ok(!(await ada.content()).includes(token), 'the token is not shown again');
    const row = ada.getByRole('table', { name: 'Your API tokens' }).getByRole('row', { name: /SIEM export/ });
    assert.match(await row.innerText(), /Read only/);
    await press(ada, 'Revoke SIEM export');
    await expectPage(ada, '/account', 'Your account', 'Account page after revoking the token');
    assert.match(await row.innerText(), /Revoked/);
    assert.equal((await api(server, token)).status, 401, 'the revoked token no longer works');
  });

  test('"Sign out everywhere else" ends the person’s other sessions', async () => {
    const link = await invite(admin, server, GRACE);
    const laptop = await newBrowser();
    const phone = await newBrowser();
    await acceptInvitation(laptop, link, GRACE.password);
    await signIn(laptop, server, GRACE.email, GRACE.password);
    await expectHome(laptop, 'Home page (first browser)', GRACE.name);
    await signIn(phone, server, GRACE.email, GRACE.password);
    await expectHome(phone, 'Home page (second browser)', GRACE.name);

    await phone.goto(server.url('/account'));
    await expectPage(phone, '/account', 'Your account', 'Account page with two sessions');
    const sessions = phone.getByRole('table', { name: 'Your open sessions' }).locator('tbody tr');
    assert.equal(await sessions.count(), 2, 'both browsers are listed');
    await press(phone, 'Sign out everywhere else');
    await expectPage(phone, '/account', 'Your account', 'Account page after signing out everywhere else');
    assert.equal(await sessions.count(), 1, 'only this browser is left');
    assert.match(await sessions.innerText(), /This browser/);

    await laptop.goto(server.url('/account'));
    await expectPage(laptop, '/sign-in', SIGN_IN, 'Sign-in page after being signed out elsewhere');
    assert.equal(new URL(laptop.url()).searchParams.get('returnTo'), '/account', 'signing in again leads back');
    assert.equal(await laptop.getByRole('button', { name: 'Sign out', exact: true }).count(), 0, 'the first browser is signed out');
  });

  test('a later sign-in asks for a security code; a wrong one is refused; a recovery code works once', async () => {
    const page = await newBrowser();
    await signIn(page, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectPage(page, '/sign-in/second-factor', 'Enter your security code', 'Security code page');
    await enterCode(page, '000000');
    assert.equal(pathOf(page), '/sign-in/second-factor');
    await expectErrors(page, 'Security code page after a wrong code', WRONG_CODE);
    await enterCode(page, await generate({ secret: adminTwoFactor.secret }));
    await expectHome(page, 'Home page after the security code', undefined);

    const recoveryCode = adminTwoFactor.codes[0] ?? assert.fail('a recovery code was kept');
    const lostPhone = await newBrowser();
    await signIn(lostPhone, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectPage(lostPhone, '/sign-in/second-factor', 'Enter your security code', 'Security code page (recovery code)');
    await enterCode(lostPhone, recoveryCode);
    await expectHome(lostPhone, 'Home page after a recovery code', undefined);

    const again = await newBrowser();
    await signIn(again, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectPage(again, '/sign-in/second-factor', 'Enter your security code', 'Security code page (used recovery code)');
    await enterCode(again, recoveryCode);
    assert.equal(pathOf(again), '/sign-in/second-factor', 'a used recovery code does not sign in');
    await expectErrors(again, 'Security code page after a used recovery code', WRONG_CODE);

    await admin.goto(server.url('/account'));
    await expectPage(admin, '/account', 'Your account', 'Administrator’s account page');
    assert.ok((await mainText(admin)).includes('9 recovery codes left'), 'the used recovery code is gone');
  });

  test('the administrator grants the auditor role, and the audit trail shows it', async () => {
    await ada.goto(server.url('/audit'));
    await expectPage(ada, '/audit', 'You do not have permission to do this', 'Audit trail refused to a member of staff');

    await admin.goto(server.url('/admin/users'));
    await expectPage(admin, '/admin/users', 'User accounts', 'User accounts page');
    const row = admin.getByRole('table', { name: 'User accounts' }).getByRole('row', { name: new RegExp(ADA.email) });
    assert.match(await row.innerText(), /Active/);
    await follow(admin, ADA.name);
    await expectPage(admin, /^\/admin\/users\/[0-9a-f-]{36}$/, ADA.name, 'User page');
    const userPath = pathOf(admin);
    assert.ok((await mainText(admin)).includes('No roles beyond member of staff.'));

    await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Auditor' });
    await admin.getByLabel('At', { exact: true }).selectOption({ label: 'Ministry of Justice (MOJ)' });
    await press(admin, 'Grant role');
    await expectPage(admin, userPath, ADA.name, 'User page with a role granted');
    const roles = await admin.getByRole('table', { name: 'Access roles held' }).innerText();
    assert.match(roles, /Auditor/);
    assert.match(roles, /Ministry of Justice and everything in it/);

    await ada.goto(server.url('/audit'));
    await expectPage(ada, '/audit', 'Audit trail', 'Audit trail');
    await fillIn(ada, { What: 'role.granted' });
    await press(ada, 'Filter');
    await expectPage(ada, '/audit', 'Audit trail', 'Audit trail filtered by action');
    assert.equal(new URL(ada.url()).searchParams.get('action'), 'role.granted');
    const events = ada.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
    assert.equal(await events.count(), 1, 'one role has been granted');
    assert.match(await events.innerText(), /role\.granted/);
    assert.match(await events.innerText(), new RegExp(ADMIN_EMAIL.replace(/\./g, '\\.')), 'the trail says who granted it');
  });
});

describe('lockout, the idle timeout and the forms without JavaScript', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let secret: string;
  let linusLink: string;
  let idaLink: string;

  before(async () => {
    // Sessions end after a minute without a request: the administrator's work here is done within it.
    server = await startServer({ example: 'moj', env: { CUSTODIAN_SESSION_IDLE_MINUTES: '1' } });
    serverOutput = server.output;
    const admin = await newBrowser();
    await signIn(admin, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    ({ secret } = await setUpTwoFactor(admin));
    linusLink = await invite(admin, server, LINUS);
    idaLink = await invite(admin, server, IDA);
  });
  after(async () => {
    await closeBrowsers();
    await server?.stop();
  });

  test('five wrong passwords lock the account, and then the right one is refused', async () => {
    const page = await newBrowser();
    await acceptInvitation(page, linusLink, LINUS.password);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await fillIn(page, { 'Email address': LINUS.email, Password: `wrong password number ${attempt}` });
      await press(page, 'Sign in');
      await expectErrors(page, `Sign-in page after wrong password ${attempt}`, WRONG_PASSWORD);
    }
    await fillIn(page, { 'Email address': LINUS.email, Password: LINUS.password });
    await press(page, 'Sign in');
    assert.equal(pathOf(page), '/sign-in', 'the person stays on the sign-in page');
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0, 'the person is not signed in');
    await expectErrors(page, 'Sign-in page: the account is locked', 'This account is locked after repeated failed sign-ins. Try again after');
  });

  test('a session ends after a minute without a request', async () => {
    const page = await newBrowser();
    await acceptInvitation(page, idaLink, IDA.password);
    await signIn(page, server, IDA.email, IDA.password);
    await expectHome(page, 'Home page (idle timeout)', IDA.name);
    await page.goto(server.url('/organisation'));
    await expectPage(page, '/organisation', 'Organisation', 'Organisation page (idle timeout)');

    await sleep(62_000);
    await page.goto(server.url('/organisation'));
    await expectPage(page, '/sign-in', SIGN_IN, 'Sign-in page after the idle timeout');
    assert.equal(new URL(page.url()).searchParams.get('returnTo'), '/organisation');
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0, 'the person is signed out');
  });

  test('without JavaScript, the sign-in and security code forms still work', async () => {
    const page = await newBrowser({ javaScriptEnabled: false });
    await signIn(page, server, ADMIN_EMAIL, ADMIN_PASSWORD, { axe: false });
    await expectPage(page, '/sign-in/second-factor', 'Enter your security code', 'Security code page without JavaScript', { axe: false });
    await enterCode(page, await generate({ secret }));
    await expectPage(page, '/', HOME, 'Home page without JavaScript', { axe: false });
    assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/, 'JavaScript really was off');

    // axe-core needs JavaScript: the same pages, with their scripts removed, are checked in another browser.
    const scriptless = await newBrowser({ withoutPageScripts: true });
    await signIn(scriptless, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectPage(scriptless, '/sign-in/second-factor', 'Enter your security code', 'Security code page without page scripts');
  });
});
