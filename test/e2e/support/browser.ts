// Debian's Chromium driven by playwright-core: never a downloaded browser, never the network.
// Each session is a fresh profile that records every request and every script error, so a
// journey can assert that a page loads nothing from outside this machine and breaks nothing.
import assert from 'node:assert/strict';
import { generate as generateTotp } from 'otplib';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// The background-networking flags matter: this machine has no internet, and Chromium's own
// update, sync and field-trial requests would otherwise hang or show up as outside requests.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Schemes that never leave the browser. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export interface BrowserOptions {
  /** false for the no-JavaScript journeys: every page must work without app.js. */
  readonly javaScriptEnabled?: boolean;
  /**
   * Removes every script from the pages the server sends, so they render as they do without
   * JavaScript while the browser itself can still run axe-core (which cannot run at all in a
   * context with JavaScript disabled: its timers never fire).
   */
  readonly withoutPageScripts?: boolean;
}

/** How long one browser action may take before a journey fails rather than hangs. */
const ACTION_TIMEOUT_MS = 15_000;
const AXE_TIMEOUT_MS = 60_000;
const SCRIPT_ELEMENT = /<script\b[^>]*>[\s\S]*?<\/script\s*>/gi;
const scriptlessContexts = new WeakSet<BrowserContext>();

export interface BrowserSession {
  readonly context: BrowserContext;
  /** The profile's first tab. */
  readonly page: Page;
  /** Every URL any page of this session requested, in order. */
  readonly requests: readonly string[];
  /** Uncaught exceptions and console errors (a CSP refusal is logged as one), with the page URL. */
  readonly scriptErrors: readonly string[];
  /** Requests to anywhere but this machine. */
  outsideRequests(): string[];
  close(): Promise<void>;
}

export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOCAL_HOSTS.has(parsed.hostname);
}

/** Launches Chromium with a fresh profile; close() removes the profile. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'custodian-e2e-chromium-'));
  let context: BrowserContext;
  try {
    // Playwright refuses --user-data-dir in args: a persistent context is how a profile folder is chosen.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }

  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  if (options.javaScriptEnabled === false) scriptlessContexts.add(context);
  if (options.withoutPageScripts) {
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      // Redirects go back to the browser, so it sees the address it ends on (and its cookies) as a person would.
      const response = await route.fetch({ maxRedirects: 0 });
      const type = response.headers()['content-type'] ?? '';
      if (!type.startsWith('text/html')) return route.fulfill({ response });
      return route.fulfill({ response, body: (await response.text()).replace(SCRIPT_ELEMENT, '') });
    });
  }

  const requests: string[] = [];
  const scriptErrors: string[] = [];
  const watch = (page: Page): void => {
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => scriptErrors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') scriptErrors.push(`${page.url()}: console error: ${message.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());

  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    requests,
    scriptErrors,
    outsideRequests: () => requests.filter((url) => !isLocalUrl(url)),
    close: () => {
      closed ??= (async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * Fills a form by its visible labels and submits it with the named button, as a person would.
 * Labels are matched as given: pass a RegExp for a partial match.
 */
export async function submitForm(page: Page, fields: ReadonlyArray<readonly [label: string | RegExp, value: string]>, button: string | RegExp): Promise<void> {
  for (const [label, value] of fields) {
    await page.getByLabel(label, { exact: typeof label === 'string' }).fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
}

/** Signs in through the sign-in page with an email address and password (the server's first administrator by default). */
export async function signIn(page: Page, baseUrl: string, credentials: { readonly email: string; readonly password: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(credentials.email);
  await page.locator('input#password').fill(credentials.password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /^sign in$/i }).click()]);
}

const totpSecrets = new Map<string, string>();

/**
 * Signs in as someone whose role needs two-factor authentication: the first time on a server it sets
 * up the authenticator (reading the key from the page, as a person would type it into their app);
 * after that it answers the security-code page with a fresh code.
 */
export async function signInWithTwoFactor(page: Page, baseUrl: string, credentials: { readonly email: string; readonly password: string }): Promise<void> {
  await signIn(page, baseUrl, credentials);
  const key = `${baseUrl}|${credentials.email}`;
  if (new URL(page.url()).pathname === '/account/two-factor') {
    const secret = (await page.locator('.custodian-secret').innerText()).trim();
    await submitForm(page, [['Code from the app', await generateTotp({ secret })]], /turn on two-factor authentication/i);
    totpSecrets.set(key, secret);
  } else if (new URL(page.url()).pathname === '/sign-in/second-factor') {
    const secret = totpSecrets.get(key);
    if (!secret) throw new Error(`No authenticator is set up for ${credentials.email} on ${baseUrl}`);
    await submitForm(page, [['Security code', await generateTotp({ secret })]], /^continue$/i);
  }
}

// ---- Accessibility ----

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly helpUrl: string;
  readonly targets: readonly string[];
}

interface AxeRun {
  readonly version: string;
  readonly rulesRun: number;
  readonly violations: readonly AxeViolation[];
}

interface AxeWindow {
  axe?: { version: string; run(context: Document, options: RunOptions): Promise<AxeResults> };
}

/**
 * Runs axe-core over the page as it is now and fails listing every violation (id, impact, help,
 * and the selectors of the elements at fault). The pages' Content-Security-Policy refuses injected
 * script tags, so axe is evaluated through the DevTools protocol, which CSP does not govern; the
 * check then confirms axe really ran rules, so a blocked injection can never pass as "no violations".
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (scriptlessContexts.has(page.context())) {
    assert.fail(`${label}: axe-core cannot run with JavaScript disabled; check the page in a session launched with withoutPageScripts instead.`);
  }
  await page.evaluate(AXE_SOURCE);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`axe-core did not finish within ${AXE_TIMEOUT_MS / 1000} s`), AXE_TIMEOUT_MS);
  });
  const running = page.evaluate(
    async ({ tags }): Promise<AxeRun | string> => {
      const axe = (window as unknown as AxeWindow).axe;
      if (!axe) return 'axe-core did not load into the page';
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return {
        version: axe.version,
        rulesRun: results.passes.length + results.violations.length + results.incomplete.length + results.inapplicable.length,
        violations: results.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? 'unknown',
          help: v.help,
          helpUrl: v.helpUrl,
          targets: v.nodes.map((n) => n.target.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))).join(' >>> ')),
        })),
      };
    },
    { tags: [...AXE_TAGS] },
  );
  // The race may leave the evaluation to fail later (page closed): that is not a second failure.
  running.catch(() => undefined);
  const run = await Promise.race([running, timedOut]).finally(() => clearTimeout(timer));
  if (typeof run === 'string') assert.fail(`${label}: ${run}.`);
  assert.ok(run.rulesRun > 0, `${label}: axe-core ${run.version} ran no rules, so the page was not checked.`);
  if (run.violations.length > 0) {
    const listed = run.violations
      .map((v) => `  - ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${v.targets.map((t) => `      at ${t}`).join('\n')}`)
      .join('\n');
    assert.fail(`${label} (${page.url()}): ${run.violations.length} accessibility violation(s) found by axe-core ${run.version}:\n${listed}`);
  }
}
