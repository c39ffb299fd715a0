import type { Page } from 'playwright-core';
import { certifyDemoLearner, e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';
import type { Journey } from '../helpers/e2e-browser';
import { createThread } from '../helpers/discussions-factories';

const suite = e2eSuite();

/** From the dashboard to the running cohort's overview, as the learner would click. */
async function openRunningSession(j: Journey, page: Page): Promise<string> {
  await page.getByRole('link', { name: /Open the session/ }).first().click();
  await page.waitForURL(/\/sessions\/\d+$/);
  await j.check(page, 'session overview');
  return /\/sessions\/(\d+)$/.exec(page.url())![1];
}

/** The names of the copies of unsent text this browser holds for the site. */
const keptCopies = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kindred-draft:')));

/** Waits until the browser holds a copy for the form whose place ends the key (e.g. "reply:12"). */
async function untilKept(page: Page, place: string): Promise<void> {
  await page.waitForFunction((end) => Object.keys(localStorage).some((k) => k.startsWith('kindred-draft:') && k.endsWith(`:${end}`)), place);
}

const keptNotice = (page: Page) => page.getByRole('status').filter({ hasText: /^We kept what you were writing on \w+day \d{1,2} \w+ at \d\d:\d\d\. Clear it$/ });

/** Lee, logged in, with a thread of her own in the running cohort's week 1 (written straight to the database). */
async function leeWithAThread(j: Journey): Promise<{ lee: Page; threadPath: string; threadId: number; postId: number }> {
  const lee = await j.newPage();
  await logInAs(j, lee, 'learner@kindred.test');
  await j.check(lee, 'dashboard');
  const sessionId = Number(await openRunningSession(j, lee));
  const db = suite.server.db;
  const session = await db('course_sessions').where({ id: sessionId }).first('course_id');
  const author = await db('users').where({ email: 'learner@kindred.test' }).first('id');
  const { threadId, openingPostId } = await createThread(db, { sessionId, courseId: session.course_id, authorId: author.id, title: 'Hello from the branch library', body: 'I am Lee. I work the evening desk.' });
  const threadPath = `/threads/${threadId}`;
  await j.visit(lee, threadPath, 'thread');
  return { lee, threadPath, threadId, postId: openingPostId };
}

/**
 * A form with the choices no page of the site has yet (boxes to tick, a select, a multiple select),
 * on the app's own address so that the browser's storage is the site's, with the script the site serves.
 * `served` is what the server would have put in the form: the boxes ticked and the week chosen.
 */
function choicesPage(served: { topics: string[]; week: string }): string {
  const ticked = (v: string) => (served.topics.includes(v) ? ' checked' : '');
  const chosen = (v: string) => (served.week === v ? ' selected' : '');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Choices</title>
<script src="/static/js/kept-drafts.js" defer></script></head>
<body data-user-id="7"><main><h1>Choices</h1>
<form method="post" action="/nowhere" data-keep-draft="choices">
<fieldset><legend>Topics</legend>
<label><input type="checkbox" name="topic" value="rest"${ticked('rest')}> Rest</label>
<label><input type="checkbox" name="topic" value="breath"${ticked('breath')}> Breath</label>
</fieldset>
<label for="week">Week</label>
<select id="week" name="week"><option value="">Choose a week</option><option value="1"${chosen('1')}>Week 1</option><option value="2"${chosen('2')}>Week 2</option></select>
<label for="days">Days</label>
<select id="days" name="days" multiple><option value="mon">Monday</option><option value="tue">Tuesday</option><option value="wed">Wednesday</option></select>
<button type="submit">Send</button>
</form></main></body></html>`;
}

const selectedIn = (page: Page, label: string) =>
  page.getByLabel(label).evaluate((el) => Array.from((el as HTMLSelectElement).selectedOptions).map((o) => o.value));

describe('unsent text kept in the browser', () => {
  it('gives a reply back after the tab is closed, clears it on request, and forgets it once sent', async () => {
    await suite.journey('kept reply', async (j) => {
      let lee = await j.newPage();
      await logInAs(j, lee, 'learner@kindred.test');
      await j.check(lee, 'dashboard');
      const sessionId = await openRunningSession(j, lee);
      await j.visit(lee, `/sessions/${sessionId}/weeks/1/discussion`, 'discussion board');
      await lee.getByLabel('Title').fill('Hello from the branch library');
      await lee.getByLabel('Your post').fill('I am Lee. I work the evening desk.');
      await untilKept(lee, `new-thread:${sessionId}:1`);
      await Promise.all([lee.waitForURL(/\/threads\/\d+/), lee.getByRole('button', { name: 'Post thread' }).click()]);
      await j.check(lee, 'thread posted');
      const threadPath = new URL(lee.url()).pathname;
      const threadId = threadPath.split('/').pop()!;
      expect(await keptCopies(lee)).toEqual([]);

      // Halfway through a long reply, the tab is closed; the thread opened again in a new tab has the text back.
      const words = 'Thank you for the welcome. This week I want to notice when I hold my breath at the desk, and';
      await lee.getByLabel('Your reply').fill(words);
      await untilKept(lee, `reply:${threadId}`);
      const context = lee.context();
      await lee.close();
      lee = await j.newTab(context);
      await lee.goto(threadPath);
      await expectVisible(keptNotice(lee));
      expect(await lee.getByLabel('Your reply').inputValue()).toBe(words);
      await j.check(lee, 'thread with the kept reply');

      // "Clear it" empties the box and forgets the copy.
      await lee.getByRole('button', { name: 'Clear it' }).click();
      await expectVisible(lee.getByText('Cleared. The kept text is forgotten.'));
      expect(await lee.getByLabel('Your reply').inputValue()).toBe('');
      expect(await lee.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('body');
      expect(await keptCopies(lee)).toEqual([]);
      await lee.reload();
      expect(await lee.getByLabel('Your reply').inputValue()).toBe('');
      expect(await keptNotice(lee).count()).toBe(0);

      // Sent: the copy is gone, and the box stays empty next time.
      await lee.getByLabel('Your reply').fill(words);
      await untilKept(lee, `reply:${threadId}`);
      await Promise.all([lee.waitForURL(`**${threadPath}*`), lee.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(lee, 'reply posted');
      await expectVisible(lee.locator('article', { hasText: 'hold my breath' }));
      expect(await keptCopies(lee)).toEqual([]);
      await lee.goto(threadPath);
      expect(await lee.getByLabel('Your reply').inputValue()).toBe('');
      expect(await keptNotice(lee).count()).toBe(0);
    });
  });

  it('keeps a change to one’s own post, and “Clear it” puts the post’s own text back', async () => {
    await suite.journey('kept edit', async (j) => {
      const { lee, threadPath, postId } = await leeWithAThread(j);
      const editPath = `/posts/${postId}/edit`;
      await j.visit(lee, editPath, 'edit my post');
      const changed = 'I am Lee. I work the evening desk, and on Saturdays the children’s library.';
      await lee.getByLabel('Your post').fill(changed);
      await untilKept(lee, `edit:${postId}`);
      await Promise.all([lee.waitForURL(`**${threadPath}*`), lee.getByRole('link', { name: 'Back to the thread' }).click()]);
      await lee.goto(editPath);
      await expectVisible(keptNotice(lee));
      expect(await lee.getByLabel('Your post').inputValue()).toBe(changed);
      await j.check(lee, 'edit with the kept change');
      await lee.getByRole('button', { name: 'Clear it' }).click();
      expect(await lee.getByLabel('Your post').inputValue()).toBe('I am Lee. I work the evening desk.');
      expect(await keptCopies(lee)).toEqual([]);
    });
  });

  it('forgets every copy when a learner logs out, and never offers one learner’s text to another on a shared computer', async () => {
    await suite.journey('kept text on a shared computer', async (j) => {
      const { lee, threadPath, threadId } = await leeWithAThread(j);
      await lee.getByLabel('Your reply').fill('Something only Lee should ever see again.');
      await untilKept(lee, `reply:${threadId}`);
      await Promise.all([lee.waitForURL((u) => u.pathname === '/'), lee.getByRole('button', { name: 'Log out' }).click()]);
      await j.check(lee, 'logged out');
      expect(await keptCopies(lee)).toEqual([]);

      // Sam logs in on the same browser: the box is empty.
      await logInAs(j, lee, 'sam@kindred.test');
      await j.check(lee, 'Sam’s dashboard');
      await lee.goto(threadPath);
      expect(await lee.getByLabel('Your reply').inputValue()).toBe('');
      expect(await keptNotice(lee).count()).toBe(0);

      // A login that ends without logging out (timed out) leaves Sam's copy, but keyed to Sam: Lee is never offered it.
      await lee.getByLabel('Your reply').fill('Sam’s half-written reply.');
      await untilKept(lee, `reply:${threadId}`);
      await lee.context().clearCookies();
      await logInAs(j, lee, 'learner@kindred.test');
      await lee.goto(threadPath);
      expect(await lee.getByLabel('Your reply').inputValue()).toBe('');
      expect(await keptNotice(lee).count()).toBe(0);
      expect(await keptCopies(lee)).toHaveLength(1);
    });
  });

  it('gives back the evaluation’s ratings and written answers after following a link away, and forgets them once sent', async () => {
    await suite.journey('kept evaluation', async (j) => {
      const page = await j.newPage();
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      const sessionId = await openRunningSession(j, page);
      // The evaluation opens with the last week: the instructor has opened it early.
      const db = suite.server.db;
      const session = await db('course_sessions').where({ id: Number(sessionId) }).first('course_id');
      const instructor = await db('session_instructors').where({ course_session_id: Number(sessionId) }).first('user_id');
      const last = await db('course_modules').where({ course_id: session.course_id }).max({ week: 'week' }).first();
      await db('week_unlocks').insert({ course_session_id: Number(sessionId), week: last!.week, unlocked_by: instructor.user_id }).onConflict(['course_session_id', 'week']).ignore();

      const evaluationPath = `/sessions/${sessionId}/evaluation`;
      await j.visit(page, evaluationPath, 'evaluation');
      const groups = await page.getByRole('group').all();
      expect(groups.length).toBeGreaterThan(1);
      // Different ratings for each outcome (4, 3, 4, 3…), so a group given another's rating would show.
      const ratingOf = (i: number) => (i % 2 === 0 ? 4 : 3);
      for (const [i, group] of groups.entries()) {
        await group.getByRole('radio', { name: new RegExp(`^\\s*${ratingOf(i)}`) }).check();
      }
      const helped = 'The week on boundaries, and reading that others feel the same.';
      await page.getByLabel('What helped you most?').fill(helped);
      await untilKept(page, `evaluation:${sessionId}`);
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('link', { name: 'Dashboard' }).click()]);
      await j.check(page, 'dashboard, evaluation left halfway');

      await j.visit(page, evaluationPath, 'evaluation again');
      await expectVisible(keptNotice(page));
      expect(await page.getByLabel('What helped you most?').inputValue()).toBe(helped);
      expect(await page.getByLabel('What would you change?').inputValue()).toBe('');
      for (const [i, group] of (await page.getByRole('group').all()).entries()) {
        expect(await group.getByRole('radio', { checked: true }).getAttribute('value')).toBe(String(ratingOf(i)));
      }
      // The notice stands above the first question, not inside it.
      expect(await page.locator('form .kept-draft + fieldset').count()).toBe(1);
      await j.check(page, 'evaluation with the kept answers');

      // Sent as given back, without choosing again.
      await Promise.all([page.waitForURL((u) => u.pathname !== evaluationPath), page.getByRole('button', { name: 'Send my evaluation' }).click()]);
      await j.check(page, 'evaluation sent');
      expect(await keptCopies(page)).toEqual([]);
      const row = await db('evaluations as e').join('enrolments as en', 'en.id', 'e.enrolment_id').join('users as u', 'u.id', 'en.user_id').where('u.email', 'learner@kindred.test').first('e.helped', 'e.outcome_ratings');
      expect(row.helped).toBe(helped);
      expect(row.outcome_ratings).toEqual(groups.map((_, i) => ratingOf(i)));
    });
  });

  it('gives back a review’s rating and words after leaving the page, and offers nothing once it is sent', async () => {
    await suite.journey('kept review', async (j) => {
      const page = await j.newPage();
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      const sessionId = Number(await openRunningSession(j, page));
      // Reviews open with a certificate: Lee has completed the course (written straight to the database).
      const lee = await certifyDemoLearner(suite.server.db, 'learner@kindred.test', sessionId, 'KEPTREVIEW000001');

      const reviewPath = `/sessions/${sessionId}/review`;
      await j.visit(page, reviewPath, 'review');
      await page.getByRole('radio', { name: '4 stars' }).check();
      const words = 'Gentle and practical. I use the breathing pause at the desk every evening.';
      await page.getByLabel('Your review').fill(words);
      await untilKept(page, `review:${sessionId}`);
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('link', { name: 'Dashboard' }).click()]);
      await j.check(page, 'dashboard, review left halfway');

      await j.visit(page, reviewPath, 'review again');
      await expectVisible(keptNotice(page));
      expect(await page.getByLabel('Your review').inputValue()).toBe(words);
      expect(await page.getByRole('radio', { name: '4 stars' }).isChecked()).toBe(true);
      await j.check(page, 'review with the kept rating and words');

      await Promise.all([page.waitForURL(`**${reviewPath}`), page.getByRole('button', { name: 'Send my review' }).click()]);
      await expectVisible(page.getByText('Thank you for your review.'));
      await j.check(page, 'review sent');
      expect(await keptCopies(page)).toEqual([]);
      const review = await suite.server.db('course_reviews').where({ user_id: lee.userId, course_id: lee.courseId }).first('rating', 'body');
      expect(review).toEqual({ rating: 4, body: words });

      await j.visit(page, reviewPath, 'review, once sent');
      expect(await keptNotice(page).count()).toBe(0);
      expect(await keptCopies(page)).toEqual([]);
    });
  });

  it('gives back boxes ticked and options chosen, and lets what the server sent win over a kept copy', async () => {
    await suite.journey('kept choices', async (j) => {
      const page = await j.newPage();
      let served = { topics: [] as string[], week: '' };
      await page.route('**/test-only/choices', (route) => route.fulfill({ contentType: 'text/html', body: choicesPage(served) }));
      await j.visit(page, '/test-only/choices', 'choices');
      await page.getByRole('checkbox', { name: 'Breath' }).check();
      await page.getByLabel('Week').selectOption('2');
      await page.getByLabel('Days').selectOption(['mon', 'wed']);
      await untilKept(page, 'choices');

      await j.visit(page, '/test-only/choices', 'choices again');
      await expectVisible(keptNotice(page));
      expect(await page.getByRole('checkbox', { name: 'Breath' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Rest' }).isChecked()).toBe(false);
      expect(await page.getByLabel('Week').inputValue()).toBe('2');
      expect(await selectedIn(page, 'Days')).toEqual(['mon', 'wed']);

      // "Clear it" puts back what the page came with.
      await page.getByRole('button', { name: 'Clear it' }).click();
      expect(await page.getByRole('checkbox', { name: 'Breath' }).isChecked()).toBe(false);
      expect(await page.getByLabel('Week').inputValue()).toBe('');
      expect(await selectedIn(page, 'Days')).toEqual([]);
      expect(await keptCopies(page)).toEqual([]);

      // A form the server hands back filled in (as after a refusal) keeps the server's choices, not the copy.
      await page.getByRole('checkbox', { name: 'Breath' }).check();
      await untilKept(page, 'choices');
      served = { topics: ['rest'], week: '1' };
      await j.visit(page, '/test-only/choices', 'choices handed back');
      expect(await page.getByRole('checkbox', { name: 'Rest' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Breath' }).isChecked()).toBe(false);
      expect(await page.getByLabel('Week').inputValue()).toBe('1');
      // The notice's live region is put in place as the page loads, before its words.
      expect(await page.locator('form [role="status"]').count()).toBe(0);
    });
  });
});
