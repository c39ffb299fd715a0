import type { SessionAccess } from '../enrolment';

export type PostStatus = 'visible' | 'pending' | 'hidden' | 'deleted';

export interface ThreadRow {
  id: number;
  course_session_id: number;
  course_module_id: number;
  author_id: number | null;
  title: string;
  pinned: boolean;
  locked: boolean;
  reply_count: number;
  last_post_at: Date;
  created_at: Date;
}

export interface PostRow {
  id: number;
  thread_id: number;
  parent_id: number | null;
  author_id: number | null;
  depth: number;
  body_md: string;
  body_html: string;
  content_note: string | null;
  status: PostStatus;
  hidden_reason: string | null;
  edited_at: Date | null;
  created_at: Date;
  top_post_id: number | null;
  branch_post_id: number | null;
}

/** A post as a thread page shows it: the names next to it, and not its Markdown source. */
export interface PostWithNames extends Omit<PostRow, 'body_md'> {
  author_name: string | null;
  parent_author_name: string | null;
}

export interface BoardModule {
  id: number;
  week: number;
  title: string;
  discussion_prompt_html: string;
  course_title: string;
  support_resources_html: string;
}

/** Everything known about a board once the user is allowed in. */
export interface BoardContext {
  access: SessionAccess;
  module: BoardModule;
  postBeforeViewing: boolean;
  /** True when the board hides peers' threads from this learner until they post. */
  restricted: boolean;
  userId: number;
}

export interface ThreadContext extends BoardContext {
  thread: ThreadRow;
}

export const boardRoom = (sessionId: number, week: number) => `board:${sessionId}:${week}`;
export const threadRoom = (threadId: number) => `thread:${threadId}`;
/** Rooms a socket is put in by the server, never by asking: a thread's staff, and one user's own sockets. */
export const threadStaffRoom = (threadId: number) => `thread:${threadId}:staff`;
export const userRoom = (userId: number) => `user:${userId}`;
