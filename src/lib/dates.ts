import { DateTime } from 'luxon';
import { remembered } from './remembered';

const inZone = remembered<string>(20_000);

/** An instant in a time zone, in a Luxon format ("d LLL yyyy, HH:mm"), remembered: the answer never changes. */
export function formatInZone(date: Date, zone: string, format: string): string {
  return inZone(`${date.getTime()}|${zone}|${format}`, () => DateTime.fromJSDate(date, { zone }).toFormat(format));
}

/** An instant that belongs to no session (an email, a backup), in UTC, saying so. */
export const utcText = (date: Date): string => `${formatInZone(date, 'UTC', 'd LLLL yyyy, HH:mm')} UTC`;

/** When a text another window wrote over was written and set aside: "written 5 December 2026, 16:00, set aside …". */
export function setAsideWhen(writtenAt: Date | null, setAsideAt: Date, zone: string): string {
  const at = (date: Date) => formatInZone(date, zone, 'd LLLL yyyy, HH:mm');
  return `${writtenAt ? `written ${at(writtenAt)}` : 'written earlier'}, set aside ${at(setAsideAt)}`;
}

/**
 * The last day a deadline leaves open, in the deadline's zone: deadlines are stored as the local
 * midnight that ends them, so one at the start of 20 January is said as "19 January", to be read
 * as "until the end of 19 January". A deadline at another time keeps its own day.
 */
export function lastOpenDay(deadline: Date, zone: string, format = 'd LLLL yyyy'): string {
  return formatInZone(new Date(deadline.getTime() - 1), zone, format);
}
