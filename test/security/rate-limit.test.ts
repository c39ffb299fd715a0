import request from 'supertest';
import { createApp } from '../../src/app';
import { silentLogger } from '../../src/lib/logger';
import { sweepRateLimits } from '../../src/lib/rate-limit-store';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { csrfFrom, decode, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT: '3', REGISTER_RATE_LIMIT: '2' } });
});
afterAll(() => ctx.close());

it('answers 429 with a clear message after too many login attempts', async () => {
  const agent = request.agent(ctx.app);
  const token = await csrfFrom(agent, '/login');
  const attempt = () => agent.post('/login').type('form').send({ _csrf: token, email: 'x@example.test', password: 'wrong password' });
  for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(422);
  const limited = await attempt();
  expect(limited.status).toBe(429);
  expect(limited.text).toContain('too many attempts to log in');
});

// Until December 2026 every registration counted against the small limit, successful ones too, so a
// third colleague registering from the same library address was refused. Now only refused attempts
// count against it; accounts made are bounded by a ceiling ten times as high.
describe('registration', () => {
  const register = async (app: typeof ctx.app, values: { name: string; email: string; password: string }) => {
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/register');
    return agent.post('/register').type('form').send({ _csrf: token, ...values });
  };
  const colleague = (n: number, stamp: string) => ({ name: `Colleague ${n}`, email: `rl-${stamp}-${n}@example.test`, password: 'a long enough password' });

  it('lets six colleagues behind one address register in a row', async () => {
    const branch = await createTestContext({ env: { REGISTER_RATE_LIMIT: '5' } });
    try {
      const stamp = `six-${Date.now()}`;
      for (let n = 1; n <= 6; n++) expect((await register(branch.app, colleague(n, stamp))).status).toBe(302);
      expect(await branch.db('users').where('email', 'like', `rl-${stamp}-%`)).toHaveLength(6);
    } finally {
      await branch.close();
    }
  });

  it('answers 429 after too many refused attempts, keeping the typed name and email but not the password, and creates no account', async () => {
    const stamp = `refused-${Date.now()}`;
    const taken = await createUser(ctx.db);
    for (let n = 1; n <= 2; n++) expect((await register(ctx.app, { ...colleague(n, stamp), email: taken.email })).status).toBe(422);
    const limited = await register(ctx.app, { name: 'Robin Third', email: `rl-${stamp}-3@example.test`, password: 'a secret typed password' });
    expect(limited.status).toBe(429);
    const page = decode(limited.text);
    expect(page).toContain('<h1>Create your account</h1>');
    expect(page).toContain('too many attempts to create an account from your connection');
    expect(page).toContain('value="Robin Third"');
    expect(page).toContain(`value="rl-${stamp}-3@example.test"`);
    expect(page).not.toContain('a secret typed password');
    expect(await ctx.db('users').where('email', 'like', `rl-${stamp}-%`)).toHaveLength(0);
  });

  it('still bounds the accounts made from one address, at ten times the limit of refused attempts', async () => {
    const bounded = await createTestContext({ env: { REGISTER_RATE_LIMIT: '2' } });
    try {
      const stamp = `ceiling-${Date.now()}`;
      for (let n = 1; n <= 20; n++) expect((await register(bounded.app, colleague(n, stamp))).status).toBe(302);
      const limited = await register(bounded.app, colleague(21, stamp));
      expect(limited.status).toBe(429);
      expect(decode(limited.text)).toContain('Too many accounts have been created from your connection.');
      expect(decode(limited.text)).toContain('value="Colleague 21"');
      expect(await bounded.db('users').where('email', 'like', `rl-${stamp}-%`)).toHaveLength(20);
    } finally {
      await bounded.close();
    }
  });
});

it('counts only failed logins, so colleagues behind one address are not locked out by logging in', async () => {
  const branch = await createTestContext({ env: { LOGIN_RATE_LIMIT: '3' } });
  try {
    const user = await createUser(branch.db);
    const logIn = async (password: string) => {
      const agent = request.agent(branch.app);
      const token = await csrfFrom(agent, '/login');
      return agent.post('/login').type('form').send({ _csrf: token, email: user.email, password });
    };
    for (let i = 0; i < 6; i++) expect((await logIn(user.password)).status).toBe(302);
    for (let i = 0; i < 3; i++) expect((await logIn('not the password')).status).toBe(422);
    expect((await logIn('not the password')).status).toBe(429);
  } finally {
    await branch.close();
  }
});

it('limits wrong guesses at the current password on the password and email forms, as at login', async () => {
  // A context of its own: the first test here has used up this address's failed logins.
  const own = await createTestContext({ env: { LOGIN_RATE_LIMIT: '3' } });
  try {
    const user = await createUser(own.db);
    const agent = await signIn(own.app, user);
    const token = await csrfFrom(agent, '/account/password');
    const guess = (n: number) =>
      n % 2
        ? agent.post('/account/password').type('form').send({ _csrf: token, current: `guess ${n}`, password: 'a new long password', confirm: 'a new long password' })
        : agent.post('/account/email').type('form').send({ _csrf: token, email: `guess-${n}@example.test`, password: `guess ${n}` });
    for (let n = 0; n < 3; n++) expect((await guess(n)).status).toBe(422);
    const limited = await guess(3);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('check your password');
    const right = await agent.post('/account/password').type('form').send({ _csrf: token, current: user.password, password: 'a new long password', confirm: 'a new long password' });
    expect(right.status).toBe(429);
    await expect(signIn(own.app, user)).resolves.toBeDefined();
    expect(await own.db('email_changes').where({ user_id: user.id })).toHaveLength(0);
  } finally {
    await own.close();
  }
});

it('answers 429 after 60 certificate lookups from one address in the window, with the form or a code alike', async () => {
  const verifier = request.agent(ctx.app);
  for (let n = 0; n < 60; n++) {
    const res = await verifier.get(n % 2 ? `/verify/NONE-SUCH-CODE-${String(n).padStart(4, '0')}` : '/verify');
    expect(res.status).toBeLessThan(429);
  }
  const limited = await verifier.get('/verify/ABCD-EFGH-JKMN-PQRS');
  expect(limited.status).toBe(429);
  expect(limited.text).toContain('check a certificate');
});

describe('counted in the database, so every instance shares one limit', () => {
  it('refuses the attempt past the limit whichever instance it reaches, and starts afresh when the window ends', async () => {
    const shared = await createTestContext({ env: { LOGIN_RATE_LIMIT: '3' } });
    try {
      // A second instance of the app on the same database, as behind a load balancer.
      const other = createApp({ config: shared.config, database: shared.database, mailer: shared.mailer, logger: silentLogger, storage: shared.storage }).app;
      const attemptOn = async (app: typeof other) => {
        const agent = request.agent(app);
        const token = await csrfFrom(agent, '/login');
        return agent.post('/login').type('form').send({ _csrf: token, email: 'nobody@example.test', password: 'wrong password' });
      };
      expect((await attemptOn(shared.app)).status).toBe(422);
      expect((await attemptOn(other)).status).toBe(422);
      expect((await attemptOn(shared.app)).status).toBe(422);
      expect((await attemptOn(other)).status).toBe(429);
      expect((await attemptOn(shared.app)).status).toBe(429);
      const [row] = await shared.db('rate_limit_hits').where('key', 'like', 'login:%');
      expect(row.hits).toBe(5);

      // The window ends: the next attempt counts from one, and the sweep leaves the live count alone.
      await shared.db('rate_limit_hits').update({ resets_at: new Date(Date.now() - 1000) });
      await shared.db('rate_limit_hits').insert({ key: 'register:ended', hits: 9, resets_at: new Date(Date.now() - 1000) });
      expect((await attemptOn(other)).status).toBe(422);
      expect(await sweepRateLimits(shared.db)).toBe(1);
      expect(await shared.db('rate_limit_hits').select('key', 'hits')).toEqual([{ key: row.key, hits: 1 }]);
    } finally {
      await shared.close();
    }
  });
});
