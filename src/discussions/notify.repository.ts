import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { learnerMayOpenThread } from './learner-reading';

export type DiscussionEmail = 'daily' | 'immediate' | 'none';

export interface PreferencesRow {
  user_id: number;
  discussion_email: DiscussionEmail;
  announcement_email: boolean;
  week_email: boolean;
  deadline_email: boolean;
  session_offer_email: boolean;
  /** An admin's emails about work waiting for them (a session below its minimum at its go/no-go date). */
  staff_email: boolean;
  unsubscribe_token: string;
  last_digest_at: Date | null;
}

const newToken = () => randomBytes(24).toString('base64url');

/** Makes sure each user has a preferences row (defaults, fresh token); returns every row. */
export async function ensurePreferences(db: Db, userIds: number[]): Promise<Map<number, PreferencesRow>> {
  if (userIds.length === 0) return new Map();
  const unique = [...new Set(userIds)];
  await db('notification_preferences')
    .insert(unique.map((user_id) => ({ user_id, unsubscribe_token: newToken() })))
    .onConflict('user_id')
    .ignore();
  const rows: PreferencesRow[] = await db('notification_preferences').whereIn('user_id', unique);
  return new Map(rows.map((r) => [r.user_id, r]));
}

export type SavedPreferences = Pick<PreferencesRow, 'discussion_email' | 'announcement_email' | 'week_email' | 'deadline_email' | 'session_offer_email'> & { staff_email?: boolean };

/** Saves a user's choices; `staff_email` left out keeps the one stored (the form shows it to admins only). */
export async function savePreferences(db: Db, userId: number, prefs: SavedPreferences): Promise<void> {
  await ensurePreferences(db, [userId]);
  await db('notification_preferences').where({ user_id: userId }).update({ ...prefs, updated_at: db.fn.now() });
}

/** The role of the token's holder, or undefined when no such token exists. */
export async function tokenHolderRole(db: Db, token: string): Promise<string | undefined> {
  const row: { role: string } | undefined = await db('notification_preferences as np').join('users as u', 'u.id', 'np.user_id').where('np.unsubscribe_token', token).first('u.role');
  return row?.role;
}

/** Turns every email a user can choose off for the holder of the token; false when no such token exists. */
export async function unsubscribeByToken(db: Db, token: string): Promise<boolean> {
  const rows = await db('notification_preferences')
    .where({ unsubscribe_token: token })
    .update({ discussion_email: 'none', announcement_email: false, week_email: false, deadline_email: false, session_offer_email: false, staff_email: false, updated_at: db.fn.now() })
    .returning('user_id');
  return rows.length > 0;
}

/** SQL: the user still takes part in the thread's session (enrolled learner, its instructor, or admin). */
const stillInSession = (db: Db) =>
  db.raw(`(u.role = 'admin'
    or exists (select 1 from enrolments e where e.course_session_id = t.course_session_id and e.user_id = u.id and e.status = 'enrolled')
    or exists (select 1 from session_instructors si where si.course_session_id = t.course_session_id and si.user_id = u.id))`);

/**
 * SQL: the user may still open thread t, whose week they opened when they followed it: staff of
 * its session always, a learner unless learner-reading.ts now rules it out (a board switched to
 * "post before you see others" before they had).
 */
const mayOpenThread = `(u.role = 'admin'
    or exists (select 1 from session_instructors si where si.course_session_id = t.course_session_id and si.user_id = u.id)
    or ${learnerMayOpenThread('= t.course_session_id', 'u.id')})`;

/** Followers of a thread who asked for immediate emails and may still open it, other than the author. */
export function immediateFollowers(db: Db, threadId: number, authorId: number): Promise<{ id: number; email: string; name: string; unsubscribe_token: string }[]> {
  return db('discussion_follows as f')
    .join('users as u', 'u.id', 'f.user_id')
    .join('discussion_threads as t', 't.id', 'f.thread_id')
    .join('notification_preferences as np', 'np.user_id', 'f.user_id')
    .select('u.id', 'u.email', 'u.name', 'np.unsubscribe_token')
    .where({ 'f.thread_id': threadId, 'u.active': true, 'np.discussion_email': 'immediate' })
    .whereNot('f.user_id', authorId)
    .whereRaw(stillInSession(db) as unknown as Knex.Raw)
    .whereRaw(mayOpenThread);
}

export interface DigestRow {
  user_id: number;
  email: string;
  name: string;
  thread_id: number;
  title: string;
  new_posts: number;
  /** The earliest of them, where the digest's link opens the thread. */
  first_new_post_id: number;
}

/** Per follower on the daily digest, the followed threads they may still open with visible posts by others since their last digest. */
export function digestRows(db: Db, now: Date): Promise<DigestRow[]> {
  return db('discussion_follows as f')
    .join('users as u', 'u.id', 'f.user_id')
    .join('discussion_threads as t', 't.id', 'f.thread_id')
    .leftJoin('notification_preferences as np', 'np.user_id', 'f.user_id')
    .join('discussion_posts as p', (j) =>
      j
        .on('p.thread_id', 't.id')
        .andOnVal('p.status', 'visible')
        .andOn(db.raw('p.author_id is distinct from f.user_id'))
        .andOn(db.raw(`p.created_at > greatest(f.created_at, coalesce(np.last_digest_at, f.created_at))`))
        .andOn(db.raw('p.created_at <= ?', [now])),
    )
    .where('u.active', true)
    .whereRaw(`coalesce(np.discussion_email, 'daily') = 'daily'`)
    .whereRaw(stillInSession(db) as unknown as Knex.Raw)
    .whereRaw(mayOpenThread)
    .groupBy('f.user_id', 'u.email', 'u.name', 't.id', 't.title')
    .select('f.user_id', 'u.email', 'u.name', 't.id as thread_id', 't.title', db.raw('count(p.id)::int as new_posts'), db.raw('min(p.id)::int as first_new_post_id'))
    .orderBy(['f.user_id', 't.id']);
}

/**
 * Claims the user's digest for the day that `dayStart` opens, marking it sent at `at`: true when no
 * digest was sent that day yet. Run in the transaction that queues the email: a second claim for
 * the same day, from another instance at once, waits on the row and then finds it taken.
 */
export async function claimDigest(db: Db, userId: number, dayStart: Date, at: Date): Promise<boolean> {
  const claimed = await db('notification_preferences')
    .where({ user_id: userId })
    .andWhere((q) => q.whereNull('last_digest_at').orWhere('last_digest_at', '<', dayStart))
    .update({ last_digest_at: at })
    .returning('user_id');
  return claimed.length > 0;
}
