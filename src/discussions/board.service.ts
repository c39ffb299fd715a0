import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { accessFromRow, findSessionAccess, sessionAccessPart, isStaff, refuseIfCancelled } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { weekOpening, weekOpenings } from '../modules';
import * as repo from './discussions.repository';
import { recordAction } from './moderation.repository';
import type { BoardContext, ThreadContext } from './discussions.types';
import { findBoardContext, findThreadContext, findThreadContextForReader, type ThreadContextRow } from './thread-context.repository';
import { threadPart, type ReaderState } from './thread-context';

/**
 * Lets a user into a week's board: learners of the session once the week is open, its
 * instructors and admins always. Anyone else, or a week that does not exist, is a 404. One query.
 */
export async function openBoard(db: Db, user: CurrentUser | undefined, sessionId: number, week: number, now = new Date()): Promise<BoardContext> {
  if (!user) throw new NotFoundError();
  const row = await findBoardContext(db, { userId: user.id, sessionId, week });
  const access = row && accessFromRow(user, sessionAccessPart(row));
  if (!access || row.module_id === null) throw new NotFoundError();
  if (access.as === 'learner' && !weekOpening(access.session, week, row.unlocked_at, now).open) {
    throw new NotFoundError('This week has not opened yet, so its discussion is not available.');
  }
  const module = { id: row.module_id, week: row.week, title: row.module_title, discussion_prompt_html: row.discussion_prompt_html, course_title: row.course_title, support_resources_html: row.support_resources_html };
  const restricted = row.post_before_viewing && access.as === 'learner' && row.has_posted !== true;
  return { access, module, postBeforeViewing: row.post_before_viewing, restricted, userId: user.id };
}

/**
 * Lets a user into a thread: the board's rules, plus a thread whose opening post awaits approval
 * is only for its author and staff, and a board set to "post before you see others" shows a
 * learner only their own and pinned threads until they have posted. One query.
 */
export async function openThread(db: Db, user: CurrentUser | undefined, threadId: number, now = new Date()): Promise<ThreadContext> {
  if (!user) throw new NotFoundError();
  return threadContextFrom(user, await findThreadContext(db, threadId, user.id), now);
}

/** openThread, also reading what the user has seen and follows there, and the thread's size. */
export async function openThreadForReading(db: Db, user: CurrentUser | undefined, threadId: number, now = new Date()): Promise<ThreadContext & { reader: ReaderState }> {
  if (!user) throw new NotFoundError();
  const row = await findThreadContextForReader(db, threadId, user.id);
  const ctx = threadContextFrom(user, row, now);
  const staff = isStaff(ctx.access);
  return {
    ...ctx,
    reader: { lastSeenPostId: row!.last_seen_post_id ?? 0, following: row!.following, total: staff ? row!.posts_for_staff : row!.posts_for_learner },
  };
}

function threadContextFrom(user: CurrentUser, row: ThreadContextRow | undefined, now: Date): ThreadContext {
  if (!row) throw new NotFoundError();
  const access = accessFromRow(user, sessionAccessPart(row));
  if (!access) throw new NotFoundError();
  if (access.as === 'learner' && !weekOpening(access.session, row.week, row.unlocked_at, now).open) {
    throw new NotFoundError('This week has not opened yet, so its discussion is not available.');
  }
  const restricted = row.post_before_viewing && access.as === 'learner' && row.has_posted !== true;
  const thread = threadPart(row);
  if (!isStaff(access) && thread.author_id !== user.id) {
    if (restricted && !thread.pinned) throw new NotFoundError();
    if (row.opening_status === 'pending') throw new NotFoundError();
  }
  const module = {
    id: row.module_id,
    week: row.week,
    title: row.module_title,
    discussion_prompt_html: row.discussion_prompt_html,
    course_title: row.course_title,
    support_resources_html: row.support_resources_html,
  };
  return { access, module, postBeforeViewing: row.post_before_viewing, restricted, userId: user.id, thread };
}

/** The boards of a session: one per open week (every week for staff), with how many threads the user may open there and how many are new to them. */
export async function listBoards(db: Db, user: CurrentUser | undefined, sessionId: number, now = new Date()) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access || !user) throw new NotFoundError();
  const course = await repo.findCourseOfSession(db, access.session.course_id);
  const modules = await repo.listCourseModules(db, access.session.course_id);
  const openings = await weekOpenings(db, access.session, modules.map((m) => m.week), now);
  const counts = await repo.unreadByWeek(db, { sessionId, viewerId: user.id, learner: !isStaff(access) });
  const boards = modules
    .map((m, i) => ({ week: m.week, title: m.title, open: openings[i].open, opensAt: openings[i].opensAt, ...(counts.get(m.week) ?? { unread: 0, threads: 0 }) }))
    .filter((b) => b.open || isStaff(access));
  return { access, courseTitle: course?.title ?? '', boards };
}

/** Threads with new posts by others that the user may open in a session, for overview and dashboard badges. */
export async function unreadCountForSession(db: Db, user: Pick<CurrentUser, 'id' | 'role'>, sessionId: number, now = new Date()): Promise<number> {
  return (await unreadCountsForSessions(db, user, [sessionId], now)).get(sessionId) ?? 0;
}

/** Threads with new posts by others on the board the user is on (its header shows it). */
export async function unreadCountForWeek(db: Db, board: Pick<BoardContext, 'access' | 'userId' | 'module'>): Promise<number> {
  const { access, userId, module } = board;
  const counts = await repo.unreadByWeek(db, { sessionId: access.session.id, viewerId: userId, learner: !isStaff(access), onlyWeek: module.week });
  return counts.get(module.week)?.unread ?? 0;
}

/**
 * Unread counts for several sessions at once (e.g. a dashboard listing a learner's sessions), in
 * one query: a learner's count takes in the weeks open to them only, staff's every week. The
 * caller passes only sessions the user takes part in.
 */
export async function unreadCountsForSessions(db: Db, user: Pick<CurrentUser, 'id' | 'role'>, sessionIds: number[], now = new Date()): Promise<Map<number, number>> {
  const rows = await repo.unreadBySessionAndWeek(db, sessionIds, { id: user.id, admin: user.role === 'admin' });
  const counts = new Map<number, number>();
  for (const r of rows) {
    if (r.staff || weekOpening(r, r.week, r.unlocked_at, now).open) counts.set(r.session_id, (counts.get(r.session_id) ?? 0) + r.unread);
  }
  return counts;
}

/** Marks every thread of the board the user can open as read (the boards' "new" badges clear). */
export async function markBoardRead(db: Db, ctx: BoardContext): Promise<void> {
  await repo.markBoardRead(db, ctx.userId, ctx.access.session.id, ctx.module.id, ctx.restricted ? ctx.userId : undefined);
}

/** Turns "post before you see others" on or off for one board; staff of the session only, not once it is cancelled. */
export async function setPostBeforeViewing(db: Db, ctx: BoardContext, value: boolean): Promise<void> {
  if (!isStaff(ctx.access)) throw new NotFoundError();
  refuseIfCancelled(ctx.access.session, 'its board settings can no longer be changed');
  await db.transaction(async (trx) => {
    await repo.saveBoardSettings(trx, ctx.access.session.id, ctx.module.id, value);
    await recordAction(trx, {
      course_session_id: ctx.access.session.id,
      actor_id: ctx.userId,
      action: value ? 'post_before_viewing_on' : 'post_before_viewing_off',
      reason: `Week ${ctx.module.week}`,
    });
  });
}

/** The course's support resources, for anyone taking part in the session. */
export async function supportResources(db: Db, user: CurrentUser | undefined, sessionId: number) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access) throw new NotFoundError();
  const course = await repo.findCourseOfSession(db, access.session.course_id);
  return { access, courseTitle: course?.title ?? '', supportHtml: course?.support_resources_html ?? '' };
}
