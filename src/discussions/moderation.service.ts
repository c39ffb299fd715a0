import type { CurrentUser } from '../auth';
import { checkUser } from '../completion';
import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';
import { findSessionAccess, isStaff, refuseIfCancelled } from '../enrolment';
import { ConflictError, ForbiddenError, NotFoundError } from '../lib/errors';
import { markdownToText } from '../lib/markdown';
import { openThread } from './board.service';
import type { DiscussionDeps } from './discussions.deps';
import * as repo from './discussions.repository';
import type { PostRow, ThreadContext } from './discussions.types';
import { announceNewPost, announcePostChange, announceThreadChange } from './live';
import * as mod from './moderation.repository';
import { emailFollowersNow } from './notify.service';

async function staffThread(db: Db, user: CurrentUser, threadId: number): Promise<ThreadContext> {
  const ctx = await openThread(db, user, threadId);
  if (!isStaff(ctx.access)) throw new ForbiddenError('Only the session’s instructors can moderate its discussions.');
  return ctx;
}

async function staffPost(db: Db, user: CurrentUser, postId: number): Promise<{ ctx: ThreadContext; post: PostRow }> {
  const post = await repo.findPost(db, postId);
  if (!post) throw new NotFoundError();
  return { ctx: await staffThread(db, user, post.thread_id), post };
}

/**
 * Does one moderation of a post on the post as it is once no other moderation of it is under way:
 * the same action sent twice at once waits for its twin, then finds it done and logs nothing.
 */
function moderatingPost<T>(db: Db, postId: number, work: (trx: Db, post: PostRow) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'moderationOfPost', postId);
    const post = await repo.findPost(trx, postId);
    if (!post) throw new NotFoundError();
    return work(trx, post);
  });
}

type ThreadFlag = 'pin' | 'unpin' | 'lock' | 'unlock';

/**
 * Pins, unpins, locks or unlocks a thread (staff of its session only), recorded in the audit log
 * with the moderator's reason. As hidePost, `readReason` is called once the rights are checked.
 */
export async function setThreadFlag(
  deps: DiscussionDeps,
  user: CurrentUser,
  threadId: number,
  flag: ThreadFlag,
  readReason: () => string | undefined,
): Promise<void> {
  const ctx = await staffThread(deps.db, user, threadId);
  // A cancelled session is kept as it was; only hiding or removing posts stays open, to keep it safe.
  refuseIfCancelled(ctx.access.session, 'its threads can no longer be pinned or locked');
  const reason = readReason();
  const changes = flag === 'pin' || flag === 'unpin' ? { pinned: flag === 'pin' } : { locked: flag === 'lock' };
  const changed = await deps.db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'moderationOfThread', threadId);
    const thread = await repo.findThreadFlags(trx, threadId);
    // Already so (the form sent twice, or two moderators at once): nothing to change or to log.
    if (!thread || Object.entries(changes).every(([key, value]) => thread[key as 'pinned' | 'locked'] === value)) return undefined;
    await repo.updateThread(trx, threadId, changes);
    await mod.recordAction(trx, { course_session_id: ctx.access.session.id, actor_id: user.id, action: flag, thread_id: threadId, reason: reason ?? null });
    return { ...thread, ...changes };
  });
  if (changed) announceThreadChange(deps, ctx, changed, 'pinned' in changes);
}

/** Hides a post from learners with a reason its author is shown; staff still see it. */
/**
 * `readReason` is called only once the user is known to moderate the post, so someone who may not
 * is refused the same way whatever the form held.
 */
export async function hidePost(deps: DiscussionDeps, user: CurrentUser, postId: number, readReason: () => string): Promise<number> {
  const { ctx, post } = await staffPost(deps.db, user, postId);
  const reason = readReason();
  const changed = await moderatingPost(deps.db, postId, async (trx, now) => {
    if (now.status === 'deleted') throw new ConflictError('This post has been removed, so it cannot be hidden.');
    if (now.status === 'hidden' && now.hidden_reason === reason) return false;
    await repo.updatePost(trx, postId, { status: 'hidden', hidden_reason: reason });
    await repo.refreshThreadCounts(trx, post.thread_id);
    await mod.recordAction(trx, { course_session_id: ctx.access.session.id, actor_id: user.id, action: 'hide', thread_id: post.thread_id, post_id: postId, reason });
    return true;
  });
  if (changed) await announcePostChange(deps, ctx, postId, 'post:hidden');
  return post.thread_id;
}

/** Shows a hidden post to everyone again, with a reason for the log (read as in hidePost). */
export async function restorePost(deps: DiscussionDeps, user: CurrentUser, postId: number, readReason: () => string): Promise<number> {
  const { ctx, post } = await staffPost(deps.db, user, postId);
  const reason = readReason();
  const changed = await moderatingPost(deps.db, postId, async (trx, now) => {
    if (now.status === 'visible') return false;
    if (now.status !== 'hidden') throw new ConflictError('Only a hidden post can be restored.');
    await repo.updatePost(trx, postId, { status: 'visible', hidden_reason: null });
    await repo.refreshThreadCounts(trx, post.thread_id);
    await mod.recordAction(trx, { course_session_id: ctx.access.session.id, actor_id: user.id, action: 'restore', thread_id: post.thread_id, post_id: postId, reason });
    return true;
  });
  if (changed) await announcePostChange(deps, ctx, postId, 'post:restored');
  return post.thread_id;
}

/** Removes a post for good (its text is cleared; replies stay); a held post is rejected this way. */
/** As hidePost: the reason is read after the rights are checked. */
export async function removePost(deps: DiscussionDeps, user: CurrentUser, postId: number, readReason: () => string): Promise<number> {
  const { ctx, post } = await staffPost(deps.db, user, postId);
  const reason = readReason();
  const changed = await moderatingPost(deps.db, postId, async (trx, now) => {
    if (now.status === 'deleted') return false;
    await repo.updatePost(trx, postId, { status: 'deleted', body_md: '', body_html: '', content_note: null, hidden_reason: reason });
    await repo.refreshThreadCounts(trx, post.thread_id);
    await mod.recordAction(trx, { course_session_id: ctx.access.session.id, actor_id: user.id, action: 'delete', thread_id: post.thread_id, post_id: postId, reason });
    return true;
  });
  if (changed) await announcePostChange(deps, ctx, postId, 'post:removed');
  return post.thread_id;
}

/**
 * Lets a held first post through: it becomes visible to everyone and followers are told. It now
 * counts towards its author's completion, so their certificate is issued here if it was the last
 * thing missing (the learner was told it "will count once approved").
 */
export async function approvePost(deps: DiscussionDeps, user: CurrentUser, postId: number): Promise<number> {
  const { ctx, post } = await staffPost(deps.db, user, postId);
  const approved = await moderatingPost(deps.db, postId, async (trx, now) => {
    // Approved a moment ago (a double click, even at the same instant): told so, and no second email.
    if (now.status !== 'pending') throw new ConflictError('This post is not waiting for approval.');
    const updated = await repo.updatePost(trx, postId, { status: 'visible', created_at: new Date() });
    await repo.refreshThreadCounts(trx, post.thread_id);
    await mod.recordAction(trx, { course_session_id: ctx.access.session.id, actor_id: user.id, action: 'approve', thread_id: post.thread_id, post_id: postId });
    return updated;
  });
  await announceNewPost(deps, ctx, postId);
  // Staff and the author already show it, held: they get it again with the actions that now fit.
  await announcePostChange(deps, ctx, postId, 'post:approved');
  if (approved.parent_id !== null) await emailFollowersNow(deps, ctx, approved);
  const authorId = approved.author_id;
  if (authorId !== null) {
    await checkUser(deps, authorId, new Date(), { sessionId: ctx.access.session.id }).catch((err) =>
      deps.logger?.error('certificate check failed', { user_id: authorId, error: String(err) }),
    );
  }
  return post.thread_id;
}

/** Closes a report with an optional note; the closing is recorded. */
export async function resolveReport(deps: DiscussionDeps, user: CurrentUser, reportId: number, note?: string): Promise<number> {
  const report = await mod.findReport(deps.db, reportId);
  if (!report) throw new NotFoundError();
  const access = await findSessionAccess(deps.db, user, report.course_session_id);
  if (!access) throw new NotFoundError();
  if (!isStaff(access)) throw new ForbiddenError();
  if (report.status !== 'open') return report.course_session_id;
  await deps.db.transaction(async (trx) => {
    // A report is moderation of its post, so resolving it sent twice at once waits for its twin.
    await holdUntilCommit(trx, 'moderationOfPost', report.post_id);
    if (!(await mod.isReportOpen(trx, reportId))) return;
    await mod.resolveReport(trx, reportId, user.id, note);
    await mod.recordAction(trx, { course_session_id: report.course_session_id, actor_id: user.id, action: 'resolve_report', post_id: report.post_id, report_id: reportId, reason: note ?? null });
  });
  return report.course_session_id;
}

/** The moderation page: open reports, held posts and the audit log, for a session's staff only. */
export async function moderationQueue(db: Db, user: CurrentUser | undefined, sessionId: number) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access || !isStaff(access)) throw new NotFoundError();
  const course = await repo.findCourseOfSession(db, access.session.course_id);
  const reports = await mod.openReports(db, sessionId);
  const pending = await mod.pendingPosts(db, sessionId);
  const actions = await mod.recentActions(db, sessionId, 200);
  const excerpt = (md: string) => markdownToText(md).slice(0, 300);
  return {
    access,
    courseTitle: course?.title ?? '',
    reports: reports.map((r) => ({ ...r, excerpt: excerpt(r.body_md) })),
    pending: pending.map((p) => ({ ...p, excerpt: excerpt(p.body_md) })),
    actions,
  };
}

/**
 * Open reports and held posts in each session, for the dashboards of those who moderate them
 * (the caller has already limited the list to their sessions).
 */
export function moderationWaitingBySession(db: Db, sessionIds: number[]): Promise<Map<number, mod.ModerationCounts>> {
  return mod.countModerationWaiting(db, sessionIds);
}

/** Turns holding of learners' first posts for approval on or off, for one session. */
export async function setHoldFirstPosts(db: Db, user: CurrentUser, sessionId: number, hold: boolean): Promise<void> {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access || !isStaff(access)) throw new NotFoundError();
  refuseIfCancelled(access.session, 'its moderation settings can no longer be changed');
  await db.transaction(async (trx) => {
    await mod.setHoldFirstPosts(trx, sessionId, hold);
    await mod.recordAction(trx, { course_session_id: sessionId, actor_id: user.id, action: hold ? 'hold_first_posts_on' : 'hold_first_posts_off' });
  });
}
