import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { unzip } from '../helpers/completion-factories';
import { type Agent, binary, csrfFrom, postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const emailsTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address }).orderBy('id');
const userRow = (id: number) => ctx.db('users').where({ id }).first();
const isLoggedIn = async (agent: Agent) => (await agent.get('/dashboard')).status === 200;

async function linkIn(address: string): Promise<string> {
  const [mail] = await ctx.db('outbox_emails').where({ to_address: address }).whereILike('subject', 'Confirm your new email%').orderBy('id', 'desc');
  return /http:\/\/localhost:3000(\/account\/email\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.body_text)![1];
}

/**
 * Opens the confirmation link as a browser would (maybe logged out) and presses the button; where
 * the page no longer shows it, as in a tab opened before the link stopped working, the session's
 * token comes from another form.
 */
async function confirmThrough(link: string, agent: Agent = request.agent(ctx.app)) {
  const page = await agent.get(link);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? (await csrfFrom(agent, '/forgot-password'));
  return agent.post(link).type('form').send({ _csrf: token });
}

const askEmailChange = (agent: Agent, email: string, password = TEST_PASSWORD) => postForm(agent, '/account/email', { email, password }, '/account/email');

describe('changing your name', () => {
  it('shows the new name everywhere at once; certificates already issued keep theirs', async () => {
    const user = await createUser(ctx.db, { name: 'Jo Reader' });
    const agent = await signIn(ctx.app, user);
    const form = await agent.get('/account/name');
    expect(form.text).toContain('value="Jo Reader"');
    const res = await postForm(agent, '/account/name', { name: '  Joanna Reader, MLIS  ' }, '/account/name');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/account');
    const account = await agent.get('/account');
    expect(account.text).toContain('Your name is now Joanna Reader, MLIS.');
    expect((await userRow(user.id)).name).toBe('Joanna Reader, MLIS');
    expect((await agent.get('/dashboard')).text).toContain('Joanna Reader, MLIS');
  });

  it('keeps what was typed next to a clear message and changes nothing when the name is empty or too long', async () => {
    const user = await createUser(ctx.db, { name: 'Sam Patel' });
    const agent = await signIn(ctx.app, user);
    const empty = await postForm(agent, '/account/name', { name: '   ' }, '/account/name');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Please enter your name as it should appear on your certificate.');
    const long = 'L'.repeat(121);
    const tooLong = await postForm(agent, '/account/name', { name: long }, '/account/name');
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep your name to 120 characters.');
    expect(tooLong.text).toContain(`value="${long}"`);
    for (const hidden of ['Sam\tPatel', 'Sam\nPatel']) {
      const refused = await postForm(agent, '/account/name', { name: hidden }, '/account/name');
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('Please write your name on one line, without tabs or other hidden characters.');
    }
    for (const turned of ['Sam \u202eletaP', 'Sam \u2067Patel\u2069']) {
      const refused = await postForm(agent, '/account/name', { name: turned }, '/account/name');
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('Please write your name without hidden direction marks');
    }
    expect((await userRow(user.id)).name).toBe('Sam Patel');
  });

  it('takes a name in a right-to-left script as written', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    expect((await postForm(agent, '/account/name', { name: 'שרה כהן' }, '/account/name')).status).toBe(302);
    expect((await userRow(user.id)).name).toBe('שרה כהן');
  });

  it('keeps a name with markup inert on the account page', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    await postForm(agent, '/account/name', { name: '<img src=x onerror=alert(1)>' }, '/account/name');
    const page = await agent.get('/account');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('changing your password', () => {
  it('needs the current password; logs out every other device, keeps this one and tells the account’s address', async () => {
    const user = await createUser(ctx.db);
    const here = await signIn(ctx.app, user);
    const elsewhere = await signIn(ctx.app, user);
    const res = await postForm(here, '/account/password', { current: TEST_PASSWORD, password: 'a new long password', confirm: 'a new long password' }, '/account/password');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/account');
    expect((await here.get('/account')).text).toContain('Your password is changed.');
    expect(await isLoggedIn(here)).toBe(true);
    expect(await isLoggedIn(elsewhere)).toBe(false);
    await expect(signIn(ctx.app, { email: user.email, password: 'a new long password' })).resolves.toBeDefined();
    await expect(signIn(ctx.app, user)).rejects.toThrow('login failed');
    const [notice] = await emailsTo(user.email);
    expect(notice.subject).toBe('Your Kindred password was changed');
    expect(notice.body_text).toContain('/forgot-password');
  });

  it('ends the reset links the account asked for before, so an old email cannot set the password', async () => {
    const user = await createUser(ctx.db);
    const forgot = request.agent(ctx.app);
    const forgotToken = await csrfFrom(forgot, '/forgot-password');
    await forgot.post('/forgot-password').type('form').send({ _csrf: forgotToken, email: user.email });
    const [mail] = await ctx.db('outbox_emails').where({ to_address: user.email }).whereILike('subject', 'Reset%');
    const resetLink = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail.body_text)![1];
    expect((await request(ctx.app).get(resetLink)).status).toBe(200);

    const agent = await signIn(ctx.app, user);
    const res = await postForm(agent, '/account/password', { current: TEST_PASSWORD, password: 'a new long password', confirm: 'a new long password' }, '/account/password');
    expect(res.status).toBe(302);

    const page = await request(ctx.app).get(resetLink);
    expect(page.status).toBe(410);
    expect(page.text).toContain('Ask for a new link');
    const resetToken = await csrfFrom(forgot, '/forgot-password');
    const refused = await forgot.post(resetLink).type('form').send({ _csrf: resetToken, password: 'someone else’s password', confirm: 'someone else’s password' });
    expect(refused.status).toBe(410);
    await expect(signIn(ctx.app, { email: user.email, password: 'a new long password' })).resolves.toBeDefined();
  });

  it('refuses a wrong current password next to its field, and nothing changes', async () => {
    const user = await createUser(ctx.db);
    const here = await signIn(ctx.app, user);
    const elsewhere = await signIn(ctx.app, user);
    const res = await postForm(here, '/account/password', { current: 'not my password', password: 'a new long password', confirm: 'a new long password' }, '/account/password');
    expect(res.status).toBe(422);
    expect(res.text).toContain('That is not your current password. Your password has not been changed.');
    expect(res.text).toMatch(/id="field-current-error"/);
    expect(res.text).not.toContain('a new long password'); // passwords are never sent back
    await expect(signIn(ctx.app, user)).resolves.toBeDefined();
    expect(await isLoggedIn(elsewhere)).toBe(true);
    expect(await emailsTo(user.email)).toHaveLength(0);
  });

  it('asks again when the new passwords differ, are short, or are the current one', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const change = (password: string, confirm = password) => postForm(agent, '/account/password', { current: TEST_PASSWORD, password, confirm }, '/account/password');
    const differ = await change('first new password', 'second new password');
    expect(differ.status).toBe(422);
    expect(differ.text).toContain('The two new passwords do not match.');
    const short = await change('short');
    expect(short.status).toBe(422);
    expect(short.text).toContain('at least 10 characters');
    const same = await change(TEST_PASSWORD);
    expect(same.status).toBe(422);
    expect(same.text).toContain('That is the password you have now.');
    await expect(signIn(ctx.app, user)).resolves.toBeDefined();
  });
});

describe('changing your email address', () => {
  it('changes only once the new address confirms; the old one is told at once', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const newEmail = `moved-${user.id}@example.test`;
    const res = await askEmailChange(agent, newEmail.toUpperCase());
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/account');
    const account = await agent.get('/account');
    expect(account.text).toContain(`We have emailed a link to <strong>${newEmail}</strong>. Your email changes to it when you open the link, within 24 hours`);
    expect((await userRow(user.id)).email).toBe(user.email);

    const [notice] = await emailsTo(user.email);
    expect(notice.subject).toBe('A change of email address was asked for your Kindred account');
    expect(notice.body_text).toContain(newEmail);
    expect(notice.body_text).toContain('/forgot-password');

    const link = await linkIn(newEmail);
    const page = await request.agent(ctx.app).get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Use <strong>${newEmail}</strong> for your Kindred account instead of ${user.email}?`);
    expect((await userRow(user.id)).email).toBe(user.email); // opening the page changes nothing

    const done = await confirmThrough(link);
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/login');
    expect((await userRow(user.id)).email).toBe(newEmail);
    await expect(signIn(ctx.app, { email: newEmail, password: TEST_PASSWORD })).resolves.toBeDefined();
    await expect(signIn(ctx.app, user)).rejects.toThrow('login failed');
    expect(await isLoggedIn(agent)).toBe(true); // the session that asked stays logged in
    expect((await agent.get('/account')).text).toContain(newEmail);

    const again = await request(ctx.app).get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('expired or was already used');
  });

  it('takes the owner back to their account when they confirm while logged in', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    await askEmailChange(agent, `logged-in-${user.id}@example.test`);
    const done = await confirmThrough(await linkIn(`logged-in-${user.id}@example.test`), agent);
    expect(done.headers.location).toBe('/account');
    expect((await agent.get('/account')).text).toContain(`Your email address is now logged-in-${user.id}@example.test.`);
  });

  it('refuses a wrong password, the same address and an address in use, keeping what was typed and sending nothing', async () => {
    const user = await createUser(ctx.db);
    const other = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const wrong = await askEmailChange(agent, `typed-${user.id}@example.test`, 'not my password');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That password is not right. Your email has not been changed.');
    expect(wrong.text).toContain(`value="typed-${user.id}@example.test"`);
    const same = await askEmailChange(agent, user.email);
    expect(same.status).toBe(422);
    expect(same.text).toContain('That is already your email address.');
    const taken = await askEmailChange(agent, other.email);
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Another account uses this email address.');
    const malformed = await askEmailChange(agent, 'not an address');
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('Please enter an email address like name@library.org.');
    expect(await ctx.db('email_changes').where({ user_id: user.id })).toHaveLength(0);
    expect(await emailsTo(user.email)).toHaveLength(0);
    expect(await emailsTo(`typed-${user.id}@example.test`)).toHaveLength(0);
  });

  it('does not change anything through an expired link, or one a newer request replaced', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    await askEmailChange(agent, `first-${user.id}@example.test`);
    const first = await linkIn(`first-${user.id}@example.test`);
    await askEmailChange(agent, `second-${user.id}@example.test`);
    const second = await linkIn(`second-${user.id}@example.test`);
    const replaced = await confirmThrough(first);
    expect(replaced.status).toBe(410);
    expect(replaced.text).toContain('expired or was already used');
    await ctx.db('email_changes').where({ user_id: user.id }).update({ expires_at: new Date(Date.now() - 1000) });
    expect((await request(ctx.app).get(second)).status).toBe(410);
    expect((await confirmThrough(second)).status).toBe(410);
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('stops a pending change when the password is reset or changed, so whoever asked cannot finish it', async () => {
    const user = await createUser(ctx.db);
    const intruder = await signIn(ctx.app, user);
    await askEmailChange(intruder, `intruder-${user.id}@example.test`);
    const link = await linkIn(`intruder-${user.id}@example.test`);
    // The owner, warned at their address, resets the password.
    const forgot = request.agent(ctx.app);
    const forgotToken = await csrfFrom(forgot, '/forgot-password');
    await forgot.post('/forgot-password').type('form').send({ _csrf: forgotToken, email: user.email });
    const [reset] = await ctx.db('outbox_emails').where({ to_address: user.email }).whereILike('subject', 'Reset%');
    const resetLink = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(reset.body_text)![1];
    const resetToken = await csrfFrom(forgot, resetLink);
    await forgot.post(resetLink).type('form').send({ _csrf: resetToken, password: 'the owner’s new password', confirm: 'the owner’s new password' });
    expect((await confirmThrough(link)).status).toBe(410);
    expect((await userRow(user.id)).email).toBe(user.email);

    const owner = await signIn(ctx.app, { email: user.email, password: 'the owner’s new password' });
    await askEmailChange(owner, `next-${user.id}@example.test`, 'the owner’s new password');
    const next = await linkIn(`next-${user.id}@example.test`);
    await postForm(owner, '/account/password', { current: 'the owner’s new password', password: 'yet another password', confirm: 'yet another password' }, '/account/password');
    expect((await confirmThrough(next)).status).toBe(410);
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('keeps the old address when another account took the new one meanwhile', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const wanted = `wanted-${user.id}@example.test`;
    await askEmailChange(agent, wanted);
    await createUser(ctx.db, { email: wanted });
    const res = await confirmThrough(await linkIn(wanted));
    expect(res.status).toBe(410);
    expect(res.text).toContain(`Another account started using ${wanted} in the meantime, so your account keeps ${user.email}.`);
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('answers a made-up link with 410 and changes nothing', async () => {
    const res = await confirmThrough('/account/email/confirm/made-up-token-made-up-token-0000');
    expect(res.status).toBe(410);
  });
});

describe('your data after an email change', () => {
  /** A learner who moved from their first address to a second; someone else then took the first. */
  async function movedLearner(): Promise<{ user: TestUser; first: string; second: string }> {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const first = user.email;
    const second = `second-home-${user.id}@example.test`;
    await ctx.mailer.send({ to: first, subject: 'Before the move', text: 'sent to the first address' });
    await askEmailChange(agent, second);
    await confirmThrough(await linkIn(second));
    await ctx.mailer.send({ to: second, subject: 'After the move', text: 'sent to the second address' });
    // Later mail to the first address is somebody else's.
    await ctx.db('outbox_emails').insert({ to_address: first, subject: 'Not theirs', body_text: 'for the next owner', status: 'kept', created_at: new Date(Date.now() + 60_000) });
    return { user: { ...user, email: second }, first, second };
  }

  it('exports the emails sent to both addresses while each was theirs', async () => {
    const { user } = await movedLearner();
    const agent = await signIn(ctx.app, user);
    const res = await agent.get('/account/export').buffer(true).parse(binary);
    const json = JSON.parse(unzip(res.body as Buffer)['kindred-data.json'].toString('utf8'));
    const subjects = json.emails.map((e: { subject: string }) => e.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Before the move', 'After the move', 'Confirm your new email address for Kindred']));
    expect(subjects).not.toContain('Not theirs');
    expect(JSON.stringify(json)).not.toContain('token_hash');
  });

  it('deletes them with the account, and not the next owner’s', async () => {
    const { user, first, second } = await movedLearner();
    const agent = await signIn(ctx.app, user);
    const res = await postForm(agent, '/account/delete', { password: TEST_PASSWORD }, '/account/delete');
    expect(res.status).toBe(200);
    expect((await emailsTo(first)).map((e) => e.subject)).toEqual(['Not theirs']);
    expect(await emailsTo(second)).toHaveLength(0);
  });
});
