import type { Db } from '../db';

/**
 * Sessions whose completion closes within `before` of now, but not within `atLeast` (a reminder
 * with less time than that left would only worry), that are not cancelled and whose reminder has
 * not gone out.
 */
export async function sessionsDueReminder(db: Db, now: Date, before: number, atLeast: number): Promise<{ id: number }[]> {
  return db('course_sessions as s')
    .select('s.id')
    .where('s.status', 'scheduled')
    .where('s.completion_deadline_at', '<=', new Date(now.getTime() + before))
    .where('s.completion_deadline_at', '>', new Date(now.getTime() + atLeast))
    .whereNotExists((q) => q.select(db.raw('1')).from('completion_reminders as r').whereRaw('r.course_session_id = s.id'))
    .orderBy('s.id');
}

/** Claims a session's reminder; false when another run (or instance) already did. */
export async function claimReminder(db: Db, sessionId: number): Promise<boolean> {
  const rows = await db('completion_reminders').insert({ course_session_id: sessionId }).onConflict('course_session_id').ignore().returning('course_session_id');
  return rows.length > 0;
}

/**
 * Enrolled learners (active accounts) given more time whose own date falls within `before` of now (but not within
 * `atLeast`), in sessions not cancelled, without a certificate, not yet reminded of that date.
 */
export async function extensionsDueReminder(db: Db, now: Date, before: number, atLeast: number): Promise<{ enrolment_id: number; course_session_id: number; completion_extended_to: Date }[]> {
  return db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .join('users as u', 'u.id', 'e.user_id')
    .leftJoin('certificates as c', 'c.enrolment_id', 'e.id')
    .select('e.id as enrolment_id', 'e.course_session_id', 'e.completion_extended_to')
    .where({ 'e.status': 'enrolled', 's.status': 'scheduled', 'u.active': true })
    .whereNull('c.id')
    .whereRaw('e.completion_extended_to > s.completion_deadline_at')
    .where('e.completion_extended_to', '<=', new Date(now.getTime() + before))
    .where('e.completion_extended_to', '>', new Date(now.getTime() + atLeast))
    .whereNotExists((q) => q.select(db.raw('1')).from('extension_reminders as r').whereRaw('r.enrolment_id = e.id and r.reminded_for = e.completion_extended_to'))
    .orderBy('e.id');
}

/** Claims the reminder of one learner's own date; false when another run (or instance) already did. */
export async function claimExtensionReminder(db: Db, enrolmentId: number, remindedFor: Date): Promise<boolean> {
  const rows = await db('extension_reminders').insert({ enrolment_id: enrolmentId, reminded_for: remindedFor }).onConflict(['enrolment_id', 'reminded_for']).ignore().returning('enrolment_id');
  return rows.length > 0;
}
