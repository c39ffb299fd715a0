import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { SESSION_COLUMNS, type SessionAccess, type SessionRow } from '../enrolment';

/** The secret in a calendar subscription link: 32 random characters, URL-safe. */
export const CALENDAR_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export async function calendarTokenOf(db: Db, enrolmentId: number): Promise<string | null> {
  const row = await db('enrolments').where({ id: enrolmentId }).first('calendar_token');
  return row?.calendar_token ?? null;
}

/** A new subscription link for the enrolment; the one before, if any, stops working. */
export async function renewCalendarToken(db: Db, enrolmentId: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db('enrolments').where({ id: enrolmentId }).update({ calendar_token: token });
  return token;
}

/**
 * The learner's access to the session a link is for: while they hold the place and their account
 * is open; and after the session is cancelled, so their calendar hears it is (every event marked
 * cancelled) rather than keeping the old dates.
 */
export async function findCalendarAccess(db: Db, token: string): Promise<Extract<SessionAccess, { as: 'learner' }> | undefined> {
  const row: (SessionRow & { enrolment_id: number }) | undefined = await db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .where({ 'e.calendar_token': token, 'u.active': true })
    .where((q) => q.where('e.status', 'enrolled').orWhere((c) => c.where('e.status', 'cancelled').where('s.status', 'cancelled')))
    .first('e.id as enrolment_id', ...SESSION_COLUMNS.map((c) => `s.${c}`));
  if (!row) return undefined;
  const { enrolment_id: enrolmentId, ...session } = row;
  return { as: 'learner', session, enrolmentId };
}
