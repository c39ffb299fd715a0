import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { csrfFrom, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function askForReset(email: string) {
  const agent = request.agent(ctx.app);
  const token = await csrfFrom(agent, '/forgot-password');
  return agent.post('/forgot-password').type('form').send({ _csrf: token, email });
}

async function resetLinkFor(email: string): Promise<string> {
  const mail = await ctx.db('outbox_emails').where({ to_address: email }).orderBy('id', 'desc').first();
  const match = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail.body_text);
  return match![1];
}

async function choosePassword(link: string, password: string, confirm = password) {
  const agent = request.agent(ctx.app);
  const token = await csrfFrom(agent, link);
  return agent.post(link).type('form').send({ _csrf: token, password, confirm });
}

/** A post to a link whose page has no form any more, as from a tab opened while it still worked. */
async function postThroughDeadLink(link: string, password: string, confirm = password) {
  const agent = request.agent(ctx.app);
  const token = await csrfFrom(agent, '/forgot-password');
  return agent.post(link).type('form').send({ _csrf: token, password, confirm });
}

describe('password reset', () => {
  it('emails a single-use link that sets a new password', async () => {
    const user = await createUser(ctx.db);
    const res = await askForReset(user.email);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Check your email');
    const link = await resetLinkFor(user.email);
    const done = await choosePassword(link, 'a brand new password');
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/login');
    await expect(signIn(ctx.app, { email: user.email, password: 'a brand new password' })).resolves.toBeDefined();
    await expect(signIn(ctx.app, user)).rejects.toThrow('login failed');

    const again = await request(ctx.app).get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('expired or was already used');
  });

  it('ends the other links of the account once one of them is used', async () => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const first = await resetLinkFor(user.email);
    await askForReset(user.email);
    const second = await resetLinkFor(user.email);
    expect(second).not.toBe(first);
    expect((await choosePassword(second, 'a brand new password')).status).toBe(302);

    const page = await request(ctx.app).get(first);
    expect(page.status).toBe(410);
    expect(page.text).toContain('Ask for a new link');
    const refused = await postThroughDeadLink(first, 'someone else’s password');
    expect(refused.status).toBe(410);
    expect(refused.text).toContain('Ask for a new link');
    await expect(signIn(ctx.app, { email: user.email, password: 'a brand new password' })).resolves.toBeDefined();
  });

  it('refuses an expired link and leaves the password alone', async () => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const link = await resetLinkFor(user.email);
    await ctx.db('password_resets').where({ user_id: user.id }).update({ expires_at: new Date(Date.now() - 1000) });
    expect((await request(ctx.app).get(link)).status).toBe(410);
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/forgot-password');
    const res = await agent.post(link).type('form').send({ _csrf: token, password: 'another new password', confirm: 'another new password' });
    expect(res.status).toBe(410);
    await expect(signIn(ctx.app, user)).resolves.toBeDefined();
  });

  it.each([
    ['the new password is too short', 'short', 'short'],
    ['the two passwords differ', 'first new password', 'second new password'],
  ])('says a used link is over, with no form, even when %s', async (_label, password, confirm) => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const link = await resetLinkFor(user.email);
    expect((await choosePassword(link, 'a brand new password')).status).toBe(302);
    const res = await postThroughDeadLink(link, password, confirm);
    expect(res.status).toBe(410);
    expect(res.text).toContain('expired or was already used');
    expect(res.text).toContain('Ask for a new link');
    expect(res.text).not.toContain('id="field-password"');
  });

  it('says the same thing for an unknown email and sends nothing', async () => {
    const res = await askForReset('nobody-here@example.test');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Check your email');
    expect(await ctx.db('outbox_emails').where({ to_address: 'nobody-here@example.test' })).toHaveLength(0);
  });

  it('asks again when the two passwords differ, without using up the link', async () => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const link = await resetLinkFor(user.email);
    const res = await choosePassword(link, 'first new password', 'second new password');
    expect(res.status).toBe(422);
    expect(res.text).toContain('do not match');
    expect((await request(ctx.app).get(link)).status).toBe(200);
  });

  it('asks in plain words for a missing confirmation, and says the password must be typed again', async () => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const link = await resetLinkFor(user.email);
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, link);
    const res = await agent.post(link).type('form').send({ _csrf: token, password: 'a brand new password' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please type your new password again.');
    expect(res.text).not.toContain('Invalid input');
    expect(res.text).toContain('please type the password again');
    expect(res.text).not.toContain('Nothing you typed has been lost');
    await expect(signIn(ctx.app, user)).resolves.toBeDefined();
  });

  it('refuses a malformed email next to the field', async () => {
    const res = await askForReset('not an email');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-email-error"');
    expect(res.text).toContain('value="not an email"');
  });

  const countRows = async (table: string) => Number((await ctx.db(table).count('* as n'))[0].n);

  it.each([
    ['an empty email', '', 'Please enter your email'],
    ['an email of spaces only', '   ', 'Please enter your email'],
    ['an overlong email', `${'x'.repeat(250)}@e.test`, 'too long'],
  ])('refuses %s next to the field, keeps what was typed and sends no link', async (_label, email, message) => {
    const links = await countRows('password_resets');
    const emails = await countRows('outbox_emails');
    const res = await askForReset(email);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-email-error"');
    expect(res.text).toContain(message);
    expect(res.text).toContain(`name="email" type="email" value="${email}"`);
    expect(await countRows('password_resets')).toBe(links);
    expect(await countRows('outbox_emails')).toBe(emails);
  });

  it.each([
    ['an empty password', '', '', 'password', 'at least 10 characters'],
    ['a short password', 'short', 'short', 'password', 'at least 10 characters'],
    ['an overlong password', 'p'.repeat(201), 'p'.repeat(201), 'password', 'at most 200 characters'],
    ['two passwords that differ', 'first new password', 'second new password', 'confirm', 'The two passwords do not match.'],
  ])('refuses %s next to the field, sends no password back and leaves the link working', async (_label, password, confirm, field, message) => {
    const user = await createUser(ctx.db);
    await askForReset(user.email);
    const link = await resetLinkFor(user.email);
    const hashBefore = (await ctx.db('users').where({ id: user.id }).first()).password_hash;
    const res = await choosePassword(link, password, confirm);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="field-${field}-error"`);
    expect(res.text).toContain(message);
    for (const typed of [password, confirm].filter(Boolean)) expect(res.text).not.toContain(typed);
    expect(res.text).toContain('name="password" type="password" value=""');
    expect((await ctx.db('password_resets').where({ user_id: user.id }).first()).used_at).toBeNull();
    expect((await ctx.db('users').where({ id: user.id }).first()).password_hash).toBe(hashBefore);
    expect((await request(ctx.app).get(link)).status).toBe(200);
  });

  it('ends the other logged-in sessions of the account', async () => {
    const user = await createUser(ctx.db);
    const elsewhere = await signIn(ctx.app, user);
    expect((await elsewhere.get('/dashboard')).status).toBe(200);
    await askForReset(user.email);
    await choosePassword(await resetLinkFor(user.email), 'a brand new password');
    expect((await elsewhere.get('/dashboard')).status).toBe(302);
  });
});
