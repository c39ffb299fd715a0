import type { Knex } from 'knex';
import { DAY, hasColumn, insertAll, insertIds, sentence } from './seed-helpers';
import type { SeedSize } from './seed-large';

/** Posts in the thread the thread page scenario reads (the opening post and 49 replies). */
export const BIG_THREAD_POSTS = 50;

/** Posts of the past cohort's one thread: a word common in the benchmarked session is rare here. */
export const PAST_COHORT_POSTS = 25;

export interface DiscussionSeed {
  size: SeedSize;
  sessionId: number;
  modules: { id: number; week: number }[];
  authors: number[];
  instructorId: number;
  learnerId: number;
  bodies: { md: string; html: string }[];
  rand: () => number;
  now: Date;
}

/** Every board of the session gets `threadsPerBoard` threads; posts are spread to reach the total. */
export async function seedDiscussions(db: Knex, s: DiscussionSeed): Promise<{ bigThreadId: number; posts: number }> {
  const { size, rand, bodies, now } = s;
  const positioned = await hasColumn(db, 'discussion_posts', 'top_post_id');
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const threadRows: Record<string, unknown>[] = [];
  for (const m of s.modules) {
    for (let i = 0; i < size.threadsPerBoard; i++) {
      threadRows.push({
        course_session_id: s.sessionId,
        course_module_id: m.id,
        author_id: m.week === 1 && i === 0 ? s.learnerId : pick(s.authors),
        title: sentence(rand, 4 + Math.floor(rand() * 5)).slice(0, 190),
        pinned: i < 2,
        created_at: new Date(now.getTime() - (14 - m.week) * DAY + i * 60_000),
      });
    }
  }
  const threadIds = await insertIds(db, 'discussion_threads', threadRows);
  const bigThreadId = threadIds[0];
  const start = now.getTime() - 14 * DAY;
  let clock = 0;
  const stamp = () => new Date(start + ++clock * 1000);
  const post = (threadId: number, extra: Record<string, unknown>) => {
    const b = pick(bodies);
    return { thread_id: threadId, author_id: pick(s.authors), body_md: b.md, body_html: b.html, status: 'visible', created_at: stamp(), ...extra };
  };

  // Posts the demo seed made count towards the total.
  const [{ n: existing }] = await db('discussion_posts').select(db.raw('count(*)::int as n'));

  // Opening posts (depth 0).
  const openingIds = await insertIds(db, 'discussion_posts', threadIds.map((t, i) => post(t, { depth: 0, author_id: threadRows[i].author_id })));
  const openingOf = new Map(threadIds.map((t, i) => [t, openingIds[i]]));

  // Replies: the big thread gets exactly 49; the rest are spread over the other threads.
  const bigReplies = BIG_THREAD_POSTS - 1;
  const rest = size.totalPosts - existing - openingIds.length - bigReplies;
  if (rest < 0) throw new Error(`${size.totalPosts} posts are too few for ${threadIds.length} threads`);
  const perThread = new Map<number, number>();
  perThread.set(bigThreadId, bigReplies);
  const others = threadIds.slice(1);
  others.forEach((t, i) => perThread.set(t, Math.floor(rest / others.length) + (i < rest % others.length ? 1 : 0)));

  // Three replies in four answer the opening post (depth 1); the fourth answers one of those (depth 2).
  const depth1Rows: Record<string, unknown>[] = [];
  const depth2Plan: { threadId: number; count: number }[] = [];
  for (const t of threadIds) {
    const n = perThread.get(t) ?? 0;
    const d1 = n - Math.floor(n / 4);
    for (let i = 0; i < d1; i++) depth1Rows.push(post(t, { depth: 1, parent_id: openingOf.get(t), ...(t === bigThreadId && i % 6 === 0 ? { author_id: s.instructorId } : {}) }));
    if (n - d1 > 0) depth2Plan.push({ threadId: t, count: n - d1 });
  }
  const depth1Ids = await insertIds(db, 'discussion_posts', depth1Rows);
  const depth1OfThread = new Map<number, number[]>();
  depth1Rows.forEach((r, i) => {
    const t = r.thread_id as number;
    const list = depth1OfThread.get(t) ?? [];
    list.push(depth1Ids[i]);
    depth1OfThread.set(t, list);
  });
  const depth2Rows: Record<string, unknown>[] = [];
  for (const { threadId, count } of depth2Plan) {
    const parents = depth1OfThread.get(threadId) ?? [];
    for (let i = 0; i < count; i++) {
      const parent = parents[i % parents.length];
      depth2Rows.push(post(threadId, { depth: 2, parent_id: parent, ...(positioned ? { top_post_id: parent } : {}) }));
    }
  }
  await insertAll(db, 'discussion_posts', depth2Rows);
  if (positioned) {
    await db('discussion_posts').where({ depth: 1 }).update({ top_post_id: db.ref('id') });
    await db('discussion_posts').where({ depth: 2 }).update({ branch_post_id: db.ref('id') });
  }
  await db.raw(`
    update discussion_threads t set reply_count = s.n - 1, last_post_at = s.last
    from (select thread_id, count(*)::int as n, max(created_at) as last from discussion_posts group by thread_id) s
    where s.thread_id = t.id`);
  return { bigThreadId, posts: openingIds.length + depth1Ids.length + depth2Rows.length };
}

/** One thread of PAST_COHORT_POSTS posts in week 1 of a session that ended, taught by the benchmark's instructor. */
export async function seedPastCohortBoard(
  db: Knex,
  s: { sessionId: number; moduleId: number; authors: number[]; instructorId: number; bodies: { md: string; html: string }[]; rand: () => number; now: Date },
): Promise<void> {
  await db('session_instructors').insert({ course_session_id: s.sessionId, user_id: s.instructorId });
  const pick = <T>(list: T[]): T => list[Math.floor(s.rand() * list.length)];
  const createdAt = new Date(s.now.getTime() - 80 * DAY);
  const [thread] = await db('discussion_threads')
    .insert({ course_session_id: s.sessionId, course_module_id: s.moduleId, author_id: s.authors[0], title: 'What stayed with me this week', created_at: createdAt })
    .returning('id');
  const posts = Array.from({ length: PAST_COHORT_POSTS }, (_, i) => {
    const b = pick(s.bodies);
    return { thread_id: thread.id, author_id: i === 0 ? s.authors[0] : pick(s.authors), depth: i === 0 ? 0 : 1, body_md: b.md, body_html: b.html, status: 'visible', created_at: new Date(createdAt.getTime() + i * 60_000) };
  });
  const [opening] = await insertIds(db, 'discussion_posts', posts.slice(0, 1));
  await insertAll(db, 'discussion_posts', posts.slice(1).map((p) => ({ ...p, parent_id: opening })));
}
