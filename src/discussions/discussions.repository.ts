import type { Knex } from 'knex';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { PostRow, PostStatus, PostWithNames, ThreadRow } from './discussions.types';
import { learnerMayOpenThread } from './learner-reading';

export function listCourseModules(db: Db, courseId: number): Promise<{ id: number; week: number; title: string }[]> {
  return db('course_modules').select('id', 'week', 'title').where({ course_id: courseId }).orderBy('week');
}

export function findCourseOfSession(db: Db, courseId: number): Promise<{ title: string; support_resources_html: string } | undefined> {
  return db('courses').select('title', 'support_resources_html').where({ id: courseId }).first();
}

export async function saveBoardSettings(db: Db, sessionId: number, moduleId: number, postBeforeViewing: boolean): Promise<void> {
  await db('discussion_board_settings')
    .insert({ course_session_id: sessionId, course_module_id: moduleId, post_before_viewing: postBeforeViewing })
    .onConflict(['course_session_id', 'course_module_id'])
    .merge({ post_before_viewing: postBeforeViewing, updated_at: db.fn.now() });
}

/** Whether a moderator has let through (or never had to hold) a post by this user in the session. */
export async function hasPublishedPostInSession(db: Db, sessionId: number, userId: number): Promise<boolean> {
  const row = await db('discussion_posts as p')
    .join('discussion_threads as t', 't.id', 'p.thread_id')
    .where({ 't.course_session_id': sessionId, 'p.author_id': userId })
    .whereIn('p.status', ['visible', 'hidden'])
    .first(db.raw('1 as one'));
  return Boolean(row);
}

export interface ThreadListRow extends ThreadRow {
  author_name: string | null;
  opening_status: PostStatus;
  unread: number;
  never_opened: boolean;
}

/** Whether a thread is on the board of this session's week. */
export async function isThreadOnBoard(db: Db, threadId: number, sessionId: number, moduleId: number): Promise<boolean> {
  return Boolean(await db('discussion_threads').first('id').where({ id: threadId, course_session_id: sessionId, course_module_id: moduleId }));
}

// Listed, not `*`, so a board's thread list can be a named statement (see src/db/prepared.ts).
const THREAD_COLUMNS = ['id', 'course_session_id', 'course_module_id', 'author_id', 'title', 'pinned', 'locked', 'reply_count', 'last_post_at', 'created_at'] as const satisfies readonly (keyof ThreadRow)[];

/**
 * Threads of a board, pinned or not, by latest post, keyset-paged after `beforeThreadId`.
 * Unread counts come in the same query.
 */
export function listBoardThreads(
  db: Db,
  opts: { sessionId: number; moduleId: number; viewerId: number; staff: boolean; restricted: boolean; pinned: boolean; beforeThreadId?: number; limit: number },
): Promise<ThreadListRow[]> {
  const q = db('discussion_threads as t')
    .join('discussion_posts as op', (j) => j.on('op.thread_id', 't.id').andOnNull('op.parent_id'))
    .leftJoin('users as u', 'u.id', 't.author_id')
    .leftJoin('discussion_reads as r', (j) => j.on('r.thread_id', 't.id').andOnVal('r.user_id', opts.viewerId))
    .select(
      ...THREAD_COLUMNS.map((c) => `t.${c}`),
      'u.name as author_name',
      'op.status as opening_status',
      db.raw('(r.user_id is null) as never_opened'),
      db.raw(
        `(select count(*)::int from discussion_posts p where p.thread_id = t.id and p.status = 'visible'
          and p.id > coalesce(r.last_seen_post_id, 0) and p.author_id is distinct from ?) as unread`,
        [opts.viewerId],
      ),
    )
    .where({ 't.course_session_id': opts.sessionId, 't.course_module_id': opts.moduleId, 't.pinned': opts.pinned });
  if (!opts.staff) q.where((w) => w.whereNot('op.status', 'pending').orWhere('op.author_id', opts.viewerId));
  if (opts.restricted) q.where((w) => w.where('t.author_id', opts.viewerId).orWhere('t.pinned', true));
  if (opts.beforeThreadId) {
    // The cursor is a thread of this board only: another board's thread would tell when it was last posted in.
    q.whereRaw(
      '(t.last_post_at, t.id) < (select b.last_post_at, b.id from discussion_threads b where b.id = ? and b.course_session_id = ? and b.course_module_id = ?)',
      [opts.beforeThreadId, opts.sessionId, opts.moduleId],
    );
  }
  return prepared(q.orderBy([{ column: 't.last_post_at', order: 'desc' }, { column: 't.id', order: 'desc' }]).limit(opts.limit), 'board-threads');
}

// A thread is "new to you" when it holds a visible post by someone else past what you last saw.
// The database keeps, per thread, the newest visible post, its author, and the newest visible
// post by anyone else (migration 20261204_0520), so this is a comparison per thread: the newest
// post if it is not yours, else the newest by anyone else, must be past your read mark.
const hasUnread = (viewer: string) =>
  `(case when t.last_visible_author_id is distinct from ${viewer} then t.last_visible_post_id else t.last_other_visible_post_id end) > coalesce(r.last_seen_post_id, 0)`;

// A thread of the session that the reader may open, its week being open to them: every one for staff.
const mayOpen = `(not cast(:learner as boolean) or ${learnerMayOpenThread('= :sessionId', ':viewerId')})`;

/**
 * Per week of one session: the threads the reader may open (`threads`), and those of them with
 * posts new to the reader (`unread`). A learner's leave out the threads learner-reading.ts rules
 * out; weeks still closed to them are the caller's to leave out (it knows which they are).
 */
export async function unreadByWeek(
  db: Db,
  q: { sessionId: number; viewerId: number; learner: boolean; onlyWeek?: number },
): Promise<Map<number, { unread: number; threads: number }>> {
  const { rows } = await prepared(
    db.raw(
      `select m.week,
              count(*) filter (where ${hasUnread(':viewerId')} and ${mayOpen})::int as unread,
              count(*) filter (where ${mayOpen})::int as threads
         from discussion_threads t
         join course_modules m on m.id = t.course_module_id
         left join discussion_reads r on r.thread_id = t.id and r.user_id = :viewerId
        where t.course_session_id = :sessionId and (cast(:onlyWeek as int) is null or m.week = :onlyWeek)
        group by m.week`,
      { sessionId: q.sessionId, viewerId: q.viewerId, learner: q.learner, onlyWeek: q.onlyWeek ?? null },
    ),
    'unread-by-week',
  );
  return new Map((rows as { week: number; unread: number; threads: number }[]).map((r) => [r.week, { unread: r.unread, threads: r.threads }]));
}

// Threads of session :sessionId with posts new to reader :viewerId that they may open; `learner`
// is SQL that is true when the reader is the session's learner.
const unreadThreadsOf = (learner: string, week: string) => `
   from discussion_threads t
   left join discussion_reads r on r.thread_id = t.id and r.user_id = :viewerId
  where t.course_session_id = :sessionId ${week} and ${hasUnread(':viewerId')}
    and (not (${learner}) or ${learnerMayOpenThread('= :sessionId', ':viewerId')})`;

/** Whose unread threads of which session a page's column counts. */
export interface UnreadReader {
  viewerId: number;
  sessionId: number;
}

/**
 * How many threads of one week's board (module `moduleId`, SQL such as `m.id`) have posts new to
 * the reader, as a column to bind into a week page's own query; a learner's (`learner`, SQL) leave
 * out what they may not open there (the page itself is shown to them only once its week is open).
 */
export function unreadThreadsColumn(db: Db, sql: { moduleId: string; learner: string }, reader: UnreadReader): Knex.Raw {
  return db.raw(`(select count(*) ${unreadThreadsOf(sql.learner, `and t.course_module_id = ${sql.moduleId}`)})::int`, { viewerId: reader.viewerId, sessionId: reader.sessionId });
}

/**
 * unreadThreadsColumn for every week of the session, as a JSON object by module id, so that the
 * session overview, which works out which weeks are open, adds up those a learner may read.
 */
export function unreadThreadsByModuleColumn(db: Db, learner: boolean, reader: UnreadReader): Knex.Raw {
  return db.raw(
    `coalesce((select json_object_agg(x.course_module_id, x.n) from (
       select t.course_module_id, count(*)::int as n ${unreadThreadsOf(String(learner), '')}
        group by t.course_module_id) x), '{}')`,
    { viewerId: reader.viewerId, sessionId: reader.sessionId },
  );
}

export interface UnreadOfWeekRow {
  session_id: number;
  starts_at: Date;
  time_zone: string;
  week: number;
  unlocked_at: Date | null;
  /** The reader teaches the session or is an admin: their count takes in every week. */
  staff: boolean;
  unread: number;
}

/**
 * Threads with posts new to the reader, per session and week, for a list of sessions (one query),
 * with what tells whether the week is open to them; a learner's leave out what they may not open.
 */
export async function unreadBySessionAndWeek(db: Db, sessionIds: number[], viewer: { id: number; admin: boolean }): Promise<UnreadOfWeekRow[]> {
  if (sessionIds.length === 0) return [];
  const sessions = '= any(cast(:sessionIds as int[]))';
  const { rows } = await prepared(
    db.raw(
      `select s.id as session_id, s.starts_at, s.time_zone, m.week, wu.unlocked_at,
              (cast(:admin as boolean) or si.user_id is not null) as staff, count(*)::int as unread
         from discussion_threads t
         join course_sessions s on s.id = t.course_session_id
         join course_modules m on m.id = t.course_module_id
         left join week_unlocks wu on wu.course_session_id = s.id and wu.week = m.week
         left join session_instructors si on si.course_session_id = s.id and si.user_id = :viewerId
         left join discussion_reads r on r.thread_id = t.id and r.user_id = :viewerId
        where t.course_session_id ${sessions} and ${hasUnread(':viewerId')}
          and (cast(:admin as boolean) or si.user_id is not null or ${learnerMayOpenThread(sessions, ':viewerId')})
        group by s.id, m.week, wu.unlocked_at, si.user_id`,
      { sessionIds: `{${sessionIds.join(',')}}`, viewerId: viewer.id, admin: viewer.admin },
    ),
    'unread-by-session',
  );
  return rows;
}

export function lockThreadRow(db: Db, threadId: number): Promise<ThreadRow | undefined> {
  return db('discussion_threads').where({ id: threadId }).forUpdate().first();
}

export function findThreadFlags(db: Db, threadId: number): Promise<Pick<ThreadRow, 'pinned' | 'locked'> | undefined> {
  return db('discussion_threads').where({ id: threadId }).first('pinned', 'locked');
}

export function findPost(db: Db, postId: number): Promise<PostRow | undefined> {
  return db('discussion_posts').where({ id: postId }).first();
}

export function findOpeningPost(db: Db, threadId: number): Promise<PostRow | undefined> {
  return db('discussion_posts').where({ thread_id: threadId }).whereNull('parent_id').first();
}

const visibleTo = (viewerId: number, staff: boolean) => (q: Knex.QueryBuilder) => {
  if (!staff) q.where((w) => w.whereNot('p.status', 'pending').orWhere('p.author_id', viewerId));
};

// Every column a page shows; not body_md, which only the edit form needs and which would double
// what a 50-post page reads.
const THREAD_POST_COLUMNS = ['p.id', 'p.thread_id', 'p.parent_id', 'p.author_id', 'p.depth', 'p.body_html', 'p.content_note', 'p.status', 'p.hidden_reason', 'p.edited_at', 'p.created_at', 'p.top_post_id', 'p.branch_post_id'];

/** One page of a thread in reading order (see migration 0517); pending posts only for their author and staff. */
export function listThreadPosts(db: Db, opts: { threadId: number; viewerId: number; staff: boolean; limit: number; offset: number }): Promise<PostWithNames[]> {
  const query = db('discussion_posts as p')
    .leftJoin('users as u', 'u.id', 'p.author_id')
    .leftJoin('discussion_posts as parent', 'parent.id', 'p.parent_id')
    .leftJoin('users as pu', 'pu.id', 'parent.author_id')
    .select(...THREAD_POST_COLUMNS, 'u.name as author_name', 'pu.name as parent_author_name')
    .where('p.thread_id', opts.threadId)
    .modify(visibleTo(opts.viewerId, opts.staff))
    .orderByRaw('coalesce(p.top_post_id, 0), coalesce(p.branch_post_id, 0), p.id')
    .limit(opts.limit)
    .offset(opts.offset);
  return prepared(query, 'thread-posts');
}

/** How many posts this reader sees before the given post in the thread's reading order. */
export async function countPostsBefore(db: Db, opts: { threadId: number; viewerId: number; staff: boolean }, post: { id: number; top_post_id: number | null; branch_post_id: number | null }): Promise<number> {
  const [row] = await db('discussion_posts as p')
    .where('p.thread_id', opts.threadId)
    .modify(visibleTo(opts.viewerId, opts.staff))
    .whereRaw('(coalesce(p.top_post_id, 0), coalesce(p.branch_post_id, 0), p.id) < (?, ?, ?)', [post.top_post_id ?? 0, post.branch_post_id ?? 0, post.id])
    .select(db.raw('count(*)::int as n'));
  return (row as unknown as { n: number }).n;
}

export async function markRead(db: Db, userId: number, threadId: number, lastSeenPostId: number): Promise<void> {
  await db('discussion_reads')
    .insert({ user_id: userId, thread_id: threadId, last_seen_post_id: lastSeenPostId })
    .onConflict(['user_id', 'thread_id'])
    .merge({ last_seen_post_id: db.raw('greatest(discussion_reads.last_seen_post_id, excluded.last_seen_post_id)'), seen_at: db.fn.now() });
}

/**
 * Marks every thread of a board read up to its latest visible post, in one statement; with
 * `onlyOwnOrPinnedOf`, only the threads that learner can open on a board where they must post first.
 */
export async function markBoardRead(db: Db, userId: number, sessionId: number, moduleId: number, onlyOwnOrPinnedOf?: number): Promise<void> {
  await db.raw(
    `insert into discussion_reads (user_id, thread_id, last_seen_post_id)
     select ?, t.id, t.last_visible_post_id from discussion_threads t
      where t.course_session_id = ? and t.course_module_id = ? and t.last_visible_post_id is not null
        and (?::int is null or t.pinned or t.author_id = ?::int)
     on conflict (user_id, thread_id) do update
       set last_seen_post_id = greatest(discussion_reads.last_seen_post_id, excluded.last_seen_post_id), seen_at = now()`,
    [userId, sessionId, moduleId, onlyOwnOrPinnedOf ?? null, onlyOwnOrPinnedOf ?? null],
  );
}

export async function insertThread(db: Db, row: { course_session_id: number; course_module_id: number; author_id: number; title: string }): Promise<ThreadRow> {
  const [thread] = await db('discussion_threads').insert(row).returning('*');
  return thread;
}

export async function insertPost(db: Db, row: Omit<PostRow, 'id' | 'created_at' | 'edited_at' | 'hidden_reason'>): Promise<PostRow> {
  const [post] = await db('discussion_posts').insert(row).returning('*');
  return post;
}

export async function updatePost(db: Db, postId: number, changes: Partial<PostRow>): Promise<PostRow> {
  const [post] = await db('discussion_posts').where({ id: postId }).update(changes).returning('*');
  return post;
}

export async function updateThread(db: Db, threadId: number, changes: Partial<ThreadRow>): Promise<void> {
  await db('discussion_threads').where({ id: threadId }).update(changes);
}

/** Recounts visible replies and the latest visible post, after any change of a post's status. */
export async function refreshThreadCounts(db: Db, threadId: number): Promise<void> {
  await db('discussion_threads')
    .where({ id: threadId })
    .update({
      reply_count: db.raw(`(select count(*)::int from discussion_posts p where p.thread_id = ? and p.parent_id is not null and p.status = 'visible')`, [threadId]),
      last_post_at: db.raw(`greatest(discussion_threads.last_post_at, coalesce((select max(p.created_at) from discussion_posts p where p.thread_id = ? and p.status = 'visible'), discussion_threads.last_post_at))`, [threadId]),
    });
}

/** Follows a thread; whether this began following it (false when already following). */
export async function follow(db: Db, userId: number, threadId: number): Promise<boolean> {
  const added = await db('discussion_follows').insert({ user_id: userId, thread_id: threadId }).onConflict(['user_id', 'thread_id']).ignore().returning('thread_id');
  return added.length > 0;
}

export async function unfollow(db: Db, userId: number, threadId: number): Promise<void> {
  await db('discussion_follows').where({ user_id: userId, thread_id: threadId }).delete();
}

export async function findPostWithNames(db: Db, postId: number): Promise<PostWithNames | undefined> {
  return db('discussion_posts as p')
    .leftJoin('users as u', 'u.id', 'p.author_id')
    .leftJoin('discussion_posts as parent', 'parent.id', 'p.parent_id')
    .leftJoin('users as pu', 'pu.id', 'parent.author_id')
    .select('p.*', 'u.name as author_name', 'pu.name as parent_author_name')
    .where('p.id', postId)
    .first();
}

export async function findUserName(db: Db, userId: number): Promise<string | undefined> {
  const row: { name: string } | undefined = await db('users').select('name').where({ id: userId }).first();
  return row?.name;
}

export function findActiveUser(db: Db, userId: number): Promise<{ id: number; name: string; email: string; role: 'learner' | 'instructor' | 'admin' } | undefined> {
  return db('users').select('id', 'name', 'email', 'role').where({ id: userId, active: true }).first();
}

/** Serialises one author's posting: a second transaction for the same author waits here until the first commits. */
export async function lockAuthorForPosting(db: Db, userId: number): Promise<void> {
  // FOR NO KEY UPDATE conflicts with itself but not with the key-share locks that foreign keys to users take.
  await db('users').select('id').where({ id: userId }).forNoKeyUpdate();
}

/** The author's own thread on this board with the same title and opening text, started within the window. */
export function findRecentSameThread(
  db: Db,
  opts: { sessionId: number; moduleId: number; authorId: number; title: string; body: string; withinSeconds: number },
): Promise<{ id: number; opening_status: PostStatus } | undefined> {
  return db('discussion_threads as t')
    .join('discussion_posts as op', (j) => j.on('op.thread_id', 't.id').andOnNull('op.parent_id'))
    .select('t.id', 'op.status as opening_status')
    .where({ 't.course_session_id': opts.sessionId, 't.course_module_id': opts.moduleId, 't.author_id': opts.authorId, 't.title': opts.title, 'op.body_md': opts.body })
    .whereNot('op.status', 'deleted')
    .whereRaw(`t.created_at > now() - make_interval(secs => ?)`, [opts.withinSeconds])
    .orderBy('t.id', 'desc')
    .first();
}

/** The author's own reply under the same parent with the same text, written within the window. */
export function findRecentSameReply(
  db: Db,
  opts: { threadId: number; parentId: number; authorId: number; body: string; withinSeconds: number },
): Promise<PostRow | undefined> {
  return db('discussion_posts')
    .where({ thread_id: opts.threadId, parent_id: opts.parentId, author_id: opts.authorId, body_md: opts.body })
    .whereNot('status', 'deleted')
    .whereRaw(`created_at > now() - make_interval(secs => ?)`, [opts.withinSeconds])
    .orderBy('id', 'desc')
    .first();
}
