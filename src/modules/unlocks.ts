import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { weekUnlocksAt } from '../enrolment/session-dates';

export interface WeekOpening {
  week: number;
  opensAt: Date;
  openedEarly: boolean;
  open: boolean;
}

type SessionTimes = { id: number; starts_at: Date; time_zone: string };

/**
 * When week N of a session opens: start + 7·(N−1) days in the session's zone, or earlier
 * if an instructor opened it (unlockedAt: the week_unlocks row's time, when there is one).
 */
export function weekOpening(session: Omit<SessionTimes, 'id'>, week: number, unlockedAt: Date | null | undefined, now = new Date()): WeekOpening {
  const byDate = weekUnlocksAt(session.starts_at, session.time_zone, week);
  const unlocked = unlockedAt != null;
  return { week, opensAt: byDate, openedEarly: unlocked && byDate > now, open: byDate <= now || unlocked };
}

/** When each week of a session opens (see weekOpening). One query for all weeks. */
export async function weekOpenings(db: Db, session: SessionTimes, weeks: number[], now = new Date()): Promise<WeekOpening[]> {
  const early = await prepared(db('week_unlocks').select('week', 'unlocked_at').where({ course_session_id: session.id }), 'week-unlocks');
  const earlyByWeek = new Map<number, Date>(early.map((r: { week: number; unlocked_at: Date }) => [r.week, r.unlocked_at]));
  return weeks.map((week) => weekOpening(session, week, earlyByWeek.get(week), now));
}

/** Whether week N of a session is open to its learners now. */
export async function isWeekOpen(db: Db, session: SessionTimes, week: number, now = new Date()): Promise<boolean> {
  const row: { unlocked_at: Date } | undefined = await db('week_unlocks').select('unlocked_at').where({ course_session_id: session.id, week }).first();
  return weekOpening(session, week, row?.unlocked_at, now).open;
}
