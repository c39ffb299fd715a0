import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { accessJoins, SESSION_ACCESS_SELECT, SESSION_ACCESS_SQL, sessionAccessColumns, type SessionAccessRow } from '../enrolment/access';
import type { PostStatus } from './discussions.types';

/** A week's board as the thread's and the board's context read it: its module and course, the week's early opening and the board's settings. */
interface BoardColumns {
  week: number;
  module_title: string;
  discussion_prompt_html: string;
  course_title: string;
  support_resources_html: string;
  unlocked_at: Date | null;
  post_before_viewing: boolean;
  has_posted: boolean | null;
}

/**
 * Everything needed to decide whether a user may open a thread, in one row: the thread, its
 * week's module and course, the session with the user's enrolment and instructor assignment
 * (as findSessionAccess joins them), the week's early opening, the board's settings, whether the
 * user has posted on the board (only when the board asks for it) and the opening post's status.
 */
export interface ThreadContextRow extends SessionAccessRow, BoardColumns {
  thread_id: number;
  thread_course_module_id: number;
  thread_author_id: number | null;
  thread_title: string;
  thread_pinned: boolean;
  thread_locked: boolean;
  thread_reply_count: number;
  thread_last_post_at: Date;
  thread_created_at: Date;
  module_id: number;
  opening_status: PostStatus | null;
}

/** What the reader has seen and follows, and how many posts the thread holds, read with the context. */
export interface ReaderStateRow {
  last_seen_post_id: number | null;
  following: boolean;
  /** Posts a learner sees: all but others' posts awaiting approval. */
  posts_for_learner: number;
  posts_for_staff: number;
}

// Whether the user has written anything (not removed) on the board of module m; asked only when
// the board hides others' threads until one has.
const hasPostedColumn = (sessionId: string, userId: string) => `case when b.post_before_viewing then exists (
    select 1 from discussion_posts bp join discussion_threads bt on bt.id = bp.thread_id
    where bt.course_session_id = ${sessionId} and bt.course_module_id = m.id and bp.author_id = ${userId} and bp.status <> 'deleted'
  ) end`;

const CONTEXT_COLUMNS = `
  ${SESSION_ACCESS_SELECT},
  t.id as thread_id, t.course_module_id as thread_course_module_id, t.author_id as thread_author_id,
  t.title as thread_title, t.pinned as thread_pinned, t.locked as thread_locked,
  t.reply_count as thread_reply_count, t.last_post_at as thread_last_post_at, t.created_at as thread_created_at,
  m.id as module_id, m.week, m.title as module_title, m.discussion_prompt_html,
  c.title as course_title, c.support_resources_html,
  (select wu.unlocked_at from week_unlocks wu where wu.course_session_id = s.id and wu.week = m.week limit 1) as unlocked_at,
  coalesce(b.post_before_viewing, false) as post_before_viewing,
  ${hasPostedColumn('s.id', ':userId')} as has_posted,
  (select op.status from discussion_posts op where op.thread_id = t.id and op.parent_id is null limit 1) as opening_status`;

const READER_COLUMNS = `,
  (select r.last_seen_post_id from discussion_reads r where r.user_id = :userId and r.thread_id = t.id) as last_seen_post_id,
  exists (select 1 from discussion_follows f where f.user_id = :userId and f.thread_id = t.id) as following,
  (select count(*) filter (where p.status <> 'pending' or p.author_id = :userId) from discussion_posts p where p.thread_id = t.id)::int as posts_for_learner,
  (select count(*) from discussion_posts p where p.thread_id = t.id)::int as posts_for_staff`;

const FROM = `
  from discussion_threads t
  join course_sessions s on s.id = t.course_session_id
  join course_modules m on m.id = t.course_module_id
  join courses c on c.id = m.course_id
  ${accessJoins(':userId')}
  left join discussion_board_settings b on b.course_session_id = s.id and b.course_module_id = m.id
  where t.id = :threadId`;

export async function findThreadContext(db: Db, threadId: number, userId: number): Promise<ThreadContextRow | undefined> {
  const { rows } = await prepared(db.raw(`select ${CONTEXT_COLUMNS} ${FROM}`, { threadId, userId }), 'thread-context');
  return rows[0];
}

export async function findThreadContextForReader(db: Db, threadId: number, userId: number): Promise<(ThreadContextRow & ReaderStateRow) | undefined> {
  const { rows } = await prepared(db.raw(`select ${CONTEXT_COLUMNS} ${READER_COLUMNS} ${FROM}`, { threadId, userId }), 'thread-context-reader');
  return rows[0];
}

/** What openBoard decides on, in one row: the session with the reader's access, and the week's board. */
export interface BoardContextRow extends SessionAccessRow, BoardColumns {
  /** Null when the course has no such week. */
  module_id: number | null;
}

const BOARD_CONTEXT_SQL = `
  with acc as (${SESSION_ACCESS_SQL})
  select ${sessionAccessColumns('acc')},
         m.id as module_id, m.week, m.title as module_title, m.discussion_prompt_html,
         c.title as course_title, c.support_resources_html,
         (select wu.unlocked_at from week_unlocks wu where wu.course_session_id = acc.id and wu.week = m.week) as unlocked_at,
         coalesce(b.post_before_viewing, false) as post_before_viewing,
         ${hasPostedColumn('acc.id', '?')} as has_posted
    from acc
    join courses c on c.id = acc.course_id
    left join course_modules m on m.course_id = acc.course_id and m.week = ?
    left join discussion_board_settings b on b.course_session_id = acc.id and b.course_module_id = m.id`;

/** Everything needed to let a user into a week's board, in one query: no row when the session does not exist. */
export async function findBoardContext(db: Db, q: { userId: number; sessionId: number; week: number }): Promise<BoardContextRow | undefined> {
  const { rows } = await prepared(db.raw(BOARD_CONTEXT_SQL, [q.userId, q.userId, q.sessionId, q.userId, q.week]), 'board-context');
  return rows[0];
}
