import { findSessionAccess, isStaff } from '../enrolment';
import type { DiscussionDeps } from './discussions.deps';
import * as repo from './discussions.repository';
import { boardRoom, threadRoom, threadStaffRoom, userRoom, type ThreadContext } from './discussions.types';
import { presentPost, type PostView, type PostViewer } from './post.presenter';
import { renderPostList } from './posts.view';
import { renderReplySection, renderThreadFlags, renderThreadModeration } from './thread.view';

function renderPost(view: PostView, ctx: ThreadContext): string {
  return renderPostList({ posts: [view], csrfToken: '', replyLinks: ctx.thread.locked ? 'hidden' : 'shown', replyPrefix: `/threads/${view.threadId}?reply_to=` });
}

/** Whether the post's author takes part in its session as staff, so their own version carries moderation too. */
async function authorIsStaff(deps: DiscussionDeps, ctx: ThreadContext, authorId: number): Promise<boolean> {
  const author = await repo.findActiveUser(deps.db, authorId);
  return author !== undefined && isStaff(await findSessionAccess(deps.db, author, ctx.access.session.id));
}

/**
 * Sends a post to the thread's readers with the actions that fit it for each: staff, the author and
 * everyone else get their own version, so no learner is sent staff controls or hidden words.
 * Forms carry no CSRF token (a room spans many logins); the page's script fills in its own.
 */
async function emitPostToReaders(deps: DiscussionDeps, ctx: ThreadContext, postId: number, event: string): Promise<boolean> {
  const post = await repo.findPostWithNames(deps.db, postId);
  if (!post) return false;
  const zone = ctx.access.session.time_zone;
  const payload = (viewer: PostViewer) => ({ threadId: ctx.thread.id, postId, html: renderPost(presentPost(post, zone, viewer), ctx) });
  const seen = { lastSeenPostId: Number.MAX_SAFE_INTEGER };
  const staffRoom = threadStaffRoom(ctx.thread.id);
  const authorRoom = post.author_id !== null ? [userRoom(post.author_id)] : [];
  deps.realtime.emitToRoom(threadRoom(ctx.thread.id), event, payload({ ...seen, id: 0, staff: false }), [staffRoom, ...authorRoom]);
  deps.realtime.emitToRoom(staffRoom, event, payload({ ...seen, id: 0, staff: true }), authorRoom);
  if (post.author_id !== null) {
    deps.realtime.emitToRoom(userRoom(post.author_id), event, payload({ ...seen, id: post.author_id, staff: await authorIsStaff(deps, ctx, post.author_id) }));
  }
  return true;
}

/** Tells readers of the thread (each with the actions that fit them) and of the board that a post is now visible. */
export async function announceNewPost(deps: DiscussionDeps, ctx: ThreadContext, postId: number): Promise<void> {
  if (!(await emitPostToReaders(deps, ctx, postId, 'post:created'))) return;
  deps.realtime.emitToRoom(boardRoom(ctx.access.session.id, ctx.module.week), 'board:activity', { threadId: ctx.thread.id });
}

/**
 * Tells readers of the thread that a post changed (edited, removed, hidden, restored or approved),
 * with its new look and the actions that now fit it for each, so no page keeps "Hide" on a hidden post.
 */
export async function announcePostChange(deps: DiscussionDeps, ctx: ThreadContext, postId: number, event: 'post:edited' | 'post:removed' | 'post:hidden' | 'post:restored' | 'post:approved'): Promise<void> {
  await emitPostToReaders(deps, ctx, postId, event);
}

/**
 * Tells readers of the thread that it was pinned, unpinned, locked or unlocked, with its new badges
 * and reply section (the locked notice, or the form back), so no open page offers a reply the server
 * would refuse. Only staff are sent the thread's Moderate controls, their CSRF field left for the page to fill.
 * A pin or unpin is also told to the thread's board.
 */
export function announceThreadChange(deps: DiscussionDeps, ctx: ThreadContext, flags: { pinned: boolean; locked: boolean }, pinChanged: boolean): void {
  const thread = { id: ctx.thread.id, ...flags };
  const payload = { threadId: thread.id, ...flags, flagsHtml: renderThreadFlags(thread), replyHtml: renderReplySection(thread) };
  const staffRoom = threadStaffRoom(thread.id);
  deps.realtime.emitToRoom(threadRoom(thread.id), 'thread:changed', payload, [staffRoom]);
  deps.realtime.emitToRoom(staffRoom, 'thread:changed', { ...payload, moderateHtml: renderThreadModeration(thread) });
  // Pinned threads head the board: its open pages offer to show the new order. Which thread is not
  // said, since the board's room also holds learners who may not see it (one waiting for approval).
  if (pinChanged) deps.realtime.emitToRoom(boardRoom(ctx.access.session.id, ctx.module.week), 'board:pinned', {});
}
