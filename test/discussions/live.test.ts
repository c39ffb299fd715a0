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
import { csrfFrom, postForm, signIn } from '../helpers/http';
import request from 'supertest';
import { createThread, moduleId } from '../helpers/discussions-factories';

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

/** Two cohorts, with a second learner (a peer of learner A) and a second instructor in session A. */
async function cohortsWithPeerAndCoTeacher() {
  const c = await createCohorts(database.knex);
  const peer = await createUser(database.knex);
  await enrol(database.knex, c.sessionA.id, peer.id);
  const coTeacher = await createUser(database.knex, { role: 'instructor' });
  await assignInstructor(database.knex, c.sessionA.id, coTeacher.id);
  return { c, peer, coTeacher };
}

/**
 * Learner A's reply in a peer's thread of session A, its author, the peer and a co-teacher
 * connected to the thread's room, each keeping the HTML of the posts hidden or restored it is sent.
 */
async function replyWatchedByThree(body: string) {
  const { c, peer, coTeacher } = await cohortsWithPeerAndCoTeacher();
  const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id });
  const writer = await signIn(app, c.learnerA);
  await postForm(writer, `/threads/${threadId}/replies`, { body }, `/threads/${threadId}`);
  const { id: postId } = await database.knex('discussion_posts').where({ thread_id: threadId, author_id: c.learnerA.id }).first('id');
  const [author, reader, teacher] = [await socketFor(c.learnerA), await socketFor(peer), await socketFor(coTeacher)];
  for (const s of [author, reader, teacher]) expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });
  const seen = new Map<Socket, string[]>();
  for (const s of [author, reader, teacher]) {
    seen.set(s.socket, []);
    for (const event of ['post:hidden', 'post:restored']) s.socket.on(event, (e: { html: string }) => seen.get(s.socket)!.push(e.html));
  }
  const moderator = await signIn(app, c.instructorA);
  return { threadId, postId, writer, author, reader, teacher, seen, moderator };
}

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

  it('sends each reader of a new reply the actions that fit it: staff Moderate, other learners Report, its author’s other tabs Edit and Delete, and no one another’s controls', async () => {
    const { c, peer, coTeacher } = await cohortsWithPeerAndCoTeacher();
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id });
    const [authorsOtherTab, reader, teacher] = [await socketFor(c.learnerA), await socketFor(peer), await socketFor(coTeacher)];
    const seen = new Map<Socket, { postId: number; html: string }[]>();
    for (const s of [authorsOtherTab, reader, teacher]) {
      expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });
      seen.set(s.socket, []);
      s.socket.on('post:created', (e: { postId: number; html: string }) => seen.get(s.socket)!.push(e));
    }

    await postForm(authorsOtherTab.agent, `/threads/${threadId}/replies`, { body: 'a new reply to act on' }, `/threads/${threadId}`);
    await wait(300);
    for (const s of [authorsOtherTab, reader, teacher]) expect(seen.get(s.socket)).toHaveLength(1);
    const [{ postId, html: toTeacher }] = seen.get(teacher.socket)!;
    expect(toTeacher).toContain(`action="/posts/${postId}/hide"`);
    expect(toTeacher).toContain('name="_csrf"'); // filled in by the page's script from its own token
    const [{ html: toReader }] = seen.get(reader.socket)!;
    expect(toReader).toContain(`/posts/${postId}/report`);
    expect(toReader).not.toContain('Moderate');
    expect(toReader).not.toContain('_csrf');
    expect(toReader).not.toContain(`/posts/${postId}/edit`);
    const [{ html: toAuthor }] = seen.get(authorsOtherTab.socket)!;
    expect(toAuthor).toContain(`/posts/${postId}/edit`);
    expect(toAuthor).toContain(`/posts/${postId}/delete`);
    expect(toAuthor).not.toContain(`/posts/${postId}/report`);
    expect(toAuthor).not.toContain('Moderate');
    for (const html of [toTeacher, toReader, toAuthor]) expect(html).toContain('a new reply to act on');
  });

  it('tells readers live when a moderator hides a post: others without its text, its author and staff with the text and reason', async () => {
    const { c, peer, coTeacher } = await cohortsWithPeerAndCoTeacher();
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

  it('sends each reader the controls that fit a post hidden or restored elsewhere: staff Restore then Hide, its author no Edit while hidden, others no controls and no hidden words', async () => {
    const { threadId, postId, author, reader, teacher, seen, moderator } = await replyWatchedByThree('words to be hidden');

    await postForm(moderator, `/posts/${postId}/hide`, { reason: 'private details' }, `/threads/${threadId}`);
    await wait(300);
    const [teacherHidden] = seen.get(teacher.socket)!;
    expect(teacherHidden).toContain(`action="/posts/${postId}/restore"`);
    expect(teacherHidden).not.toContain(`action="/posts/${postId}/hide"`);
    expect(teacherHidden).toContain('name="_csrf"'); // filled in by the page's script from its own token
    const [authorHidden] = seen.get(author.socket)!;
    expect(authorHidden).not.toContain(`/posts/${postId}/edit`);
    expect(authorHidden).toContain(`/posts/${postId}/delete`);

    await postForm(moderator, `/posts/${postId}/restore`, { reason: 'fine after all' }, `/threads/${threadId}`);
    await wait(300);
    const teacherRestored = seen.get(teacher.socket)![1];
    expect(teacherRestored).toContain(`action="/posts/${postId}/hide"`);
    expect(teacherRestored).not.toContain(`action="/posts/${postId}/restore"`);
    expect(seen.get(author.socket)![1]).toContain(`/posts/${postId}/edit`);

    const toReader = seen.get(reader.socket)!;
    expect(toReader).toHaveLength(2);
    expect(toReader[0]).not.toContain('words to be hidden');
    expect(toReader[1]).toContain(`/posts/${postId}/report`);
    for (const html of toReader) {
      expect(html).not.toContain('private details');
      expect(html).not.toContain('Moderate');
      expect(html).not.toContain('_csrf');
      expect(html).not.toContain(`/posts/${postId}/delete`);
    }
    expect(seen.get(author.socket)).toHaveLength(2);
    expect(seen.get(teacher.socket)).toHaveLength(2);
  });

  it('tells staff and the author live when a held post is approved elsewhere: staff now get Hide instead of Approve, the author no longer reads “Waiting for approval”', async () => {
    const c = await createCohorts(database.knex);
    const coTeacher = await createUser(database.knex, { role: 'instructor' });
    await assignInstructor(database.knex, c.sessionA.id, coTeacher.id);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const writer = await signIn(app, c.learnerA);
    await postForm(writer, `/threads/${threadId}/replies`, { body: 'my first words here' }, `/threads/${threadId}`);
    const { id: postId } = await database.knex('discussion_posts').where({ thread_id: threadId, author_id: c.learnerA.id }).first('id');
    await database.knex('discussion_posts').where({ id: postId }).update({ status: 'pending' });
    const [author, teacher] = [await socketFor(c.learnerA), await socketFor(coTeacher)];
    for (const s of [author, teacher]) expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });
    const [toAuthor, toTeacher] = [nextEvent<{ postId: number; html: string }>(author.socket, 'post:approved'), nextEvent<{ postId: number; html: string }>(teacher.socket, 'post:approved')];

    await postForm(await signIn(app, c.instructorA), `/posts/${postId}/approve`, {}, `/threads/${threadId}`);
    const [authorSees, teacherSees] = await Promise.all([toAuthor, toTeacher]);
    expect(teacherSees.postId).toBe(postId);
    expect(teacherSees.html).toContain(`action="/posts/${postId}/hide"`);
    expect(teacherSees.html).not.toContain(`action="/posts/${postId}/approve"`);
    expect(authorSees.html).toContain('my first words here');
    expect(authorSees.html).not.toContain('Waiting for approval');
    expect(authorSees.html).not.toContain('Moderate');
  });

  it('tells a thread’s open pages live when a moderator locks or unlocks it: learners the locked notice or the reply form back and no staff controls, staff the Unlock control', async () => {
    const c = await createCohorts(database.knex);
    const coTeacher = await createUser(database.knex, { role: 'instructor' });
    await assignInstructor(database.knex, c.sessionA.id, coTeacher.id);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const [learner, teacher] = [await socketFor(c.learnerA), await socketFor(coTeacher)];
    for (const s of [learner, teacher]) expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });
    type ThreadChange = { threadId: number; locked: boolean; pinned: boolean; flagsHtml: string; replyHtml: string; moderateHtml?: string };
    const seen = new Map<Socket, ThreadChange[]>();
    for (const s of [learner, teacher]) {
      seen.set(s.socket, []);
      s.socket.on('thread:changed', (e: ThreadChange) => seen.get(s.socket)!.push(e));
    }
    const moderator = await signIn(app, c.instructorA);

    await postForm(moderator, `/threads/${threadId}/lock`, { reason: 'heated' }, `/threads/${threadId}`);
    await wait(300);
    const [toLearner] = seen.get(learner.socket)!;
    const [toTeacher] = seen.get(teacher.socket)!;
    for (const e of [toLearner, toTeacher]) {
      expect(e).toMatchObject({ threadId, locked: true, pinned: false });
      expect(e.flagsHtml).toContain('Locked: no new replies');
      expect(e.replyHtml).toContain('This thread is locked by a moderator');
      expect(e.replyHtml).not.toContain(`/threads/${threadId}/replies`);
      expect(e.replyHtml).toContain('data-kept-reply'); // where the page keeps what its reader had typed
    }
    expect(toLearner.moderateHtml).toBeUndefined();
    expect(JSON.stringify(toLearner)).not.toContain('Moderate');
    expect(JSON.stringify(toLearner)).not.toContain('_csrf');
    expect(toTeacher.moderateHtml).toContain(`action="/threads/${threadId}/unlock"`);
    expect(toTeacher.moderateHtml).not.toContain(`action="/threads/${threadId}/lock"`);
    expect(toTeacher.moderateHtml).toContain('name="_csrf" value=""'); // filled in by the page's script from its own token

    await postForm(moderator, `/threads/${threadId}/unlock`, {}, `/threads/${threadId}`);
    await wait(300);
    const unlockedForLearner = seen.get(learner.socket)![1];
    expect(unlockedForLearner.locked).toBe(false);
    expect(unlockedForLearner.flagsHtml).not.toContain('Locked');
    expect(unlockedForLearner.replyHtml).toContain(`action="/threads/${threadId}/replies"`);
    expect(unlockedForLearner.moderateHtml).toBeUndefined();
    expect(seen.get(teacher.socket)![1].moderateHtml).toContain(`action="/threads/${threadId}/lock"`);

    await postForm(moderator, `/threads/${threadId}/pin`, {}, `/threads/${threadId}`);
    await wait(300);
    expect(seen.get(learner.socket)![2]).toMatchObject({ pinned: true, locked: false });
    expect(seen.get(learner.socket)![2].flagsHtml).toContain('Pinned');
    expect(seen.get(teacher.socket)![2].moderateHtml).toContain(`action="/threads/${threadId}/unpin"`);
    expect(seen.get(learner.socket)).toHaveLength(3);
    expect(seen.get(teacher.socket)).toHaveLength(3);
  });

  it('sends every reader a post changed while its thread is locked with its Reply link kept hidden, and after an unlock shown, so an open page can follow the lock either way', async () => {
    const { threadId, postId, writer, author, reader, teacher, seen, moderator } = await replyWatchedByThree('a reply in a thread soon locked');
    const replyLink = (html: string) => /<a href="[^"]*reply_to=\d+#reply"[^>]*>/.exec(html)?.[0];

    await postForm(moderator, `/threads/${threadId}/lock`, { reason: 'heated' }, `/threads/${threadId}`);
    // A page opened now has the links too, hidden.
    const lockedPage = await writer.get(`/threads/${threadId}`);
    expect(replyLink(lockedPage.text)).toMatch(/ data-reply-link hidden>$/);
    await postForm(moderator, `/posts/${postId}/hide`, { reason: 'private details' }, `/threads/${threadId}`);
    await wait(300);
    await postForm(moderator, `/threads/${threadId}/unlock`, {}, `/threads/${threadId}`);
    await postForm(moderator, `/posts/${postId}/restore`, { reason: 'fine after all' }, `/threads/${threadId}`);
    await wait(300);
    for (const s of [author, reader, teacher]) {
      const [whileLocked, afterUnlock] = seen.get(s.socket)!;
      expect(replyLink(whileLocked)).toMatch(/ data-reply-link hidden>$/);
      expect(replyLink(afterUnlock)).toMatch(/ data-reply-link>$/);
    }
  });

  it('tells the thread’s board when it is pinned or unpinned, so open board pages can offer the new order, and not when it is locked', async () => {
    const { c, peer } = await cohortsWithPeerAndCoTeacher();
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id });
    const reader = await socketFor(c.learnerA);
    expect(await join(reader.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: true });
    const seen: unknown[] = [];
    reader.socket.on('board:pinned', (e: unknown) => seen.push(e));
    const moderator = await signIn(app, c.instructorA);
    await postForm(moderator, `/threads/${threadId}/lock`, { reason: 'heated' }, `/threads/${threadId}`);
    await postForm(moderator, `/threads/${threadId}/pin`, {}, `/threads/${threadId}`);
    await postForm(moderator, `/threads/${threadId}/unpin`, {}, `/threads/${threadId}`);
    await wait(300);
    expect(seen).toEqual([{}, {}]);
  });

  it('never lets a client ask for a staff, user or account room', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const learner = await socketFor(c.learnerA);
    expect(await join(learner.socket, `thread:${threadId}:staff`)).toEqual({ ok: false, error: 'not-allowed' });
    expect(await join(learner.socket, `user:${c.learnerB.id}`)).toEqual({ ok: false, error: 'not-allowed' });
    expect(await join(learner.socket, `account:${c.learnerB.id}`)).toEqual({ ok: false, error: 'not-allowed' });
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

  it('keeps a learner out of a “post before you see others” board’s live room until they have posted there', async () => {
    const c = await createCohorts(database.knex);
    await database.knex('discussion_board_settings').insert({ course_session_id: c.sessionA.id, course_module_id: await moduleId(database.knex, c.course.id, 1), post_before_viewing: true });
    await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const learner = await socketFor(c.learnerA);
    expect(await join(learner.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: false, error: 'not-allowed' });

    await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const again = await socketFor(c.learnerA);
    expect(await join(again.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: true });
  });

  it('refuses to join once the socket’s login has expired, even on a connection opened while logged in', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const reader = await socketFor(c.learnerA);
    expect(await join(reader.socket, `thread:${threadId}`)).toEqual({ ok: true });
    await database.knex('http_sessions').whereRaw(`sess::jsonb -> 'passport' ->> 'user' = ?`, [String(c.learnerA.id)]).update({ expired: new Date(Date.now() - 1000) });
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

describe('ending live connections when access changes', () => {
  /** Resolves with the reason the socket was disconnected. */
  const ended = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason: string) => resolve(reason)));
  const reconnect = async (socket: Socket) => {
    const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await connected;
  };
  const enrolmentOf = async (sessionId: number, userId: number) => (await database.knex('enrolments').where({ course_session_id: sessionId, user_id: userId }).first('id')).id as number;

  it('ends a learner’s connection when an admin withdraws them; connected again, they may not rejoin, and a classmate stays connected and hears the cohort', async () => {
    const c = await createCohorts(database.knex);
    const classmate = await createUser(database.knex);
    await enrol(database.knex, c.sessionA.id, classmate.id);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: classmate.id });
    const [leaving, staying] = [await socketFor(c.learnerA), await socketFor(classmate)];
    for (const s of [leaving, staying]) expect(await join(s.socket, `thread:${threadId}`)).toEqual({ ok: true });

    const end = ended(leaving.socket);
    const admin = await signIn(app, c.admin);
    const enrolmentId = await enrolmentOf(c.sessionA.id, c.learnerA.id);
    await postForm(admin, `/admin/sessions/${c.sessionA.id}/enrolments/${enrolmentId}/withdraw`, { note: 'left the library' }, `/admin/sessions/${c.sessionA.id}/enrolments/${enrolmentId}/withdraw`);
    expect(await end).toBe('io server disconnect');

    await reconnect(leaving.socket);
    expect(await join(leaving.socket, `thread:${threadId}`)).toEqual({ ok: false, error: 'not-allowed' });
    const heard: string[] = [];
    leaving.socket.onAny((event: string) => heard.push(event));
    expect(staying.socket.connected).toBe(true);
    const delivered = nextEvent(staying.socket, 'post:created');
    await postForm(staying.agent, `/threads/${threadId}/replies`, { body: 'still here' }, `/threads/${threadId}`);
    await delivered;
    await wait(200);
    expect(heard).toEqual([]);
  });

  it('ends an instructor’s connection when they are taken off the session, and keeps them out of its staff room', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const teacher = await socketFor(c.instructorA);
    expect(await join(teacher.socket, `thread:${threadId}`)).toEqual({ ok: true });
    const end = ended(teacher.socket);
    const admin = await signIn(app, c.admin);
    await postForm(admin, `/admin/sessions/${c.sessionA.id}/instructors/${c.instructorA.id}/remove`, {}, `/admin/sessions/${c.sessionA.id}`);
    expect(await end).toBe('io server disconnect');
    await reconnect(teacher.socket);
    expect(await join(teacher.socket, `thread:${threadId}`)).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('never lets a client leave its account room, so a withdrawal still ends its connection', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const leaving = await socketFor(c.learnerA);
    expect(await join(leaving.socket, `thread:${threadId}`)).toEqual({ ok: true });
    for (const room of [`account:${c.learnerA.id}`, `user:${c.learnerA.id}`, `thread:${threadId}:staff`]) leaving.socket.emit('discussion:leave', room);
    // Events are handled in order: once this join is answered, the leaves above were too.
    expect(await join(leaving.socket, `board:${c.sessionA.id}:1`)).toEqual({ ok: true });

    const end = ended(leaving.socket);
    const enrolmentId = await enrolmentOf(c.sessionA.id, c.learnerA.id);
    const admin = await signIn(app, c.admin);
    await postForm(admin, `/admin/sessions/${c.sessionA.id}/enrolments/${enrolmentId}/withdraw`, { note: 'moved away' }, `/admin/sessions/${c.sessionA.id}/enrolments/${enrolmentId}/withdraw`);
    expect(await Promise.race([end, wait(2000).then(() => 'still connected')])).toBe('io server disconnect');
  });

  it.each([
    ['an admin deactivates the account', async (c: Awaited<ReturnType<typeof createCohorts>>, who: TestUser) => postForm(await signIn(app, c.admin), `/admin/people/${who.id}/deactivate`, {}, `/admin/people/${who.id}`)],
    ['an admin changes the account’s role', async (c: Awaited<ReturnType<typeof createCohorts>>, who: TestUser) => postForm(await signIn(app, c.admin), `/admin/people/${who.id}/role`, { role: 'instructor' }, `/admin/people/${who.id}`)],
    ['the learner deletes their account', async (_c: Awaited<ReturnType<typeof createCohorts>>, who: TestUser, agent: Awaited<ReturnType<typeof signIn>>) => postForm(agent, '/account/delete', { password: who.password }, '/account/delete')],
  ])('ends every connection of the account when %s', async (_what, act) => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const first = await socketFor(c.learnerA);
    const second = await socketFor(c.learnerA); // another tab or device
    expect(await join(first.socket, `thread:${threadId}`)).toEqual({ ok: true });
    const ends = [ended(first.socket), ended(second.socket)];
    await act(c, c.learnerA, first.agent);
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('ends the account’s connections at logout and after a password reset, which end its logins', async () => {
    const c = await createCohorts(database.knex);
    const { threadId } = await createThread(database.knex, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const reader = await socketFor(c.learnerA);
    expect(await join(reader.socket, `thread:${threadId}`)).toEqual({ ok: true });
    const atLogout = ended(reader.socket);
    await postForm(reader.agent, '/logout', {}, '/dashboard');
    expect(await atLogout).toBe('io server disconnect');
    await reconnect(reader.socket); // the old cookie no longer logs in
    expect(await join(reader.socket, `thread:${threadId}`)).toEqual({ ok: false, error: 'not-allowed' });

    const other = await socketFor(c.learnerA);
    const atReset = ended(other.socket);
    const visitor = request.agent(app);
    const askToken = await csrfFrom(visitor, '/forgot-password');
    const asked = await visitor.post('/forgot-password').type('form').send({ _csrf: askToken, email: c.learnerA.email });
    expect(asked.text).toContain('Check your email');
    const mail = await database.knex('outbox_emails').where({ to_address: c.learnerA.email }).orderBy('id', 'desc').first();
    const link = /\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0];
    const resetToken = await csrfFrom(visitor, link);
    const reset = await visitor.post(link).type('form').send({ _csrf: resetToken, password: 'a brand new password', confirm: 'a brand new password' });
    expect(reset.status).toBe(302);
    expect(await atReset).toBe('io server disconnect');
  });

  it('ends the connections of a session’s learners when it is cancelled, and of a learner who withdraws', async () => {
    const c = await createCohorts(database.knex, { startedDaysAgo: -14 });
    const stayer = await createUser(database.knex);
    await enrol(database.knex, c.sessionA.id, stayer.id);
    const [withdrawer, cancelled] = [await socketFor(c.learnerA), await socketFor(c.learnerB)];
    const untouched = await socketFor(stayer);

    const withdrawn = ended(withdrawer.socket);
    await postForm(withdrawer.agent, `/sessions/${c.sessionA.id}/withdraw`, { confirm: 'yes' }, `/sessions/${c.sessionA.id}/withdraw`);
    expect(await withdrawn).toBe('io server disconnect');

    const byCancel = ended(cancelled.socket);
    const admin = await signIn(app, c.admin);
    await postForm(admin, `/admin/sessions/${c.sessionB.id}/cancel`, { message: 'Too few places were taken this time.', understood: 'yes' }, `/admin/sessions/${c.sessionB.id}`);
    expect(await byCancel).toBe('io server disconnect');
    expect(untouched.socket.connected).toBe(true);
  });
});
