import type { DiscussionDeps } from './discussions.deps';
import * as repo from './discussions.repository';
import { boardRoom, threadRoom, threadStaffRoom, userRoom, type ThreadContext } from './discussions.types';
import { presentPost, type PostView } from './post.presenter';
import { renderPostList } from './posts.view';

function renderPost(view: PostView, ctx: ThreadContext): string {
  return renderPostList({ posts: [view], csrfToken: '', locked: ctx.thread.locked, replyPrefix: `/threads/${view.threadId}?reply_to=` });
}

/** The post as everyone in the room may see it, rendered on the server from sanitised HTML. */
async function neutralPostHtml(deps: DiscussionDeps, ctx: ThreadContext, postId: number): Promise<string | undefined> {
  const post = await repo.findPostWithNames(deps.db, postId);
  if (!post) return undefined;
  return renderPost(presentPost(post, ctx.access.session.time_zone), ctx);
}

/** Tells readers of the thread and the board that a post is now visible. */
export async function announceNewPost(deps: DiscussionDeps, ctx: ThreadContext, postId: number): Promise<void> {
  const html = await neutralPostHtml(deps, ctx, postId);
  if (!html) return;
  deps.realtime.emitToRoom(threadRoom(ctx.thread.id), 'post:created', { threadId: ctx.thread.id, postId, html });
  deps.realtime.emitToRoom(boardRoom(ctx.access.session.id, ctx.module.week), 'board:activity', { threadId: ctx.thread.id });
}

/** Tells readers of the thread that a post changed (edited, removed, hidden or restored), with its new look. */
export async function announcePostChange(deps: DiscussionDeps, ctx: ThreadContext, postId: number, event: 'post:edited' | 'post:removed' | 'post:hidden' | 'post:restored'): Promise<void> {
  const post = await repo.findPostWithNames(deps.db, postId);
  if (!post) return;
  const zone = ctx.access.session.time_zone;
  const payload = async (view: PostView) => ({ threadId: ctx.thread.id, postId, html: await renderPost(view, ctx) });
  if (event !== 'post:hidden') {
    deps.realtime.emitToRoom(threadRoom(ctx.thread.id), event, await payload(presentPost(post, zone)));
    return;
  }
  // A hidden post still shows its text and the reason to its author and to staff, as on a reload;
  // everyone else gets the placeholder.
  const seesAll = { staff: false, lastSeenPostId: Number.MAX_SAFE_INTEGER };
  const personal = [threadStaffRoom(ctx.thread.id), ...(post.author_id !== null ? [userRoom(post.author_id)] : [])];
  deps.realtime.emitToRoom(threadRoom(ctx.thread.id), event, await payload(presentPost(post, zone)), personal);
  deps.realtime.emitToRoom(threadStaffRoom(ctx.thread.id), event, await payload(presentPost(post, zone, { ...seesAll, id: 0, staff: true })));
  if (post.author_id !== null) deps.realtime.emitToRoom(userRoom(post.author_id), event, await payload(presentPost(post, zone, { ...seesAll, id: post.author_id })));
}
