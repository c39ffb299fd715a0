import fs from 'node:fs';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser } from '../helpers/factories';
import { signIn } from '../helpers/http';

// Login sessions (cookie flags, fixation, logout, idle expiry) and security headers.
let ctx: TestContext;
const extra: TestContext[] = [];
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  for (const c of extra) fs.rmSync(c.config.dataDir, { recursive: true, force: true });
  await ctx.close();
});

/** Another app (other settings) on the same database. */
async function appWith(env: Record<string, string>): Promise<TestContext> {
  const c = await createTestContext({ env, database: ctx.database });
  extra.push(c);
  return c;
}

const sessionCookie = (setCookie: string[] | string | undefined) => [setCookie ?? []].flat().find((c) => c.startsWith('kindred.sid='));
const sidOf = (cookie: string) => decodeURIComponent(/kindred\.sid=([^;]+)/.exec(cookie)![1]).replace(/^s:/, '').split('.')[0];

async function logInRaw(app: TestContext['app'], email: string, password: string, headers: Record<string, string> = {}) {
  const page = await request(app).get('/login').set(headers);
  const before = sessionCookie(page.headers['set-cookie']);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await request(app)
    .post('/login')
    .set(headers)
    .set('Cookie', before ? before.split(';')[0] : '')
    .type('form')
    .send({ _csrf: token, email, password });
  return { before, res, after: sessionCookie(res.headers['set-cookie']) };
}

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and not Secure over plain http', async () => {
    const user = await createUser(ctx.db);
    const { after, res } = await logInRaw(ctx.app, user.email, user.password);
    expect(res.status).toBe(302);
    expect(after).toMatch(/;\s*HttpOnly/i);
    expect(after).toMatch(/;\s*SameSite=Lax/i);
    expect(after).not.toMatch(/;\s*Secure/i);
  });

  it('is Secure behind a TLS proxy when BASE_URL is https and TRUST_PROXY is on', async () => {
    const tls = await appWith({ BASE_URL: 'https://kindred.example', TRUST_PROXY: 'true' });
    const user = await createUser(ctx.db);
    const { after, res } = await logInRaw(tls.app, user.email, user.password, { 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(302);
    expect(after).toMatch(/;\s*Secure/i);
    expect(after).toMatch(/;\s*HttpOnly/i);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('is never sent over plain http when BASE_URL is https, and a forwarded header is not trusted unless TRUST_PROXY is on', async () => {
    const untrusting = await appWith({ BASE_URL: 'https://kindred.example', TRUST_PROXY: 'false' });
    const page = await request(untrusting.app).get('/login').set('X-Forwarded-Proto', 'https');
    expect(page.status).toBe(200);
    expect(sessionCookie(page.headers['set-cookie'])).toBeUndefined();
  });

  it('changes the session id at login, and the id from before the login is not logged in', async () => {
    const user = await createUser(ctx.db);
    const { before, after } = await logInRaw(ctx.app, user.email, user.password);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(sidOf(after!)).not.toBe(sidOf(before!));
    const fixated = await request(ctx.app).get('/dashboard').set('Cookie', before!.split(';')[0]);
    expect(fixated.status).toBe(302);
    expect(fixated.headers.location).toBe('/login');
  });

  it('is destroyed on the server at logout: the old cookie no longer logs anyone in', async () => {
    const user = await createUser(ctx.db);
    const { after } = await logInRaw(ctx.app, user.email, user.password);
    const cookie = after!.split(';')[0];
    const sid = sidOf(after!);
    expect((await request(ctx.app).get('/dashboard').set('Cookie', cookie)).status).toBe(200);
    const page = await request(ctx.app).get('/dashboard').set('Cookie', cookie);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const out = await request(ctx.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: token });
    expect(out.status).toBe(302);
    expect(await ctx.db('http_sessions').where({ sid })).toHaveLength(0);
    const replay = await request(ctx.app).get('/dashboard').set('Cookie', cookie);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/login');
  });

  it('expires after the configured minutes of inactivity', async () => {
    const short = await appWith({ SESSION_IDLE_MINUTES: '1' });
    const user = await createUser(ctx.db);
    const { after } = await logInRaw(short.app, user.email, user.password);
    const cookie = after!.split(';')[0];
    const expires = new Date(/Expires=([^;]+)/i.exec(after!)![1]).getTime();
    expect(expires - Date.now()).toBeLessThanOrEqual(61_000);
    expect(expires - Date.now()).toBeGreaterThan(30_000);
    expect((await request(short.app).get('/dashboard').set('Cookie', cookie)).status).toBe(200);

    // Two idle minutes later, as the store sees it.
    await ctx.db('http_sessions').where({ sid: sidOf(after!) }).update({ expired: new Date(Date.now() - 60_000) });
    const late = await request(short.app).get('/dashboard').set('Cookie', cookie);
    expect(late.status).toBe(302);
    expect(late.headers.location).toBe('/login');
  });

  it('stays alive while the learner keeps working (each request moves the expiry on)', async () => {
    const short = await appWith({ SESSION_IDLE_MINUTES: '1' });
    const user = await createUser(ctx.db);
    const { after } = await logInRaw(short.app, user.email, user.password);
    const cookie = after!.split(';')[0];
    const sid = sidOf(after!);
    await ctx.db('http_sessions').where({ sid }).update({ expired: new Date(Date.now() + 5_000) });
    expect((await request(short.app).get('/dashboard').set('Cookie', cookie)).status).toBe(200);
    const row = await ctx.db('http_sessions').where({ sid }).first('expired');
    expect(new Date(row.expired).getTime() - Date.now()).toBeGreaterThan(30_000);
  });
});

describe('security headers', () => {
  function expectStrictHeaders(res: request.Response, url: string) {
    const csp = String(res.headers['content-security-policy'] ?? '');
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect({ url, scriptSrc: directive('script-src') }).toEqual({ url, scriptSrc: "script-src 'self'" });
    expect({ url, unsafeInline: /unsafe-inline|unsafe-eval/.test(directive('script-src') || directive('default-src')) }).toEqual({ url, unsafeInline: false });
    expect({ url, frameAncestors: directive('frame-ancestors') }).toEqual({ url, frameAncestors: "frame-ancestors 'none'" });
    expect({ url, objectSrc: directive('object-src') }).toEqual({ url, objectSrc: "object-src 'none'" });
    expect({ url, nosniff: res.headers['x-content-type-options'] }).toEqual({ url, nosniff: 'nosniff' });
    expect({ url, referrer: res.headers['referrer-policy'] }).toEqual({ url, referrer: 'same-origin' });
    expect({ url, poweredBy: res.headers['x-powered-by'] }).toEqual({ url, poweredBy: undefined });
  }

  it('sends a strict CSP, nosniff, a referrer policy and no framing on public pages, forms and errors', async () => {
    const { course } = await createCohorts(ctx.db);
    for (const url of ['/', '/login', '/register', '/forgot-password', '/courses', `/courses/${course.slug}`, '/verify', '/no/such/page', '/healthz', '/static/css/site.css']) {
      const res = await request(ctx.app).get(url);
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
      expectStrictHeaders(res, url);
    }
  });

  it('answers the browser\'s favicon request with the site icon, which every page names', async () => {
    const ico = await request(ctx.app).get('/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.location).toBe('/static/favicon.svg');
    const svg = await request(ctx.app).get('/static/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect((await request(ctx.app).get('/login')).text).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  });

  it('sends no ETag on rendered pages, which carry per-reader state, but keeps them on static files', async () => {
    const w = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, w.learnerA);
    for (const url of ['/login', `/courses/${w.course.slug}`]) expect({ url, etag: (await request(ctx.app).get(url)).headers.etag }).toEqual({ url, etag: undefined });
    expect((await agent.get(`/sessions/${w.sessionA.id}`)).headers.etag).toBeUndefined();
    const css = await request(ctx.app).get('/static/css/site.css');
    expect(css.headers.etag).toMatch(/^W\/"/);
    expect((await request(ctx.app).get('/static/css/site.css').set('If-None-Match', css.headers.etag)).status).toBe(304);
  });

  it('keeps signed-in pages out of every cache (a shared computer, Back after logout), and leaves public pages and static files cacheable', async () => {
    const w = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, w.learnerA);
    for (const url of ['/dashboard', `/sessions/${w.sessionA.id}`, `/sessions/${w.sessionA.id}/weeks/1`, `/sessions/${w.sessionA.id}/weeks/1/reflection`, `/courses/${w.course.slug}`, '/account', '/no/such/page']) {
      const res = await agent.get(url);
      expect({ url, cache: res.headers['cache-control'] }).toEqual({ url, cache: 'private, no-store' });
    }
    const refused = await agent.post('/logout').type('form').send({ _csrf: 'forged' });
    expect(refused.headers['cache-control']).toBe('private, no-store');
    for (const url of ['/', '/login', `/courses/${w.course.slug}`]) {
      expect({ url, cache: (await request(ctx.app).get(url)).headers['cache-control'] }).toEqual({ url, cache: undefined });
    }
    expect((await agent.get('/static/css/site.css')).headers['cache-control']).not.toContain('no-store');
  });

  it('sends them on logged-in pages, session pages and refusals too', async () => {
    const w = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, w.learnerA);
    for (const url of ['/dashboard', `/sessions/${w.sessionA.id}`, `/sessions/${w.sessionA.id}/weeks/1`, `/sessions/${w.sessionB.id}`, '/admin']) {
      const res = await agent.get(url);
      expectStrictHeaders(res, url);
    }
    const refused = await agent.post('/logout').type('form').send({ _csrf: 'forged' });
    expect(refused.status).toBe(403);
    expectStrictHeaders(refused, 'POST /logout (forged token)');
  });
});
