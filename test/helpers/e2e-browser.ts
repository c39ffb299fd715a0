import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const RESULTS_DIR = path.resolve(__dirname, '../../test-results');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Debian's Chromium, headless; nothing is ever downloaded. */
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install the Debian chromium package (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

interface Tracked {
  page: Page;
  navigated: Set<string>;
  checked: Set<string>;
  problems: string[];
}

/**
 * One journey: fresh browser contexts on demand, and for every page it visits an axe scan
 * (WCAG 2.1 A/AA; serious or critical violations fail) and a full-page screenshot saved as
 * test-results/<journey>/<n>-<page>.png. `finish` fails if a page was visited but not checked,
 * if a page threw a script error or broke the CSP, or if the server answered 5xx.
 */
export class Journey {
  readonly dir: string;
  private shots = 0;
  private contexts: BrowserContext[] = [];
  private tracked: Tracked[] = [];

  constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
    readonly name: string,
  ) {
    this.dir = path.join(RESULTS_DIR, slug(name));
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** A page in a new browser context: its own cookies, like another person's browser. */
  async newPage(opts: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, acceptDownloads: true, ...opts });
    this.contexts.push(context);
    return this.track(await context.newPage());
  }

  /** Another tab in a context this journey opened: the same browser's cookies and storage, watched like every page. */
  async newTab(context: BrowserContext): Promise<Page> {
    return this.track(await context.newPage());
  }

  private track(page: Page): Page {
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(20_000);
    const t: Tracked = { page, navigated: new Set(), checked: new Set(), problems: [] };
    this.tracked.push(t);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith(this.baseUrl)) t.navigated.add(this.key(frame.url()));
    });
    page.on('pageerror', (err) => t.problems.push(`script error on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) t.problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 500) t.problems.push(`${res.status()} from ${res.request().method()} ${res.url()}`);
    });
    return page;
  }

  /** Opens a path of the app and checks the page; any status but the expected one (200) fails. */
  async visit(page: Page, urlPath: string, pageName: string, expectStatus = 200): Promise<void> {
    const res = await page.goto(urlPath);
    if (!res) throw new Error(`no response for ${urlPath}`);
    if (res.status() !== expectStatus) throw new Error(`GET ${urlPath} answered ${res.status()}, expected ${expectStatus}`);
    await this.check(page, pageName);
  }

  /** axe (serious/critical fail) and a full-page screenshot of the page as it is now. */
  async check(page: Page, pageName: string): Promise<void> {
    await page.waitForLoadState('load');
    const shot = path.join(this.dir, `${String(++this.shots).padStart(2, '0')}-${slug(pageName)}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) {
      const lines = bad.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
      throw new Error(`accessibility violations on ${pageName} (${page.url()}), screenshot ${shot}:\n${lines.join('\n')}`);
    }
    const t = this.tracked.find((x) => x.page === page);
    t?.checked.add(this.key(page.url()));
  }

  /** Fails on pages visited but never checked, script errors, CSP violations and 5xx answers. */
  async finish(): Promise<void> {
    const problems: string[] = [];
    for (const t of this.tracked) {
      problems.push(...t.problems);
      for (const url of t.navigated) if (!t.checked.has(url)) problems.push(`visited but not checked with axe: ${url}`);
    }
    await this.close();
    if (problems.length) throw new Error(`journey "${this.name}":\n${problems.join('\n')}`);
  }

  async close(): Promise<void> {
    const contexts = this.contexts;
    this.contexts = [];
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  }

  private key(url: string): string {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  }
}
