import path from 'node:path';
import ejs from 'ejs';
import { viewsDir } from '../lib/paths';
import type { DiscussionDeps } from './discussions.deps';
import * as repo from './discussions.repository';
import { boardRoom, threadRoom, type ThreadContext } from './discussions.types';
import { presentPost } from './post.presenter';

const postsTemplate = path.join(viewsDir, 'discussions', '_posts.ejs');

/** The post as everyone in the room may see it, rendered on the server from sanitised HTML. */
async function neutralPostHtml(deps: DiscussionDeps, ctx: ThreadContext, postId: number): Promise<string | undefined> {
  const post = await repo.findPostWithNames(deps.db, postId);
  if (!post) return undefined;
  const view = presentPost(post, ctx.access.session.time_zone);
  return ejs.renderFile(postsTemplate, { posts: [view], csrfToken: '', locked: ctx.thread.locked, replyPrefix: `/threads/${post.thread_id}?reply_to=` }, { cache: true });
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
  const html = await neutralPostHtml(deps, ctx, postId);
  if (!html) return;
  deps.realtime.emitToRoom(threadRoom(ctx.thread.id), event, { threadId: ctx.thread.id, postId, html });
}
