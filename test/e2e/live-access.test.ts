import type { Page } from 'playwright-core';
import { e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';
import { OK, REFUSED, adaOpens, joinedCount, last, leePostsThread, moderate, reply, samAndHelenWatch, setLock, until, watchConnections } from '../helpers/e2e-live';

const suite = e2eSuite();

describe('live discussion connections when access changes, in the browser', () => {
  it('ends them on every access change: a learner still enrolled comes back by themself, one who logged out stays out', async () => {
    await suite.journey('live access changes', async (j) => {
      const { db } = suite.server;
      const running = await db('enrolments as e').join('users as u', 'u.id', 'e.user_id').where('u.email', 'learner@kindred.test').first('e.course_session_id as id');

      const lee = await j.newPage();
      const leeConnections = watchConnections(lee);
      await logInAs(j, lee, 'learner@kindred.test');
      await j.check(lee, 'dashboard');
      await j.visit(lee, `/sessions/${running.id}/weeks/1/discussion`, 'discussion board');
      await lee.getByLabel('Title').fill('Saying no kindly');
      await lee.getByLabel('Your post').fill('How do you turn down one more task without guilt?');
      const leeJoinedBoard = joinedCount(leeConnections);
      await Promise.all([lee.waitForURL(/\/threads\/\d+/), lee.getByRole('button', { name: 'Post thread' }).click()]);
      await j.check(lee, 'thread posted');
      const threadPath = new URL(lee.url()).pathname;
      await until("Lee's page to join the thread's room", () => joinedCount(leeConnections) > leeJoinedBoard);

      const { sam, samConnections, helen, helenConnections } = await samAndHelenWatch(j, threadPath);

      // In another tab Sam enrols in the next session and withdraws again. Any change to Sam's
      // places ends all Sam's live connections; the open thread comes back on its own and is let
      // in again, since Sam is still enrolled in this session.
      const samsThread = last(samConnections);
      const samsOtherTab = await sam.context().newPage();
      await samsOtherTab.goto(`/courses/${await db('courses').first('slug').then((c) => c.slug)}`);
      // Sam already has a place in this course, so the page asks to confirm a second one.
      await samsOtherTab.getByLabel(/I want a place in this session as well/).first().check();
      await Promise.all([samsOtherTab.waitForURL('**/dashboard'), samsOtherTab.getByRole('button', { name: /^Enrol/ }).first().click()]);
      const next = await db('enrolments as e')
        .join('users as u', 'u.id', 'e.user_id')
        .where('u.email', 'sam@kindred.test')
        .whereNot('e.course_session_id', running.id)
        .where('e.status', 'enrolled')
        .first('e.course_session_id as id');
      expect(next).toBeDefined();
      await samsOtherTab.goto(`/sessions/${next.id}/withdraw`);
      await Promise.all([samsOtherTab.waitForURL('**/dashboard'), samsOtherTab.getByRole('button', { name: /^Withdraw from/ }).click()]);
      await samsOtherTab.close();
      await until("Sam's connection to be ended by the server", () => samsThread.closed);
      await until("Sam's page to reconnect and be let in again", () => last(samConnections) !== samsThread && last(samConnections).answers.includes(OK));
      expect(helenConnections.filter((c) => c.closed)).toHaveLength(0);

      // A reply from Lee reaches Sam's reconnected page live.
      const leeJoined = joinedCount(leeConnections);
      await reply(j, lee, threadPath, 'I say: not this week, and I mean it kindly.');
      await expectVisible(sam.getByText('1 new reply —'));
      await sam.getByRole('button', { name: 'Show' }).click();
      await expectVisible(sam.getByText('not this week, and I mean it kindly'));
      await j.check(sam, 'reply arrived after reconnecting');
      await until("Lee's reloaded page to join again", () => joinedCount(leeConnections) > leeJoined);

      // Lee logs out in another tab: her open thread is ended too, asks again, is refused and stops.
      const leesThread = last(leeConnections);
      const leesOtherTab = await lee.context().newPage();
      await leesOtherTab.goto('/dashboard');
      await Promise.all([leesOtherTab.waitForURL((u) => u.pathname !== '/dashboard'), leesOtherTab.getByRole('button', { name: 'Log out' }).click()]);
      await leesOtherTab.close();
      await until("Lee's connection to be ended by the server", () => leesThread.closed);
      await until("Lee's page to be refused when it asks again", () => last(leeConnections) !== leesThread && last(leeConnections).answers.includes(REFUSED));
      await until("Lee's page to stop listening", () => last(leeConnections).closed);
      const leeConnectionsAfterLogout = leeConnections.length;

      // Sam's next reply reaches Helen live, and not Lee's logged-out page.
      await reply(j, sam, threadPath, 'Thank you, Lee. I will practise that sentence.');
      await expectVisible(helen.getByText('2 new replies —'));
      await j.check(helen, 'both replies waiting');
      expect(await lee.locator('#live-bar-inner').isHidden()).toBe(true);
      expect(await lee.getByText('practise that sentence').count()).toBe(0);
      expect(leeConnections).toHaveLength(leeConnectionsAfterLogout);
    });
  });
});

/** What a learner's open thread must never hold: staff controls, or a hidden post's words and reason. */
async function expectNothingForStaffOnly(page: Page, postId: number, hiddenWords: string[]): Promise<void> {
  expect(await page.locator(`#post-${postId} details.moderate, #post-${postId} form`).count()).toBe(0);
  const html = await page.content();
  for (const words of hiddenWords) expect(html).not.toContain(words);
}

describe('live moderation of a post, in the browser', () => {
  it('gives an instructor watching the thread the controls that fit a post hidden and restored in another page, and a learner none of them', async () => {
    await suite.journey('live moderation controls', async (j) => {
      const { db } = suite.server;
      const { threadPath, postId } = await leePostsThread(j, suite.server.db, 'A hard week at the branch', 'My supervisor Pat Quellington shouted at me again today.');

      const { sam, helen } = await samAndHelenWatch(j, threadPath);
      const helensPost = helen.locator(`#post-${postId}`);
      expect(await helensPost.locator('form[action$="/hide"]').count()).toBe(1);

      // Ada, an admin, hides the post in her own page: Helen's page now offers Restore, not Hide.
      const ada = await adaOpens(j, threadPath);
      await moderate(ada, postId, 'Hide', 'Names a colleague');
      await j.check(ada, 'post hidden');
      await expectVisible(helensPost.getByText('Reason: Names a colleague'));
      expect(await helensPost.locator('form[action$="/restore"]').count()).toBe(1);
      expect(await helensPost.locator('form[action$="/hide"]').count()).toBe(0);
      await j.check(helen, 'hidden live, Restore offered');
      await expectVisible(sam.locator(`#post-${postId}`).getByText('This post was hidden by a moderator.'));
      await expectNothingForStaffOnly(sam, postId, ['Pat Quellington', 'Names a colleague']);

      // Ada restores it: Helen's page offers Hide again.
      await moderate(ada, postId, 'Restore', 'Talked it through');
      await j.check(ada, 'post restored');
      await helensPost.locator('form[action$="/hide"]').waitFor({ state: 'attached' });
      expect(await helensPost.locator('form[action$="/restore"]').count()).toBe(0);
      await j.check(helen, 'restored live, Hide offered');
      await expectVisible(sam.locator(`#post-${postId}`).getByText('Pat Quellington'));
      await expectNothingForStaffOnly(sam, postId, ['Names a colleague']);

      // The form that arrived live works: its CSRF field was filled from Helen's own page.
      await moderate(helen, postId, 'Hide', 'Please leave names out');
      await j.check(helen, 'hidden by Helen');
      expect(await db('discussion_posts').where({ id: postId }).first('status', 'hidden_reason')).toEqual({ status: 'hidden', hidden_reason: 'Please leave names out' });
      await expectVisible(sam.locator(`#post-${postId}`).getByText('This post was hidden by a moderator.'));
      await expectNothingForStaffOnly(sam, postId, ['Pat Quellington', 'Names a colleague', 'Please leave names out']);
      await j.check(sam, 'hidden live for a learner');
    });
  });
});

describe('live locking of a thread, in the browser', () => {
  it('takes the reply form and Reply links from an open page when the thread is locked elsewhere, keeping what the learner typed, gives the instructor Unlock, brings the form back on unlock, and shows the next reply with each reader’s own controls', async () => {
    await suite.journey('live thread lock', async (j) => {
      const { db } = suite.server;
      const { lee, threadPath } = await leePostsThread(j, suite.server.db, 'Rotas and fairness', 'Who gets the Saturday shifts at your branch?');

      const { sam, helen } = await samAndHelenWatch(j, threadPath);
      await sam.getByLabel('Your reply').fill('Always the newest of us, which I think is unfair.');

      const ada = await adaOpens(j, threadPath);
      await setLock(ada, 'Lock', 'Getting heated');
      await j.check(ada, 'thread locked');

      // Sam's page: the locked notice instead of the form, what Sam typed kept in a box to copy, no Reply links, no staff controls.
      await expectVisible(sam.getByText('This thread is locked by a moderator, so it takes no new replies.'));
      await expectVisible(sam.getByText('Locked: no new replies'));
      expect(await sam.getByLabel(/Here is what you had typed/).inputValue()).toBe('Always the newest of us, which I think is unfair.');
      expect(await sam.getByRole('button', { name: 'Post reply' }).count()).toBe(0);
      expect(await sam.locator('.post-actions a[href$="#reply"]:visible').count()).toBe(0);
      expect(await sam.getByText('Moderate this thread').count()).toBe(0);
      await j.check(sam, 'locked live, typed reply kept');

      // Helen's page now offers Unlock, and that form, arrived live, works with her page's own CSRF token.
      await expectVisible(helen.getByText('Locked: no new replies'));
      await j.check(helen, 'locked live, Unlock offered');
      await setLock(helen, 'Unlock', 'Calmer now');
      await j.check(helen, 'thread unlocked');
      expect(await db('discussion_threads').where({ id: Number(threadPath.split('/').pop()) }).first('locked')).toEqual({ locked: false });

      // Sam's form comes back with the words still in it, and the Reply links too.
      await expectVisible(sam.getByRole('button', { name: 'Post reply' }));
      expect(await sam.getByLabel('Your reply').inputValue()).toBe('Always the newest of us, which I think is unfair.');
      expect(await sam.locator('.post-actions a[href$="#reply"]:visible').count()).toBeGreaterThan(0);
      expect(await sam.getByText('This thread is locked by a moderator, so it takes no new replies.').count()).toBe(0);
      await j.check(sam, 'unlocked live, form back');
      await reply(j, sam, threadPath, 'Always the newest of us, which I think is unfair.');

      // Sam's reply reaches Helen with its Moderate controls (their CSRF field from her page) and Lee with Report.
      await expectVisible(helen.getByText('1 new reply —'));
      await helen.getByRole('button', { name: 'Show' }).click();
      const inHelens = helen.locator('article.post', { hasText: 'which I think is unfair' });
      await expectVisible(inHelens.getByText('Moderate'));
      expect(await inHelens.locator('form[action$="/hide"] input[name="_csrf"]').inputValue()).not.toBe('');
      await j.check(helen, 'new reply with Moderate');
      await expectVisible(lee.getByText('1 new reply —'));
      await lee.getByRole('button', { name: 'Show' }).click();
      const inLees = lee.locator('article.post', { hasText: 'which I think is unfair' });
      await expectVisible(inLees.getByRole('link', { name: /^Report/ }));
      expect(await inLees.locator('details.moderate').count()).toBe(0);
      await j.check(lee, 'new reply with Report');
    });
  });
});
