import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createPostgresDb, type Database } from '../../src/db';
import { seedDatabase } from '../../seeds';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { APP_PROCESS_ARGS, projectRoot } from '../helpers/app-process';
import { createThread } from '../helpers/discussions-factories';
import { adminUrl, databaseUrl } from '../helpers/pg-urls';

// Two real app processes on one PostgreSQL database, as behind a load balancer: logins, live
// posts and moderation must not depend on which instance a request or a socket lands on.
// Runs only on PostgreSQL (jest.config.js leaves test/scale out on the embedded database).
const SESSION_SECRET = `scale-${randomBytes(24).toString('hex')}`;
const dbName = `kindred_scale_${randomBytes(6).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-scale-'));

interface Instance {
  name: string;
  base: string;
  child: ChildProcess;
  stderr: string[];
}

let admin: Database;
let database: Database;
let a: Instance;
let b: Instance;
const sockets: Socket[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startInstance(name: string, url: string): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    SESSION_SECRET,
    DATA_DIR: path.join(dataDir, name),
    UPLOAD_DIR: path.join(dataDir, 'uploads'),
    LOGIN_RATE_LIMIT: '1000',
  };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, APP_PROCESS_ARGS, { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { name, base, child, stderr };
}

async function waitForHealth(instance: Instance): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (instance.child.exitCode !== null) throw new Error(`instance ${instance.name} exited: ${instance.stderr.join('')}`);
    try {
      const res = await fetch(`${instance.base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance ${instance.name} did not become healthy: ${instance.stderr.join('')}`);
}

function stopInstance(instance: Instance | undefined): Promise<number | null> {
  if (!instance || instance.child.exitCode !== null) return Promise.resolve(instance?.child.exitCode ?? null);
  return new Promise((resolve) => {
    // A process that ignores SIGTERM is killed (and then reports no exit code, failing the last test).
    const kill = setTimeout(() => instance.child.kill('SIGKILL'), 15_000);
    instance.child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    instance.child.kill('SIGTERM');
  });
}

const sessionCookie = (res: Response) => {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kindred.sid='));
  return cookie ? cookie.split(';')[0] : undefined;
};

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

async function get(instance: Instance, pagePath: string, cookie?: string): Promise<Response> {
  return fetch(`${instance.base}${pagePath}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

/** Posts a form the way a browser does: the token comes from `tokenPage` on the same instance. */
async function postForm(instance: Instance, url: string, cookie: string, data: Record<string, string>, tokenPage: string): Promise<Response> {
  const token = csrfOf(await (await get(instance, tokenPage, cookie)).text());
  return fetch(`${instance.base}${url}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...data }),
  });
}

/** Logs in through the real login form of one instance; returns the session cookie. */
async function logIn(instance: Instance, user: TestUser): Promise<string> {
  const page = await get(instance, '/login');
  const anonymous = sessionCookie(page);
  const res = await fetch(`${instance.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...(anonymous ? { cookie: anonymous } : {}), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), email: user.email, password: user.password }),
  });
  const cookie = sessionCookie(res) ?? anonymous;
  if (res.status !== 302 || !cookie) throw new Error(`login failed for ${user.email} on ${instance.name}: ${res.status}`);
  return cookie;
}

/** A Socket.io client as the thread page's script makes it, carrying the login cookie. */
async function watch(instance: Instance, cookie: string, room: string): Promise<{ socket: Socket; joined: { ok: boolean; error?: string } }> {
  const socket = connectSocket(instance.base, { transports: ['websocket', 'polling'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = await socket.timeout(5000).emitWithAck('discussion:join', room);
  return { socket, joined };
}

interface LivePayload {
  threadId: number;
  postId: number;
  html: string;
}

function nextEvent(socket: Socket, event: string, postId?: number, timeoutMs = 10_000): Promise<LivePayload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    function listener(payload: LivePayload) {
      if (postId !== undefined && payload.postId !== postId) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    }
    socket.on(event, listener);
  });
}

beforeAll(async () => {
  const testUrl = process.env.TEST_DATABASE_URL;
  const template = process.env.KINDRED_TEST_TEMPLATE;
  if (!testUrl || !template) throw new Error('test/scale needs TEST_DATABASE_URL and the template database made by global setup');
  admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
  await admin.knex.raw(`create database ${dbName} template ${template}`);
  const url = databaseUrl(testUrl, dbName);
  database = createPostgresDb(url, { min: 0, max: 4 });
  // Seeded once here, so the two instances starting together both find it done.
  await seedDatabase(database.knex, { demo: false });
  [a, b] = await Promise.all([startInstance('a', url), startInstance('b', url)]);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
}, 90_000);

// Also the safety net when a test failed before the last one stopped the instances.
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all([stopInstance(a), stopInstance(b)]);
  await database?.close();
  if (admin) {
    await admin.knex.raw(`drop database if exists ${dbName} with (force)`);
    await admin.close();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** Database connections of this test's database held by a Socket.io adapter (one per instance). */
async function listeners(): Promise<number> {
  const { rows } = await admin.knex.raw(`select count(*)::int as n from pg_stat_activity where datname = ? and query like 'LISTEN %'`, [dbName]);
  return rows[0].n;
}

async function cohortWithThread() {
  const c = await createCohorts(database.knex);
  const viewer = await createUser(database.knex, { name: 'Vera Viewer' });
  await enrol(database.knex, c.sessionA.id, viewer.id);
  const t = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'How was your week?' });
  return { ...c, viewer, ...t, room: `thread:${t.threadId}` };
}

describe('two app instances on one PostgreSQL database', () => {
  it('keeps a learner logged in on B with the cookie that A gave at login', async () => {
    const c = await cohortWithThread();
    const cookie = await logIn(a, c.learnerA);
    const onB = await get(b, '/dashboard', cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(c.learnerA.name);
    expect((await get(b, `/threads/${c.threadId}`, cookie)).status).toBe(200);
    expect((await get(b, '/dashboard')).status).toBe(302);
  }, 30_000);

  it('delivers a reply posted through A live to a reader whose socket is on B, and not to another session’s learner', async () => {
    const c = await cohortWithThread();
    const author = await logIn(a, c.learnerA);
    const reader = await watch(b, await logIn(b, c.viewer), c.room);
    expect(reader.joined).toEqual({ ok: true });
    const outsider = await watch(b, await logIn(b, c.learnerB), c.room);
    expect(outsider.joined).toEqual({ ok: false, error: 'not-allowed' });

    const arrival = nextEvent(reader.socket, 'post:created');
    const res = await postForm(a, `/threads/${c.threadId}/replies`, author, { body: 'Posted on instance A, read on instance B.' }, `/threads/${c.threadId}`);
    expect(res.status).toBe(302);
    const live = await arrival;
    const saved = await database.knex('discussion_posts').where({ thread_id: c.threadId, author_id: c.learnerA.id }).first('id');
    expect(live).toMatchObject({ threadId: c.threadId, postId: saved.id });
    expect(live.html).toContain('Posted on instance A, read on instance B.');
    expect(live.html).toContain(`id="post-${saved.id}"`);
  }, 30_000);

  it('carries a reply too long for one NOTIFY (over 8000 bytes) from A to B through socket_io_attachments', async () => {
    const c = await cohortWithThread();
    const author = await logIn(a, c.learnerA);
    const reader = await watch(b, await logIn(b, c.viewer), c.room);
    expect(reader.joined).toEqual({ ok: true });
    const before = await database.knex('socket_io_attachments').count({ n: '*' }).first();

    const long = `${'A long and careful reflection on the week. '.repeat(300)}The end.`;
    const arrival = nextEvent(reader.socket, 'post:created');
    expect((await postForm(a, `/threads/${c.threadId}/replies`, author, { body: long }, `/threads/${c.threadId}`)).status).toBe(302);
    const live = await arrival;
    expect(live.html.length).toBeGreaterThan(8000);
    expect(live.html).toContain('The end.');
    const after = await database.knex('socket_io_attachments').count({ n: '*' }).first();
    expect(Number(after?.n)).toBeGreaterThan(Number(before?.n));
  }, 30_000);

  it('hides a post for a reader on A, live and on the page, when an instructor hides it through B', async () => {
    const c = await cohortWithThread();
    const author = await logIn(a, c.learnerA);
    await postForm(a, `/threads/${c.threadId}/replies`, author, { body: 'Words that will be hidden.' }, `/threads/${c.threadId}`);
    const post = await database.knex('discussion_posts').where({ thread_id: c.threadId, author_id: c.learnerA.id }).first('id');
    const viewerCookie = await logIn(a, c.viewer);
    expect(await (await get(a, `/threads/${c.threadId}`, viewerCookie)).text()).toContain('Words that will be hidden.');
    const reader = await watch(a, viewerCookie, c.room);
    expect(reader.joined).toEqual({ ok: true });

    const hidden = nextEvent(reader.socket, 'post:hidden', post.id);
    const staff = await logIn(b, c.instructorA);
    const res = await postForm(b, `/posts/${post.id}/hide`, staff, { reason: 'Please keep it kind' }, `/threads/${c.threadId}`);
    expect(res.status).toBe(302);
    const live = await hidden;
    expect(live.html).toContain('This post was hidden by a moderator.');
    expect(live.html).not.toContain('Words that will be hidden.');
    expect(live.html).not.toContain('Please keep it kind');

    const page = await (await get(a, `/threads/${c.threadId}`, viewerCookie)).text();
    expect(page).toContain('This post was hidden by a moderator.');
    expect(page).not.toContain('Words that will be hidden.');
  }, 30_000);

  it('ends a learner’s socket on B when an admin withdraws them through A; connected again, B refuses the room', async () => {
    const c = await cohortWithThread();
    const reader = await watch(b, await logIn(b, c.viewer), c.room);
    expect(reader.joined).toEqual({ ok: true });
    const ended = new Promise<string>((resolve) => reader.socket.once('disconnect', (reason: string) => resolve(reason)));

    const enrolment = await database.knex('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.viewer.id }).first('id');
    const withdrawPage = `/admin/sessions/${c.sessionA.id}/enrolments/${enrolment.id}/withdraw`;
    const res = await postForm(a, withdrawPage, await logIn(a, c.admin), { note: '' }, withdrawPage);
    expect(res.status).toBe(302);
    expect(await ended).toBe('io server disconnect');

    await new Promise<void>((resolve) => {
      reader.socket.once('connect', () => resolve());
      reader.socket.connect();
    });
    const again = await new Promise<unknown>((resolve) => reader.socket.emit('discussion:join', c.room, resolve));
    expect(again).toEqual({ ok: false, error: 'not-allowed' });
  }, 30_000);

  it('stops both instances cleanly on SIGTERM, releasing each one’s LISTEN connection', async () => {
    expect(await listeners()).toBe(2);
    for (const socket of sockets) socket.disconnect();
    expect(await Promise.all([stopInstance(a), stopInstance(b)])).toEqual([0, 0]);
    for (let i = 0; i < 20 && (await listeners()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listeners()).toBe(0);
  }, 30_000);
});
