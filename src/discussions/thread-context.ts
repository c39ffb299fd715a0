import type { PostWithNames, ThreadRow } from './discussions.types';
import type { ThreadContextRow } from './thread-context.repository';

/** Posts on one page of a thread. */
export const POSTS_PER_PAGE = 50;

/** What a reader has seen and follows in a thread, how many posts they can see there, and the page of them asked for. */
export interface ReaderState {
  lastSeenPostId: number;
  following: boolean;
  total: number;
  /** The page asked for, or the last if it was past it. */
  page: number;
  posts: PostWithNames[];
}

/** The thread with its week and course, from a context row. */
export function threadPart(row: ThreadContextRow): ThreadRow & { week: number; course_id: number } {
  return {
    id: row.thread_id,
    course_session_id: row.id,
    course_module_id: row.thread_course_module_id,
    author_id: row.thread_author_id,
    title: row.thread_title,
    pinned: row.thread_pinned,
    locked: row.thread_locked,
    reply_count: row.thread_reply_count,
    last_post_at: row.thread_last_post_at,
    created_at: row.thread_created_at,
    week: row.week,
    course_id: row.course_id,
  };
}

