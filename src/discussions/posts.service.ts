import type { CurrentUser } from '../auth';
import { cancelledRefusal, isStaff, refuseIfCancelled } from '../enrolment';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import { formatInZone } from '../lib/dates';
import type { DiscussionDeps } from './discussions.deps';
import * as repo from './discussions.repository';
import { findOpenReportBy, insertReport } from './moderation.repository';
import type { BoardContext, PostRow, PostStatus, ThreadContext } from './discussions.types';
import { announceNewPost, announcePostChange } from './live';
import { emailFollowersNow } from './notify.service';
import { openThread } from './board.service';
import { EDIT_WINDOW_MINUTES, NO_NEW_THREADS, withinEditWindow } from './discussions.policy';
import { summarisePost } from './post-summary.presenter';

async function initialStatus(deps: DiscussionDeps, ctx: BoardContext): Promise<PostStatus> {
  const session = ctx.access.session;
  if (!session.hold_first_posts || ctx.access.as !== 'learner') return 'visible';
  return (await repo.hasPublishedPostInSession(deps.db, session.id, ctx.userId)) ? 'visible' : 'pending';
}

// A double click or a resent form repeats the same post within moments; within this window an
// identical post by the same author is taken to be that repeat and answered with the first one.
export const REPEAT_WINDOW_SECONDS = 120;

/**
 * Starts a thread on an open board of a session still running; the author follows it; a learner's first post may be held for approval.
 * The same title and text again from the same author within two minutes starts nothing new and answers with the first thread.
 */
export async function startThread(deps: DiscussionDeps, ctx: BoardContext, input: { title: string; body: string; contentNote?: string }) {
  refuseIfCancelled(ctx.access.session, NO_NEW_THREADS);
  const status = await initialStatus(deps, ctx);
  const created = await deps.db.transaction(async (trx) => {
    // The author's row lock makes two identical requests take turns, so the second one sees the first's thread.
    await repo.lockAuthorForPosting(trx, ctx.userId);
    const repeat = await repo.findRecentSameThread(trx, {
      sessionId: ctx.access.session.id, moduleId: ctx.module.id, authorId: ctx.userId, title: input.title, body: input.body, withinSeconds: REPEAT_WINDOW_SECONDS,
    });
    if (repeat) return { repeat };
    const thread = await repo.insertThread(trx, {
      course_session_id: ctx.access.session.id,
      course_module_id: ctx.module.id,
      author_id: ctx.userId,
      title: input.title,
    });
    const post = await repo.insertPost(trx, {
      thread_id: thread.id,
      parent_id: null,
      author_id: ctx.userId,
      depth: 0,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      content_note: input.contentNote ?? null,
      status,
      top_post_id: null,
      branch_post_id: null,
    });
    await repo.follow(trx, ctx.userId, thread.id);
    return { thread, post };
  });
  if (created.repeat) return { threadId: created.repeat.id, held: created.repeat.opening_status === 'pending' };
  const { thread, post } = created;
  if (status === 'visible') await announceNewPost(deps, { ...ctx, thread }, post.id);
  return { threadId: thread.id, held: status === 'pending' };
}

const NO_REPLIES = 'no replies can be posted';
export const CANCELLED_THREAD = cancelledRefusal(NO_REPLIES);
export const LOCKED_THREAD = 'This thread has been locked by a moderator, so it takes no new replies. Your text is still in the box below.';

/** Where a reply sits: nesting is kept two levels deep, deeper replies join their branch. */
function positionUnder(parent: PostRow) {
  const depth = parent.depth + 1;
  if (depth === 1) return { depth, top: null, branch: null };
  if (depth === 2) return { depth, top: parent.top_post_id, branch: null };
  return { depth, top: parent.top_post_id, branch: parent.branch_post_id };
}

/**
 * Replies in a thread the user may read; refused while the thread is locked (checked under a row lock).
 * The same text again from the same author under the same post within two minutes answers with the first reply.
 */
export async function replyToPost(deps: DiscussionDeps, ctx: ThreadContext, input: { body: string; contentNote?: string; parentId?: number }) {
  refuseIfCancelled(ctx.access.session, NO_REPLIES);
  const status = await initialStatus(deps, ctx);
  const post = await deps.db.transaction(async (trx) => {
    const thread = await repo.lockThreadRow(trx, ctx.thread.id);
    if (!thread) throw new NotFoundError();
    if (thread.locked) throw new ConflictError(LOCKED_THREAD);
    const parent = input.parentId ? await repo.findPost(trx, input.parentId) : await repo.findOpeningPost(trx, thread.id);
    const hiddenFromUser = parent && parent.status === 'pending' && parent.author_id !== ctx.userId && !isStaff(ctx.access);
    if (!parent || parent.thread_id !== thread.id || hiddenFromUser) {
      throw new ValidationError('We could not find the post you were replying to. Your text is kept below: you can send it as a reply to the whole thread.');
    }
    // Replies to a thread already take turns on its row lock, so a repeat always sees the first reply.
    const repeat = await repo.findRecentSameReply(trx, { threadId: thread.id, parentId: parent.id, authorId: ctx.userId, body: input.body, withinSeconds: REPEAT_WINDOW_SECONDS });
    if (repeat) return { repeat, placed: undefined, nowFollowing: false };
    const pos = positionUnder(parent);
    const inserted = await repo.insertPost(trx, {
      thread_id: thread.id,
      parent_id: parent.id,
      author_id: ctx.userId,
      depth: pos.depth,
      body_md: input.body,
      body_html: renderMarkdown(input.body),
      content_note: input.contentNote ?? null,
      status,
      top_post_id: null,
      branch_post_id: null,
    });
    // The new post's own id fills the level it opens.
    const top = pos.depth === 1 ? inserted.id : pos.top;
    const branch = pos.depth === 2 ? inserted.id : pos.branch;
    const placed = await repo.updatePost(trx, inserted.id, { top_post_id: top, branch_post_id: branch });
    if (status === 'visible') await repo.refreshThreadCounts(trx, thread.id);
    // Whoever joins a conversation wants to hear the answers, as in Canvas: replying follows the thread.
    const nowFollowing = await repo.follow(trx, ctx.userId, thread.id);
    return { repeat: undefined, placed, nowFollowing };
  });
  const { repeat, placed, nowFollowing } = post;
  if (repeat) return { postId: repeat.id, held: repeat.status === 'pending', nowFollowing };
  if (status === 'visible') {
    await announceNewPost(deps, ctx, placed.id);
    await emailFollowersNow(deps, ctx, placed);
  }
  return { postId: placed.id, held: status === 'pending', nowFollowing };
}

async function ownPost(deps: DiscussionDeps, user: CurrentUser, postId: number) {
  const post = await repo.findPost(deps.db, postId);
  if (!post) throw new NotFoundError();
  const ctx = await openThread(deps.db, user, post.thread_id);
  if (post.author_id !== user.id) throw isStaff(ctx.access) ? new ForbiddenError('Only the author can edit their post.') : new NotFoundError();
  return { post, ctx };
}

/** Loads a post its author may still edit: their own, not removed or hidden, within 30 minutes of posting. */
export async function findEditablePost(deps: DiscussionDeps, user: CurrentUser, postId: number, now = new Date()) {
  const { post, ctx } = await ownPost(deps, user, postId);
  if (post.status === 'deleted' || post.status === 'hidden') throw new ConflictError('This post can no longer be edited.');
  if (!withinEditWindow(post.created_at, now)) {
    throw new ConflictError(`Posts can be edited for ${EDIT_WINDOW_MINUTES} minutes after posting, and that time has passed. You can add a reply instead.`);
  }
  return { post, ctx };
}

/** The version of a post an edit page was opened on: the time of its last edit, 0 if none. */
export const editRevOf = (post: { edited_at: Date | null }): number => post.edited_at?.getTime() ?? 0;

/**
 * Edits an own post within the edit window; the post then shows an "edited" mark. An edit from a
 * page opened before another edit of the post is refused (the refusal page hands its text back).
 */
export async function editPost(deps: DiscussionDeps, user: CurrentUser, postId: number, input: { body: string; contentNote?: string; rev?: number }, now = new Date()) {
  const { post, ctx } = await findEditablePost(deps, user, postId, now);
  if (input.rev !== undefined && input.rev !== editRevOf(post)) {
    throw new ConflictError('This post was changed in another window after you opened this page, so this edit was not saved. Open the post again to see its words now.');
  }
  const updated = await repo.updatePost(deps.db, post.id, {
    body_md: input.body,
    body_html: renderMarkdown(input.body),
    content_note: input.contentNote ?? null,
    edited_at: now,
  });
  if (updated.status === 'visible') await announcePostChange(deps, ctx, updated.id, 'post:edited');
  return { threadId: post.thread_id };
}

/** Loads an own post its author may still delete, to show it before they confirm. */
export async function findDeletablePost(deps: DiscussionDeps, user: CurrentUser, postId: number) {
  const { post, ctx } = await ownPost(deps, user, postId);
  if (post.status === 'deleted') throw new ConflictError('This post is already removed.');
  return { post, ctx, summary: summarisePost(post, user.name, ctx.access.session.time_zone, true) };
}

/** Removes an own post: its text is cleared and it shows as "removed"; replies to it stay. */
export async function deleteOwnPost(deps: DiscussionDeps, user: CurrentUser, postId: number) {
  const { post, ctx } = await ownPost(deps, user, postId);
  if (post.status === 'deleted') return { threadId: post.thread_id };
  await deps.db.transaction(async (trx) => {
    await repo.updatePost(trx, post.id, { status: 'deleted', body_md: '', body_html: '', content_note: null });
    await repo.refreshThreadCounts(trx, post.thread_id);
  });
  await announcePostChange(deps, ctx, post.id, 'post:removed');
  return { threadId: post.thread_id };
}

/**
 * Loads a post the user may report: someone else's, one they can read, in a thread they can read.
 * Authors cannot report their own post; they can delete it instead.
 */
export async function findReportablePost(deps: DiscussionDeps, user: CurrentUser, postId: number) {
  const post = await repo.findPost(deps.db, postId);
  if (!post) throw new NotFoundError();
  const ctx = await openThread(deps.db, user, post.thread_id);
  if (post.status === 'pending' && post.author_id !== user.id && !isStaff(ctx.access)) throw new NotFoundError();
  if (post.author_id === user.id) throw new ForbiddenError('This is your own post, so there is nothing to report. If you would rather it was gone, you can delete it.');
  const [authorName, reported] = await Promise.all([
    post.author_id ? repo.findUserName(deps.db, post.author_id) : undefined,
    findOpenReportBy(deps.db, post.id, user.id),
  ]);
  // Readers other than staff never see the text of a hidden post.
  const showText = post.status === 'visible' || (post.status !== 'deleted' && isStaff(ctx.access));
  const zone = ctx.access.session.time_zone;
  return { post, ctx, summary: summarisePost(post, authorName, zone, showText), reportedOn: reported && formatInZone(reported.created_at, zone, 'd LLLL, HH:mm') };
}

/** Records a reader's report of a post they can see, for the session's moderators; the same words again add nothing. */
export async function reportPost(deps: DiscussionDeps, user: CurrentUser, postId: number, reason: string) {
  const { post, ctx } = await findReportablePost(deps, user, postId);
  const added = await insertReport(deps.db, { course_session_id: ctx.access.session.id, post_id: post.id, reporter_id: user.id, reason });
  return { threadId: post.thread_id, added };
}

/** Follows or stops following a thread the user may read. */
export async function setFollowing(deps: DiscussionDeps, user: CurrentUser, threadId: number, following: boolean) {
  await openThread(deps.db, user, threadId);
  if (following) await repo.follow(deps.db, user.id, threadId);
  else await repo.unfollow(deps.db, user.id, threadId);
}
