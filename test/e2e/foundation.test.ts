// The foundation pages in real Chromium, as a person meets them: the home page with the registers
// and the organisation tree, the organisation register, the accessibility statement, the privacy
// notice and the page-not-found page. Every page passes axe-core (WCAG 2.2 AA), works with
// JavaScript turned off, and loads nothing from outside this machine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, signInWithTwoFactor, type BrowserSession } from './support/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from './support/server.ts';

const SERVICE_NAME = 'Custodian';
const MARKING = 'OFFICIAL-SENSITIVE';

interface PageCheck {
  readonly path: string;
  readonly status: number;
  readonly title: string;
  readonly heading: string;
  /** Text that must be on the page: the content a person came for. */
  readonly texts: readonly string[];
}

const PAGES: readonly PageCheck[] = [
  {
    path: '/',
    status: 200,
    title: `Home - ${SERVICE_NAME}`,
    heading: SERVICE_NAME,
    texts: ['Registers', 'Organisation', 'Ministry of Justice', 'HM Prison and Probation Service'],
  },
  {
    path: '/organisation',
    status: 200,
    title: `Organisation - ${SERVICE_NAME}`,
    heading: 'Organisation',
    texts: ['Ministry of Justice', 'HM Prison and Probation Service', 'HM Courts & Tribunals Service', 'Legal Aid Agency'],
  },
  {
    path: '/organisation/MOJ',
    status: 200,
    title: `Ministry of Justice - ${SERVICE_NAME}`,
    heading: 'Ministry of Justice',
    texts: ['MOJ', 'Type', 'Part of', 'None (top of the tree)', 'Units within Ministry of Justice', 'HM Prison and Probation Service'],
  },
  {
    path: '/organisation/HMPPS',
    status: 200,
    title: `HM Prison and Probation Service - ${SERVICE_NAME}`,
    heading: 'HM Prison and Probation Service',
    texts: ['HMPPS', 'Part of', 'Ministry of Justice'],
  },
  {
    path: '/accessibility',
    status: 200,
    title: `Accessibility statement - ${SERVICE_NAME}`,
    heading: `Accessibility statement for ${SERVICE_NAME}`,
    texts: ['How accessible this service is', 'Reporting accessibility problems', 'Enforcement procedure'],
  },
  {
    path: '/privacy',
    status: 200,
    title: `Privacy notice - ${SERVICE_NAME}`,
    heading: 'Privacy notice',
    texts: ['Why we hold it', 'Who can see it', 'How long we keep it', 'Your rights'],
  },
  {
    path: '/no-such-page',
    status: 404,
    title: `Page not found - ${SERVICE_NAME}`,
    heading: 'Page not found',
    texts: ['There is nothing at /no-such-page', 'Go to the home page'],
  },
];

function pageCheck(path: string): PageCheck {
  const check = PAGES.find((p) => p.path === path);
  assert.ok(check, `No page check for ${path}`);
  return check;
}

/** Chromium logs a failed main document (the 404 page) as a console error; that one is expected. */
function unexpectedErrors(errors: readonly string[], status: number): string[] {
  return errors.filter((e) => !(status >= 400 && /Failed to load resource: the server responded with a status of \d+/.test(e)));
}

/** What every page has, then the page's own heading and content. */
async function assertPageContent(page: Page, check: PageCheck): Promise<void> {
  assert.equal(new URL(page.url()).pathname, check.path);
  assert.equal(await page.title(), check.title);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), check.heading);

  const markings = page.getByRole('note', { name: 'Protective marking' });
  assert.equal(await markings.count(), 2, 'the protective marking is shown at the top and the bottom of the page');
  for (const marking of await markings.all()) {
    assert.equal((await marking.innerText()).trim(), MARKING);
    assert.ok(await marking.isVisible(), 'the protective marking is visible');
  }
  const serviceLink = page.locator('.govuk-service-navigation__service-name').getByRole('link', { name: SERVICE_NAME });
  assert.ok(await serviceLink.isVisible(), 'the service name is in the header');
  assert.ok(await page.getByRole('link', { name: 'Skip to main content' }).count(), 'the page has a skip link');

  const main = await page.getByRole('main').innerText();
  for (const text of check.texts) assert.ok(main.includes(text), `${check.path} shows "${text}"; the main content was:\n${main}`);
}

/** Opens a page as a person would, by its address, and checks its status and content. */
async function open(session: BrowserSession, baseUrl: string, check: PageCheck): Promise<Response> {
  const response = await session.page.goto(`${baseUrl}${check.path}`, { waitUntil: 'load' });
  assert.ok(response, `${check.path} answered`);
  assert.equal(response.status(), check.status, `${check.path} status`);
  await assertPageContent(session.page, check);
  return response;
}

/** Follows a link inside a part of the page and waits for the page it leads to. */
async function follow(page: Page, within: string, name: string): Promise<void> {
  const link = page.locator(within).getByRole('link', { name, exact: true }).first();
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.toString() !== from, { waitUntil: 'load' }), link.click()]);
}

describe('foundation pages in Chromium', { timeout: 300_000 }, () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ example: 'moj' });
  });

  after(async () => {
    await server?.stop();
  });

  describe('with JavaScript', () => {
    let session: BrowserSession;

    before(async () => {
      session = await launchBrowser();
      await signInWithTwoFactor(session.page, server.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    });

    after(async () => {
      await session?.close();
    });

    test('the home page shows the service, the marking, the registers and the organisation tree', async () => {
      const { page } = session;
      await open(session, server.baseUrl, pageCheck('/'));

      // Marking first: it is the first thing on the page, before the skip link.
      const firstText = await page.evaluate(() => document.body.innerText.trim().split('\n')[0] ?? '');
      assert.equal(firstText.trim(), MARKING, 'the protective marking is the first text on the page');

      const registers = page.locator('main .govuk-grid-column-one-half', { has: page.getByRole('heading', { name: 'Registers' }) });
      assert.ok(await registers.getByRole('link', { name: 'Organisation' }).isVisible(), 'the registers list links to the organisation register');

      const tree = page.locator('main .custodian-tree').first();
      const moj = tree.locator(':scope > li', { has: page.getByRole('link', { name: 'Ministry of Justice', exact: true }) });
      assert.equal(await moj.count(), 1, 'the Ministry of Justice is at the top of the tree');
      const hmpps = moj.locator('.custodian-tree').getByRole('link', { name: 'HM Prison and Probation Service', exact: true });
      assert.ok(await hmpps.isVisible(), 'HM Prison and Probation Service is shown within the Ministry of Justice');
      assert.equal(await hmpps.getAttribute('href'), '/organisation/HMPPS');

      // JavaScript really ran here (the GOV.UK template's nonce'd inline script), so the no-JS run below means something.
      assert.match((await page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/);
      await expectNoAxeViolations(page, 'Home page');
    });

    test('a person follows the registers list to the organisation, a department and an agency', async () => {
      const { page } = session;
      await open(session, server.baseUrl, pageCheck('/'));

      await follow(page, 'main', 'Organisation');
      await assertPageContent(page, pageCheck('/organisation'));
      await expectNoAxeViolations(page, 'Organisation page');

      await follow(page, 'main', 'Ministry of Justice');
      await assertPageContent(page, pageCheck('/organisation/MOJ'));
      assert.ok(await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Organisation' }).isVisible(), 'breadcrumbs lead back');
      await expectNoAxeViolations(page, 'Ministry of Justice unit page');

      await follow(page, 'main .govuk-list', 'HM Prison and Probation Service');
      await assertPageContent(page, pageCheck('/organisation/HMPPS'));
      await expectNoAxeViolations(page, 'HM Prison and Probation Service unit page');

      await follow(page, 'main .govuk-summary-list', 'Ministry of Justice');
      assert.equal(new URL(page.url()).pathname, '/organisation/MOJ', 'the "Part of" link leads to the parent unit');
    });

    test('the footer leads to the accessibility statement and the privacy notice', async () => {
      const { page } = session;
      await open(session, server.baseUrl, pageCheck('/'));

      await follow(page, '.govuk-footer', 'Accessibility statement');
      await assertPageContent(page, pageCheck('/accessibility'));
      await expectNoAxeViolations(page, 'Accessibility statement');

      await follow(page, '.govuk-footer', 'Privacy notice');
      await assertPageContent(page, pageCheck('/privacy'));
      await expectNoAxeViolations(page, 'Privacy notice');
    });

    test('every page has the header, main content and footer landmarks', async () => {
      const { page } = session;
      for (const check of PAGES) {
        await open(session, server.baseUrl, check);
        // Screen reader users move between landmarks; the GOV.UK template gives each page these three.
        assert.equal(await page.getByRole('banner').count(), 1, `${check.path} has one header (banner) landmark`);
        assert.equal(await page.getByRole('main').count(), 1, `${check.path} has one main landmark`);
        assert.equal(
          await page.getByRole('contentinfo').count(),
          1,
          `${check.path} has one footer (contentinfo) landmark: the layout must keep the template's <footer> wrapper ` +
            '(override the govukFooter and footerEnd blocks, not the footer block)',
        );
        const footerLinks = page.getByRole('contentinfo').getByRole('link');
        assert.ok((await footerLinks.allInnerTexts()).some((t) => t.trim() === 'Accessibility statement'), `${check.path} footer links to the accessibility statement`);
      }
    });

    test('an unknown address shows the page-not-found page, which leads home', async () => {
      const { page } = session;
      await open(session, server.baseUrl, pageCheck('/no-such-page'));
      await expectNoAxeViolations(page, 'Page not found');

      await follow(page, 'main', 'Go to the home page');
      await assertPageContent(page, pageCheck('/'));
    });

    test('an unknown unit code shows the page-not-found page', async () => {
      const response = await session.page.goto(`${server.baseUrl}/organisation/NOSUCHUNIT`);
      assert.equal(response?.status(), 404);
      assert.equal((await session.page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Page not found');
      await expectNoAxeViolations(session.page, 'Page not found (unknown unit)');
    });

    test('the pages load nothing from outside this machine and raise no script errors', async () => {
      for (const check of PAGES) {
        const errorsBefore = session.scriptErrors.length;
        await open(session, server.baseUrl, check);
        const errors = unexpectedErrors(session.scriptErrors.slice(errorsBefore), check.status);
        assert.deepEqual(errors, [], `${check.path} raised script errors (a Content-Security-Policy refusal shows here)`);
      }
      assert.ok(session.requests.some((url) => url.endsWith('/static/app.js')), 'the enhancement script was requested');
      assert.ok(session.requests.some((url) => url.endsWith('/govuk/govuk-frontend.min.css')), 'the GOV.UK Frontend styles were requested');
      assert.deepEqual(session.outsideRequests(), [], 'every request went to this machine');
    });
  });

  describe('without JavaScript', () => {
    // Content and journeys run with JavaScript really disabled. axe-core itself needs JavaScript,
    // so the accessibility check runs in a second session whose pages have had their scripts
    // removed: the same rendering a person without JavaScript gets.
    let session: BrowserSession;
    let axeSession: BrowserSession;

    before(async () => {
      session = await launchBrowser({ javaScriptEnabled: false });
      axeSession = await launchBrowser({ withoutPageScripts: true });
      for (const s of [session, axeSession]) await signInWithTwoFactor(s.page, server.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    });

    after(async () => {
      await session?.close();
      await axeSession?.close();
    });

    for (const check of PAGES) {
      test(`${check.path} shows its content and passes axe`, async () => {
        await open(session, server.baseUrl, check);
        // The template's inline script adds js-enabled: its absence proves JavaScript really was off.
        assert.doesNotMatch((await session.page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/);

        await open(axeSession, server.baseUrl, check);
        assert.doesNotMatch((await axeSession.page.locator('body').getAttribute('class')) ?? '', /\bjs-enabled\b/);
        await expectNoAxeViolations(axeSession.page, `${check.path} without JavaScript`);
      });
    }

    test('a person follows links from home to a unit without JavaScript', async () => {
      const { page } = session;
      await open(session, server.baseUrl, pageCheck('/'));
      await follow(page, 'main .custodian-tree', 'HM Prison and Probation Service');
      await assertPageContent(page, pageCheck('/organisation/HMPPS'));
      await follow(page, '.govuk-footer', 'Privacy notice');
      await assertPageContent(page, pageCheck('/privacy'));
    });

    test('nothing is loaded from outside this machine', () => {
      assert.ok(session.requests.length > 0, 'requests were recorded');
      assert.deepEqual(session.outsideRequests(), []);
      assert.deepEqual(axeSession.outsideRequests(), []);
    });
  });
});
