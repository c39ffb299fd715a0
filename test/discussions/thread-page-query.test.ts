import { openThreadForReading } from '../../src/discussions/board.service';
import { NotFoundError } from '../../src/lib/errors';
import { createTestContext, type TestContext } from '../helpers/app';
import { createReplies, createThread } from '../helpers/discussions-factories';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { queriesDuring } from '../helpers/queries';

// The thread page reads who may open the thread, what the reader has seen and the page of posts
// they may see in one query (src/discussions/thread-context.repository.ts).

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const asUser = (u: TestUser) => ({ id: u.id, role: u.role, name: u.name, email: u.email }) as Parameters<typeof openThreadForReading>[1];

/** A thread of an opening post and 119 replies, one of them held for approval from each of two learners of the session. */
async function longThread() {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
  await createReplies(ctx.db, threadId, [c.learnerA.id, c.instructorA.id, peer.id], 119);
  const heldOf = async (authorId: number) => (await ctx.db('discussion_posts').where({ thread_id: threadId, author_id: authorId }).whereNotNull('parent_id').orderBy('id').first('id')).id as number;
  const ownHeld = await heldOf(c.learnerA.id);
  const peerHeld = await heldOf(peer.id);
  await ctx.db('discussion_posts').whereIn('id', [ownHeld, peerHeld]).update({ status: 'pending' });
  return { c, peer, threadId, ownHeld, peerHeld };
}

const idsOf = (reading: { reader: { posts: { id: number }[] } }) => reading.reader.posts.map((p) => p.id);

describe('the thread page’s one query', () => {
  it('reads the context, the reader’s state and a page of posts in one query, with dates as dates', async () => {
    const { c, threadId } = await longThread();
    await openThreadForReading(ctx.db, asUser(c.learnerA), threadId);
    const { result, sql } = await queriesDuring(ctx.db, () => openThreadForReading(ctx.db, asUser(c.learnerA), threadId));
    expect(sql).toHaveLength(1);
    expect(result.thread.id).toBe(threadId);
    expect(result.access.as).toBe('learner');
    expect(result.reader.posts).toHaveLength(50);
    expect(result.reader.posts[0].created_at).toBeInstanceOf(Date);
    expect(result.reader.posts[1]).toMatchObject({ author_name: expect.any(String), parent_author_name: expect.any(String), edited_at: null });
  });

  it('shows a learner their own post awaiting approval but not a peer’s, and staff both, in reading order', async () => {
    const { c, peer, threadId, ownHeld, peerHeld } = await longThread();
    const pages = async (user: TestUser) => {
      const all: number[] = [];
      for (const page of [1, 2, 3]) all.push(...idsOf(await openThreadForReading(ctx.db, asUser(user), threadId, page)));
      return all;
    };
    const allIds = (await ctx.db('discussion_posts').where({ thread_id: threadId }).orderBy('id').select('id')).map((r: { id: number }) => r.id);
    const learner = await pages(c.learnerA);
    expect(learner).toEqual(allIds.filter((id) => id !== peerHeld));
    expect(learner).toContain(ownHeld);
    expect(await pages(peer)).toEqual(allIds.filter((id) => id !== ownHeld));
    for (const staff of [c.instructorA, c.admin]) expect(await pages(staff)).toEqual(allIds);
    expect((await openThreadForReading(ctx.db, asUser(c.learnerA), threadId)).reader.total).toBe(119);
    expect((await openThreadForReading(ctx.db, asUser(c.admin), threadId)).reader.total).toBe(120);
  });

  it('gives the last page for a page past it, numbered as the last', async () => {
    const { c, threadId } = await longThread();
    for (const user of [c.learnerA, c.instructorA]) {
      const last = await openThreadForReading(ctx.db, asUser(user), threadId, 3);
      for (const past of [4, 100000]) {
        const asked = await openThreadForReading(ctx.db, asUser(user), threadId, past);
        expect(asked.reader.page).toBe(3);
        expect(idsOf(asked)).toEqual(idsOf(last));
      }
      expect(idsOf(last)).toHaveLength(user === c.learnerA ? 19 : 20);
    }
  });

  it('answers 404 to learners and instructors of another session', async () => {
    const { c, threadId } = await longThread();
    for (const user of [c.learnerB, c.instructorB]) {
      await expect(openThreadForReading(ctx.db, asUser(user), threadId)).rejects.toThrow(NotFoundError);
    }
  });
});
