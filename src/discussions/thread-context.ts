import type { ThreadRow } from './discussions.types';
import type { ThreadContextRow } from './thread-context.repository';

/** What a reader has seen and follows in a thread, and how many posts they can see there. */
export interface ReaderState {
  lastSeenPostId: number;
  following: boolean;
  total: number;
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

