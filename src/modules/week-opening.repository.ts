import type { Db } from '../db';

export interface SessionWeeksRow {
  id: number;
  starts_at: Date;
  time_zone: string;
  completion_deadline_at: Date;
  course_title: string;
  weeks: { week: number; title: string; readings: number; has_exercise: boolean }[];
  /** Weeks an instructor opened early, with when (JSON: the time as text). */
  unlocks: { week: number; unlocked_at: string }[];
  /** Weeks whose opening email has gone out already. */
  noticed: number[];
}

/**
 * Sessions that may have a week opening now, each with its weeks, early openings and the weeks
 * already announced, in one query: running or about to (a week can be opened before the start),
 * not cancelled, not over for longer than `since`.
 */
export async function sessionsWithOpeningWeeks(db: Db, now: Date, since: Date): Promise<SessionWeeksRow[]> {
  const { rows } = await db.raw(
    `select s.id, s.starts_at, s.time_zone, s.completion_deadline_at, c.title as course_title,
            coalesce((select json_agg(json_build_object(
                        'week', m.week, 'title', m.title,
                        'readings', (select count(*) from readings r where r.course_module_id = m.id),
                        'has_exercise', exists (select 1 from exercises x where x.course_module_id = m.id)) order by m.week)
                        from course_modules m where m.course_id = c.id), '[]') as weeks,
            coalesce((select json_agg(json_build_object('week', wu.week, 'unlocked_at', wu.unlocked_at))
                        from week_unlocks wu where wu.course_session_id = s.id), '[]') as unlocks,
            coalesce((select json_agg(n.week) from week_opening_notices n where n.course_session_id = s.id), '[]') as noticed
       from course_sessions s
       join courses c on c.id = s.course_id
      where s.status = 'scheduled' and s.ends_at > ?
        and (s.starts_at <= ? or exists (select 1 from week_unlocks wu where wu.course_session_id = s.id))`,
    [since, now],
  );
  return rows;
}

/** Claims the opening email of a session's week; false when another run (or instance) already did. */
export async function claimWeekNotice(db: Db, sessionId: number, week: number): Promise<boolean> {
  const rows = await db('week_opening_notices').insert({ course_session_id: sessionId, week }).onConflict(['course_session_id', 'week']).ignore().returning('week');
  return rows.length > 0;
}
