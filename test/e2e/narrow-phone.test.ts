import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Journey } from '../helpers/e2e-browser';
import { allButTheFirstReflection, certificateIssued, certifyDemoLearner, courseOpenForEnrolment, e2eSuite, expectVisible, horizontalOverflow, logInAs } from '../helpers/e2e-suite';
import { pdfBytes } from '../helpers/reflections-factories';

const suite = e2eSuite();
// A small phone; 160 px wide is the same phone at 200% zoom.
const phone = (width: number) => ({ viewport: { width, height: 740 } });

/** The page without the app's scripts, as with JavaScript off (axe, injected by the test, still runs). */
async function newPageWithoutScripts(j: Journey, width: number, deviceScaleFactor = 1): Promise<Page> {
  const page = await j.newPage({ ...phone(width), deviceScaleFactor });
  await page.route('**/*.js*', (route) => route.abort());
  return page;
}

async function noSideScroll(page: Page, where: string): Promise<void> {
  expect({ where, overflow: await horizontalOverflow(page) }).toEqual({ where, overflow: 0 });
}

async function runningSessionId(page: Page): Promise<string> {
  const href = await page.getByRole('link', { name: /^Open the session/ }).first().getAttribute('href');
  return /\/sessions\/(\d+)/.exec(href ?? '')![1];
}

describe('a learner on a 320 px phone without JavaScript', () => {
  it('sees the post they report at the page’s full width, a check-in scale on one line, and a check-in table that fits a 375 px phone', async () => {
    await suite.journey('narrow phone, no scripts', async (j) => {
      const page = await newPageWithoutScripts(j, 320);
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      const sessionId = await runningSessionId(page);

      await j.visit(page, `/sessions/${sessionId}/weeks/1/discussion`, 'discussion board');
      await page.locator('main').getByRole('link', { name: 'The patron I keep thinking about' }).click();
      await j.check(page, 'thread');
      // A post's actions are targets a thumb can hit: 44 px tall.
      const targets = await page.locator('.post-actions > a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
      expect(targets.length).toBeGreaterThan(0);
      expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
      await page.getByRole('link', { name: 'Report' }).first().click();
      await page.waitForURL(/\/posts\/\d+\/report$/);
      await j.check(page, 'report a post');
      await noSideScroll(page, 'report a post');
      // The quoted post lines up with the heading: no figure margins squeezing it to a narrow column.
      const [heading, summary] = await Promise.all([page.locator('h1').boundingBox(), page.locator('figure.post-summary').boundingBox()]);
      expect(Math.round(summary!.x)).toBe(Math.round(heading!.x));
      expect(summary!.width).toBeGreaterThan(280);

      await j.visit(page, `/sessions/${sessionId}/checkins`, 'check-in');
      await noSideScroll(page, 'check-in');
      const tops = await page.locator('fieldset.scale').first().locator('input[type=radio]').evaluateAll((radios) => radios.map((r) => Math.round(r.getBoundingClientRect().top)));
      expect(tops).toHaveLength(5);
      expect(new Set(tops).size).toBe(1);

      const wider = await newPageWithoutScripts(j, 375);
      await logInAs(j, wider, 'learner@kindred.test');
      await j.check(wider, 'dashboard at 375 px');
      await j.visit(wider, `/sessions/${sessionId}/checkins`, 'check-in at 375 px');
      const table = await wider.getByRole('region', { name: 'Your check-ins by week' }).evaluate((box) => ({ content: box.scrollWidth, box: box.clientWidth }));
      expect(table.content).toBeLessThanOrEqual(table.box);
      // The chart shrinks with the phone; its axis labels stay readable, and the last one stays inside it.
      const labels = await wider.locator('figure.trend-chart > svg').evaluate((svg) => {
        const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
        const right = svg.getBoundingClientRect().right;
        return Array.from(svg.querySelectorAll('.trend-grid text')).map((t) => ({ px: parseFloat(getComputedStyle(t).fontSize) * scale, inside: t.getBoundingClientRect().right <= right }));
      });
      expect(labels.length).toBeGreaterThan(5);
      for (const label of labels) expect(label).toEqual({ px: expect.any(Number), inside: true });
      expect(Math.min(...labels.map((l) => l.px))).toBeGreaterThanOrEqual(10);
    });
  });

  it('is told to press “Save draft” on a reflection when no script saves it, lands at the text after a refusal or a save, and is told it saves as they write when a script does', async () => {
    await suite.journey('reflection hint with and without scripts', async (j) => {
      const page = await newPageWithoutScripts(j, 320);
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      const reflection = `/sessions/${await runningSessionId(page)}/weeks/1/reflection`;
      await j.visit(page, reflection, 'reflection without scripts');
      await noSideScroll(page, 'reflection without scripts');
      const hint = (p: Page) => p.locator('#field-text-hint').innerText();
      expect(await hint(page)).toBe('Keep what you have written with the “Save draft” button below, and come back to it whenever you like. Take the time you need.');
      // Sent empty, the page opens at the box with the reason, not at the top of the long prompt.
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Submit reflection' }).click()]);
      await j.check(page, 'empty reflection refused');
      const reason = await page.locator('.field-error').getByText('Please write your reflection before submitting it.').boundingBox();
      expect(reason!.y).toBeGreaterThanOrEqual(0);
      expect(reason!.y + reason!.height).toBeLessThanOrEqual(740);
      // A saved draft comes back at the text too, saying when it was saved right under it.
      await page.getByLabel('Your reflection').fill('The evening desk, and what I carried home.');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save draft' }).click()]);
      await j.check(page, 'draft saved');
      const saved = await page.locator('[data-autosave-status]').boundingBox();
      expect(saved!.y + saved!.height).toBeLessThanOrEqual(740);
      expect(await page.getByLabel('Your reflection').inputValue()).toBe('The evening desk, and what I carried home.');

      const scripted = await j.newPage(phone(320));
      await logInAs(j, scripted, 'learner@kindred.test');
      await j.check(scripted, 'dashboard with scripts');
      await j.visit(scripted, reflection, 'reflection with scripts');
      expect(await hint(scripted)).toBe('Your draft is saved as you write (or with the “Save draft” button). Take the time you need.');
    });
  });

  it('rates the course for a review with five choices on one line', async () => {
    await suite.journey('review on a narrow phone', async (j) => {
      const page = await newPageWithoutScripts(j, 320);
      await logInAs(j, page, 'sam@kindred.test');
      await j.check(page, 'dashboard');
      const sessionId = Number(await runningSessionId(page));
      // Reviews open with a certificate: Sam has completed the course (written straight to the database).
      const sam = await certifyDemoLearner(suite.server.db, 'sam@kindred.test', sessionId, 'NARROWREVIEW0001');

      await j.visit(page, `/sessions/${sessionId}/review`, 'review');
      await noSideScroll(page, 'review');
      const tops = await page.getByRole('group', { name: 'Your rating' }).getByRole('radio').evaluateAll((radios) => radios.map((r) => Math.round(r.getBoundingClientRect().top)));
      expect(tops).toHaveLength(5);
      expect(new Set(tops).size).toBe(1);
      await page.getByRole('radio', { name: '4 stars' }).check();
      await page.getByLabel('Your review').fill('Gentle and practical.');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send my review' }).click()]);
      await j.check(page, 'review sent');
      expect(await suite.server.db('course_reviews').where({ user_id: sam.userId }).first('rating')).toEqual({ rating: 4 });
    });
  });

  it('sees, on a long toolkit page, why an empty entry or passage was refused, beside the box and on screen', async () => {
    await suite.journey('toolkit refusals on a narrow phone', async (j) => {
      const page = await newPageWithoutScripts(j, 320);
      await logInAs(j, page, 'sam@kindred.test');
      await j.check(page, 'dashboard');
      const toolkit = `/sessions/${await runningSessionId(page)}/toolkit`;
      const onScreen = async (text: string) => {
        const box = await page.locator('.field-error').getByText(text).boundingBox();
        expect({ text, top: box && box.y >= 0 && box.y + box.height <= 740 }).toEqual({ text, top: true });
      };

      await j.visit(page, toolkit, 'toolkit');
      const addForm = page.locator('form.toolkit-add').first();
      await Promise.all([page.waitForEvent('load'), addForm.getByRole('button', { name: /^Add to my toolkit under “/ }).click()]);
      await j.check(page, 'empty entry refused');
      await onScreen('Please write something for this entry.');

      await j.visit(page, toolkit, 'toolkit again');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add the passage to my toolkit' }).click()]);
      await j.check(page, 'empty passage refused');
      await onScreen('Please paste the passage you want to keep.');
    });
  });

  it('reads the privacy page without scrolling sideways at 200% zoom', async () => {
    await suite.journey('privacy page zoomed', async (j) => {
      const page = await newPageWithoutScripts(j, 160, 2);
      await j.visit(page, '/privacy', 'privacy at 200% zoom');
      await noSideScroll(page, 'privacy at 200% zoom');
    });
  });
});

describe('a learner on a 375 px phone', () => {
  it('goes from the public course page through enrolment, a reflection with a file and their certificate, with nothing scrolling sideways', async () => {
    const { db } = suite.server;
    const c = await courseOpenForEnrolment(db, 'Calm at the Desk, on a Phone');

    await suite.journey('phone learner from course page to certificate', async (j) => {
      const page = await j.newPage({ ...phone(375), isMobile: true, hasTouch: true });
      /** Checks the page the learner is on with axe, and that it fits the phone's width. */
      const checkFits = async (name: string) => {
        await j.check(page, name);
        await noSideScroll(page, name);
      };
      await j.visit(page, '/courses', 'catalogue');
      await noSideScroll(page, 'catalogue');
      await Promise.all([page.waitForURL(`**/courses/${c.course.slug}`), page.getByRole('link', { name: c.course.title }).first().tap()]);
      await checkFits('course page');

      await Promise.all([page.waitForURL('**/login'), page.getByRole('link', { name: /^Log in to enrol/ }).tap()]);
      await checkFits('login asked for');
      await page.getByLabel('Email address').fill(c.learner.email);
      await page.getByLabel('Password', { exact: true }).fill(c.learner.password);
      await Promise.all([page.waitForURL(`**/courses/${c.course.slug}#session-${c.sessionId}`), page.getByRole('button', { name: 'Log in' }).tap()]);
      await expectVisible(page.getByText('You are logged in. Choose “Enrol” to take your seat.'));
      await checkFits('course page, logged in');
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: /^Enrol in the session/ }).tap()]);
      await expectVisible(page.getByText('You are enrolled in Calm at the Desk, on a Phone.', { exact: false }));
      await checkFits('dashboard enrolled');
      const enrolmentId = await allButTheFirstReflection(db, c);

      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}`), page.getByRole('link', { name: /^Open the session/ }).tap()]);
      await checkFits('session overview');
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1`), page.getByRole('link', { name: /^Week 1:/ }).first().tap()]);
      await checkFits('week 1');
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1/reflection`), page.getByRole('link', { name: 'Write or read your reflection' }).tap()]);
      await checkFits('reflection');

      await page.getByLabel('Your reflection').fill('Written on the bus: I breathe out before I answer the phone.');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('File 1').tap()]);
      await chooser.setFiles({ name: 'bus-notes.pdf', mimeType: 'application/pdf', buffer: pdfBytes('phone notes') });
      await noSideScroll(page, 'reflection with a file chosen');
      await Promise.all([page.waitForURL(`**/sessions/${c.sessionId}/weeks/1/reflection`), page.getByRole('button', { name: 'Submit reflection' }).tap()]);
      await expectVisible(page.getByText('Your reflection is submitted.'));
      await expectVisible(page.getByRole('link', { name: /bus-notes\.pdf/ }));
      await checkFits('reflection submitted with a file');

      // That was the last step: the certificate is issued, and the dashboard offers it.
      await certificateIssued(db, enrolmentId);
      await j.visit(page, '/dashboard', 'dashboard with the certificate');
      await noSideScroll(page, 'dashboard with the certificate');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download your certificate \(PDF\)/ }).tap()]);
      expect(download.suggestedFilename()).toMatch(/^certificate-.+\.pdf$/);
      expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});
