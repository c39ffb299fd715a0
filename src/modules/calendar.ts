import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { completionExtensionOf, lastLocalDay, learnerDeadline, type SessionAccess } from '../enrolment';
import { loadSessionOverview, type SessionOverview } from './overview.service';

/** The calendar day an instant falls on in a time zone, as the ics library takes a date. */
function calendarDay(instant: Date, zone: string): DateArray {
  const d = DateTime.fromJSDate(instant, { zone });
  return [d.year, d.month, d.day];
}

function dayAfter([year, month, day]: DateArray): DateArray {
  const next = DateTime.utc(year, month, day!).plus({ days: 1 });
  return [next.year, next.month, next.day];
}

/** "overcoming-compassion-fatigue-in-library-work-2026-11-23.ics": the course and its first day. */
export function calendarFileName(courseTitle: string, session: { starts_at: Date; time_zone: string }): string {
  const words = courseTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${words || 'course'}-${DateTime.fromJSDate(session.starts_at, { zone: session.time_zone }).toISODate()}.ics`;
}

/**
 * A session's dates as an iCalendar file for the learner's own calendar: the day each week
 * opens, the session's last day and the day completion closes, as all-day events on the
 * session's calendar days. Each event keeps its UID, so importing the file again after a
 * change updates the events rather than adding new ones.
 */
export function sessionCalendar(access: SessionAccess, overview: SessionOverview, baseUrl: string, completionClosesAt: Date = access.session.completion_deadline_at): string {
  const { session } = access;
  const zone = session.time_zone;
  const host = new URL(baseUrl).host;
  const status = session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED';
  const event = (key: string, day: DateArray, title: string, description: string, path: string): EventAttributes => ({
    uid: `kindred-session-${session.id}-${key}@${host}`,
    start: day,
    end: dayAfter(day),
    title,
    description: `${overview.courseTitle}\n\n${description}`,
    url: `${baseUrl}${path}`,
    status,
    // A day a week opens is not a day spent in a meeting: it does not block the learner's time.
    transp: 'TRANSPARENT',
  });
  const sessionPage = `/sessions/${session.id}`;
  const events = overview.weeks.map((w) =>
    event(
      `week-${w.module.week}`,
      calendarDay(w.opening.opensAt, zone),
      `Week ${w.module.week} opens: ${w.module.title}`,
      w.opening.openedEarly ? 'Your instructor has already opened this week: you can start whenever you like.' : 'The week’s readings, reflection and discussion open today. Take them at your own pace.',
      `${sessionPage}/weeks/${w.module.week}`,
    ),
  );
  events.push(
    event('last-day', calendarDay(lastLocalDay(session.ends_at, zone).toJSDate(), zone), `Last day of ${overview.courseTitle}`, 'The last day of the session. You can still catch up afterwards, until completion closes.', sessionPage),
    event('completion-closes', calendarDay(new Date(completionClosesAt.getTime() - 1), zone), `Last day for completion: ${overview.courseTitle}`, 'Completion closes at the end of today: steps left for your certificate need to be done by then.', sessionPage),
  );
  const { error, value } = createEvents(events, { productId: 'kindred', method: 'PUBLISH', calName: overview.courseTitle });
  if (error || !value) throw error ?? new Error('the calendar library returned nothing');
  return value;
}

/** The session's calendar as its reader has it: a learner given more time sees their own day completion closes. */
export async function readersCalendar(db: Db, access: SessionAccess, baseUrl: string): Promise<{ courseTitle: string; ics: string }> {
  const overview = await loadSessionOverview(db, access);
  const extendedTo = access.as === 'learner' ? await completionExtensionOf(db, access.enrolmentId) : null;
  const closes = learnerDeadline(access.session.completion_deadline_at, extendedTo).deadline;
  return { courseTitle: overview.courseTitle, ics: sessionCalendar(access, overview, baseUrl, closes) };
}
