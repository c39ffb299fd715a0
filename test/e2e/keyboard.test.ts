import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { allButTheFirstReflection, certificateIssued, courseOpenForEnrolment, e2eSuite, expectVisible, logInAs, tabTo } from '../helpers/e2e-suite';
import { pdfBytes } from '../helpers/reflections-factories';

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

  it('takes a learner from the public course page through enrolment, a reflection with a file and their certificate with Tab, Shift+Tab, Enter and Space alone', async () => {
    const { db } = suite.server;
    const c = await courseOpenForEnrolment(db, 'Keyboard Calm at the Desk');

    await suite.journey('keyboard learner from course page to certificate', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/courses', 'catalogue');
      await tabTo(page, /^Keyboard Calm at the Desk$/);
      await Promise.all([page.waitForURL(`**/courses/${c.course.slug}`), page.keyboard.press('Enter')]);
      await j.check(page, 'course page');

      await tabTo(page, /^Log in to enrol/);
      await Promise.all([page.waitForURL('**/login'), page.keyboard.press('Enter')]);
      await j.check(page, 'login asked for');
      await tabTo(page, /^Email address$/);
      await page.keyboard.type(c.learner.email);
      await tabTo(page, /^Password$/);
      await page.keyboard.type(c.learner.password);
      await Promise.all([page.waitForURL(`**/courses/${c.course.slug}#session-${c.sessionId}`), page.keyboard.press('Enter')]);
      await expectVisible(page.getByText('You are logged in. Choose “Enrol” to take your seat.'));
      await j.check(page, 'course page, logged in');
      await tabTo(page, /^Enrol in the session/);
      await Promise.all([page.waitForURL('**/dashboard'), page.keyboard.press('Enter')]);
      await expectVisible(page.getByText('You are enrolled in Keyboard Calm at the Desk.', { exact: false }));
      await j.check(page, 'dashboard enrolled');
      const enrolmentId = await allButTheFirstReflection(db, c);

      await tabTo(page, /^Open the session/);
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}`), page.keyboard.press('Enter')]);
      await j.check(page, 'session overview');
      await tabTo(page, /^Week 1:/);
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1`), page.keyboard.press('Enter')]);
      await j.check(page, 'week 1');
      await tabTo(page, /^Write or read your reflection/);
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1/reflection`), page.keyboard.press('Enter')]);
      await j.check(page, 'reflection');

      // The file box opens the system's file chooser on Space; the file chosen there is attached.
      await tabTo(page, /^File 1$/);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles({ name: 'desk-notes.pdf', mimeType: 'application/pdf', buffer: pdfBytes('keyboard notes') });
      await tabTo(page, /^Your reflection$/, { back: true });
      await page.keyboard.type('Typed with the keyboard alone: I breathe out before I answer the phone.');
      await tabTo(page, /^Submit reflection$/);
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1/reflection`), page.keyboard.press('Enter')]);
      await expectVisible(page.getByText('Your reflection is submitted.'));
      await expectVisible(page.getByRole('link', { name: /desk-notes\.pdf/ }));
      await j.check(page, 'reflection submitted with a file');

      // That was the last step: the certificate is issued, and the dashboard offers it.
      await certificateIssued(db, enrolmentId);
      await tabTo(page, /^Dashboard$/);
      await Promise.all([page.waitForURL('**/dashboard'), page.keyboard.press('Enter')]);
      await j.check(page, 'dashboard with the certificate');
      await tabTo(page, /^Download your certificate \(PDF\)/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toMatch(/^certificate-.+\.pdf$/);
      expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});
