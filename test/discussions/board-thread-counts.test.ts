import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { createThread, moduleId } from '../helpers/discussions-factories';
import { postForm, signIn, type Agent } from '../helpers/http';

// The boards page says how many threads each week's board holds. A learner's count is of the
// threads they can open (as learner-reading.ts says), so it matches the list the board shows them;
// staff count every thread.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** "N threads" of each board listed on the session's boards page, by week. */
async function threadCounts(agent: Agent, sessionId: number): Promise<Record<number, number>> {
  const page = await agent.get(`/sessions/${sessionId}/discussions`);
  expect(page.status).toBe(200);
  return Object.fromEntries(
    [...page.text.matchAll(/weeks\/(\d+)\/discussion">[\s\S]*?<p>\s*(\d+) threads?\b[\s\S]*?<\/li>/g)].map((m) => [Number(m[1]), Number(m[2])]),
  );
}

async function cast() {
  const c = await createCohorts(ctx.db);
  const peerUser = await createUser(ctx.db, { name: 'Pat Peer' });
  await enrol(ctx.db, c.sessionA.id, peerUser.id);
  const [learner, peer, instructor] = await Promise.all([c.learnerA, peerUser, c.instructorA].map((u) => signIn(ctx.app, u)));
  return { ...c, peerUser, learner, peer, instructor };
}

const thread = (c: Awaited<ReturnType<typeof cast>>, author: TestUser, opts: { week?: number; title?: string; pinned?: boolean } = {}) =>
  createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: author.id, ...opts });

it('leaves another’s thread held for approval out of a learner’s count; its author and staff count it', async () => {
  const c = await cast();
  await thread(c, c.instructorA, { title: 'Welcome' });
  const held = await thread(c, c.peerUser, { title: 'Held story' });
  await ctx.db('discussion_posts').where({ id: held.openingPostId }).update({ status: 'pending' });

  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 1 });
  expect(await threadCounts(c.peer, c.sessionA.id)).toEqual({ 1: 2 });
  expect(await threadCounts(c.instructor, c.sessionA.id)).toEqual({ 1: 2, 2: 0 });

  await ctx.db('discussion_posts').where({ id: held.openingPostId }).update({ status: 'visible' });
  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 2 });
});

it('on a board where learners post first, counts only pinned and own threads for a learner until they post', async () => {
  const c = await cast();
  await ctx.db('discussion_board_settings').insert({ course_session_id: c.sessionA.id, course_module_id: await moduleId(ctx.db, c.course.id, 1), post_before_viewing: true });
  await thread(c, c.instructorA, { title: 'Start here', pinned: true });
  await thread(c, c.peerUser, { title: 'Peer story' });
  await thread(c, c.instructorA, { title: 'Unpinned from staff' });

  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 1 });
  expect(await threadCounts(c.peer, c.sessionA.id)).toEqual({ 1: 3 });
  expect(await threadCounts(c.instructor, c.sessionA.id)).toEqual({ 1: 3, 2: 0 });

  const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
  expect((await postForm(c.learner, `${board}/threads`, { title: 'My story', body: 'Here goes.' }, board)).status).toBe(302);
  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 4 });
});

it('lists no board, so no count, for a week not yet open to a learner; staff count its threads', async () => {
  const c = await cast();
  await thread(c, c.instructorA, { week: 2, title: 'Next week, prepared' });

  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 0 });
  expect(await threadCounts(c.instructor, c.sessionA.id)).toEqual({ 1: 0, 2: 1 });

  await ctx.db('week_unlocks').insert({ course_session_id: c.sessionA.id, week: 2, unlocked_by: c.instructorA.id });
  expect(await threadCounts(c.learner, c.sessionA.id)).toEqual({ 1: 0, 2: 1 });
});
