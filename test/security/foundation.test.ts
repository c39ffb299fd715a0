import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { csrfFrom, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('CSRF', () => {
  it('refuses a registration without a token with 403 and creates nothing', async () => {
    const email = `csrf-${Date.now()}@example.test`;
    const res = await request(ctx.app).post('/register').type('form').send({ name: 'No Token', email, password: 'a long enough password' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Nothing was changed');
    expect(await ctx.db('users').where({ email })).toHaveLength(0);
  });

  it('refuses a wrong token with 403', async () => {
    const agent = request.agent(ctx.app);
    await csrfFrom(agent, '/register');
    const email = `csrf2-${Date.now()}@example.test`;
    const res = await agent.post('/register').type('form').send({ _csrf: 'forged', name: 'Bad Token', email, password: 'a long enough password' });
    expect(res.status).toBe(403);
    expect(await ctx.db('users').where({ email })).toHaveLength(0);
  });

  it('refuses a logout without a token, and the user stays logged in', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    expect((await agent.post('/logout')).status).toBe(403);
    expect((await agent.get('/dashboard')).status).toBe(200);
  });

  it('refuses a token from another session', async () => {
    const other = request.agent(ctx.app);
    const token = await csrfFrom(other, '/login');
    const agent = request.agent(ctx.app);
    await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: 'x@example.test', password: 'whatever' });
    expect(res.status).toBe(403);
  });
});

describe('role guards', () => {
  it('sends a visitor to the login page from a private page', async () => {
    const res = await request(ctx.app).get('/dashboard');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });

  it.each([
    ['learner', '/admin', 403],
    ['learner', '/teach', 403],
    ['learner', '/admin/outbox', 403],
    ['instructor', '/admin', 403],
    ['instructor', '/teach', 200],
    ['admin', '/admin', 200],
    ['admin', '/teach', 200],
    ['admin', '/admin/outbox', 200],
  ] as const)('a %s asking for %s gets %i', async (role, url, status) => {
    const agent = await signIn(ctx.app, await createUser(ctx.db, { role }));
    const res = await agent.get(url);
    expect(res.status).toBe(status);
    if (status === 403) {
      expect(res.text).toContain('not open to your account');
      expect(res.text).toContain('href="/dashboard"');
    }
  });

  it('shows a friendly 404 that says where to go next', async () => {
    const res = await request(ctx.app).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('We could not find that page');
    expect(res.text).toContain('href="/courses"');
  });

  it('lets an admin read an email in the outbox', async () => {
    const admin = await createUser(ctx.db, { role: 'admin' });
    await ctx.mailer.send({ to: 'reader@example.test', subject: 'Hello <there>', text: 'Body <b>text</b>' });
    const agent = await signIn(ctx.app, admin);
    const list = await agent.get('/admin/outbox?to=reader@example.test');
    expect(list.text).toContain('Hello &lt;there&gt;');
    const id = /href="\/admin\/outbox\/(\d+)"/.exec(list.text)![1];
    const one = await agent.get(`/admin/outbox/${id}`);
    expect(one.text).toContain('Body &lt;b&gt;text&lt;/b&gt;');
    expect((await agent.get('/admin/outbox/999999')).status).toBe(404);
    expect((await agent.get('/admin/outbox/abc')).status).toBe(404);
  });
});

describe('headers', () => {
  it('sends a CSP with no inline script, nosniff, a referrer policy and no framing', async () => {
    const res = await request(ctx.app).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('bad requests', () => {
  it('answers malformed JSON with a clear 400, not a stack trace', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').set('content-type', 'application/json').set('x-csrf-token', token).send('{"email":');
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
