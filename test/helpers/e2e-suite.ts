import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds';
import { Journey, launchBrowser } from './e2e-browser';
import { startE2eServer, type E2eServer } from './e2e-server';

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];

export interface E2eSuite {
  readonly server: E2eServer;
  /** Runs one journey; its pages are checked, and `finish` runs when the body succeeds. */
  journey(name: string, body: (j: Journey) => Promise<void>): Promise<void>;
}

/** One app (fresh embedded database) and one Chromium for the test file. */
export function e2eSuite(env: Record<string, string> = {}): E2eSuite {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(env), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the e2e server did not start');
      return server;
    },
    async journey(name, body) {
      if (!server || !browser) throw new Error('the e2e server or browser did not start');
      const j = new Journey(browser, server.baseUrl, name);
      try {
        await body(j);
      } catch (err) {
        await j.close();
        throw err;
      }
      await j.finish();
    },
  };
}

/** Fills the login form by its labels and submits it, checking both pages. */
export async function logInAs(j: Journey, page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await j.visit(page, '/login', 'login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** The page fits the viewport: nothing scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export const uniqueEmail = (who: string) => `${who}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@example.test`;

/** Waits until the element is on screen (fails after the page's default timeout). */
export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}
