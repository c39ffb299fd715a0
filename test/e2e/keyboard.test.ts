import type { Page } from 'playwright-core';
import { e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';

// What axe cannot see: where focus goes for someone on the keyboard or a screen reader, after a
// skip link, a refused form, and a script changing the page under them.
const suite = e2eSuite();

/** The focused element, described: tag, id and text, or "body" when focus was lost. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()}#${el.id} ${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}`;
  });
}

/** Resolves once the page's live connection has been let into its room. */
function joinedRoom(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        if (/^43\d+\[\{"ok":true\}\]$/.test(String(payload))) resolve();
      });
    });
  });
}

async function runningSessionId(): Promise<number> {
  const row = await suite.server.db('enrolments as e').join('users as u', 'u.id', 'e.user_id').where('u.email', 'learner@kindred.test').first('e.course_session_id as id');
  return row.id;
}

describe('focus for keyboard and screen reader users', () => {
  it('lands on main after the skip link, on the error summary after a refused reflection, and stays in a thread that changes live', async () => {
    await suite.journey('keyboard focus', async (j) => {
      const lee = await j.newPage();
      await logInAs(j, lee, 'learner@kindred.test');
      await j.check(lee, 'dashboard');
      const reflection = `/sessions/${await runningSessionId()}/weeks/2/reflection`;
      await j.visit(lee, reflection, 'reflection');

      await lee.keyboard.press('Tab');
      expect(await focused(lee)).toBe('a# Skip to main content');
      await lee.keyboard.press('Enter');
      expect(await focused(lee)).toMatch(/^main#main /);

      // Sent empty: the page opens at the form's #write, and focus must still reach the summary.
      await lee.getByRole('button', { name: 'Submit reflection' }).focus();
      await Promise.all([lee.waitForEvent('load'), lee.keyboard.press('Enter')]);
      await expectVisible(lee.getByText('Please check the field marked below.'));
      await j.check(lee, 'reflection refused');
      expect(await focused(lee)).toMatch(/^div#form-errors Please check the field marked below\./);
      expect(await lee.getByLabel('Your reflection').getAttribute('aria-invalid')).toBe('true');

      const thread = await suite.server.db('discussion_threads').where({ title: 'The patron I keep thinking about' }).first('id');
      const post = await suite.server.db('discussion_posts').where({ thread_id: thread.id }).orderBy('id').first('id');
      const threadPath = `/threads/${thread.id}`;
      const leeJoined = joinedRoom(lee);
      await j.visit(lee, threadPath, 'thread');
      await leeJoined;
      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await j.visit(helen, threadPath, "Helen's thread");

      // Lee is on the post's Reply link when Helen hides the post.
      await lee.locator(`#post-${post.id} .post-actions a`).first().focus();
      const before = await focused(lee);
      expect(before).toMatch(/^a# Reply to /);
      const moderated = helen.locator(`#post-${post.id}`);
      await moderated.locator('summary').click();
      await moderated.getByLabel('Reason for hiding (the author sees it)').fill('Names a patron.');
      await Promise.all([helen.waitForURL(`**${threadPath}*`), moderated.getByRole('button', { name: 'Hide' }).click()]);
      await j.check(helen, 'post hidden');
      await expectVisible(lee.locator(`#post-${post.id}`).getByText('This post was hidden by a moderator.'));
      await j.check(lee, 'post hidden live');
      expect(await focused(lee)).toBe(before);

      // A reply from Helen waits behind "Show"; pressing it takes Lee to the new post.
      await helen.getByLabel('Your reply').fill('Thank you all for being so careful here.');
      await Promise.all([helen.waitForURL(`**${threadPath}*`), helen.getByRole('button', { name: 'Post reply' }).click()]);
      await j.check(helen, 'reply posted');
      await expectVisible(lee.getByText('1 new reply —'));
      await lee.getByRole('button', { name: 'Show' }).focus();
      await lee.keyboard.press('Enter');
      await expectVisible(lee.getByText('being so careful here'));
      await j.check(lee, 'reply shown');
      expect(await focused(lee)).toMatch(/^article#post-\d+ Helen Rimmer/);

      // A reply already on the page when "Show" is pressed (here put there by hand): focus lands on it, not the page's start.
      await helen.getByLabel('Your reply').fill('One more thought on this.');
      await Promise.all([helen.waitForURL(`**${threadPath}*`), helen.getByRole('button', { name: 'Post reply' }).click()]);
      await expectVisible(lee.getByText('1 new reply —'));
      const shownId = await lee.evaluate(async (path) => {
        const fresh = new DOMParser().parseFromString(await (await fetch(path)).text(), 'text/html');
        const newest = Array.from(fresh.querySelectorAll('#posts article[data-order]')).find((a) => !document.getElementById(a.id))!;
        document.getElementById('posts')!.append(document.importNode(newest, true));
        return newest.id;
      }, threadPath);
      await lee.getByRole('button', { name: 'Show' }).focus();
      await lee.keyboard.press('Enter');
      expect(await focused(lee)).toMatch(new RegExp(`^article#${shownId} Helen Rimmer`));
    });
  });
});
