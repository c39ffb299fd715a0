import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { SessionRow } from './access';
import type { EnrolmentStatus } from './enrolment.policy';
import type { PaymentStatus } from './payments';

/** A session with the columns only enrolment and administration use. */
export interface ManagedSessionRow extends SessionRow {
  cancelled_at: Date | null;
  cancellation_message: string | null;
  confirmed_at: Date | null;
  go_no_go_flagged_at: Date | null;
}

export interface EnrolmentRow {
  id: number;
  course_session_id: number;
  user_id: number;
  status: EnrolmentStatus;
  waitlist_position: number | null;
  payment_status: PaymentStatus;
  enrolled_at: Date | null;
  /** The fee quoted when the seat was taken; null for a place never enrolled (a waitlist spot). */
  fee_minor?: number | null;
  fee_currency?: string | null;
  /** Where the learner went when an admin moved them; kept only while this place stays ended. */
  moved_to_session_id?: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SeatCounts {
  enrolled: number;
  waitlisted: number;
}

/** Locks the session row until the transaction ends, so seat counts cannot change under us. */
export async function lockSession(trx: Db, sessionId: number): Promise<ManagedSessionRow | undefined> {
  return trx<ManagedSessionRow>('course_sessions').where({ id: sessionId }).forUpdate().first();
}

export async function findSession(db: Db, sessionId: number): Promise<ManagedSessionRow | undefined> {
  return db<ManagedSessionRow>('course_sessions').where({ id: sessionId }).first();
}

export async function countSeats(db: Db, sessionId: number): Promise<SeatCounts> {
  const row = await db('enrolments')
    .where({ course_session_id: sessionId })
    .select(
      db.raw(`count(*) filter (where status = 'enrolled')::int as enrolled`),
      db.raw(`count(*) filter (where status = 'waitlisted')::int as waitlisted`),
    )
    .first();
  return { enrolled: row?.enrolled ?? 0, waitlisted: row?.waitlisted ?? 0 };
}

/** Seat counts of many sessions in one query; sessions without enrolments get zeros. */
export async function countSeatsOf(db: Db, sessionIds: number[]): Promise<Map<number, SeatCounts>> {
  const counts = new Map<number, SeatCounts>(sessionIds.map((id) => [id, { enrolled: 0, waitlisted: 0 }]));
  if (!sessionIds.length) return counts;
  const query = db('enrolments')
    .whereIn('course_session_id', sessionIds)
    .groupBy('course_session_id')
    .select(
      'course_session_id',
      db.raw(`count(*) filter (where status = 'enrolled')::int as enrolled`),
      db.raw(`count(*) filter (where status = 'waitlisted')::int as waitlisted`),
    );
  const rows: { course_session_id: number; enrolled: number; waitlisted: number }[] = await prepared(query, 'seat-counts');
  for (const row of rows) counts.set(row.course_session_id, { enrolled: row.enrolled, waitlisted: row.waitlisted });
  return counts;
}

/** Learners of each session who hold its certificate (not revoked): the sessions list's completions. */
export async function countCompletionsOf(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  if (!sessionIds.length) return new Map();
  const rows: { course_session_id: number; completed: number }[] = await db('certificates')
    .whereIn('course_session_id', sessionIds)
    .whereNull('revoked_at')
    .groupBy('course_session_id')
    .select('course_session_id', db.raw('count(*)::int as completed'));
  return new Map(rows.map((r) => [r.course_session_id, r.completed]));
}

export async function findEnrolment(db: Db, sessionId: number, userId: number): Promise<EnrolmentRow | undefined> {
  return db<EnrolmentRow>('enrolments').where({ course_session_id: sessionId, user_id: userId }).first();
}

export async function findEnrolmentInSession(db: Db, sessionId: number, enrolmentId: number): Promise<EnrolmentRow | undefined> {
  return db<EnrolmentRow>('enrolments').where({ course_session_id: sessionId, id: enrolmentId }).first();
}

export async function nextWaitlistPosition(db: Db, sessionId: number): Promise<number> {
  const row = await db('enrolments').where({ course_session_id: sessionId }).max({ max: 'waitlist_position' }).first();
  return Number(row?.max ?? 0) + 1;
}

export async function insertEnrolment(
  db: Db,
  values: Pick<EnrolmentRow, 'course_session_id' | 'user_id' | 'status' | 'waitlist_position' | 'payment_status' | 'enrolled_at' | 'fee_minor' | 'fee_currency'>,
): Promise<EnrolmentRow> {
  const [row] = await db<EnrolmentRow>('enrolments').insert(values).returning('*');
  return row;
}

export async function updateEnrolment(
  db: Db,
  id: number,
  values: Partial<Pick<EnrolmentRow, 'status' | 'waitlist_position' | 'payment_status' | 'enrolled_at' | 'fee_minor' | 'fee_currency' | 'moved_to_session_id'>>,
): Promise<EnrolmentRow> {
  // Any later change of status (enrolling again, say) ends what a move said about this place.
  const moved = values.status !== undefined ? { moved_to_session_id: null } : {};
  const [row] = await db<EnrolmentRow>('enrolments')
    .where({ id })
    .update({ ...moved, ...values, updated_at: db.fn.now() as unknown as Date })
    .returning('*');
  return row;
}

/**
 * The waitlisted learners of a session who can take a seat, first in line first. A deactivated
 * account is passed over but keeps its place, so it is back in line if an admin reactivates it.
 */
export async function listPromotableWaitlisted(db: Db, sessionId: number, limit: number): Promise<EnrolmentRow[]> {
  return db<EnrolmentRow>('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where({ 'e.course_session_id': sessionId, 'e.status': 'waitlisted', 'u.active': true })
    .orderBy([{ column: 'e.waitlist_position', nulls: 'last' }, { column: 'e.id' }])
    .limit(limit)
    .select('e.*');
}

/** Sessions still taking registrations in which the user holds a seat or a waitlist place, in id order. */
export async function listOpenSessionsWithPlaceOf(db: Db, userId: number, now: Date): Promise<number[]> {
  const rows: { id: number }[] = await db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .where({ 'e.user_id': userId })
    .whereIn('e.status', ['enrolled', 'waitlisted'])
    .where('s.registration_closes_at', '>', now)
    .orderBy('s.id')
    .select('s.id');
  return rows.map((r) => r.id);
}

export async function listActiveEnrolments(db: Db, sessionId: number): Promise<EnrolmentRow[]> {
  return db<EnrolmentRow>('enrolments').where({ course_session_id: sessionId }).whereIn('status', ['enrolled', 'waitlisted']);
}

export interface EnrolmentEvent {
  enrolmentId: number;
  actorId: number | null;
  from?: Pick<EnrolmentRow, 'status' | 'payment_status'>;
  to: Pick<EnrolmentRow, 'status' | 'payment_status'>;
  note?: string;
}

export async function insertEnrolmentEvents(db: Db, events: EnrolmentEvent[]): Promise<void> {
  if (!events.length) return;
  await db('enrolment_events').insert(
    events.map((e) => ({
      enrolment_id: e.enrolmentId,
      actor_id: e.actorId,
      from_status: e.from?.status ?? null,
      from_payment: e.from?.payment_status ?? null,
      to_status: e.to.status,
      to_payment: e.to.payment_status,
      note: e.note ?? null,
    })),
  );
}

export async function findUserContacts(db: Db, userIds: number[], opts: { activeOnly?: boolean } = {}): Promise<Map<number, { name: string; email: string }>> {
  const rows: { id: number; name: string; email: string }[] = userIds.length
    ? await db('users').whereIn('id', userIds).modify((q) => void (opts.activeOnly && q.where({ active: true }))).select('id', 'name', 'email')
    : [];
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Whether the enrolment has earned a certificate that still stands. */
export async function holdsValidCertificate(db: Db, enrolmentId: number): Promise<boolean> {
  const row = await db('certificates').where({ enrolment_id: enrolmentId }).whereNull('revoked_at').first('id');
  return row !== undefined;
}

/** The more time given to one enrolment's completion, if any. */
export async function completionExtensionOf(db: Db, enrolmentId: number): Promise<Date | null> {
  const row = await db('enrolments').where({ id: enrolmentId }).first('completion_extended_to');
  return row?.completion_extended_to ?? null;
}
