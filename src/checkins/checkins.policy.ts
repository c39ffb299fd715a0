import { weekUnlocksAt } from '../enrolment';

/**
 * The week a check-in made now belongs to: the latest week of the session that has begun by
 * date, or undefined before the start and after the last week (check-ins are for the course weeks).
 */
export function checkinWeek(session: { starts_at: Date; time_zone: string }, weeks: number, now = new Date()): number | undefined {
  let current: number | undefined;
  for (let week = 1; week <= weeks; week += 1) {
    if (weekUnlocksAt(session.starts_at, session.time_zone, week) <= now) current = week;
  }
  if (current === undefined || weekUnlocksAt(session.starts_at, session.time_zone, weeks + 1) <= now) return undefined;
  return current;
}
