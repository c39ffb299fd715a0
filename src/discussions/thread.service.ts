import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { openThread } from './board.service';
import { isStaff } from '../enrolment';
import * as repo from './discussions.repository';
import type { BoardContext, ThreadContext } from './discussions.types';
import type { ReaderState } from './thread-context';
import { presentPost, type PostView } from './post.presenter';

export const POSTS_PER_PAGE = 50;
export const THREADS_PER_PAGE = 25;

/**
 * One page of a thread for its reader, in reading order, marking which posts are new to them;
 * then records that they have seen up to the newest post on the page. Takes the context from
 * openThreadForReading, so a page is one query for the context and one for the posts.
 */
export async function readThread(db: Db, ctx: ThreadContext & { reader: ReaderState }, page: number, now = new Date()) {
  const staff = isStaff(ctx.access);
  const { lastSeenPostId, following, total } = ctx.reader;
  const pages = Math.max(1, Math.ceil(total / POSTS_PER_PAGE));
  const current = Math.min(page, pages);
  const rows = await repo.listThreadPosts(db, { threadId: ctx.thread.id, viewerId: ctx.userId, staff, limit: POSTS_PER_PAGE, offset: (current - 1) * POSTS_PER_PAGE });
  const newest = rows.reduce((max, p) => Math.max(max, p.id), 0);
  if (newest > lastSeenPostId) await repo.markRead(db, ctx.userId, ctx.thread.id, newest);
  const viewer = { id: ctx.userId, staff, lastSeenPostId };
  const posts: PostView[] = rows.map((p) => presentPost(p, ctx.access.session.time_zone, viewer, now));
  return { posts, page: current, pages, total, following, staff };
}

/** One page of a board: pinned threads, then the rest by latest activity, with unread counts. */
export async function readBoard(db: Db, ctx: BoardContext, beforeThreadId?: number) {
  const base = {
    sessionId: ctx.access.session.id,
    moduleId: ctx.module.id,
    viewerId: ctx.userId,
    staff: isStaff(ctx.access),
    restricted: ctx.restricted,
  };
  // The "older threads" link names a thread of this board; any other is not found.
  if (beforeThreadId && !(await repo.isThreadOnBoard(db, beforeThreadId, base.sessionId, base.moduleId))) throw new NotFoundError();
  const [pinned, rest] = await Promise.all([
    beforeThreadId ? [] : repo.listBoardThreads(db, { ...base, pinned: true, limit: 100 }),
    repo.listBoardThreads(db, { ...base, pinned: false, beforeThreadId, limit: THREADS_PER_PAGE + 1 }),
  ]);
  const hasMore = rest.length > THREADS_PER_PAGE;
  const shown = [...pinned, ...rest.slice(0, THREADS_PER_PAGE)];
  return {
    threads: shown.map((t) => ({
      id: t.id,
      title: t.title,
      authorName: t.author_name ?? 'A former participant',
      pinned: t.pinned,
      locked: t.locked,
      replies: t.reply_count,
      unread: t.unread,
      isNew: t.never_opened && t.author_id !== ctx.userId,
      awaitingApproval: t.opening_status === 'pending',
      lastPostAt: t.last_post_at,
    })),
    nextBefore: hasMore ? rest[THREADS_PER_PAGE - 1].id : undefined,
  };
}

/** Where a post is for this reader: its thread and the page it falls on (404 if they may not see it). */
export async function locatePost(db: Db, user: CurrentUser | undefined, postId: number) {
  const post = await repo.findPost(db, postId);
  if (!post || !user) throw new NotFoundError();
  const ctx = await openThread(db, user, post.thread_id);
  const staff = isStaff(ctx.access);
  if (post.status === 'pending' && post.author_id !== user.id && !staff) throw new NotFoundError();
  const before = await repo.countPostsBefore(db, { threadId: post.thread_id, viewerId: user.id, staff }, post);
  return { threadId: post.thread_id, page: Math.floor(before / POSTS_PER_PAGE) + 1 };
}
