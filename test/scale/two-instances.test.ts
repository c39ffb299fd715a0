import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { createSharedDatabase, get, logIn, nextEvent, postForm, startInstance, stopInstance, waitForHealth, watch, type Instance, type SharedDatabase } from '../helpers/app-instances';

// Two real app processes on one PostgreSQL database, as behind a load balancer: logins, live
// posts and moderation must not depend on which instance a request or a socket lands on.
// Runs only on PostgreSQL (jest.config.js leaves test/scale out on the embedded database).
const SESSION_SECRET = `scale-${randomBytes(24).toString('hex')}`;

let shared: SharedDatabase;
let a: Instance;
let b: Instance;
const sockets: Socket[] = [];

beforeAll(async () => {
  shared = await createSharedDatabase('scale');
  [a, b] = await Promise.all([startInstance('a', shared, SESSION_SECRET), startInstance('b', shared, SESSION_SECRET)]);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
}, 90_000);

// Also the safety net when a test failed before the last one stopped the instances.
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all([stopInstance(a), stopInstance(b)]);
  await shared?.drop();
}, 30_000);

/** Database connections of this test's database held by a Socket.io adapter (one per instance). */
async function listeners(): Promise<number> {
  const { rows } = await shared.admin.knex.raw(`select count(*)::int as n from pg_stat_activity where datname = ? and query like 'LISTEN %'`, [shared.name]);
  return rows[0].n;
}

async function cohortWithThread() {
  const c = await createCohorts(shared.database.knex);
  const viewer = await createUser(shared.database.knex, { name: 'Vera Viewer' });
  await enrol(shared.database.knex, c.sessionA.id, viewer.id);
  const t = await createThread(shared.database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'How was your week?' });
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
    const reader = await watch(b, await logIn(b, c.viewer), c.room, sockets);
    expect(reader.joined).toEqual({ ok: true });
    const outsider = await watch(b, await logIn(b, c.learnerB), c.room, sockets);
    expect(outsider.joined).toEqual({ ok: false, error: 'not-allowed' });

    const arrival = nextEvent(reader.socket, 'post:created');
    const res = await postForm(a, `/threads/${c.threadId}/replies`, author, { body: 'Posted on instance A, read on instance B.' }, `/threads/${c.threadId}`);
    expect(res.status).toBe(302);
    const live = await arrival;
    const saved = await shared.database.knex('discussion_posts').where({ thread_id: c.threadId, author_id: c.learnerA.id }).first('id');
    expect(live).toMatchObject({ threadId: c.threadId, postId: saved.id });
    expect(live.html).toContain('Posted on instance A, read on instance B.');
    expect(live.html).toContain(`id="post-${saved.id}"`);
  }, 30_000);

  it('carries a reply too long for one NOTIFY (over 8000 bytes) from A to B through socket_io_attachments', async () => {
    const c = await cohortWithThread();
    const author = await logIn(a, c.learnerA);
    const reader = await watch(b, await logIn(b, c.viewer), c.room, sockets);
    expect(reader.joined).toEqual({ ok: true });
    const before = await shared.database.knex('socket_io_attachments').count({ n: '*' }).first();

    const long = `${'A long and careful reflection on the week. '.repeat(300)}The end.`;
    const arrival = nextEvent(reader.socket, 'post:created');
    expect((await postForm(a, `/threads/${c.threadId}/replies`, author, { body: long }, `/threads/${c.threadId}`)).status).toBe(302);
    const live = await arrival;
    expect(live.html.length).toBeGreaterThan(8000);
    expect(live.html).toContain('The end.');
    const after = await shared.database.knex('socket_io_attachments').count({ n: '*' }).first();
    expect(Number(after?.n)).toBeGreaterThan(Number(before?.n));
  }, 30_000);

  it('hides a post for a reader on A, live and on the page, when an instructor hides it through B', async () => {
    const c = await cohortWithThread();
    const author = await logIn(a, c.learnerA);
    await postForm(a, `/threads/${c.threadId}/replies`, author, { body: 'Words that will be hidden.' }, `/threads/${c.threadId}`);
    const post = await shared.database.knex('discussion_posts').where({ thread_id: c.threadId, author_id: c.learnerA.id }).first('id');
    const viewerCookie = await logIn(a, c.viewer);
    expect(await (await get(a, `/threads/${c.threadId}`, viewerCookie)).text()).toContain('Words that will be hidden.');
    const reader = await watch(a, viewerCookie, c.room, sockets);
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
    const reader = await watch(b, await logIn(b, c.viewer), c.room, sockets);
    expect(reader.joined).toEqual({ ok: true });
    const ended = new Promise<string>((resolve) => reader.socket.once('disconnect', (reason: string) => resolve(reason)));

    const enrolment = await shared.database.knex('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.viewer.id }).first('id');
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
