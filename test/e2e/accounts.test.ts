import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds';
import { e2eSuite, expectVisible, horizontalOverflow, logInAs, uniqueEmail } from '../helpers/e2e-suite';

const suite = e2eSuite();

async function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return (labelled || el.getAttribute('aria-label') || el.textContent || '').trim();
  });
}

async function tabTo(page: Page, label: string, maxTabs = 30): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedLabel(page)) === label) return;
  }
  throw new Error(`"${label}" was not reachable with Tab on ${page.url()}`);
}

describe('the journey harness', () => {
  it('fails a page with serious accessibility violations and one visited but never checked', async () => {
    await expect(
      suite.journey('harness self-test', async (j) => {
        const page = await j.newPage();
        await page.setContent('<html lang="en"><head><title>t</title></head><body><main><input type="text"><img src="data:,"></main></body></html>');
        await expect(j.check(page, 'unlabelled input')).rejects.toThrow(/\[critical\] (label|image-alt)/);
        await page.goto('/login');
      }),
    ).rejects.toThrow('visited but not checked with axe: /login');
  });
});

describe('accounts in the browser', () => {
  it('lets a visitor read the home page, register, log out and log in again', async () => {
    await suite.journey('visitor registers', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/', 'home');
      await expectVisible(page.getByRole('heading', { level: 1 }));
      await expectVisible(page.getByRole('link', { name: 'Overcoming Compassion Fatigue in Library Work' }));

      await page.getByRole('link', { name: 'Create account' }).first().click();
      await page.waitForURL('**/register');
      await j.check(page, 'register');
      await Promise.all([page.waitForURL('**/privacy'), page.getByRole('link', { name: 'your data and privacy', exact: true }).click()]);
      await expectVisible(page.getByRole('heading', { name: 'Your data: what we keep and who can read it' }));
      await j.check(page, 'privacy');
      await Promise.all([page.waitForURL('**/register'), page.goBack()]);

      const email = uniqueEmail('visitor');
      await page.getByLabel('Your full name').fill('Vera Visitor');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectVisible(page.getByText('Error:', { exact: false }).first());
      await j.check(page, 'register with an error');
      await expectValue(page.getByLabel('Your full name'), 'Vera Visitor');

      await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Create account' }).click()]);
      await expectVisible(page.getByText('Welcome, Vera Visitor.'));
      await j.check(page, 'dashboard');

      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Log out' }).click()]);
      await expectVisible(page.getByRole('link', { name: 'Log in' }).first());
      await j.check(page, 'home after logout');
      const back = await page.goto('/dashboard');
      expect(new URL(back!.url()).pathname).toBe('/login');
      await j.check(page, 'login after logout');

      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);
      await expectVisible(page.getByRole('heading', { name: 'Your dashboard' }));
      await j.check(page, 'dashboard again');
    });
  });

  it('resets a forgotten password through the email in the admin outbox', async () => {
    await suite.journey('password reset', async (j) => {
      const visitor = await j.newPage();
      await j.visit(visitor, '/login', 'login');
      await visitor.getByRole('link', { name: 'Forgotten your password?' }).click();
      await visitor.waitForURL('**/forgot-password');
      await j.check(visitor, 'forgot password');
      await visitor.getByLabel('Email address').fill('sam@kindred.test');
      await visitor.getByRole('button', { name: 'Send reset link' }).click();
      await expectVisible(visitor.getByRole('heading', { name: 'Check your email' }));
      await j.check(visitor, 'check your email');

      // An email the mail server kept turning away, as the admin would meet it.
      await suite.server.db('outbox_emails').insert({ to_address: 'lee@library.test', subject: 'Welcome to week 2', body_text: 'It is open.', status: 'failed', attempts: 6, error: 'Error: connect ECONNREFUSED 10.0.0.9:587' });
      await suite.server.db('scheduled_job_runs').insert({ job: 'evaluation summaries', last_run_at: new Date(), last_failed_at: new Date(), last_error: 'Error: database is down', failures_in_a_row: 1 }).onConflict('job').merge();
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await expectVisible(admin.getByRole('status').filter({ hasText: '1 email could not be sent' }));
      await expectVisible(admin.getByRole('status').filter({ hasText: 'The background job “evaluation summaries” failed at its last try.' }));
      await j.check(admin, 'admin home');
      await admin.getByRole('link', { name: 'See it' }).click();
      await admin.waitForURL('**/admin/outbox?status=failed');
      await j.check(admin, 'outbox, emails not sent');
      await admin.getByRole('link', { name: 'Welcome to week 2' }).click();
      await expectVisible(admin.getByText('Not sent: 6 tries failed'));
      await j.check(admin, 'email not sent');
      await j.visit(admin, '/admin', 'admin home again');
      await admin.getByRole('link', { name: 'see what went wrong' }).click();
      await admin.waitForURL('**/admin/jobs');
      await expectVisible(admin.getByRole('row', { name: /evaluation summaries/ }).getByText('Error: database is down'));
      await j.check(admin, 'background jobs, one failing');
      await j.visit(admin, '/admin/backups', 'backups');
      await admin.getByRole('button', { name: 'Make a backup now' }).click();
      await expectVisible(admin.getByText(/^Backup made: kindred-backup-\d{8}-\d{6}\.tar\.gz/));
      await expectVisible(admin.getByRole('link', { name: /^Download\s+the backup made/ }));
      await j.check(admin, 'backups after making one');
      await j.visit(admin, '/admin/outbox', 'outbox');
      await admin.getByRole('link', { name: 'Reset your Kindred password' }).first().click();
      await admin.waitForURL(/\/admin\/outbox\/\d+$/);
      await j.check(admin, 'reset email');
      const body = await admin.locator('pre').innerText();
      const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(body)?.[0];
      expect(link).toBeDefined();

      await j.visit(visitor, new URL(link!).pathname, 'choose a new password');
      await visitor.getByLabel('New password', { exact: true }).fill('a fresh long password');
      await visitor.getByLabel('New password again').fill('a fresh long password');
      await Promise.all([visitor.waitForURL('**/login'), visitor.getByRole('button', { name: 'Save new password' }).click()]);
      await expectVisible(visitor.getByText('Your password is changed.'));
      await j.check(visitor, 'login after reset');

      await visitor.getByLabel('Email address').fill('sam@kindred.test');
      await visitor.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await visitor.getByRole('button', { name: 'Log in' }).click();
      await expectVisible(visitor.getByText('do not match an active account'));
      await j.check(visitor, 'old password refused');
      await visitor.getByLabel('Password', { exact: true }).fill('a fresh long password');
      await Promise.all([visitor.waitForURL('**/dashboard'), visitor.getByRole('button', { name: 'Log in' }).click()]);
      await j.check(visitor, 'dashboard');

      await j.visit(visitor, new URL(link!).pathname, 'used reset link', 410);
      await expectVisible(visitor.getByText('This reset link has expired or was already used.'));
    });
  });

  it('lets a learner correct their name, move to a new email address and change their password', async () => {
    await suite.journey('account details', async (j) => {
      const page = await j.newPage();
      const email = uniqueEmail('mover');
      await j.visit(page, '/register', 'register');
      await page.getByLabel('Your full name').fill('Mo Mover');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
      await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Create account' }).click()]);
      await j.check(page, 'dashboard');

      await j.visit(page, '/account', 'account');
      await page.getByRole('link', { name: 'Change your name' }).click();
      await page.waitForURL('**/account/name');
      await j.check(page, 'change name');
      await page.getByLabel('Your name').fill('');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expectVisible(page.locator('.field-error').getByText('Please enter your name as it should appear on your certificate.'));
      await j.check(page, 'change name with an error');
      await page.getByLabel('Your name').fill('Maureen Mover');
      await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: 'Save name' }).click()]);
      await expectVisible(page.getByText('Your name is now Maureen Mover.'));
      await j.check(page, 'account after the name');

      const newEmail = uniqueEmail('moved');
      await page.getByRole('link', { name: 'Change your email address' }).click();
      await page.waitForURL('**/account/email');
      await j.check(page, 'change email');
      await page.getByLabel('New email address').fill(newEmail);
      await page.getByLabel('Your password, to confirm it is you').fill('a calm and long password');
      await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: 'Send the confirmation link' }).click()]);
      await expectVisible(page.getByText(`We have emailed a link to ${newEmail}.`));
      await j.check(page, 'account with a change waiting');

      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      await j.visit(admin, '/admin/outbox', 'outbox');
      await admin.getByRole('link', { name: 'Confirm your new email address for Kindred' }).first().click();
      await admin.waitForURL(/\/admin\/outbox\/\d+$/);
      await j.check(admin, 'confirmation email');
      const link = /https?:\/\/\S+\/account\/email\/confirm\/\S+/.exec(await admin.locator('pre').innerText())?.[0];
      expect(link).toBeDefined();

      await j.visit(page, new URL(link!).pathname, 'confirm the new email');
      await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: `Yes, use ${newEmail}` }).click()]);
      await expectVisible(page.getByText(`Your email address is now ${newEmail}.`));
      await j.check(page, 'account with the new email');

      await page.getByRole('link', { name: 'Change your password' }).click();
      await page.waitForURL('**/account/password');
      await j.check(page, 'change password');
      await page.getByLabel('Current password').fill('not the password');
      await page.getByLabel('New password', { exact: true }).fill('an even calmer password');
      await page.getByLabel('New password again').fill('an even calmer password');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await expectVisible(page.getByText('That is not your current password.'));
      await j.check(page, 'change password with an error');
      await page.getByLabel('Current password').fill('a calm and long password');
      await page.getByLabel('New password', { exact: true }).fill('an even calmer password');
      await page.getByLabel('New password again').fill('an even calmer password');
      await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: 'Save new password' }).click()]);
      await expectVisible(page.getByText('Your password is changed.'));
      await j.check(page, 'account after the password');

      const fresh = await j.newPage();
      await logInAs(j, fresh, newEmail, 'an even calmer password');
      await expectVisible(fresh.getByText('Maureen Mover').first());
      await j.check(fresh, 'dashboard with the new details');
    });
  });

  it('sends a form once when its button is pressed twice', async () => {
    await suite.journey('double-clicked form', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/register', 'register');
      let posts = 0;
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === '/register') posts++;
      });
      await page.getByLabel('Your full name').fill('Dora Double');
      await page.getByLabel('Email address').fill(uniqueEmail('double'));
      await page.getByLabel('Password', { exact: true }).fill('a calm and long password');
      // The second press comes while the first answer is still on its way (hashing a password takes a moment).
      await Promise.all([
        page.waitForURL('**/dashboard'),
        page.evaluate(() => {
          const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('Create account'));
          button?.click();
          setTimeout(() => button?.click(), 30);
        }),
      ]);
      await j.check(page, 'dashboard after a double click');
      await expectVisible(page.getByText('Welcome, Dora Double.'));
      expect(posts).toBe(1);
    });
  });

  it('logs in with the keyboard alone', async () => {
    await suite.journey('keyboard login', async (j) => {
      const page = await j.newPage();
      await j.visit(page, '/login', 'login');
      await page.keyboard.press('Tab');
      expect(await focusedLabel(page)).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      await tabTo(page, 'Email address');
      await page.keyboard.type('learner@kindred.test');
      await tabTo(page, 'Password');
      await page.keyboard.type(DEMO_PASSWORD);
      await Promise.all([page.waitForURL('**/dashboard'), page.keyboard.press('Enter')]);
      await j.check(page, 'dashboard');

      await tabTo(page, 'Log out');
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
      await j.check(page, 'home after logout');
    });
  });

  it('fits a 375 px wide phone screen without scrolling sideways', async () => {
    await suite.journey('phone width', async (j) => {
      const page = await j.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      for (const [url, name] of [
        ['/', 'home'],
        ['/register', 'register'],
        ['/forgot-password', 'forgot password'],
        ['/privacy', 'privacy'],
        ['/accessibility', 'accessibility statement'],
      ] as const) {
        await j.visit(page, url, name);
        expect({ url, overflow: await horizontalOverflow(page) }).toEqual({ url, overflow: 0 });
      }
      await logInAs(j, page, 'learner@kindred.test');
      await j.check(page, 'dashboard');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  });
});

async function expectValue(locator: ReturnType<Page['locator']>, value: string): Promise<void> {
  expect(await locator.inputValue()).toBe(value);
}
