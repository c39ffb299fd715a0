import type { Db } from '../db';

export interface OpenWindowRow {
  id: number;
  ends_at: Date;
  time_zone: string;
  completion_deadline_at: Date;
}

/** A course's sessions whose completion has not closed at `now` (coming ones included), locked until commit. */
export function sessionsWithOpenWindow(db: Db, courseId: number, now: Date): Promise<OpenWindowRow[]> {
  return db('course_sessions')
    .where({ course_id: courseId })
    .where('completion_deadline_at', '>', now)
    .orderBy('id')
    .forUpdate()
    .select('id', 'ends_at', 'time_zone', 'completion_deadline_at');
}

/**
 * Sets each session's completion deadline in one statement, and forgets whether its week-before
 * reminder went out, so the reminder goes again for the new date.
 */
export async function setCompletionDeadlines(db: Db, deadlines: { id: number; deadline: Date }[]): Promise<void> {
  if (!deadlines.length) return;
  const ids = `{${deadlines.map((d) => Number(d.id)).join(',')}}`;
  const instants = `{${deadlines.map((d) => `"${d.deadline.toISOString()}"`).join(',')}}`;
  await db.raw(
    `update course_sessions s set completion_deadline_at = v.deadline
     from unnest(?::int[], ?::timestamptz[]) as v (id, deadline) where s.id = v.id`,
    [ids, instants],
  );
  await db('completion_reminders').whereIn('course_session_id', deadlines.map((d) => d.id)).delete();
}
