import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds';
import { completeCourse, enrolmentIdOf, setReflection } from './completion-factories';
import { Journey, launchBrowser } from './e2e-browser';
import { startE2eServer, type E2eServer } from './e2e-server';
import { assignInstructor, createCourse, createSession, createUser, enrol, type TestUser } from './factories';

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

/**
 * Gives a demo learner a certificate for a session, written straight to the database, so a journey
 * can reach what opens with one (the review) without working through the whole course first.
 */
export async function certifyDemoLearner(db: E2eServer['db'], email: DemoEmail, sessionId: number, code: string): Promise<{ userId: number; courseId: number }> {
  const learner = await db('users').where({ email }).first('id', 'name');
  const enrolment = await db('enrolments').where({ user_id: learner.id, course_session_id: sessionId }).first('id');
  const session = await db('course_sessions as s').join('courses as c', 'c.id', 's.course_id').where('s.id', sessionId).first('s.course_id', 's.starts_at', 's.ends_at', 's.time_zone', 'c.title', 'c.contact_hours');
  await db('certificates')
    .insert({
      code, enrolment_id: enrolment.id, user_id: learner.id, course_id: session.course_id, course_session_id: sessionId,
      learner_name: learner.name, course_title: session.title, session_starts_at: session.starts_at, session_ends_at: session.ends_at,
      time_zone: session.time_zone, contact_hours: session.contact_hours, provider_name: 'Kindred', instructor_name: 'An instructor',
      completed_at: new Date(), retain_until: new Date(Date.now() + 7 * 365 * 24 * 3600 * 1000),
    })
    .onConflict('enrolment_id')
    .ignore();
  return { userId: learner.id, courseId: session.course_id };
}

/** The name of the focused element as a screen reader starts it: its label, aria-label or text. */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return (label || el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab (Shift+Tab when `back`) until the focused element's name matches, as a keyboard user would. */
export async function tabTo(page: Page, name: RegExp, opts: { back?: boolean; maxTabs?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.maxTabs ?? 120); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`${name} was not reachable with ${opts.back ? 'Shift+Tab' : 'Tab'} on ${page.url()}`);
}

export interface OpenCourse {
  course: { id: number; slug: string; title: string };
  sessionId: number;
  learner: TestUser;
  peer: TestUser;
}

/**
 * A published two-week course of its own whose one session started yesterday (so registration is
 * still open and week 1 is open), taught by an instructor, with a peer learner to reply to; the
 * journey's learner has an account but no place yet.
 */
export async function courseOpenForEnrolment(db: E2eServer['db'], title: string): Promise<OpenCourse> {
  const course = await createCourse(db, { title });
  const session = await createSession(db, course.id, { startedDaysAgo: 1 });
  const [learner, peer, instructor] = await Promise.all([createUser(db), createUser(db, { name: 'Pat Peer' }), createUser(db, { role: 'instructor' })]);
  await enrol(db, session.id, peer.id);
  await assignInstructor(db, session.id, instructor.id);
  return { course: { id: course.id, slug: course.slug, title }, sessionId: session.id, learner, peer };
}

/**
 * Once the learner has enrolled through the pages: every completion rule met for them except week 1's
 * reflection, so submitting it in the browser is the step that earns the certificate. Returns the enrolment.
 */
export async function allButTheFirstReflection(db: E2eServer['db'], c: OpenCourse): Promise<number> {
  const enrolmentId = await enrolmentIdOf(db, c.sessionId, c.learner.id);
  await completeCourse(db, { sessionId: c.sessionId, courseId: c.course.id, enrolmentId, learner: c.learner, peer: c.peer }, ['reflections']);
  await setReflection(db, enrolmentId, c.course.id, 2, 'submitted');
  return enrolmentId;
}

/** Waits for the enrolment's certificate, which is issued once the response to the learner's last step has gone. */
export async function certificateIssued(db: E2eServer['db'], enrolmentId: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await db('certificates').where({ enrolment_id: enrolmentId }).first('id'))) {
    if (Date.now() > until) throw new Error(`no certificate for enrolment ${enrolmentId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Submits the form of `button` with the browser's own checks off (every form on the page), so the page the
 * server hands back is the one seen; returns the status of the POST's answer (a redirect is 302 or 303).
 */
export async function submitUnchecked(page: Page, button: Locator): Promise<number> {
  await page.evaluate(() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true)));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return res.status();
}

/** A refused field as the house draws it: marked invalid, its message next to it and tied to it, what was typed kept. */
export async function expectRefusedField(page: Page, name: string, message: string, kept?: string): Promise<void> {
  const field = page.locator(`#field-${name}`);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(`field-${name}-error`);
  expect(await page.locator(`#field-${name}-error`).innerText()).toContain(message);
  if (kept !== undefined) expect(await field.inputValue()).toBe(kept);
}
