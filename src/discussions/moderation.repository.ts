import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';

/**
 * Records a report unless the same reader's open report of the post already says the same (the
 * form sent twice); reports of one post are taken one at a time, so a double click adds one.
 * Returns whether it was added.
 */
export async function insertReport(db: Db, row: { course_session_id: number; post_id: number; reporter_id: number; reason: string }): Promise<boolean> {
  return db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'reportsOfPost', row.post_id);
    const twin = await trx('discussion_reports').where({ post_id: row.post_id, reporter_id: row.reporter_id, status: 'open', reason: row.reason }).first('id');
    if (twin) return false;
    await trx('discussion_reports').insert(row);
    return true;
  });
}

/** The reader's own report of a post still waiting for a moderator, if they sent one. */
export function findOpenReportBy(db: Db, postId: number, reporterId: number): Promise<{ created_at: Date } | undefined> {
  return db('discussion_reports').where({ post_id: postId, reporter_id: reporterId, status: 'open' }).orderBy('created_at', 'desc').first('created_at');
}

export function findReport(db: Db, reportId: number): Promise<{ id: number; course_session_id: number; post_id: number; status: string } | undefined> {
  return db('discussion_reports').select('id', 'course_session_id', 'post_id', 'status').where({ id: reportId }).first();
}

/** Whether the report is still open, read again once its post's moderation is held. */
export async function isReportOpen(db: Db, reportId: number): Promise<boolean> {
  const row = await db('discussion_reports').where({ id: reportId }).first('status');
  return row?.status === 'open';
}

export async function resolveReport(db: Db, reportId: number, by: number, note: string | undefined): Promise<void> {
  await db('discussion_reports').where({ id: reportId }).update({ status: 'resolved', resolved_by: by, resolved_at: db.fn.now(), resolution_note: note ?? null });
}

export async function recordAction(
  db: Db,
  row: { course_session_id: number; actor_id: number; action: string; thread_id?: number; post_id?: number; report_id?: number; reason?: string | null },
): Promise<void> {
  await db('moderation_actions').insert(row);
}

export function openReports(db: Db, sessionId: number) {
  return db('discussion_reports as r')
    .join('discussion_posts as p', 'p.id', 'r.post_id')
    .join('discussion_threads as t', 't.id', 'p.thread_id')
    .leftJoin('users as reporter', 'reporter.id', 'r.reporter_id')
    .leftJoin('users as author', 'author.id', 'p.author_id')
    .select(
      'r.id', 'r.reason', 'r.created_at', 'p.id as post_id', 'p.status as post_status', 'p.body_md', 't.id as thread_id', 't.title as thread_title',
      'reporter.name as reporter_name', 'author.name as author_name',
    )
    .where({ 'r.course_session_id': sessionId, 'r.status': 'open' })
    .orderBy('r.created_at');
}

export interface ModerationCounts {
  /** Reports not yet answered. */
  reports: number;
  /** Posts held for approval. */
  heldPosts: number;
}

/**
 * countModerationWaiting for one session, as a json column ({ reports, heldPosts }) of a page's
 * own query. Its bindings are the session id twice.
 */
export const MODERATION_WAITING_COLUMN = `json_build_object(
    'reports', (select count(*) from discussion_reports where status = 'open' and course_session_id = ?)::int,
    'heldPosts', (select count(*) from discussion_posts p join discussion_threads t on t.id = p.thread_id
                   where p.status = 'pending' and t.course_session_id = ?)::int)`;

/** Open reports and posts held for approval in each of these sessions, in one query (sessions with neither are left out). */
export async function countModerationWaiting(db: Db, sessionIds: number[]): Promise<Map<number, ModerationCounts>> {
  if (!sessionIds.length) return new Map();
  const reports = db('discussion_reports')
    .where('status', 'open')
    .whereIn('course_session_id', sessionIds)
    .groupBy('course_session_id')
    .select('course_session_id', db.raw("'report' as kind"), db.raw('count(*)::int as n'));
  const held = db('discussion_posts as p')
    .join('discussion_threads as t', 't.id', 'p.thread_id')
    .where('p.status', 'pending')
    .whereIn('t.course_session_id', sessionIds)
    .groupBy('t.course_session_id')
    .select('t.course_session_id', db.raw("'held' as kind"), db.raw('count(*)::int as n'));
  const rows: { course_session_id: number; kind: 'report' | 'held'; n: number }[] = await db.unionAll([reports, held], true);
  const counts = new Map<number, ModerationCounts>();
  for (const r of rows) {
    const c = counts.get(r.course_session_id) ?? { reports: 0, heldPosts: 0 };
    if (r.kind === 'report') c.reports = r.n;
    else c.heldPosts = r.n;
    counts.set(r.course_session_id, c);
  }
  return counts;
}

export function pendingPosts(db: Db, sessionId: number) {
  return db('discussion_posts as p')
    .join('discussion_threads as t', 't.id', 'p.thread_id')
    .leftJoin('users as author', 'author.id', 'p.author_id')
    .select('p.id', 'p.body_md', 'p.created_at', 'p.parent_id', 't.id as thread_id', 't.title as thread_title', 'author.name as author_name')
    .where({ 't.course_session_id': sessionId, 'p.status': 'pending' })
    .orderBy('p.created_at');
}

export interface ActionRow {
  id: number;
  action: string;
  reason: string | null;
  created_at: Date;
  actor_name: string | null;
  /** The post acted on, while it is there; its author (null once their account is gone). */
  post_id: number | null;
  post_author_name: string | null;
  /** The thread acted on, or the post's thread (a report's closing names only the post). */
  thread_id: number | null;
  thread_title: string | null;
}

/** The session's moderation log, newest first, with who did it, and the thread and post's author where there is one: one query. */
export function recentActions(db: Db, sessionId: number, limit: number): Promise<ActionRow[]> {
  return db('moderation_actions as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .leftJoin('discussion_posts as p', 'p.id', 'a.post_id')
    .leftJoin('users as author', 'author.id', 'p.author_id')
    .leftJoin('discussion_threads as t', (join) => join.on('t.id', '=', db.raw('coalesce(a.thread_id, p.thread_id)')))
    .select(
      'a.id', 'a.action', 'a.reason', 'a.created_at', 'u.name as actor_name', 'p.id as post_id', 'author.name as post_author_name', 't.id as thread_id', 't.title as thread_title',
    )
    .where('a.course_session_id', sessionId)
    .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(limit);
}

export async function setHoldFirstPosts(db: Db, sessionId: number, hold: boolean): Promise<void> {
  await db('course_sessions').where({ id: sessionId }).update({ hold_first_posts: hold });
}
