import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { csrfFrom, decode, signIn, type Agent } from '../helpers/http';

// Each form limited per connection answers its refusal as its own page: status 429, the reason and
// the wait, what was typed (never a password), and nothing done.
const limits = { LOGIN_RATE_LIMIT: '3', REGISTER_RATE_LIMIT: '2' };

async function post(agent: Agent, page: string, body: Record<string, string>, action = page) {
  const token = await csrfFrom(agent, page);
  return agent.post(action).type('form').send({ _csrf: token, ...body });
}

/** A context of its own for each test, so one test's attempts never count against another's. */
async function withLimits(run: (ctx: TestContext) => Promise<void>): Promise<void> {
  const ctx = await createTestContext({ env: limits });
  try {
    await run(ctx);
  } finally {
    await ctx.close();
  }
}

/** What a refused request for a reset link says, the same whether or not the address has an account. */
const HELD_OFF =
  'The most reset links we send to one email address in 15 minutes have already been asked for this one, so no more are sent to it for now: you can ask again in 15 minutes. ' +
  'If an account uses this address, those links are in its inbox (or spam folder) and the newest one works: each works for 60 minutes after it was sent, until a new password is chosen with one of them.';

const outboxTo = async (ctx: TestContext, email: string) => (await ctx.db('outbox_emails').where({ to_address: email })).length;

describe('the login form, refused', () => {
  it('shows the login form again with the typed email, not the password, and logs no one in even with the right password', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      for (let n = 0; n < 3; n++) expect((await post(request.agent(ctx.app), '/login', { email: user.email, password: `wrong guess ${n}` })).status).toBe(422);
      const agent = request.agent(ctx.app);
      const limited = await post(agent, '/login', { email: user.email, password: user.password });
      expect(limited.status).toBe(429);
      const page = decode(limited.text);
      expect(page).toContain('<h1>Log in</h1>');
      expect(page).toContain('There have been too many attempts to log in from your connection. Please wait 15 minutes and try again.');
      expect(page).toContain(`value="${user.email}"`);
      expect(page).not.toContain(user.password);
      expect((await agent.get('/dashboard')).status).toBe(302);
    }));
});

describe('the forgotten-password form', () => {
  it('lets six colleagues behind one address each ask for a link and choose a new password', () =>
    withLimits(async (ctx) => {
      for (let n = 0; n < 6; n++) {
        const colleague = await createUser(ctx.db);
        expect((await post(request.agent(ctx.app), '/forgot-password', { email: colleague.email })).status).toBe(200);
        const mail = await ctx.db('outbox_emails').where({ to_address: colleague.email }).first();
        const link = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail.body_text)![1];
        expect((await post(request.agent(ctx.app), link, { password: 'a brand new password', confirm: 'a brand new password' })).status).toBe(302);
      }
    }));

  it('refuses a third link for one email address in the window, with the form and the typed email, and sends nothing more', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      for (let n = 0; n < 2; n++) expect((await post(request.agent(ctx.app), '/forgot-password', { email: user.email })).status).toBe(200);
      // Typed otherwise, it is still the same address.
      const limited = await post(request.agent(ctx.app), '/forgot-password', { email: ` ${user.email.toUpperCase()} ` });
      expect(limited.status).toBe(429);
      const page = decode(limited.text);
      expect(page).toContain('<h1>Reset your password</h1>');
      expect(page).toContain(HELD_OFF);
      expect(page).toContain(`value=" ${user.email.toUpperCase()} "`);
      expect(await outboxTo(ctx, user.email)).toBe(2);
    }));

  it('leaves the owner a working link while others hold off more: the links already sent still set a password, for the hour they last', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      // Someone else asks for the owner's address until no more links are sent to it.
      for (let n = 0; n < 2; n++) expect((await post(request.agent(ctx.app), '/forgot-password', { email: user.email })).status).toBe(200);
      const owner = request.agent(ctx.app);
      const limited = await post(owner, '/forgot-password', { email: user.email });
      expect(limited.status).toBe(429);
      expect(decode(limited.text)).toContain(HELD_OFF);
      // Each link sent lasts the hour the page names, well past the 15 minutes held off.
      const resets = await ctx.db('password_resets').where({ user_id: user.id }).orderBy('id').select('created_at', 'expires_at');
      expect(resets).toHaveLength(2);
      for (const r of resets) expect(new Date(r.expires_at).getTime() - new Date(r.created_at).getTime()).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
      const links = (await ctx.db('outbox_emails').where({ to_address: user.email }).orderBy('id').select('body_text')).map(
        (m: { body_text: string }) => /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(m.body_text)![1],
      );
      for (const link of links) expect((await owner.get(link)).status).toBe(200);
      const newest = links[links.length - 1];
      expect((await post(owner, newest, { password: 'my own new password', confirm: 'my own new password' })).status).toBe(302);
      await expect(signIn(ctx.app, { ...user, password: 'my own new password' })).resolves.toBeDefined();
      // Choosing the password ends the other links.
      expect((await request(ctx.app).get(links[0])).status).toBe(410);
    }));

  it('answers an email with no account exactly as one with an account, refusal included', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      const nobody = `nobody-${Date.now()}@example.test`;
      const strip = (html: string) => decode(html).replace(/name="_csrf" value="[^"]*"/g, '').replaceAll(user.email, 'EMAIL').replaceAll(nobody, 'EMAIL');
      const statuses: number[] = [];
      for (let n = 0; n < 3; n++) {
        const known = await post(request.agent(ctx.app), '/forgot-password', { email: user.email });
        const unknown = await post(request.agent(ctx.app), '/forgot-password', { email: nobody });
        expect(unknown.status).toBe(known.status);
        expect(strip(unknown.text)).toBe(strip(known.text));
        statuses.push(known.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      const refusals: string[] = [];
      for (const email of [user.email, nobody]) {
        const refused = await post(request.agent(ctx.app), '/forgot-password', { email });
        expect(refused.status).toBe(429);
        expect(decode(refused.text)).toContain(HELD_OFF);
        expect(refused.text).toContain(`value="${email}"`);
        refusals.push(strip(refused.text));
      }
      expect(refusals[1]).toBe(refusals[0]);
      expect(await outboxTo(ctx, nobody)).toBe(0);
    }));

  it('still bounds the links asked from one connection, at ten times the limit, keeping the typed email and sending nothing', () =>
    withLimits(async (ctx) => {
      const stamp = Date.now();
      for (let n = 0; n < 20; n++) expect((await post(request.agent(ctx.app), '/forgot-password', { email: `asker-${stamp}-${n}@example.test` })).status).toBe(200);
      const user = await createUser(ctx.db);
      const limited = await post(request.agent(ctx.app), '/forgot-password', { email: user.email });
      expect(limited.status).toBe(429);
      const page = decode(limited.text);
      expect(page).toContain('<h1>Reset your password</h1>');
      expect(page).toContain('There have been too many attempts to reset a password from your connection. Please wait 15 minutes and try again.');
      expect(page).toContain(`value="${user.email}"`);
      expect(await outboxTo(ctx, user.email)).toBe(0);
    }));
});

describe('the new-password form of a reset link, refused', () => {
  it('shows the form again without the passwords and leaves the password and the link as they were', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      await post(request.agent(ctx.app), '/forgot-password', { email: user.email });
      const mail = await ctx.db('outbox_emails').where({ to_address: user.email }).first();
      const link = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail.body_text)![1];
      for (let n = 0; n < 3; n++) expect((await post(request.agent(ctx.app), link, { password: 'a brand new password', confirm: `not the same ${n}` })).status).toBe(422);
      const limited = await post(request.agent(ctx.app), link, { password: 'a typed secret password', confirm: 'a typed secret password' });
      expect(limited.status).toBe(429);
      const page = decode(limited.text);
      expect(page).toContain('<h1>Choose a new password</h1>');
      expect(page).toContain('There have been too many attempts to reset a password from your connection. Please wait 15 minutes and try again.');
      expect(page).toContain(`action="${link}"`);
      expect(page).not.toContain('a typed secret password');
      await expect(signIn(ctx.app, user)).resolves.toBeDefined();
      expect((await request(ctx.app).get(link)).status).toBe(200);
    }));
});

describe('the account’s password and email forms, refused', () => {
  it('shows each form again, the new email typed kept, no password, and changes nothing', () =>
    withLimits(async (ctx) => {
      const user = await createUser(ctx.db);
      const agent = await signIn(ctx.app, user);
      for (let n = 0; n < 3; n++) expect((await post(agent, '/account/password', { current: `guess ${n}`, password: 'a new long password', confirm: 'a new long password' })).status).toBe(422);

      const password = await post(agent, '/account/password', { current: user.password, password: 'a typed new password', confirm: 'a typed new password' });
      expect(password.status).toBe(429);
      const passwordPage = decode(password.text);
      expect(passwordPage).toContain('<h1>Change your password</h1>');
      expect(passwordPage).toContain('There have been too many attempts to check your password from your connection. Please wait 15 minutes and try again.');
      expect(passwordPage).not.toContain(user.password);
      expect(passwordPage).not.toContain('a typed new password');

      const newEmail = `new-${Date.now()}@example.test`;
      const email = await post(agent, '/account/email', { email: newEmail, password: user.password });
      expect(email.status).toBe(429);
      const emailPage = decode(email.text);
      expect(emailPage).toContain('<h1>Change your email address</h1>');
      expect(emailPage).toContain('There have been too many attempts to check your password from your connection.');
      expect(emailPage).toContain(`value="${newEmail}"`);
      expect(emailPage).not.toContain(user.password);
      expect(await ctx.db('email_changes').where({ user_id: user.id })).toHaveLength(0);
      expect(await outboxTo(ctx, newEmail)).toBe(0);
      await expect(signIn(ctx.app, user)).resolves.toBeDefined();
    }));
});
