import type { Db } from '../db';
import type { CurrentUser } from '../auth';
import { prepared } from '../db/prepared';

export interface SessionRow {
  id: number;
  course_id: number;
  title: string;
  start_date: string;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  registration_opens_at: Date;
  registration_closes_at: Date;
  go_no_go_at: Date;
  completion_deadline_at: Date;
  capacity: number;
  min_enrolment: number;
  price_minor: number;
  currency: string;
  status: 'scheduled' | 'cancelled';
  /** When it was cancelled; every session query selects it, but rows built by hand may leave it out. */
  cancelled_at?: Date | null;
  hold_first_posts: boolean;
}

/** The course_sessions columns of SessionRow, named rather than s.*, so named statements can carry them. */
export const SESSION_COLUMNS = [
  'id', 'course_id', 'title', 'start_date', 'time_zone', 'starts_at', 'ends_at', 'registration_opens_at', 'registration_closes_at',
  'go_no_go_at', 'completion_deadline_at', 'capacity', 'min_enrolment', 'price_minor', 'currency', 'status', 'cancelled_at', 'hold_first_posts',
] as const satisfies readonly (keyof SessionRow)[];

/** A session row joined with one user's enrolment and instructor assignment, as findSessionAccess reads it. */
export type SessionAccessRow = SessionRow & { enrolment_id: number | null; instructor_id: number | null };

/**
 * How a user takes part in a session: as its learner, one of its instructors, or an admin.
 * An admin may also be assigned to teach it (`teaches`): only then do they read its learners' private work.
 */
export type SessionAccess =
  | { as: 'learner'; session: SessionRow; enrolmentId: number }
  | { as: 'instructor'; session: SessionRow; enrolmentId?: undefined }
  | { as: 'admin'; session: SessionRow; enrolmentId?: undefined; teaches: boolean };

/** The session's columns and the user's enrolment and assignment, from session `s` and accessJoins. */
export const SESSION_ACCESS_SELECT = `${SESSION_COLUMNS.map((c) => `s.${c}`).join(', ')}, e.id as enrolment_id, si.user_id as instructor_id`;

/**
 * Joins session `s` with the user's active enrolment (`e`) and instructor assignment (`si`); the
 * user's id is the binding `user` (`?` or a named binding), which therefore comes twice.
 */
export const accessJoins = (user: string): string => `left join enrolments e on e.course_session_id = s.id and e.user_id = ${user} and e.status = 'enrolled'
    left join session_instructors si on si.course_session_id = s.id and si.user_id = ${user}`;

/**
 * The session joined with one user's active enrolment and instructor assignment: what every
 * answer about access is read from. findSessionAccess runs it alone; a page query may embed it
 * (as a CTE) to save a round trip, and hand its columns to accessFromRow.
 * Bindings: userId, userId, sessionId.
 */
export const SESSION_ACCESS_SQL = `
  select ${SESSION_ACCESS_SELECT}
    from course_sessions s
    ${accessJoins('?')}
   where s.id = ?`;

/** SESSION_ACCESS_SQL's columns, as a page query that embeds it (as `alias`) selects them for sessionAccessPart. */
export const sessionAccessColumns = (alias: string): string => [...SESSION_COLUMNS, 'enrolment_id', 'instructor_id'].map((c) => `${alias}.${c}`).join(', ');

/**
 * The one answer to "may this user see this session's private pages?", in one query.
 * Learners need an active enrolment (status enrolled); instructors must be assigned to the
 * session; admins see every session. Anyone else gets undefined: callers answer 404.
 */
export async function findSessionAccess(db: Db, user: CurrentUser | undefined, sessionId: number): Promise<SessionAccess | undefined> {
  if (!user) return undefined;
  // On every view of a session's pages.
  const { rows } = await prepared(db.raw(SESSION_ACCESS_SQL, [user.id, user.id, sessionId]), 'session-access');
  const row = rows[0] as SessionAccessRow | undefined;
  return row ? accessFromRow(user, row) : undefined;
}

/** The session and access columns of a larger row that embedded SESSION_ACCESS_SQL's joins. */
export function sessionAccessPart(row: SessionAccessRow): SessionAccessRow {
  const session = Object.fromEntries(SESSION_COLUMNS.map((c) => [c, row[c]])) as unknown as SessionRow;
  return { ...session, enrolment_id: row.enrolment_id, instructor_id: row.instructor_id };
}

/**
 * Turns a session row joined with the user's enrolment and instructor assignment (as selected
 * by findSessionAccess, or by a larger query that embeds the same joins) into their access.
 */
export function accessFromRow(
  user: CurrentUser,
  row: SessionAccessRow,
): SessionAccess | undefined {
  const { enrolment_id: enrolmentId, instructor_id: instructorId, ...session } = row;
  if (user.role === 'admin') return { as: 'admin', session, teaches: Boolean(instructorId) };
  if (instructorId) return { as: 'instructor', session };
  if (enrolmentId) return { as: 'learner', session, enrolmentId };
  return undefined;
}

/**
 * The same rule as accessFromRow, in SQL, for queries over many enrolments: true when user `user`,
 * enrolled in session `session` (table aliases), opens it as its learner, not as its staff (an
 * admin, or one of its instructors). test/enrolment/opens-as-learner.test.ts keeps the two alike.
 */
export const opensAsLearnerSql = (session: string, user: string): string =>
  `(${user}.role <> 'admin' and not exists (select 1 from session_instructors si where si.course_session_id = ${session}.id and si.user_id = ${user}.id))`;

/** True for those who teach or run the session (instructor assigned, or admin). */
export function isStaff(access: SessionAccess | undefined): access is Extract<SessionAccess, { as: 'instructor' | 'admin' }> {
  return access?.as === 'instructor' || access?.as === 'admin';
}

/**
 * True for those assigned to teach the session (an admin too, once they add themself as its
 * instructor). Only they read its learners' reflections, feedback and shared toolkit sections:
 * those are private to the learner and the instructors of the session.
 */
export function teachesSession(access: SessionAccess | undefined): access is Extract<SessionAccess, { as: 'instructor' | 'admin' }> {
  return access?.as === 'instructor' || (access?.as === 'admin' && access.teaches);
}
