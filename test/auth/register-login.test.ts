import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser, TEST_PASSWORD } from '../helpers/factories';
import { csrfFrom, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function register(form: Record<string, string | string[]>) {
  const agent = request.agent(ctx.app);
  const token = await csrfFrom(agent, '/register');
  const res = await agent.post('/register').type('form').send({ _csrf: token, ...form });
  return { agent, res };
}

const countUsers = async (email: string) => Number((await ctx.db('users').where({ email }).count('* as n'))[0].n);

describe('registration', () => {
  it('creates a learner account, logs it in and stores an argon2id hash', async () => {
    const email = `new-${Date.now()}@example.test`;
    const { agent, res } = await register({ name: 'Rosa Reader', email: email.toUpperCase(), password: 'a long enough password' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/dashboard');
    const row = await ctx.db('users').where({ email }).first();
    expect(row).toMatchObject({ name: 'Rosa Reader', role: 'learner', active: true });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const dashboard = await agent.get('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Rosa Reader');
  });

  it('refuses a duplicate email next to the field, keeping the name typed', async () => {
    const existing = await createUser(ctx.db);
    const { res } = await register({ name: 'Second Person', email: existing.email, password: 'a long enough password' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('An account with this email already exists');
    expect(res.text).toContain('value="Second Person"');
    expect(res.text).toContain(`value="${existing.email}"`);
    expect(await countUsers(existing.email)).toBe(1);
  });

  it.each([
    ['an empty name', { name: '   ', email: 'a@example.test', password: 'a long enough password' }, 'name', 'Please enter your name'],
    ['an overlong name', { name: 'x'.repeat(121), email: 'b@example.test', password: 'a long enough password' }, 'name', '120 characters'],
    ['an empty email', { name: 'Kim', email: '', password: 'a long enough password' }, 'email', 'Please enter your email'],
    ['a malformed email', { name: 'Kim', email: 'not-an-email', password: 'a long enough password' }, 'email', 'name@library.org'],
    ['an overlong email', { name: 'Kim', email: `${'x'.repeat(250)}@e.test`, password: 'a long enough password' }, 'email', 'too long'],
    ['a short password', { name: 'Kim', email: 'c@example.test', password: 'short' }, 'password', 'at least 10 characters'],
    ['an overlong password', { name: 'Kim', email: 'd@example.test', password: 'p'.repeat(201) }, 'password', 'at most 200'],
  ])('refuses %s with a message next to the field and keeps the input', async (_label, form, field, message) => {
    const before = Number((await ctx.db('users').count('* as n'))[0].n);
    const { res } = await register(form);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="field-${field}-error"`);
    expect(res.text).toContain(message);
    if (form.name.trim()) expect(res.text).toContain(`value="${form.name}"`);
    expect(res.text).not.toContain(form.password.length > 3 ? `value="${form.password}"` : 'value="short"');
    expect(Number((await ctx.db('users').count('* as n'))[0].n)).toBe(before);
  });

  it('does not answer 500 to a form with fields missing entirely', async () => {
    const { res } = await register({});
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please fill in this field.');
    expect(res.text).not.toContain('Invalid input');
  });

  it('words a field sent twice, as no browser would, in plain words too', async () => {
    const { res } = await register({ name: ['Ann', 'Bo'], email: 'twice@example.test', password: 'a long enough password' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('We could not read this field.');
  });
});

describe('login and logout', () => {
  it('logs in with the right password and regenerates the session id', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/login');
    const sidOf = (cookie: string) => decodeURIComponent(/kindred\.sid=([^;]+)/.exec(cookie)![1]).split('.')[0];
    const before = agent.jar.getCookie('kindred.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })!;
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
    expect(res.status).toBe(302);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(sidOf(setCookie)).not.toBe(sidOf(`kindred.sid=${before.value}`));
    const stored = await ctx.db('http_sessions').where({ sid: sidOf(setCookie).slice(2) }).first();
    expect(stored).toBeDefined();
  });

  it('refuses a wrong password with one message and keeps the email', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: 'wrong password!' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('do not match an active account');
    expect(res.text).toContain(`value="${user.email}"`);
    expect((await agent.get('/dashboard')).status).toBe(302);
  });

  const loggedInSessions = async () =>
    Number((await ctx.db('http_sessions').whereRaw(`(sess::jsonb -> 'passport' ->> 'user') is not null`).count('* as n'))[0].n);

  it.each([
    ['an empty email', () => ({ email: '', password: TEST_PASSWORD }), 'email', 'Please enter your email'],
    ['a malformed email', () => ({ email: 'not-an-email', password: TEST_PASSWORD }), 'email', 'name@library.org'],
    ['an overlong email', () => ({ email: `${'x'.repeat(250)}@e.test`, password: TEST_PASSWORD }), 'email', 'too long'],
    ['an empty password', (owner: string) => ({ email: owner, password: '' }), 'password', 'Please enter your password.'],
    ['an overlong password', (owner: string) => ({ email: owner, password: 'p'.repeat(201) }), 'password', 'That password is too long.'],
  ])('refuses %s with a message next to the field, keeps the email and logs nobody in', async (_label, typedBy, field, message) => {
    const user = await createUser(ctx.db);
    const form = typedBy(user.email);
    const before = await loggedInSessions();
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, ...form });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="field-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`name="email" type="email" value="${form.email}"`);
    if (form.password) expect(res.text).not.toContain(form.password);
    expect(await loggedInSessions()).toBe(before);
    expect((await agent.get('/dashboard')).status).toBe(302);
  });

  it('refuses a deactivated account even with the right password', async () => {
    const user = await createUser(ctx.db, { active: false });
    await expect(signIn(ctx.app, user)).rejects.toThrow('login failed');
  });

  it('returns to the page that asked for a login', async () => {
    const user = await createUser(ctx.db, { role: 'admin' });
    const agent = request.agent(ctx.app);
    expect((await agent.get('/admin/outbox')).headers.location).toBe('/login');
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
    expect(res.headers.location).toBe('/admin/outbox');
  });

  it('logs out and the old session cookie stops working on the server', async () => {
    const user = await createUser(ctx.db);
    const agent = await signIn(ctx.app, user);
    const cookie = agent.jar.getCookie('kindred.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })!;
    const token = await csrfFrom(agent, '/dashboard');
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    const replay = await request(ctx.app).get('/dashboard').set('Cookie', `kindred.sid=${cookie.value}`);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/login');
  });
});
