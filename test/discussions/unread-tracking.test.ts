import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { createReplies, createThread } from '../helpers/discussions-factories';
import { unreadCountForSession, unreadCountForWeek } from '../../src/discussions';
import { openBoard } from '../../src/discussions/board.service';

// Each thread's newest visible post, its author and the newest visible post by anyone else are
// kept by database triggers (migration 20261204_0520). Whatever happens to posts, "threads with a
// post by someone else past my read mark" must come out as a search through the posts says.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The definition, searched the slow way: threads of the session with such a post. */
async function unreadTheSlowWay(sessionId: number, viewerId: number): Promise<number> {
  const { rows } = await ctx.db.raw(
    `select count(*)::int as n from discussion_threads t
      left join discussion_reads r on r.thread_id = t.id and r.user_id = ?
      where t.course_session_id = ? and exists (
        select 1 from discussion_posts p where p.thread_id = t.id and p.status = 'visible'
          and p.id > coalesce(r.last_seen_post_id, 0) and p.author_id is distinct from ?)`,
    [viewerId, sessionId, viewerId],
  );
  return rows[0].n;
}

const readUpTo = (userId: number, threadId: number, postId: number) =>
  ctx.db('discussion_reads').insert({ user_id: userId, thread_id: threadId, last_seen_post_id: postId }).onConflict(['user_id', 'thread_id']).merge();

it('agrees with a search through the posts after every kind of change to them', async () => {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const viewers = [c.learnerA, peer, c.instructorA];
  const check = async (step: string) => {
    for (const viewer of viewers) {
      const expected = await unreadTheSlowWay(c.sessionA.id, viewer.id);
      expect({ step, viewer: viewer.id, unread: await unreadCountForSession(ctx.db, viewer, c.sessionA.id) }).toEqual({ step, viewer: viewer.id, unread: expected });
    }
  };

  const mine = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Mine' });
  const theirs = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id, title: 'Theirs' });
  await check('two openings');

  // Others reply, then the learner replies last: their own post is the newest, the others' are still new.
  await createReplies(ctx.db, mine.threadId, [peer.id, c.instructorA.id, c.learnerA.id], 3);
  await check('learner replied last');
  const newest = (await ctx.db('discussion_posts').where({ thread_id: mine.threadId }).max('id as id').first()) as { id: number };
  const newestInMine = newest.id;
  await readUpTo(c.learnerA.id, mine.threadId, newestInMine);
  await readUpTo(peer.id, theirs.threadId, theirs.openingPostId);
  await check('read marks moved');

  const [pending] = await ctx.db('discussion_posts')
    .insert({ thread_id: theirs.threadId, author_id: c.learnerA.id, parent_id: theirs.openingPostId, depth: 1, body_md: 'held', body_html: '<p>held</p>', status: 'pending' })
    .returning(['id']);
  await check('a post held for approval');
  await ctx.db('discussion_posts').where({ id: pending.id }).update({ status: 'visible' });
  await check('approved');
  await ctx.db('discussion_posts').where({ id: pending.id }).update({ status: 'hidden', hidden_reason: 'off topic' });
  await check('hidden');
  await ctx.db('discussion_posts').where({ id: pending.id }).update({ status: 'visible', hidden_reason: null });
  await ctx.db('discussion_posts').where({ id: newestInMine }).update({ status: 'deleted' });
  await check('restored one, author removed another');
  await ctx.db('discussion_posts').where({ thread_id: mine.threadId }).whereNot({ id: mine.openingPostId }).delete();
  await check('replies gone from the database');
  await ctx.db('users').where({ id: peer.id }).delete();
  await check('an account deleted: its posts have no author');
});

it('counts one week’s board on its own, a week not open yet only for staff until it opens, and another session’s threads never', async () => {
  const c = await createCohorts(ctx.db);
  const onBoard = async (user: TestUser, week: number) => unreadCountForWeek(ctx.db, await openBoard(ctx.db, user, c.sessionA.id, week));
  const inA = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
  await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, week: 2, authorId: c.instructorA.id });
  await createThread(ctx.db, { sessionId: c.sessionB.id, courseId: c.course.id, authorId: c.learnerB.id });
  expect(await onBoard(c.learnerA, 1)).toBe(1);
  // Week 2 has not opened: the learner cannot open its thread, so it is not counted as new for
  // them (it used to be, a "new" they could not clear); staff read it.
  expect(await unreadCountForSession(ctx.db, c.learnerA, c.sessionA.id)).toBe(1);
  expect(await onBoard(c.admin, 2)).toBe(1);
  expect(await unreadCountForSession(ctx.db, c.admin, c.sessionA.id)).toBe(2);
  await ctx.db('week_unlocks').insert({ course_session_id: c.sessionA.id, week: 2, unlocked_by: c.instructorA.id });
  expect(await onBoard(c.learnerA, 2)).toBe(1);
  expect(await unreadCountForSession(ctx.db, c.learnerA, c.sessionA.id)).toBe(2);
  await readUpTo(c.learnerA.id, inA.threadId, inA.openingPostId);
  expect(await onBoard(c.learnerA, 1)).toBe(0);
  expect(await unreadCountForSession(ctx.db, c.learnerB, c.sessionB.id)).toBe(0);
});
