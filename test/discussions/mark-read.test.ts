import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { createReplies, createThread, moduleId } from '../helpers/discussions-factories';
import { postForm, signIn } from '../helpers/http';
import { unreadCountForWeek } from '../../src/discussions';
import { openBoard } from '../../src/discussions/board.service';

// "Mark all as read" on a week's board: for someone coming back after a week away.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const boardPath = (sessionId: number, week = 1) => `/sessions/${sessionId}/weeks/${week}/discussion`;

/** Threads with new posts on the week 1 board, as its header counts them for this user. */
const unreadOnBoard = async (user: TestUser, sessionId: number) => unreadCountForWeek(ctx.db, await openBoard(ctx.db, user, sessionId, 1));

/** Two cohorts (week 1 open), and two threads of a peer with replies on learner A's week 1 board. */
async function cast() {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  for (const title of ['First', 'Second']) {
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id, title });
    await createReplies(ctx.db, threadId, [peer.id], 3);
  }
  return { ...c, peer };
}

describe('marking a board read', () => {
  it('clears the board’s new posts for that learner only, and says so', async () => {
    const c = await cast();
    const agent = await signIn(ctx.app, c.learnerA);
    const board = await agent.get(boardPath(c.sessionA.id));
    expect(board.text).toContain('New posts in 2 threads.');
    expect(board.text).toContain(`action="${boardPath(c.sessionA.id)}/read"`);
    const res = await postForm(agent, `${boardPath(c.sessionA.id)}/read`, {}, boardPath(c.sessionA.id));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(boardPath(c.sessionA.id));
    const after = await agent.get(boardPath(c.sessionA.id));
    expect(after.text).toContain('Everything on the week 1 board is marked as read.');
    expect(after.text).not.toContain('Mark all as read');
    expect(after.text).not.toMatch(/class="badge">\d+ new</);
    expect(await unreadOnBoard(c.learnerA, c.sessionA.id)).toBe(0);
    expect(await unreadOnBoard(c.instructorA, c.sessionA.id)).toBe(2);

    // A reply written afterwards is new again.
    const thread = await ctx.db('discussion_threads').where({ course_session_id: c.sessionA.id, title: 'First' }).first('id');
    await createReplies(ctx.db, thread.id, [c.peer.id], 1);
    expect(await unreadOnBoard(c.learnerA, c.sessionA.id)).toBe(1);
  });

  it('is not offered when nothing is new, and another session’s people or a week not open get 404', async () => {
    const c = await cast();
    const learnerB = await signIn(ctx.app, c.learnerB);
    expect((await learnerB.get(boardPath(c.sessionB.id))).text).not.toContain('Mark all as read');
    const foreign = await postForm(learnerB, `${boardPath(c.sessionA.id)}/read`, {}, boardPath(c.sessionB.id));
    expect(foreign.status).toBe(404);
    const instructorB = await signIn(ctx.app, c.instructorB);
    expect((await postForm(instructorB, `${boardPath(c.sessionA.id)}/read`, {}, '/teach')).status).toBe(404);
    const learnerA = await signIn(ctx.app, c.learnerA);
    expect((await postForm(learnerA, `${boardPath(c.sessionA.id, 2)}/read`, {}, boardPath(c.sessionA.id))).status).toBe(404);
    expect(await ctx.db('discussion_reads').whereIn('user_id', [c.learnerB.id, c.instructorB.id, c.learnerA.id])).toHaveLength(0);
  });

  it('on a board where learners post first, leaves threads they cannot open yet unread for later', async () => {
    const c = await cast();
    await ctx.db('discussion_board_settings').insert({ course_session_id: c.sessionA.id, course_module_id: await moduleId(ctx.db, c.course.id, 1), post_before_viewing: true });
    const pinned = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'Start here', pinned: true });
    const agent = await signIn(ctx.app, c.learnerA);
    await postForm(agent, `${boardPath(c.sessionA.id)}/read`, {}, boardPath(c.sessionA.id));
    const read = await ctx.db('discussion_reads').where({ user_id: c.learnerA.id }).pluck('thread_id');
    expect(read).toEqual([pinned.threadId]);
    // The peer's two threads are not counted while the learner cannot open them (they used to be:
    // "New posts in 2 threads" above an empty list, which marking read could not clear)...
    expect(await unreadOnBoard(c.learnerA, c.sessionA.id)).toBe(0);
    expect((await agent.get(boardPath(c.sessionA.id))).text).not.toContain('New posts in');
    // ...and are new to them once they have posted.
    await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Mine' });
    expect(await unreadOnBoard(c.learnerA, c.sessionA.id)).toBe(2);
  });
});
