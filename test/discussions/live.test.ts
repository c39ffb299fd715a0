import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app';
import { attachDiscussionSockets } from '../../src/discussions';
import { silentLogger } from '../../src/lib/logger';
import { createSocketRealtime } from '../../src/lib/realtime';
import { createMailer } from '../../src/notifications';
import { createLocalStorage } from '../../src/files';
import type { Database } from '../../src/db';
import { testConfig } from '../helpers/app';
import { createTestDatabase } from '../helpers/db';
import { assignInstructor, createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';

let database: Database;
let server: http.Server;
let io: SocketServer;
let app: ReturnType<typeof createApp>['app'];
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testConfig();
  const mailer = createMailer({ db: database.knex, from: config.mailFrom, logger: silentLogger });
  io = new SocketServer();
  const built = createApp({ config, database, mailer, logger: silentLogger, storage: createLocalStorage(config.uploadDir), realtime: createSocketRealtime(io) });
  app = built.app;
  server = http.createServer(app);
  io.attach(server);
  attachDiscussionSockets(io, { db: database.knex, sessionMiddleware: built.sessionMiddleware });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await database.close();
});

/** A socket carrying the login cookie of a user signed in through the real form. */
async function socketFor(user: TestUser) {
  const agent = await signIn(app, user);
  const cookie = agent.jar.getCookie('kindred.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })!;
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: `kindred.sid=${cookie.value}` }, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { agent, socket };
}

const join = (socket: Socket, room: string) => new Promise<{ ok: boolean }>((resolve) => socket.emit('discussion:join', room, resolve));
const nextEvent = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live discussion updates', () => {
  it('delivers a new reply, an edit and a removal to a second connected reader, as server-rendered sanitised HTML', async () => {
    const c = await createCohorts(database.knex);
    const peer = await createUser(database.knex);
    await enrol(database.knex, c.sessionA.id, peer.id);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const reader = await socketFor(c.learnerA);
    const writer = await socketFor(peer);
    expect(await join(reader.socket, `thread:${threadId}`)).toEqual({ ok: true });
    expect(await join(reader.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: true });

    const created = nextEvent<{ postId: number; html: string }>(reader.socket, 'post:created');
    const activity = nextEvent<{ threadId: number }>(reader.socket, 'board:activity');
    await postForm(writer.agent, `/threads/${threadId}/replies`, { body: 'Live **hello** <script>x()</script>' }, `/threads/${threadId}`);
    const payload = await created;
    expect(payload.html).toContain(`id="post-${payload.postId}"`);
    expect(payload.html).toContain('<strong>hello</strong>');
    expect(payload.html).not.toContain('<script>');
    expect(payload.html).not.toContain('Delete my post'); // no personal actions in the shared version
    expect((await activity).threadId).toBe(threadId);

    const edited = nextEvent<{ postId: number; html: string }>(reader.socket, 'post:edited');
    await postForm(writer.agent, `/posts/${payload.postId}/edit`, { body: 'Changed words' }, `/posts/${payload.postId}/edit`);
    const edit = await edited;
    expect(edit.postId).toBe(payload.postId);
    expect(edit.html).toContain('Changed words');
    expect(edit.html).toContain('>edited</span>');

    const removed = nextEvent<{ postId: number; html: string }>(reader.socket, 'post:removed');
    await postForm(writer.agent, `/posts/${payload.postId}/delete`, {}, `/threads/${threadId}`);
    expect((await removed).html).toContain('This post was removed.');
  });

  it('tells readers live when a moderator hides a post: others without its text, its author and staff with the text and reason', async () => {
    const c = await createCohorts(database.knex);
    const peer = await createUser(database.knex);
    await enrol(database.knex, c.sessionA.id, peer.id);
    const coTeacher = await createUser(database.knex, { role: 'instructor' });
    await assignInstructor(database.knex, c.sessionA.id, coTeacher.id);
    const { threadId, openingPostId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, body: 'to be hidden' });
    const [author, reader, teacher] = [await socketFor(c.learnerA), await socketFor(peer), await socketFor(coTeacher)];
    for (const s of [author, reader, teacher]) expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });
    const seen = new Map<Socket, string[]>();
    for (const s of [author, reader, teacher]) {
      seen.set(s.socket, []);
      s.socket.on('post:hidden', (e: { html: string }) => seen.get(s.socket)!.push(e.html));
    }

    const staff = await signIn(app, c.instructorA);
    await postForm(staff, `/posts/${openingPostId}/hide`, { reason: 'private details' }, `/threads/${threadId}`);
    await wait(300);

    const [toReader] = seen.get(reader.socket)!;
    expect(seen.get(reader.socket)).toHaveLength(1);
    expect(toReader).toContain('hidden by a moderator');
    expect(toReader).not.toContain('to be hidden');
    expect(toReader).not.toContain('private details');
    for (const s of [author, teacher]) {
      expect(seen.get(s.socket)).toHaveLength(1);
      expect(seen.get(s.socket)![0]).toContain('to be hidden');
      expect(seen.get(s.socket)![0]).toContain('Reason: private details');
    }
    expect(seen.get(author.socket)![0]).toContain('only you and the instructors can see it');
  });

  it('never lets a client ask for a staff or user room', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const learner = await socketFor(c.learnerA);
    expect(await join(learner.socket, `thread:${threadId}:staff`)).toEqual({ ok: false, error: 'not-allowed' });
    expect(await join(learner.socket, `user:${c.learnerB.id}`)).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('refuses a learner of another session who asks to join a foreign room, and sends them nothing', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const outsider = await socketFor(c.learnerB);
    expect(await join(outsider.socket, `thread:${threadId}`)).toEqual({ ok: false, error: 'not-allowed' });
    expect(await join(outsider.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: false, error: 'not-allowed' });
    expect(await join(outsider.socket, `board:${c.sessionB.id}:2`)).toEqual({ ok: false, error: 'not-allowed' }); // week not open
    expect(await join(outsider.socket, 'some-other-room')).toEqual({ ok: false, error: 'not-allowed' });

    const received: string[] = [];
    outsider.socket.onAny((event: string) => received.push(event));
    const insider = await socketFor(c.learnerA);
    await join(insider.socket, `thread:${threadId}`);
    const delivered = nextEvent(insider.socket, 'post:created');
    await postForm(insider.agent, `/threads/${threadId}/replies`, { body: 'for my cohort only' }, `/threads/${threadId}`);
    await delivered;
    await wait(200);
    expect(received).toEqual([]);
  });

  it('refuses to join once the socket’s login has ended, even on a connection opened while logged in', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const reader = await socketFor(c.learnerA);
    expect(await join(reader.socket, `thread:${threadId}`)).toEqual({ ok: true });
    await postForm(reader.agent, '/logout', {}, '/dashboard');
    expect(await join(reader.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('refuses a socket with no login', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const anonymous = connect(url, { transports: ['websocket'], forceNew: true });
    sockets.push(anonymous);
    await new Promise<void>((resolve) => anonymous.once('connect', () => resolve()));
    expect(await join(anonymous, `thread:${threadId}`)).toEqual({ ok: false, error: 'not-allowed' });
  });
});
