import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { decode, postForm, readable, signIn } from '../helpers/http';
import { messageBeside, summaryLinks } from '../helpers/error-summary';
import type { Role } from '../../src/auth';

// The email preferences page belongs with the account pages: reached from /account, it says what
// it covers and leads back there, as /account/name, /account/email and /account/password do.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the email preferences page', () => {
  it('is linked from the account page under its own name', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const html = decode((await agent.get('/account')).text);
    expect(html).toContain('<a href="/discussions/preferences">Email preferences</a>: which emails we send you about discussions, announcements, new weeks, completion and other sessions of a course.');
  });

  it('leads back to the account page as the other account pages do, and says which emails it covers', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const back = '<p><a href="/account">Back to your account</a></p>';
    expect((await agent.get('/account/name')).text).toContain(`${back}\n<h1>`);
    const html = decode((await agent.get('/discussions/preferences')).text);
    expect(html).toContain('<a href="/account" aria-current="page">Account</a>');
    expect(readable(html)).toContain(`${back}\n<h1>Email preferences</h1>\n<p class="lead">Choose which emails we send you about your courses: replies in discussions you follow, your instructors’ announcements, each new week as it opens, the reminder before completion closes, and news of another session when one you registered for is cancelled.</p>`);
  });

  it('keeps the way back and the introduction when a choice is refused', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await postForm(agent, '/discussions/preferences', { discussion_email: 'hourly' }, '/discussions/preferences');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="/account">Back to your account</a>');
    expect(res.text).toContain('<p class="lead">Choose which emails we send you');
  });
});

describe('the choices on the preferences page', () => {
  const stored = (user: { id: number }) =>
    ctx.db('notification_preferences').where({ user_id: user.id }).first('discussion_email', 'announcement_email', 'week_email', 'deadline_email', 'session_offer_email', 'staff_email');
  const pageAs = async (role: Role) => {
    const user = await createUser(ctx.db, { role });
    const agent = await signIn(ctx.app, user);
    return { user, agent, html: decode((await agent.get('/discussions/preferences')).text) };
  };

  it('offers every user the choice of hearing of another session when theirs is cancelled, and saves it', async () => {
    const { user, agent, html } = await pageAs('learner');
    expect(html).toContain('<input type="checkbox" id="session-offer-email" name="session_offer_email" checked> <label for="session-offer-email">When a session I registered for is cancelled, tell me of another session of the course I could join</label>');
    const res = await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', announcement_email: 'on', week_email: 'on', deadline_email: 'on' }, '/discussions/preferences');
    expect(res.status).toBe(302);
    expect(await stored(user)).toMatchObject({ announcement_email: true, session_offer_email: false });
    expect(decode((await agent.get('/discussions/preferences')).text)).toContain('<input type="checkbox" id="session-offer-email" name="session_offer_email">');
  });

  it('shows the choice about work waiting for an administrator to admins only, saying which emails it covers', async () => {
    const admin = await pageAs('admin');
    expect(admin.html).toContain('<legend>Work waiting for you as an administrator</legend>');
    expect(admin.html).toContain('<input type="checkbox" id="staff-email" name="staff_email" checked> <label for="staff-email">Email me when a session reaches its go/no-go date below its minimum enrolment, so someone decides whether it runs</label>');
    expect(readable(admin.html)).toContain('sessions that need an administrator’s decision at their go/no-go date');
    for (const role of ['learner', 'instructor'] as const) {
      const { html } = await pageAs(role);
      expect(html).not.toContain('staff_email');
      expect(html).not.toContain('administrator');
    }
  });

  it('never changes a learner’s staff choice, whatever their form sends', async () => {
    const { user, agent } = await pageAs('learner');
    await postForm(agent, '/discussions/preferences', { discussion_email: 'none' }, '/discussions/preferences');
    expect((await stored(user)).staff_email).toBe(true);
    await ctx.db('notification_preferences').where({ user_id: user.id }).update({ staff_email: false });
    await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', staff_email: 'on' }, '/discussions/preferences');
    expect((await stored(user)).staff_email).toBe(false);
  });

  it('refuses an unknown choice of replies next to it, keeping the boxes as they were sent and saving nothing', async () => {
    const { user, agent } = await pageAs('admin');
    const before = await stored(user);
    const res = await postForm(agent, '/discussions/preferences', { discussion_email: 'hourly', week_email: 'on', session_offer_email: 'on' }, '/discussions/preferences');
    expect(res.status).toBe(422);
    const html = decode(res.text);
    expect(html).toContain('<p class="field-error" id="discussion-email-error"><span class="visually-hidden">Error: </span>Please choose how you would like to hear about replies.</p>');
    expect(html).toContain('<input type="checkbox" id="announcement-email" name="announcement_email"> ');
    expect(html).toContain('<input type="checkbox" id="week-email" name="week_email" checked> ');
    expect(html).toContain('<input type="checkbox" id="deadline-email" name="deadline_email"> ');
    expect(html).toContain('<input type="checkbox" id="session-offer-email" name="session_offer_email" checked> ');
    expect(html).toContain('<input type="checkbox" id="staff-email" name="staff_email"> ');
    expect(html).toContain('<input type="radio" id="discussion-email-daily" name="discussion_email" value="daily" checked aria-invalid="true">');
    const message = 'Please choose how you would like to hear about replies.';
    expect(summaryLinks(res.text)).toEqual([{ id: 'discussion-email-daily', message, targets: 1, inError: true }]);
    expect(messageBeside(res.text, 'discussion-email-daily')).toBe(message);
    expect(await stored(user)).toEqual(before);
  });

  it('refuses a form with no choice of replies the same way, and keeps a learner’s page free of staff choices', async () => {
    const { user, agent } = await pageAs('learner');
    const before = await stored(user);
    const res = await postForm(agent, '/discussions/preferences', { announcement_email: 'on', staff_email: 'on' }, '/discussions/preferences');
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain('Please choose how you would like to hear about replies.');
    expect(res.text).not.toContain('staff_email');
    expect(await stored(user)).toEqual(before);
  });
});
