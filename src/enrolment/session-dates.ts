import { DateTime } from 'luxon';
import { remembered } from '../lib/remembered';

export const DAYS_PER_WEEK = 7;

export interface SessionDates {
  startsAt: Date;
  endsAt: Date;
  registrationClosesAt: Date;
  goNoGoAt: Date;
  completionDeadlineAt: Date;
}

/**
 * A zone of the time zone database. Luxon alone also takes "UTC+5" and "local" (the server's own
 * zone), which are no place's zone and which the rest of the app (Intl, the database) cannot read.
 */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  return DateTime.local().setZone(zone).isValid;
}

/**
 * A zone name as the time zone database spells it ("europe/london" is Europe/London). Names that
 * Intl knows by an older one ("asia/kathmandu" resolves as Asia/Katmandu) keep the name typed, each
 * word capitalised as the database writes it when typed all in one case; other aliases ("EST",
 * "Antarctica/McMurdo") stay as typed.
 */
export function spelledTimeZone(zone: string): string {
  const spelled = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  if (spelled.toLowerCase() === zone.toLowerCase()) return spelled;
  const oneCase = zone === zone.toLowerCase() || zone === zone.toUpperCase();
  return oneCase && zone.includes('/') ? zone.toLowerCase().replace(/(^|[/_])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase()) : zone;
}

/** Midnight at the start of a calendar date (YYYY-MM-DD) in a time zone, as a UTC instant. */
export function startOfLocalDay(date: string, timeZone: string): DateTime {
  return DateTime.fromISO(date, { zone: timeZone }).startOf('day');
}

/**
 * `days` calendar days on from a local time. From the start of a day it is the start of that
 * day too: where the clocks jump at midnight (Cairo, Santiago) a day starts at 01:00, and the
 * days after it at midnight again.
 */
function daysOn(from: DateTime, days: number): DateTime {
  const later = from.plus({ days });
  return from.equals(from.startOf('day')) ? later.startOf('day') : later;
}

/**
 * The instants that follow from a start date in the session's zone: it runs `weeks` weeks,
 * registration closes at the end of week one, the go/no-go check is 7 days before the start,
 * and completion stays open 30 days after the end. Local midnights survive DST changes.
 */
export function sessionDates(startDate: string, timeZone: string, weeks: number, completionGraceDays = 30): SessionDates {
  const start = startOfLocalDay(startDate, timeZone);
  const end = daysOn(start, weeks * DAYS_PER_WEEK);
  return {
    startsAt: start.toJSDate(),
    endsAt: end.toJSDate(),
    registrationClosesAt: daysOn(start, DAYS_PER_WEEK).toJSDate(),
    goNoGoAt: daysOn(start, -7).toJSDate(),
    completionDeadlineAt: completionDeadlineAfter(end.toJSDate(), timeZone, completionGraceDays),
  };
}

/** When completion closes: `graceDays` after the session's end, at local midnight in its zone. */
export function completionDeadlineAfter(endsAt: Date, timeZone: string, graceDays: number): Date {
  return daysOn(DateTime.fromJSDate(endsAt, { zone: timeZone }), graceDays).toJSDate();
}

const unlockTimes = remembered<number>(10_000);

/** Week N opens at start + 7·(N−1) days, at local midnight in the session's zone (remembered: every session page asks). */
export function weekUnlocksAt(startsAt: Date, timeZone: string, week: number): Date {
  const time = unlockTimes(`${startsAt.getTime()}|${timeZone}|${week}`, () =>
    daysOn(DateTime.fromJSDate(startsAt, { zone: timeZone }), DAYS_PER_WEEK * (week - 1)).toMillis(),
  );
  return new Date(time);
}

/** The last day of a session as people say it ("May 4 – May 31"): the day before the end instant. */
export function lastLocalDay(endsAt: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(endsAt, { zone: timeZone }).minus({ days: 1 });
}

const sessionRanges = remembered<string>(2_000);

/** "4 May – 31 May 2026" in the session's zone (remembered: the course page and catalogue show every session's). */
export function formatSessionRange(startsAt: Date, endsAt: Date, timeZone: string): string {
  return sessionRanges(`${startsAt.getTime()}|${endsAt.getTime()}|${timeZone}`, () => {
    const start = DateTime.fromJSDate(startsAt, { zone: timeZone });
    const last = lastLocalDay(endsAt, timeZone);
    const sameYear = start.year === last.year;
    return `${start.toFormat(sameYear ? 'd LLL' : 'd LLL yyyy')} – ${last.toFormat('d LLL yyyy')}`;
  });
}

/** The Monday on or after a given instant, as YYYY-MM-DD in the zone. */
export function nextMonday(from: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
  const days = (8 - local.weekday) % 7;
  return local.plus({ days }).toISODate()!;
}

/** When completion closes for a learner: more time given counts only when it is later than the session's deadline. */
export function learnerDeadline(sessionDeadline: Date, extendedTo: Date | null | undefined): { deadline: Date; extended: boolean } {
  const extended = Boolean(extendedTo && extendedTo > sessionDeadline);
  return { deadline: extended ? extendedTo! : sessionDeadline, extended };
}
