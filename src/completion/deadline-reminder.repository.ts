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
