import type { Db } from '../db';
import type { ManagedSessionRow } from './enrolment.repository';

/**
 * Everything a learner does in a session is kept per enrolment in these tables; moving to another
 * session moves these rows to the new enrolment. Posts stay where they were written: they belong
 * to the old cohort's discussion.
 */
const WORK_TABLES = ['reading_progress', 'reflections', 'toolkit_entries', 'toolkit_drafts', 'toolkit_texts_set_aside', 'toolkit_shares', 'wellbeing_checkins', 'evaluations'] as const;

/**
 * The sessions of a course a learner could move to: not this one, not cancelled, not ended, and,
 * given the learner, not one where they already hold a seat.
 */
export async function listMoveTargets(db: Db, courseId: number, fromSessionId: number, now: Date, userId?: number): Promise<ManagedSessionRow[]> {
  const query = db('course_sessions as s')
    .select<ManagedSessionRow[]>('s.*')
    .where('s.course_id', courseId)
    .whereNot('s.id', fromSessionId)
    .whereNot('s.status', 'cancelled')
    .where('s.ends_at', '>', now)
    .orderBy([{ column: 's.starts_at' }, { column: 's.id' }]);
  if (userId !== undefined) {
    query.whereNotExists((seat) => seat.select(db.raw('1')).from('enrolments as e').whereRaw('e.course_session_id = s.id').where({ 'e.user_id': userId, 'e.status': 'enrolled' }));
  }
  return query;
}

/** Whether an enrolment holds any work (a place given up long ago may still hold some). */
export async function holdsWork(db: Db, enrolmentId: number): Promise<boolean> {
  const checks = WORK_TABLES.map((table) => `exists (select 1 from ${table} where enrolment_id = ?)`);
  const { rows } = (await db.raw(`select ${checks.join(' or ')} as held`, WORK_TABLES.map(() => enrolmentId))) as { rows: { held: boolean }[] };
  return rows[0].held;
}

/**
 * Moves every piece of work from one enrolment to another. The completion counters follow by
 * their triggers, which recount both enrolments.
 */
export async function moveWork(trx: Db, fromEnrolmentId: number, toEnrolmentId: number): Promise<void> {
  for (const table of WORK_TABLES) {
    // An evaluation in the old session's released summary is not yet in the new session's.
    const moved = table === 'evaluations' ? { enrolment_id: toEnrolmentId, released_at: null } : { enrolment_id: toEnrolmentId };
    await trx(table).where({ enrolment_id: fromEnrolmentId }).update(moved);
  }
}
