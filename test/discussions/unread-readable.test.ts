import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { createReplies, createThread, moduleId } from '../helpers/discussions-factories';
import { signIn, type Agent } from '../helpers/http';
import { unreadCountsForSessions } from '../../src/discussions';

// "New posts in N threads" counts only threads the reader can open: for a learner, not those of a
// week still closed, not others' threads held for approval, and on a board where they must post
// first only their own and pinned ones until they have. Staff count everything they can read.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const number = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);

/** Every count of threads with new posts that the reader sees in session A (dashboard only for learners). */
async function countsSeenBy(agent: Agent, sessionId: number, opts: { dashboard: boolean }): Promise<Record<string, number | undefined>> {
  const boards = (await agent.get(`/sessions/${sessionId}/discussions`)).text;
  const perBoard: Record<string, number> = Object.fromEntries(
    [...boards.matchAll(/weeks\/(\d+)\/discussion">[\s\S]*?<\/li>/g)].map((m) => [`boards week ${m[1]}`, number(m[0], /new posts in (\d+) thread/)]),
  );
  return {
    dashboard: opts.dashboard ? number((await agent.get('/dashboard')).text, /New posts<\/span> in (\d+) thread/) : undefined,
    overview: number((await agent.get(`/sessions/${sessionId}`)).text, /New posts<\/span> in (\d+) thread/),
    weekPage: number((await agent.get(`/sessions/${sessionId}/weeks/1`)).text, /class="badge">new posts in (\d+) thread/),
    board: number((await agent.get(`/sessions/${sessionId}/weeks/1/discussion`)).text, /New posts in (\d+) thread/),
    ...perBoard,
  };
}

async function cast() {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db, { name: 'Pat Peer' });
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const learner = await signIn(ctx.app, c.learnerA);
  const instructor = await signIn(ctx.app, c.instructorA);
  return { ...c, peer, learner, instructor };
}

const thread = (c: Awaited<ReturnType<typeof cast>>, author: TestUser, opts: { week?: number; title?: string; pinned?: boolean } = {}) =>
  createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: author.id, ...opts });

it('leaves out a week not yet open for a learner until it opens, early or on its date; staff count it', async () => {
  const c = await cast();
  await thread(c, c.instructorA, { week: 2, title: 'Next week, prepared' });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 0, overview: 0, weekPage: 0, board: 0, 'boards week 1': 0 });
  expect(await countsSeenBy(c.instructor, c.sessionA.id, { dashboard: false })).toEqual({ dashboard: undefined, overview: 0, weekPage: 0, board: 0, 'boards week 1': 0, 'boards week 2': 0 });
  // The instructor wrote it: new to everyone else on staff.
  const admin = await signIn(ctx.app, c.admin);
  expect((await countsSeenBy(admin, c.sessionA.id, { dashboard: false }))['boards week 2']).toBe(1);

  // Week 2 opens on its date (the session started a day ago).
  const inEightDays = new Date(Date.now() + 8 * 86_400_000);
  expect((await unreadCountsForSessions(ctx.db, c.learnerA, [c.sessionA.id])).get(c.sessionA.id) ?? 0).toBe(0);
  expect((await unreadCountsForSessions(ctx.db, c.learnerA, [c.sessionA.id], inEightDays)).get(c.sessionA.id)).toBe(1);

  await ctx.db('week_unlocks').insert({ course_session_id: c.sessionA.id, week: 2, unlocked_by: c.instructorA.id });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 0, board: 0, 'boards week 1': 0, 'boards week 2': 1 });
  expect(number((await c.learner.get(`/sessions/${c.sessionA.id}/weeks/2`)).text, /class="badge">new posts in (\d+) thread/)).toBe(1);
});

it('on a board where learners post first, counts only pinned and own threads until the learner posts', async () => {
  const c = await cast();
  await ctx.db('discussion_board_settings').insert({ course_session_id: c.sessionA.id, course_module_id: await moduleId(ctx.db, c.course.id, 1), post_before_viewing: true });
  await thread(c, c.peer, { title: 'Peer story' });
  await thread(c, c.instructorA, { title: 'Start here', pinned: true });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1 });
  // The pinned one is the instructor's own: the peer's is new to them.
  expect(await countsSeenBy(c.instructor, c.sessionA.id, { dashboard: false })).toEqual({ dashboard: undefined, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1, 'boards week 2': 0 });

  await thread(c, c.learnerA, { title: 'My story' });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 2, overview: 2, weekPage: 2, board: 2, 'boards week 1': 2 });
});

it('leaves out the replies in another’s thread held for approval, for learners only', async () => {
  const c = await cast();
  const held = await thread(c, c.peer, { title: 'Held story' });
  await ctx.db('discussion_posts').where({ id: held.openingPostId }).update({ status: 'pending' });
  await createReplies(ctx.db, held.threadId, [c.instructorA.id], 1);
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 0, overview: 0, weekPage: 0, board: 0, 'boards week 1': 0 });
  expect(await countsSeenBy(await signIn(ctx.app, c.peer), c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1 });
  const admin = await signIn(ctx.app, c.admin);
  expect(await countsSeenBy(admin, c.sessionA.id, { dashboard: false })).toEqual({ dashboard: undefined, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1, 'boards week 2': 0 });

  await ctx.db('discussion_posts').where({ id: held.openingPostId }).update({ status: 'visible' });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1 });
});

it('counts everything for an admin enrolled as a learner, as they read it all', async () => {
  const c = await cast();
  await enrol(ctx.db, c.sessionA.id, c.admin.id);
  await thread(c, c.instructorA, { week: 2 });
  expect((await unreadCountsForSessions(ctx.db, c.admin, [c.sessionA.id])).get(c.sessionA.id)).toBe(1);
  expect((await unreadCountsForSessions(ctx.db, c.learnerA, [c.sessionA.id])).get(c.sessionA.id) ?? 0).toBe(0);
});

it('stops counting a thread on every page once the learner has read it, for them only', async () => {
  const c = await cast();
  // A reader whose id is not the session's, so that a query taking one for the other counts differently.
  const reader = await createUser(ctx.db, { name: 'Rae Reader' });
  await enrol(ctx.db, c.sessionA.id, reader.id);
  expect(reader.id).not.toBe(c.sessionA.id);
  const agent = await signIn(ctx.app, reader);
  const { threadId } = await thread(c, c.peer, { title: 'Read me' });
  await thread(c, c.peer, { week: 2, title: 'Not open yet' });
  expect(await countsSeenBy(agent, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1 });

  expect((await agent.get(`/threads/${threadId}`)).status).toBe(200);
  expect(await countsSeenBy(agent, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 0, overview: 0, weekPage: 0, board: 0, 'boards week 1': 0 });
  expect(await countsSeenBy(c.learner, c.sessionA.id, { dashboard: true })).toEqual({ dashboard: 1, overview: 1, weekPage: 1, board: 1, 'boards week 1': 1 });
  expect(await countsSeenBy(c.instructor, c.sessionA.id, { dashboard: false })).toEqual({ dashboard: undefined, overview: 2, weekPage: 1, board: 1, 'boards week 1': 1, 'boards week 2': 1 });
});
