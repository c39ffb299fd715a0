import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { Role } from '../auth';
import { SESSION_COLUMNS } from './access';
import type { ManagedSessionRow } from './enrolment.repository';
import type { EnrolmentStatus } from './enrolment.policy';
import type { PaymentStatus } from './payments';

export interface SessionWithCourse extends ManagedSessionRow {
  course_title: string;
  course_slug: string;
  course_published: boolean;
}

const withCourse = (db: Db) =>
  db('course_sessions as s')
    .join('courses as c', 'c.id', 's.course_id')
    .select('s.*', 'c.title as course_title', 'c.slug as course_slug', 'c.published as course_published');

export async function findSessionWithCourse(db: Db, sessionId: number): Promise<SessionWithCourse | undefined> {
  return withCourse(db).where('s.id', sessionId).first();
}

/** The session with its course's title and slug, for emails sent after a commit. */
export async function findSessionForEmail(db: Db, sessionId: number): Promise<SessionWithCourse> {
  const row = await findSessionWithCourse(db, sessionId);
  if (!row) throw new Error(`session ${sessionId} vanished`);
  return row;
}

// Listed, not `*`, so the course page's query can be a named statement (see src/db/prepared.ts).
const MANAGED_SESSION_COLUMNS = [...SESSION_COLUMNS, 'cancellation_message', 'confirmed_at', 'go_no_go_flagged_at'] as const satisfies readonly (keyof ManagedSessionRow)[];

/** Sessions of a course still ahead: not started yet, or still taking registrations. */
export async function listUpcomingSessionsOfCourse(db: Db, courseId: number, now: Date): Promise<ManagedSessionRow[]> {
  const query = db('course_sessions')
    .select(MANAGED_SESSION_COLUMNS)
    .where({ course_id: courseId })
    .andWhere((q) => q.where('starts_at', '>', now).orWhere('registration_closes_at', '>', now))
    .orderBy([{ column: 'starts_at' }, { column: 'id' }]);
  return prepared(query, 'upcoming-sessions');
}

export interface CoursePlace {
  course_session_id: number;
  status: EnrolmentStatus;
  starts_at: Date;
  time_zone: string;
}

/** A learner's places (a seat or a waitlist place) in sessions of one course that have not ended yet. */
export async function listCurrentPlacesInCourse(db: Db, userId: number, courseId: number, now: Date): Promise<CoursePlace[]> {
  const query = db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .where({ 'e.user_id': userId, 's.course_id': courseId })
    .whereIn('e.status', ['enrolled', 'waitlisted'])
    .where('s.ends_at', '>', now)
    .orderBy('s.starts_at')
    .select('e.course_session_id', 'e.status', 's.starts_at', 's.time_zone');
  return prepared(query, 'current-places-in-course');
}

export interface ViewerEnrolment {
  course_session_id: number;
  status: EnrolmentStatus;
  waitlist_rank: number | null;
  fee_minor: number | null;
  fee_currency: string | null;
}

/**
 * The place in line counts only those a freed seat would go to first, as listPromotableWaitlisted
 * has it: still waiting, with an active account, ahead in the order promotion uses (position, rows
 * without one last, then id). One subquery of the page's own query.
 */
const waitlistRank = (db: Db) =>
  db.raw(`case when e.status = 'waitlisted' then 1 + (
      select count(*)::int from enrolments w join users wu on wu.id = w.user_id
      where w.course_session_id = e.course_session_id and w.status = 'waitlisted' and wu.active
        and (coalesce(w.waitlist_position, 2147483647), w.id) < (coalesce(e.waitlist_position, 2147483647), e.id)
    ) end as waitlist_rank`);

/** A waitlisted enrolment's place in line (see waitlistRank); undefined for any other. */
export async function findWaitlistRank(db: Db, enrolmentId: number): Promise<number | undefined> {
  const row: { waitlist_rank: number | null } | undefined = await db('enrolments as e').where('e.id', enrolmentId).first(waitlistRank(db));
  return row?.waitlist_rank ?? undefined;
}

export async function listViewerEnrolments(db: Db, userId: number, sessionIds: number[]): Promise<ViewerEnrolment[]> {
  if (!sessionIds.length) return [];
  const query = db('enrolments as e')
    .where('e.user_id', userId)
    .whereIn('e.course_session_id', sessionIds)
    .select('e.course_session_id', 'e.status', 'e.fee_minor', 'e.fee_currency', waitlistRank(db));
  return prepared(query, 'viewer-enrolments');
}

export interface LearnerEnrolmentRow {
  id: number;
  course_session_id: number;
  status: EnrolmentStatus;
  payment_status: PaymentStatus;
  waitlist_rank: number | null;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  session_status: 'scheduled' | 'cancelled';
  cancellation_message: string | null;
  price_minor: number;
  currency: string;
  course_title: string;
  course_slug: string;
  course_published: boolean;
  moved_to_session_id: number | null;
  completion_deadline_at: Date;
  completion_extended_to: Date | null;
}

export async function listLearnerEnrolments(db: Db, userId: number): Promise<LearnerEnrolmentRow[]> {
  const query = db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .join('courses as c', 'c.id', 's.course_id')
    .where('e.user_id', userId)
    .orderBy([{ column: 's.starts_at', order: 'desc' }, { column: 'e.id', order: 'desc' }])
    .select(
      'e.id', 'e.course_session_id', 'e.status', 'e.payment_status', waitlistRank(db),
      's.starts_at', 's.ends_at', 's.time_zone', 's.status as session_status', 's.cancellation_message',
      // A seat owes the fee quoted when it was taken; a waitlist place sees today's price.
      db.raw('coalesce(e.fee_minor, s.price_minor) as price_minor'), db.raw('coalesce(e.fee_currency, s.currency) as currency'),
      'c.title as course_title', 'c.slug as course_slug', 'c.published as course_published', 'e.moved_to_session_id',
      's.completion_deadline_at', 'e.completion_extended_to',
    );
  return prepared(query, 'learner-enrolments');
}

/** Sessions an instructor is assigned to, or every session for an admin, newest first. */
export async function listSessionsForStaff(db: Db, user: { id: number; role: Role }): Promise<SessionWithCourse[]> {
  const q = withCourse(db).orderBy([{ column: 's.starts_at', order: 'desc' }, { column: 's.id', order: 'desc' }]);
  if (user.role !== 'admin') {
    q.whereExists((sub) => sub.select(db.raw('1')).from('session_instructors as si').whereRaw('si.course_session_id = s.id').andWhere('si.user_id', user.id));
  }
  return q;
}

/** Sessions flagged at go/no-go that nobody has decided on yet and that have not started. */
export async function listUndecidedFlaggedSessions(db: Db, now = new Date()): Promise<SessionWithCourse[]> {
  return withCourse(db)
    .whereNotNull('s.go_no_go_flagged_at')
    .whereNull('s.confirmed_at')
    .where('s.status', 'scheduled')
    .where('s.starts_at', '>', now)
    .orderBy('s.starts_at');
}

export interface RosterRow {
  id: number;
  user_id: number;
  name: string;
  email: string;
  status: EnrolmentStatus;
  payment_status: PaymentStatus;
  waitlist_position: number | null;
  enrolled_at: Date | null;
  created_at: Date;
  fee_minor: number | null;
  fee_currency: string | null;
  moved_to_session_id: number | null;
  /** False once an admin deactivated the account: the seat stays, session emails stop. */
  active: boolean;
  /** When the place took its status, from its history (null for a place without one). */
  status_since?: Date | null;
}

/** Everyone who has ever registered for a session: enrolled first, then waitlisted in line order. */
export async function listRoster(db: Db, sessionId: number): Promise<RosterRow[]> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where('e.course_session_id', sessionId)
    .orderByRaw(`case e.status when 'enrolled' then 0 when 'waitlisted' then 1 else 2 end, e.waitlist_position nulls last, u.name, e.id`)
    .select('e.id', 'e.user_id', 'u.name', 'u.email', 'e.status', 'e.payment_status', 'e.waitlist_position', 'e.enrolled_at', 'e.created_at', 'e.fee_minor', 'e.fee_currency', 'e.moved_to_session_id', 'u.active')
    .select(db.raw('(select max(ev.created_at) from enrolment_events ev where ev.enrolment_id = e.id and ev.to_status = e.status and ev.from_status is distinct from ev.to_status) as status_since'));
}

/** The session's enrolled learners whose accounts are active: everyone a session email goes to. */
export function enrolledLearners(db: Db, sessionId: number): Promise<{ id: number; name: string; email: string; completion_extended_to: Date | null }[]> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .select('u.id', 'u.name', 'u.email', 'e.completion_extended_to')
    .where({ 'e.course_session_id': sessionId, 'e.status': 'enrolled', 'u.active': true })
    .orderBy('u.id');
}

/** One registration of a session, with the learner's name (undefined for another session's). */
export function findRosterEntry(db: Db, sessionId: number, enrolmentId: number): Promise<RosterRow | undefined> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where({ 'e.course_session_id': sessionId, 'e.id': enrolmentId })
    .first('e.id', 'e.user_id', 'u.name', 'u.email', 'e.status', 'e.payment_status', 'e.waitlist_position', 'e.enrolled_at', 'e.created_at', 'e.fee_minor', 'e.fee_currency', 'e.moved_to_session_id', 'u.active');
}

export interface EnrolmentEventRow {
  id: number;
  enrolment_id: number;
  learner_name: string;
  actor_name: string | null;
  from_status: EnrolmentStatus | null;
  to_status: EnrolmentStatus;
  from_payment: PaymentStatus | null;
  to_payment: PaymentStatus;
  note: string | null;
  created_at: Date;
}

export async function listEnrolmentEvents(db: Db, sessionId: number): Promise<EnrolmentEventRow[]> {
  return db('enrolment_events as ev')
    .join('enrolments as e', 'e.id', 'ev.enrolment_id')
    .join('users as l', 'l.id', 'e.user_id')
    .leftJoin('users as a', 'a.id', 'ev.actor_id')
    .where('e.course_session_id', sessionId)
    .orderBy([{ column: 'ev.created_at', order: 'desc' }, { column: 'ev.id', order: 'desc' }])
    .select('ev.id', 'ev.enrolment_id', 'l.name as learner_name', 'a.name as actor_name', 'ev.from_status', 'ev.to_status', 'ev.from_payment', 'ev.to_payment', 'ev.note', 'ev.created_at');
}

export interface InstructorRow {
  course_session_id: number;
  user_id: number;
  name: string;
  email: string;
}

/** The names of a session's instructors as listInstructorsOf orders them, as a json column of a page's own query; its binding is the session id. */
export const INSTRUCTOR_NAMES_COLUMN = `coalesce((
    select json_agg(u.name order by u.name) from session_instructors si join users u on u.id = si.user_id
     where si.course_session_id = ?), '[]')`;

export async function listInstructorsOf(db: Db, sessionIds: number[]): Promise<InstructorRow[]> {
  if (!sessionIds.length) return [];
  return db('session_instructors as si')
    .join('users as u', 'u.id', 'si.user_id')
    .whereIn('si.course_session_id', sessionIds)
    .orderBy('u.name')
    .select('si.course_session_id', 'si.user_id', 'u.name', 'u.email');
}

/** Active people who may teach: instructors and admins. */
export async function listPossibleInstructors(db: Db): Promise<{ id: number; name: string; email: string }[]> {
  return db('users').where({ active: true }).whereIn('role', ['instructor', 'admin']).orderBy('name').select('id', 'name', 'email');
}

/** The active accounts with these addresses (stored in lower case). */
export async function findActiveUsersByEmail(db: Db, emails: string[]): Promise<{ id: number; name: string; email: string; role: Role }[]> {
  return db('users').whereIn('email', emails.map((e) => e.toLowerCase())).where({ active: true }).select('id', 'name', 'email', 'role');
}

/** Which of these addresses have an account, active or not. */
export function findAccountEmails(db: Db, emails: string[]): Promise<string[]> {
  return db('users').whereIn('email', emails.map((e) => e.toLowerCase())).pluck('email');
}

export async function findActiveUserById(db: Db, id: number): Promise<{ id: number; name: string; email: string; role: Role } | undefined> {
  return db('users').where({ id, active: true }).first('id', 'name', 'email', 'role');
}

/** Who teaches a session and still may: active instructors and admins (a role taken away leaves them out). */
export async function listActiveInstructorsOf(db: Db, sessionId: number): Promise<{ id: number; name: string }[]> {
  return db('session_instructors as si')
    .join('users as u', 'u.id', 'si.user_id')
    .where({ 'si.course_session_id': sessionId, 'u.active': true })
    .whereIn('u.role', ['instructor', 'admin'])
    .orderBy('u.name')
    .select('u.id', 'u.name');
}

export async function insertInstructors(db: Db, sessionId: number, userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  await db('session_instructors').insert(userIds.map((userId) => ({ course_session_id: sessionId, user_id: userId })));
}

/** True when the user is one of the session's instructors. */
export async function teachesSessionById(db: Db, sessionId: number, userId: number): Promise<boolean> {
  return Boolean(await db('session_instructors').where({ course_session_id: sessionId, user_id: userId }).first('user_id'));
}

/** Those of `userIds` who are instructors of the session. */
export async function instructorsAmong(db: Db, sessionId: number, userIds: number[]): Promise<Set<number>> {
  return new Set<number>(await db('session_instructors').where({ course_session_id: sessionId }).whereIn('user_id', userIds).pluck('user_id'));
}

/** True when the user holds a place (enrolled or waitlisted) in the session. */
export async function holdsPlaceIn(db: Db, sessionId: number, userId: number): Promise<boolean> {
  return Boolean(await db('enrolments').where({ course_session_id: sessionId, user_id: userId }).whereIn('status', ['enrolled', 'waitlisted']).first('id'));
}

export async function insertInstructor(db: Db, sessionId: number, userId: number): Promise<void> {
  await db('session_instructors').insert({ course_session_id: sessionId, user_id: userId }).onConflict(['course_session_id', 'user_id']).ignore();
}

export async function deleteInstructor(db: Db, sessionId: number, userId: number): Promise<number> {
  // Counted through RETURNING: the embedded driver does not report a row count for DELETE.
  const rows = await db('session_instructors').where({ course_session_id: sessionId, user_id: userId }).delete().returning('user_id');
  return rows.length;
}

export async function listActiveAdmins(db: Db): Promise<{ id: number; name: string; email: string }[]> {
  return db('users').where({ role: 'admin', active: true }).orderBy('id').select('id', 'name', 'email');
}

/** A session lasts until the course's highest week number has opened and run, even if a week is missing. */
export async function lastCourseWeek(db: Db, courseId: number): Promise<number> {
  const row = await db('course_modules').where({ course_id: courseId }).max<{ last: number | null }>('week as last').first();
  return Number(row?.last ?? 0);
}

export async function listCoursesForSessions(db: Db): Promise<{ id: number; title: string; price_minor: number; currency: string }[]> {
  return db('courses').orderBy('title').select('id', 'title', 'price_minor', 'currency');
}

export async function findCourseForSession(db: Db, courseId: number): Promise<{ id: number; weeks: number; graceDays: number } | undefined> {
  const course = await db('courses').where({ id: courseId }).first('id', 'completion_rules');
  if (!course) return undefined;
  const grace = (course.completion_rules as { completionGraceDays?: unknown } | null)?.completionGraceDays;
  return { id: course.id, weeks: await lastCourseWeek(db, courseId), graceDays: typeof grace === 'number' ? grace : 30 };
}

/** The session a scheduling form already made, by the key the form carried. */
export async function findSessionByFormKey(db: Db, formKey: string): Promise<number | undefined> {
  const row = await db('course_sessions').where({ form_key: formKey }).first('id');
  return row?.id;
}

export async function insertSession(db: Db, values: Record<string, unknown>): Promise<number> {
  const [row] = await db('course_sessions').insert(values).returning('id');
  return row.id;
}

/** Forgets that the week-before reminder of a session's completion deadline went out, so it goes again for a new deadline. */
export async function forgetCompletionReminder(db: Db, sessionId: number): Promise<void> {
  await db('completion_reminders').where({ course_session_id: sessionId }).delete();
}

/** The learners of a session given more time, with until when. */
export function listCompletionExtensions(db: Db, sessionId: number): Promise<{ id: number; completion_extended_to: Date }[]> {
  return db('enrolments').select('id', 'completion_extended_to').where({ course_session_id: sessionId }).whereNotNull('completion_extended_to');
}

export async function setCompletionExtendedTo(db: Db, enrolmentId: number, until: Date): Promise<void> {
  await db('enrolments').where({ id: enrolmentId }).update({ completion_extended_to: until });
}

export async function updateSessionRow(db: Db, sessionId: number, values: Record<string, unknown>): Promise<void> {
  await db('course_sessions').where({ id: sessionId }).update(values);
}

/** Of these users, who hold a seat in another session of the session's course that has not ended. */
export async function seatedInOtherSessions(db: Db, session: { id: number; course_id: number }, userIds: number[], now: Date): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows: { user_id: number }[] = await db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .distinct('e.user_id')
    .where({ 's.course_id': session.course_id, 'e.status': 'enrolled' })
    .whereNot('s.id', session.id)
    .whereNot('s.status', 'cancelled')
    .where('s.ends_at', '>', now)
    .whereIn('e.user_id', userIds);
  return new Set(rows.map((r) => r.user_id));
}
