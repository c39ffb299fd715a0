import path from 'node:path';
import { viewsDir } from '../../src/lib/paths';
import { ejsEngine } from '../../src/lib/view-engine';
import { readable } from '../helpers/http';

// views/errors/error.ejs: the page for every error without a page of its own (a refused change,
// a request the app cannot read, a fault on our side, the app stopping). Its advice fits the status.

function errorPage(status: number, message: string): Promise<string> {
  const locals = { title: 'A title', message, status, kept: [], currentPath: '/somewhere', currentUser: { id: 1, name: 'Ana', role: 'learner' }, csrfToken: '', flash: {} };
  return new Promise((resolve, reject) => {
    ejsEngine({ cache: false, checkOneByte: true })(path.join(viewsDir, 'errors/error.ejs'), locals, (err, html) => (err ? reject(err) : resolve(readable(html ?? ''))));
  });
}

const BACK_TO_TRY_AGAIN = 'Go back to try again, or go to <a href="/dashboard">your dashboard</a>.';

it('while the app is stopping (503), says to try again in a few minutes once the site is back, not to go back now', async () => {
  const html = await errorPage(503, 'The backup was not made: Kindred is stopping (for a restart or an update), and nothing of it was kept.');
  expect(html).toContain('The backup was not made: Kindred is stopping (for a restart or an update), and nothing of it was kept.');
  expect(html).toContain('Please try again in a few minutes, once the site is back.');
  expect(html).not.toContain('Go back to try again');
  expect(html).not.toContain('your dashboard');
});

it.each([
  [400, 'We could not read that request. Please try again.'],
  [409, 'This certificate is already revoked.'],
  [413, 'That was more text than we can take in one go, so nothing was saved. Please go back, shorten it and send it again.'],
  [500, 'Something went wrong on our side. Your work is saved; please try again in a moment.'],
])('for a %i, still leads back to try again or to the dashboard', async (status, message) => {
  const html = await errorPage(status, message);
  expect(html).toContain(message);
  expect(html).toContain(BACK_TO_TRY_AGAIN);
  expect(html).not.toContain('once the site is back');
});
