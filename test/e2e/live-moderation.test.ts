import type { Page } from 'playwright-core';
import { e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';
import type { Journey } from '../helpers/e2e-browser';
import { createThread } from '../helpers/discussions-factories';
import { adaOpens, leePostsThread, reply, samAndHelenWatch, setLock, watchConnections, watchThread } from '../helpers/e2e-live';

const suite = e2eSuite();

/** The Reply links a reader can see (a locked thread's wait hidden in the page for a live unlock). */
const visibleReplyLinks = (page: Page) => page.locator('.post-actions a[href$="#reply"]:visible').count();
const postsShown = (page: Page) => page.locator('article.post').count();

/** Reloads an open thread page and waits until it has joined the thread's room again. */
async function reopen(j: Journey, page: Page, threadPath: string, name: string): Promise<void> {
  const connections = watchConnections(page);
  await watchThread(j, page, connections, threadPath, name);
}

/** Under load a journey with four readers takes longer than the suite's usual two minutes. */
const LONG_JOURNEY_MS = 300_000;

describe('live locking and unlocking of a thread, in the browser', () => {
  it('shows a reply that waited in the bar through a lock without its Reply link, and one that waited through the unlock too with it', async () => {
    await suite.journey('live lock with a reply waiting', async (j) => {
      const { lee, threadPath } = await leePostsThread(j, suite.server.db, 'Quiet corners', 'Where do you take a break when the branch is busy?');
      const { sam, helen } = await samAndHelenWatch(j, threadPath);

      // Lee's reply waits in Sam's and Helen's bars while Ada locks the thread.
      await reply(j, lee, threadPath, 'The staff room, with the door shut.');
      await expectVisible(sam.getByText('1 new reply —'));
      await expectVisible(helen.getByText('1 new reply —'));
      const ada = await adaOpens(j, threadPath);
      await setLock(ada, 'Lock', 'Taking a pause');
      await j.check(ada, 'thread locked');
      await expectVisible(sam.getByText('This thread is locked by a moderator, so it takes no new replies.'));

      // Shown after the lock, the reply comes without a Reply link, like every other post.
      await sam.getByRole('button', { name: 'Show' }).click();
      await expectVisible(sam.getByText('with the door shut'));
      expect(await visibleReplyLinks(sam)).toBe(0);
      await j.check(sam, 'reply shown after the lock');

      // Helen kept it waiting through the lock and the unlock: shown now, it has its Reply link.
      await setLock(ada, 'Unlock', 'Calmer now');
      await j.check(ada, 'thread unlocked');
      await expectVisible(helen.getByRole('button', { name: 'Post reply' }));
      await helen.getByRole('button', { name: 'Show' }).click();
      await expectVisible(helen.getByText('with the door shut'));
      expect(await visibleReplyLinks(helen)).toBe(await postsShown(helen));
      await j.check(helen, 'reply shown after the unlock');
    });
  }, LONG_JOURNEY_MS);

  it('gives pages opened while the thread was locked, on a live unlock, what a fresh page has: the reply form with its text kept, and a Reply link on each post, for a learner, staff and the author', async () => {
    await suite.journey('live unlock of pages opened locked', async (j) => {
      // Its own words: the same thread posted again would be taken for a repeat and lead to the first.
      const { lee, threadPath } = await leePostsThread(j, suite.server.db, 'Busy afternoons', 'How do you keep calm when the queue reaches the door?');
      await reply(j, lee, threadPath, 'I count the books, not the people.');
      const ada = await adaOpens(j, threadPath);
      await setLock(ada, 'Lock', 'Taking a pause');
      await j.check(ada, 'thread locked');

      // Sam, Helen and Lee (the author) open the thread while it is locked: no form, no Reply links.
      const { sam, helen } = await samAndHelenWatch(j, threadPath);
      await reopen(j, lee, threadPath, "Lee's thread, locked");
      for (const page of [sam, helen, lee]) {
        expect(await page.getByRole('button', { name: 'Post reply' }).count()).toBe(0);
        expect(await visibleReplyLinks(page)).toBe(0);
      }

      await setLock(ada, 'Unlock', 'Calmer now');
      await j.check(ada, 'thread unlocked');

      // What Sam types in the form that came back is kept, as on a fresh page.
      await expectVisible(sam.getByRole('button', { name: 'Post reply' }));
      await sam.getByLabel('Your reply').fill('By the local history shelves.');
      const threadId = threadPath.split('/').pop();
      await sam.waitForFunction((end) => Object.keys(localStorage).some((k) => k.startsWith('kindred-draft:') && k.endsWith(`:${end}`)), `reply:${threadId}`, { timeout: 10_000 });

      // Each page now offers a Reply link on every post, as a fresh page would.
      for (const [page, name] of [[sam, 'learner'], [helen, 'staff'], [lee, 'author']] as const) {
        await expectVisible(page.getByRole('button', { name: 'Post reply' }));
        expect(await visibleReplyLinks(page)).toBe(await postsShown(page));
        await j.check(page, `unlocked live, ${name}`);
      }
    });
  }, LONG_JOURNEY_MS);
});

describe('a post replaced live while a moderator types, in the browser', () => {
  it('keeps the reason being typed and the focus in it when someone else edits the post', async () => {
    await suite.journey('live edit under a typed reason', async (j) => {
      const { lee, threadPath, postId } = await leePostsThread(j, suite.server.db, 'Late returns', 'Our manager Dana Whitcombe fines us for late returns.');
      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await watchThread(j, helen, watchConnections(helen), threadPath, "Helen's thread");

      const post = helen.locator(`#post-${postId}`);
      await post.getByText('Moderate').click();
      const reason = post.getByLabel('Reason for hiding (the author sees it)');
      await reason.fill('Names a manag');

      // Lee edits the post in his own page: Helen's copy changes under her hands.
      await lee.locator(`#post-${postId}`).getByRole('link', { name: /^Edit/ }).click();
      await lee.waitForURL(/\/edit$/);
      await j.check(lee, 'edit post');
      await lee.getByLabel('Your post').fill('Our manager fines us for late returns.');
      await Promise.all([lee.waitForURL(/\/threads\/\d+/), lee.getByRole('button', { name: 'Save changes' }).click()]);
      await j.check(lee, 'post edited');

      await expectVisible(post.getByText('edited', { exact: true }));
      expect(await post.getByLabel('Reason for hiding (the author sees it)').inputValue()).toBe('Names a manag');
      expect(await helen.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reason');
      await helen.keyboard.type('er');
      expect(await post.getByLabel('Reason for hiding (the author sees it)').inputValue()).toBe('Names a manager');
      await j.check(helen, 'edited live, reason kept');
    });
  }, LONG_JOURNEY_MS);
});

describe('live pinning seen from the board, in the browser', () => {
  it('offers a board page the new order when a thread on it is pinned elsewhere', async () => {
    await suite.journey('live pin on the board', async (j) => {
      const { db } = suite.server;
      const { threadPath, sessionId } = await leePostsThread(j, db, 'Shelving by colour', 'Has anyone tried shelving the children’s corner by colour?');
      // A newer thread, so Lee's comes second until it is pinned.
      const session = await db('course_sessions').where({ id: sessionId }).first('course_id');
      const samId = (await db('users').where({ email: 'sam@kindred.test' }).first('id')).id;
      await createThread(db, { sessionId, courseId: session.course_id, authorId: samId, title: 'Evening desk swaps', body: 'Anyone free to swap a Thursday?' });

      const sam = await j.newPage();
      await logInAs(j, sam, 'sam@kindred.test');
      await j.check(sam, 'dashboard');
      await watchThread(j, sam, watchConnections(sam), `/sessions/${sessionId}/weeks/1/discussion`, "Sam's board");
      const firstTitle = () => sam.locator('.thread-title').first().textContent();
      expect(await firstTitle()).toBe('Evening desk swaps');

      const ada = await adaOpens(j, threadPath);
      await ada.getByText('Moderate this thread', { exact: true }).click();
      await Promise.all([ada.waitForURL(/\/threads\/\d+/), ada.waitForEvent('load'), ada.getByRole('button', { name: 'Pin', exact: true }).click()]);
      await j.check(ada, 'thread pinned');

      await expectVisible(sam.getByText('Pinned threads changed on this board —'));
      await j.check(sam, 'board told of the pin');
      await Promise.all([sam.waitForEvent('load'), sam.getByRole('button', { name: 'Show' }).click()]);
      await j.check(sam, 'board in its new order');
      expect(await firstTitle()).toBe('Shelving by colour');
    });
  }, LONG_JOURNEY_MS);
});
