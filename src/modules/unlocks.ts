import type { Db } from '../db';
import { weekUnlocksAt } from '../enrolment/session-dates';

export interface WeekOpening {
  week: number;
  opensAt: Date;
  openedEarly: boolean;
  open: boolean;
}

/**
 * When each week of a session opens: start + 7·(N−1) days in the session's zone, or earlier
 * where an instructor opened it. One query for all weeks.
 */
export async function weekOpenings(
  db: Db,
  session: { id: number; starts_at: Date; time_zone: string },
  weeks: number[],
  now = new Date(),
): Promise<WeekOpening[]> {
  const early = await db('week_unlocks').select('week', 'unlocked_at').where({ course_session_id: session.id });
  const earlyByWeek = new Map<number, Date>(early.map((r: { week: number; unlocked_at: Date }) => [r.week, r.unlocked_at]));
  return weeks.map((week) => {
    const byDate = weekUnlocksAt(session.starts_at, session.time_zone, week);
    const openedEarly = earlyByWeek.has(week) && byDate > now;
    return { week, opensAt: byDate, openedEarly, open: byDate <= now || earlyByWeek.has(week) };
  });
}

/** Whether week N of a session is open to its learners now. */
export async function isWeekOpen(db: Db, session: { id: number; starts_at: Date; time_zone: string }, week: number, now = new Date()): Promise<boolean> {
  const [opening] = await weekOpenings(db, session, [week], now);
  return opening.open;
}
