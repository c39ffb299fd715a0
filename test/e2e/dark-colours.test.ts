import type { Page } from 'playwright-core';
import { e2eSuite, logInAs } from '../helpers/e2e-suite';
import type { Journey } from '../helpers/e2e-browser';

// A device set to dark colours gets the dark palette; every page is checked by axe in it, colour
// contrast included, as the other journeys check the light one.
const suite = e2eSuite();

const DARK_PAPER = 'rgb(21, 25, 27)';
const LIGHT_PAPER = 'rgb(251, 250, 247)';

const style = (page: Page, selector: string, property: 'backgroundColor' | 'color' | 'stroke' | 'fill') =>
  page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);

async function darkPage(j: Journey): Promise<Page> {
  return j.newPage({ colorScheme: 'dark' });
}

async function runningSessionOf(j: Journey, page: Page): Promise<string> {
  await page.getByRole('link', { name: /Open the session/ }).first().click();
  await page.waitForURL(/\/sessions\/\d+$/);
  await j.check(page, 'session overview, dark');
  return /\/sessions\/(\d+)$/.exec(page.url())![1];
}

describe('pages in the dark colours a device asks for', () => {
  it('shows a visitor and a learner their pages in dark colours that pass the contrast checks, and prints them light', async () => {
    await suite.journey('learner, dark colours', async (j) => {
      const page = await darkPage(j);
      await j.visit(page, '/courses', 'catalogue, dark');
      expect(await style(page, 'body', 'backgroundColor')).toBe(DARK_PAPER);
      await page.getByRole('link', { name: /Overcoming Compassion Fatigue/i }).first().click();
      await j.check(page, 'course page, dark');

      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard, dark');
      const sessionId = await runningSessionOf(j, page);
      await j.visit(page, `/sessions/${sessionId}/weeks/1`, 'week 1, dark');
      await j.visit(page, `/sessions/${sessionId}/weeks/1/reflection`, 'reflection, dark');
      expect(await style(page, 'textarea', 'backgroundColor')).not.toBe('rgb(255, 255, 255)');
      await j.visit(page, `/sessions/${sessionId}/weeks/1/discussion`, 'discussion board, dark');
      await page.getByRole('link', { name: 'The patron I keep thinking about' }).click();
      await j.check(page, 'thread, dark');

      await j.visit(page, `/sessions/${sessionId}/checkins`, 'check-in, dark');
      for (const legend of ['My energy this week', 'The emotional load of my work this week', 'How well I protected my boundaries']) {
        await page.locator('fieldset', { hasText: legend }).getByRole('radio', { name: '3' }).check();
      }
      await Promise.all([page.waitForURL(`**/sessions/${sessionId}/checkins*`), page.getByRole('button', { name: 'Save my check-in' }).click()]);
      await j.check(page, 'check-in chart, dark');
      expect(await style(page, '.trend-series[data-series="energy"] circle', 'fill')).toBe('rgb(111, 209, 180)');
      expect(await style(page, '.trend-legend [data-series="energy"] line', 'stroke')).toBe('rgb(111, 209, 180)');

      await j.visit(page, `/sessions/${sessionId}/toolkit`, 'toolkit, dark');
      await page.emulateMedia({ media: 'print' });
      expect(await style(page, 'body', 'backgroundColor')).toBe('rgb(255, 255, 255)');
      expect(await style(page, 'main', 'color')).toBe('rgb(31, 42, 48)');
      await page.emulateMedia({ media: 'screen' });
      expect(await style(page, 'body', 'backgroundColor')).toBe(DARK_PAPER);
    });
  });

  it('shows the instructor and the admin their pages in dark colours too, charts included, and light to a device that asks for light', async () => {
    await suite.journey('staff, dark colours', async (j) => {
      const helen = await darkPage(j);
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'instructor home, dark');
      const { course_session_id: sessionId } = await suite.server
        .db('enrolments as e')
        .join('users as u', 'u.id', 'e.user_id')
        .where('u.email', 'learner@kindred.test')
        .first('e.course_session_id');
      await j.visit(helen, `/sessions/${sessionId}`, 'session overview, dark');
      await j.visit(helen, `/sessions/${sessionId}/feedback`, 'feedback queue, dark');
      await j.visit(helen, `/sessions/${sessionId}/progress`, 'progress and chart, dark');
      expect(await style(helen, '.chart .chart-solid', 'fill')).toBe('rgb(103, 199, 159)');
      expect(await style(helen, '.chart text', 'fill')).toBe('rgb(228, 232, 233)');
      await j.visit(helen, `/sessions/${sessionId}/moderation`, 'moderation, dark');

      const admin = await darkPage(j);
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home, dark');
      await j.visit(admin, '/admin/sessions', 'admin sessions, dark');
      await j.visit(admin, `/admin/sessions/${sessionId}`, 'admin session, dark');
      await j.visit(admin, '/admin/people', 'admin people, dark');

      const light = await j.newPage({ colorScheme: 'light' });
      await j.visit(light, '/courses', 'catalogue, light');
      expect(await style(light, 'body', 'backgroundColor')).toBe(LIGHT_PAPER);
    });
  });
});
