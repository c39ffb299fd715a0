import type { Db } from '../../src/db';
import { createTestContext, type TestContext } from '../helpers/app';
import { usingPostgres } from '../helpers/db';
import { createCohorts } from '../helpers/factories';
import { createReplies, createThread } from '../helpers/discussions-factories';
import { findThreadContextForReader } from '../../src/discussions/thread-context.repository';
import { listThreadPosts } from '../../src/discussions/discussions.repository';
import { pendingPostsByWeek } from '../../src/completion/completion.repository';
import { findSessionAccess } from '../../src/enrolment';
import { SESSION_COLUMNS } from '../../src/enrolment/access';
import { findLearnerSessionPage, findWeekPage } from '../../src/modules/modules.repository';

// A page's main queries are named, so PostgreSQL plans each once per connection. Names follow the
// SQL, so a connection never confuses two statements, and answers are the same as unnamed.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The statements prepared on this connection whose names start with prefix, without the SQL's hash. */
async function preparedNames(trx: Db, prefix: string): Promise<string[]> {
  const { rows } = await trx.raw(`select name from pg_prepared_statements where name like ? order by name`, [`${prefix}%`]);
  return (rows as { name: string }[]).map((r) => r.name.replace(/-[0-9a-f]{20}$/, ''));
}

it('reads a thread the same on every call, from statements prepared once on the connection', async () => {
  const c = await createCohorts(ctx.db);
  const thread = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Named' });
  await createReplies(ctx.db, thread.threadId, [c.learnerA.id, c.instructorA.id], 4);

  // A transaction keeps one connection, so what it prepared can be listed.
  await ctx.db.transaction(async (trx) => {
    const read = async (viewerId: number, staff: boolean) => ({
      context: await findThreadContextForReader(trx, thread.threadId, viewerId),
      posts: await listThreadPosts(trx, { threadId: thread.threadId, viewerId, staff, limit: 50, offset: 0 }),
    });
    const first = await read(c.learnerA.id, false);
    expect(first.context?.thread_title).toBe('Named');
    expect(first.posts).toHaveLength(5);
    // Same statement, other values: the answer follows the values.
    const staffView = await read(c.instructorA.id, true);
    expect(staffView.context?.instructor_id).toBe(c.instructorA.id);
    expect(staffView.context?.enrolment_id).toBeNull();
    expect(await read(c.learnerA.id, false)).toEqual(first);

    if (usingPostgres) {
      // The learner's and the staff's post lists differ in SQL, so they are two statements.
      expect(await preparedNames(trx, 'thread-')).toEqual(['thread-context-reader', 'thread-posts', 'thread-posts']);
    }
  });
});

it('counts posts waiting for approval, on every dashboard view, from one statement prepared once', async () => {
  const c = await createCohorts(ctx.db);
  const held = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, week: 2, authorId: c.learnerA.id, title: 'Held' });
  await ctx.db('discussion_posts').where({ id: held.openingPostId }).update({ status: 'pending' });
  const enrolmentOf = async (sessionId: number, userId: number) => (await ctx.db('enrolments').where({ course_session_id: sessionId, user_id: userId }).first('id')).id as number;
  const enrolmentA = await enrolmentOf(c.sessionA.id, c.learnerA.id);
  const enrolmentB = await enrolmentOf(c.sessionB.id, c.learnerB.id);

  await ctx.db.transaction(async (trx) => {
    expect(await pendingPostsByWeek(trx, enrolmentA)).toEqual(new Map([[2, { posts: 1, replies: 0 }]]));
    expect(await pendingPostsByWeek(trx, enrolmentB)).toEqual(new Map());
    expect(await pendingPostsByWeek(trx, enrolmentA)).toEqual(new Map([[2, { posts: 1, replies: 0 }]]));
    if (usingPostgres) {
      expect(await preparedNames(trx, 'pending-posts-')).toEqual(['pending-posts-by-week']);
    }
  });
});

it('answers who may see a session from one statement prepared once, for each person asking', async () => {
  const c = await createCohorts(ctx.db);
  const asUser = (u: { id: number; role: string }) => ({ id: u.id, role: u.role, name: 'n', email: 'e' }) as Parameters<typeof findSessionAccess>[1];
  await ctx.db.transaction(async (trx) => {
    const learner = await findSessionAccess(trx, asUser(c.learnerA), c.sessionA.id);
    // Every column of SessionRow, as the table holds it.
    expect(learner).toMatchObject({ as: 'learner', session: await trx('course_sessions').where({ id: c.sessionA.id }).first(...SESSION_COLUMNS) });
    expect(learner?.enrolmentId).toEqual(expect.any(Number));
    expect(await findSessionAccess(trx, asUser(c.instructorA), c.sessionA.id)).toMatchObject({ as: 'instructor', session: { id: c.sessionA.id } });
    expect(await findSessionAccess(trx, asUser(c.learnerB), c.sessionA.id)).toBeUndefined();
    expect(await findSessionAccess(trx, asUser(c.learnerA), c.sessionA.id)).toEqual(learner);
    if (usingPostgres) {
      expect(await preparedNames(trx, 'session-access-')).toEqual(['session-access']);
    }
  });
});

it('reads the week page and the overview of every learner from one statement each, prepared once', async () => {
  const c = await createCohorts(ctx.db);
  await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'New to learners' });
  const asLearner = (u: { id: number }) => ({ id: u.id, role: 'learner', name: 'n', email: 'e' }) as Parameters<typeof findWeekPage>[1]['user'];
  await ctx.db.transaction(async (trx) => {
    const unread = [];
    for (const [user, sessionId] of [[c.learnerA, c.sessionA.id], [c.learnerB, c.sessionB.id]] as const) {
      const week = await findWeekPage(trx, { user: asLearner(user), sessionId, week: 1 });
      const overview = await findLearnerSessionPage(trx, { userId: user.id, sessionId, now: new Date() });
      unread.push([week?.unread_threads, Object.values(overview?.unread_threads_by_module ?? {})]);
    }
    expect(unread).toEqual([[1, [1]], [0, []]]);
    if (usingPostgres) {
      expect(await preparedNames(trx, 'week-page')).toEqual(['week-page']);
      expect(await preparedNames(trx, 'learner-session-page')).toEqual(['learner-session-page-with-access']);
    }
  });
});
