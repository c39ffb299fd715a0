import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { e2eSuite, expectVisible, horizontalOverflow, logInAs, submitUnchecked, tabTo, uniqueEmail } from '../helpers/e2e-suite';
import type { Journey } from '../helpers/e2e-browser';

const suite = e2eSuite();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** From the dashboard to the running cohort's overview, as the learner would click. */
async function openRunningSession(j: Journey, page: Page): Promise<string> {
  await page.getByRole('link', { name: /Open the session/ }).first().click();
  await page.waitForURL(/\/sessions\/\d+$/);
  await j.check(page, 'session overview');
  return /\/sessions\/(\d+)$/.exec(page.url())![1];
}

/** The demo learner's toolkit in the running cohort, reached as they would; returns the session id. */
async function openOwnToolkit(j: Journey, page: Page): Promise<string> {
  await logInAs(j, page, 'learner@kindred.test');
  await j.check(page, 'dashboard');
  const sessionId = await openRunningSession(j, page);
  await j.visit(page, `/sessions/${sessionId}/toolkit`, 'toolkit');
  return sessionId;
}

// Each section's own form: its text box and the button next to it (not the reading ideas).
const entryForm = (page: Page) => page.locator('form').filter({ has: page.getByLabel(/^Add an entry to/) }).first();

async function addToolkitEntry(page: Page, sessionId: string, text: string): Promise<void> {
  await entryForm(page).getByLabel(/^Add an entry to/).fill(text);
  await Promise.all([page.waitForURL(`**/sessions/${sessionId}/toolkit*`), entryForm(page).getByRole('button', { name: /^Add to my toolkit under “/ }).click()]);
}

async function noSideScroll(page: Page, where: string): Promise<void> {
  expect({ where, overflow: await horizontalOverflow(page) }).toEqual({ where, overflow: 0 });
}

describe('the learner journey in the browser', () => {
  it('lets a visitor read the course page, register and enrol in the next session', async () => {
    await suite.journey('visitor enrols', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/', 'home');
      await page.getByRole('link', { name: 'Overcoming Compassion Fatigue in Library Work' }).first().click();
      await page.waitForURL(/\/courses\/[\w-]+$/);
      await j.check(page, 'course page');
      const coursePath = new URL(page.url()).pathname;
      await expectVisible(page.getByRole('heading', { name: 'Upcoming sessions' }));

      await page.getByRole('link', { name: /^Log in to enrol/ }).first().click();
      await page.waitForURL('**/login');
      await j.check(page, 'login asked for');
      await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();
      await page.waitForURL('**/register');
      await j.check(page, 'register');
      await page.getByLabel('Your full name').fill('Nia Newcomer');
      await page.getByLabel('Email address').fill(uniqueEmail('newcomer'));
      await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
      await Promise.all([page.waitForURL((u) => u.pathname !== '/register'), page.getByRole('button', { name: 'Create account' }).click()]);
      await j.check(page, 'after registering');

      if (new URL(page.url()).pathname !== coursePath) await j.visit(page, coursePath, 'course page again');
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: /^Enrol/ }).first().click()]);
      await expectVisible(page.getByText(/You are enrolled in Overcoming Compassion Fatigue/));
      await j.check(page, 'dashboard enrolled');
      await expectVisible(page.getByRole('heading', { name: 'Your sessions' }));

      // Withdrawing asks first; going back keeps the place.
      await page.getByRole('link', { name: /^Withdraw/ }).first().click();
      await page.waitForURL(/\/sessions\/\d+\/withdraw$/);
      await j.check(page, 'withdraw?');
      await expectVisible(page.getByRole('heading', { name: 'Withdraw from this session' }));
      await page.goBack();
      await expectVisible(page.getByRole('link', { name: /^Withdraw/ }).first());
    });
  });

  it('works through week 1: readings done, a reflection that survives a reload, a PDF attached, submitted', async () => {
    await suite.journey('learner week 1', async (j) => {
      const page = await j.newPage();
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      const sessionId = await openRunningSession(j, page);

      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/calendar`), page.getByRole('link', { name: 'Add the session’s dates to your calendar' }).click()]);
      await j.check(page, 'calendar choices');
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/calendar`), page.getByRole('button', { name: 'Make a subscription link' }).click()]);
      expect(await page.getByLabel(/Or copy this link/).inputValue()).toMatch(/\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
      await expectVisible(page.getByRole('link', { name: 'Subscribe in your calendar app' }));
      await j.check(page, 'calendar subscription link');
      await page.goto(`/sessions/${sessionId}`);
      await j.check(page, 'session overview again');

      await page.getByRole('link', { name: /^Week 1:/ }).first().click();
      await page.waitForURL(`**/sessions/${sessionId}/weeks/1`);
      await j.check(page, 'week 1');
      const doneButtons = page.getByRole('button', { name: /^Mark as done/ });
      const readings = await doneButtons.count();
      expect(readings).toBeGreaterThan(0);
      for (let i = 0; i < readings; i++) {
        await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/1*`), doneButtons.first().click()]);
        await page.waitForLoadState('load');
      }
      await expectVisible(page.getByText('Marked as done. Well done.'));
      expect(await page.getByRole('button', { name: /^Undo/ }).count()).toBe(readings);
      await j.check(page, 'week 1 readings done');

      await page.getByRole('link', { name: 'Write or read your reflection' }).click();
      await page.waitForURL(`**/sessions/${sessionId}/weeks/1/reflection`);
      await j.check(page, 'reflection');
      const words = 'The hardest moment this week was a patron in tears at the desk. I noticed my shoulders tighten.';
      await expectVisible(page.getByText('No words yet.'));
      await page.getByLabel('Your reflection').fill(words);
      await expectVisible(page.getByText('18 words so far.'));
      await expectVisible(page.getByText(/^Saved at /));
      await page.reload();
      await j.check(page, 'reflection after reload');
      expect(await page.getByLabel('Your reflection').inputValue()).toBe(words);
      await expectVisible(page.getByText('18 words so far.'));

      // The same reflection open on a phone, then written on in both: the window behind keeps nothing from being lost.
      const phone = await j.newPage();
      await logInAs(j, phone, 'learner@kindred.test');
      await j.check(phone, 'dashboard on a phone');
      await j.visit(phone, `/sessions/${sessionId}/weeks/1/reflection`, 'reflection on a phone');
      const more = `${words} Later I took a walk at lunch.`;
      await page.getByLabel('Your reflection').fill(more);
      await expectVisible(page.getByText(/^Saved at /));
      await phone.getByLabel('Your reflection').fill('A note from the bus.');
      await expectVisible(phone.getByText(/Another window had saved different text here/));
      await page.reload();
      await expectVisible(page.getByRole('heading', { name: 'Text set aside' }));
      await expectVisible(page.getByText(more));
      await j.check(page, 'reflection with text set aside');
      // Removing it asks first; the learner keeps it after all, then removes it.
      await page.getByRole('link', { name: /^Remove this text/ }).click();
      await page.waitForURL(/\/reflection\/set-aside\/\d+\/delete$/);
      await j.check(page, 'remove the text set aside?');
      await expectVisible(page.getByText(more));
      await page.getByRole('link', { name: 'Cancel, keep it' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Text set aside' }));
      await page.getByRole('link', { name: /^Remove this text/ }).click();
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/1/reflection`), page.getByRole('button', { name: 'Yes, remove the text' }).click()]);
      await expectVisible(page.getByText('The text set aside is removed.'));
      expect(await page.getByRole('heading', { name: 'Text set aside' }).count()).toBe(0);
      await page.getByLabel('Your reflection').fill(words);

      await page.getByLabel('File 1').setInputFiles({ name: 'my-notes.pdf', mimeType: 'application/pdf', buffer: PDF });
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/1/reflection`), page.getByRole('button', { name: 'Submit reflection' }).click()]);
      await expectVisible(page.getByText('Your reflection is submitted.'));
      await expectVisible(page.getByRole('heading', { name: 'Your submitted reflection' }));
      await expectVisible(page.getByText(words));
      await expectVisible(page.getByRole('link', { name: /my-notes\.pdf/ }));
      await j.check(page, 'reflection submitted');

      // The end-of-course evaluation waits for the last week.
      await j.visit(page, `/sessions/${sessionId}/evaluation`, 'evaluation not open yet');
      await expectVisible(page.getByText(/it opens with the last week: week \d, on/));
    });
  });

  it('posts in the week 1 discussion and sees a second learner’s reply arrive live', async () => {
    await suite.journey('discussion live', async (j) => {
      const lee = await j.newPage();
      await logInAs(j, lee, 'learner@kindred.test');
      await j.check(lee, 'dashboard');
      const sessionId = await openRunningSession(j, lee);
      await j.visit(lee, `/sessions/${sessionId}/weeks/1/discussion`, 'discussion board');
      const title = `Small rituals after a hard shift ${Date.now()}`;
      await lee.getByLabel('Title').fill(title);
      // The browser does not stop an empty post itself: the server's message stays next to the field.
      await Promise.all([lee.waitForURL(/\/discussion\/threads$/), lee.getByRole('button', { name: 'Post thread' }).click()]);
      await j.check(lee, 'empty post refused');
      await expectVisible(lee.locator('#field-body-error', { hasText: 'Please write something before posting.' }));
      expect(await lee.getByLabel('Your post').getAttribute('aria-describedby')).toContain('field-body-error');
      expect(await lee.getByLabel('Title').inputValue()).toBe(title);
      await lee.getByLabel('Your post').fill('I make tea and *breathe* before going home. What helps you?');
      await Promise.all([lee.waitForURL(/\/threads\/\d+/), lee.getByRole('button', { name: 'Post thread' }).click()]);
      await j.check(lee, 'thread posted');
      const threadPath = new URL(lee.url()).pathname;
      await expectVisible(lee.getByRole('heading', { name: title, level: 1 }));
      await expectVisible(lee.locator('em', { hasText: 'breathe' }));
      // The live script is loaded; Sam's steps below take seconds, long enough for it to join the room.
      await lee.waitForFunction(() => 'io' in window && document.getElementById('live-bar') !== null);

      const sam = await j.newPage();
      await logInAs(j, sam, 'sam@kindred.test');
      await j.check(sam, 'dashboard');
      await j.visit(sam, `/sessions/${sessionId}/weeks/1/discussion`, 'discussion board');
      await sam.getByRole('link', { name: title }).click();
      await sam.waitForURL(`**${threadPath}*`);
      await j.check(sam, 'thread');
      await Promise.all([sam.waitForURL(`**${threadPath}/replies`), sam.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(sam, 'empty reply refused');
      await expectVisible(sam.locator('#field-body-error', { hasText: 'Please write something before posting.' }));
      await sam.getByLabel('Your reply').fill('A short walk round the block. Thank you for asking.');
      await Promise.all([sam.waitForURL(`**${threadPath}*`), sam.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(sam, 'reply posted');

      // Lee has not reloaded: the reply waits behind the live bar.
      await expectVisible(lee.getByText('1 new reply —'));
      await lee.getByRole('button', { name: 'Show' }).click();
      await expectVisible(lee.getByText('A short walk round the block.'));
      await j.check(lee, 'reply arrived live');

      // A reply to Sam's reply arrives live in its nested place, before Lee's later reply to the thread.
      const samsPost = await lee.locator('article', { hasText: 'A short walk round the block.' }).getAttribute('data-post-id');
      await lee.getByLabel('Your reply').fill('Thank you both, I will try the walk.');
      await Promise.all([lee.waitForURL(`**${threadPath}*`), lee.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(lee, 'own reply posted');
      await lee.waitForFunction(() => 'io' in window && document.getElementById('live-bar') !== null);
      await j.visit(sam, `${threadPath}?reply_to=${samsPost}#reply`, 'replying to a reply');
      await expectVisible(sam.getByText('You are replying to'));
      await sam.getByLabel('Your reply').fill('Walking with a colleague helps me more than walking alone.');
      await Promise.all([sam.waitForURL(`**${threadPath}*`), sam.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(sam, 'nested reply posted');
      await expectVisible(lee.getByText('1 new reply —'));
      await lee.getByRole('button', { name: 'Show' }).click();
      const nested = lee.locator('article', { hasText: 'Walking with a colleague' });
      await expectVisible(nested);
      expect(await nested.getAttribute('class')).toContain('post-level-2');
      const order = await lee.locator('#posts > article').evaluateAll((posts) => posts.map((p) => p.textContent ?? ''));
      const at = (text: string) => order.findIndex((t) => t.includes(text));
      expect(at('A short walk round the block.')).toBeLessThan(at('Walking with a colleague'));
      expect(at('Walking with a colleague')).toBeLessThan(at('I will try the walk.'));
      await j.check(lee, 'nested reply arrived live in its place');

      // Sam finds Lee's thread again by a word of it, from the discussion page, and goes to the post.
      await j.visit(sam, `/sessions/${sessionId}/discussions`, 'discussions');
      await sam.getByLabel('Search this session’s discussion').fill('rituals');
      await Promise.all([sam.waitForURL(/\/discussions\/search\?q=rituals/), sam.getByRole('button', { name: 'Search' }).click()]);
      await expectVisible(sam.locator('mark', { hasText: 'rituals' }).first());
      await j.check(sam, 'search results');
      await Promise.all([sam.waitForURL(`**${threadPath}*`), sam.getByRole('link', { name: title }).first().click()]);
      await j.check(sam, 'thread from search');

      // On the first page of a long thread, a new reply that belongs on the last page is only counted.
      const threadId = Number(threadPath.split('/').pop());
      const db = suite.server.db;
      const opening = await db('discussion_posts').where({ thread_id: threadId }).whereNull('parent_id').first('id', 'author_id');
      const filler = Array.from({ length: 50 }, (_, i) => ({ thread_id: threadId, parent_id: opening.id, author_id: opening.author_id, depth: 1, body_md: `Earlier reply ${i}`, body_html: `<p>Earlier reply ${i}</p>` }));
      await db('discussion_posts').insert(filler);
      await db('discussion_posts').where({ thread_id: threadId, depth: 1 }).whereNull('top_post_id').update({ top_post_id: db.ref('id') });
      await j.visit(lee, threadPath, 'first page of a long thread');
      await expectVisible(lee.getByRole('link', { name: 'Next page' }));
      await lee.waitForFunction(() => 'io' in window && document.getElementById('live-bar') !== null);
      await j.visit(sam, threadPath, 'long thread');
      await sam.getByLabel('Your reply').fill('Coming back to this thread a week later: still walking.');
      await Promise.all([sam.waitForURL(`**${threadPath}*`), sam.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(sam, 'reply on the last page');
      await expectVisible(lee.getByText('1 new reply on other pages of this thread.'));
      expect(await lee.locator('#live-bar-inner').isHidden()).toBe(true);
      expect(await lee.getByText('still walking').count()).toBe(0);
      await j.check(lee, 'reply on another page counted');
    });
  });

  it('builds toolkit entries and downloads the toolkit as a PDF', async () => {
    await suite.journey('toolkit', async (j) => {
      const page = await j.newPage();
      const sessionId = await openOwnToolkit(j, page);
      for (const text of ['Ten slow breaths before I open the doors.', 'Ask a colleague to swap desks for an hour.']) {
        await addToolkitEntry(page, sessionId, text);
        await expectVisible(page.getByText(text));
        await j.check(page, 'toolkit with an entry');
      }
      await expectVisible(page.getByText(/2 entries/));

      // The toolkit open on a phone too, and written in both: the window behind sets the newer draft aside.
      const phone = await j.newPage();
      await logInAs(j, phone, 'learner@kindred.test');
      await j.check(phone, 'dashboard on a phone');
      await j.visit(phone, `/sessions/${sessionId}/toolkit`, 'toolkit on a phone');
      const draft = 'Leave the desk for five minutes after a hard conversation.';
      await entryForm(page).getByLabel(/^Add an entry to/).fill(draft);
      await expectVisible(entryForm(page).getByText(/^Saved at /));
      await entryForm(phone).getByLabel(/^Add an entry to/).fill('Text from the bus.');
      await expectVisible(entryForm(phone).getByText(/Another window had saved different text here/));
      await page.reload();
      await expectVisible(page.getByRole('heading', { name: 'Text set aside' }));
      await expectVisible(page.getByText(draft));
      await j.check(page, 'toolkit with text set aside');
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/toolkit*`), page.getByRole('button', { name: /^Add as an entry/ }).click()]);
      await expectVisible(page.getByText(/3 entries/));
      expect(await page.getByRole('heading', { name: 'Text set aside' }).count()).toBe(0);
      await j.check(page, 'toolkit with the text set aside added');

      // Dragging the last entry to the top saves the order and says, at the entry, where it went.
      const entries = page.locator('ol.toolkit-entries').first().locator('li.toolkit-entry');
      const last = (await entries.nth(2).innerText()).split('\n')[0];
      await entries.nth(2).dragTo(entries.nth(0));
      await expectVisible(page.getByText(/^Moved: “.*” is now number 1 of 3\.$/));
      expect(page.url()).toMatch(/#entry-\d+-status$/);
      expect((await entries.nth(0).innerText())).toContain(last);
      await j.check(page, 'toolkit after dragging an entry to the top');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as PDF' }).click()]);
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    });
  });

  it('asks before deleting, explains a week not yet open, and hands back an expired form', async () => {
    await suite.journey('confirmations and kind refusals', async (j) => {
      const page = await j.newPage();
      const sessionId = await openOwnToolkit(j, page);
      const text = 'A walk at lunch, phone left in the drawer.';
      await addToolkitEntry(page, sessionId, text);
      await j.check(page, 'toolkit with the new entry');
      await page.locator('li').filter({ hasText: text }).getByRole('link', { name: /^Delete/ }).click();
      await page.waitForURL(/\/toolkit\/entries\/\d+\/delete$/);
      await j.check(page, 'delete an entry?');
      await expectVisible(page.getByText(text));
      // The same question open in a second tab, answered there after the first tab has deleted the entry.
      const second = await j.newTab(page.context());
      await j.visit(second, new URL(page.url()).pathname, 'delete an entry? in a second tab');
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/toolkit*`), page.getByRole('button', { name: 'Yes, delete the entry' }).click()]);
      await j.check(page, 'toolkit after deleting');
      expect(await page.getByText(text).count()).toBe(0);
      expect(await submitUnchecked(second, second.getByRole('button', { name: 'Yes, delete the entry' }))).toBe(404);
      await expectVisible(second.getByRole('heading', { name: 'That entry is no longer in your toolkit', level: 1 }));
      await expectVisible(second.getByText('It may have been deleted already, with a second click or in another window, so there was nothing more to do.'));
      await j.check(second, 'entry already deleted');
      await Promise.all([second.waitForURL(`**/sessions/${sessionId}/toolkit`), second.getByRole('link', { name: 'Back to your toolkit' }).click()]);
      await j.check(second, 'toolkit after the second delete');

      // A form whose token has gone stale (as after being logged out) hands the text back.
      const kept = 'Words I would hate to lose.';
      await entryForm(page).getByLabel(/^Add an entry to/).fill(kept);
      await entryForm(page).evaluate((form) => form.querySelector<HTMLInputElement>('input[name="_csrf"]')!.setAttribute('value', 'stale'));
      await entryForm(page).getByRole('button', { name: /^Add to my toolkit under “/ }).click();
      await expectVisible(page.getByRole('heading', { name: 'This form had expired' }));
      await j.check(page, 'form expired');
      expect(await page.locator('textarea[readonly]').first().inputValue()).toBe(kept);

      await j.visit(page, `/sessions/${sessionId}/weeks/4`, 'a week not yet open');
      await expectVisible(page.getByText(/opens/).first());

    });
  });

  it('reaches every step of a week with the keyboard alone (Tab, Enter, Space)', async () => {
    await suite.journey('learner keyboard only', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/login', 'login');
      await tabTo(page, /^Email address$/);
      await page.keyboard.type('sam@kindred.test');
      await tabTo(page, /^Password$/);
      await page.keyboard.type('kindred-demo');
      await Promise.all([page.waitForURL('**/dashboard'), page.keyboard.press('Enter')]);
      await j.check(page, 'dashboard');

      await tabTo(page, /^Open the session/);
      await Promise.all([page.waitForURL(/\/sessions\/\d+$/), page.keyboard.press('Enter')]);
      await j.check(page, 'session overview');
      const sessionId = /\/sessions\/(\d+)$/.exec(page.url())![1];

      await tabTo(page, /^Week 2:/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/2`), page.keyboard.press('Enter')]);
      await j.check(page, 'week 2');
      await tabTo(page, /^Mark as done/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/2*`), page.keyboard.press('Space')]);
      await expectVisible(page.getByText('Marked as done. Well done.'));
      await j.check(page, 'reading done');

      await tabTo(page, /^Write or read your reflection/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/2/reflection`), page.keyboard.press('Enter')]);
      await j.check(page, 'reflection');
      await tabTo(page, /^Your reflection$/);
      await page.keyboard.type('Typed with the keyboard only: I noticed I skip lunch on busy days.');
      await tabTo(page, /^Submit reflection$/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/weeks/2/reflection`), page.keyboard.press('Enter')]);
      await expectVisible(page.getByText('Your reflection is submitted.'));
      await j.check(page, 'reflection submitted');

      // The end-of-course evaluation waits for the last week.
      await j.visit(page, `/sessions/${sessionId}/evaluation`, 'evaluation not open yet');
      await expectVisible(page.getByText(/it opens with the last week: week \d, on/));

      await tabTo(page, /^My toolkit$/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/toolkit`), page.keyboard.press('Enter')]);
      await j.check(page, 'toolkit');
      await tabTo(page, /^Add an entry to/);
      await page.keyboard.type('Eat lunch away from the desk.');
      await tabTo(page, /^Add to my toolkit under “/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/toolkit*`), page.keyboard.press('Space')]);
      await expectVisible(page.getByText('Eat lunch away from the desk.'));
      await j.check(page, 'toolkit entry added');

      await tabTo(page, /^Discussion$/);
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/discussions`), page.keyboard.press('Enter')]);
      await j.check(page, 'discussions');
      await tabTo(page, /Week 2/);
      await Promise.all([page.waitForURL(/\/discussion$/), page.keyboard.press('Enter')]);
      await j.check(page, 'week 2 discussion');
      await tabTo(page, /^Title$/);
      await page.keyboard.type('Lunch breaks');
      await tabTo(page, /^Your post$/);
      await page.keyboard.type('Does anyone else eat at the desk?');
      await tabTo(page, /^Post thread$/);
      await Promise.all([page.waitForURL(/\/threads\/\d+/), page.keyboard.press('Enter')]);
      await expectVisible(page.getByRole('heading', { name: 'Lunch breaks' }));
      await j.check(page, 'thread posted');
    });
  });

  it('works at a 375 px wide viewport with no horizontal scrolling', async () => {
    await suite.journey('learner on a phone', async (j) => {
      const page = await j.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      await logInAs(j, page, 'sam@kindred.test');
      await j.check(page, 'dashboard');
      await noSideScroll(page, 'dashboard');
      const sessionId = await openRunningSession(j, page);
      await noSideScroll(page, 'session overview');
      for (const [path, name] of [
        [`/sessions/${sessionId}/weeks/1`, 'week 1'],
        [`/sessions/${sessionId}/weeks/1/reflection`, 'reflection'],
        [`/sessions/${sessionId}/weeks/1/discussion`, 'discussion board'],
        [`/sessions/${sessionId}/toolkit`, 'toolkit'],
        ['/courses', 'catalogue'],
      ] as const) {
        await j.visit(page, path, name);
        await noSideScroll(page, name);
      }
      await j.visit(page, `/sessions/${sessionId}/weeks/1`, 'week 1 again');
      await Promise.all([page.waitForURL(`**/weeks/1*`), page.getByRole('button', { name: /^Mark as done/ }).first().tap()]);
      await expectVisible(page.getByText('Marked as done. Well done.'));
      await j.check(page, 'reading done on a phone');
      await noSideScroll(page, 'week 1 after marking');
    });
  });
});
