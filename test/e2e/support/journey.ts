// What a person does and sees in a Chromium journey: open a page, follow a link, fill in and submit a
// form, read a table or a summary list; then the checks every journey makes of the page in front of
// them (its address and heading, the GOV.UK error summary, axe-core). The helpers that need a journey's
// own state (its server, the browsers it opened, the files it uploads, the axe findings it has gathered)
// come from createJourney(); the rest take the page they act on.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, signInWithTwoFactor, type BrowserOptions, type BrowserSession } from './browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer, type StartOptions } from './server.ts';

// ---- Dates ----

/** Today in London, as the server dates things (YYYY-MM-DD). */
export const londonToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
/** A date some days from today, as the forms take it (YYYY-MM-DD). */
export const isoDay = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// ---- Where a person is, and what the page says ----

export const pathOf = (page: Page): string => new URL(page.url()).pathname;
export const queryOf = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name);
/** Text as a person reads it: white space folded to single spaces. */
export const tidy = (text: string): string => text.trim().replace(/\s+/g, ' ');
/** The main content's text, runs of spaces and tabs (between table cells) folded to one space. */
export const mainText = async (page: Page): Promise<string> => (await page.getByRole('main').innerText()).replace(/[ \t]+/g, ' ');

/** The rows of the table with this caption, each as its cells' text. */
export async function tableRows(page: Page, caption: string | RegExp): Promise<string[][]> {
  const rows = page.getByRole('table', { name: caption }).locator('tbody tr');
  return Promise.all((await rows.all()).map(async (row) => (await row.locator('th, td').allInnerTexts()).map(tidy)));
}
/** The value of a summary list row in the main content (the first list that has the key, or the one given). */
export const summaryValue = async (page: Page, key: string, within?: Locator): Promise<string> =>
  tidy(await (within ?? page.locator('main')).locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first().locator('dd').innerText());

// ---- What a person does ----

/** Waits for the document a click or a form post leads to (after any redirects) to load. */
export async function navigatedBy(page: Page, action: () => Promise<void>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await action();
  await navigated;
  await page.waitForLoadState('load');
}
/** Presses a button in the main content (or in the part of the page given), and waits for the page it leads to. */
export const press = (page: Page, button: string, within?: Locator): Promise<void> =>
  navigatedBy(page, () => (within ?? page.getByRole('main')).getByRole('button', { name: button, exact: true }).click());
/** Follows a link in the main content (or in the part of the page given): a string names it exactly, a RegExp in part. */
export const follow = (page: Page, link: string | RegExp, within?: Locator): Promise<void> =>
  navigatedBy(page, () => (within ?? page.getByRole('main')).getByRole('link', { name: link, exact: typeof link === 'string' }).first().click());

export async function fillIn(page: Page, fields: Readonly<Record<string, string>>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
}
/** Chooses an option of a select, by the option's text. */
export async function choose(page: Page, choices: Readonly<Record<string, string>>): Promise<void> {
  for (const [label, option] of Object.entries(choices)) await page.getByLabel(label, { exact: true }).selectOption({ label: option });
}
/** Ticks a checkbox or chooses a radio, by its label. */
export const check = (page: Page, label: string): Promise<void> => page.getByLabel(label, { exact: true }).check();
export const isChecked = (page: Page, label: string): Promise<boolean> => page.getByLabel(label, { exact: true }).isChecked();

/** Opens a page by its address; the answer's status (0 when there was none). */
export async function visit(page: Page, server: RunningServer, path: string): Promise<number> {
  const response = await page.goto(server.url(path), { waitUntil: 'load' });
  return response?.status() ?? 0;
}

// ---- A journey's own server, browsers, files and checks ----

export interface Person {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface JourneyOptions {
  /**
   * When axe-core's findings fail the journey: 'each-page' at the page at fault; 'at-the-end' gathered
   * through a test and asserted by expectAccessiblePages() at its end, so one page's violations do not
   * hide whether the rest of the journey works.
   */
  readonly axe?: 'each-page' | 'at-the-end';
}

export interface Journey {
  /** Starts a server (with the MoJ example unless told otherwise) and signs its administrator in with two-factor authentication, in a browser of their own. */
  start(options?: StartOptions): Promise<{ server: RunningServer; admin: Page }>;
  /** Signs the server's administrator in, with two-factor authentication (set up at the first sign-in). */
  signInAdministrator(page: Page): Promise<void>;
  /** Closes the browsers, stops the server and removes the files written to upload. */
  end(): Promise<void>;
  /** A fresh Chromium profile, closed by closeBrowsers() or end(). */
  newBrowser(options?: BrowserOptions): Promise<Page>;
  closeBrowsers(): Promise<void>;
  /** Writes a file for a person to upload; its path. */
  fileToUpload(name: string, text: string): Promise<string>;
  /** Runs axe-core over the page as it is now: fails at once, or gathers the failure (see JourneyOptions.axe). */
  axeCheck(page: Page, label: string): Promise<void>;
  /** Fails with every axe finding gathered since the last call (or forgetAxeFailures()); ends each test of an 'at-the-end' journey. */
  expectAccessiblePages(): void;
  /** Drops the findings an earlier test left when it failed before its end. */
  forgetAxeFailures(): void;
  /** The page a person has in front of them: its address and main heading; then axe-core checks it. */
  expectPage(page: Page, path: string | RegExp, heading: string | RegExp, label: string, options?: { axe?: boolean }): Promise<void>;
  /** The GOV.UK error summary names every problem, and each of its links leads to an element on the page. */
  expectErrors(page: Page, label: string, messages: readonly string[], options?: { axe?: boolean }): Promise<void>;
  /** Signs in on the sign-in page (opened first unless the person is on it) and lands on the home page. */
  signInAs(page: Page, server: RunningServer, who: Person, options?: { axe?: boolean }): Promise<void>;
  /** An administrator invites someone already in the people register; in a browser of their own they set a password and sign in. */
  inviteAndSignIn(admin: Page, server: RunningServer, who: Person): Promise<Page>;
}

export function createJourney(options: JourneyOptions = {}): Journey {
  let server: RunningServer | undefined;
  /** The server's output, shown when a page is not the one expected (a 500 explains itself there). */
  const serverOutput = (): string => server?.output() ?? '';
  const sessions: BrowserSession[] = [];
  let uploads: Promise<string> | undefined;
  const axeFailures: string[] = [];

  async function start(startOptions: StartOptions = { example: 'moj' }): Promise<{ server: RunningServer; admin: Page }> {
    const started = await startServer(startOptions);
    server = started;
    const admin = await newBrowser();
    await signInAdministrator(admin);
    return { server: started, admin };
  }
  async function signInAdministrator(page: Page): Promise<void> {
    if (!server) assert.fail('The journey has no server: call start() first.');
    await signInWithTwoFactor(page, server.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  }
  async function end(): Promise<void> {
    await closeBrowsers();
    await server?.stop();
    if (uploads) await rm(await uploads, { recursive: true, force: true });
    uploads = undefined;
  }

  async function newBrowser(browserOptions?: BrowserOptions): Promise<Page> {
    const session = await launchBrowser(browserOptions);
    sessions.push(session);
    return session.page;
  }
  async function closeBrowsers(): Promise<void> {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  }
  async function fileToUpload(name: string, text: string): Promise<string> {
    uploads ??= mkdtemp(join(tmpdir(), 'custodian-e2e-uploads-'));
    const path = join(await uploads, name);
    await writeFile(path, text, 'utf8');
    return path;
  }

  async function axeCheck(page: Page, label: string): Promise<void> {
    if (options.axe !== 'at-the-end') return expectNoAxeViolations(page, label);
    try {
      await expectNoAxeViolations(page, label);
    } catch (error) {
      if (!(error instanceof assert.AssertionError)) throw error;
      axeFailures.push(error.message);
    }
  }
  function expectAccessiblePages(): void {
    const failures = axeFailures.splice(0);
    if (failures.length > 0) assert.fail(`${failures.length} page(s) of this journey failed the axe check:\n\n${failures.join('\n\n')}`);
  }
  function forgetAxeFailures(): void {
    axeFailures.length = 0;
  }

  async function expectPage(page: Page, path: string | RegExp, heading: string | RegExp, label: string, pageOptions: { axe?: boolean } = {}): Promise<void> {
    if (typeof path === 'string') assert.equal(pathOf(page), path, `${label}: the address`);
    else assert.match(pathOf(page), path, `${label}: the address`);
    const shown = tidy(await page.getByRole('heading', { level: 1 }).innerText());
    const ok = typeof heading === 'string' ? shown === heading : heading.test(shown);
    if (!ok) assert.fail(`${label}: the main heading is "${shown}", not ${String(heading)}; the page said:\n${(await mainText(page)).slice(0, 800)}\nThe server said:\n${serverOutput().slice(-3000)}`);
    if (pageOptions.axe ?? true) await axeCheck(page, label);
  }

  async function expectErrors(page: Page, label: string, messages: readonly string[], pageOptions: { axe?: boolean } = {}): Promise<void> {
    assert.match(await page.title(), /^Error: /, `${label}: the page title starts "Error:"`);
    const summary = page.locator('.govuk-error-summary');
    assert.equal(await summary.count(), 1, `${label}: an error summary is shown; the page said:\n${(await mainText(page)).slice(0, 800)}\nThe server said:\n${serverOutput().slice(-2000)}`);
    assert.equal((await summary.getByRole('heading').innerText()).trim(), 'There is a problem', `${label}: the error summary's heading`);
    const text = await summary.innerText();
    for (const message of messages) assert.ok(text.includes(message), `${label}: the error summary says "${message}"; it said:\n${text}`);
    if (pageOptions.axe ?? true) await axeCheck(page, label);
    for (const link of await summary.getByRole('link').all()) {
      const href = (await link.getAttribute('href')) ?? '';
      const name = (await link.innerText()).trim();
      assert.ok(href.startsWith('#') && href.length > 1, `${label}: the error summary link "${name}" has the address "${href}"`);
      assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, `${label}: the error summary link "${name}" (${href}) leads to nothing on the page`);
    }
  }

  /** On the sign-in page: signs in and lands on the home page. */
  async function signInHere(page: Page, who: Person, pageOptions: { axe?: boolean } = {}): Promise<void> {
    await expectPage(page, '/sign-in', 'Sign in to Custodian', `${who.name} signs in`, pageOptions);
    await fillIn(page, { 'Email address': who.email, Password: who.password });
    await press(page, 'Sign in');
    await expectPage(page, '/', 'Custodian', `Home page for ${who.name}`, pageOptions);
  }
  async function signInAs(page: Page, server: RunningServer, who: Person, pageOptions: { axe?: boolean } = {}): Promise<void> {
    if (pathOf(page) !== '/sign-in') await visit(page, server, '/sign-in');
    await signInHere(page, who, pageOptions);
  }

  async function inviteAndSignIn(admin: Page, server: RunningServer, who: Person): Promise<Page> {
    await visit(admin, server, '/admin/users/invite');
    await expectPage(admin, '/admin/users/invite', 'Invite a user', `Invite ${who.name}`);
    await fillIn(admin, { 'Full name': who.name, 'Email address': who.email });
    await press(admin, 'Send invitation');
    await expectPage(admin, '/admin/users/invite', 'Invitation created', `${who.name}'s invitation created`);
    const link = (await admin.locator('main .custodian-secret').innerText()).trim();

    const page = await newBrowser();
    await page.goto(link);
    await expectPage(page, /^\/invitations\/[\w-]+$/, 'Set your password', `${who.name} sets a password`);
    await fillIn(page, { 'New password': who.password, 'Confirm the password': who.password });
    await press(page, 'Set password');
    // Setting the password leads straight to the sign-in page.
    await signInHere(page, who);
    return page;
  }

  return { start, signInAdministrator, end, newBrowser, closeBrowsers, fileToUpload, axeCheck, expectAccessiblePages, forgetAxeFailures, expectPage, expectErrors, signInAs, inviteAndSignIn };
}
